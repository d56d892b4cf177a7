"""The call for abstracts: submissions, review criteria (data, not code) and reviews."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from healthycity.conference.enums import AbstractFormat, AbstractStatus, SessionLanguage
from healthycity.core.models import BaseModel
from healthycity.places.models import BilingualName


class ReviewCriterion(BilingualName, BaseModel):
    """One scored criterion of the review (e.g. relevance to healthy cities, 1–5, weight 2)."""

    event = models.ForeignKey(
        "conference.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    max_score = models.PositiveSmallIntegerField(
        _("highest score"), default=5, validators=[MinValueValidator(1)]
    )
    weight = models.DecimalField(
        pgettext_lazy("review criterion", "weight"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["event", "order", "id"]
        verbose_name = _("review criterion")
        verbose_name_plural = _("review criteria")


class Abstract(BaseModel):
    """A submission to the call for abstracts by anyone with an account."""

    event = models.ForeignKey(
        "conference.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="abstracts",
    )
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="conference_abstracts",
    )
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("abstract"), max_length=5000)
    language = models.CharField(_("language"), max_length=2, choices=SessionLanguage.choices)
    format = models.CharField(_("format"), max_length=10, choices=AbstractFormat.choices)
    track = models.ForeignKey(
        "conference.Track",
        verbose_name=_("track"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="abstracts",
    )
    presenter_name = models.CharField(_("presenter"), max_length=200)
    affiliation = models.CharField(_("city or organisation"), max_length=200)
    co_authors = models.CharField(_("co-authors"), max_length=500, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AbstractStatus.choices,
        default=AbstractStatus.SUBMITTED,
        db_index=True,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("note to the submitter"), blank=True)

    class Meta:
        ordering = ["event", "-created_at", "id"]
        verbose_name = _("abstract")
        verbose_name_plural = _("abstracts")

    def __str__(self) -> str:
        return self.title


class AbstractReview(BaseModel):
    """One official's review of one abstract: a score per criterion and a comment."""

    abstract = models.ForeignKey(
        Abstract, verbose_name=_("abstract"), on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["abstract", "created_at"]
        verbose_name = _("abstract review")
        verbose_name_plural = _("abstract reviews")
        constraints = [
            models.UniqueConstraint(fields=["abstract", "reviewer"], name="one_review_per_reviewer")
        ]

    def __str__(self) -> str:
        return f"{self.abstract} · {self.reviewer}"


class ReviewScore(models.Model):
    review = models.ForeignKey(AbstractReview, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(ReviewCriterion, on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField(_("score"))

    class Meta:
        verbose_name = _("review score")
        verbose_name_plural = _("review scores")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"
