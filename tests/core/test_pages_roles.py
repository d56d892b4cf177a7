"""Every foundation page against the whole cast."""

from __future__ import annotations

import pytest

from healthycity.citizens.models import Consent
from healthycity.core.models import AccessLog

pytestmark = pytest.mark.django_db

ALL = [
    "citizen",
    "other_citizen",
    "worker_a",
    "worker_b",
    "partner",
    "official",
    "delegate",
    "admin",
]


@pytest.mark.parametrize("who", ALL)
def test_every_role_gets_a_home_page(cast, client_for, who):
    response = client_for(cast.users()[who]).get("/")
    assert response.status_code == 200
    assert response.context["panels"], f"{who} home page has nothing useful on it"


def test_anonymous_sees_landing_page(client_for):
    response = client_for(None).get("/")
    assert response.status_code == 200
    assert "core/landing.html" in [t.name for t in response.templates]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("citizen", 403),
        ("worker_a", 403),
        ("partner", 403),
        ("delegate", 403),
        ("official", 200),
        ("admin", 200),
    ],
)
def test_access_log_page_is_for_officials_only(cast, client_for, who, status):
    assert client_for(cast.users()[who]).get("/access-log/").status_code == status


def test_access_log_page_redirects_anonymous_to_login(client_for):
    response = client_for(None).get("/access-log/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_official_can_search_access_log_by_actor(cast, client_for):
    from healthycity.core.audit import log_access

    log_access(actor=cast.worker_a, citizen=cast.citizen, action="view record", purpose="care")
    log_access(
        actor=cast.worker_b, citizen=cast.other_citizen, action="view record", purpose="care"
    )
    response = client_for(cast.official).get("/access-log/", {"actor": "worker-a"})
    entries = list(response.context["page"])
    assert [e.actor.username for e in entries] == ["worker-a"]


def test_access_log_shows_actions_and_purposes_in_the_readers_language(cast, client_for):
    """The page showed the stored codes ("health.worklist", "care") to Korean officials."""
    from healthycity.core.audit import log_access

    log_access(actor=cast.worker_a, citizen=cast.citizen, action="health.worklist", purpose="care")
    log_access(actor=cast.official, citizen=cast.citizen, action="new.code", purpose="audit")
    client = client_for(cast.official)
    body = client.get("/access-log/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "건강 관리 목록에 표시" in body and "복지기관의 건강 관리" in body
    assert "<td>health.worklist</td>" not in body and "<td>care</td>" not in body
    assert "<td>new.code</td>" in body  # an unknown code is shown as it is, never hidden
    assert '<option value="health.worklist">건강 관리 목록에 표시</option>' in body


def test_access_log_filters_by_the_chosen_action(cast, client_for):
    from healthycity.core.audit import log_access

    log_access(actor=cast.worker_a, citizen=cast.citizen, action="health.worklist", purpose="care")
    log_access(
        actor=cast.worker_a, citizen=cast.citizen, action="health.view_record", purpose="care"
    )
    response = client_for(cast.official).get("/access-log/", {"action": "health.worklist"})
    assert [e.action for e in response.context["page"]] == ["health.worklist"]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("worker_a", {"citizen"}),
        ("worker_b", {"other"}),
        ("official", {"citizen", "other"}),
        ("citizen", None),
        ("partner", None),
        ("delegate", None),
    ],
)
def test_citizen_list_page_is_role_scoped(cast, client_for, who, expected):
    response = client_for(cast.users()[who]).get("/citizens/")
    if expected is None:
        assert response.status_code == 403
        return
    names = {cast.citizen.pk: "citizen", cast.other_citizen.pk: "other"}
    assert {names[c.pk] for c in response.context["page"]} == expected


def test_citizen_list_query_count_does_not_grow_with_rows(
    cast, client_for, django_assert_max_num_queries
):
    from tests.factories import CitizenFactory

    client = client_for(cast.official)
    client.get("/citizens/")  # warm caches
    with django_assert_max_num_queries(12) as one:
        client.get("/citizens/")
    CitizenFactory.create_batch(3, welfare_centre=cast.centre_a)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get("/citizens/")


def test_citizen_grants_and_withdraws_consent(cast, client_for):
    client = client_for(cast.citizen_user)
    client.post("/citizens/me/consents/change/", {"purpose": "statistics", "action": "grant"})
    assert Consent.objects.active().filter(citizen=cast.citizen, purpose="statistics").exists()
    client.post("/citizens/me/consents/change/", {"purpose": "statistics", "action": "withdraw"})
    assert not Consent.objects.active().filter(citizen=cast.citizen, purpose="statistics").exists()
    assert Consent.objects.filter(citizen=cast.citizen, purpose="statistics").count() == 1


def test_unknown_consent_purpose_is_refused_clearly(cast, client_for):
    response = client_for(cast.citizen_user).post(
        "/citizens/me/consents/change/", {"purpose": "marketing"}, follow=True
    )
    assert response.status_code == 200
    assert Consent.objects.filter(citizen=cast.citizen).count() == 0


@pytest.mark.parametrize("who", ["worker_a", "partner", "official", "delegate"])
def test_consent_page_is_for_citizens_only(cast, client_for, who):
    assert client_for(cast.users()[who]).get("/citizens/me/consents/").status_code == 403


def test_listing_citizens_writes_no_health_access_log(cast, client_for):
    client_for(cast.official).get("/citizens/")
    assert AccessLog.objects.count() == 0


def test_api_schema_and_docs_are_served(client_for, cast):
    client = client_for(cast.official)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/citizens/" in schema.content
    assert client.get("/api/docs/").status_code == 200


def test_home_stats_group_thousands_and_keep_dates_whole(cast, client_for, monkeypatch):
    """The official's home read "3000"; a citizen's "2026-11-25" split at its hyphens."""
    from healthycity.core import home

    def panels(user, role):
        return [{"title": "T", "stats": [("citizens", 3000), ("last", "2026-11-25"), ("n", 7)]}]

    monkeypatch.setattr(home, "panels_for", panels)
    body = client_for(cast.official).get("/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "<dd>3,000</dd>" in body and "<dd>7</dd>" in body
    assert '<dd class="hc-stat-text">2026-11-25</dd>' in body
