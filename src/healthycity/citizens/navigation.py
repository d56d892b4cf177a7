from django.utils.translation import gettext_lazy as _

from healthycity.core.navigation import NavItem

ITEMS = [
    NavItem("citizens:list", _("Citizens"), frozenset({"official", "worker", "admin"}), order=10),
    NavItem("citizens:my_consents", _("My consents"), frozenset({"citizen"}), order=80),
]
