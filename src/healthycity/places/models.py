"""Districts (gu), welfare centres and AFHC member cities."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from healthycity.core.i18n import in_language
from healthycity.core.models import BaseModel


class BilingualName(models.Model):
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_ko, self.name_en)


class District(BilingualName, BaseModel):
    """A Seoul autonomous district, identified by its Statistics Korea code (11110…11740)."""

    code = models.CharField(_("administrative code"), max_length=5, unique=True)
    population = models.PositiveIntegerField(_("approximate population"), default=0)

    class Meta:
        ordering = ["code"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")


class WelfareCentre(BilingualName, BaseModel):
    """A community service centre (동 행정복지센터) or welfare centre (복지관) in one district."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="welfare_centre"
    )
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="welfare_centres")
    code = models.CharField(_("centre code"), max_length=20, unique=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    capacity_per_cycle = models.PositiveIntegerField(
        _("hand-overs per cycle"),
        default=500,
        help_text=_("How many people the centre can serve in one aid cycle."),
    )

    class Meta:
        ordering = ["district__code", "code"]
        verbose_name = _("welfare centre")
        verbose_name_plural = _("welfare centres")


class MemberCity(BilingualName, BaseModel):
    """A member city of the WHO Western Pacific Alliance for Healthy Cities (AFHC)."""

    organisation = models.OneToOneField(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="member_city",
        null=True,
        blank=True,
    )
    country = models.CharField(_("country"), max_length=100)
    country_code = models.CharField(_("ISO country code"), max_length=2)

    class Meta:
        ordering = ["country_code", "name_en"]
        verbose_name = _("member city")
        verbose_name_plural = _("member cities")
