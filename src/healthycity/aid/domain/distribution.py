"""Hand-overs: one unit movement out of a centre's stock plus one ledger entry, atomically."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from healthycity.accounts import roles
from healthycity.accounts.enums import Role
from healthycity.aid.domain import ledger
from healthycity.aid.domain.errors import HandOverRefused, IdempotencyConflict
from healthycity.aid.domain.stock import _move, centre_location, validate_quantity
from healthycity.aid.enums import AllocationStatus, CycleStatus, EnrolmentStatus, MovementKind
from healthycity.aid.models import Cycle, DonationLot, Enrolment, HandOver


def hand_over(
    *,
    cycle: Cycle,
    enrolment: Enrolment,
    lot: DonationLot,
    quantity=None,
    by,
    idempotency_key: str,
) -> tuple[HandOver, bool]:
    """Record that `by` handed `quantity` units of `lot` to the enrolled citizen at their centre
    (None: what is left of the person's entitlement, at least one).

    Returns (entry, created). The request key belongs to `by`: a retry of the same request by the
    same user returns the first entry and hands nothing over again; the same key with a
    different request raises IdempotencyConflict; another user's key means nothing to this one.
    Refused (HandOverRefused) for another centre's citizen, an unapproved cycle, an expired lot,
    more than the person's entitlement or more than is left.
    Side effects: one stock movement, one balance UPDATE (row-locked), one ledger entry and the
    chain head UPDATE, all in one transaction."""
    key = (idempotency_key or "").strip()[:80]
    if not key:
        raise HandOverRefused(_("A request key is missing; reload the page and try again."))
    requested = None if quantity in (None, "") else validate_quantity(quantity)
    existing = _same_key(by, key, cycle, enrolment, lot, requested)
    if existing is not None:
        return existing, False
    _check(cycle=cycle, enrolment=enrolment, lot=lot, by=by)
    quantity = requested if requested is not None else _left(cycle, enrolment, lot)
    try:
        with transaction.atomic():
            return _record(cycle, enrolment, lot, quantity, by, key), True
    except IntegrityError:
        # The same request arrived twice at once; the other one won.
        existing = _same_key(by, key, cycle, enrolment, lot, requested)
        if existing is None:
            raise
        return existing, False


def _same_key(by, key, cycle, enrolment, lot, quantity) -> HandOver | None:
    """The caller's earlier entry under `key`, if the request is the same one again."""
    existing = HandOver.objects.filter(by=by, idempotency_key=key).first()
    if existing is None:
        return None
    same = (existing.cycle_id, existing.enrolment_id, existing.lot_id) == (
        cycle.pk,
        enrolment.pk,
        lot.pk,
    ) and (quantity is None or existing.quantity == quantity)
    if not same:
        raise IdempotencyConflict(
            _(
                "This request key was already used for a different hand-over; nothing was "
                "recorded. Reload the page (or send a new key) and try again."
            )
        )
    return existing


def _given(cycle, enrolment, lot) -> int:
    """Units of the lot's product the person has had in this cycle."""
    found = HandOver.objects.filter(
        cycle=cycle, enrolment=enrolment, lot__product_id=lot.product_id
    ).aggregate(n=Sum("quantity"))
    return found["n"] or 0


def _left(cycle, enrolment, lot) -> int:
    item = cycle.programme.items.filter(product_id=lot.product_id).first()
    return max((item.quantity if item else 1) - _given(cycle, enrolment, lot), 1)


def _check(*, cycle, enrolment, lot, by) -> None:
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
    given = _given(cycle, enrolment, lot)
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
