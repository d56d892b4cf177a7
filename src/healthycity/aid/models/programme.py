"""Programmes, their benefit items and cycles, and enrolments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from healthycity.accounts.enums import OrganisationKind
from healthycity.aid.enums import CycleStatus, EnrolmentStatus, ExitReason, ProgrammeStatus
from healthycity.core.i18n import in_language
from healthycity.core.models import BaseModel


class Programme(BaseModel):
    """A support programme run by the city with sponsoring partners (OpenSPP: program)."""

    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT
    )
    sponsors = models.ManyToManyField(
        "accounts.Organisation",
        verbose_name=_("sponsoring partners"),
        related_name="sponsored_programmes",
        limit_choices_to={"kind": OrganisationKind.PARTNER},
        blank=True,
    )
    centres = models.ManyToManyField(
        "places.WelfareCentre",
        verbose_name=_("participating welfare centres"),
        related_name="aid_programmes",
        blank=True,
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    rule = models.TextField(
        _("eligibility rule (CEL)"),
        blank=True,
        help_text=_('e.g. age >= 65 && income_band in ["basic_livelihood", "near_poor"]'),
    )
    target_indicators = models.JSONField(_("target indicators"), default=list, blank=True)
    need_weights = models.JSONField(
        _("need-score weights"),
        default=dict,
        blank=True,
        help_text=_("Leave empty to use the city's default weights."),
    )
    fairness_floor = models.FloatField(
        _("fairness floor"),
        default=0.8,
        help_text=_(
            "Each district's coverage must reach at least this share of the city-wide coverage."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on", "name_ko"]
        verbose_name = _("support programme")
        verbose_name_plural = _("support programmes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="aid_programme_period"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_ko, self.name_en)


class BenefitItem(models.Model):
    """What one enrolled person receives per cycle: a product and a whole number of units."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(
        "partners.Product", verbose_name=_("product"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.PositiveIntegerField(_("units per person per cycle"), default=1)

    class Meta:
        verbose_name = _("benefit item")
        verbose_name_plural = _("benefit items")
        constraints = [
            models.UniqueConstraint(fields=["programme", "product"], name="aid_item_once"),
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="aid_item_qty_pos"),
        ]

    def __str__(self) -> str:
        return f"{self.product} × {self.quantity}"


class Cycle(BaseModel):
    """One round of hand-overs (e.g. a month). An official approves its enrolment list."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="cycles")
    number = models.PositiveIntegerField(_("number"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("hand-overs until"))
    status = models.CharField(
        _("status"), max_length=10, choices=CycleStatus.choices, default=CycleStatus.OPEN
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        ordering = ["programme", "number"]
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="aid_cycle_number"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="aid_cycle_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} #{self.number}"


class Enrolment(BaseModel):
    """A citizen taking part in a programme through their welfare centre."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="enrolments")
    citizen = models.ForeignKey(
        "citizens.Citizen", on_delete=models.PROTECT, related_name="aid_enrolments"
    )
    centre = models.ForeignKey(
        "places.WelfareCentre", on_delete=models.PROTECT, related_name="aid_enrolments"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=EnrolmentStatus.choices,
        default=EnrolmentStatus.ENROLLED,
    )
    need_score = models.FloatField(_("need score"), default=0)
    need_tier = models.PositiveSmallIntegerField(_("need tier"), default=1)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    enrolled_on = models.DateField(_("enrolled on"))
    exited_on = models.DateField(_("exited on"), null=True, blank=True)
    exit_reason = models.CharField(
        _("exit reason"), max_length=20, choices=ExitReason.choices, blank=True
    )
    exit_note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-need_score", "id"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "citizen"],
                condition=models.Q(status=EnrolmentStatus.ENROLLED),
                name="aid_one_active_enrolment",
            )
        ]
        indexes = [models.Index(fields=["programme", "centre", "status"])]

    def __str__(self) -> str:
        return f"{self.citizen} → {self.programme}"
