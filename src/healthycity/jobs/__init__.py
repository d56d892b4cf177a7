"""Background jobs: long work (imports, snapshots, PDFs, allocation solves) off the web request.

    from healthycity.jobs import enqueue, job_kind, JobError

`enqueue(kind, owner=…, params=…, files=…)` records a Job and runs the registered domain function
as a Celery task when REDIS_URL is set, in a thread of the web process otherwise (the same
function either way). The owner follows it at /jobs/<id>/ (a progress bar polled with HTMX) or
GET /api/v1/jobs/<id>/. See docs/architecture.md, "Background jobs".
"""

from healthycity.jobs.errors import JobError
from healthycity.jobs.registry import job_kind


def enqueue(kind, **kwargs):
    from healthycity.jobs.runner import enqueue as _enqueue

    return _enqueue(kind, **kwargs)


__all__ = ["JobError", "enqueue", "job_kind"]
