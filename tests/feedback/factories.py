"""Factories for partners and feedback tests."""

from __future__ import annotations

import factory

from healthycity.accounts.enums import OrganisationKind
from healthycity.partners.enums import ProductCategory
from healthycity.partners.models import Product
from tests.factories import OrganisationFactory


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    partner = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.PARTNER)
    slug = factory.Sequence(lambda n: f"product-{n}")
    name_ko = factory.Sequence(lambda n: f"제품 {n}")
    name_en = factory.Sequence(lambda n: f"Product {n}")
    category = ProductCategory.MEASURING_DEVICE
    description_ko = "체성분 분석기"
    description_en = "Body-composition analyser"
