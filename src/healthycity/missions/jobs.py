"""Background jobs of the missions app: after an official changes a mission's rules, the points
of every participant are worked out again off the web request."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from healthycity.jobs import JobError, job_kind


@job_kind(
    "missions.award",
    label=_("Points worked out again"),
    result_template="missions/_award_job.html",
)
def award_mission(job, *, mission: str) -> dict:
    from django.utils.translation import gettext_noop

    from healthycity.missions.domain.missions import award_participants
    from healthycity.missions.models import Mission

    found = Mission.objects.filter(external_id=mission).first()
    if found is None:
        raise JobError(gettext_noop("The mission no longer exists."))
    lines = award_participants(mission=found, progress=job.progress)
    return {"mission": mission, "ledger_lines": lines}
