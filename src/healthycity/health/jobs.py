"""Background jobs of the health app: a device file uploaded in the browser or through the API
is imported by a worker (healthycity.jobs), not inside the web request."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from healthycity.health.enums import Context
from healthycity.health.imports import ImportFailed, import_file
from healthycity.jobs import job_kind


@job_kind(
    "health.import",
    label=_("Device file import"),
    user_errors=(ImportFailed,),
    time_limit=2 * 3600,
    result_template="health/_import_job.html",
)
def import_upload(
    job,
    *,
    file: str,
    kind: str,
    file_name: str,
    dry_run: bool = False,
    context: str = Context.CENTRE,
    place: str = "",
    citizen: str | None = None,
) -> dict:
    """Import the stored upload `file` for the job's owner (scoped as the owner: a worker files
    only their centre's citizens). A retried job reads the same file again and, imports being
    idempotent, adds nothing twice (its rows count as duplicates). Result: the row accounting
    and the batch, whose quarantine page lists the rejected rows."""
    subject = None
    if citizen:
        from healthycity.citizens.models import Citizen

        subject = Citizen.objects.filter(external_id=citizen).first()
    with job.open_input(file) as f:
        result = import_file(
            fileobj=f,
            kind=kind,
            by=job.owner,
            citizen=subject,
            dry_run=dry_run,
            file_name=file_name,
            context=context,
            place=place,
            progress=job.progress,
        )
    summary = {key: value for key, value in result.as_dict().items() if key != "report"}
    return {
        **summary,
        "kind": kind,
        "file_name": file_name,
        "dry_run": dry_run,
        "batch": str(result.batch.external_id) if result.batch else None,
        "ignored_columns": result.ignored_columns,
    }


@job_kind(
    "health.import_wearable",
    label=_("Phone or watch export"),
    user_errors=(ImportFailed,),
    time_limit=4 * 3600,
    result_template="health/_wearable_job.html",
)
def import_wearable(job, *, file: str, kind: str, file_name: str, citizen: str) -> dict:
    """Import a citizen's own phone or watch export (uploaded on the portal by the citizen, or
    by a worker for a citizen of their centre), scoped as the job's owner. Result: the record
    accounting, what happened to the days of steps, and the latest day now recorded."""
    from healthycity.accounts import roles
    from healthycity.citizens.models import Citizen
    from healthycity.health.models import DailySteps

    subject = Citizen.objects.filter(external_id=citizen).first()
    with job.open_input(file) as f:
        result = import_file(
            fileobj=f, kind=kind, by=job.owner, citizen=subject, file_name=file_name,
            progress=job.progress,
        )  # fmt: skip
    latest = (
        DailySteps.objects.filter(citizen=subject, batch=result.batch).order_by("-date").first()
        if result.batch
        else None
    )
    summary = {key: value for key, value in result.as_dict().items() if key != "report"}
    return {
        **summary,
        "kind": kind,
        "file_name": file_name,
        "citizen": citizen,
        "own": getattr(roles.citizen_of(job.owner), "pk", None) == getattr(subject, "pk", -1),
        "batch": str(result.batch.external_id) if result.batch else None,
        "latest": {
            "date": latest.date.isoformat(),
            "steps": latest.steps,
            "flagged": latest.flagged,
        }
        if latest
        else None,
    }
