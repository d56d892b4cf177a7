"""Donation lots, stock locations, movements (append-only) and balances (their running sum)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from healthycity.accounts.enums import OrganisationKind
from healthycity.aid.enums import LocationKind, LotStatus, MovementKind
from healthycity.core.models import AppendOnlyModel, BaseModel


class Location(BaseModel):
    """Where stock is kept: the city warehouse or a welfare centre."""

    kind = models.CharField(_("kind"), max_length=10, choices=LocationKind.choices)
    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    centre = models.OneToOneField(
        "places.WelfareCentre",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aid_location",
    )

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("stock location")
        verbose_name_plural = _("stock locations")

    def __str__(self) -> str:
        return self.name


class DonationLot(BaseModel):
    """An in-kind donation lot registered by a partner."""

    partner = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="donation_lots",
        limit_choices_to={"kind": OrganisationKind.PARTNER},
    )
    product = models.ForeignKey(
        "partners.Product", verbose_name=_("product"), on_delete=models.PROTECT, related_name="+"
    )
    programme = models.ForeignKey(
        "aid.Programme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lots",
    )
    lot_number = models.CharField(_("lot number"), max_length=60)
    quantity = models.PositiveIntegerField(_("units donated"))
    received_quantity = models.PositiveIntegerField(_("units received"), default=0)
    expires_on = models.DateField(_("expires on"))
    deliver_to = models.ForeignKey(
        Location, verbose_name=_("delivered to"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=LotStatus.choices, default=LotStatus.REGISTERED
    )
    unit_value_krw = models.PositiveIntegerField(_("value per unit (KRW)"), default=0)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)

    class Meta:
        ordering = ["expires_on", "id"]
        verbose_name = _("donation lot")
        verbose_name_plural = _("donation lots")
        constraints = [
            models.UniqueConstraint(fields=["product", "lot_number"], name="aid_lot_number_once"),
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="aid_lot_qty_pos"),
        ]

    def __str__(self) -> str:
        return f"{self.product} {self.lot_number}"


class StockMovement(AppendOnlyModel):
    """One movement of units of a lot. Never changed; stock is the sum of movements."""

    kind = models.CharField(_("kind"), max_length=10, choices=MovementKind.choices)
    lot = models.ForeignKey(DonationLot, on_delete=models.PROTECT, related_name="movements")
    source = models.ForeignKey(
        Location, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    destination = models.ForeignKey(
        Location, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    quantity = models.PositiveIntegerField(_("units"))
    at = models.DateTimeField(_("when"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="aid_move_qty_pos"),
            models.CheckConstraint(
                condition=models.Q(source__isnull=False) | models.Q(destination__isnull=False),
                name="aid_move_has_end",
            ),
        ]


class StockBalance(models.Model):
    """Units of a lot at a location: the running sum of its movements, kept so that a hand-over
    can lock one row (SELECT … FOR UPDATE). `aid.domain.stock.check_stock` proves the sum."""

    lot = models.ForeignKey(DonationLot, on_delete=models.PROTECT, related_name="balances")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="balances")
    quantity = models.IntegerField(_("units"), default=0)

    class Meta:
        verbose_name = _("stock balance")
        verbose_name_plural = _("stock balances")
        constraints = [
            models.UniqueConstraint(fields=["lot", "location"], name="aid_balance_once"),
            models.CheckConstraint(
                condition=models.Q(quantity__gte=0), name="aid_balance_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lot_id}@{self.location_id}: {self.quantity}"
