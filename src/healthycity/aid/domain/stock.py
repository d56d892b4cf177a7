"""Donation lots and stock movements. Every change of stock is one `StockMovement` (append-only)
and the matching change of `StockBalance` in the same transaction; balances are locked
(SELECT … FOR UPDATE) before they change, so concurrent workers cannot overdraw them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from healthycity.aid.domain.errors import StockRefused
from healthycity.aid.enums import LocationKind, LotStatus, MovementKind
from healthycity.aid.models import DonationLot, Location, StockBalance, StockMovement

WAREHOUSE_CODE = "WAREHOUSE"


def warehouse() -> Location:
    location, _created = Location.objects.get_or_create(
        code=WAREHOUSE_CODE,
        defaults={"kind": LocationKind.WAREHOUSE, "name": "서울시 물품 보관소 (City warehouse)"},
    )
    return location


def centre_location(centre) -> Location:
    location, _created = Location.objects.get_or_create(
        centre=centre,
        defaults={"kind": LocationKind.CENTRE, "code": f"C-{centre.code}", "name": centre.name_ko},
    )
    return location


def validate_quantity(quantity, field: str = "quantity") -> int:
    """A whole, positive number of units; anything else is refused with a clear message."""
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        try:
            as_float = float(quantity)
        except (TypeError, ValueError):
            as_float = None
        if as_float is None or isinstance(quantity, bool) or not as_float.is_integer():
            raise StockRefused(
                _("Quantities are whole units; “%(q)s” is not a whole number.") % {"q": quantity},
                field=field,
            )
        quantity = int(as_float)
    if quantity < 1:
        raise StockRefused(
            _("Quantities must be at least 1 unit; %(q)s was given.") % {"q": quantity},
            field=field,
        )
    return quantity


def register_lot(
    *,
    partner,
    product,
    quantity,
    lot_number: str,
    expires_on: date,
    deliver_to: Location | None = None,
    by=None,
    programme=None,
    unit_value_krw: int = 0,
) -> DonationLot:
    """A partner registers an in-kind donation lot. Side effect: one INSERT (no stock yet: stock
    appears when the city receives the lot)."""
    quantity = validate_quantity(quantity)
    if product.partner_id != partner.pk:
        raise StockRefused(_("This product belongs to another company."), field="product")
    if expires_on <= timezone.localdate():
        raise StockRefused(
            _("This lot expired on %(date)s; expired goods cannot be donated.")
            % {"date": expires_on},
            field="expires_on",
        )
    if not (lot_number or "").strip():
        raise StockRefused(_("Enter the lot number printed on the package."), field="lot_number")
    if DonationLot.objects.filter(product=product, lot_number=lot_number.strip()).exists():
        raise StockRefused(
            _("Lot %(lot)s of this product is already registered.") % {"lot": lot_number},
            field="lot_number",
        )
    return DonationLot.objects.create(
        partner=partner,
        product=product,
        quantity=quantity,
        lot_number=lot_number.strip(),
        expires_on=expires_on,
        deliver_to=deliver_to or warehouse(),
        registered_by=by,
        programme=programme,
        unit_value_krw=unit_value_krw,
    )


def _balance(lot: DonationLot, location: Location, *, lock: bool) -> StockBalance:
    queryset = StockBalance.objects.select_for_update() if lock else StockBalance.objects
    balance, _created = queryset.get_or_create(lot=lot, location=location)
    return balance


def _move(*, kind, lot, quantity, source=None, destination=None, by=None, note="") -> StockMovement:
    if source is not None:
        balance = _balance(lot, source, lock=True)
        if balance.quantity < quantity:
            raise StockRefused(
                _("Only %(left)s units of lot %(lot)s are left at %(where)s; %(asked)s were asked.")
                % {
                    "left": balance.quantity,
                    "lot": lot.lot_number,
                    "where": source,
                    "asked": quantity,
                },
                field="quantity",
            )
        balance.quantity -= quantity
        balance.save(update_fields=["quantity"])
    if destination is not None:
        balance = _balance(lot, destination, lock=True)
        balance.quantity += quantity
        balance.save(update_fields=["quantity"])
    return StockMovement.objects.create(
        kind=kind,
        lot=lot,
        quantity=quantity,
        source=source,
        destination=destination,
        by=by,
        note=note[:200],
    )


def _not_expired(lot: DonationLot, on: date | None = None) -> None:
    on = on or timezone.localdate()
    if lot.expires_on < on:
        raise StockRefused(
            _("Lot %(lot)s expired on %(date)s; it is blocked and can only be written off.")
            % {"lot": lot.lot_number, "date": lot.expires_on},
            field="lot",
        )


@transaction.atomic
def receive_lot(*, lot: DonationLot, by, quantity=None, location: Location | None = None):
    """The city receives a registered lot (all of it, or the `quantity` that arrived). Side
    effects: lot status → received; one receipt movement; balance at the location grows."""
    lot = DonationLot.objects.select_for_update().get(pk=lot.pk)
    if lot.status != LotStatus.REGISTERED:
        raise StockRefused(_("This lot has already been received or rejected."))
    _not_expired(lot)
    quantity = validate_quantity(lot.quantity if quantity is None else quantity)
    if quantity > lot.quantity:
        raise StockRefused(
            _("The partner registered %(reg)s units; %(got)s cannot be received.")
            % {"reg": lot.quantity, "got": quantity},
            field="quantity",
        )
    movement = _move(
        kind=MovementKind.RECEIPT,
        lot=lot,
        quantity=quantity,
        destination=location or lot.deliver_to,
        by=by,
    )
    lot.status = LotStatus.RECEIVED
    lot.received_quantity = quantity
    lot.received_at = timezone.now()
    lot.save(update_fields=["status", "received_quantity", "received_at", "updated_at"])
    return movement


@transaction.atomic
def transfer(*, lot: DonationLot, source: Location, destination: Location, quantity, by):
    """Move units of a lot between locations. Refused for expired lots, from empty stock, or to
    the same place. Side effects: one movement, two balance updates."""
    quantity = validate_quantity(quantity)
    if source.pk == destination.pk:
        raise StockRefused(_("Choose a different destination."), field="destination")
    _not_expired(lot)
    return _move(
        kind=MovementKind.TRANSFER,
        lot=lot,
        quantity=quantity,
        source=source,
        destination=destination,
        by=by,
    )


@transaction.atomic
def write_off(*, lot: DonationLot, location: Location, quantity, by, note: str = ""):
    """Take units out of stock (expired or damaged). Side effects: one movement, one balance."""
    quantity = validate_quantity(quantity)
    return _move(
        kind=MovementKind.WRITE_OFF, lot=lot, quantity=quantity, source=location, by=by, note=note
    )


@dataclass
class StockMismatch:
    lot_id: int
    location_id: int
    balance: int
    movements: int


def check_stock() -> list[StockMismatch]:
    """Prove that every balance equals the sum of its movements (in − out). Returns mismatches;
    an empty list means stock is consistent."""
    sums: dict[tuple[int, int], int] = {}
    for row in (
        StockMovement.objects.filter(destination__isnull=False)
        .values("lot_id", "destination_id")
        .annotate(n=Sum("quantity"))
    ):
        key = (row["lot_id"], row["destination_id"])
        sums[key] = sums.get(key, 0) + row["n"]
    for row in (
        StockMovement.objects.filter(source__isnull=False)
        .values("lot_id", "source_id")
        .annotate(n=Sum("quantity"))
    ):
        key = (row["lot_id"], row["source_id"])
        sums[key] = sums.get(key, 0) - row["n"]
    balances = {
        (b["lot_id"], b["location_id"]): b["quantity"]
        for b in StockBalance.objects.values("lot_id", "location_id", "quantity")
    }
    return [
        StockMismatch(lot, loc, balances.get((lot, loc), 0), sums.get((lot, loc), 0))
        for lot, loc in sorted(set(sums) | set(balances))
        if balances.get((lot, loc), 0) != sums.get((lot, loc), 0)
    ]


def usable_stock(*, on: date, product_ids=None) -> dict[int, int]:
    """Units per lot, summed over locations, of lots not expired on `on`."""
    queryset = StockBalance.objects.filter(lot__expires_on__gte=on, quantity__gt=0)
    if product_ids is not None:
        queryset = queryset.filter(lot__product_id__in=product_ids)
    return {
        row["lot_id"]: row["n"]
        for row in queryset.values("lot_id").annotate(n=Sum("quantity")).order_by("lot_id")
    }
