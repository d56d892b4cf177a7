"""What each role sees on its home page. Apps may add panels via `home_panels.py`
(a function `panels(user, role) -> list[dict]`), collected here."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext as _

from healthycity.accounts import roles
from healthycity.accounts.enums import Role
from healthycity.citizens.enums import IncomeBand
from healthycity.core.discovery import app_modules


def _core_panels(user, role: str) -> list[dict]:
    from healthycity.citizens.queries import citizens_visible_to

    panels: list[dict] = []
    if role in (Role.ADMIN, Role.OFFICIAL):
        from healthycity.places.models import District, WelfareCentre

        visible = citizens_visible_to(user)
        panels.append(
            {
                "title": _("Programme at a glance"),
                "stats": [
                    (_("Enrolled citizens"), visible.count()),
                    (_("Districts"), District.objects.count()),
                    (_("Welfare centres"), WelfareCentre.objects.count()),
                ],
            }
        )
    elif role == Role.WORKER:
        visible = citizens_visible_to(user)
        centres = [o.name for o in roles.organisations_of(user, Role.WORKER)]
        panels.append(
            {
                "title": _("My centre"),
                "text": ", ".join(centres),
                "stats": [(_("Citizens of my centre"), visible.count())],
            }
        )
        by_band = visible.values("income_band").annotate(n=Count("id")).order_by("income_band")
        panels.append(
            {
                "title": _("Citizens by income band"),
                "stats": [(IncomeBand(row["income_band"]).label, row["n"]) for row in by_band],
            }
        )
    elif role == Role.CITIZEN:
        citizen = roles.citizen_of(user)
        active = citizen.consents.active().values_list("purpose", flat=True)
        panels.append(
            {
                "title": _("My consents"),
                "stats": [(_("Active consents"), len(active))],
                "link": ("citizens:my_consents", _("Manage my consents")),
            }
        )
    elif role == Role.PARTNER:
        orgs = [o.name for o in roles.partner_organisations_of(user)]
        panels.append(
            {
                "title": _("My company"),
                "text": ", ".join(orgs)
                + " — "
                + _(
                    "You see aggregates only; groups smaller than the privacy threshold are hidden."
                ),
            }
        )
    elif role == Role.DELEGATE:
        orgs = [o.name for o in roles.organisations_of(user, Role.DELEGATE)]
        panels.append({"title": _("My city"), "text": ", ".join(orgs)})
    return panels


def panels_for(user, role: str) -> list[dict]:
    panels = _core_panels(user, role)
    for module in app_modules("home_panels", exclude=("core",)):
        panels.extend(module.panels(user, role))
    return panels
