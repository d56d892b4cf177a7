"""Background jobs of the indicators app: an indicator file uploaded in the browser is imported
by a worker (healthycity.jobs; in-process in the embedded default), never inside the request."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _

from healthycity.jobs import job_kind
from healthycity.policies.indicators.imports import ImportFailed, import_file


@job_kind(
    "indicators.import",
    label=_("Indicator file import"),
    user_errors=(ImportFailed,),
    time_limit=2 * 3600,
    result_template="indicators/_import_job.html",
)
def import_upload(job, *, file: str, kind: str, file_name: str, dry_run: bool = False) -> dict:
    """Import the stored upload for the job's owner (a delegate: their own city only). A retry
    reads the same file again and, imports being idempotent, adds nothing twice."""
    result = import_file(
        path=default_storage.path(file),
        kind=kind,
        by=job.owner,
        dry_run=dry_run,
        file_name=file_name,
        progress=job.progress,
    )
    return {
        **result.as_dict(),
        "file_name": file_name,
        "dry_run": dry_run,
        "batch": str(result.batch.external_id) if result.batch else None,
    }
