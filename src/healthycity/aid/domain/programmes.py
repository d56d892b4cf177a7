"""Programmes and cycles."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from healthycity.aid.domain.errors import AidError
from healthycity.aid.eligibility.service import check_rule
from healthycity.aid.enums import CycleStatus, EnrolmentStatus, Indicator
from healthycity.aid.models import BenefitItem, Cycle, Programme


def validate_programme(programme: Programme) -> None:
    """Checks shared by forms, API and domain: rule, period, indicators, fairness floor."""
    if programme.rule.strip():
        check_rule(programme.rule)
    if programme.starts_on and programme.ends_on and programme.ends_on < programme.starts_on:
        raise AidError(_("The programme cannot end before it starts."), field="ends_on")
    unknown = [i for i in programme.target_indicators or [] if i not in Indicator.values]
    if unknown:
        raise AidError(
            _("Unknown indicator: %(names)s.") % {"names": ", ".join(map(str, unknown))},
            field="target_indicators",
        )
    if not 0 <= programme.fairness_floor <= 1:
        raise AidError(_("The fairness floor is a share between 0 and 1."), field="fairness_floor")


@transaction.atomic
def create_programme(
    *,
    name_ko: str,
    name_en: str,
    starts_on: date,
    ends_on: date,
    rule: str = "",
    by=None,
    sponsors=(),
    centres=(),
    items: Iterable[tuple] = (),
    target_indicators: list[str] | None = None,
    **extra,
) -> Programme:
    """Create a programme with its sponsors, centres and benefit items `[(product, qty)]`.
    Side effects: INSERTs; nothing is written when a check fails."""
    programme = Programme(
        name_ko=name_ko,
        name_en=name_en,
        starts_on=starts_on,
        ends_on=ends_on,
        rule=rule,
        created_by=by,
        target_indicators=list(target_indicators or []),
        **extra,
    )
    validate_programme(programme)
    programme.save()
    programme.sponsors.set(sponsors)
    programme.centres.set(centres)
    for product, quantity in items:
        set_benefit_item(programme=programme, product=product, quantity=quantity)
    return programme


def set_benefit_item(*, programme: Programme, product, quantity) -> BenefitItem:
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
        raise AidError(
            _("Units per person must be a whole number of at least 1, not %(q)s.")
            % {"q": quantity},
            field="quantity",
        )
    item, _created = BenefitItem.objects.update_or_create(
        programme=programme, product=product, defaults={"quantity": quantity}
    )
    return item


def update_rule(*, programme: Programme, rule: str) -> Programme:
    """Change the eligibility rule after checking it. Side effect: one UPDATE."""
    check_rule(rule)
    programme.rule = rule
    programme.save(update_fields=["rule", "updated_at"])
    return programme


def open_cycle(*, programme: Programme, starts_on: date, ends_on: date) -> Cycle:
    if ends_on < starts_on:
        raise AidError(_("A cycle cannot end before it starts."), field="ends_on")
    number = (
        programme.cycles.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    return Cycle.objects.create(
        programme=programme, number=number, starts_on=starts_on, ends_on=ends_on
    )


@transaction.atomic
def approve_cycle(*, cycle: Cycle, by) -> Cycle:
    """An official approves the cycle's enrolment list; hand-overs may start once an allocation
    is approved too. Side effect: UPDATE of the cycle (the given object is updated too)."""
    Cycle.objects.select_for_update().filter(pk=cycle.pk).first()
    cycle.refresh_from_db()
    if cycle.status != CycleStatus.OPEN:
        raise AidError(_("This cycle is already approved or closed."))
    if not cycle.programme.enrolments.filter(status=EnrolmentStatus.ENROLLED).exists():
        raise AidError(_("Nobody is enrolled yet; there is nothing to approve."))
    cycle.status = CycleStatus.APPROVED
    cycle.approved_by = by
    cycle.approved_at = timezone.now()
    cycle.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    return cycle
