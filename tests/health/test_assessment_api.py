"""GET /api/v1/citizens/{id}/assessment/: role-scoped, consent-checked, access-logged, documented."""

from __future__ import annotations

import pytest

from healthycity.core.models import AccessLog
from tests.health.health_data import consent_care, history

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.health.urls_assessment")]


@pytest.fixture
def records(cast):
    consent_care(cast.citizen, cast.other_citizen)
    history(cast.citizen)
    return cast


def url(citizen) -> str:
    return f"/api/v1/citizens/{citizen.external_id}/assessment/"


@pytest.mark.parametrize(
    ("who", "status", "logged"),
    [
        ("anonymous", 401, False),
        ("citizen", 200, False),  # their own record: no log
        ("other_citizen", 404, False),
        ("worker_a", 200, True),
        ("worker_b", 404, False),
        ("partner", 404, False),
        ("official", 200, True),
        ("delegate", 404, False),
        ("admin", 200, True),
    ],
)
def test_assessment_api_role_matrix(records, api_for, who, status, logged):
    user = records.users()[who]
    response = api_for(user).get(url(records.citizen))
    assert response.status_code in ((401, 403) if status == 401 else (status,))
    if status != 200:
        assert response.json()["error"]["status"] == response.status_code
    assert AccessLog.objects.filter(citizen=records.citizen).exists() is logged


def test_assessment_api_body(records, api_for):
    body = api_for(records.worker_a).get(url(records.citizen)).json()
    findings = {f["topic"]: f for f in body["findings"]}
    sarc = findings["sarcopenia"]
    assert sarc["outcome"] == "possible_sarcopenia"
    assert sarc["rule_id"] == "awgs2019.sarcopenia" and "AWGS 2019" in sarc["source"]
    assert set(sarc["missing"]) == {"asmi"}
    assert sarc["label"] == {"ko": "근감소증 의심", "en": "Possible sarcopenia"}
    assert sarc["meaning"]["ko"] and sarc["meaning"]["en"]
    assert findings["blood_pressure"]["shown"] == "148/92"
    assert findings["visceral_fat"]["status"] == "not_assessable"
    weight = next(c for c in body["changes"] if c["code"] == "weight")
    assert weight["since_first"] == -1.5


def test_no_care_consent_means_staff_get_404(cast, api_for):
    history(cast.citizen)
    assert api_for(cast.worker_a).get(url(cast.citizen)).status_code == 404
    assert api_for(cast.citizen_user).get(url(cast.citizen)).status_code == 200


def test_assessment_is_in_the_openapi_schema(records, api_for):
    schema = api_for(records.admin).get("/api/schema/?format=json").json()
    path = next(p for p in schema["paths"] if p.endswith("/assessment/"))
    op = schema["paths"][path]["get"]
    assert op["operationId"] == "citizen_assessment"
    assert "Assessment" in str(op["responses"]["200"])
