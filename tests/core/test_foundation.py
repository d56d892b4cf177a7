"""Role matrix for the foundation's pages and endpoints."""

from __future__ import annotations

import pytest

from healthycity.citizens.queries import citizens_visible_to
from healthycity.core.models import AccessLog, AppendOnlyError

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_reachable(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "reachable"


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", set()),
        ("citizen", {"citizen"}),
        ("other_citizen", {"other"}),
        ("worker_a", {"citizen"}),
        ("worker_b", {"other"}),
        ("partner", set()),
        ("delegate", set()),
        ("official", {"citizen", "other"}),
        ("admin", {"citizen", "other"}),
    ],
)
def test_citizens_visible_to_each_role(cast, who, expected):
    from django.contrib.auth.models import AnonymousUser

    user = cast.users()[who] or AnonymousUser()
    names = {"citizen": cast.citizen.pk, "other": cast.other_citizen.pk}
    seen = set(citizens_visible_to(user).values_list("pk", flat=True))
    assert seen == {names[n] for n in expected}


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", None),
        ("citizen", {"citizen"}),
        ("worker_a", {"citizen"}),
        ("worker_b", {"other"}),
        ("partner", set()),
        ("delegate", set()),
        ("official", {"citizen", "other"}),
        ("admin", {"citizen", "other"}),
    ],
)
def test_api_citizens_lists_exactly_what_role_may_see(cast, api_for, who, expected):
    response = api_for(cast.users()[who]).get("/api/v1/citizens/")
    if expected is None:
        assert response.status_code in (401, 403)
        assert response.json()["error"]["status"] == response.status_code
        return
    assert response.status_code == 200
    ids = {row["id"] for row in response.json()["results"]}
    names = {"citizen": str(cast.citizen.external_id), "other": str(cast.other_citizen.external_id)}
    assert ids == {names[n] for n in expected}
    assert all("name" not in row and "phone" not in row for row in response.json()["results"])


def test_worker_cannot_fetch_other_centres_citizen_by_id(cast, api_for):
    response = api_for(cast.worker_a).get(f"/api/v1/citizens/{cast.other_citizen.external_id}/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_access_log_cannot_be_changed_or_deleted(cast):
    from healthycity.core.audit import log_access

    entry = log_access(actor=cast.worker_a, citizen=cast.citizen, action="view", purpose="care")
    entry.purpose = "tampered"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.filter(pk=entry.pk).update(purpose="x")
    assert AccessLog.objects.get(pk=entry.pk).purpose == "care"


@pytest.mark.postgres
def test_database_itself_refuses_to_change_the_access_log(cast):
    from django.db import connection, transaction
    from django.db.utils import DatabaseError

    from healthycity.core.audit import log_access

    entry = log_access(actor=cast.official, citizen=cast.citizen, action="view", purpose="care")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_accesslog SET purpose = 'x' WHERE id = %s", [entry.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_accesslog WHERE id = %s", [entry.pk])
