"""Django settings, read from the environment (see .env.example).

Safe defaults: DEBUG is off unless asked for; a production start (HEALTHYCITY_PRODUCTION=1, or
ALLOWED_HOSTS naming a real host) refuses to run without a real SECRET_KEY and turns on HTTPS
redirects, secure cookies and HSTS. Local use with the embedded database (a SQLite file under
var/) needs no secret: one is generated into var/secret_key the first time.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from healthycity.env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(env_str("HEALTHYCITY_HOME", str(Path.cwd())))
VAR_DIR = Path(env_str("HEALTHYCITY_VAR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
DEMO_MODE = env_bool("HEALTHYCITY_DEMO", False)
TESTING = env_bool("HEALTHYCITY_TESTING", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
_LOCAL_HOSTS = {"127.0.0.1", "localhost", "testserver", "::1", "[::1]", "0.0.0.0"}  # noqa: S104
# A production start: the operator said so, or the site answers to a real host name. It needs a
# real SECRET_KEY and gets HTTPS redirects, secure cookies and HSTS.
PRODUCTION = env_bool("HEALTHYCITY_PRODUCTION", False) or any(
    host not in _LOCAL_HOSTS and not host.endswith(".localhost") for host in ALLOWED_HOSTS
)
_DATABASE_URL = env_str("DATABASE_URL", "")
EMBEDDED_DATABASE = not _DATABASE_URL or _DATABASE_URL.startswith("sqlite")
_INSECURE_KEY = "insecure-development-key-never-use-in-production"


def _local_secret_key(folder: Path) -> str:
    """The key of this local installation: generated once into var/secret_key (readable by its
    owner only) and read from there afterwards, so sessions survive a restart."""
    path = folder / "secret_key"
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    folder.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process started at the same moment and wrote it
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(key + "\n")
    sys.stderr.write(
        f"healthycity: generated a secret key for this local installation in {path} "
        "(production needs SECRET_KEY; see docs/operations.md).\n"
    )
    return key


SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set, and this is a production start (HEALTHYCITY_PRODUCTION=1 or "
            "ALLOWED_HOSTS names a real host). Set SECRET_KEY to a long random value "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    if TESTING or env_bool("HEALTHYCITY_HELP_ONLY", False):
        SECRET_KEY = _INSECURE_KEY  # nothing is served or kept
    elif EMBEDDED_DATABASE or DEBUG or DEMO_MODE:
        SECRET_KEY = _local_secret_key(VAR_DIR)
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With a database server (DATABASE_URL) every process of the "
            "site must share one key: set SECRET_KEY to a long random value "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
elif SECRET_KEY == _INSECURE_KEY and not DEBUG:
    raise ImproperlyConfigured("SECRET_KEY is the development key; set a real one for production.")

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "healthycity.core",
    "healthycity.accounts",
    "healthycity.places",
    "healthycity.citizens",
    "healthycity.health",
    "healthycity.equity",
    "healthycity.aid",
    "healthycity.partners",
    "healthycity.feedback",
    "healthycity.conference",
    "healthycity.conference.exhibition",
    "healthycity.conference.afterwards",
    "healthycity.policies",
    "healthycity.policies.indicators",
    "healthycity.jobs",
    "healthycity.missions",
    "healthycity.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "healthycity.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "healthycity.core.middleware.StaffIdleTimeoutMiddleware",
    "healthycity.core.middleware.TextGuardMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "healthycity.urls"
WSGI_APPLICATION = "healthycity.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "healthycity.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        _DATABASE_URL or f"sqlite:///{VAR_DIR / 'healthycity.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0, minimum=0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server read while an import writes; a busy timeout instead of instant errors.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Login throttling: lock a username+IP pair after 5 failures for 15 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)

LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "healthycity.core.staticfinders.PlotlyFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or DEMO_MODE or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
WHITENOISE_USE_FINDERS = True

# Privacy: aggregates that leave the city suppress cells with fewer people than this.
SMALL_CELL_K = env_int("SMALL_CELL_K", 10, minimum=1)
# The city this platform runs, as a member city of the AFHC (its UN/LOCODE; Seoul by default).
HEALTHYCITY_CITY_LOCODE = env_str("HEALTHYCITY_CITY_LOCODE", "KRSEL")

# Upload size limits in MB, one per kind of file (healthycity.core.uploads; docs/operations.md).
# A phone's whole-life export is large (Apple Health zips of 1-2 GiB are common), a centre's
# device table a few hundred MB at most, a CSV of delegates or a booth plan a few MB.
UPLOAD_LIMITS_MB = {
    kind: env_int(f"UPLOAD_MAX_MB_{kind.upper()}", default, minimum=1)
    for kind, default in {
        "device_export": 2048,  # Apple Health, Samsung Health, Fitbit, Open mHealth exports
        "device_table": 200,  # LookinBody CSV/XLSX, FHIR JSON/NDJSON, steps CSV
        "indicators": 200,  # GHO JSON, SDMX-CSV
        "heat": 5,  # a HEAT Plus upload CSV
        "registrations": 20,  # a conference's registrations, CSV or XLSX
        "booth_plan": 5,  # an exhibition's booth plan CSV
        "station": 5,  # one sitting's LookinBody export at a booth
        "attachment": 10,  # a practice's attachment
        "picture": 2,  # a product picture
    }.items()
}

REDIS_URL = env_str("REDIS_URL", "")
# "shared": results that are costly to compute (a citizen's PDF report, a centre's assessed
# worklist), named by a version of everything they were computed from (healthycity.core.cache),
# and shared by every process of the site: `healthycity serve` runs several gunicorn workers, and
# Django's default per-process memory cache would compute each result once per worker. Redis when
# there is one; otherwise files under var/cache (private to the site's user: Django creates the
# folder 0700 and each file 0600). "default" stays Django's per-process memory cache.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "shared": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "healthycity",
            "TIMEOUT": 24 * 3600,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "TIMEOUT": 24 * 3600,
            # Django's file cache lists its folder on every write once it holds this many and
            # then drops a third at random: enough for a day of reports of a busy site.
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    ),
}
# Background jobs (healthycity.jobs): Celery workers when there is a broker; otherwise a thread
# of the web process runs them (the embedded default). Tests set "sync".
JOBS_MODE = "celery" if REDIS_URL else env_str("HEALTHYCITY_JOBS", "thread")
if JOBS_MODE not in {"celery", "thread", "sync"}:
    raise ImproperlyConfigured(f"HEALTHYCITY_JOBS={JOBS_MODE!r}: use thread or sync.")
JOBS_LEASE_SECONDS = env_int("JOBS_LEASE_SECONDS", 120, minimum=10)  # no heartbeat: worker lost
JOBS_PROGRESS_INTERVAL = 1.0  # seconds between progress writes
JOBS_RETRY_DELAY = env_int("JOBS_RETRY_DELAY", 10, minimum=0)  # back-off base, seconds
JOBS_RESEND_AFTER = 600  # a job queued this long without starting is sent to the broker again
JOBS_KEEP_DAYS = env_int("JOBS_KEEP_DAYS", 30, minimum=1)  # result files (PDFs, exports)
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_IGNORE_RESULT = True  # the Job row is the result
CELERY_TASK_ACKS_LATE = True  # a job whose worker dies is delivered again (and claimed once)
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # long jobs: a worker takes one at a time
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 4 * 3600}  # > the longest time limit
CELERY_TASK_DEFAULT_QUEUE = "healthycity"
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# `healthycity worker --beat` (or `healthycity beat`): one scheduler per site. A scheduled job is
# `healthycity.jobs.scheduled` with the job kind's name (apps add their own line here).
CELERY_BEAT_SCHEDULE = {
    "jobs-recover": {"task": "healthycity.jobs.recover", "schedule": 300.0},
    "jobs-purge": {"task": "healthycity.jobs.purge", "schedule": crontab(hour=3, minute=30)},
    "equity-snapshot-nightly": {
        "task": "healthycity.jobs.scheduled",
        "schedule": crontab(hour=2, minute=0),
        "args": ["equity.snapshot"],
    },
    # Waiting-list offers not taken in time go to the next person (conference.domain.registration).
    "conference-expire-holds": {"task": "healthycity.conference.expire_holds", "schedule": 300.0},
}
CELERY_TIMEZONE = "Asia/Seoul"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# Conference gates: a scanner app's check-in (token, a day's entry list, ok or already) is
# answered before Django's request cycle, in one SQL statement, on PostgreSQL (conference.gate).
CHECKIN_FAST_PATH = env_bool("CHECKIN_FAST_PATH", True)
# A citizen's PDF report is rendered in the background when they log in (health.receivers), so
# that their download finds it ready; off costs each first download a render in the request.
HEALTH_REPORT_AHEAD = env_bool("HEALTH_REPORT_AHEAD", True)

REST_FRAMEWORK = {
    # Token first: an unauthenticated request gets 401 with `WWW-Authenticate: Token` (DRF asks
    # the first class for the challenge; the session class has none and would make it a 403).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # One JSON decoder with a nesting limit and the text rule (core.jsonguard) for every endpoint.
    "DEFAULT_PARSER_CLASSES": [
        "healthycity.core.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "healthycity.core.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "healthycity.core.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "healthycity API",
    "DESCRIPTION": "REST API of the healthycity platform. Every list is scoped to the caller's role.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Every operation documents its error answers with the one error shape (core.schema).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "healthycity.core.schema.document_errors",
    ],
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from our own static files (drf-spectacular-sidecar), never a CDN: the pages load
    # nothing from elsewhere (Content-Security-Policy, core.csp).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One schema name per choice set, so clients see `FeedbackStatus` rather than `Status432Enum`.
    "ENUM_NAME_OVERRIDES": {
        "FeedbackStatusEnum": "healthycity.feedback.enums.FeedbackStatus",
        "ProgrammeStatusEnum": "healthycity.aid.enums.ProgrammeStatus",
        "CycleStatusEnum": "healthycity.aid.enums.CycleStatus",
        "EnrolmentStatusEnum": "healthycity.aid.enums.EnrolmentStatus",
        "AllocationStatusEnum": "healthycity.aid.enums.AllocationStatus",
        "LotStatusEnum": "healthycity.aid.enums.LotStatus",
        "EventStatusEnum": "healthycity.conference.enums.EventStatus",
        "SessionStatusEnum": "healthycity.conference.enums.SessionStatus",
        "RegistrationStatusEnum": "healthycity.conference.enums.RegistrationStatus",
        "ScanStatusEnum": "healthycity.conference.enums.ScanStatus",
        "SessionKindEnum": "healthycity.conference.enums.SessionKind",
        "RoomKindEnum": "healthycity.conference.enums.RoomKind",
        "CategoryKindEnum": "healthycity.conference.enums.CategoryKind",
        "ListKindEnum": "healthycity.conference.enums.ListKind",
        "BoothMeasurementStatusEnum": "healthycity.conference.exhibition.enums.MeasurementStatus",
        "PracticeStatusEnum": "healthycity.policies.enums.PracticeStatus",
        "ReviewOutcomeEnum": "healthycity.policies.enums.ReviewOutcome",
    },
}

# Security headers; the production values are checked by `healthycity check --deploy`.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "healthycity.core.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Staff (officials, workers, partners, delegates, admins) are signed out after this many minutes
# without a request; citizens keep Django's normal session (core.middleware).
STAFF_IDLE_MINUTES = env_int("STAFF_IDLE_MINUTES", 30, minimum=1)
# A load balancer probes /healthz over plain HTTP; it must get the JSON, not a redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if PRODUCTION and not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    if not SECURE_HSTS_PRELOAD:
        # Joining the browsers' HSTS preload list is an operator's decision (docs/operations.md).
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

os.makedirs(STATIC_ROOT, exist_ok=True)
