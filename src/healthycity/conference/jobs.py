"""Background jobs of the conference (healthycity.jobs): a delegate file uploaded by an official
and a batch of badges are long work, done off the web request with visible progress."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from healthycity.conference.enums import RegistrationStatus
from healthycity.conference.imports import ImportFailed, import_registrations
from healthycity.conference.models import Event, Registration
from healthycity.jobs import JobError, job_kind


def _event(job, slug: str) -> Event:
    """The event, if the job's owner may still run it (a job runs later, with the rights the
    owner has then)."""
    event = Event.objects.filter(slug=slug).first()
    if event is None:
        raise JobError(gettext_noop("There is no event “%(slug)s”."), slug=slug)
    if not job.owner.has_perm("conference.manage_event", event):
        raise JobError(gettext_noop("You no longer run this event."))
    return event


@job_kind(
    "conference.import",
    label=_("Registration import"),
    user_errors=(ImportFailed,),
    result_template="conference/_import_job.html",
)
def import_upload(
    job, *, event: str, file: str, file_name: str, category: str = "", dry_run: bool = False
) -> dict:
    """Import the stored upload for the event. A retried job finds the rows it already imported
    as duplicates (by e-mail, or name and phone), so nothing is registered twice."""
    the_event = _event(job, event)
    the_category = the_event.categories.filter(code=category).first() if category else None
    with job.open_input(file) as f:
        result = import_registrations(
            event=the_event,
            fileobj=f,
            file_name=file_name,
            category=the_category,
            dry_run=dry_run,
            by=job.owner,
            progress=job.progress,
        )
    return result.as_dict()


@job_kind("conference.badges", label=_("Badges (PDF)"), time_limit=3 * 3600)
def badges(job, *, event: str, categories: list[str] | None = None) -> dict:
    """Every confirmed registration's badge (or those of `categories`) as one A6 PDF."""
    from healthycity.conference.tickets import badges_pdf

    the_event = _event(job, event)
    registrations = (
        Registration.objects.filter(event=the_event, status=RegistrationStatus.CONFIRMED)
        .select_related("category", "ticket", "member_city")
        .order_by("category__order", "name", "id")
    )
    if categories:
        registrations = registrations.filter(category__code__in=categories)
    total = registrations.count()
    if total == 0:
        raise JobError(gettext_noop("There are no confirmed registrations to print."))
    job.progress(0, total)
    pdf = badges_pdf(
        the_event,
        registrations.iterator(chunk_size=500),
        language=translation.get_language(),
        progress=job.progress,
        total=total,
    )
    job.save_output(f"badges-{the_event.slug}.pdf", pdf, "application/pdf")
    return {"badges": total}
