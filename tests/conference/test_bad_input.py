"""Bad input gets a clear message in the user's language and nothing half-written: unknown and
malformed payloads, a ticket of another event, a scan dated in the future, delegate files in
cp949 or in no readable encoding, uploaded by an official in the browser."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from healthycity.conference.domain import registration as reg
from healthycity.conference.enums import RegistrationSource
from healthycity.conference.models import Checkin, Registration
from healthycity.jobs.models import Job
from tests.conference.factories import CategoryFactory, EventFactory

pytestmark = pytest.mark.django_db

MESSAGES = {
    "unknown": {
        "ko": "이 코드는 이 행사의 입장권이 아닙니다.",
        "en": "This code is not a ticket of this event.",
    },
    "future": {"ko": "미래입니다", "en": "in the future"},
    "other_event": {
        "ko": "다른 행사(Another event)의 입장권입니다.",
        "en": "This ticket is for another event (Another event).",
    },
}


def _scan(api, afhc, payload, language, **kw):
    body = {
        "qr_payload": payload,
        "list": afhc.day1.pk,
        "device": str(afhc.device.external_id),
        "nonce": uuid.uuid4().hex,
        "scanned_at": kw.get("scanned_at", timezone.now()).isoformat(),
    }
    return api.post(
        "/api/v1/conference/checkins/", body, format="json", HTTP_ACCEPT_LANGUAGE=language
    )


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize(
    "payload", ["0000", "HTTPS://EXAMPLE.ORG/?T=1", "ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ", "가나다", " "]
)
def test_unknown_or_malformed_payload(afhc, cast, api_for, language, payload):
    response = _scan(api_for(cast.official), afhc, payload, language)
    assert response.status_code == 200
    body = response.json()
    assert (
        body["status"] == "unknown"
        and body["colour"] == "red"
        and body["reason"] == MESSAGES["unknown"][language]
    )
    assert body["attendee"] == "" and body["category"] is None


@pytest.mark.parametrize("language", ["ko", "en"])
def test_ticket_of_another_event(afhc, cast, api_for, language):
    other = EventFactory(
        slug="another", name_ko="Another event", name_en="Another event", venue=afhc.event.venue
    )
    stranger = reg.register(
        event=other,
        category=CategoryFactory(event=other),
        name="외부인",
        source=RegistrationSource.STAFF,
    )
    body = _scan(api_for(cast.official), afhc, stranger.ticket.qr_payload, language).json()
    assert body["status"] == "wrong_list" and body["reason"] == MESSAGES["other_event"][language]
    assert body["attendee"] == ""  # no name of another event's guest


@pytest.mark.parametrize("language", ["ko", "en"])
def test_scan_dated_in_the_future(afhc, cast, api_for, language):
    ticket = reg.register(
        event=afhc.event, category=afhc.citizen, name="참가자", consent=True
    ).ticket
    response = _scan(
        api_for(cast.official),
        afhc,
        ticket.qr_payload,
        language,
        scanned_at=timezone.now() + dt.timedelta(hours=3),
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert (
        error["status"] == 400 and MESSAGES["future"][language] in error["fields"]["scanned_at"][0]
    )
    assert not Checkin.objects.exists()


@pytest.mark.parametrize("language", ["ko", "en"])
def test_malformed_request_is_a_field_error(afhc, cast, api_for, language):
    response = api_for(cast.official).post(
        "/api/v1/conference/checkins/",
        {"qr_payload": "X", "list": "first", "device": "phone"},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    assert {"list", "device", "nonce", "scanned_at"} <= set(response.json()["error"]["fields"])
    assert not Checkin.objects.exists()


DELEGATES = "이름,이메일,유형,소속\n김수원,kim@suwon.go.kr,delegate,수원시청\n이원주,lee@wonju.go.kr,delegate,원주시청\n"


def test_delegate_csv_in_cp949_uploaded_by_an_official(afhc, cast, client_for):
    client = client_for(cast.official)
    upload = SimpleUploadedFile("delegates.csv", DELEGATES.encode("cp949"), content_type="text/csv")
    response = client.post("/conference/afhc-test/manage/import/", {"file": upload, "dry_run": ""})
    assert response.status_code == 302
    job = Job.objects.get()
    assert job.state == "done" and job.result["imported"] == 2, job.result
    assert set(Registration.objects.values_list("affiliation", flat=True)) == {
        "수원시청",
        "원주시청",
    }
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="confirmed">2</dd>' in page and 'data-testid="rejected">0</dd>' in page


@pytest.mark.parametrize(
    ("language", "needle"),
    [("ko", "UTF-8도 cp949(EUC-KR)도 아닙니다"), ("en", "neither UTF-8 nor cp949")],
)
def test_unreadable_delegate_file_fails_the_job_with_a_clear_message(
    afhc, cast, client_for, language, needle
):
    client = client_for(cast.official)
    upload = SimpleUploadedFile(
        "delegates.csv", DELEGATES.encode("utf-16"), content_type="text/csv"
    )
    response = client.post(
        "/conference/afhc-test/manage/import/", {"file": upload}, HTTP_ACCEPT_LANGUAGE=language
    )
    job = Job.objects.get()
    assert job.state == "failed"
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert needle in page
    assert not Registration.objects.exists()


BAD_ROWS = (
    "이름,이메일,유형,소속\n"
    "김수원,kim@suwon.go.kr,delegate,수원시청\n"
    "이원주,이메일아님,delegate,원주시청\n"
    "박청주,park@cheongju.go.kr,방문객,청주시청\n"
)


@pytest.mark.parametrize(
    ("language", "reasons"),
    [
        (
            "ko",
            (
                "“이메일아님”은(는) 이메일 주소가 아닙니다.",
                "이 행사에는 “방문객” 등록 유형이 없습니다.",
            ),
        ),
        (
            "en",
            (
                "“이메일아님” is not an e-mail address.",
                "There is no category “방문객” at this event.",
            ),
        ),
    ],
)
def test_delegate_csv_in_cp949_with_bad_rows_names_each_in_the_users_language(
    afhc, cast, client_for, language, reasons
):
    client = client_for(cast.official)
    upload = SimpleUploadedFile("delegates.csv", BAD_ROWS.encode("cp949"), content_type="text/csv")
    response = client.post(
        "/conference/afhc-test/manage/import/", {"file": upload}, HTTP_ACCEPT_LANGUAGE=language
    )
    job = Job.objects.get()
    assert job.state == "done", job.result
    lines = {row["line"]: row["reason"] for row in job.result["lines"]}
    assert lines == {3: reasons[0], 4: reasons[1]}
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert reasons[0].replace("“", "&ldquo;") in page or reasons[0] in page
    # The good row is in, read from cp949 correctly; the bad rows left nothing behind.
    assert list(Registration.objects.values_list("name", "affiliation")) == [("김수원", "수원시청")]
