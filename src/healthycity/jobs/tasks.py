"""The one Celery task: run a job by id. Its body is the same `execute` the in-process runner
calls; retries are new messages sent by `execute` (with back-off), never Celery's own."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="healthycity.jobs.run", acks_late=True, reject_on_worker_lost=True)
def run_job_task(job_id: int) -> str:
    from healthycity.jobs.runner import execute

    return execute(job_id).state


@shared_task(name="healthycity.jobs.scheduled")
def scheduled_task(kind: str, params: dict | None = None) -> str:
    """Beat: start a scheduled job of `kind` (no owner; operators follow it in /admin/)."""
    from healthycity.jobs.runner import enqueue

    return str(enqueue(kind, owner=None, params=params or {}).external_id)


@shared_task(name="healthycity.jobs.recover")
def recover_task() -> dict:
    """Beat: restart jobs whose worker died or whose message was lost."""
    from healthycity.jobs.runner import recover

    return recover()


@shared_task(name="healthycity.jobs.purge")
def purge_task() -> int:
    """Beat: delete result files older than JOBS_KEEP_DAYS."""
    from django.conf import settings

    from healthycity.jobs.runner import purge

    return purge(older_than_days=settings.JOBS_KEEP_DAYS)
