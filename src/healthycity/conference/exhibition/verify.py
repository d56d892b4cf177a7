"""Data checks of the exhibition for `healthycity verify` (see core/verify.py)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from healthycity.core.verify import Report, verify_check


@verify_check("exhibition.booths", label=gettext_lazy("Booths fit their halls and do not overlap"))
def booths() -> Report:
    """Re-checks every booth against the halls' data file (which may have been replaced by the
    venue's CAD outlines since the plan was loaded)."""
    from healthycity.conference.exhibition.floorplan.geometry import footprint_errors
    from healthycity.conference.exhibition.models import Booth

    by_event: dict[int, list] = {}
    for booth in Booth.objects.select_related("event").order_by("event_id", "number"):
        by_event.setdefault(booth.event_id, []).append(booth)
    problems = []
    for plan in by_event.values():
        footprints = [b.footprint for b in plan]
        for booth, fp in zip(plan, footprints, strict=True):
            for message in footprint_errors(fp, footprints).values():
                problems.append(f"{booth.event.slug} {booth.number}: {message}")
    count = sum(len(plan) for plan in by_event.values())
    return Report(summary=_("%(n)s booths") % {"n": count}, problems=problems)


@verify_check(
    "exhibition.slips", label=gettext_lazy("Booth results are kept no longer than needed")
)
def slips() -> Report:
    """No result slip past its claim date still holds values, and no filed or claimed result
    keeps a copy of the values it put into a health record."""
    from healthycity.conference.exhibition.enums import MeasurementStatus
    from healthycity.conference.exhibition.models import BoothMeasurement

    now = timezone.now()
    overdue = BoothMeasurement.objects.filter(
        status=MeasurementStatus.SLIP, claim_expires_at__lt=now
    ).count()
    copies = (
        BoothMeasurement.objects.exclude(status=MeasurementStatus.SLIP).exclude(values={}).count()
    )
    problems = []
    if overdue:
        problems.append(
            _(
                "%(n)s result slips are past their claim date and still hold values: run `healthycity exhibition expire-slips`."
            )
            % {"n": overdue}
        )
    if copies:
        problems.append(
            _("%(n)s filed, claimed or expired results still hold values.") % {"n": copies}
        )
    waiting = BoothMeasurement.objects.filter(status=MeasurementStatus.SLIP).count()
    return Report(
        summary=_("%(n)s slips waiting to be claimed") % {"n": waiting}, problems=problems
    )


@verify_check("exhibition.leads", label=gettext_lazy("Leads still find their visits"))
def lead_keys() -> Report:
    """A visit holds a keyed hash of the registration (SECRET_KEY): if the key changed, consents
    no longer find the visits they were given for, and exhibitors lose leads in silence."""
    from healthycity.conference.exhibition.domain.keys import visitor_key
    from healthycity.conference.exhibition.models import LeadConsent

    stale = [
        c
        for c in LeadConsent.objects.active()
        .select_related("registration")
        .iterator(chunk_size=2000)
        if c.visitor_key != visitor_key(c.registration)
    ]
    problems = []
    if stale:
        problems.append(
            _(
                "%(n)s active consents were given under another SECRET_KEY; their visits are no longer linked."
            )
            % {"n": len(stale)}
        )
    return Report(
        summary=_("%(n)s active consents") % {"n": LeadConsent.objects.active().count()},
        problems=problems,
    )
