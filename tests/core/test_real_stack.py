"""The production stack, for real, once: `healthycity serve` (gunicorn) and `healthycity worker`
(Celery) on PostgreSQL and Redis, no eager mode. A welfare worker uploads a LookinBody export
through the API; the job runs on the worker; the records are in the database.

Runs on the PostgreSQL leg of scripts/test.sh (skipped on SQLite); Redis must be up (.ci/run
starts it). Uses Redis database 5 and a port of 8500–8599 (TEAM.md)."""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from rest_framework.authtoken.models import Token

from healthycity.citizens.domain.consent import grant_consent
from healthycity.health.models import ImportBatch, Measurement
from healthycity.jobs.models import Job
from tests.health import inbody_files as files
from tests.ports import free_port

pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

REDIS_URL = os.environ.get("HEALTHYCITY_STACK_REDIS", "redis://127.0.0.1:6379/5")
PORTS = range(8500, 8600)


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _environment(var: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HEALTHYCITY_", "DJANGO_"))}
    env.pop("DEBUG", None)
    env.update(
        DJANGO_SETTINGS_MODULE="healthycity.settings",
        DATABASE_URL=_database_url(),
        REDIS_URL=REDIS_URL,
        SECRET_KEY=secrets.token_urlsafe(50),
        HEALTHYCITY_VAR=str(var),  # shared: the worker reads the upload the web process stored
        ALLOWED_HOSTS="127.0.0.1",
        LOG_LEVEL="INFO",
    )
    return env


def _start(args, env, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "healthycity", *args],
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: stopped with all its children
    )


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture
def stack(transactional_db, tmp_path):
    import redis

    try:
        redis.Redis.from_url(REDIS_URL).flushdb()  # this suite's database only
    except redis.ConnectionError as exc:
        pytest.fail(f"Redis is not reachable at {REDIS_URL} ({exc}); .ci/run starts it")
    env = _environment(tmp_path / "var")
    port = free_port(PORTS)
    web = _start(
        ["serve", f"--bind=127.0.0.1:{port}", "--workers=2", "--no-collectstatic"],
        env,
        tmp_path / "serve.log",
    )
    worker = _start(["worker", "--concurrency=1"], env, tmp_path / "worker.log")
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until(lambda: _get(base + "/healthz") == 200, 120, "serve", tmp_path / "serve.log")
        yield {"base": base, "worker_log": tmp_path / "worker.log", "web": web}
    finally:
        _stop(web)
        _stop(worker)


def _get(url) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 — our own server
            return response.status
    except (urllib.error.URLError, OSError):
        return 0


def _call(url, headers, *, fields=None, file=None) -> tuple[int, dict, dict]:
    """GET (or a multipart POST of `fields` and `file`) → status, headers, JSON body."""
    body = None
    headers = dict(headers)
    if fields is not None:
        from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

        body = encode_multipart(BOUNDARY, {**fields, **(file or {})})
        headers["Content-Type"] = MULTIPART_CONTENT
    request = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, dict(response.headers), json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), json.loads(exc.read() or b"{}")


def _wait_until(ready, seconds, what, log: Path):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if ready():
            return
        time.sleep(0.5)
    raise AssertionError(f"{what} not ready after {seconds} s:\n{log.read_text()[-3000:]}")


def test_upload_through_the_api_is_imported_by_a_worker(stack, cast):
    grant_consent(citizen=cast.citizen, purpose="care", by=None)
    token = Token.objects.create(user=cast.worker_a).key
    data = files.csv_bytes(
        [
            files.row(),
            files.row(**{"Test Date / Time": "2025.04.01 09:00"}),
            files.row(**{"Test Date / Time": "2025.05.01 09:00", "Weight": "abc"}),
        ]
    )
    headers = {"Authorization": f"Token {token}", "Accept-Language": "en"}
    upload = SimpleUploadedFile("export.csv", data, "text/csv")
    status, answer_headers, body = _call(
        stack["base"] + "/api/v1/health/imports/",
        headers,
        fields={"kind": "inbody"},
        file={"file": upload},
    )
    assert status == 202, body
    url = answer_headers["Location"]
    assert url == body["url"] and url.startswith(stack["base"] + "/api/v1/jobs/")

    job = {}

    def finished():
        job.update(_call(url, headers)[2])
        return job["state"] in ("done", "failed")

    _wait_until(finished, 180, "the import job", stack["worker_log"])
    assert job["state"] == "done", job
    assert {k: job["result"][k] for k in ("read", "imported", "duplicates", "rejected")} == {
        "read": 3, "imported": 2, "duplicates": 0, "rejected": 1,
    }  # fmt: skip
    assert job["progress"] == 100 and job["attempts"] == 1

    assert Measurement.objects.filter(citizen=cast.citizen).count() == 2
    batch = ImportBatch.objects.get(external_id=job["result"]["batch"])
    assert batch.by == cast.worker_a and batch.balanced and batch.finished_at
    record = Job.objects.get(external_id=job["id"])
    assert record.owner == cast.worker_a and record.kind == "health.import"
    # It ran on the Celery worker, not inside the web request.
    log = stack["worker_log"].read_text()
    assert "healthycity.jobs.run" in log and "succeeded" in log
    assert not list(
        (Path(stack["worker_log"]).parent / "var" / "media" / "jobs").rglob("export.csv")
    )


def test_a_citizens_report_is_rendered_by_the_worker_when_they_log_in(stack, cast):
    """health.receivers: the login sends `healthycity.health.prepare_report` to the broker; the
    worker renders the PDF into the shared cache (Redis), where the web process finds it."""
    import http.client
    import http.cookies
    import re

    import redis
    from django.contrib.auth.hashers import Argon2PasswordHasher

    from tests.factories import PASSWORD
    from tests.health.health_data import history

    history(cast.citizen)
    user = cast.citizen_user
    argon2 = Argon2PasswordHasher()  # the production settings' hasher (tests hash with MD5)
    user.password = argon2.encode(PASSWORD, argon2.salt())
    user.save(update_fields=["password"])
    # The login form's POST, with a CSRF secret of our own in cookie and field (as Django
    # accepts): the stack runs without collected static files, so its HTML pages are not asked.
    csrf = secrets.token_hex(16)
    web = http.client.HTTPConnection("127.0.0.1", int(stack["base"].rsplit(":", 1)[1]), timeout=30)
    form = urllib.parse.urlencode(
        {"username": user.username, "password": PASSWORD, "csrfmiddlewaretoken": csrf}
    )
    web.request(
        "POST",
        "/login/",
        body=form,
        headers={
            "Cookie": f"csrftoken={csrf}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept-Language": "en",
        },
    )
    answer = web.getresponse()
    answer.read()
    assert answer.status == 302, answer.status  # logged in, sent on
    cookies = http.cookies.SimpleCookie()
    for header in answer.headers.get_all("Set-Cookie"):
        cookies.load(header)
    session = cookies["sessionid"].value

    def rendered():
        log = stack["worker_log"].read_text()
        return re.search(r"healthycity\.health\.prepare_report\[[^\]]+\] succeeded", log)

    _wait_until(rendered, 120, "the report rendered ahead", stack["worker_log"])
    keys = redis.Redis.from_url(REDIS_URL).keys("*health.report_pdf*")
    assert [k for k in keys if not k.endswith(b":computing")], keys
    web.request(
        "GET",
        "/health/me/report.pdf",
        headers={"Cookie": f"sessionid={session}", "Accept-Language": "en"},
    )
    pdf = web.getresponse()
    assert pdf.status == 200 and pdf.read().startswith(b"%PDF")
    # The download found the worker's render (same citizen, day and language): no new entry.
    assert sorted(redis.Redis.from_url(REDIS_URL).keys("*health.report_pdf*")) == sorted(keys)
