"""Home-page panel: where the health-equity dashboard is, for those who may see it."""

from django.utils.translation import gettext as _


def panels(user, role) -> list[dict]:
    if not user.has_perm("equity.view_dashboard"):
        return []
    from healthycity.equity.snapshot import available_periods

    periods = available_periods()
    return [
        {
            "title": _("Health equity"),
            "text": _("Who carries the burden, how large the gap is, and whether it narrows."),
            "stats": [(_("Latest snapshot"), periods[-1] if periods else _("none yet"))],
            "link": ("equity:dashboard", _("Open the dashboard")),
        }
    ]
