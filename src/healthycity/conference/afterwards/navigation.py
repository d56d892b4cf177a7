from django.utils.translation import gettext_lazy as _

from healthycity.core.navigation import NavItem

ITEMS = [
    NavItem("afterwards:current", _("My conference"), frozenset({"citizen", "delegate"}), order=74),
    NavItem(
        "afterwards:current_dashboard",
        _("Conference figures"),
        frozenset({"official", "admin"}),
        order=74,
    ),
]
