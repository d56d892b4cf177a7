"""Property-based API tests (schemathesis) against our own OpenAPI schema (issue 12, item 6).

Generated requests for every operation, as every role of the role matrix (official, both welfare
workers, both partners, citizen, delegate, anonymous) in a world with objects of every app (each
app's `populate` of tests/<app>/role_matrix.py). No answer may be a server error or break the
schema: its status code is documented for the operation, its content type is the documented one
and its body matches the documented schema (errors too: core.schema documents the one error shape
on every operation), and every JSON error carries its own status.

Bounded: FUZZ_EXAMPLES examples per operation and role (default 1; CI runs this on SQLite and on
PostgreSQL). A failure is shrunk by hypothesis and reported with the role and a curl command."""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.db import transaction
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.core.test_role_matrix import MODULES, build_world

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

ROLES = (
    "official",
    "worker_a",
    "worker_b",
    "partner_a",
    "partner_b",
    "citizen",
    "delegate",
    "anonymous",
)
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "1"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(autouse=True)
def _keep_connection(keep_test_connection):
    """The schema is exercised through the WSGI application inside the test's transaction."""


def _operations():
    from healthycity.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    return [result.ok() for result in schema.get_all_operations()]


def _populated_world(cast, settings, tmp_path):
    """The role matrix's world with every app's objects; an app whose objects clash with an
    earlier app's (the same slug) is left out, in a savepoint."""
    world = build_world(cast)
    world.settings, world.tmp_path = settings, tmp_path
    for module in MODULES:
        populate = getattr(module, "populate", None)
        if populate is None:
            continue
        try:
            with transaction.atomic():
                populate(world)
        except Exception:  # noqa: BLE001, S110 — a clash leaves that app's objects out, no more
            pass
    return world


def _error_shape(response, case) -> None:
    content_type = response.headers.get("Content-Type", "")
    if isinstance(content_type, list):
        content_type = content_type[0] if content_type else ""
    if response.status_code >= 400 and content_type.startswith("application/json"):
        body = response.json()
        assert body.get("error", {}).get("status") == response.status_code, (
            f"{case.method} {case.formatted_path}: {body}"
        )


def _check(response, case) -> None:
    """Every check of this module on one answer (tests/aid/test_api_fuzz.py uses it too)."""
    case.validate_response(response, checks=CHECKS)
    _error_shape(response, case)


def _fuzz(operation, headers: dict) -> None:
    @given(case=operation.as_strategy())
    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        _check(case.call(headers=headers), case)

    run()


def test_no_answer_is_a_server_error_or_breaks_the_schema(cast, settings, tmp_path):
    """One world for all roles (populating it and generating the schema cost more than the
    requests); the failures of every role and operation are reported together."""
    world = _populated_world(cast, settings, tmp_path)
    operations = _operations()
    assert len(operations) > 50, "the schema lists too few operations"
    failures = []
    for role in ROLES:
        user = world.users[role]
        headers = {}
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            headers = {"Authorization": f"Token {token.key}"}
        for operation in operations:
            try:
                _fuzz(operation, headers)
            except Exception as exc:  # noqa: BLE001 — every operation is tried, then all reported
                failures.append(f"{role} {operation.label}:\n{exc}")
    assert not failures, "\n\n".join(failures)
