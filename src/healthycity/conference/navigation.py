from django.utils.translation import gettext_lazy as _

from healthycity.core.navigation import NavItem

ITEMS = [
    NavItem("conference:events", _("Conference"), frozenset(), order=70),
]
