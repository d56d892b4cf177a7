"""Where a practice was presented: a conference session (item 8 of issue 11)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from healthycity.core.models import BaseModel


class PracticePresentation(BaseModel):
    """A conference session presents a practice. The practice page lists these."""

    practice = models.ForeignKey(
        "policies.Practice", on_delete=models.CASCADE, related_name="presentations"
    )
    session = models.ForeignKey(
        "conference.Session",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="practice_links",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["session__starts_at", "id"]
        verbose_name = _("presentation at a session")
        verbose_name_plural = _("presentations at sessions")
        constraints = [
            models.UniqueConstraint(fields=["practice", "session"], name="one_link_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.practice_id} @ {self.session_id}"
