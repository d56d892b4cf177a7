"""Partner companies' products. A partner company is an `accounts.Organisation` of kind partner."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from healthycity.accounts.enums import OrganisationKind
from healthycity.core.i18n import in_language
from healthycity.core.models import BaseModel
from healthycity.partners.enums import ProductCategory
from healthycity.partners.validators import validate_picture


class Product(BaseModel):
    partner = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="products",
        limit_choices_to={"kind": OrganisationKind.PARTNER},
    )
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=ProductCategory.choices)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    unit = models.CharField(_("unit"), max_length=30, default="box", help_text=_("e.g. box, pack"))
    picture = models.ImageField(
        _("picture"), upload_to="products/", blank=True, validators=[validate_picture]
    )
    shown_at = models.CharField(
        _("where it is shown"), max_length=200, blank=True, help_text=_("e.g. conference booth A-3")
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["partner__name_ko", "name_ko"]
        verbose_name = _("product")
        verbose_name_plural = _("products")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_ko, self.name_en)
