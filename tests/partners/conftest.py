"""Fixtures of the partners tests (the same as tests/feedback: products of two partners, reviews)."""

from __future__ import annotations

import pytest

from healthycity.accounts.enums import OrganisationKind, Role
from tests.factories import OrganisationFactory, member
from tests.feedback.factories import ProductFactory


@pytest.fixture
def other_partner_org(db):
    return OrganisationFactory(
        kind=OrganisationKind.PARTNER, slug="yuhan", name_ko="유한양행", name_en="Yuhan"
    )


@pytest.fixture
def other_partner(other_partner_org):
    return member("partner-yuhan", other_partner_org, Role.PARTNER)


@pytest.fixture
def product(cast):
    return ProductFactory(
        partner=cast.partner_org, slug="inbody-270", name_ko="인바디 270", name_en="InBody 270"
    )


@pytest.fixture
def other_product(other_partner_org):
    return ProductFactory(
        partner=other_partner_org,
        slug="yuhan-vitamin",
        name_ko="유한 비타민",
        name_en="Yuhan vitamin",
        category="medicine",
    )


@pytest.fixture
def review(cast, product):
    from healthycity.feedback.domain.reviews import submit_review

    return submit_review(citizen=cast.citizen, product=product, rating=4, text="정확하고 좋아요")
