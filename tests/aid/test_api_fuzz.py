"""Generated requests (schemathesis) to the aid API operations only, as each role: never a 5xx,
errors in the one shape."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _aid_operations():
    import schemathesis

    from healthycity.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    found = [result.ok() for result in schema.get_all_operations()]
    return [op for op in found if "/aid/" in op.path]


@pytest.mark.parametrize("who", ["official", "worker_a", "partner"])
def test_aid_api_never_answers_with_a_server_error(aid, cast, who, keep_test_connection):
    from tests.core.test_api_contract import _check

    operations = _aid_operations()
    assert len(operations) >= 8
    token, _ = Token.objects.get_or_create(user=cast.users()[who])
    headers = {"Authorization": f"Token {token.key}", "Idempotency-Key": "fuzz"}

    @given(data=st.data())
    @settings(
        max_examples=60, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    def fuzz(data):
        operation = data.draw(st.sampled_from(operations), label="operation")
        case = data.draw(operation.as_strategy(), label="case")
        _check(case.call(headers=headers), case)

    fuzz()
