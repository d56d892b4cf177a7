"""Home-page panels of the aid app."""

from __future__ import annotations

from django.db.models import Sum
from django.utils.translation import gettext as _

from healthycity.aid import queries
from healthycity.aid.enums import EnrolmentStatus, LotStatus


def panels(user, role: str) -> list[dict]:
    if role in ("official", "admin"):
        lots = queries.lots_visible_to(user)
        return [
            {
                "title": _("Support programmes"),
                "stats": [
                    (_("Programmes"), queries.programmes_visible_to(user).count()),
                    (
                        _("Enrolled"),
                        queries.enrolments_visible_to(user)
                        .filter(status=EnrolmentStatus.ENROLLED)
                        .count(),
                    ),
                    (_("Lots to receive"), lots.filter(status=LotStatus.REGISTERED).count()),
                    (_("Hand-overs"), queries.handovers_visible_to(user).count()),
                ],
                "link": ("aid:programmes", _("Support programmes")),
            }
        ]
    if role == "worker":
        return [
            {
                "title": _("Support programmes"),
                "stats": [
                    (
                        _("Enrolled at my centre"),
                        queries.enrolments_visible_to(user)
                        .filter(status=EnrolmentStatus.ENROLLED)
                        .count(),
                    ),
                    (_("Hand-overs"), queries.handovers_visible_to(user).count()),
                ],
                "link": ("aid:programmes", _("Support programmes")),
            }
        ]
    if role == "partner":
        lots = queries.lots_visible_to(user)
        return [
            {
                "title": _("My donations"),
                "stats": [
                    (_("Lots"), lots.count()),
                    (_("Units donated"), lots.aggregate(n=Sum("quantity"))["n"] or 0),
                ],
                "link": ("aid:donations", _("Donations")),
            }
        ]
    return []
