"""The indicator catalogue, indicator values of member cities and countries, their imports and
the HEAT Plus uploads of delegates."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from healthycity.core.i18n import in_language
from healthycity.core.models import BaseModel
from healthycity.policies.indicators.enums import FileKind, Framework, RejectReason

# The catalogue's units, for display in the reader's language; the stored unit stays the key.
UNIT_LABELS = {
    "years": _("years"),
    "per 100 000 population": _("per 100 000 population"),
    "per 1 000 live births": _("per 1 000 live births"),
}


class Indicator(BaseModel):
    """One entry of the catalogue: a definition with its unit and its source (cited data)."""

    code = models.CharField(_("code"), max_length=60, unique=True)
    framework = models.CharField(_("framework"), max_length=10, choices=Framework.choices)
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    definition_ko = models.TextField(_("definition (Korean)"), blank=True)
    definition_en = models.TextField(_("definition (English)"), blank=True)
    unit = models.CharField(_("unit"), max_length=60)
    unit_code = models.CharField(
        _("SDMX unit code"), max_length=30, blank=True, help_text=_("UNIT_MEASURE in SDMX files")
    )
    higher_is_better = models.BooleanField(_("higher is better"), null=True)
    benchmark_good = models.FloatField(_("upper benchmark (good)"), null=True, blank=True)
    benchmark_poor = models.FloatField(_("lower benchmark (poor)"), null=True, blank=True)
    benchmark_source = models.CharField(_("source of the benchmarks"), max_length=300, blank=True)
    source = models.CharField(_("source of the definition"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return in_language(self.name_ko, self.name_en)

    @property
    def definition(self) -> str:
        return in_language(self.definition_ko, self.definition_en)

    @property
    def unit_label(self) -> str:
        """The unit in the reader's language (the catalogue's units are translated; a unit an
        official typed is shown as typed)."""
        return str(UNIT_LABELS.get(self.unit, self.unit))


class IndicatorImport(BaseModel):
    """One indicator file imported (or tried in a dry run): who, what, and every row accounted for."""

    file_name = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(max_length=64)
    kind = models.CharField(_("format"), max_length=10, choices=FileKind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    dry_run = models.BooleanField(default=False)
    read = models.PositiveIntegerField(default=0)
    imported = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    report = models.CharField(_("quarantine report"), max_length=500, blank=True)
    error = models.TextField(_("file error"), blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("indicator import")
        verbose_name_plural = _("indicator imports")


class RejectedRow(models.Model):
    """A row of an indicator file that was not imported, with its line and the reason."""

    batch = models.ForeignKey(IndicatorImport, on_delete=models.CASCADE, related_name="rejections")
    line = models.PositiveIntegerField(_("line"))
    reason = models.CharField(_("reason"), max_length=20, choices=RejectReason.choices)
    column = models.CharField(_("column"), max_length=120, blank=True)
    message = models.TextField(_("message"))
    raw = models.TextField(_("row as read"), blank=True)

    class Meta:
        ordering = ["batch", "line"]

    def __str__(self) -> str:
        return f"{self.line}: {self.reason}"


class IndicatorValue(BaseModel):
    """One observation: an indicator for a member city (by UN/LOCODE) or a country (ISO 3166-1
    alpha-3), a period and a breakdown ('' = the whole population), with unit, source and interval.

    Natural key: indicator + area + period + breakdown (a re-import adds nothing).
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    area = models.CharField(_("area code"), max_length=5)
    city = models.ForeignKey(
        "places.MemberCity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicator_values",
    )
    country_code = models.CharField(_("ISO country code"), max_length=2)
    period = models.CharField(_("period"), max_length=10)
    year = models.PositiveSmallIntegerField(_("year"))
    breakdown = models.CharField(_("breakdown"), max_length=200, blank=True, default="")
    value = models.FloatField(_("value"))
    lower = models.FloatField(_("lower bound"), null=True, blank=True)
    upper = models.FloatField(_("upper bound"), null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=60)
    status = models.CharField(_("observation status"), max_length=2, blank=True)
    source = models.CharField(_("source"), max_length=300)
    synthetic = models.BooleanField(
        _("synthetic"), default=False, help_text=_("A made-up figure (demo data).")
    )
    batch = models.ForeignKey(
        IndicatorImport, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["indicator", "area", "year", "period"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "period", "breakdown"], name="one_value_per_key"
            ),
            models.CheckConstraint(
                condition=(models.Q(lower__isnull=True) | models.Q(lower__lte=models.F("value")))
                & (models.Q(upper__isnull=True) | models.Q(upper__gte=models.F("value"))),
                name="interval_contains_value",
            ),
        ]
        indexes = [models.Index(fields=["city", "indicator", "year"])]


class HeatUpload(BaseModel):
    """A member city's disaggregated data in the WHO HEAT Plus template, with the summary
    measures computed by the equity app (`equity.methods.summarize`)."""

    city = models.ForeignKey(
        "places.MemberCity", on_delete=models.PROTECT, related_name="heat_uploads"
    )
    file_name = models.CharField(_("file"), max_length=255)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rows = models.JSONField(_("subgroup rows"), default=list)
    measures = models.JSONField(_("summary measures"), default=list)
    synthetic = models.BooleanField(_("synthetic"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("HEAT Plus upload")
        verbose_name_plural = _("HEAT Plus uploads")
