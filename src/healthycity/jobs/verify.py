"""Data checks of background jobs for `healthycity verify` (see core/verify.py)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from healthycity.core.verify import Report, verify_check
from healthycity.jobs.enums import JobState
from healthycity.jobs.models import Job


@verify_check("jobs.workers", label=gettext_lazy("No job left behind by a stopped worker"))
def workers() -> Report:
    stale = timezone.now() - timedelta(seconds=settings.JOBS_LEASE_SECONDS)
    lost = Job.objects.filter(state=JobState.RUNNING, heartbeat_at__lt=stale).count()
    waiting = timezone.now() - timedelta(seconds=settings.JOBS_RESEND_AFTER)
    stuck = Job.objects.filter(state=JobState.QUEUED, updated_at__lt=waiting).count()
    problems = []
    if lost:
        problems.append(
            _("%(n)s running jobs lost their worker (healthycity jobs recover restarts them)")
            % {"n": lost}
        )
    if stuck:
        problems.append(
            _("%(n)s jobs have waited more than 10 minutes for a worker: is one running?")
            % {"n": stuck}
        )
    running = Job.objects.filter(state__in=[JobState.QUEUED, JobState.RUNNING]).count()
    return Report(summary=_("%(n)s queued or running") % {"n": running}, problems=problems)


@verify_check("jobs.files", label=gettext_lazy("Uploads are deleted once imported"))
def files() -> Report:
    """Uploads hold personal data: none may stay behind a finished job, and no folder may
    belong to a job that does not exist."""
    try:
        folders, _files = default_storage.listdir("jobs")
    except (FileNotFoundError, NotImplementedError, OSError):
        return Report(summary=_("no job files"))
    known = {
        str(external_id): state
        for external_id, state in Job.objects.filter(external_id__in=folders).values_list(
            "external_id", "state"
        )
    }
    problems = []
    for folder in folders:
        state = known.get(folder)
        if state is None:
            problems.append(_("jobs/%(id)s belongs to no job") % {"id": folder})
            continue
        try:
            _dirs, uploads = default_storage.listdir(f"jobs/{folder}/in")
        except (FileNotFoundError, OSError):
            uploads = []
        if uploads and state in (JobState.DONE, JobState.FAILED):
            problems.append(
                _("jobs/%(id)s/in still holds %(n)s uploads of a finished job")
                % {"id": folder, "n": len(uploads)}
            )
    return Report(summary=_("%(n)s job folders") % {"n": len(folders)}, problems=problems)
