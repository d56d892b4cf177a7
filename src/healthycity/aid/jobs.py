"""Background jobs of the aid app: solving a cycle's allocation (HiGHS may take minutes)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from healthycity.aid.domain import allocation as domain
from healthycity.aid.models import Cycle
from healthycity.jobs import JobError, job_kind


@job_kind(
    "aid.allocate",
    label=_("Allocation of a support cycle"),
    user_errors=(ValidationError,),
    time_limit=900,
    result_template="aid/_allocation_job.html",
)
def allocate(job, *, cycle: str) -> dict:
    """Solve the cycle's allocation as a dry run for the owner to review and approve. All of it
    is written in one transaction, so an attempt that fails leaves nothing and a retry makes
    one complete allocation."""
    if job.owner is None or not job.owner.has_perm("aid.manage_programme"):
        raise JobError(gettext_noop("You may not compute allocations."))
    found = Cycle.objects.filter(external_id=cycle).select_related("programme").first()
    if found is None:
        raise JobError(gettext_noop("This support cycle no longer exists."))
    with transaction.atomic():
        result = domain.allocate(cycle=found, by=job.owner)
    return {
        "allocation": str(result.external_id),
        "programme": str(found.programme.external_id),
        "objective": result.objective,
        "greedy_objective": result.greedy_objective,
        "solve_seconds": result.solve_seconds,
    }
