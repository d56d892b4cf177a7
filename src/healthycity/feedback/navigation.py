from django.utils.translation import gettext_lazy as _

from healthycity.core.navigation import NavItem

ITEMS = [
    NavItem("feedback:mine", _("My reviews"), frozenset({"citizen"}), order=70),
    NavItem("feedback:inbox", _("Feedback"), frozenset({"partner", "official", "admin"}), order=62),
    NavItem("feedback:moderation", _("Moderation"), frozenset({"official", "admin"}), order=63),
]
