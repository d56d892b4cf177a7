"""The gates' hot path: a scan from a scanner app answered in one SQL statement (two for a ticket
already checked in), before Django's request cycle, on PostgreSQL.

At the morning rush every delegate passes a gate within the same half hour, and each scan is a
request. Through the whole stack (14 middlewares, DRF's negotiation, authentication, parsing and
rendering, the ORM's query compilation) a scan costs about 10 ms of a worker's CPU; this path
costs well under one, so two gunicorn workers answer hundreds of scans a second.

`ScanGate` wraps the WSGI application (`healthycity.wsgi`). It takes only what it can answer
exactly as the API view would — `POST /api/v1/conference/checkins/` with a token, a well-formed
JSON body, a ticket code, a day's entry list, a switched-on device of the list's event, a scan
not dated in the future, the token's user allowed to check in at the event — and only the two
common answers: **ok** (the ticket's first valid scan on the list) and **already** (a later
one). Everything else — an unknown or cancelled ticket, a ticket not valid for the list, a
repeated nonce, session door lists, session (browser) logins, any error — goes on to Django
unchanged, having written nothing, and gets the full view (`conference.api.Checkins`). So every
rule and message has one home: the judgement is `conference.domain.checkin` (this path asks
PostgreSQL the same questions in SQL and hands a refusal to it), the answer's wording is
`checkin.answer_for`, the body's parsing `core.jsonguard`, the headers those of
`core.middleware` and Django's security middleware (tests/conference/test_gate.py compares both
paths answer for answer, header for header).

What it keeps in memory, per worker process, for GRANT_SECONDS: a check-in list's event and time
zone, and that a token may check in at an event (the token itself is looked
up in every scan's statement: a deleted token or a deactivated user stops at once; a role taken
away stops within GRANT_SECONDS). For as long as the settings stay as they are: the language a
pair of Cookie and Accept-Language headers chooses, whether a Host header is allowed, and the
ok answer's wording per language. Per thread: its cursor on the thread's connection.

Switch it off with `CHECKIN_FAST_PATH=0`; it is off on SQLite (the embedded default).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import threading
import time
import uuid
from contextlib import nullcontext
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signals
from django.core.signals import setting_changed
from django.db import connection, transaction
from django.dispatch import receiver
from django.http.request import split_domain_port, validate_host
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date

from healthycity.conference.enums import ScanStatus
from healthycity.core import csp, jsonguard
from healthycity.core.i18n import in_language

logger = logging.getLogger(__name__)

PATH = "/api/v1/conference/checkins/"
MAX_BODY = 4096  # a scan's body is about 200 bytes
GRANT_SECONDS = 30.0
FIELDS = frozenset({"qr_payload", "list", "device", "nonce", "scanned_at"})
NEVER_CACHE = "max-age=0, no-cache, no-store, must-revalidate, private"
PREPARE_NEVER_BY_COUNT = 2**31  # only statements executed with prepare=True are prepared


class ScanGate:
    """WSGI middleware: answers the common scans itself, passes every other request on."""

    def __init__(self, app):
        self.app = app
        self._enabled: bool | None = None
        self._lists: dict[int, SimpleNamespace] = {}
        self._grants: dict[tuple[str, int], tuple[int, float]] = {}
        self._lock = threading.Lock()
        self._local = threading.local()

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") != PATH or environ.get("REQUEST_METHOD") != "POST":
            return self.app(environ, start_response)
        token = _token(environ)
        if token is None or not _plain_json(environ) or not self.enabled():
            return self.app(environ, start_response)
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return self.app(environ, start_response)
        if not 0 < length <= MAX_BODY:
            return self.app(environ, start_response)
        body = environ["wsgi.input"].read(length)
        environ["wsgi.input"] = io.BytesIO(body)  # the full view reads it again if needed
        # What request_started's and request_finished's receivers do for the one connection a
        # scan uses (close it if it broke or is past CONN_MAX_AGE); sending the signals costs
        # more than answering the scan. A scan that went to the ORM (a list or a grant looked up
        # anew) gets the signals in full, as any Django request.
        self._local.orm = False
        _tidy_connection()
        try:
            answer = self.answer(environ, body, token)
        except Exception:  # any surprise: the full view answers (a recorded scan is replayed)
            logger.exception("check-in fast path failed; the API view answers instead")
            connection.errors_occurred = True  # Django checks the connection before reusing it
            answer = None
        finally:
            if self._local.orm:
                signals.request_finished.send(sender=self.__class__)
            else:
                _tidy_connection()
        if answer is None:
            environ["wsgi.input"] = io.BytesIO(body)
            return self.app(environ, start_response)
        content, language = answer
        start_response("200 OK", self.headers(environ, content, language))
        return [content]

    def enabled(self) -> bool:
        if self._enabled is None:
            self._enabled = (
                getattr(settings, "CHECKIN_FAST_PATH", True) and connection.vendor == "postgresql"
            )
        return self._enabled

    # --- answering --------------------------------------------------------------------------

    def answer(self, environ, body: bytes, token: str) -> tuple[bytes, str] | None:
        """(the JSON body, the language) of an ok or already answer, or None for the full view."""
        if not _host_allowed(environ) or (settings.SECURE_SSL_REDIRECT and not _secure(environ)):
            return None
        scan = _scan_fields(body)
        if scan is None:
            return None
        the_list = self.checkin_list(scan["list"])
        if the_list is None:
            return None
        user_id = self.granted(token, the_list.event_id)
        if user_id is None:
            return None
        from healthycity.conference import gate_sql

        # Inside a transaction (tests; never under gunicorn) a savepoint keeps a failed statement
        # from spoiling it for the view that then answers.
        savepoint = transaction.atomic() if connection.in_atomic_block else nullcontext()
        with savepoint:
            cursor = _cursor()
            scan.update(token=token, user=user_id, event=the_list.event_id)
            cursor.execute(gate_sql.SCAN, [scan[k] for k in gate_sql.SCAN_PARAMS], prepare=True)
            row = cursor.fetchone()
            if row is None:  # not a plain valid ticket of this event and list: the full view
                return None
            device_id, ticket_id, name, code, name_ko, name_en, colour, checkin_id = row
            first = None
            if checkin_id is None:  # the ticket was checked in before (or the nonce was used)
                scan.update(device_id=device_id, ticket=ticket_id)
                cursor.execute(
                    gate_sql.ALREADY, [scan[k] for k in gate_sql.ALREADY_PARAMS], prepare=True
                )
                first = cursor.fetchone()
                if first is None or first[-1] is None:  # a repeated nonce: the full view replays
                    return None
                checkin_id = first[-1]
        language = _language(environ)
        content = _render(
            the_list,
            checkin_id=checkin_id,
            registration=(name, code, name_ko, name_en, colour),
            first=first,
            language=language,
        )
        return content, language

    def checkin_list(self, pk: int) -> SimpleNamespace | None:
        """A day's entry list: its event and the event's time zone (kept for GRANT_SECONDS)."""
        found = self._lists.get(pk)
        if found is None or found.until < time.monotonic():
            from healthycity.conference.enums import ListKind
            from healthycity.conference.models import CheckinList

            self._local.orm = True

            row = (
                CheckinList.objects.filter(pk=pk, kind=ListKind.ENTRY)
                .values_list("event_id", "event__timezone")
                .first()
            )
            if row is None:
                return None
            found = SimpleNamespace(
                pk=pk,
                event_id=row[0],
                tz=ZoneInfo(row[1] or settings.TIME_ZONE),
                until=time.monotonic() + GRANT_SECONDS,
            )
            self._lists[pk] = found
        return found

    def granted(self, token: str, event_id: int) -> int | None:
        """The token's user, if it may check in at the event (the rules of `conference.rules`,
        asked once per GRANT_SECONDS); None sends the request to the full view (401 or 403)."""
        now = time.monotonic()
        grant = self._grants.get((token, event_id))
        if grant is not None and grant[1] > now:
            return grant[0]
        from rest_framework.authtoken.models import Token

        from healthycity.conference.models import Event

        self._local.orm = True
        found = Token.objects.select_related("user").filter(key=token).first()
        if found is None or not found.user.is_active:
            return None
        event = Event.objects.filter(pk=event_id).first()
        if event is None or not found.user.has_perm("conference.checkin", event):
            return None
        with self._lock:
            if len(self._grants) > 10_000:
                self._grants.clear()
            self._grants[(token, event_id)] = (found.user_id, now + GRANT_SECONDS)
        return found.user_id

    # --- the response -----------------------------------------------------------------------

    @staticmethod
    def headers(environ, content: bytes, language: str) -> list[tuple[str, str]]:
        """The headers the API view's answer gets from DRF, Django's and the project's
        middleware (test_gate.py holds the two sets side by side)."""
        headers = [
            ("Content-Type", "application/json"),
            ("Vary", "Accept, Accept-Language, Cookie"),
            ("Allow", "POST, OPTIONS"),
            ("X-Frame-Options", settings.X_FRAME_OPTIONS),
            ("Content-Length", str(len(content))),
            ("Content-Language", language),
            ("Expires", _expires()),
            ("Cache-Control", NEVER_CACHE),
            ("Content-Security-Policy", csp.policy(csp.new_nonce())),
            ("Permissions-Policy", csp.PERMISSIONS_POLICY),
        ]
        if settings.SECURE_HSTS_SECONDS and _secure(environ):
            value = f"max-age={settings.SECURE_HSTS_SECONDS}"
            if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
                value += "; includeSubDomains"
            if settings.SECURE_HSTS_PRELOAD:
                value += "; preload"
            headers.append(("Strict-Transport-Security", value))
        if settings.SECURE_CONTENT_TYPE_NOSNIFF:
            headers.append(("X-Content-Type-Options", "nosniff"))
        if settings.SECURE_REFERRER_POLICY:
            policy = settings.SECURE_REFERRER_POLICY
            if not isinstance(policy, str):
                policy = ",".join(policy)
            headers.append(("Referrer-Policy", policy))
        if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
            headers.append(
                ("Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY)
            )
        return headers


def _render(
    the_list, *, checkin_id: int, registration: tuple, first: tuple | None, language: str
) -> bytes:
    """The answer, worded by the pieces `checkin.answer_for` words it with."""
    from healthycity.conference.domain import checkin

    name, code, name_ko, name_en, colour = registration
    if first is None:  # the common answer: worded alike for every ticket, so worded once
        status, info = ScanStatus.OK, None
        reason, english = _ok_wording(language)
        category = name_en if english else name_ko
    else:
        _first_id, scanned_at, device, gate_ko, gate_en, _checkin = first
        with translation.override(language):
            gate = in_language(gate_ko, gate_en)
            info = checkin.first_info(device=device, gate=gate, at=scanned_at, tz=the_list.tz)
            status, reason = ScanStatus.ALREADY, checkin.already_reason(info)
            category = in_language(name_ko, name_en)
    answer = checkin.ScanAnswer(
        status=status.value,
        reason=reason,
        checkin_id=checkin_id,
        category={"code": code, "name": category, "colour": colour},
        attendee=name,
        first=info,
    )
    return json.dumps(answer.as_dict(), ensure_ascii=False, separators=(",", ":")).encode()


def _expires() -> str:
    """`Expires: <now>` as Django's never_cache writes it, formatted once a second."""
    global _EXPIRES
    second = int(time.time())
    if _EXPIRES[0] != second:
        _EXPIRES = (second, http_date(second))
    return _EXPIRES[1]


_EXPIRES = (0, "")


def _ok_wording(language: str) -> tuple[str, bool]:
    """An ok answer's reason in `language`, and whether names are given in English there
    (`in_language`), worked out once per language: switching the language costs more than the
    rest of the answer."""
    wording = _OK_WORDING.get(language)
    if wording is None:
        from healthycity.conference.domain import checkin

        with translation.override(language):
            wording = (checkin.valid_reason(), in_language("ko", "en") == "en")
        _OK_WORDING[language] = wording
    return wording


def _cursor():
    """A server-side-binding cursor on Django's connection: the two statements are prepared once
    per connection (planning them costs more than running them; Django's own cursors bind on
    the client and plan every statement anew). One per thread, kept while its connection is
    (the connection is the thread's too)."""
    import psycopg

    connection.ensure_connection()
    raw = connection.connection
    cursor = getattr(_THREAD, "cursor", None)
    if cursor is None or cursor.connection is not raw or cursor.closed:
        if raw.prepare_threshold is None:
            # Django turns psycopg's prepared statements off; `prepare=True` needs them on. Its
            # own cursors bind on the client and never prepare, so only this path's statements
            # are.
            raw.prepare_threshold = PREPARE_NEVER_BY_COUNT
        cursor = _THREAD.cursor = psycopg.RawCursor(raw)  # `$1` parameters: nothing to rewrite
    return cursor


_THREAD = threading.local()


# --- reading the request ----------------------------------------------------------------------


def _tidy_connection() -> None:
    """What `close_old_connections` does on request_started and request_finished, for the one
    connection a scan uses: close it if it broke or is past CONN_MAX_AGE. Never inside a
    transaction: that is a caller's (a test calling the WSGI application inside its own, with
    `close_old_connections` disconnected from the signals as Django's test client does), and
    Django would close it for not being in autocommit."""
    if not connection.in_atomic_block:
        connection.close_if_unusable_or_obsolete()


def _token(environ) -> str | None:
    """The key of `Authorization: Token <key>` (DRF's TokenAuthentication reads the same)."""
    parts = environ.get("HTTP_AUTHORIZATION", "").split()
    if len(parts) != 2 or parts[0].lower() != "token" or not parts[1].isascii():
        return None
    return parts[1]


def _plain_json(environ) -> bool:
    """A JSON body asking for a JSON answer and nothing else: no query string (the text guard
    reads it), `Content-Type: application/json` (DRF refuses other types with a 415), and an
    `Accept` that DRF answers with JSON (a browser's asks for the browsable API's HTML)."""
    if environ.get("QUERY_STRING"):
        return False
    if environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower() != "application/json":
        return False
    accept = environ.get("HTTP_ACCEPT", "").lower()
    return (
        not accept.strip()
        or accept.strip() == "*/*"
        or ("application/json" in accept and "text/html" not in accept)
    )


def _scan_fields(body: bytes) -> dict | None:
    """The scan, if the body is exactly a well-formed one the fast path can take; None lets the
    full view validate it (and word any error in the user's language)."""
    from healthycity.conference.domain.checkin import (
        FUTURE_TOLERANCE,
        NONCE_MAX,
        normalise_payload,
    )

    try:
        data = jsonguard.loads(body)
    except (jsonguard.JSONRejected, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or set(data) != FIELDS:
        return None
    the_list, nonce, raw_time = data["list"], data["nonce"], data["scanned_at"]
    payload = data["qr_payload"]
    if type(the_list) is not int or not isinstance(payload, str) or len(payload) > 200:
        return None
    if not (
        isinstance(nonce, str)
        and 0 < len(nonce) <= NONCE_MAX
        and nonce == nonce.strip()
        and nonce.isprintable()
    ):
        return None
    secret = normalise_payload(payload)
    try:
        device = uuid.UUID(data["device"]) if isinstance(data["device"], str) else None
        scanned_at = parse_datetime(raw_time) if isinstance(raw_time, str) else None
    except ValueError:
        return None
    if secret is None or device is None or scanned_at is None or scanned_at.tzinfo is None:
        return None
    if scanned_at > timezone.now() + FUTURE_TOLERANCE:
        return None
    return {
        "secret": secret,
        "list": the_list,
        "device": device,
        "nonce": nonce,
        "scanned_at": scanned_at.astimezone(dt.UTC),
    }


def _language(environ) -> str:
    """The language LocaleMiddleware would choose: the language cookie, then Accept-Language
    (remembered per pair of headers: a gate's scanner sends the same ones all day)."""
    key = (environ.get("HTTP_COOKIE", ""), environ.get("HTTP_ACCEPT_LANGUAGE", ""))
    language = _LANGUAGES.get(key)
    if language is None:
        from django.http.cookie import parse_cookie

        request = SimpleNamespace(COOKIES=parse_cookie(key[0]), META=environ)
        language = translation.get_language_from_request(request)
        _remember(_LANGUAGES, key, language)
    return language


def _secure(environ) -> bool:
    header = settings.SECURE_PROXY_SSL_HEADER
    if header:
        name, value = header
        return environ.get(name, "").split(",")[0].strip() == value
    return environ.get("wsgi.url_scheme") == "https"


def _host_allowed(environ) -> bool:
    """What Django's `request.get_host()` checks, remembered per Host header."""
    host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
    allowed = _HOSTS.get(host)
    if allowed is None:
        domain, _port = split_domain_port(host)
        hosts = settings.ALLOWED_HOSTS
        if settings.DEBUG and not hosts:
            hosts = [".localhost", "127.0.0.1", "[::1]"]
        allowed = bool(domain) and validate_host(domain, hosts)
        _remember(_HOSTS, host, allowed)
    return allowed


# What the headers of a request mean under the settings, per worker: emptied when a setting
# changes (tests), and when full (headers that vary without end would only grow it).
_LANGUAGES: dict[tuple[str, str], str] = {}
_HOSTS: dict[str, bool] = {}
_OK_WORDING: dict[str, tuple[str, bool]] = {}
_REMEMBER_AT_MOST = 1000


def _remember(memory: dict, key, value) -> None:
    if len(memory) >= _REMEMBER_AT_MOST:
        memory.clear()
    memory[key] = value


@receiver(setting_changed)
def _forget(**kwargs) -> None:
    _LANGUAGES.clear()
    _HOSTS.clear()
    _OK_WORDING.clear()
