"""Factories and builders for the aid tests."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from django.utils import timezone

from healthycity.accounts.enums import OrganisationKind
from healthycity.aid.domain import programmes, stock
from healthycity.aid.models import AssessmentSnapshot
from healthycity.citizens.domain.consent import grant_consent
from healthycity.partners.models import Product
from tests.factories import CitizenFactory, OrganisationFactory

_seq = itertools.count(1)


def partner_org(slug: str | None = None):
    return OrganisationFactory(kind=OrganisationKind.PARTNER, slug=slug or f"p-{next(_seq)}")


def product(partner, slug: str | None = None, **extra) -> Product:
    n = next(_seq)
    return Product.objects.create(
        partner=partner,
        slug=slug or f"product-{n}",
        name_ko=extra.pop("name_ko", f"상품 {n}"),
        name_en=extra.pop("name_en", f"Product {n}"),
        category=extra.pop("category", "health_food"),
        **extra,
    )


def programme(centres, items, rule='age >= 65 && income_band in ["basic_livelihood", "near_poor"]'):
    today = timezone.localdate()
    return programmes.create_programme(
        name_ko="어르신 근감소 예방 영양 지원",
        name_en="Sarcopenia prevention nutrition support",
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=300),
        rule=rule,
        centres=centres,
        items=items,
        target_indicators=["smm_kg"],
    )


def citizen_with_consent(centre, **fields):
    citizen = CitizenFactory(welfare_centre=centre, **fields)
    grant_consent(citizen=citizen, purpose="aid")
    return citizen


def snapshot(citizen, **fields) -> AssessmentSnapshot:
    fields.setdefault("measured_on", timezone.localdate() - timedelta(days=10))
    return AssessmentSnapshot.objects.create(citizen=citizen, **fields)


def stocked_lot(partner, prod, quantity, *, by, expires_in=200, location=None, lot_number=None):
    lot = stock.register_lot(
        partner=partner,
        product=prod,
        quantity=quantity,
        lot_number=lot_number or f"LOT-{next(_seq)}",
        expires_on=date.today() + timedelta(days=expires_in),
        deliver_to=location,
    )
    stock.receive_lot(lot=lot, by=by)
    return lot
