from django.utils.translation import gettext_lazy as _

from healthycity.core.navigation import NavItem

ITEMS = [
    NavItem(
        "indicators:benchmarks",
        _("City benchmarks"),
        frozenset({"official", "admin", "delegate"}),
        order=62,
    ),
]
