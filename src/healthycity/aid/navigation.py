from django.utils.translation import gettext_lazy as _

from healthycity.core.navigation import NavItem

ITEMS = [
    NavItem(
        "aid:programmes",
        _("Support programmes"),
        frozenset({"official", "admin", "worker", "partner"}),
        order=300,
    ),
    NavItem(
        "aid:donations", _("Donations"), frozenset({"official", "admin", "partner"}), order=310
    ),
    NavItem("aid:stock", _("Stock"), frozenset({"official", "admin"}), order=320),
]
