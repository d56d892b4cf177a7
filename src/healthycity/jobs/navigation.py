from django.utils.translation import gettext_lazy as _

from healthycity.core.navigation import NavItem

# Staff start long work (imports, reports, solves); citizens do not, so the menu stays short.
ITEMS = [
    NavItem(
        "jobs:list",
        _("My jobs"),
        frozenset({"official", "worker", "partner", "delegate", "admin"}),
        order=90,
    ),
]
