"""The practice pages for the whole cast, the form, the review sheet and the exports."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from healthycity.policies.domain.practices import publish_practice, submit_practice
from healthycity.policies.domain.review import assign_reviewer, submit_review
from healthycity.policies.enums import PracticeStatus
from healthycity.policies.models import Practice
from tests.policies.conftest import WALKING, draft
from tests.policies.test_review import PASS, sheet

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


@pytest.fixture
def published(cast, cities):
    practice = submit_practice(practice=draft(cities.suwon, cast.delegate), by=cast.delegate)
    for reviewer in (cities.delegate_taipei, cities.delegate_ichikawa):
        a = assign_reviewer(practice=practice, reviewer=reviewer, by=cast.official)
        submit_review(assignment=a, by=reviewer, exclusion=PASS, scores=sheet(5, 4), comments="")
    return publish_practice(practice=practice, by=cast.official)


@pytest.mark.parametrize("who", ALL)
def test_every_role_reads_the_library_and_a_published_practice(cast, published, client_for, who):
    client = client_for(cast.users()[who])
    body = client.get("/policies/").content.decode()
    assert published.title_ko in body
    page = client.get(f"/policies/practices/{published.external_id}/")
    assert page.status_code == 200
    assert "근육량" in page.content.decode()


def test_anonymous_is_sent_to_login(client_for, published):
    assert client_for(None).get("/policies/").status_code == 302
    assert client_for(None).get(f"/policies/practices/{published.external_id}/").status_code == 302


@pytest.mark.parametrize("who", ["citizen", "partner", "worker_a"])
def test_drafts_are_not_found_by_readers(cast, cities, client_for, who):
    practice = draft(cities.suwon, cast.delegate)
    response = client_for(cast.users()[who]).get(f"/policies/practices/{practice.external_id}/")
    assert response.status_code == 404


def test_library_searches_an_inflected_korean_form_with_facets(cast, published, client_for):
    client = client_for(cast.citizen_user)
    found = client.get("/policies/", {"q": "걷는 어르신들"})
    assert [p.pk for p in found.context["page"]] == [published.pk]
    facets = found.context["facets"]
    assert {r["value"]: r["count"] for r in facets["theme"]} == {
        "afhc-ageing": 1,
        "who-mobility": 1,
    }
    assert facets["country"][0]["value"] == "KR"
    none = client.get("/policies/", {"q": "걷는", "country": "JP"})
    assert list(none.context["page"]) == []


def test_a_count_past_the_cap_says_more_than_and_still_shows_the_best(
    cast, cities, published, client_for, monkeypatch
):
    from healthycity.policies.search import library

    Practice.objects.filter(pk=draft(cities.taipei, cities.delegate_taipei).pk).update(
        status=PracticeStatus.PUBLISHED
    )
    monkeypatch.setattr(library, "COUNT_CAP", 1)
    client = client_for(cast.citizen_user)
    found = client.get("/policies/", {"q": "걷는"})
    assert found.context["page"].paginator.capped
    assert len(found.context["page"]) == 1
    assert "1건이 넘는" in found.content.decode()
    exact = client.get("/policies/", {"q": "걷는", "country": "KR"})
    assert not exact.context["page"].paginator.capped


def test_delegate_writes_a_practice_in_korean_through_the_form(cast, cities, client_for):
    client = client_for(cast.delegate)
    data = {k: v for k, v in WALKING.items() if not isinstance(v, list)}
    data.update(
        {
            "original_language": "ko",
            "themes": ["who-mobility"],
            "target_groups": ["older_people"],
            "licence": "CC-BY-4.0",
            "partner-0-name": "수원시 보건소",
            "partner-0-sector": "health",
            "result-rows": "3",
            "result-0-indicator": "근육량",
            "result-0-unit": "kg",
            "result-0-estimate": "0.8",
            "result-0-ci_low": "0.2",
            "result-0-ci_high": "1.4",
            "result-0-n": "120",
        }
    )
    response = client.post("/policies/practices/new/", data)
    assert response.status_code == 302
    practice = Practice.objects.get()
    assert practice.city == cities.suwon and practice.partners[0]["name"] == "수원시 보건소"
    result = practice.results.get()
    assert (result.estimate, result.ci_low, result.ci_high, result.n) == (0.8, 0.2, 1.4, 120)
    client.post(f"/policies/practices/{practice.external_id}/submit/")
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.SUBMITTED


def test_form_keeps_what_was_typed_and_names_the_errors_in_korean(cast, cities, client_for):
    client = client_for(cast.delegate)
    response = client.post(
        "/policies/practices/new/",
        {
            "title_ko": "제목",
            "period_start": "2025-05-01",
            "period_end": "2024-01-01",
            "result-rows": "3",
            "result-0-indicator": "근육량",
            "result-0-estimate": "abc",
            "licence": "CC-BY-4.0",
            "evaluation_type": "none",
        },
        HTTP_ACCEPT_LANGUAGE="ko",
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'value="제목"' in body and "abc" in body
    assert "숫자가 아닙니다" in body or "not a number" not in body
    assert Practice.objects.count() == 0


def test_delegate_of_another_city_cannot_edit(cast, cities, client_for):
    practice = draft(cities.suwon, cast.delegate)
    response = client_for(cities.delegate_taipei).get(
        f"/policies/practices/{practice.external_id}/edit/"
    )
    assert response.status_code == 404  # not even visible
    submit_practice(practice=practice, by=cast.delegate)
    assign_reviewer(practice=practice, reviewer=cities.delegate_taipei, by=cast.official)
    response = client_for(cities.delegate_taipei).get(
        f"/policies/practices/{practice.external_id}/edit/"
    )
    assert response.status_code == 403


def test_reviewer_scores_through_the_sheet(cast, cities, client_for):
    practice = submit_practice(practice=draft(cities.suwon, cast.delegate), by=cast.delegate)
    a = assign_reviewer(practice=practice, reviewer=cities.delegate_taipei, by=cast.official)
    client = client_for(cities.delegate_taipei)
    page = client.get(f"/policies/reviews/{a.external_id}/")
    assert page.status_code == 200 and "적절성" in page.content.decode()
    form = {f"ex-{code}": "yes" for code in PASS}
    form.update({f"score-{code}": str(v) for code, v in sheet(4, 4).items()})
    client.post(f"/policies/reviews/{a.external_id}/", form)
    a.refresh_from_db()
    assert a.submitted_at and a.scores["equity"] == 4
    other = client_for(cities.delegate_ichikawa).get(f"/policies/reviews/{a.external_id}/")
    assert other.status_code == 404  # not theirs, and they have not submitted one


def test_pdf_has_korean_text_and_escapes_markup(cast, cities, client_for, published):
    from healthycity.policies.domain.practices import return_practice, update_practice

    return_practice(practice=published, by=cast.official, reason="고쳐 주세요")
    update_practice(
        practice=published,
        by=cast.delegate,
        data={"summary_ko": "<b>굵게</b> <img src='http://x/y.png'>"},
    )
    response = client_for(cast.delegate).get(
        f"/policies/practices/{published.external_id}/practice.pdf"
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is not installed")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "어르신 걷기 모임으로 근감소 예방" in text
    assert "<b>굵게</b>" in text  # printed as text, not interpreted
    fonts = subprocess.run(["pdffonts", "-"], input=response.content, capture_output=True).stdout
    assert b"Pretendard" in fonts or b"Nanum" in fonts


def test_jsonld_is_schema_org_with_both_languages(cast, client_for, published):
    response = client_for(cast.partner).get(
        f"/policies/practices/{published.external_id}/practice.jsonld"
    )
    doc = json.loads(response.content)
    assert doc["@context"] == "https://schema.org" and doc["@type"] == "CreativeWork"
    assert {"@value": WALKING["title_ko"], "@language": "ko"} in doc["name"]
    assert doc["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert doc["spatialCoverage"]["address"]["addressCountry"] == "KR"
    assert {t["termCode"] for t in doc["about"]} == {"who-mobility", "afhc-ageing"}


def test_attachments_are_type_and_size_checked(cast, cities, client_for):
    practice = draft(cities.suwon, cast.delegate)
    client = client_for(cast.delegate)
    url = f"/policies/practices/{practice.external_id}/attachments/"
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    client.post(url, {"file": fake})
    assert practice.attachments.count() == 0
    exe = SimpleUploadedFile("tool.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    client.post(url, {"file": exe})
    assert practice.attachments.count() == 0
    real = SimpleUploadedFile(
        "평가보고서.pdf", b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n", content_type="application/pdf"
    )
    client.post(url, {"file": real})
    attachment = practice.attachments.get()
    assert attachment.name == "평가보고서.pdf" and attachment.content_type == "application/pdf"
    download = client.get(
        f"/policies/practices/{practice.external_id}/attachments/{attachment.external_id}/"
    )
    assert b"".join(download.streaming_content).startswith(b"%PDF-1.7")
    assert (
        client_for(cast.citizen_user)
        .get(f"/policies/practices/{practice.external_id}/attachments/{attachment.external_id}/")
        .status_code
        == 404
    )


def test_official_pages_review_queue_and_assign(cast, cities, client_for):
    practice = submit_practice(practice=draft(cities.suwon, cast.delegate), by=cast.delegate)
    client = client_for(cast.official)
    queue = client.get("/policies/mine/")
    assert practice in list(queue.context["page"])
    page = client.get(f"/policies/practices/{practice.external_id}/")
    choices = dict(page.context["reviewer_choices"])
    assert "delegate" not in choices and "delegate-taipei" in choices  # never the own city
    client.post(
        f"/policies/practices/{practice.external_id}/reviewers/", {"reviewer": "delegate-taipei"}
    )
    assert practice.reviews.get().reviewer == cities.delegate_taipei


@pytest.mark.parametrize("who", ["citizen", "partner", "worker_a"])
def test_readers_have_no_review_queue(cast, client_for, who):
    assert client_for(cast.users()[who]).get("/policies/mine/").status_code == 403


def test_library_query_count_does_not_grow_with_practices(
    cast, cities, client_for, published, django_assert_max_num_queries
):
    client = client_for(cast.citizen_user)
    client.get("/policies/")
    with django_assert_max_num_queries(30) as one:
        client.get("/policies/", {"q": "걷기"})
    for city, who in (
        (cities.taipei, cities.delegate_taipei),
        (cities.ichikawa, cities.delegate_ichikawa),
    ):
        p = draft(city, who)
        Practice.objects.filter(pk=p.pk).update(status=PracticeStatus.PUBLISHED)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get("/policies/", {"q": "걷기"})


def test_pages_speak_english_with_english_texts(cast, client_for, published):
    client = client_for(cast.partner)
    body = client.get("/policies/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Practice library" in body and WALKING["title_en"] in body
    assert "정책 사례 도서관" not in body
    page = client.get(f"/policies/practices/{published.external_id}/", HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert "Best practice" in text and "Walking together" not in text
    assert "Urban planning for walking, physical activity and green space" in text


def test_official_links_a_conference_session_and_the_page_shows_it(cast, client_for, published):
    from tests.conference.factories import SessionFactory

    session = SessionFactory(title_ko="건강도시 우수 사례 발표", title_en="Good practices")
    official = client_for(cast.official)
    page = official.get(f"/policies/practices/{published.external_id}/")
    assert session in page.context["session_choices"]
    official.post(
        f"/policies/practices/{published.external_id}/sessions/",
        {"session": str(session.external_id)},
    )
    body = client_for(cast.citizen_user).get(f"/policies/practices/{published.external_id}/")
    assert "건강도시 우수 사례 발표" in body.content.decode()
    doc = json.loads(
        client_for(cast.partner)
        .get(f"/policies/practices/{published.external_id}/practice.jsonld")
        .content
    )
    assert doc["subjectOf"][0]["name"] == "Good practices"
    before = published.presentations.count()
    client_for(cast.citizen_user).post(
        f"/policies/practices/{published.external_id}/sessions/",
        {"session": str(session.external_id)},
    )
    assert published.presentations.count() == before  # a citizen cannot link


def test_home_panels_show_the_queue_and_reviews_to_do(cast, cities, client_for):
    practice = submit_practice(practice=draft(cities.suwon, cast.delegate), by=cast.delegate)
    assign_reviewer(practice=practice, reviewer=cities.delegate_taipei, by=cast.official)
    official = client_for(cast.official).get("/", HTTP_ACCEPT_LANGUAGE="en")
    panel = next(p for p in official.context["panels"] if p["title"] == "Practice library")
    assert dict(panel["stats"])["In review"] == 1
    taipei = client_for(cities.delegate_taipei).get("/", HTTP_ACCEPT_LANGUAGE="en")
    panel = next(p for p in taipei.context["panels"] if p["title"] == "Practice library")
    assert dict(panel["stats"])["Reviews to do"] == 1
