"""Home-page panels of the practice library: a delegate's city's practices and review sheets to
fill; the officials' review queue."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext as _

from healthycity.policies.cities import city_ids_of
from healthycity.policies.enums import PUBLISHABLE_OUTCOMES, PracticeStatus
from healthycity.policies.models import Practice
from healthycity.policies.queries import assignments_of


def _by_status(qs) -> dict[str, int]:
    return dict(qs.values_list("status").annotate(n=Count("id")).order_by())


def panels(user, role: str) -> list[dict]:
    if role == "delegate":
        counts = _by_status(Practice.objects.filter(city_id__in=city_ids_of(user)))
        to_review = assignments_of(user).filter(submitted_at__isnull=True).count()
        return [
            {
                "title": _("Practice library"),
                "text": _("Share your city's practices; review other cities' when asked."),
                "stats": [
                    (_("Drafts"), counts.get(PracticeStatus.DRAFT, 0)),
                    (_("In review"), counts.get(PracticeStatus.IN_REVIEW, 0)),
                    (_("Published"), counts.get(PracticeStatus.PUBLISHED, 0)),
                    (_("Reviews to do"), to_review),
                ],
                "link": ("policies:mine", _("Practices and reviews")),
            }
        ]
    if role in ("official", "admin"):
        counts = _by_status(Practice.objects.all())
        ready = Practice.objects.filter(
            status=PracticeStatus.IN_REVIEW, review_outcome__in=list(PUBLISHABLE_OUTCOMES)
        ).count()
        return [
            {
                "title": _("Practice library"),
                "stats": [
                    (_("Waiting for reviewers"), counts.get(PracticeStatus.SUBMITTED, 0)),
                    (_("In review"), counts.get(PracticeStatus.IN_REVIEW, 0)),
                    (_("Ready to publish"), ready),
                    (_("Published"), counts.get(PracticeStatus.PUBLISHED, 0)),
                ],
                "link": ("policies:mine", _("Review queue")),
            }
        ]
    return []
