from django.utils.translation import gettext_lazy as _

from healthycity.core.navigation import NavItem

ITEMS = [
    NavItem("partners:catalogue", _("Products"), frozenset(), order=60),
    NavItem("partners:list", _("Partner companies"), frozenset({"official", "admin"}), order=61),
    NavItem("partners:mine", _("My company"), frozenset({"partner"}), order=20),
]
