"""Home-page panels of the feedback channel."""

from __future__ import annotations

from django.utils.translation import gettext as _

from healthycity.accounts import roles
from healthycity.core.privacy import small_cell_k
from healthycity.feedback.enums import FINAL_STATUSES
from healthycity.feedback.queries import held_for_moderation, own_reviews, reviews_visible_to
from healthycity.partners.cells import safe_count


def _shown(n: int) -> str | int:
    value = safe_count(n)
    return f"<{small_cell_k()}" if value is None else value


def panels(user, role: str) -> list[dict]:
    if role == "citizen":
        mine = own_reviews(user).filter(withdrawn_at__isnull=True)
        return [
            {
                "title": _("My reviews"),
                "text": _("Rate the partners' products and see what they did with your feedback."),
                "stats": [(_("My reviews"), mine.count())],
                "link": ("feedback:mine", _("My reviews")),
            }
        ]
    if role == "partner":
        orgs = roles.partner_organisations_of(user)
        open_ = reviews_visible_to(user).exclude(status__in=list(FINAL_STATUSES)).count()
        return [
            {
                "title": _("Citizens' feedback"),
                "stats": [(_("Open feedback on our products"), _shown(open_))],
                "link": ("feedback:inbox", _("Feedback inbox")),
            },
            *(
                [
                    {
                        "title": _("ESG impact report"),
                        "text": orgs[0].name,
                        "link": ("partners:mine", _("My company")),
                    }
                ]
                if orgs
                else []
            ),
        ]
    if role in ("official", "admin"):
        return [
            {
                "title": _("Moderation queue"),
                "stats": [(_("Reviews waiting for a moderator"), held_for_moderation().count())],
                "link": ("feedback:moderation", _("Moderation queue")),
            }
        ]
    return []
