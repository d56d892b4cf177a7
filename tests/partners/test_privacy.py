"""A partner never sees a person: walk every page and endpoint a partner can reach, with demo-like
data that has small groups, and look for identifiers and for cells below SMALL_CELL_K (including
cells that could be derived by subtraction from a published total)."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.conf import settings

from healthycity.citizens.domain.consent import grant_consent
from healthycity.feedback.domain.reviews import change_status, reply_to_review, submit_review
from healthycity.partners.esg import sources
from tests.factories import CitizenFactory, CitizenIdentityFactory, UserFactory, district
from tests.feedback.factories import ProductFactory

K = 10
TEXTS = [
    "측정이 정확하고 좋아요",
    "가격이 비싸요",
    "배송이 느려요",
    "Great and accurate",
    "결과지가 어려워요",
]
DISTRICTS = ["11110", "11140", "11680"]


@pytest.fixture
def city(cast, product, other_product, settings):
    """27 reviewers of product A (spread so that some age/district cells are small), 3 of B
    (another small product of the same partner), 4 of another partner's product; held and
    withdrawn reviews too."""
    settings.SMALL_CELL_K = K
    small = ProductFactory(
        partner=cast.partner_org, slug="inbody-band", name_ko="인바디 밴드", name_en="InBody Band"
    )
    people = []
    for i in range(34):
        user = UserFactory(username=f"citizen-login-{i:02d}")
        citizen = CitizenFactory(
            user=user,
            birth_year=1940 + (i * 7) % 60,
            district=district(DISTRICTS[i % 7 % 3]),
            income_band="q2",
        )
        CitizenIdentityFactory(citizen=citizen, name=f"홍길동{i:02d}", phone=f"0109999{i:04d}")
        if i % 3:
            grant_consent(citizen=citizen, purpose="partner_feedback")
        people.append(citizen)
    for i, citizen in enumerate(people[:27]):
        review = submit_review(
            citizen=citizen, product=product, rating=1 + i % 5, text=TEXTS[i % len(TEXTS)]
        )
        if i % 4 == 0:
            reply_to_review(review=review, by=cast.partner, text="감사합니다")
            change_status(review=review, to="planned", by=cast.partner)
        if i == 5:
            change_status(review=review, to="done", by=cast.partner, note="개선했습니다")
    for citizen in people[27:30]:
        submit_review(citizen=citizen, product=small, rating=2, text="밴드가 불편해요")
    for citizen in people[30:34]:
        submit_review(citizen=citizen, product=other_product, rating=5, text="비타민 좋아요")
    submit_review(citizen=people[0], product=product, rating=1, text="씨발 010-1111-2222")  # held
    return {"people": people, "small": small}


def fake_aid(partner, period):
    """Aid figures with small groups (3 people in one district, 2 in one income band)."""
    return sources.AidFigures(
        available=True,
        donations=[
            {
                "key": "inbody-270",
                "label": "인바디 270",
                "unit": "대",
                "given": 40,
                "delivered": 31,
            },
            {
                "key": "inbody-band",
                "label": "인바디 밴드",
                "unit": "개",
                "given": 12,
                "delivered": 4,
            },
        ],
        people_reached={
            "district": {
                "11110": ("종로구", 14),
                "11140": ("중구", 3),
                "11680": ("강남구", 22),
                "11650": ("서초구", 11),
            },
            "income_band": {"basic_livelihood": ("", 21), "near_poor": ("", 2), "q1": ("", 27)},
        },
        outcomes=[
            {
                "programme": "영양 지원",
                "measure": "체중 변화",
                "estimate": -1.2,
                "low": -1.9,
                "high": -0.5,
                "n": 48,
                "unit": "kg",
                "method": "mean change, t interval",
            },
            {
                "programme": "영양 지원",
                "measure": "근육량 변화",
                "estimate": 0.4,
                "low": -0.2,
                "high": 1.0,
                "n": 6,
                "unit": "kg",
                "method": "mean change",
            },
        ],
    )


def partner_urls(cast, product, city) -> list[str]:
    from healthycity.feedback.models import Review

    year = Review.objects.first().period[:4]
    urls = [
        "/",
        "/partners/",
        "/partners/mine/",
        "/partners/companies/inbody/",
        "/feedback/inbox/",
        "/feedback/inbox/?status=planned",
    ]
    for p in (product, city["small"]):
        urls += [
            f"/partners/products/{p.external_id}/",
            f"/feedback/dashboard/products/{p.external_id}/?period={year}",
            f"/feedback/dashboard/products/{p.external_id}/context/?period={year}",
            f"/api/v1/products/{p.external_id}/feedback/?period={year}",
            f"/api/v1/reviews/?product={p.external_id}",
        ]
    for period in (year, Review.objects.first().period):
        urls += [
            f"/partners/companies/inbody/report/?period={period}",
            f"/partners/companies/inbody/report.csv?period={period}",
            f"/api/v1/companies/inbody/report/?period={period}",
            f"/feedback/dashboard/companies/inbody/?period={period}",
        ]
    urls += ["/api/v1/reviews/", "/api/v1/products/", "/api/v1/companies/"]
    urls += [
        f"/feedback/reviews/{r.external_id}/"
        for r in Review.objects.public().filter(product__partner=cast.partner_org)
    ]
    urls += [
        f"/api/v1/reviews/{r.external_id}/"
        for r in Review.objects.public().filter(product__partner=cast.partner_org)
    ]
    return urls


def identifiers(city) -> list[str]:
    found = []
    for citizen in city["people"]:
        found += [
            citizen.identity.name,
            citizen.identity.phone,
            str(citizen.external_id),
            citizen.user.username,
        ]
        phone = citizen.identity.phone
        found.append(f"{phone[:3]}-{phone[3:7]}-{phone[7:]}")
    return found


def check_json_cells(value, where):
    if isinstance(value, dict):
        if "rows" in value and "total" in value:
            shown = [r["count"] for r in value["rows"] if r["count"] is not None]
            for n in shown:
                assert n == 0 or n >= K, (where, value["id"], n)
            if value["total"] is not None:
                assert value["total"] == 0 or value["total"] >= K, (where, value["id"])
                hidden = value["total"] - sum(shown)
                assert hidden == 0 or hidden >= K, (where, value["id"], "derivable", hidden)
        for key in ("count", "n", "reviews", "replied", "acted_on", "before", "after"):
            if key == "count" and "results" in value:
                continue  # a page of public items: its length is the list itself, not a cell
            n = value.get(key)
            if isinstance(n, int) and not isinstance(n, bool):
                assert n == 0 or n >= K, (where, key, n)
        for key, item in value.items():
            check_json_cells(item, f"{where}.{key}")
    elif isinstance(value, list):
        for item in value:
            check_json_cells(item, where)


HTML_TABLE = re.compile(r'<table class="tbl" data-table="([^"]+)"[^>]*>(.*?)</table>', re.S)
DATA_N = re.compile(r'data-n="(\d+)"')


def check_html_cells(body, where):
    for n in DATA_N.findall(body):
        assert int(n) == 0 or int(n) >= K, (where, n)
    for table_id, content in HTML_TABLE.findall(body):
        tbody, _, tfoot = content.partition("<tfoot>")
        shown = [int(n) for n in DATA_N.findall(tbody)]
        total = DATA_N.findall(tfoot)
        if total:
            hidden = int(total[0]) - sum(shown)
            assert hidden == 0 or hidden >= K, (where, table_id, "derivable", hidden)


def check_csv_cells(body, where):
    for row in csv.DictReader(io.StringIO(body.lstrip("\ufeff"))):
        if row["table"] != "figures" and row["value"]:
            n = int(row["value"])
            assert n == 0 or n >= K, (where, row)


def test_partner_sees_no_person_and_no_small_cell(
    cast, product, city, client_for, api_for, monkeypatch
):
    monkeypatch.setattr("healthycity.partners.esg.report.aid_figures", fake_aid)
    assert settings.SMALL_CELL_K == K
    client = client_for(cast.partner)
    api = api_for(cast.partner)
    secrets = identifiers(city)
    walked = 0
    for url in partner_urls(cast, product, city):
        response = (api if url.startswith("/api/") else client).get(
            url, follow=url == "/partners/mine/"
        )
        assert response.status_code == 200, (url, response.status_code)
        body = response.content.decode()
        for secret in secrets:
            assert secret not in body, (url, secret)
        assert (
            "1111-2222" not in body and "씨발" not in body
        )  # the held review never reaches a partner
        if url.startswith("/api/"):
            check_json_cells(json.loads(body), url)
        elif ".csv" in url:
            check_csv_cells(body, url)
        else:
            check_html_cells(body, url)
        walked += 1
    assert walked > 30


def test_the_report_really_suppresses_the_small_groups(cast, product, city, api_for, monkeypatch):
    monkeypatch.setattr("healthycity.partners.esg.report.aid_figures", fake_aid)
    from healthycity.feedback.models import Review

    year = Review.objects.first().period[:4]
    report = api_for(cast.partner).get(f"/api/v1/companies/inbody/report/?period={year}").json()
    tables = {t["id"]: t for s in report["sections"] for t in s["tables"]}
    district = {r["key"]: r for r in tables["reach_district"]["rows"]}
    assert district["11140"]["suppressed"]  # 3 people
    assert district["11650"]["suppressed"]  # complement: the next smallest (11)
    assert district["11680"]["count"] == 22
    delivered = {r["key"]: r for r in tables["donations_delivered"]["rows"]}
    assert delivered["inbody-band"]["suppressed"] and delivered["inbody-270"]["suppressed"]
    outcomes = report["sections"][2]["figures"]
    assert outcomes[0]["estimate"] == -1.2 and outcomes[0]["low"] == -1.9
    assert outcomes[1]["suppressed"] and outcomes[1]["estimate"] is None
    gri = {s["id"]: s["gri"] for s in report["sections"]}
    assert gri == {"donations": ["413"], "reach": ["413"], "outcomes": ["413"], "feedback": ["416"]}


def test_dashboard_of_a_small_product_shows_no_figures(cast, city, client_for):
    from healthycity.feedback.models import Review

    year = Review.objects.first().period[:4]
    body = (
        client_for(cast.partner)
        .get(f"/feedback/dashboard/products/{city['small'].external_id}/?period={year}")
        .content.decode()
    )
    assert 'data-testid="too-few"' in body


def test_health_context_counts_only_consenting_people(cast, product, city, client_for):
    from healthycity.citizens.domain.consent import withdraw_consent
    from healthycity.feedback.models import Review

    year = Review.objects.first().period[:4]
    url = f"/feedback/dashboard/products/{product.external_id}/context/?period={year}"
    body = client_for(cast.partner).get(url).content.decode()
    total = re.search(r'data-table="context_age"[^>]*>.*?<tfoot>.*?data-n="(\d+)"', body, re.S)
    consenting = [c for c in city["people"][:27] if c.consents.active().exists()]
    assert total and int(total.group(1)) == len(consenting) == 18
    for citizen in consenting[:9]:
        withdraw_consent(citizen=citizen, purpose="partner_feedback")
    body = client_for(cast.partner).get(url).content.decode()
    assert 'data-table="context_age"' in body and 'data-n="18"' not in body  # 9 left: all hidden
