"""The PDF report kept in the shared cache: rendered once, rendered again when anything it shows
changes, never handed to someone else, and every download still checked and access-logged."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.core.cache import caches
from django.test import Client

from healthycity.core.models import AccessLog
from healthycity.health.models import DailySteps, Measurement
from healthycity.health.report import pdf as pdf_module
from tests.factories import PASSWORD
from tests.health.health_data import consent_care, history, sitting

pytestmark = pytest.mark.django_db
MINE = "/health/me/report.pdf"


@pytest.fixture
def records(cast):
    consent_care(cast.citizen, cast.other_citizen)
    history(cast.citizen)
    return cast


@pytest.fixture
def renders(monkeypatch) -> list[str]:
    """The language of every PDF actually rendered (not taken from the cache)."""
    done: list[str] = []
    real = pdf_module.render_pdf

    def counting(summary, *, language):
        done.append(language)
        return real(summary, language=language)

    monkeypatch.setattr(pdf_module, "render_pdf", counting)
    return done


def _client(user, language: str = "ko") -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    client.cookies["django_language"] = language
    return client


def _staff_url(citizen) -> str:
    return f"/health/citizens/{citizen.external_id}/report.pdf"


def _text(pdf: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) not installed")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_second_download_is_the_same_pdf_from_the_cache(records, renders):
    client = _client(records.citizen_user)
    first = client.get(MINE)
    second = client.get(MINE)
    assert first.status_code == second.status_code == 200
    assert second.content == first.content and second.content.startswith(b"%PDF")
    assert second["Content-Disposition"] == first["Content-Disposition"]
    assert "health-report-" in first["Content-Disposition"]
    assert renders == ["ko"]


def test_a_new_measurement_gives_a_new_pdf(records, renders, tmp_path):
    client = _client(records.citizen_user, "en")
    before = client.get(MINE).content
    sitting(records.citizen, 0, weight_kg=77.7, systolic_mmhg=118, diastolic_mmhg=76)
    after = client.get(MINE).content
    assert renders == ["en", "en"]
    assert "77.7" not in _text(before, tmp_path) and "77.7" in _text(after, tmp_path)


def test_a_changed_or_deleted_record_gives_a_new_pdf(records, renders):
    from django.utils import timezone

    client = _client(records.citizen_user)
    client.get(MINE)
    latest = Measurement.objects.filter(citizen=records.citizen).latest("taken_at")
    # As the importers complete a sitting: an UPDATE that sets updated_at, no save().
    Measurement.objects.filter(pk=latest.pk).update(grip_kg=30.0, updated_at=timezone.now())
    client.get(MINE)
    DailySteps.objects.filter(citizen=records.citizen).first().delete()
    client.get(MINE)
    client.get(MINE)
    assert len(renders) == 3


def test_korean_and_english_are_kept_apart(records, renders, tmp_path):
    ko = _client(records.citizen_user, "ko").get(MINE).content
    en = _client(records.citizen_user, "en").get(MINE).content
    assert "개인 건강 결과지" in _text(ko, tmp_path)
    assert "Personal health report" in _text(en, tmp_path)
    assert _client(records.citizen_user, "ko").get(MINE).content == ko
    assert renders == ["ko", "en"]


def test_another_citizen_never_gets_my_cached_pdf(records, renders, tmp_path):
    """The same records too: the key is the person's, not only their data's."""
    for days_ago, values in [(400, {"weight_kg": 62}), (10, {"weight_kg": 60.5})]:
        sitting(records.other_citizen, days_ago, **values)
    mine = _client(records.citizen_user).get(MINE).content
    theirs = _client(records.other_citizen_user).get(MINE).content
    assert theirs != mine and len(renders) == 2
    text = _text(theirs, tmp_path)
    assert str(records.other_citizen.external_id)[:8] in text
    assert str(records.citizen.external_id)[:8] not in text


def test_staff_download_from_the_cache_is_still_access_logged(records, renders):
    client = _client(records.worker_a)
    url = _staff_url(records.citizen)
    first, second = client.get(url), client.get(url)
    assert first.status_code == second.status_code == 200 and second.content == first.content
    assert len(renders) == 1
    entries = AccessLog.objects.filter(citizen=records.citizen, action="health.report_pdf")
    assert entries.count() == 2 and {e.actor for e in entries} == {records.worker_a}


def test_the_citizens_own_cached_report_is_no_door_for_staff(records, renders):
    """A PDF in the cache changes nothing about who may download it."""
    from healthycity.citizens.domain.consent import withdraw_consent

    assert _client(records.citizen_user).get(MINE).status_code == 200
    url = _staff_url(records.citizen)
    assert _client(records.worker_b).get(url).status_code == 404  # another centre
    assert _client(records.partner).get(url).status_code == 403
    assert _client(records.worker_a).get(url).status_code == 200
    withdraw_consent(citizen=records.citizen, purpose="care", by=records.citizen_user)
    assert _client(records.worker_a).get(url).status_code == 404
    logged = AccessLog.objects.filter(citizen=records.citizen, action="health.report_pdf")
    assert logged.count() == 1
    assert len(renders) == 1


def test_an_unreachable_cache_costs_time_not_the_report(records, renders, monkeypatch):
    cache = caches["shared"]

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "set", down)
    client = _client(records.citizen_user)
    assert client.get(MINE).status_code == 200 and client.get(MINE).status_code == 200
    assert len(renders) == 2


def test_reports_are_shared_through_files_without_redis(records, renders, settings, tmp_path):
    """Without REDIS_URL the shared cache is a folder (settings.py): what one gunicorn worker
    renders, the other finds."""
    settings.CACHES = {
        **settings.CACHES,
        "shared": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        },
    }
    client = _client(records.citizen_user)
    first = client.get(MINE).content
    assert any((tmp_path / "cache").iterdir())
    assert client.get(MINE).content == first
    assert len(renders) == 1


# --- rendered ahead, when a citizen logs in ------------------------------------------------------


def _log_in(user, language: str) -> Client:
    """Through the login page, as a person does (the page's language from its cookie)."""
    client = Client()
    client.cookies["django_language"] = language
    answer = client.post("/login/", {"username": user.username, "password": PASSWORD})
    assert answer.status_code == 302, answer.content[:500]
    return client


def test_a_citizen_who_logs_in_finds_the_report_ready(records, renders, settings):
    settings.HEALTH_REPORT_AHEAD = True
    client = _log_in(records.citizen_user, "en")
    assert renders == ["en"]  # rendered at the login, in the page's language
    answer = client.get(MINE)
    assert answer.status_code == 200 and answer.content.startswith(b"%PDF")
    assert renders == ["en"]  # the download found it ready


def test_staff_logging_in_prepares_no_report(records, renders, settings):
    settings.HEALTH_REPORT_AHEAD = True
    _log_in(records.worker_a, "ko")
    _log_in(records.official, "ko")
    assert renders == []


def test_with_the_switch_off_the_first_download_renders(records, renders, settings):
    settings.HEALTH_REPORT_AHEAD = False
    client = _log_in(records.citizen_user, "ko")
    assert renders == []
    assert client.get(MINE).status_code == 200
    assert renders == ["ko"]


def test_a_report_prepared_ahead_still_shows_a_new_measurement(records, renders, settings):
    settings.HEALTH_REPORT_AHEAD = True
    client = _log_in(records.citizen_user, "ko")
    sitting(records.citizen, days_ago=0, weight_kg=55.5)
    assert client.get(MINE).status_code == 200
    assert renders == ["ko", "ko"]


def test_a_failed_render_ahead_leaves_the_login_and_the_download_working(
    records, settings, monkeypatch, caplog
):
    settings.HEALTH_REPORT_AHEAD = True
    real = pdf_module.render_pdf
    calls = []

    def broken_once(summary, *, language):
        calls.append(language)
        if len(calls) == 1:
            raise RuntimeError("font server on fire")
        return real(summary, language=language)

    monkeypatch.setattr(pdf_module, "render_pdf", broken_once)
    client = _log_in(records.citizen_user, "ko")  # the login itself succeeds
    assert "prepare_report" in caplog.text
    assert client.get(MINE).content.startswith(b"%PDF")
    assert calls == ["ko", "ko"]
