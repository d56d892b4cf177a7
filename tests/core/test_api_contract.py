"""Property-based API tests (schemathesis) against our own OpenAPI schema.

Generated requests — valid and malformed — for every operation, as an official, a welfare worker, a
partner and a citizen: no response may be a server error, and every JSON error carries the one error
shape of core.api."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(autouse=True)
def _keep_connection():
    """Calling the WSGI app directly sends request_started/finished, on which Django closes the
    database connection — the test's own transaction on PostgreSQL. Keep it open for these tests."""
    from django.core import signals
    from django.db import close_old_connections

    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


def _operations():
    from healthycity.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    return [result.ok() for result in schema.get_all_operations()]


def _check(response, case) -> None:
    where = f"{case.method} {case.formatted_path}"
    assert response.status_code < 500, f"{where}: {response.status_code} {response.text[:500]}"
    content_type = response.headers.get("Content-Type", "")
    if isinstance(content_type, list):
        content_type = content_type[0] if content_type else ""
    if response.status_code >= 400 and content_type.startswith("application/json"):
        body = response.json()
        assert body.get("error", {}).get("status") == response.status_code, f"{where}: {body}"


@pytest.mark.parametrize("who", ["official", "worker_a", "partner", "citizen"])
def test_api_never_answers_with_a_server_error(cast, who):
    operations = _operations()
    assert operations, "the schema lists no operations"
    token, _ = Token.objects.get_or_create(user=cast.users()[who])
    headers = {"Authorization": f"Token {token.key}"}

    @given(data=st.data())
    @settings(
        max_examples=max(40, 4 * len(operations)),
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def fuzz(data):
        operation = data.draw(st.sampled_from(operations), label="operation")
        case = data.draw(operation.as_strategy(), label="case")
        _check(case.call(headers=headers), case)

    fuzz()
