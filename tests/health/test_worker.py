"""Welfare-worker pages: worklist, record a measurement, upload a device file."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from healthycity.core.models import AccessLog
from healthycity.health.models import DailySteps, Measurement
from tests.factories import CitizenFactory
from tests.health.health_data import consent_care, history, sitting

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(cast):
    consent_care(cast.citizen, cast.other_citizen)
    history(cast.citizen)
    return cast


def _ids(response) -> set[str]:
    return {str(row["citizen"].external_id) for row in response.context["page"]}


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("citizen", 403),
        ("other_citizen", 403),
        ("worker_a", 200),
        ("worker_b", 200),
        ("partner", 403),
        ("official", 403),
        ("delegate", 403),
        ("admin", 403),
    ],
)
@pytest.mark.parametrize("url", ["/health/worklist/", "/health/upload/"])
def test_worker_pages_role_matrix(records, client_for, who, status, url):
    assert client_for(records.users()[who]).get(url).status_code == status


def test_worker_sees_only_their_centres_citizens(records, client_for):
    a = client_for(records.worker_a).get("/health/worklist/")
    assert _ids(a) == {str(records.citizen.external_id)}
    b = client_for(records.worker_b).get("/health/worklist/")
    assert _ids(b) == {str(records.other_citizen.external_id)}


def test_worklist_is_access_logged_per_citizen_shown(records, client_for):
    client_for(records.worker_a).get("/health/worklist/")
    entry = AccessLog.objects.get()
    assert (entry.actor, entry.citizen, entry.action) == (
        records.worker_a,
        records.citizen,
        "health.worklist",
    )


@pytest.mark.parametrize(
    ("finding", "shown"),
    [
        ("sarcopenia", True),  # grip 16.5 kg < 18 (AWGS 2019, women)
        ("hypertension", True),  # 148/92 → stage 1 (KSH)
        ("steps", True),  # 4 200 < 5 000 from age 70
        ("abdominal_obesity", True),  # waist 88 ≥ 85 (KSSO 2022, women)
        ("ecw_tbw", True),  # 0.395 > 0.390
        ("obesity", False),  # BMI 60.5/1.56² = 24.9: pre-obesity
        ("stale", False),  # measured 10 days ago
    ],
)
def test_worklist_filters_by_finding(records, client_for, finding, shown):
    response = client_for(records.worker_a).get(f"/health/worklist/?finding={finding}")
    assert (str(records.citizen.external_id) in _ids(response)) is shown


def test_no_measurement_for_six_months(records, client_for):
    stale = CitizenFactory(welfare_centre=records.centre_a)
    never = CitizenFactory(welfare_centre=records.centre_a)
    consent_care(stale, never)
    sitting(stale, 200, weight_kg=60)
    response = client_for(records.worker_a).get("/health/worklist/?finding=stale")
    assert _ids(response) == {str(stale.external_id), str(never.external_id)}


def test_citizens_without_care_consent_are_not_listed(cast, client_for):
    history(cast.citizen)  # no consent
    response = client_for(cast.worker_a).get("/health/worklist/")
    assert _ids(response) == set()
    assert response.context["without_consent"] == 1
    assert not AccessLog.objects.exists()


def test_unknown_filter_shows_everyone(records, client_for):
    response = client_for(records.worker_a).get("/health/worklist/?finding=nonsense")
    assert response.status_code == 200 and _ids(response)


def _citizens(centre, n):
    made = []
    for _ in range(n):
        c = CitizenFactory(welfare_centre=centre)
        consent_care(c)
        sitting(c, 30, weight_kg=60, height_cm=160, grip_kg=15)
        sitting(c, 5, weight_kg=61, systolic_mmhg=150, diastolic_mmhg=95)
        DailySteps.objects.create(citizen=c, date=timezone.localdate(), steps=3000)
        made.append(c)
    return made


def test_worklist_query_count_does_not_grow_with_citizens(cast, client_for):
    """With the rows assessed afresh (a change since the last request) and with the rows taken
    from the shared cache (nothing changed)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(cast.worker_a)

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as fresh:
            response = client.get("/health/worklist/")
        assert response.context["page"].paginator.count == len(response.context["page"])
        with CaptureQueriesContext(connection) as kept:
            client.get("/health/worklist/")
        return len(fresh), len(kept)

    _citizens(cast.centre_a, 1)
    client.get("/health/worklist/")  # warm caches (session, content types)
    caches["shared"].clear()
    one = queries()
    _citizens(cast.centre_a, 2)  # new sittings: a new version of the rows
    three = queries()
    assert three == one
    assert one[1] < one[0]  # kept rows need no prefetch of every sitting and day of steps


def test_worklist_explains_findings_of_the_shown_rows_only(records, client_for, monkeypatch):
    # Explaining (translating) every finding of a whole centre took a third of the page's time.
    from healthycity.health.views import worker

    hidden = _citizens(records.centre_a, 2)  # flagged too, but not stale: filtered out below
    explained = []
    real = worker.badge
    monkeypatch.setattr(worker, "badge", lambda f: explained.append(f) or real(f))
    stale = CitizenFactory(welfare_centre=records.centre_a)  # never measured: no finding
    consent_care(stale)
    response = client_for(records.worker_a).get("/health/worklist/?finding=stale")
    assert _ids(response) == {str(stale.external_id)} and explained == []
    response = client_for(records.worker_a).get("/health/worklist/")
    shown = [row for row in response.context["page"] if row["citizen"] in hidden]
    assert len(explained) == sum(len(row["flagged"]) for row in response.context["page"])
    assert all(row["flagged"] for row in shown)


# ---- record a measurement ----------------------------------------------------------------------


def _form(**values):
    data = {
        "taken_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "context": "centre",
        "place": "",
    }
    data.update({k: str(v) for k, v in values.items()})
    return data


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("citizen", 403),
        ("other_citizen", 403),
        ("worker_a", 200),
        ("worker_b", 404),
        ("partner", 403),
        ("official", 403),
        ("delegate", 403),
        ("admin", 403),
    ],
)
def test_record_form_role_matrix(records, client_for, who, status):
    url = f"/health/citizens/{records.citizen.external_id}/record/"
    client = client_for(records.users()[who])
    assert client.get(url).status_code == status
    before = Measurement.objects.count()
    response = client.post(url, _form(weight_kg=58))
    assert response.status_code == (302 if status == 200 else status)
    assert Measurement.objects.count() == before + (1 if status == 200 else 0)


def test_worker_records_a_measurement_and_it_is_logged(records, client_for):
    url = f"/health/citizens/{records.citizen.external_id}/record/"
    response = client_for(records.worker_a).post(
        url, _form(weight_kg=58.2, systolic_mmhg=132, diastolic_mmhg=84, grip_kg=17)
    )
    assert response.status_code == 302
    saved = Measurement.objects.filter(citizen=records.citizen).latest("taken_at")
    assert (saved.weight_kg, saved.systolic_mmhg, saved.source) == (58.2, 132, "form")
    assert saved.recorded_by == records.worker_a
    assert AccessLog.objects.filter(action="health.record_measurement").count() == 1


@pytest.mark.parametrize(
    ("values", "field", "text"),
    [
        ({"weight_kg": 900}, "weight_kg", "900"),
        ({"height_cm": 20}, "height_cm", "20"),
        ({"weight_kg": "abc"}, "weight_kg", ""),
        ({"systolic_mmhg": 120}, None, "diastolic"),
        ({"systolic_mmhg": 80, "diastolic_mmhg": 90}, "diastolic_mmhg", "lower"),
        ({}, None, "at least one"),
    ],
)
def test_impossible_values_are_rejected_with_a_clear_message(
    records, client_for, values, field, text
):
    client = client_for(records.worker_a)
    client.cookies["django_language"] = "en"
    url = f"/health/citizens/{records.citizen.external_id}/record/"
    before = Measurement.objects.count()
    response = client.post(url, _form(**values))
    assert response.status_code == 200
    form = response.context["form"]
    errors = form.errors[field] if field else form.non_field_errors()
    assert errors and text in " ".join(errors)
    assert Measurement.objects.count() == before


def test_future_date_is_rejected(records, client_for):
    url = f"/health/citizens/{records.citizen.external_id}/record/"
    data = _form(weight_kg=60)
    data["taken_at"] = "2099-01-01T10:00"
    response = client_for(records.worker_a).post(url, data)
    assert "taken_at" in response.context["form"].errors


def test_the_same_time_twice_is_rejected(records, client_for):
    url = f"/health/citizens/{records.citizen.external_id}/record/"
    client = client_for(records.worker_a)
    data = _form(weight_kg=60)
    assert client.post(url, data).status_code == 302
    response = client.post(url, data)
    assert "taken_at" in response.context["form"].errors


def test_korean_error_message(records, client_for):
    url = f"/health/citizens/{records.citizen.external_id}/record/"
    html = client_for(records.worker_a).post(url, _form(weight_kg=900)).content.decode()
    assert "가능한 값이 아닙니다" in html


def test_no_consent_no_recording(cast, client_for):
    url = f"/health/citizens/{cast.citizen.external_id}/record/"
    response = client_for(cast.worker_a).post(url, _form(weight_kg=60))
    assert response.status_code == 404
    assert not Measurement.objects.exists()


# ---- upload ------------------------------------------------------------------------------------


def test_worker_uploads_steps_and_sees_summary_and_quarantine(records, client_for):
    """The upload becomes a background job; its page shows the row accounting."""
    other = records.other_citizen.external_id
    mine = records.citizen.external_id
    csv = (
        "citizen,date,steps,device\n"
        f"{mine},2025-03-01,6100,watch\n"
        f"{mine},2025-03-02,abc,watch\n"
        f"{other},2025-03-02,7000,watch\n"
    ).encode()
    client = client_for(records.worker_a)
    response = client.post(
        "/health/upload/",
        {"kind": "steps", "file": SimpleUploadedFile("steps.csv", csv, "text/csv")},
        follow=True,
    )
    assert response.status_code == 200
    assert response.redirect_chain[0][0].startswith("/jobs/")
    result = response.context["result"]
    assert (result["read"], result["imported"], result["rejected"]) == (3, 1, 2)
    html = response.content.decode()
    assert 'data-testid="import-summary"' in html and 'data-testid="quarantine-link"' in html
    link = f"/health/imports/{result['batch']}/quarantine/"
    page = client.get(link)
    assert page.status_code == 200 and len(page.context["page"]) == 2
    assert client_for(records.worker_b).get(link).status_code == 404


def test_upload_of_garbage_shows_a_message_not_a_traceback(records, client_for):
    response = client_for(records.worker_a).post(
        "/health/upload/",
        {"kind": "inbody", "file": SimpleUploadedFile("x.csv", b"\x00\x01\x02binary", "text/csv")},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    job = response.context["job"]
    assert job.state == "failed"
    html = response.content.decode()
    assert 'data-testid="job-error"' in html and "Traceback" not in html
    assert job.error_message in html and job.error_message


def test_record_form_starts_with_the_time_now(records, client_for):
    html = (
        client_for(records.worker_a)
        .get(f"/health/citizens/{records.citizen.external_id}/record/")
        .content.decode()
    )
    assert f'value="{timezone.localtime():%Y-%m-%dT}' in html


def test_worklist_badges_name_the_measure_and_count_reads_of_total(records, client_for):
    """Three badges all read "표준 초과" without saying of what; the count read "총 1명 / 1"."""
    sitting(records.citizen, 1, weight_kg=60, height_cm=156, pbf_percent=40.0, ecw_tbw=0.41)
    body = (
        client_for(records.worker_a)
        .get("/health/worklist/", HTTP_ACCEPT_LANGUAGE="ko")
        .content.decode()
    )
    assert '<span class="hc-badge-topic">체지방률</span> <span>표준 초과</span>' in body
    assert "1명 중 1명" in body


# ---- the worklist's rows kept in the shared cache ------------------------------------------------


def _hypertensive(response) -> set[str]:
    return {
        str(row["citizen"].external_id)
        for row in response.context["page"]
        if any(f["topic"] == "blood_pressure" for f in row["flagged"])
    }


def test_a_new_measurement_shows_on_the_worklist_at_once(records, client_for):
    client = client_for(records.worker_a)
    newcomer = CitizenFactory(welfare_centre=records.centre_a)
    consent_care(newcomer)
    url = "/health/worklist/?finding=hypertension"
    assert str(newcomer.external_id) not in _ids(client.get(url))
    assert str(newcomer.external_id) not in _ids(client.get(url))  # from the cache now
    sitting(newcomer, 0, systolic_mmhg=165, diastolic_mmhg=102)
    response = client.get(url)
    assert str(newcomer.external_id) in _ids(response) & _hypertensive(response)
    everyone = client.get("/health/worklist/?finding=stale")
    assert str(newcomer.external_id) not in _ids(everyone)  # measured today: not stale either


def test_a_changed_measurement_shows_on_the_worklist_at_once(records, client_for):
    client = client_for(records.worker_a)
    url = "/health/worklist/?finding=hypertension"
    assert str(records.citizen.external_id) in _ids(client.get(url))
    latest = Measurement.objects.filter(citizen=records.citizen).latest("taken_at")
    # As the importers do: an UPDATE with a new updated_at, no save().
    Measurement.objects.filter(pk=latest.pk).update(
        systolic_mmhg=118, diastolic_mmhg=76, updated_at=timezone.now()
    )
    assert str(records.citizen.external_id) not in _ids(client.get(url))


def test_withdrawn_consent_leaves_the_worklist_at_once(records, client_for):
    from healthycity.citizens.domain.consent import withdraw_consent

    client = client_for(records.worker_a)
    before = client.get("/health/worklist/")
    assert _ids(before) == {str(records.citizen.external_id)}
    assert (before.context["total"], before.context["without_consent"]) == (1, 0)
    client.get("/health/worklist/")  # the rows are in the cache now
    withdraw_consent(citizen=records.citizen, purpose="care", by=records.citizen_user)
    logged = AccessLog.objects.count()
    after = client.get("/health/worklist/")
    assert _ids(after) == set()
    assert (after.context["total"], after.context["without_consent"]) == (0, 1)
    assert AccessLog.objects.count() == logged  # no one shown, no one logged


def test_every_worklist_page_is_logged_even_from_the_cache(records, client_for):
    from healthycity.citizens.models import Citizen

    for citizen in CitizenFactory.create_batch(55, welfare_centre=records.centre_a):
        consent_care(citizen)
    client = client_for(records.worker_a)
    first = client.get("/health/worklist/")
    again = client.get("/health/worklist/")
    second = client.get("/health/worklist/?page=2")
    assert first.context["total"] == again.context["total"] == 56
    assert (len(first.context["page"]), len(second.context["page"])) == (50, 6)
    shown = _ids(first) | _ids(second)
    assert len(shown) == 56 and _ids(again) == _ids(first)
    logged = AccessLog.objects.filter(actor=records.worker_a, action="health.worklist")
    assert logged.count() == 50 + 50 + 6
    assert set(
        logged.filter(path="/health/worklist/?page=2").values_list("citizen", flat=True)
    ) == {c.pk for c in Citizen.objects.filter(external_id__in=_ids(second))}
    # Oldest first, as before: the order is the cache's too.
    years = [row["citizen"].birth_year for row in first.context["page"]]
    assert years == sorted(years)


def test_workers_of_two_centres_never_share_worklist_rows(records, client_for):
    a = client_for(records.worker_a).get("/health/worklist/")
    b = client_for(records.worker_b).get("/health/worklist/")
    assert _ids(a) == {str(records.citizen.external_id)}
    assert _ids(b) == {str(records.other_citizen.external_id)}
    assert client_for(records.worker_a).get("/health/worklist/").context["total"] == 1


def test_worklist_rows_are_shared_through_files_without_redis(
    records, client_for, settings, tmp_path, monkeypatch
):
    """Without REDIS_URL the shared cache is a folder (settings.py): the rows (findings included)
    go through pickling and come back whole."""
    from healthycity.health.views import worker

    settings.CACHES = {
        **settings.CACHES,
        "shared": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        },
    }
    client = client_for(records.worker_a)
    fresh = client.get("/health/worklist/").content.decode()
    assert any((tmp_path / "cache").iterdir())
    assessed = []
    real = worker._assess_scope
    monkeypatch.setattr(worker, "_assess_scope", lambda *a: assessed.append(a) or real(*a))
    kept = client.get("/health/worklist/").content.decode()
    assert assessed == []
    assert 'data-topic="blood_pressure"' in kept and 'data-topic="sarcopenia"' in kept
    assert kept.count("hc-worklist-item") == fresh.count("hc-worklist-item") == 1
