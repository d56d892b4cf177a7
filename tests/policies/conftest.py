"""Member cities, delegates and practices for the practice-library tests, on top of the cast."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from healthycity.accounts.enums import OrganisationKind, Role
from healthycity.places.models import MemberCity
from healthycity.policies.domain.practices import create_practice
from tests.factories import OrganisationFactory, member


def member_city(slug: str, name_ko: str, name_en: str, country: str, unlocode: str) -> MemberCity:
    org = OrganisationFactory(kind=OrganisationKind.MEMBER_CITY, slug=slug)
    return MemberCity.objects.create(
        organisation=org,
        name_ko=name_ko,
        name_en=name_en,
        country=country,
        country_code=unlocode[:2],
        unlocode=unlocode,
    )


@dataclass
class Cities:
    suwon: MemberCity  # the cast's delegate speaks for Suwon
    seoul: MemberCity
    taipei: MemberCity
    ichikawa: MemberCity
    delegate_taipei: object
    delegate_ichikawa: object


@pytest.fixture
def cities(cast) -> Cities:
    taipei = member_city("taipei", "타이베이", "Taipei", "Taiwan", "TWTPE")
    ichikawa = member_city("ichikawa", "이치카와", "Ichikawa", "Japan", "JPICH")
    return Cities(
        suwon=MemberCity.objects.get(name_en="Suwon"),
        seoul=member_city("seoul", "서울", "Seoul", "Republic of Korea", "KRSEL"),
        taipei=taipei,
        ichikawa=ichikawa,
        delegate_taipei=member("delegate-taipei", taipei.organisation, Role.DELEGATE),
        delegate_ichikawa=member("delegate-ichikawa", ichikawa.organisation, Role.DELEGATE),
    )


WALKING = {
    "title_ko": "어르신 걷기 모임으로 근감소 예방",
    "title_en": "Walking groups against sarcopenia in older people",
    "summary_ko": "동네 어르신들이 매주 함께 걸었고, 근육량과 악력이 좋아졌습니다.",
    "summary_en": "Older residents walked together every week; muscle mass and grip improved.",
    "body_ko": "보건소와 복지관이 걷기 지도자를 양성하고, 주민센터가 모임 장소를 제공했다.",
    "body_en": "The health centre and welfare centres trained walk leaders.",
    "themes": ["who-mobility", "afhc-ageing"],
    "target_groups": ["older_people", "low_income"],
    "evaluation_type": "cba",
    "contact_email": "health@suwon.example",
    "period_start": "2025-03-01",
    "period_end": "2025-12-31",
    "budget_amount": "120000000",
    "budget_currency": "KRW",
    "partners": [{"name": "인바디", "sector": "company", "role": "측정 장비"}],
}


def draft(city, by, **changes):
    return create_practice(city=city, by=by, data={**WALKING, **changes})
