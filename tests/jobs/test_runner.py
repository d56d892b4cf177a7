"""The job runner: one run per job, progress, errors in the owner's language, safe retries,
recovery of jobs whose worker died."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone, translation

from healthycity.jobs import enqueue
from healthycity.jobs.enums import JobState
from healthycity.jobs.models import Job
from healthycity.jobs.runner import claim, execute, purge, recover
from tests.jobs import kinds

pytestmark = pytest.mark.django_db


def test_a_job_runs_its_domain_function_and_keeps_the_result(cast):
    job = enqueue("tests.echo", owner=cast.worker_a, params={"value": 42})
    assert job.state == JobState.DONE
    assert job.result == {"value": 42, "owner": "worker-a"}
    assert (job.attempts, job.percent, job.progress_total) == (1, 100, 3)
    assert job.started_at and job.finished_at and job.finished_at >= job.started_at


def test_a_finished_job_is_never_run_again(cast):
    job = enqueue("tests.echo", owner=cast.worker_a, params={"value": 1})
    assert kinds.CALLS["echo"] == 1
    assert execute(job.pk).state == "skipped"  # a message delivered twice
    assert kinds.CALLS["echo"] == 1


def test_a_running_job_with_a_live_heartbeat_is_not_claimed_twice(cast):
    job = Job.objects.create(owner=cast.worker_a, kind="tests.echo", params={"value": 1})
    assert claim(job.pk) is not None
    assert claim(job.pk) is None  # another worker got the same message
    assert execute(job.pk).state == "skipped"
    assert "echo" not in kinds.CALLS


def test_a_running_job_whose_heartbeat_stopped_is_claimed_again(cast, settings):
    job = Job.objects.create(owner=cast.worker_a, kind="tests.echo", params={"value": 7})
    claim(job.pk)
    long_ago = timezone.now() - timedelta(seconds=settings.JOBS_LEASE_SECONDS + 5)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=long_ago)
    assert execute(job.pk).state == JobState.DONE
    job.refresh_from_db()
    assert (job.state, job.attempts, job.result["value"]) == ("done", 2, 7)


def test_progress_is_recorded_while_running(cast):
    job = Job.objects.create(owner=cast.worker_a, kind="tests.echo", params={"value": 1})
    claim(job.pk)
    from healthycity.jobs.runner import JobContext

    context = JobContext(Job.objects.get(pk=job.pk))
    context.progress(250, 1000)
    job.refresh_from_db()
    assert (job.progress_done, job.progress_total, job.percent) == (250, 1000, 25)


def test_a_keyed_error_is_shown_in_the_readers_language(cast):
    with translation.override("en"):
        job = enqueue("tests.keyed_error", owner=cast.worker_a, params={"name": "kim"})
    assert job.state == JobState.FAILED
    assert job.error_key == "There is no user '%(name)s'."
    with translation.override("ko"):
        assert job.error_message == "사용자 'kim'이(가) 없습니다."
    with translation.override("en"):
        assert job.error_message == "There is no user 'kim'."


def test_a_domain_error_is_rendered_in_the_language_the_owner_used(cast):
    with translation.override("ko"):
        job = enqueue("tests.domain_error", owner=cast.worker_a)
    assert job.state == JobState.FAILED and job.language == "ko"
    assert job.error_message == "파일이 비어 있습니다."


def test_an_unexpected_error_says_sorry_without_a_traceback(cast, caplog):
    with translation.override("en"):
        job = enqueue("tests.crash", owner=cast.worker_a)
        message = job.error_message
    assert job.state == JobState.FAILED
    assert "error on our side" in message
    assert "secret internal detail" not in message and "Traceback" not in message
    assert any("secret internal detail" in r.getMessage() or r.exc_info for r in caplog.records)


def test_a_temporary_database_error_is_retried(cast):
    job = enqueue("tests.flaky", owner=cast.worker_a, params={"failures": 2})
    assert job.state == JobState.DONE
    assert (job.attempts, job.result["calls"]) == (3, 3)
    assert job.error_message == ""


def test_retries_stop_after_the_last_attempt(cast):
    with translation.override("en"):
        job = enqueue("tests.flaky", owner=cast.worker_a, params={"failures": 5})
        assert job.state == JobState.FAILED
        assert job.attempts == 3 and kinds.CALLS["flaky"] == 3
        assert "interrupted 3 times" in job.error_message


def test_an_unknown_kind_is_refused_when_enqueued(cast):
    with pytest.raises(LookupError):
        enqueue("tests.nobody-registered-this", owner=cast.worker_a)


def test_a_job_of_a_kind_this_server_does_not_know_fails_clearly(cast):
    job = Job.objects.create(owner=cast.worker_a, kind="retired.kind")
    execute(job.pk)
    job.refresh_from_db()
    with translation.override("en"):
        assert job.state == "failed" and "retired.kind" in job.error_message


def test_uploads_are_stored_for_the_worker_and_deleted_when_done(cast):
    upload = io.BytesIO(b"a,b\n1,2\n")
    upload.name = "../../etc/passwd list.csv"
    job = enqueue(
        "tests.file", owner=cast.worker_a, params={"text": "3,4\n"}, files={"upload": upload}
    )
    assert job.state == JobState.DONE, job.error_message
    stored = job.params["upload"]
    assert stored.startswith(f"jobs/{job.external_id}/in/") and ".." not in stored
    assert not default_storage.exists(stored)  # personal data: gone once imported
    assert job.file["name"] == "report.csv" and job.file["size"] == len(b"a,b\n1,2\n3,4\n")
    with default_storage.open(job.file["path"]) as f:
        assert f.read() == b"a,b\n1,2\n3,4\n"


def test_recover_restarts_a_job_whose_worker_died(cast, settings):
    job = Job.objects.create(owner=cast.worker_a, kind="tests.echo", params={"value": 3})
    claim(job.pk)
    long_ago = timezone.now() - timedelta(seconds=settings.JOBS_LEASE_SECONDS + 5)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=long_ago)
    assert recover()["restarted"] == 1
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.attempts == 2


def test_recover_fails_a_job_that_keeps_losing_its_worker(cast, settings):
    job = Job.objects.create(
        owner=cast.worker_a, kind="tests.echo", params={"value": 3}, max_attempts=1
    )
    claim(job.pk)
    long_ago = timezone.now() - timedelta(seconds=settings.JOBS_LEASE_SECONDS + 5)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=long_ago)
    assert recover()["failed"] == 1
    job.refresh_from_db()
    with translation.override("en"):
        assert job.state == "failed" and "worker running this job stopped" in job.error_message
    assert "echo" not in kinds.CALLS


def test_purge_deletes_old_result_files_and_keeps_the_record(cast):
    upload = io.BytesIO(b"x")
    upload.name = "in.csv"
    job = enqueue("tests.file", owner=cast.worker_a, params={"text": "y"}, files={"upload": upload})
    path = job.file["path"]
    Job.objects.filter(pk=job.pk).update(finished_at=timezone.now() - timedelta(days=40))
    assert purge(older_than_days=30) == 1
    job.refresh_from_db()
    assert not default_storage.exists(path)
    assert job.file is None and job.result["file"]["expired"] is True


def test_work_ahead_is_sent_after_commit_and_a_broker_failure_costs_nothing_but_a_log(
    settings, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    """jobs.runner.ahead in Celery mode: the task goes to the broker once the transaction
    commits; a broker that cannot be reached is logged, never raised into the login."""
    from healthycity.health.tasks import prepare_report_task
    from healthycity.jobs.runner import ahead

    settings.JOBS_MODE = "celery"
    sent = []
    monkeypatch.setattr(prepare_report_task, "apply_async", lambda args: sent.append(args))
    with django_capture_on_commit_callbacks(execute=True):
        ahead(prepare_report_task, 7, "en")
        assert sent == []  # not before the commit
    assert sent == [(7, "en")]

    def unreachable(args):
        raise ConnectionError("broker down")

    monkeypatch.setattr(prepare_report_task, "apply_async", unreachable)
    with django_capture_on_commit_callbacks(execute=True):
        ahead(prepare_report_task, 7, "en")
    assert "did not take the task" in caplog.text
