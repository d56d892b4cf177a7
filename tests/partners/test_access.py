"""Role matrix: every page and endpoint of partners and feedback against the whole cast."""

from __future__ import annotations

import pytest

from tests.feedback.factories import ProductFactory

ALL = [
    "anonymous",
    "citizen",
    "other_citizen",
    "worker_a",
    "worker_b",
    "partner",
    "other_partner",
    "official",
    "delegate",
    "admin",
]
STAFF = {"official", "admin"}


def users(cast, other_partner):
    return {**cast.users(), "other_partner": other_partner}


def expect(allowed: set[str], who: str, status: int) -> None:
    if who in allowed:
        assert status == 200, (who, status)
    elif who == "anonymous":
        assert status in (302, 401, 403), (who, status)
    else:
        assert status in (403, 404), (who, status)


PAGES = [
    # (url builder, who may open it)
    (lambda c, p: "/partners/", set(ALL)),
    (lambda c, p: f"/partners/products/{p.external_id}/", set(ALL)),
    (lambda c, p: "/partners/companies/", STAFF),
    (lambda c, p: "/partners/companies/inbody/", STAFF | {"partner"}),
    (lambda c, p: "/partners/companies/inbody/staff/add/", STAFF),
    (lambda c, p: "/partners/companies/inbody/products/new/", STAFF | {"partner"}),
    (lambda c, p: f"/partners/products/{p.external_id}/edit/", STAFF | {"partner"}),
    (lambda c, p: "/partners/companies/inbody/report/?period=2026", STAFF | {"partner"}),
    (lambda c, p: "/partners/companies/inbody/report.csv?period=2026", STAFF | {"partner"}),
    (lambda c, p: "/feedback/mine/", {"citizen", "other_citizen"}),
    (lambda c, p: "/feedback/inbox/", STAFF | {"partner", "other_partner"}),
    (lambda c, p: "/feedback/moderation/", STAFF),
    (
        lambda c, p: f"/feedback/dashboard/products/{p.external_id}/?period=2026",
        STAFF | {"partner"},
    ),
    (lambda c, p: "/feedback/dashboard/companies/inbody/?period=2026", STAFF | {"partner"}),
    (
        lambda c, p: f"/feedback/dashboard/products/{p.external_id}/context/?period=2026",
        STAFF | {"partner"},
    ),
]


@pytest.mark.parametrize("who", ALL)
def test_pages_by_role(cast, other_partner, product, client_for, who):
    user = users(cast, other_partner)[who]
    client = client_for(user)
    for url, allowed in PAGES:
        response = client.get(url(cast, product))
        expect(allowed, who, response.status_code)


@pytest.mark.parametrize("who", ALL)
def test_review_detail_by_role(cast, other_partner, review, client_for, who):
    response = client_for(users(cast, other_partner)[who]).get(
        f"/feedback/reviews/{review.external_id}/"
    )
    expect(STAFF | {"partner"}, who, response.status_code)


API = [
    (lambda c, p: "/api/v1/products/", set(ALL) - {"anonymous"}),
    (lambda c, p: "/api/v1/companies/inbody/", STAFF | {"partner"}),
    (lambda c, p: "/api/v1/companies/inbody/report/?period=2026", STAFF | {"partner"}),
    (lambda c, p: "/api/v1/reviews/", set(ALL) - {"anonymous"}),
    (lambda c, p: f"/api/v1/products/{p.external_id}/feedback/?period=2026", STAFF | {"partner"}),
]


@pytest.mark.parametrize("who", ALL)
def test_api_by_role(cast, other_partner, product, api_for, who):
    api = api_for(users(cast, other_partner)[who])
    for url, allowed in API:
        response = api.get(url(cast, product))
        expect(allowed, who, response.status_code)


@pytest.mark.parametrize("who", ALL)
def test_review_list_is_scoped(cast, other_partner, review, other_product, api_for, who):
    from healthycity.feedback.domain.reviews import submit_review

    submit_review(citizen=cast.other_citizen, product=other_product, rating=2, text="별로예요")
    response = api_for(users(cast, other_partner)[who]).get("/api/v1/reviews/")
    if who == "anonymous":
        assert response.status_code in (401, 403)
        return
    ids = {r["product"] for r in response.json()["results"]}
    expected = {
        "citizen": {str(review.product.external_id)},
        "other_citizen": {str(other_product.external_id)},
        "partner": {str(review.product.external_id)},
        "other_partner": {str(other_product.external_id)},
        "official": {str(review.product.external_id), str(other_product.external_id)},
        "admin": {str(review.product.external_id), str(other_product.external_id)},
    }.get(who, set())
    assert ids == expected, who


def test_partner_cannot_edit_other_partners_product(cast, other_product, client_for):
    response = client_for(cast.partner).get(f"/partners/products/{other_product.external_id}/edit/")
    assert response.status_code == 403
    assert "자사 제품" in response.content.decode()


def test_partner_cannot_change_other_partners_product_by_api(cast, other_product, api_for):
    response = api_for(cast.partner).patch(
        f"/api/v1/products/{other_product.external_id}/", {"name_en": "Mine now"}, format="json"
    )
    assert response.status_code == 403
    assert "자사 제품" in response.json()["error"]["message"]


def test_partner_adds_product_for_own_company_only(cast, api_for):
    api = api_for(cast.partner)
    ok = api.post(
        "/api/v1/products/",
        {
            "slug": "inbody-new",
            "name_ko": "새 제품",
            "name_en": "New",
            "category": "measuring_device",
        },
        format="json",
    )
    assert ok.status_code == 201 and ok.json()["company"] == "inbody"
    bad = api.post(
        "/api/v1/products/",
        {"company": "yuhan", "slug": "x1", "name_ko": "x", "name_en": "x", "category": "medicine"},
        format="json",
    )
    assert bad.status_code == 403


def test_official_adds_partner_and_staff(cast, client_for):
    client = client_for(cast.official)
    response = client.post(
        "/partners/companies/", {"name_ko": "새 회사", "name_en": "New Co", "slug": "newco"}
    )
    assert response.status_code == 302
    response = client.post(
        "/partners/companies/newco/staff/add/",
        {
            "username": "newco-staff",
            "password": "a-long-passphrase-2026",
            "first_name": "",
            "email": "",
        },
    )
    assert response.status_code == 302
    from healthycity.accounts.models import User
    from healthycity.accounts.roles import partner_organisations_of

    assert [o.slug for o in partner_organisations_of(User.objects.get(username="newco-staff"))] == [
        "newco"
    ]


def test_partner_cannot_add_staff(cast, client_for):
    response = client_for(cast.partner).post(
        "/partners/companies/inbody/staff/add/",
        {"username": "sneaky", "password": "a-long-passphrase-2026"},
    )
    assert response.status_code == 403


def test_catalogue_lists_only_active_products(cast, product, client_for):
    ProductFactory(partner=cast.partner_org, slug="old", name_ko="단종 제품", active=False)
    body = client_for(None).get("/partners/").content.decode()
    assert "인바디 270" in body and "단종 제품" not in body
