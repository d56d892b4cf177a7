"""The citizen registry, kept minimal, with direct identifiers in a separate table, and consents."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from healthycity.citizens.enums import ConsentPurpose, IncomeBand, Sex
from healthycity.citizens.validators import validate_birth_year
from healthycity.core.models import BaseModel


class Citizen(BaseModel):
    """What the programme needs to know about a person, and no more. No name, no phone here."""

    birth_year = models.PositiveSmallIntegerField(_("birth year"), validators=[validate_birth_year])
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    district = models.ForeignKey(
        "places.District", verbose_name=_("district"), on_delete=models.PROTECT, related_name="+"
    )
    welfare_centre = models.ForeignKey(
        "places.WelfareCentre",
        verbose_name=_("welfare centre"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="citizens",
    )
    income_band = models.CharField(_("income band"), max_length=20, choices=IncomeBand.choices)
    medical_aid = models.BooleanField(_("medical aid"), default=False)
    living_alone = models.BooleanField(_("living alone"), default=False)
    disability = models.BooleanField(_("registered disability"), default=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="citizen",
    )

    class Meta:
        verbose_name = _("citizen")
        verbose_name_plural = _("citizens")
        indexes = [models.Index(fields=["welfare_centre"]), models.Index(fields=["district"])]

    def __str__(self) -> str:
        return f"{_('Citizen')} {str(self.external_id)[:8]}"

    def age(self, on=None) -> int:
        """Age in completed years at the end of the year of `on` (birth year is all we keep)."""
        year = (on or timezone.localdate()).year
        return year - self.birth_year


class CitizenIdentity(BaseModel):
    """Direct identifiers, apart from health data (PIPA: minimum collection, separation)."""

    citizen = models.OneToOneField(Citizen, on_delete=models.CASCADE, related_name="identity")
    name = models.CharField(_("name"), max_length=100)
    phone = models.CharField(_("phone (digits)"), max_length=11, blank=True, db_index=True)

    class Meta:
        verbose_name = _("citizen identity")
        verbose_name_plural = _("citizen identities")

    def __str__(self) -> str:
        return self.name


class ConsentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn_at__isnull=True)


class Consent(BaseModel):
    """One grant of consent for one purpose; withdrawal sets `withdrawn_at` and takes effect at once."""

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    version = models.CharField(_("consent text version"), max_length=20, default="2026-1")
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-granted_at"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.UniqueConstraint(
                fields=["citizen", "purpose"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_active_consent_per_purpose",
            )
        ]
        indexes = [models.Index(fields=["purpose", "withdrawn_at"])]

    def __str__(self) -> str:
        return f"{self.citizen} {self.purpose} {self.version}"

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None
