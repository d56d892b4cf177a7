"""Bad input through pages and API: clear messages, never a 500, script shown as text."""

from __future__ import annotations

import pytest

from healthycity.feedback.domain.reviews import submit_review, withdraw_review
from healthycity.feedback.models import Review

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_html_and_script_are_shown_as_text_everywhere(cast, product, client_for, api_for):
    review = submit_review(citizen=cast.citizen, product=product, rating=3, text=SCRIPT + " 좋아요")
    pages = {
        cast.citizen_user: ["/feedback/mine/", f"/partners/products/{product.external_id}/"],
        cast.partner: ["/feedback/inbox/", f"/feedback/reviews/{review.external_id}/"],
    }
    for user, urls in pages.items():
        client = client_for(user)
        for url in urls:
            body = client.get(url).content.decode()
            assert "<script>alert" not in body and "<img src=x" not in body, url
            assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body, url
    api = api_for(cast.partner).get("/api/v1/reviews/").json()
    assert api["results"][0]["text"].startswith("<script>")  # JSON carries the text as data


def test_script_in_keywords_is_escaped_in_dashboard_json(cast, product, client_for, settings):
    settings.SMALL_CELL_K = 1
    submit_review(
        citizen=cast.citizen, product=product, rating=3, text="</script><script>alert(1)</script>"
    )
    body = (
        client_for(cast.partner)
        .get(f"/feedback/dashboard/products/{product.external_id}/")
        .content.decode()
    )
    assert "<script>alert(1)" not in body


def test_empty_review_in_page_gives_message(cast, product, client_for):
    client = client_for(cast.citizen_user)
    response = client.post(
        f"/feedback/products/{product.external_id}/review/",
        {"rating": "4", "text": "  "},
        follow=True,
    )
    assert response.status_code == 200
    assert "empty" in response.content.decode() or "비어" in response.content.decode()
    assert not Review.objects.exists()


def test_huge_review_in_api_gives_field_error(cast, product, api_for):
    response = api_for(cast.citizen_user).post(
        "/api/v1/reviews/",
        {"product": str(product.external_id), "rating": 4, "text": "a" * 5000},
        format="json",
    )
    assert response.status_code == 400
    assert "5,000" in response.json()["error"]["fields"]["text"][0]


def test_missing_rating_in_api(cast, product, api_for):
    response = api_for(cast.citizen_user).post(
        "/api/v1/reviews/",
        {"product": str(product.external_id), "rating": 9, "text": "좋아요"},
        format="json",
    )
    assert response.status_code == 400 and "rating" in response.json()["error"]["fields"]


def test_edit_after_withdrawal_is_refused_clearly(cast, review, client_for, api_for):
    withdraw_review(review=review)
    page = client_for(cast.citizen_user).get(f"/feedback/mine/{review.external_id}/edit/")
    assert page.status_code == 409 and "철회" in page.content.decode()
    api = api_for(cast.citizen_user).patch(
        f"/api/v1/reviews/{review.external_id}/", {"text": "again"}, format="json"
    )
    assert api.status_code == 409 and "철회" in api.json()["error"]["message"]


def test_other_partner_reply_gets_403_with_message(other_partner, review, client_for, api_for):
    page = client_for(other_partner).post(
        f"/feedback/reviews/{review.external_id}/reply/", {"text": "hi"}
    )
    assert page.status_code == 403 and "제조사만" in page.content.decode()
    api = api_for(other_partner).post(
        f"/api/v1/reviews/{review.external_id}/replies/", {"text": "hi"}, format="json"
    )
    assert api.status_code == 403 and "제조사만" in api.json()["error"]["message"]
    status = api_for(other_partner).post(
        f"/api/v1/reviews/{review.external_id}/status/", {"status": "done"}, format="json"
    )
    assert status.status_code == 403 and "자사 제품" in status.json()["error"]["message"]


def test_citizen_cannot_reply(cast, review, api_for):
    response = api_for(cast.other_citizen_user).post(
        f"/api/v1/reviews/{review.external_id}/replies/", {"text": "me too"}, format="json"
    )
    assert response.status_code == 403


def test_other_citizen_cannot_edit_or_withdraw(cast, review, client_for, api_for):
    client = client_for(cast.other_citizen_user)
    assert client.post(f"/feedback/mine/{review.external_id}/withdraw/").status_code == 404
    assert (
        api_for(cast.other_citizen_user)
        .post(f"/api/v1/reviews/{review.external_id}/withdraw/")
        .status_code
        == 404
    )


def test_bad_status_move_in_api(cast, review, api_for):
    api = api_for(cast.partner)
    assert (
        api.post(
            f"/api/v1/reviews/{review.external_id}/status/", {"status": "done"}, format="json"
        ).status_code
        == 201
    )
    again = api.post(
        f"/api/v1/reviews/{review.external_id}/status/", {"status": "planned"}, format="json"
    )
    assert again.status_code == 400 and "status" in again.json()["error"]["fields"]


@pytest.mark.parametrize("period", ["2026-13", "26", "abc", "2026-1"])
def test_bad_period_gives_clear_errors(cast, api_for, client_for, period):
    api = api_for(cast.partner).get(f"/api/v1/companies/inbody/report/?period={period}")
    assert api.status_code == 400 and period in str(api.json()["error"])
    page = client_for(cast.partner).get(f"/partners/companies/inbody/report.csv?period={period}")
    assert page.status_code == 400


def test_picture_upload_is_validated(cast, client_for, tmp_path, settings):
    import io
    import os

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from healthycity.partners.models import Product

    settings.MEDIA_ROOT = tmp_path
    client = client_for(cast.partner)
    fake = SimpleUploadedFile("photo.png", b"not an image at all", content_type="image/png")
    data = {
        "slug": "p1",
        "name_ko": "제품",
        "name_en": "P",
        "category": "measuring_device",
        "unit": "box",
        "picture": fake,
        "active": "on",
    }
    response = client.post("/partners/companies/inbody/products/new/", data)
    assert response.status_code == 200 and not Product.objects.filter(slug="p1").exists()
    gif = io.BytesIO()
    Image.new("RGB", (4, 4)).save(gif, "GIF")
    response = client.post(
        "/partners/companies/inbody/products/new/",
        {**data, "picture": SimpleUploadedFile("a.gif", gif.getvalue(), content_type="image/gif")},
    )
    assert response.status_code == 200
    assert not Product.objects.filter(slug="p1").exists()
    noise = io.BytesIO()
    Image.frombytes("RGB", (900, 900), os.urandom(900 * 900 * 3)).save(noise, "PNG")
    big = SimpleUploadedFile("big.png", noise.getvalue(), content_type="image/png")
    response = client.post("/partners/companies/inbody/products/new/", {**data, "picture": big})
    assert response.status_code == 200 and "2MB" in response.content.decode()
    png = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(png, "PNG")
    response = client.post(
        "/partners/companies/inbody/products/new/",
        {**data, "picture": SimpleUploadedFile("ok.png", png.getvalue(), content_type="image/png")},
    )
    assert response.status_code == 302
