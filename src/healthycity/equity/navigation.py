from django.utils.translation import gettext_lazy as _

from healthycity.core.navigation import NavItem

ITEMS = [
    NavItem(
        "equity:dashboard",
        _("Health equity"),
        frozenset({"official", "admin", "partner", "delegate"}),
        order=30,
    ),
]
