from django.utils.translation import gettext_lazy as _

from healthycity.core.navigation import NavItem

ITEMS = [
    NavItem("health:my_health", _("My health"), frozenset({"citizen"}), order=20),
    NavItem("health:worklist", _("Worklist"), frozenset({"worker"}), order=20),
    NavItem("health:upload", _("Upload device file"), frozenset({"worker"}), order=25),
]
