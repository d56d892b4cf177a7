"""The probe's NUL-byte cases (issue 14, item 5): a NUL in a query string, a form post or a JSON
body is refused with a clear 400 in the user's language — never a server error on PostgreSQL,
never stored on SQLite."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from healthycity.core import text
from healthycity.feedback.models import Reply, Review
from tests.aid import factories as aid_factories

pytestmark = pytest.mark.django_db

KO = "저장할 수 없는 문자"


def test_validate_text_refuses_nul_and_lone_surrogates():
    text.validate_text("정상 텍스트 ok")
    text.validate_text(42)
    for bad in ("a\x00b", "\ud800", "x\udfffy"):
        with pytest.raises(ValidationError) as caught:
            text.validate_text(bad)
        assert caught.value.code == "unstorable_text"


@pytest.mark.parametrize(
    ("who", "url"),
    [
        (None, "/partners/?partner=%00"),
        (None, "/partners/companies/?q=a%00b"),
        ("official", "/access-log/?actor=%00"),
        ("official", "/citizens/?income_band=%00"),
        ("official", "/citizens/?%00=1"),
        ("official", "/api/v1/products/?company=%00"),
        ("official", "/api/v1/citizens/?income_band=%00"),
    ],
)
def test_nul_in_a_query_string_is_a_clear_400(cast, client_for, who, url):
    response = client_for(cast.users()[who] if who else None).get(url)
    assert response.status_code == 400
    if url.startswith("/api/"):
        error = response.json()["error"]
        assert error["status"] == 400 and KO in error["message"]
    else:
        assert KO in response.content.decode()


def test_nul_in_the_candidates_search_is_a_clear_400(cast, client_for):
    prog = aid_factories.programme([cast.centre_a], [])
    response = client_for(cast.worker_a).get(
        f"/aid/programmes/{prog.external_id}/candidates/?q=%00"
    )
    assert response.status_code == 400


def test_the_message_follows_the_users_language(cast, client_for):
    response = client_for(cast.official).get("/access-log/?actor=%00", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "cannot be stored" in response.content.decode()


@pytest.fixture
def review(cast):
    from tests.feedback.factories import ProductFactory

    product = ProductFactory(partner=cast.partner_org)
    from healthycity.feedback.domain import reviews

    return reviews.submit_review(
        citizen=cast.citizen, product=product, rating=4, text="맛이 좋아요. 다시 살게요."
    )


def test_nul_in_review_forms_is_refused_and_nothing_is_stored(cast, client_for, review):
    citizen = client_for(cast.citizen_user)
    url = f"/feedback/products/{review.product.external_id}/review/"
    response = citizen.post(url, {"rating": "5", "text": "좋아요\x00"})
    assert response.status_code == 400
    response = citizen.post(
        f"/feedback/mine/{review.external_id}/edit/", {"rating": "5", "text": "bad\x00text"}
    )
    assert response.status_code == 400
    assert Review.objects.count() == 1
    review.refresh_from_db()
    assert "\x00" not in review.text


def test_nul_in_partner_reply_and_status_note_is_refused(cast, client_for, review):
    partner = client_for(cast.partner)
    url = f"/feedback/reviews/{review.external_id}/reply/"
    assert partner.post(url, {"text": "감사합니다\x00"}).status_code == 400
    url = f"/feedback/reviews/{review.external_id}/status/"
    assert partner.post(url, {"status": "acknowledged", "note": "n\x00"}).status_code == 400
    assert not Reply.objects.exists()


def test_nul_in_a_multipart_upload_field_is_refused(cast, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("a.csv", b"citizen,date,steps\n", content_type="text/csv")
    response = client_for(cast.worker_a).post(
        "/health/upload/", {"kind": "steps\x00", "file": upload}
    )
    assert response.status_code == 400


def test_a_nul_byte_in_a_device_file_is_quarantined_not_a_server_error(cast, api_for):
    """Found by the API contract test on PostgreSQL: an Open mHealth upload of one NUL byte
    made the quarantine insert fail (PostgreSQL refuses NUL in text) and the API answer 500."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from healthycity.citizens.domain.consent import grant_consent
    from healthycity.health.models import QuarantinedRow
    from healthycity.jobs.models import Job

    grant_consent(citizen=cast.citizen, purpose="care", by=None)
    answer = api_for(cast.citizen_user).post(
        "/api/v1/health/imports/",
        {"kind": "omh", "file": SimpleUploadedFile("file", b"\x00")},
        format="multipart",
    )
    assert answer.status_code == 202, answer.content[:300]
    job = Job.objects.get()
    assert job.state in ("done", "failed")
    for row in QuarantinedRow.objects.all():
        assert "\x00" not in row.raw + row.message + row.column
