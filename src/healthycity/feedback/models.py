"""Citizens' product reviews, partner replies, the status history, and per product×month figures."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from healthycity.core.models import AppendOnlyModel, BaseModel
from healthycity.feedback.enums import FeedbackStatus, Language, Moderation
from healthycity.feedback.validators import REPLY_MAX_CHARS, REVIEW_MAX_CHARS


class ReviewQuerySet(models.QuerySet):
    def public(self):
        """What anyone may read: approved by the checks (or a moderator) and not withdrawn."""
        return self.filter(moderation=Moderation.APPROVED, withdrawn_at__isnull=True)


class Review(BaseModel):
    """A citizen's rating (1–5) and text about a product. The text is stored already masked
    (phone numbers, resident registration numbers and e-mail addresses never reach the table)."""

    product = models.ForeignKey(
        "partners.Product",
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    citizen = models.ForeignKey(
        "citizens.Citizen", verbose_name=_("citizen"), on_delete=models.CASCADE, related_name="+"
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    text = models.TextField(_("review"), max_length=REVIEW_MAX_CHARS)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    masked = models.JSONField(_("masked personal data"), default=list, blank=True)
    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.APPROVED
    )
    moderation_note = models.CharField(_("moderation note"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=15, choices=FeedbackStatus.choices, default=FeedbackStatus.RECEIVED
    )
    period = models.CharField(_("month"), max_length=7, db_index=True)  # YYYY-MM of submission
    submitted_at = models.DateTimeField(_("submitted at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    # Derived by feedback.analysis when the text is saved.
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    sentiment = models.FloatField(_("sentiment"), default=0.0)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="review_rating_1_to_5"
            )
        ]
        indexes = [
            models.Index(fields=["product", "period"]),
            models.Index(fields=["moderation", "withdrawn_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.product} ★{self.rating}"

    @property
    def is_public(self) -> bool:
        return self.moderation == Moderation.APPROVED and self.withdrawn_at is None


class Reply(BaseModel):
    """A partner's public reply to a review."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="replies")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("reply"), max_length=REPLY_MAX_CHARS)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("reply")
        verbose_name_plural = _("replies")


class StatusChange(AppendOnlyModel):
    """One step of a review's history ("you said, we did"). Append-only."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    from_status = models.CharField(
        _("from"), max_length=15, choices=FeedbackStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=15, choices=FeedbackStatus.choices)
    note = models.CharField(_("what we did"), max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")


class ProductPeriodStats(models.Model):
    """Pre-aggregated public reviews of one product in one month, so dashboards never scan
    reviews. Rebuilt by `feedback.domain.stats.refresh_stats` whenever a review changes."""

    product = models.ForeignKey("partners.Product", on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=7)  # YYYY-MM
    reviews = models.PositiveIntegerField(default=0)
    rating_counts = models.JSONField(default=dict)  # {"1": n, …, "5": n}
    rating_sum = models.PositiveIntegerField(default=0)
    sentiment_sum = models.FloatField(default=0.0)
    keyword_counts = models.JSONField(default=dict)  # {keyword: reviews mentioning it}
    status_counts = models.JSONField(default=dict)  # {status: n}
    replied = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["product", "period"], name="one_stats_row_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.product_id} {self.period}: {self.reviews}"
