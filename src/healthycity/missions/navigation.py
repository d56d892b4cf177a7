from django.utils.translation import gettext_lazy as _

from healthycity.core.navigation import NavItem

ITEMS = [
    NavItem("missions:mine", _("Walking missions"), frozenset({"citizen"}), order=22),
    NavItem("missions:manage", _("Walking missions"), frozenset({"official", "admin"}), order=58),
]
