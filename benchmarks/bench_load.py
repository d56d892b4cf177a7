"""The site under load: a 100 000-citizen demo city served by `healthycity serve`, driven by Locust.

1. A PostgreSQL database of its own, `hc_bench_load` (BENCH_DB to name another), with the demo
   city of 100 000 citizens (BENCH_SCALE shrinks it) and the demo's equity snapshots in
   `var/bench-load/` (BENCH_VAR). Building it takes several minutes, so it is **kept** between
   runs and reused when it holds the expected number of citizens and is migrated to date
   (BENCH_FRESH=1 drops and builds it again). Each run adds, if missing, the load's own logins with
   the demo password: 200 citizens with records (`load-citizen-N`), 20 welfare workers at 20
   centres (`load-worker-N`), and uses the demo's `official` and partner logins; an API token
   for the official.
2. `healthycity serve` — gunicorn, 2 sync workers (BENCH_WORKERS), production settings (DEBUG and
   demo mode off, Argon2 passwords, axes on, persistent database connections) on 127.0.0.1:8190
   (BENCH_PORT).
3. Locust, headless, driven from Python in a child process, at 10, 50 and 100 concurrent users
   (LOAD_USERS="10,50,100"), each level for LOAD_SECONDS (60) after every user has logged in
   through the real login page (GET the form, POST it with its CSRF token). Each user waits
   LOAD_WAIT seconds between pages (default "2,8": uniform 2–8 s, a person reading a page; so
   50 users ask about 10 pages a second).
   The mix, by users: citizens 40 % (their portal `/`, their record `/health/me/`, now and then
   their PDF report), welfare workers 20 % (their worklist, a citizen's record), officials 10 %
   (the equity dashboard), partners 10 % (their feedback dashboard), API clients 20 % (the
   official's token listing citizens, 50 a page, anywhere in the 100 000).
   Before the first level, LOAD_WARMUP seconds (20) of the mix at the smallest level, unmeasured:
   a running site has its templates compiled and its caches warm.
   Baseline, in the same run: the same number of users with the same waits requesting `/healthz`.
   Prints, per level and per page: requests/s, p50/p95/p99 in ms and the error count (a status
   ≥ 400, a refused or dropped connection, a login that did not log in).
4. The slowest pages and what they wait for: each page once more, alone, through Django's test
   client against the same database with CaptureQueriesContext — queries per request, the time
   spent in them, and the whole request's time.

Goal (issue 12): 0 errors at 100 users, p95 < 300 ms for every page at 50 users. The machine's
load average is printed before and after: on a 2-core machine shared with others, absolute
figures suffer. A quick run: `LOAD_USERS=10 LOAD_SECONDS=15 BENCH=load make bench`.

    BENCH=load make bench
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

from support import (
    PG_SERVER,
    admin,
    database_exists,
    load_average,
    percentile,
    wait_for_http,
)

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = os.environ.get("BENCH_DB", "hc_bench_load")
DATABASE_URL = f"{PG_SERVER}/{DB_NAME}"
VAR = Path(os.environ.get("BENCH_VAR", str(ROOT / "var" / "bench-load")))
PLAN = VAR / "plan.json"
SERVER_LOG = VAR / "serve.log"
SCALE = float(os.environ.get("BENCH_SCALE", "1"))
CITIZENS = max(2000, int(100_000 * SCALE))
PORT = int(os.environ.get("BENCH_PORT", "8190"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
LEVELS = [int(n) for n in os.environ.get("LOAD_USERS", "10,50,100").split(",")]
SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))
WARMUP = float(os.environ.get("LOAD_WARMUP", "20"))
WAIT = tuple(float(x) for x in os.environ.get("LOAD_WAIT", "2,8").split(","))
LOAD_CITIZENS, LOAD_WORKERS = 200, 20
SECRET_KEY = "bench-load-" + uuid.uuid4().hex * 2

# The pages of the mix: label -> the URL pattern it stands for (Locust groups requests by label).
HOME = "citizen: portal /"
RECORD = "citizen: my record /health/me/"
PDF = "citizen: my report /health/me/report.pdf"
WORKLIST = "worker: worklist /health/worklist/"
CITIZEN = "worker: a citizen's record /health/citizens/<id>/"
EQUITY = "official: equity dashboard /equity/"
PARTNER = "partner: dashboard /feedback/dashboard/companies/<slug>/"
API = "api: citizens /api/v1/citizens/?page=<n>"
HEALTHZ = "baseline: /healthz"
LOGIN = "login (POST /login/, not in the figures)"


def django_env(**extra: str) -> dict[str, str]:
    """Production settings on the bench database; demo mode only where `extra` asks for it."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "healthycity.settings",
        "DATABASE_URL": DATABASE_URL,
        "HEALTHYCITY_VAR": str(VAR),
        "SECRET_KEY": SECRET_KEY,
        "LOG_LEVEL": "ERROR",
        **extra,
    }
    for name in ("HEALTHYCITY_TESTING", "REDIS_URL", "DEBUG", "HEALTHYCITY_DEMO"):
        if name not in extra:
            env.pop(name, None)
    return env


def run_child(mode: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, __file__, mode, *args],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )


# --- child: the database -------------------------------------------------------------------------


def child_prepare() -> None:
    """Migrate; build the demo city unless it is there at the right size; add the load's logins;
    write the plan (logins, token, the ids each worker may open) for the load children."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from healthycity.citizens.models import Citizen
    from healthycity.demo.build import DEFAULT_PASSWORD, build_demo
    from healthycity.equity import snapshot

    call_command("migrate", verbosity=0)
    found = Citizen.objects.count()
    if found != CITIZENS or not snapshot.available_periods():
        started = time.perf_counter()
        build_demo(seed=2026, n_citizens=CITIZENS, password=DEFAULT_PASSWORD, reset=found > 0)
        print(f"built the demo city: {CITIZENS} citizens in {time.perf_counter() - started:.0f} s")
    else:
        print(f"reusing {DB_NAME}: {found} citizens (BENCH_FRESH=1 to build it again)")
    plan = load_logins(DEFAULT_PASSWORD)
    with connection.cursor() as cursor:
        # The planner's statistics, as autovacuum keeps them on a production server; the shared
        # development server runs with autovacuum off, and a plan made without them can be 100×
        # slower (the worklist's consent filter: 1 s instead of 10 ms).
        cursor.execute("ANALYZE")
    VAR.mkdir(parents=True, exist_ok=True)
    PLAN.write_text(json.dumps(plan))


def load_logins(password: str) -> dict:
    """The load's citizens and workers (created once), the demo's official and partners."""
    from django.contrib.auth.hashers import make_password
    from rest_framework.authtoken.models import Token

    from healthycity.accounts.enums import Role
    from healthycity.accounts.models import Membership, User
    from healthycity.citizens.enums import ConsentPurpose
    from healthycity.citizens.models import Citizen
    from healthycity.citizens.queries import with_consent
    from healthycity.places.models import WelfareCentre

    encoded = make_password(password)  # one Argon2 hash for all: demo logins share the password
    if not User.objects.filter(username="load-citizen-0").exists():
        people = (
            Citizen.objects.filter(user__isnull=True, measurements__isnull=False)
            .distinct()
            .order_by("id")[:LOAD_CITIZENS]
        )
        for i, citizen in enumerate(people):
            citizen.user = User.objects.create(username=f"load-citizen-{i}", password=encoded)
            citizen.save(update_fields=["user"])
        centres = WelfareCentre.objects.select_related("organisation").order_by("id")
        step = max(1, centres.count() // LOAD_WORKERS)
        for i, centre in enumerate(list(centres[::step])[:LOAD_WORKERS]):
            user = User.objects.create(username=f"load-worker-{i}", password=encoded)
            Membership.objects.create(user=user, organisation=centre.organisation, role=Role.WORKER)
    workers = {}
    for user in User.objects.filter(username__startswith="load-worker-"):
        centre_ids = user.memberships.values("organisation__welfare_centre")
        subjects = with_consent(
            Citizen.objects.filter(welfare_centre__in=centre_ids), ConsentPurpose.CARE
        )
        workers[user.username] = [str(x) for x in subjects.values_list("external_id", flat=True)]
    official = User.objects.get(username="official")
    return {
        "password": password,
        "citizens": list(
            User.objects.filter(username__startswith="load-citizen-").values_list(
                "username", flat=True
            )
        ),
        "workers": workers,
        "officials": ["official"],
        "partners": {
            u.username: u.username.removeprefix("partner-")
            for u in User.objects.filter(username__startswith="partner-")
        },
        "token": Token.objects.get_or_create(user=official)[0].key,
        "pages": 1 + (Citizen.objects.count() - 1) // 50,
    }


# --- child: what each page waits for --------------------------------------------------------------


def child_queries() -> None:
    """Each page alone through the test client: queries, their time, the whole request's time
    (medians of three, results of the shared cache kept as on a running site), and the time of
    one request right after the shared cache was emptied (a report or worklist computed afresh,
    as after a new measurement). Prints one JSON line:
    {label: [queries, query ms, request ms, fresh request ms]}."""
    import statistics

    import django

    django.setup()
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from healthycity.accounts.models import User

    plan = json.loads(PLAN.read_text())
    worker = sorted(plan["workers"])[0]
    partner, company = sorted(plan["partners"].items())[0]
    pages = {
        HOME: (plan["citizens"][0], "/"),
        RECORD: (plan["citizens"][0], "/health/me/"),
        PDF: (plan["citizens"][0], "/health/me/report.pdf"),
        WORKLIST: (worker, "/health/worklist/"),
        CITIZEN: (worker, f"/health/citizens/{plan['workers'][worker][0]}/"),
        EQUITY: ("official", "/equity/"),
        PARTNER: (partner, f"/feedback/dashboard/companies/{company}/"),
        API: ("official", f"/api/v1/citizens/?page={plan['pages'] // 2}"),
        HEALTHZ: (None, "/healthz"),
    }
    found = {}
    for label, (username, url) in pages.items():
        client = Client(HTTP_ACCEPT_LANGUAGE="ko")
        if username:
            client.force_login(User.objects.get(username=username))
        client.get(url)  # warm: caches, the staff session's first write
        caches["shared"].clear()  # fresh: what the first request after a change costs
        started = time.perf_counter()
        client.get(url)
        fresh = (time.perf_counter() - started) * 1000
        runs = []
        for _ in range(3):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (label, response.status_code)
            db = sum(float(q["time"]) for q in queries.captured_queries) * 1000
            runs.append((len(queries), db, elapsed))
        found[label] = [*(statistics.median(r[i] for r in runs) for i in range(3)), fresh]
    print(json.dumps(found))


# --- child: Locust --------------------------------------------------------------------------------


def child_locust(users: int, mode: str) -> None:
    """One level of load; prints one JSON line {label: {"ms": [...], "errors": n}, "_seconds": s}."""
    import random

    import gevent
    from locust import HttpUser, between, events, task
    from locust.env import Environment

    plan = json.loads(PLAN.read_text())
    latencies: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    logged_in = []
    measuring = [False]

    @events.request.add_listener
    def record(name, response_time, exception, response=None, **kwargs):
        if not measuring[0] and name != LOGIN:
            return
        latencies.setdefault(name, []).append(response_time)
        if exception is not None:
            errors[name] = errors.get(name, 0) + 1

    class Person(HttpUser):
        abstract = True
        wait_time = between(*WAIT)
        username = ""

        def on_start(self):
            self.username = self.pick()
            self.client.headers["Accept-Language"] = "ko"
            self.client.get("/login/", name=LOGIN)
            token = self.client.cookies.get("csrftoken", "")
            with self.client.post(
                "/login/",
                data={
                    "username": self.username,
                    "password": plan["password"],
                    "csrfmiddlewaretoken": token,
                },
                headers={"Referer": f"{self.host}/login/"},
                name=LOGIN,
                catch_response=True,
            ) as answer:
                if "sessionid" not in self.client.cookies:
                    answer.failure(f"{self.username} was not logged in")
            logged_in.append(self.username)

        def pick(self) -> str:
            raise NotImplementedError

    class CitizenUser(Person):
        weight = 4

        def pick(self):
            return random.choice(plan["citizens"])

        @task(3)
        def portal(self):
            self.client.get("/", name=HOME)

        @task(3)
        def record(self):
            self.client.get("/health/me/", name=RECORD)

        @task(1)
        def report(self):
            self.client.get("/health/me/report.pdf", name=PDF)

    class WorkerUser(Person):
        weight = 2

        def pick(self):
            return random.choice(sorted(plan["workers"]))

        @task(1)
        def worklist(self):
            self.client.get("/health/worklist/", name=WORKLIST)

        @task(3)
        def citizen(self):
            who = random.choice(plan["workers"][self.username])
            self.client.get(f"/health/citizens/{who}/", name=CITIZEN)

    class OfficialUser(Person):
        weight = 1

        def pick(self):
            return random.choice(plan["officials"])

        @task
        def equity(self):
            self.client.get("/equity/", name=EQUITY)

    class PartnerUser(Person):
        weight = 1

        def pick(self):
            return random.choice(sorted(plan["partners"]))

        @task
        def dashboard(self):
            slug = plan["partners"][self.username]
            self.client.get(f"/feedback/dashboard/companies/{slug}/", name=PARTNER)

    class ApiClient(HttpUser):
        weight = 2
        wait_time = between(*WAIT)

        def on_start(self):
            self.client.headers["Authorization"] = f"Token {plan['token']}"
            logged_in.append("api")

        @task
        def citizens(self):
            page = random.randint(1, plan["pages"])
            self.client.get(f"/api/v1/citizens/?page={page}", name=API)

    class Baseline(HttpUser):
        wait_time = between(*WAIT)

        def on_start(self):
            logged_in.append("baseline")

        @task
        def healthz(self):
            self.client.get("/healthz", name=HEALTHZ)

    classes = (
        [Baseline]
        if mode == "baseline"
        else [CitizenUser, WorkerUser, OfficialUser, PartnerUser, ApiClient]
    )
    env = Environment(user_classes=classes, host=f"http://127.0.0.1:{PORT}", events=events)
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=max(5, users / 10))
    deadline = time.monotonic() + 300
    while len(logged_in) < users and time.monotonic() < deadline:
        gevent.sleep(0.2)
    measuring[0] = True
    started = time.monotonic()
    gevent.sleep(SECONDS)
    measuring[0] = False
    elapsed = time.monotonic() - started
    runner.quit()
    print(
        json.dumps(
            {
                "_seconds": elapsed,
                **{
                    name: {"ms": values, "errors": errors.get(name, 0)}
                    for name, values in latencies.items()
                },
            }
        )
    )


# --- parent ---------------------------------------------------------------------------------------


def prepare() -> None:
    if os.environ.get("BENCH_FRESH") == "1":
        admin(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        for old in VAR.glob("equity/*.parquet"):
            old.unlink()
    if not database_exists(DB_NAME):
        admin(f'CREATE DATABASE "{DB_NAME}"')
    # Every run starts with an empty shared cache (settings.CACHES["shared"]: files under
    # BENCH_VAR/cache, REDIS_URL being unset): reports and worklists are computed afresh under
    # load, as after a deployment, not found from an earlier run.
    shutil.rmtree(VAR / "cache", ignore_errors=True)
    started = time.perf_counter()
    out = run_child("--prepare", env=django_env(HEALTHYCITY_DEMO="1")).stdout
    print(out.strip().splitlines()[-1] + f" (prepared in {time.perf_counter() - started:.0f} s)")
    # Every run (the code may have new static files since the last; a page naming one
    # missing from the manifest fails); `serve` would collect only on its first start.
    started = time.perf_counter()
    subprocess.run(
        [str(ROOT / ".venv/bin/healthycity"), "collectstatic", "--noinput", "-v0"],
        env=django_env(),
        cwd=ROOT,
        check=True,
    )
    print(f"static files collected in {time.perf_counter() - started:.0f} s")


def start_server() -> subprocess.Popen:
    env = django_env(
        ALLOWED_HOSTS="127.0.0.1,localhost", DB_CONN_MAX_AGE="600", WEB_CONCURRENCY=str(WORKERS)
    )
    # Its log goes to a file: a pipe nobody reads fills up and blocks the workers mid-request.
    log = SERVER_LOG.open("w")
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/healthycity"),
            "serve",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--no-access-log",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    if not wait_for_http(PORT, process=server):
        server.terminate()
        raise SystemExit("healthycity serve did not start:\n" + SERVER_LOG.read_text()[-3000:])
    return server


def drain(limit_ms: float = 50, seconds: float = 120) -> None:
    """Wait until the previous level's queue is served (`/healthz` answers within `limit_ms`),
    so that one level's backlog is not measured in the next."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.perf_counter()
        wait_for_http(PORT, seconds=seconds)
        if (time.perf_counter() - started) * 1000 < limit_ms:
            return
        time.sleep(1)


def level(users: int, mode: str, seconds: float = SECONDS) -> dict:
    drain()
    env = {**os.environ, "LOAD_SECONDS": str(seconds)}
    out = run_child("--locust", str(users), mode, env=env).stdout
    return json.loads(out.strip().splitlines()[-1])


def report(users: int, found: dict, baseline: dict) -> None:
    seconds = found.pop("_seconds")
    base_seconds = baseline.pop("_seconds")
    total = sum(len(v["ms"]) for k, v in found.items() if k != LOGIN)
    failed = sum(v["errors"] for v in found.values())
    print(
        f"-- {users} users: {total / seconds:.1f} requests/s over {seconds:.0f} s, "
        f"{failed} errors (load average {load_average()})"
    )
    print(f"   {'page':<62} {'req/s':>6} {'p50':>7} {'p95':>7} {'p99':>7} {'errors':>6}")
    rows = sorted((k for k in found if k != LOGIN), key=lambda k: k.split(":")[0])
    for name in [*rows, LOGIN]:
        if name in found:
            line(name, found[name], seconds)
    for name, values in baseline.items():
        line(name, values, base_seconds)
    if not baseline:
        print("   baseline: no request measured")


def line(name: str, values: dict, seconds: float) -> None:
    ms = values["ms"]
    print(
        f"   {name:<62} {len(ms) / seconds:>6.1f} {percentile(ms, 50):>5.0f}ms "
        f"{percentile(ms, 95):>5.0f}ms {percentile(ms, 99):>5.0f}ms {values['errors']:>6}"
    )


def slowest(results: dict[int, dict]) -> None:
    """The pages by p95 at the middle level, with what one request of each waits for."""
    out = run_child("--queries", env=django_env()).stdout
    alone = json.loads(out.strip().splitlines()[-1])
    users = sorted(results)[len(results) // 2]
    p95 = {k: percentile(v["ms"], 95) for k, v in results[users].items() if k != LOGIN}
    print(
        f"-- slowest pages (p95 at {users} users) and one request alone "
        "(Django test client, same database):"
    )
    print(f"   {'page':<62} {'p95':>7} {'queries':>7} {'in SQL':>8} {'alone':>8} {'fresh':>8}")
    for name in sorted(p95, key=p95.get, reverse=True):
        queries, sql_ms, total_ms, fresh_ms = alone.get(name, (0, 0, 0, 0))
        print(
            f"   {name:<62} {p95[name]:>5.0f}ms {queries:>7.0f} {sql_ms:>6.0f}ms {total_ms:>6.0f}ms"
            f" {fresh_ms:>6.0f}ms"
        )


def main() -> None:
    print(f"load average before: {load_average()}  (2 cores shared; busy machine, lower figures)")
    prepare()
    server = start_server()
    results = {}
    try:
        print(
            f"healthycity serve: {WORKERS} gunicorn workers on :{PORT}; {CITIZENS} citizens; "
            f"each level {SECONDS:.0f} s; think time {WAIT[0]:g}–{WAIT[1]:g} s between pages"
        )
        if WARMUP > 0:
            # Unmeasured: each worker's first requests import, compile templates and fill the
            # caches a running site has warm (the equity report, the charts).
            level(min(LEVELS), "mix", seconds=WARMUP)
        for users in LEVELS:
            found = level(users, "mix")
            baseline = level(users, "baseline")
            results[users] = {k: v for k, v in found.items() if k != "_seconds"}
            report(users, found, baseline)
        slowest(results)
        if 50 in results:
            worst = max(percentile(v["ms"], 95) for k, v in results[50].items() if k != LOGIN)
            print(f"goal p95 < 300 ms for every page at 50 users: worst p95 {worst:.0f} ms")
        if 100 in results:
            failed = sum(v["errors"] for v in results[100].values())
            print(f"goal 0 errors at 100 users: {failed} errors")
        print(f"load average after: {load_average()}")
        errors = SERVER_LOG.read_text().count("Traceback")
        print(f"server log {SERVER_LOG}: {errors} tracebacks")
    finally:
        server.terminate()
        server.wait(timeout=60)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--prepare":
        child_prepare()
    elif len(sys.argv) > 1 and sys.argv[1] == "--queries":
        child_queries()
    elif len(sys.argv) > 1 and sys.argv[1] == "--locust":
        child_locust(int(sys.argv[2]), sys.argv[3])
    else:
        main()
