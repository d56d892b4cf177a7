"""Practice records of the AFHC practice library: the practice, its themes and target groups
(tags), its results with intervals, attachments and the append-only history of its states."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from healthycity.core.i18n import in_language
from healthycity.core.models import AppendOnlyModel, BaseModel
from healthycity.policies.enums import (
    EvaluationType,
    Licence,
    PracticeStatus,
    ResultGroup,
    ReviewOutcome,
    TagKind,
)


class PracticeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PracticeStatus.PUBLISHED)


class Practice(BaseModel):
    """A city's practice: texts in Korean and English (and the original language), what it did,
    with whom, for whom, what it cost, what it achieved and for which groups, and its review."""

    city = models.ForeignKey(
        "places.MemberCity",
        verbose_name=_("city"),
        on_delete=models.PROTECT,
        related_name="practices",
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=PracticeStatus.choices,
        default=PracticeStatus.DRAFT,
        db_index=True,
    )
    original_language = models.CharField(_("original language"), max_length=12, default="ko")
    title_ko = models.CharField(_("title (Korean)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title_original = models.CharField(_("title (original language)"), max_length=300, blank=True)
    summary_ko = models.TextField(_("summary (Korean)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    summary_original = models.TextField(_("summary (original language)"), blank=True)
    body_ko = models.TextField(_("description (Korean)"), blank=True)
    body_en = models.TextField(_("description (English)"), blank=True)
    body_original = models.TextField(_("description (original language)"), blank=True)
    partners = models.JSONField(_("intersectoral partners"), default=list, blank=True)
    period_start = models.DateField(_("started on"), null=True, blank=True)
    period_end = models.DateField(_("ended on"), null=True, blank=True)
    budget_amount = models.DecimalField(
        _("budget"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    budget_currency = models.CharField(_("currency"), max_length=3, blank=True)
    budget_note = models.CharField(_("budget note"), max_length=300, blank=True)
    evaluation_type = models.CharField(
        _("evaluation design"),
        max_length=16,
        choices=EvaluationType.choices,
        default=EvaluationType.NONE,
    )
    evidence_level = models.PositiveSmallIntegerField(_("evidence level"), default=5)
    equity_effect_ko = models.TextField(_("equity effect (Korean)"), blank=True)
    equity_effect_en = models.TextField(_("equity effect (English)"), blank=True)
    transferability_ko = models.TextField(_("transferability notes (Korean)"), blank=True)
    transferability_en = models.TextField(_("transferability notes (English)"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    licence = models.CharField(
        _("licence"), max_length=24, choices=Licence.choices, default=Licence.CC_BY
    )
    review_round = models.PositiveSmallIntegerField(_("review round"), default=0)
    review_outcome = models.CharField(
        _("review outcome"), max_length=16, choices=ReviewOutcome.choices, blank=True
    )
    review_reasons = models.TextField(_("reasons of the review"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # Where a draft came from when the platform wrote it (e.g. {"kind": "aid_programme", …}).
    source = models.JSONField(_("source"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Search text, normalised by policies.search.normalise (Korean morphemes through kiwipiepy,
    # English stems) whenever the practice is saved; indexed by PostgreSQL full-text search or
    # SQLite FTS5 (migration 0002).
    search_title = models.TextField(blank=True, editable=False, default="")
    search_summary = models.TextField(blank=True, editable=False, default="")
    search_body = models.TextField(blank=True, editable=False, default="")

    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at", "-id"]
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        indexes = [
            models.Index(fields=["status", "-published_at"]),
            models.Index(fields=["city", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__isnull=True)
                | models.Q(period_start__isnull=True)
                | models.Q(period_end__gte=models.F("period_start")),
                name="practice_period_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.title or str(self.external_id)

    def _pick(self, field: str) -> str:
        ko, en, original = (getattr(self, f"{field}_{s}", "") for s in ("ko", "en", "original"))
        first, second = (en, ko) if in_language("ko", "en") == "en" else (ko, en)
        return first or second or original

    @property
    def title(self) -> str:
        return self._pick("title")

    @property
    def summary(self) -> str:
        return self._pick("summary")

    @property
    def body(self) -> str:
        return self._pick("body")

    @property
    def equity_effect(self) -> str:
        return in_language(self.equity_effect_ko, self.equity_effect_en) or (
            self.equity_effect_ko or self.equity_effect_en
        )

    @property
    def transferability(self) -> str:
        return in_language(self.transferability_ko, self.transferability_en) or (
            self.transferability_ko or self.transferability_en
        )

    def codes(self, kind: str) -> list[str]:
        return [t.code for t in self.tags.all() if t.kind == kind]

    @property
    def themes(self) -> list[str]:
        return self.codes(TagKind.THEME)

    @property
    def target_groups(self) -> list[str]:
        return self.codes(TagKind.TARGET_GROUP)


class PracticeTag(models.Model):
    """A theme or target group of a practice (one row each, so facets are a GROUP BY)."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="tags")
    kind = models.CharField(max_length=16, choices=TagKind.choices)
    code = models.CharField(max_length=40)

    class Meta:
        ordering = ["kind", "code"]
        constraints = [
            models.UniqueConstraint(fields=["practice", "kind", "code"], name="one_tag_per_code")
        ]
        indexes = [models.Index(fields=["kind", "code"])]

    def __str__(self) -> str:
        return f"{self.kind}:{self.code}"


class PracticeResult(models.Model):
    """One measured result: an outcome indicator for everyone or for a group, with its interval."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="results")
    position = models.PositiveSmallIntegerField(default=0)
    indicator = models.CharField(_("outcome indicator"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    group_by = models.CharField(
        _("group"), max_length=16, choices=ResultGroup.choices, default=ResultGroup.ALL
    )
    group = models.CharField(_("group value"), max_length=60, blank=True)
    group_label = models.CharField(_("group name"), max_length=120, blank=True)
    baseline = models.FloatField(_("baseline"), null=True, blank=True)
    value = models.FloatField(_("follow-up"), null=True, blank=True)
    estimate = models.FloatField(_("effect estimate"), null=True, blank=True)
    ci_low = models.FloatField(_("interval low"), null=True, blank=True)
    ci_high = models.FloatField(_("interval high"), null=True, blank=True)
    n = models.PositiveIntegerField(_("people"), null=True, blank=True)
    suppressed = models.BooleanField(_("suppressed (small group)"), default=False)
    method = models.CharField(_("method"), max_length=400, blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("result")
        verbose_name_plural = _("results")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ci_low__isnull=True)
                | models.Q(ci_high__isnull=True)
                | models.Q(ci_low__lte=models.F("ci_high")),
                name="result_interval_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.group_by}:{self.group}"


def attachment_path(instance, filename: str) -> str:
    # The stored name is the attachment's UUID; the user's file name is kept in `name` only.
    return f"policies/attachments/{instance.practice.external_id}/{instance.external_id}"


class PracticeAttachment(BaseModel):
    """A document about a practice (report, evaluation, photo), type- and size-checked."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class PracticeStateChange(AppendOnlyModel):
    """One step of a practice's history: who moved it from which state to which, when and why."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    from_status = models.CharField(
        _("from"), max_length=12, choices=PracticeStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=12, choices=PracticeStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    reason = models.TextField(_("why"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")

    def __str__(self) -> str:
        return f"{self.practice_id}: {self.from_status} → {self.to_status}"
