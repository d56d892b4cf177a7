"""Mission pages and API against the cast: a citizen's progress, joining and leaving; officials
define missions, change rules and open the evaluation; nobody else gets in."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from healthycity.missions.models import Mission, MissionTerms, Participation
from tests.missions.conftest import make_mission, walk

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("citizen", 200),
        ("official", 302),
        ("admin", 302),
        ("worker_a", 403),
        ("partner", 403),
        ("delegate", 403),
    ],
)
def test_my_missions_page_is_for_citizens(cast, client_for, who, status):
    assert client_for(cast.users()[who]).get("/missions/").status_code == status


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("official", 200),
        ("admin", 200),
        ("citizen", 403),
        ("worker_a", 403),
        ("partner", 403),
        ("delegate", 403),
    ],
)
def test_managing_missions_is_for_officials(cast, client_for, who, status):
    mission = make_mission()
    client = client_for(cast.users()[who])
    assert client.get("/missions/manage/").status_code == status
    assert client.get(f"/missions/manage/{mission.external_id}/").status_code == status


def test_anonymous_is_sent_to_log_in(client_for):
    response = client_for(None).get("/missions/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_citizen_joins_sees_progress_and_leaves(walker, client_for, cast):
    mission = make_mission(starts_on=dt.date(2026, 1, 1))
    other = Mission.objects.exclude(pk=mission.pk).get()  # the walker's mission
    today = timezone.localdate()
    walk(walker, today.isoformat(), 6100)
    from healthycity.missions.domain.points import award

    award(citizen=walker)
    client = client_for(cast.citizen_user)
    page = client.get("/missions/")
    text = page.content.decode()
    assert f'data-mission="{other.external_id}"' in text
    assert "6,100" in text and "5,000" in text  # today's steps / the goal at 76
    assert f"join-{mission.external_id}" in text
    client.post(f"/missions/{mission.external_id}/join/")
    assert Participation.objects.filter(
        mission=mission, citizen=walker, left_on__isnull=True
    ).exists()
    client.post(f"/missions/{mission.external_id}/leave/")
    assert Participation.objects.get(mission=mission, citizen=walker).left_on == today


def test_joining_without_consent_says_why(cast, client_for):
    mission = make_mission()
    response = client_for(cast.other_citizen_user).post(
        f"/missions/{mission.external_id}/join/", follow=True
    )
    assert not Participation.objects.exists()
    assert "consent" in response.content.decode() or "동의" in response.content.decode()


def test_official_creates_a_mission_with_age_rules(cast, client_for):
    client = client_for(cast.official)
    data = {
        "mission-name_ko": "봄 걷기", "mission-name_en": "Spring walk", "mission-starts_on": "2026-03-01",
        "terms-points_per_day": "100", "terms-week_goal_days": "5", "terms-points_per_week": "300", "terms-half_year_cap": "20000",
        "goals-TOTAL_FORMS": "4", "goals-INITIAL_FORMS": "0",
        "goals-0-from_age": "0", "goals-0-to_age": "70", "goals-0-daily_steps": "8000",
        "goals-1-from_age": "70", "goals-1-daily_steps": "5000",
    }  # fmt: skip
    response = client.post("/missions/manage/new/", data)
    mission = Mission.objects.get(name_en="Spring walk")
    assert response.status_code == 302
    terms = mission.terms.get()
    assert terms.effective_from == dt.date(2026, 3, 1) and terms.half_year_cap == 20000
    assert [(g.from_age, g.to_age, g.daily_steps) for g in terms.goals.all()] == [
        (0, 70, 8000),
        (70, None, 5000),
    ]
    bad = {**data, "mission-name_en": "Gap", "goals-1-from_age": "75"}
    response = client.post("/missions/manage/new/", bad)
    assert response.status_code == 200 and not Mission.objects.filter(name_en="Gap").exists()
    assert "70" in response.content.decode()


def test_official_changes_the_rules_and_points_follow(walker, mission, client_for, cast):
    walk(walker, "2026-03-20", 5500)
    from healthycity.missions.domain.points import award, balance

    award(citizen=walker)
    assert balance(walker) == 100
    data = {
        "terms-effective_from": "2026-03-16", "terms-points_per_day": "50", "terms-week_goal_days": "0",
        "terms-points_per_week": "0", "terms-half_year_cap": "0", "terms-note": "Fewer points, more days",
        "goals-TOTAL_FORMS": "4", "goals-INITIAL_FORMS": "0",
        "goals-0-from_age": "0", "goals-0-daily_steps": "5000",
    }  # fmt: skip
    response = client_for(cast.official).post(f"/missions/manage/{mission.external_id}/", data)
    assert response.status_code == 302
    assert MissionTerms.objects.filter(mission=mission).count() == 2
    assert balance(walker) == 50  # worked out again under the new rules
    page = (
        client_for(cast.official).get(f"/missions/manage/{mission.external_id}/").content.decode()
    )
    assert "evaluate-2026-03-16" in page


def test_evaluation_page_renders_and_explains_a_too_recent_change(mission, client_for, cast):
    new = MissionTerms.objects.create(
        mission=mission, effective_from=timezone.localdate(), points_per_day=10
    )
    from healthycity.missions.domain.rules import set_goals

    set_goals(new, [(0, None, 6000)])
    response = client_for(cast.official).get(
        f"/missions/manage/{mission.external_id}/evaluation/{new.external_id}/"
    )
    assert response.status_code == 200 and "hc-error-box" in response.content.decode()


def test_manage_list_needs_the_same_queries_for_one_or_three_missions(
    cast, client_for, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(cast.official)
    make_mission()
    client.get("/missions/manage/")
    with CaptureQueriesContext(connection) as one:
        client.get("/missions/manage/")
    make_mission()
    make_mission()
    with django_assert_num_queries(len(one.captured_queries)):
        client.get("/missions/manage/")


def test_api_gives_the_citizen_their_points(walker, api_for, cast):
    walk(walker, "2026-03-02", 6000)
    from healthycity.missions.domain.points import award

    award(citizen=walker, today=dt.date(2026, 3, 31))
    data = api_for(cast.citizen_user).get("/api/v1/missions/me/").json()
    assert data["points"] == 100 and data["missions"][0]["points"] == 100
    assert api_for(cast.official).get("/api/v1/missions/me/").status_code == 403
    assert api_for(None).get("/api/v1/missions/me/").status_code in (401, 403)
