"""Session feedback from attendees, and attendance certificates."""

from __future__ import annotations

from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from healthycity.core.models import BaseModel

COMMENT_LIMIT = 2000


class SessionFeedback(BaseModel):
    """One attendee's rating (1–5) and comment on one session; sending again replaces it."""

    session = models.ForeignKey(
        "conference.Session",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    registration = models.ForeignKey(
        "conference.Registration",
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="session_feedback",
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(
        _("comment"), blank=True, validators=[MaxLengthValidator(COMMENT_LIMIT)]
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        ordering = ["session", "-submitted_at"]
        verbose_name = _("session feedback")
        verbose_name_plural = _("session feedback")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "registration"], name="one_feedback_per_attendee_and_session"
            ),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} · {self.rating}"


class Certificate(BaseModel):
    """An attendance certificate: what was printed on it (name, affiliation, days attended) and
    the code that verifies it at /conference/certificates/<code>/."""

    registration = models.OneToOneField(
        "conference.Registration",
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="certificate",
    )
    code = models.CharField(_("verification code"), max_length=20, unique=True)
    name = models.CharField(_("name as printed"), max_length=200)
    affiliation = models.CharField(_("affiliation as printed"), max_length=200, blank=True)
    days = models.JSONField(_("days attended"), default=list)
    sessions = models.PositiveSmallIntegerField(_("limited sessions attended"), default=0)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("attendance certificate")
        verbose_name_plural = _("attendance certificates")

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"

    @property
    def display_code(self) -> str:
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))
