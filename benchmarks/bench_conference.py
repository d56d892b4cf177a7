"""Conference check-in under load, the offline list and a batch of badges.

1. A fresh PostgreSQL database `hc_bench_conference` (BENCH_DB to name another; dropped at the
   end) with one event, 20 000 confirmed registrations with tickets (BENCH_SCALE shrinks it),
   a gate with 20 scanner devices, a day's entry list, and an official's API token.
2. The check-in API (`POST /api/v1/conference/checkins/`) served by `healthycity serve` —
   gunicorn with 2 workers of BENCH_THREADS=4 threads each (`--threads 4`; production settings,
   DEBUG off, persistent database connections; its log in var/bench-conference-serve.log) — on
   127.0.0.1:8150 (BENCH_PORT),
   driven by 20 concurrent scanner clients (threads, one keep-alive HTTP/1.1 connection each,
   requests made before the clock starts, responses read by Content-Length — `Client`): every
   ticket scanned once (a tenth of them a second time, answered "already").
   Prints scans per second and the p50/p95/p99 latency.
3. Baseline, in the same run: the same number of bare transactions through psycopg from 20
   threads — `SELECT … FROM conference_ticket WHERE secret = %s FOR UPDATE` and an `INSERT` into
   conference_checkin — and their rate. Goal: API ≥ 0.5 × baseline, p99 < 200 ms.
4. The offline list of the entry list for all tickets, as JSON, and its gzipped size (goal < 1 MB).
5. 2 000 badges (BENCH_BADGES) as one A6 PDF: the time.

The machine's load average is printed before and after: the figures mean little on a busy machine.

    BENCH=conference make bench
"""

from __future__ import annotations

import gzip
import http.client
import json
import os
import re
import socket
import subprocess
import threading
import time
import uuid
from pathlib import Path

from support import PG_SERVER, admin, load_average, percentile, wait_for_http

DB_NAME = os.environ.get("BENCH_DB", "hc_bench_conference")
SCALE = float(os.environ.get("BENCH_SCALE", "1"))
TICKETS = max(500, int(20_000 * SCALE))
BADGES = int(os.environ.get("BENCH_BADGES", str(max(50, int(2_000 * SCALE)))))
CLIENTS = 20
PORT = int(os.environ.get("BENCH_PORT", "8150"))
# Threads per worker (`healthycity serve --threads`): a scan spends most of its time waiting for
# PostgreSQL, so each of the 2 worker processes serves a few at once; BENCH_THREADS=1 for sync
# workers (no keep-alive: every scan then opens a connection).
THREADS = int(os.environ.get("BENCH_THREADS", "4"))
ROOT = Path(__file__).resolve().parent.parent
SERVER_LOG = ROOT / "var" / "bench-conference-serve.log"


def setup_django() -> None:
    os.environ["DATABASE_URL"] = f"{PG_SERVER}/{DB_NAME}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build() -> dict:
    """The event, 20 000 confirmed registrations with tickets, devices, a list and a token."""
    import datetime as dt

    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from healthycity.accounts.enums import OrganisationKind, Role
    from healthycity.accounts.models import Membership, Organisation, User
    from healthycity.conference.models import (
        CheckinList,
        Device,
        Event,
        Gate,
        Registration,
        RegistrationCategory,
        Ticket,
        Venue,
    )
    from healthycity.conference.models.registration import new_ticket_secret

    today = timezone.localdate()
    venue = Venue.objects.create(
        slug="ddp", name_ko="동대문디자인플라자", name_en="Dongdaemun Design Plaza"
    )
    event = Event.objects.create(
        slug="afhc-bench",
        name_ko="벤치마크 총회",
        name_en="Benchmark conference",
        venue=venue,
        starts_on=today,
        ends_on=today + dt.timedelta(days=2),
        status="published",
    )
    category = RegistrationCategory.objects.create(
        event=event, code="delegate", kind="delegate", name_ko="대표단", name_en="Delegate"
    )
    registrations = Registration.objects.bulk_create(
        [
            Registration(event=event, category=category, status="confirmed", name=f"Delegate {i}")
            for i in range(TICKETS)
        ],
        batch_size=5000,
    )
    Ticket.objects.bulk_create(
        [Ticket(registration=r, secret=new_ticket_secret()) for r in registrations], batch_size=5000
    )
    gate = Gate.objects.create(event=event, name_ko="정문", name_en="Main entrance")
    devices = Device.objects.bulk_create(
        [Device(event=event, gate=gate, name=f"phone {i}") for i in range(CLIENTS)]
    )
    entry = CheckinList.objects.create(
        event=event, kind="entry", day=today, name_ko="입장", name_en="Entry"
    )
    baseline_list = CheckinList.objects.create(
        event=event, kind="entry", day=today, name_ko="기준", name_en="Baseline"
    )
    city = Organisation.objects.create(
        kind=OrganisationKind.CITY, slug="seoul", name_ko="서울", name_en="Seoul"
    )
    official = User.objects.create(username="bench-official")
    Membership.objects.create(user=official, organisation=city, role=Role.OFFICIAL)
    token, _ = Token.objects.get_or_create(user=official)
    return {
        "event": event,
        "secrets": list(
            Ticket.objects.filter(registration__event=event).values_list("secret", flat=True)
        ),
        "devices": [str(d.external_id) for d in devices],
        "device_ids": [d.pk for d in devices],
        "list": entry,
        "baseline_list": baseline_list,
        "token": token.key,
    }


def analyze() -> None:
    """Statistics for the planner, as autovacuum keeps them in production (the shared
    development server runs with autovacuum off, and a bulk load leaves none)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def start_server() -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "healthycity.settings",
        "DATABASE_URL": f"{PG_SERVER}/{DB_NAME}",
        "SECRET_KEY": "bench-" + uuid.uuid4().hex * 2,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "DB_CONN_MAX_AGE": "600",
        "AXES_ENABLED": "0",
        "LOG_LEVEL": "ERROR",
    }
    env.pop("HEALTHYCITY_TESTING", None)
    env.pop("REDIS_URL", None)
    # Its log goes to a file: a pipe nobody reads fills up and blocks the workers.
    SERVER_LOG.parent.mkdir(exist_ok=True)
    log = SERVER_LOG.open("w")
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/healthycity"),
            "serve",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "2",
            "--threads",
            str(THREADS),
            "--timeout",
            "120",
            # A worker replaced mid-run closes the scanners' kept-alive connections; a phone's app
            # sends its scan again (same nonce), this load generator would count an error.
            "--max-requests",
            "0",
            "--no-access-log",
            "--no-collectstatic",  # the API serves no static files
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    if wait_for_http(PORT, process=server):
        return server
    server.terminate()
    raise SystemExit("healthycity serve did not start:\n" + SERVER_LOG.read_text()[-3000:])


class Client:
    """One scanner's keep-alive HTTP/1.1 connection, as light as a load generator can be: the
    requests are bytes made before the clock starts, and a response is read by its status line
    and Content-Length (http.client parses every header through the email package, which on two
    shared cores takes CPU from the server being measured). Every answer is still read whole and
    checked afterwards."""

    CONTENT_LENGTH = re.compile(rb"(?im)^content-length:[ \t]*(\d+)")
    CLOSE = re.compile(rb"(?im)^connection:[ \t]*close")

    def __init__(self):
        self.sock: socket.socket | None = None
        self.buffer = b""

    def connect(self) -> None:
        self.sock = socket.create_connection(("127.0.0.1", PORT), timeout=30)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""

    def exchange(self, request: bytes) -> tuple[int, bytes]:
        if self.sock is None:
            self.connect()
        self.sock.sendall(request)
        while b"\r\n\r\n" not in self.buffer:
            self._read()
        head, _, rest = self.buffer.partition(b"\r\n\r\n")
        length = int(self.CONTENT_LENGTH.search(head).group(1))
        while len(rest) < length:
            rest += self._read(keep=False)
        body, self.buffer = rest[:length], rest[length:]
        if self.CLOSE.search(head):
            self.sock.close()
            self.sock = None
        return int(head[9:12]), body

    def _read(self, keep: bool = True) -> bytes:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("the server closed the connection")
        if keep:
            self.buffer += chunk
        return chunk


def scan_request(body: str, token: str) -> bytes:
    content = body.encode()
    head = (
        "POST /api/v1/conference/checkins/ HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{PORT}\r\n"
        f"Authorization: Token {token}\r\n"
        "Content-Type: application/json\r\n"
        "Accept-Language: en\r\n"
        f"Content-Length: {len(content)}\r\n\r\n"
    )
    return head.encode() + content


def drive(data: dict) -> tuple[float, list[float], dict]:
    """20 clients post every scan once; returns (seconds, latencies in ms, answers by status)."""
    secrets = data["secrets"]
    scans = [(s, i % CLIENTS) for i, s in enumerate(secrets)]
    scans += [
        (s, (i + 7) % CLIENTS) for i, s in enumerate(secrets[: len(secrets) // 10])
    ]  # second scans
    work = [scans[i::CLIENTS] for i in range(CLIENTS)]
    latencies: list[list[float]] = [[] for _ in range(CLIENTS)]
    replies: list[list[tuple[int, bytes]]] = [[] for _ in range(CLIENTS)]
    barrier = threading.Barrier(CLIENTS + 1)
    errors: list[str] = []

    def client(k: int) -> None:
        conn = Client()
        scanned_at = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())
        requests = [
            scan_request(
                json.dumps(
                    {
                        "qr_payload": secret,
                        "list": data["list"].pk,
                        "device": data["devices"][device],
                        "nonce": uuid.uuid4().hex,
                        "scanned_at": scanned_at,
                    }
                ),
                data["token"],
            )
            for secret, device in work[k]
        ]
        barrier.wait()
        for request in requests:
            started = time.perf_counter()
            try:
                replies[k].append(conn.exchange(request))
            except (OSError, ValueError, AttributeError) as exc:
                errors.append(str(exc))
                conn = Client()
                continue
            latencies[k].append((time.perf_counter() - started) * 1000)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
    for t in threads:
        t.start()
    barrier.wait()
    started = time.perf_counter()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    merged: dict = {}
    for status, payload in (reply for row in replies for reply in row):
        key = json.loads(payload).get("status", "?") if status == 200 else str(status)
        merged[key] = merged.get(key, 0) + 1
    if errors:
        merged["connection errors"] = len(errors)
    return elapsed, [x for row in latencies for x in row], merged


def paced(data: dict, seconds: float, per_client: float = 1.0) -> list[float]:
    """Scanner-like load: each of the 20 clients scans once a second (20 scans/s in all), as
    staff at gates do; latencies in ms. Uses tickets not scanned before (answers "ok")."""
    secrets = data["paced_secrets"]
    headers = {"Authorization": f"Token {data['token']}", "Content-Type": "application/json"}
    latencies: list[list[float]] = [[] for _ in range(CLIENTS)]
    rounds = int(seconds * per_client)

    def client(k: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        time.sleep(k / CLIENTS / per_client)  # spread the clients over the second
        start = time.perf_counter()
        for r in range(rounds):
            secret = secrets[(r * CLIENTS + k) % len(secrets)]
            body = json.dumps(
                {
                    "qr_payload": secret,
                    "list": data["list"].pk,
                    "device": data["devices"][k],
                    "nonce": uuid.uuid4().hex,
                    "scanned_at": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime()),
                }
            )
            t = time.perf_counter()
            conn.request("POST", "/api/v1/conference/checkins/", body=body, headers=headers)
            conn.getresponse().read()
            latencies[k].append((time.perf_counter() - t) * 1000)
            wait = start + (r + 1) / per_client - time.perf_counter()
            if wait > 0:
                time.sleep(wait)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return [x for row in latencies for x in row]


def bare(data: dict, n: int) -> tuple[float, list[float]]:
    """The same number of bare SELECT … FOR UPDATE + INSERT transactions from 20 threads."""
    import psycopg

    secrets = data["secrets"]
    list_id = data["baseline_list"].pk
    work = [list(range(k, n, CLIENTS)) for k in range(CLIENTS)]
    latencies: list[list[float]] = [[] for _ in range(CLIENTS)]
    barrier = threading.Barrier(CLIENTS + 1)

    def worker(k: int) -> None:
        with psycopg.connect(f"{PG_SERVER}/{DB_NAME}") as conn:
            nonces = {i: uuid.uuid4().hex for i in work[k]}  # made before the clock, as the API's
            barrier.wait()
            for i in work[k]:
                secret = secrets[i % len(secrets)]
                started = time.perf_counter()
                with conn.transaction():
                    row = conn.execute(
                        "SELECT t.id FROM conference_ticket t WHERE t.secret = %s FOR UPDATE",
                        (secret,),
                    ).fetchone()
                    conn.execute(
                        "INSERT INTO conference_checkin (checkin_list_id, ticket_id, device_id, nonce, status, scanned_at,"
                        " received_at, offline, payload_hash) VALUES (%s, %s, %s, %s, %s, now(), now(), false, '')",
                        (list_id, row[0], data["device_ids"][k], nonces[i], "already"),
                    )
                latencies[k].append((time.perf_counter() - started) * 1000)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(CLIENTS)]
    for t in threads:
        t.start()
    barrier.wait()
    started = time.perf_counter()
    for t in threads:
        t.join()
    return time.perf_counter() - started, [x for row in latencies for x in row]


def offline_size(data: dict) -> tuple[int, int, float]:
    from healthycity.conference.domain.checkin import offline_list
    from healthycity.conference.models import CheckinList

    started = time.perf_counter()
    the_list = CheckinList.objects.select_related("event").get(pk=data["list"].pk)
    body = json.dumps(offline_list(checkin_list=the_list), separators=(",", ":")).encode()
    elapsed = time.perf_counter() - started
    return len(body), len(gzip.compress(body, 6)), elapsed


def badges(data: dict) -> tuple[int, float, int]:
    from healthycity.conference.models import Registration
    from healthycity.conference.tickets import badges_pdf

    people = list(
        Registration.objects.filter(event=data["event"])
        .select_related("category", "ticket", "member_city")
        .order_by("id")[:BADGES]
    )
    started = time.perf_counter()
    pdf = badges_pdf(data["event"], people, language="ko")
    return len(people), time.perf_counter() - started, len(pdf)


def main() -> None:
    print(
        f"load average before: {load_average()}  (2 cores shared; figures on a busy machine are lower)"
    )
    admin(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
    admin(f'CREATE DATABASE "{DB_NAME}"')
    server = None
    try:
        setup_django()
        t0 = time.perf_counter()
        data = build()
        analyze()
        print(f"setup: {TICKETS} registrations with tickets in {time.perf_counter() - t0:.1f} s")
        server = start_server()
        warm = {**data, "secrets": data["secrets"][:CLIENTS]}
        drive(warm)  # warm up both workers and their connections (these tickets are then 'already')
        paced_n = min(len(data["secrets"]) // 5, CLIENTS * 15)
        data["paced_secrets"], data["secrets"] = (
            data["secrets"][-paced_n:],
            data["secrets"][:-paced_n],
        )
        api_s, api_lat, answers = drive(data)
        n = len(api_lat)
        bare_s, bare_lat = bare(data, n)
        api_rate, bare_rate = n / api_s, n / bare_s
        print(
            f"check-in API (healthycity serve, 2 workers × {THREADS} threads, {CLIENTS} clients): {n} scans in {api_s:.1f} s = {api_rate:.0f} scans/s; "
            f"p50 {percentile(api_lat, 50):.1f} ms, p95 {percentile(api_lat, 95):.1f} ms, p99 {percentile(api_lat, 99):.1f} ms; answers {answers}"
        )
        print(
            f"baseline (bare SELECT … FOR UPDATE + INSERT, psycopg, {CLIENTS} threads): {n} in {bare_s:.1f} s = "
            f"{bare_rate:.0f} tx/s; p50 {percentile(bare_lat, 50):.1f} ms, p99 {percentile(bare_lat, 99):.1f} ms"
        )
        print(f"ratio API / baseline: {api_rate / bare_rate:.2f}  (goal ≥ 0.5; p99 goal < 200 ms)")
        calm = paced(data, seconds=paced_n / CLIENTS)
        print(
            f"check-in API at gate pace (20 scanners × 1 scan/s): {len(calm)} scans; p50 {percentile(calm, 50):.1f} ms, "
            f"p95 {percentile(calm, 95):.1f} ms, p99 {percentile(calm, 99):.1f} ms"
        )
        raw, gz, took = offline_size(data)
        print(
            f"offline list: {TICKETS} tickets, {raw / 1024:.0f} KiB JSON, {gz / 1024:.0f} KiB gzipped (goal < 1 MB), built in {took:.2f} s"
        )
        count, took, size = badges(data)
        print(
            f"badges: {count} A6 badges as one PDF in {took:.1f} s ({count / took:.0f} badges/s, {size / 1024 / 1024:.1f} MiB)"
        )
        print(f"load average after: {load_average()}")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        from django.db import connections

        connections.close_all()
        admin(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


if __name__ == "__main__":
    main()
