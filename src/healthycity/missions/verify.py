"""Data checks of the missions app for `healthycity verify` (see core/verify.py)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from healthycity.core.verify import Report, verify_check


@verify_check("missions.append_only", label=gettext_lazy("The points ledger is append-only"))
def append_only() -> Report:
    from healthycity.core.checks_data import append_only_problems
    from healthycity.missions.models import PointsEntry

    problems = append_only_problems(PointsEntry._meta.db_table)
    return Report(summary=_("UPDATE and DELETE refused by the database"), problems=problems)


@verify_check("missions.points", label=gettext_lazy("Points only for days that met their goal"))
def points() -> Report:
    """Per (citizen, mission, day): the ledger's lines add up to zero or more, and a day with
    points met its goal (a recorded mission day, met and not flagged); weeks never go below
    zero. What the lines add up to is what the day is owed (docs/missions.md)."""
    from healthycity.missions.models import MissionDay, PointsEntry

    totals = PointsEntry.objects.values("citizen_id", "mission_id", "kind", "on").annotate(
        total=Sum("points")
    )
    negative = totals.filter(total__lt=0)
    met = MissionDay.objects.filter(
        citizen_id=OuterRef("citizen_id"),
        mission_id=OuterRef("mission_id"),
        date=OuterRef("on"),
        met=True,
        flagged=False,
    )
    unearned = (
        totals.filter(kind="day", total__gt=0).annotate(earned=Exists(met)).filter(Q(earned=False))
    )
    problems = [
        _("mission %(mission)s, citizen %(citizen)s, %(kind)s of %(on)s: %(total)s points")
        % {
            "mission": r["mission_id"],
            "citizen": r["citizen_id"],
            "kind": r["kind"],
            "on": r["on"],
            "total": r["total"],
        }
        for r in list(negative[:20]) + list(unearned[:20])
    ]
    return Report(
        summary=_("%(n)s ledger lines") % {"n": PointsEntry.objects.count()}, problems=problems
    )
