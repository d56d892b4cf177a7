"""The embedded default (no REDIS_URL): the request that starts a job returns at once and a
thread of the web process runs it; progress is visible to other connections while it runs."""

from __future__ import annotations

import threading
import time

import pytest

from healthycity.jobs import enqueue, job_kind
from healthycity.jobs.models import Job

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

GATE = threading.Event()


@job_kind("tests.gated", label="gated")
def gated(job, *, steps):
    from django.db import transaction

    with transaction.atomic():  # progress must show even inside the domain's transaction
        job.progress(1, steps)
        GATE.wait(10)
        job.progress(steps, steps)
    return {"steps": steps}


def _wait(job, until, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if until(job):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job stayed {job.state} ({job.progress_done}/{job.progress_total})")


def test_thread_mode_returns_at_once_and_reports_progress(cast, settings):
    settings.JOBS_MODE = "thread"
    settings.JOBS_PROGRESS_INTERVAL = 0.05
    GATE.clear()
    job = enqueue("tests.gated", owner=cast.worker_a, params={"steps": 4})
    assert job.state == "queued"
    _wait(job, lambda j: j.state == "running" and j.progress_done == 1)
    assert job.percent == 25
    GATE.set()
    _wait(job, lambda j: j.state == "done")
    assert job.result == {"steps": 4} and job.percent == 100
    assert Job.objects.get(pk=job.pk).attempts == 1


def test_a_citizens_report_is_rendered_in_a_thread_after_login(cast, settings, monkeypatch):
    """health.receivers: the login answers at once; a thread of the process renders the report
    into the shared cache, and the download takes it from there."""
    from django.test import Client

    from healthycity.health.report import pdf as pdf_module
    from tests.factories import PASSWORD
    from tests.health.health_data import consent_care, history

    settings.JOBS_MODE = "thread"
    settings.HEALTH_REPORT_AHEAD = True
    consent_care(cast.citizen)
    history(cast.citizen)
    renders, real = [], pdf_module.render_pdf

    def counting(summary, *, language):
        renders.append(threading.current_thread().name)
        return real(summary, language=language)

    monkeypatch.setattr(pdf_module, "render_pdf", counting)
    client = Client()
    answer = client.post("/login/", {"username": cast.citizen_user.username, "password": PASSWORD})
    assert answer.status_code == 302
    deadline = time.monotonic() + 30
    while not renders and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(renders) == 1 and renders[0].startswith("ahead")  # not the request's thread
    assert client.get("/health/me/report.pdf").content.startswith(b"%PDF")
    assert len(renders) == 1
