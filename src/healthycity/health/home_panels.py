"""Home-page panels of the health app."""

from __future__ import annotations

from django.utils.translation import gettext as _

from healthycity.accounts import roles
from healthycity.accounts.enums import Role


def panels(user, role: str) -> list[dict]:
    if role == Role.CITIZEN:
        return [_citizen_panel(user)]
    if role == Role.WORKER:
        return [
            {
                "title": _("Health worklist"),
                "text": _(
                    "Your centre's citizens who consented to care, filterable by finding: possible sarcopenia, hypertension, no measurement for 6 months."
                ),
                "link": ("health:worklist", _("Open the worklist")),
            }
        ]
    return []


def _citizen_panel(user) -> dict:
    from healthycity.health.models import Measurement

    citizen = roles.citizen_of(user)
    last = Measurement.objects.filter(citizen=citizen).order_by("-taken_at").first()
    return {
        "title": _("My health"),
        "stats": [(_("Last measured"), f"{last.taken_at:%Y-%m-%d}" if last else _("never"))],
        "link": ("health:my_health", _("See my measurements and what they mean")),
    }
