from django.utils.translation import gettext_lazy as _

from healthycity.core.navigation import NavItem

ITEMS = [
    NavItem("policies:library", _("Practice library"), frozenset(), order=80),
    NavItem(
        "policies:mine",
        _("Practices and reviews"),
        frozenset({"delegate", "official", "admin"}),
        order=81,
    ),
]
