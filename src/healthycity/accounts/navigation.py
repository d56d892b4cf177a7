from django.utils.translation import gettext_lazy as _

from healthycity.core.navigation import NavItem

ITEMS = [
    NavItem("home", _("Home"), order=0),
    NavItem("access_log", _("Access log"), frozenset({"official", "admin"}), order=900),
]
