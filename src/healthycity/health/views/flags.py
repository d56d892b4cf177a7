"""Why a day of steps earns nothing, in the reader's language (docs/methods.md, "Plausibility of
steps")."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from healthycity.health.enums import PlausibilityReason
from healthycity.health.imports.wearables.limits import limits
from healthycity.health.models import StepsFlag


def explain(flag: StepsFlag) -> str:
    at = timezone.localtime(flag.at) if flag.at else None
    value = f"{flag.value:,.0f}" if flag.value is not None else "?"
    if flag.reason == PlausibilityReason.CADENCE:
        return _(
            "At %(time)s, %(source)s counted %(value)s steps a minute; nobody walks or runs faster than %(limit)s a minute for a whole minute."
        ) % {
            "time": f"{at:%H:%M}" if at else "?",
            "source": flag.source or _("a device"),
            "value": value,
            "limit": f"{limits().max_cadence:,.0f}",
        }
    if flag.reason == PlausibilityReason.DAILY_LIMIT:
        return _("%(value)s steps in one day is more than %(limit)s.") % {
            "value": value,
            "limit": f"{limits().max_daily_steps:,}",
        }
    return _(
        "From %(time)s for an hour, %(source)s counted %(value)s steps while the watch you were wearing counted none."
    ) % {
        "time": f"{at:%H:%M}" if at else "?",
        "source": flag.source or _("the phone"),
        "value": value,
    }


def flagged_days(steps, limit: int = 30) -> list[dict]:
    """The flagged days among `steps` (DailySteps, oldest first), newest first, with the reasons
    (one query)."""
    days = [d for d in steps if d.flagged][-limit:][::-1]
    flags: dict[int, list[str]] = {}
    for flag in StepsFlag.objects.filter(day__in=[d.pk for d in days]).order_by("at", "id"):
        flags.setdefault(flag.day_id, []).append(explain(flag))
    return [{"day": d, "reasons": flags.get(d.pk, [])} for d in days]
