"""Hand-overs: one unit movement out of a centre's stock plus one ledger entry, atomically."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from healthycity.accounts import roles
from healthycity.accounts.enums import Role
from healthycity.aid.domain import ledger
from healthycity.aid.domain.errors import HandOverRefused
from healthycity.aid.domain.stock import _move, centre_location, validate_quantity
from healthycity.aid.enums import AllocationStatus, CycleStatus, EnrolmentStatus, MovementKind
from healthycity.aid.models import Cycle, DonationLot, Enrolment, HandOver


def hand_over(
    *, cycle: Cycle, enrolment: Enrolment, lot: DonationLot, quantity, by, idempotency_key: str
) -> tuple[HandOver, bool]:
    """Record that `by` handed `quantity` units of `lot` to the enrolled citizen at their centre.

    Returns (entry, created). A retried request with the same `idempotency_key` returns the first
    entry and hands nothing over again. Refused (HandOverRefused) for another centre's citizen,
    an unapproved cycle, an expired lot, more than the person's entitlement or more than is left.
    Side effects: one stock movement, one balance UPDATE (row-locked), one ledger entry and the
    chain head UPDATE, all in one transaction."""
    key = (idempotency_key or "").strip()[:80]
    if not key:
        raise HandOverRefused(_("A request key is missing; reload the page and try again."))
    existing = HandOver.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing, False
    quantity = validate_quantity(quantity)
    _check(cycle=cycle, enrolment=enrolment, lot=lot, quantity=quantity, by=by)
    try:
        with transaction.atomic():
            return _record(cycle, enrolment, lot, quantity, by, key), True
    except IntegrityError:
        # The same request arrived twice at once; the other one won.
        existing = HandOver.objects.filter(idempotency_key=key).first()
        if existing is None:
            raise
        return existing, False


def _check(*, cycle, enrolment, lot, quantity, by) -> None:
    if Role.ADMIN not in roles.roles_of(by) and enrolment.centre_id not in roles.centre_ids_of(by):
        raise HandOverRefused(_("This citizen is served by another welfare centre."))
    if enrolment.programme_id != cycle.programme_id or enrolment.status != EnrolmentStatus.ENROLLED:
        raise HandOverRefused(_("This citizen is not enrolled in the programme."))
    if not Cycle.objects.filter(pk=cycle.pk, status=CycleStatus.APPROVED).exists():
        raise HandOverRefused(_("This cycle has not been approved by the city yet."))
    approved = cycle.allocations.filter(status=AllocationStatus.APPROVED).first()
    if approved is None:
        raise HandOverRefused(_("The city has not approved an allocation for this cycle yet."))
    if not approved.covered.filter(enrolment=enrolment).exists():
        raise HandOverRefused(
            _("This person is not covered by the approved allocation of this cycle.")
        )
    today = timezone.localdate()
    if lot.expires_on < today:
        raise HandOverRefused(
            _("Lot %(lot)s expired on %(date)s and must not be handed over.")
            % {"lot": lot.lot_number, "date": lot.expires_on},
            field="lot",
        )
    if not cycle.programme.items.filter(product_id=lot.product_id).exists():
        raise HandOverRefused(_("This product is not a benefit of the programme."), field="lot")


def _check_entitlement(*, cycle, enrolment, lot, quantity) -> None:
    item = cycle.programme.items.get(product_id=lot.product_id)
    given = (
        HandOver.objects.filter(
            cycle=cycle, enrolment=enrolment, lot__product_id=lot.product_id
        ).aggregate(n=Sum("quantity"))["n"]
        or 0
    )
    if given + quantity > item.quantity:
        raise HandOverRefused(
            _("This person may receive %(max)s units per cycle and has had %(given)s already.")
            % {"max": item.quantity, "given": given},
            field="quantity",
        )


def _record(cycle, enrolment, lot, quantity, by, key) -> HandOver:
    # Lock order everywhere: enrolment, stock balance, chain head — so no deadlocks.
    Enrolment.objects.select_for_update().filter(pk=enrolment.pk).first()
    _check_entitlement(cycle=cycle, enrolment=enrolment, lot=lot, quantity=quantity)
    location = centre_location(enrolment.centre)
    _move(
        kind=MovementKind.HANDOVER,
        lot=lot,
        quantity=quantity,
        source=location,
        by=by,
        note=key,
    )
    head = ledger.lock_head()
    entry = HandOver(
        idempotency_key=key,
        recorded_at=timezone.now(),
        cycle=cycle,
        enrolment=enrolment,
        lot=lot,
        location=location,
        quantity=quantity,
        by=by,
    )
    return ledger.append(entry, head)
