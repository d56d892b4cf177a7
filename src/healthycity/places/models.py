"""Districts (gu), welfare centres and AFHC member cities."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from healthycity.core.i18n import in_language
from healthycity.core.models import BaseModel
from healthycity.places import validators


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


class MembershipType(models.TextChoices):
    """AFHC membership categories (AFHC Charter: cities are full members, other bodies associate)."""

    FULL = "full", _("Full member")
    ASSOCIATE = "associate", _("Associate member")


class MemberCity(BilingualName, BaseModel):
    """A member city of the WHO Western Pacific Alliance for Healthy Cities (AFHC).

    The country is stored as ISO 3166-1 alpha-2 and alpha-3 codes (checked against the ISO 3166
    data that pycountry ships); the city by its UN/LOCODE (UNECE, e.g. ``KRSEL`` for Seoul), which
    is how indicator files name a city (``REF_AREA``/``SpatialDim``).
    """

    organisation = models.OneToOneField(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="member_city",
        null=True,
        blank=True,
    )
    country = models.CharField(_("country"), max_length=100)
    country_code = models.CharField(
        _("ISO country code"), max_length=2, validators=[validators.validate_alpha2]
    )
    country_alpha3 = models.CharField(
        _("ISO 3166-1 alpha-3 code"),
        max_length=3,
        blank=True,
        validators=[validators.validate_alpha3],
    )
    unlocode = models.CharField(
        _("UN/LOCODE"),
        max_length=5,
        unique=True,
        null=True,
        blank=True,
        validators=[validators.validate_unlocode],
        help_text=_("Five characters: the ISO country code and three for the place, e.g. KRSEL."),
    )
    membership = models.CharField(
        _("membership"), max_length=10, choices=MembershipType.choices, default=MembershipType.FULL
    )
    chapter = models.CharField(
        _("chapter"),
        max_length=100,
        blank=True,
        help_text=_("The AFHC national chapter the city belongs to, if any."),
    )

    class Meta:
        ordering = ["country_code", "name_en"]
        verbose_name = _("member city")
        verbose_name_plural = _("member cities")

    def save(self, *args, **kwargs):
        if self.country_code and not self.country_alpha3:
            self.country_alpha3 = validators.alpha3_of(self.country_code)
        if self.unlocode == "":
            self.unlocode = None
        super().save(*args, **kwargs)

    def clean(self) -> None:
        validators.check_city_codes(self)
