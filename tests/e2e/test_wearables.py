"""Browser: a citizen joins a walking mission, uploads the Apple Health export of their iPhone
and Watch on a phone, watches the import's progress, and sees the day's steps and the mission's
progress and points; a day flagged as implausible shows with the reason."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.e2e.conftest import login, screenshot
from tests.health.health_data import consent_care
from tests.health.wearable_files import AppleExport

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def todays_export(tmp_path):
    """export.zip made now: a short walk just after midnight counted by the Watch (420 steps)
    and the iPhone (390) together — the hour counts the Watch's, not their sum — and three days
    ago a phone counting 2 000 steps in an hour while the worn watch counted none. (The walk
    ends at 00:04, so it is never in the future, whenever the test runs.)"""
    now = timezone.localtime()
    day = now.date().isoformat()
    export = AppleExport(export_date=now.strftime("%Y-%m-%d %H:%M:%S +0900"), birth="1950-04-02")
    export.steps(420, f"{day} 00:00:00 +0900", f"{day} 00:04:00 +0900", watch=True)
    export.steps(390, f"{day} 00:00:30 +0900", f"{day} 00:04:00 +0900")
    past = (now - timezone.timedelta(days=3)).date().isoformat()
    export.heart(70, f"{past} 14:10:00 +0900").heart(72, f"{past} 14:40:00 +0900")
    export.steps(2000, f"{past} 14:00:00 +0900", f"{past} 14:50:00 +0900")
    path = tmp_path / "export.zip"
    path.write_bytes(export.zip())
    return path


def test_citizen_uploads_an_apple_export_and_sees_steps_and_mission_progress(
    phone_page, people, tmp_path
):
    from tests.missions.conftest import make_mission

    page = phone_page
    consent_care(people.citizen)
    # A gentle mission, so that a short walk meets it: 400 steps a day at any age.
    mission = make_mission(
        starts_on=timezone.localdate() - timezone.timedelta(days=30), goals=((0, None, 400),)
    )
    login(page, "citizen")
    page.goto("/missions/")
    page.click(f"[data-testid=join-{mission.external_id}]")
    page.wait_for_selector("[data-testid=mission-progress]")
    page.click("[data-testid=upload-steps]")
    page.set_input_files("#id_file", str(todays_export(tmp_path)))
    screenshot(page, "wearables-upload-phone")
    page.click("[data-testid=upload-wearable]")
    page.wait_for_selector("[data-testid=job-status][data-state=done]")
    assert "420" in page.inner_text("[data-testid=latest-day]")
    assert page.inner_text("[data-testid=days-flagged]") == "1"
    screenshot(page, "wearables-upload-result-phone")
    page.click("[data-testid=see-my-missions]")
    card = page.locator("[data-testid=mission-progress]")
    assert card.locator("[data-testid=today]").inner_text().split() == ["420", "/", "400", "보"]
    assert "100" in card.locator("[data-testid=points]").inner_text()
    assert "2,000" in page.inner_text("[data-testid=flagged-days]")
    screenshot(page, "wearables-mission-progress-phone")
    page.goto("/health/me/")
    assert "420" in page.inner_text("[data-testid=today-steps]")
    page.problems.assert_none()


def test_a_file_that_is_no_export_is_explained(page, people, tmp_path):
    consent_care(people.citizen)
    bad = tmp_path / "photo.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0 not an export")
    login(page, "citizen")
    page.goto("/health/me/upload/")
    page.set_input_files("#id_file", str(bad))
    page.click("[data-testid=upload-wearable]")
    error = page.inner_text("[data-testid=upload-error]")
    assert "Apple" in error
    screenshot(page, "wearables-upload-refused")
    page.problems.assert_none()


def test_official_changes_the_rules_and_reads_the_evaluation(page, people):
    import datetime as dt

    from tests.missions.conftest import make_mission
    from tests.missions.test_evaluation import CHANGE, _person

    mission = make_mission(starts_on=dt.date(2026, 1, 1))
    for i in range(12):
        _person(mission=mission, before=5000 + 10 * i, after=5800 + 50 * i)
    for i in range(12):
        _person(before=6000 + 10 * i, after=6200 + 10 * i)
    login(page, "official")
    page.goto(f"/missions/manage/{mission.external_id}/")
    page.fill("#id_terms-effective_from", CHANGE.isoformat())
    page.fill("#id_terms-points_per_day", "150")
    page.fill("#id_terms-note", "5,000 steps for everyone")
    page.fill("#id_goals-0-from_age", "0")
    page.fill("#id_goals-0-to_age", "")
    page.fill("#id_goals-0-daily_steps", "5000")
    for i in (1, 2, 3):
        for field in ("from_age", "to_age", "daily_steps"):
            page.fill(f"#id_goals-{i}-{field}", "")
    page.click("[data-testid=save-rules]")
    page.wait_for_selector("[data-testid=job-status][data-state=done]")
    page.click("[data-testid=back-to-mission]")
    page.click(f"[data-testid=evaluate-{CHANGE.isoformat()}]")
    page.fill("#weeks", "2")
    page.click("form.hc-filter button")
    row = page.locator("[data-group='all:all']")
    assert "12" in row.inner_text() and "820" in row.inner_text()
    screenshot(page, "missions-evaluation")
    page.problems.assert_none()
