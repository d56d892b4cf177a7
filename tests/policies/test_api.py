"""The API contract: /api/v1/policies/practices/ (published, any logged-in user), one practice,
and the writing endpoints, role by role."""

from __future__ import annotations

import pytest

from healthycity.policies.enums import PracticeStatus
from healthycity.policies.models import Practice
from tests.policies.conftest import WALKING, draft
from tests.policies.test_pages import published  # noqa: F401 — fixture
from tests.policies.test_review import PASS, sheet

pytestmark = pytest.mark.django_db

URL = "/api/v1/policies/practices/"


@pytest.mark.parametrize("who", ["citizen", "partner", "worker_a", "delegate", "official"])
def test_any_logged_in_user_lists_published_practices_only(cast, cities, api_for, published, who):  # noqa: F811
    draft(cities.suwon, cast.delegate, title_ko="작성 중인 사례")
    body = api_for(cast.users()[who]).get(URL).json()
    assert [p["id"] for p in body["results"]] == [str(published.external_id)]
    assert body["results"][0]["city"]["country_code"] == "KR"


def test_anonymous_gets_the_error_shape(api_for):
    response = api_for(None).get(URL)
    assert response.status_code in (401, 403)
    assert response.json()["error"]["status"] == response.status_code


def test_search_and_theme_filter(cast, api_for, published):  # noqa: F811
    api = api_for(cast.citizen_user)
    assert api.get(URL, {"q": "걸었던 어르신"}).json()["count"] == 1
    assert api.get(URL, {"q": "walked"}).json()["count"] == 1
    assert api.get(URL, {"theme": "who-mobility"}).json()["count"] == 1
    assert api.get(URL, {"theme": "who-smoke-free"}).json()["count"] == 0
    assert api.get(URL, {"q": "걷기", "country": "KR,JP"}).json()["count"] == 1
    facets = api.get(URL + "facets/", {"q": "걷기"}).json()
    assert facets["outcome"][0]["value"] == "best_practice"


def test_detail_follows_visibility(cast, cities, api_for, published):  # noqa: F811
    hidden = draft(cities.suwon, cast.delegate)
    citizen = api_for(cast.citizen_user)
    assert citizen.get(f"{URL}{published.external_id}/").status_code == 200
    response = citizen.get(f"{URL}{hidden.external_id}/")
    assert response.status_code == 404 and response.json()["error"]["code"]
    assert api_for(cast.delegate).get(f"{URL}{hidden.external_id}/").json()["status"] == "draft"


def test_delegate_creates_submits_and_cannot_touch_others(cast, cities, api_for):
    api = api_for(cast.delegate)
    created = api.post(URL, {**WALKING}, format="json")
    assert created.status_code == 201, created.json()
    practice_id = created.json()["id"]
    bad = api.patch(f"{URL}{practice_id}/", {"budget_currency": "won!"}, format="json")
    assert bad.status_code == 400 and "budget_currency" in bad.json()["error"]["fields"]
    assert api.post(f"{URL}{practice_id}/submit/").json()["status"] == "submitted"
    locked = api.patch(f"{URL}{practice_id}/", {"title_ko": "x"}, format="json")
    assert locked.status_code == 409
    other = api.post(URL, {**WALKING, "city": str(cities.taipei.external_id)}, format="json")
    assert other.status_code == 403
    assert api_for(cast.citizen_user).post(URL, WALKING, format="json").status_code == 403


def test_review_flow_through_the_api(cast, cities, api_for):
    practice = draft(cities.suwon, cast.delegate)
    api_for(cast.delegate).post(f"{URL}{practice.external_id}/submit/")
    official = api_for(cast.official)
    own = official.post(f"{URL}{practice.external_id}/reviewers/", {"reviewer": "delegate"})
    assert own.status_code == 400
    for name in ("delegate-taipei", "delegate-ichikawa"):
        assert (
            official.post(f"{URL}{practice.external_id}/reviewers/", {"reviewer": name}).status_code
            == 201
        )
    for user in (cities.delegate_taipei, cities.delegate_ichikawa):
        api = api_for(user)
        reviews = api.get("/api/v1/policies/reviews/").json()["results"]
        assert len(reviews) == 1  # only their own sheet before they submit
        done = api.post(
            f"/api/v1/policies/reviews/{reviews[0]['id']}/submit/",
            {"exclusion": PASS, "scores": sheet(4, 4), "comments": ""},
            format="json",
        )
        assert done.status_code == 200, done.json()
    assert official.post(f"{URL}{practice.external_id}/publish/").json()["status"] == "published"
    nominated = official.post(
        f"{URL}{practice.external_id}/nominations/",
        {"category": "afhc-ageing", "conference_year": 2026},
        format="json",
    )
    assert nominated.status_code == 201
    assert Practice.objects.get().status == PracticeStatus.PUBLISHED


def test_jsonld_and_similar(cast, cities, api_for, published):  # noqa: F811
    other = draft(
        cities.taipei,
        cities.delegate_taipei,
        title_ko="걷기 좋은 공원",
        title_en="Parks for walking",
    )
    Practice.objects.filter(pk=other.pk).update(status=PracticeStatus.PUBLISHED)
    api = api_for(cast.partner)
    assert api.get(f"{URL}{published.external_id}/jsonld/")["Content-Type"].startswith(
        "application/ld+json"
    )
    similar = api.get(f"{URL}{published.external_id}/similar/").json()
    assert [p["id"] for p in similar] == [str(other.external_id)]


def test_control_characters_in_the_query_are_only_spaces(cast, api_for, published):  # noqa: F811
    api = api_for(cast.citizen_user)
    response = api.get(URL, {"q": "걷기\x07", "country": "\x1f", "theme": "who-\x07mobility"})
    assert response.status_code == 200
    assert api.get(URL + "facets/", {"q": "\x07"}).status_code == 200


def test_a_nul_in_the_query_is_refused_like_everywhere_else(cast, api_for, published):  # noqa: F811
    """NUL cannot be stored or searched on PostgreSQL: core.middleware.TextGuardMiddleware
    refuses it for every URL with one clear 400 (issue 14)."""
    api = api_for(cast.citizen_user)
    response = api.get(URL, {"q": "걷기\x00"})
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"q": [response.json()["error"]["message"]]}
