from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class FeedbackStatus(models.TextChoices):
    """What came of a piece of feedback, visible to the citizen ("you said, we did")."""

    RECEIVED = "received", pgettext_lazy("feedback status", "Received")
    UNDER_REVIEW = "under_review", pgettext_lazy("feedback status", "Under review")
    PLANNED = "planned", pgettext_lazy("feedback status", "Planned")
    DONE = "done", pgettext_lazy("feedback status", "Done")
    DECLINED = "declined", pgettext_lazy("feedback status", "Declined")


# Forward-only: each status may move to those listed; done and declined are final.
STATUS_ORDER = [
    FeedbackStatus.RECEIVED,
    FeedbackStatus.UNDER_REVIEW,
    FeedbackStatus.PLANNED,
    FeedbackStatus.DONE,
]
FINAL_STATUSES = {FeedbackStatus.DONE, FeedbackStatus.DECLINED}
ACTED_ON_STATUSES = {FeedbackStatus.PLANNED, FeedbackStatus.DONE}


def allowed_next(status: str) -> list[FeedbackStatus]:
    current = FeedbackStatus(status)
    if current in FINAL_STATUSES:
        return []
    later = STATUS_ORDER[STATUS_ORDER.index(current) + 1 :]
    return [*later, FeedbackStatus.DECLINED]


class Moderation(models.TextChoices):
    APPROVED = "approved", _("Public")
    HELD = "held", _("Held for moderation")
    REJECTED = "rejected", _("Rejected by a moderator")


class Language(models.TextChoices):
    KOREAN = "ko", _("Korean")
    ENGLISH = "en", _("English")
