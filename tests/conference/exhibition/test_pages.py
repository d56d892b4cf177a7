"""The booth pages at work: the station form makes a slip whose PDF reads back (Korean, the
values, the claim link; no name); the desk answers each kind of scan; the plan upload reports
every row; an event's manager runs that event's exhibition."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from healthycity.conference.exhibition.enums import MeasurementStatus
from healthycity.conference.exhibition.models import Booth, BoothMeasurement, BoothVisit
from healthycity.conference.models import EventStaff
from tests.conference.pdftext import needs_poppler, pdf_fonts, pdf_text

pytestmark = pytest.mark.django_db


def station_url(expo):
    return f"/conference/exhibition/booths/{expo.inbody.external_id}/station/"


def record_by_form(client, expo, **values):
    data = {
        "taken_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "weight_kg": "58.3",
        "pbf_percent": "27.1",
        **values,
    }
    return client.post(station_url(expo), data)


@needs_poppler
def test_a_slip_from_the_form_reads_back_as_pdf(client_for, expo, tmp_path):
    client = client_for(expo.inbody_staff)
    response = record_by_form(client, expo)
    assert response.status_code == 302
    bm = BoothMeasurement.objects.get()
    assert bm.status == MeasurementStatus.SLIP and bm.source == "form"
    page = client.get(response["Location"]).content.decode()
    assert "58.3" in page and "<svg" in page and "/conference/exhibition/claim/" in page
    pdf = client.get(f"/conference/exhibition/measurements/{bm.external_id}/slip.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content, tmp_path)
    assert "체성분 측정 결과" in text and "58.3" in text and "체지방률" in text
    assert "A-01" in text and "/conference/exhibition/claim/" in text.replace("\n", "")
    assert "김민지" not in text
    assert "yes" in pdf_fonts(pdf.content, tmp_path).splitlines()[2]


def test_another_device_cannot_print_the_slip_but_can_reissue_it(client_for, cast, expo):
    record_by_form(client_for(expo.inbody_staff), expo)
    bm = BoothMeasurement.objects.get()
    old_hash = bm.claim_hash
    other = client_for(cast.partner)  # InBody's own staff, on another phone
    page = other.get(f"/conference/exhibition/measurements/{bm.external_id}/")
    assert "<svg" not in page.content.decode()  # no secret here: no QR
    pdf = other.get(f"/conference/exhibition/measurements/{bm.external_id}/slip.pdf")
    assert pdf.status_code == 302
    other.post(f"/conference/exhibition/measurements/{bm.external_id}/reissue/")
    bm.refresh_from_db()
    assert bm.claim_hash != old_hash
    again = other.get(f"/conference/exhibition/measurements/{bm.external_id}/").content.decode()
    assert "<svg" in again


def test_the_station_form_explains_what_is_wrong(client_for, expo):
    client = client_for(expo.inbody_staff)
    response = record_by_form(client, expo, weight_kg="900")
    assert response.status_code == 200 and "300" in response.content.decode()
    both = record_by_form(client, expo, systolic_mmhg="120")
    assert both.status_code == 200
    future = record_by_form(
        client,
        expo,
        taken_at=(timezone.localtime() + dt.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M"),
    )
    assert future.status_code == 200
    assert not BoothMeasurement.objects.exists()


def test_the_desk_answers_every_kind_of_scan(client_for, expo):
    client = client_for(expo.inbody_staff)
    url = f"/conference/exhibition/booths/{expo.inbody.external_id}/"
    assert b'data-result="visit"' in client.post(url, {"code": expo.citizen_ticket.secret}).content
    assert b'data-result="unknown"' in client.post(url, {"code": "ZZZZZ-ZZZZZ"}).content
    again = client.post(url, {"code": expo.other_ticket.secret, "nonce": "n1"})
    replay = client.post(url, {"code": expo.other_ticket.secret, "nonce": "n1"})
    assert b'data-result="visit"' in again.content and b'data-result="visit"' in replay.content
    assert BoothVisit.objects.count() == 2


def test_an_event_manager_runs_that_events_exhibition(client_for, cast, expo):
    from tests.factories import UserFactory

    manager = UserFactory(username="event-manager")
    EventStaff.objects.create(event=expo.event, user=manager, role="manager")
    client = client_for(manager)
    assert client.get(f"/conference/{expo.event.slug}/exhibition/manage/").status_code == 200
    figures = f"/conference/exhibition/booths/{expo.inbody.external_id}/figures/"
    assert client.get(figures).status_code == 200
    assert client.get(figures[: -len("figures/")] + "leads/").status_code == 403


def test_the_plan_upload_reports_every_row(client_for, cast, expo):
    from django.core.files.uploadedfile import SimpleUploadedFile

    plan = SimpleUploadedFile(
        "plan.csv",
        b"number,hall,x,y,width,depth,station,exhibitor\n"
        b"B-01,art-hall-2,8,6,3,3,no,jongno-phc\n"
        b"B-02,art-hall-2,8,6,3,3,no,\n",
    )
    page = client_for(cast.official).post(
        f"/conference/{expo.event.slug}/exhibition/manage/plan/", {"file": plan}
    )
    text = page.content.decode()
    assert page.status_code == 200 and 'data-testid="plan-result"' in text
    assert "B-01" in text and Booth.objects.filter(event=expo.event, number="B-01").exists()
    assert not Booth.objects.filter(event=expo.event, number="B-02").exists()


def test_the_lead_csv_neutralises_formulas(client_for, expo):
    from healthycity.conference.exhibition.domain import leads

    registration = expo.delegate_ticket.registration
    registration.name = '=HYPERLINK("http://evil.example","x")'
    registration.save()
    leads.share_contact(registration=registration, exhibitor=expo.inbody, fields=["name"])
    leads.record_visit(
        exhibitor=expo.inbody, payload=expo.delegate_ticket.secret, by=expo.inbody_staff
    )
    body = (
        client_for(expo.inbody_staff)
        .get(f"/conference/exhibition/booths/{expo.inbody.external_id}/leads.csv")
        .content.decode("utf-8-sig")
    )
    assert "'=HYPERLINK" in body and "\n=HYPERLINK" not in body


def test_a_product_tried_at_the_booth_links_to_its_feedback_page(client_for, api_for, expo, cast):
    from healthycity.conference.exhibition.domain import leads
    from healthycity.feedback.models import Review
    from tests.feedback.factories import ProductFactory

    analyser = ProductFactory(partner=cast.partner_org, name_ko="인바디 H30", name_en="InBody H30")
    expo.inbody.products.add(analyser)
    leads.record_visit(
        exhibitor=expo.inbody,
        payload=expo.citizen_ticket.qr_payload,
        by=expo.inbody_staff,
        products=[analyser],
    )
    client = client_for(cast.citizen_user)
    feedback_url = f"/partners/products/{analyser.external_id}/"
    links = {
        "my booth visits": f"/conference/{expo.event.slug}/exhibition/mine/",
        "exhibitor page": f"/conference/{expo.event.slug}/exhibition/exhibitors/inbody/",
    }
    for where, url in links.items():
        page = client.get(url).content.decode()
        assert f'href="{feedback_url}"' in page, where
    api = api_for(cast.citizen_user).get(f"/api/v1/conference/events/{expo.event.slug}/exhibitors/")
    body = api.json()
    exhibitors = body["results"] if isinstance(body, dict) else body
    [shown] = [p for e in exhibitors for p in e["products"] if p["id"] == str(analyser.external_id)]
    assert shown["feedback_url"] == feedback_url
    # The link opens the product's page with its review form, and the form files a review.
    page = client.get(feedback_url).content.decode()
    assert 'data-testid="review-form"' in page
    client.post(
        f"/feedback/products/{analyser.external_id}/review/", {"rating": "5", "text": "좋아요"}
    )
    assert Review.objects.filter(product=analyser, citizen=cast.citizen).exists()
