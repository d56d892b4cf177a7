"""Peer review of practices (two reviewers from other cities, scored on the rubric of
policies/data/rubric.toml) and nominations for the AFHC awards at the conference."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from healthycity.core.models import BaseModel
from healthycity.policies.enums import ReviewOutcome


class ReviewAssignment(BaseModel):
    """A reviewer asked to review a practice in one review round, and what they answered."""

    practice = models.ForeignKey(
        "policies.Practice", on_delete=models.CASCADE, related_name="reviews"
    )
    round = models.PositiveSmallIntegerField(_("review round"), default=1)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="practice_reviews",
    )
    reviewer_city = models.ForeignKey(
        "places.MemberCity",
        verbose_name=_("reviewer's city"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # {criterion code: true/false} for exclusion criteria, {criterion code: 1…5} for the others.
    exclusion = models.JSONField(_("exclusion criteria"), default=dict, blank=True)
    scores = models.JSONField(_("scores"), default=dict, blank=True)
    recommendation = models.CharField(
        _("recommendation"), max_length=16, choices=ReviewOutcome.choices, blank=True
    )
    comments = models.TextField(_("comments"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        ordering = ["round", "created_at", "id"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "round", "reviewer"], name="one_review_per_reviewer_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.practice_id} r{self.round} by {self.reviewer_id}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Nomination(BaseModel):
    """A published practice nominated for an AFHC award category at a conference."""

    practice = models.ForeignKey(
        "policies.Practice", on_delete=models.CASCADE, related_name="nominations"
    )
    category = models.CharField(_("award category"), max_length=40)
    conference_year = models.PositiveSmallIntegerField(_("conference year"))
    reason = models.TextField(_("why"), blank=True)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-conference_year", "category", "id"]
        verbose_name = _("award nomination")
        verbose_name_plural = _("award nominations")
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "category", "conference_year"], name="one_nomination_each"
            )
        ]

    def __str__(self) -> str:
        return f"{self.practice_id} → {self.category} {self.conference_year}"
