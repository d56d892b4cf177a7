"""Home-page panels of the missions app."""

from __future__ import annotations

from django.utils.translation import gettext as _

from healthycity.accounts import roles
from healthycity.accounts.enums import Role


def panels(user, role: str) -> list[dict]:
    if role == Role.CITIZEN:
        from healthycity.missions.domain.points import balance

        citizen = roles.citizen_of(user)
        return [
            {
                "title": _("Walking missions"),
                "stats": [(_("My points"), f"{balance(citizen):,}")],
                "link": ("missions:mine", _("See my missions and progress")),
            }
        ]
    if role in (Role.OFFICIAL, Role.ADMIN):
        return [
            {
                "title": _("Walking missions"),
                "text": _(
                    "Define missions and their rules, follow participation and evaluate a change of rules."
                ),
                "link": ("missions:manage", _("Manage walking missions")),
            }
        ]
    return []
