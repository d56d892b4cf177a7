"""The API schema says what the API accepts (issue 14, item 9): the `product` filter of the
reviews, the `company` filter of the products, `period` (required where it is), FHIR's media
type both ways. Each documented filter is also checked to work, and a malformed value to be a
400 rather than a server error."""

from __future__ import annotations

import json

import pytest

from tests.feedback.factories import ProductFactory
from tests.health.conftest import make_measurement
from tests.security.test_nested_json import observation

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(cast, client_for):
    return client_for(cast.official).get("/api/schema/?format=json").json()


def _query(schema, path, method="get"):
    parameters = schema["paths"][path][method].get("parameters", [])
    return {p["name"]: p for p in parameters if p["in"] == "query"}


def test_schema_documents_the_reviews_product_filter(schema):
    product = _query(schema, "/api/v1/reviews/")["product"]
    assert product["schema"] == {"type": "string", "format": "uuid"}
    assert not product.get("required")


def test_schema_documents_the_products_company_filter(schema):
    assert "company" in _query(schema, "/api/v1/products/")


def test_schema_documents_period_required_only_where_it_is(schema):
    assert _query(schema, "/api/v1/companies/{slug}/report/")["period"]["required"] is True
    feedback = _query(schema, "/api/v1/products/{id}/feedback/")["period"]
    assert not feedback.get("required")  # this year when left out
    assert feedback["schema"]["pattern"] == r"^\d{4}(-\d{2})?$"


def test_schema_documents_fhir_media_types(schema):
    export = schema["paths"]["/api/v1/citizens/{id}/fhir/"]["get"]["responses"]["200"]
    assert "application/fhir+json" in export["content"]
    upload = schema["paths"]["/api/v1/fhir/"]["post"]["requestBody"]["content"]
    assert "application/fhir+json" in upload


def test_reviews_product_filter_works(cast, api_for):
    from healthycity.feedback.domain.reviews import submit_review

    first, second = (
        ProductFactory(partner=cast.partner_org),
        ProductFactory(partner=cast.partner_org),
    )
    for product in (first, second):
        submit_review(citizen=cast.citizen, product=product, rating=4, text="좋아요")
    api = api_for(cast.official)
    assert api.get("/api/v1/reviews/").json()["count"] == 2
    only = api.get(f"/api/v1/reviews/?product={first.external_id}").json()
    assert only["count"] == 1


@pytest.mark.parametrize(
    "url", ["/api/v1/reviews/?product=not-a-uuid", "/api/v1/products/?company=%00"]
)
def test_a_malformed_filter_is_a_400_not_a_server_error(cast, api_for, url):
    response = api_for(cast.official).get(url)
    assert response.status_code in (200, 400), response.content[:300]
    if response.status_code == 400:
        assert response.json()["error"]["status"] == 400


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("application/fhir+json", "application/fhir+json"),
        ("application/json", "application/json"),
        ("*/*", "application/fhir+json"),
    ],
)
def test_fhir_export_answers_fhirs_media_type(consented, client_for, accept, expected):
    """A FHIR client asks for `application/fhir+json`; it was a 406 (no renderer for it)."""
    make_measurement(consented.citizen, weight_kg=61.5, height_cm=158.2)
    response = client_for(consented.worker_a).get(
        f"/api/v1/citizens/{consented.citizen.external_id}/fhir/", HTTP_ACCEPT=accept
    )
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == expected
    assert json.loads(response.content)["resourceType"] == "Bundle"


def test_fhir_upload_with_fhirs_media_type_round_trips(consented, api_for):
    body = json.dumps(observation(consented.citizen.external_id, 70.5, "2025-01-01T09:00:00+09:00"))
    response = api_for(consented.worker_a).post(
        "/api/v1/fhir/", body, content_type="application/fhir+json"
    )
    assert response.status_code == 201, response.content


def test_fhir_export_errors_keep_the_api_error_shape_and_media_type(cast, client_for):
    response = client_for(cast.worker_a).get(
        "/api/v1/citizens/00000000-0000-4000-8000-000000000000/fhir/",
        HTTP_ACCEPT="application/fhir+json",
    )
    assert response.status_code == 404
    assert response["Content-Type"].split(";")[0] == "application/json"
    assert response.json()["error"]["status"] == 404
