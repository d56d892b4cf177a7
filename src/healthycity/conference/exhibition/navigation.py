from django.utils.translation import gettext_lazy as _

from healthycity.core.navigation import NavItem

ITEMS = [
    NavItem("exhibition:current", _("Exhibition"), frozenset(), order=72),
    NavItem("exhibition:desk_list", _("Booth desk"), frozenset({"partner"}), order=25),
]
