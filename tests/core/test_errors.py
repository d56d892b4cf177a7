"""Bad input gets a clear message in the user's language and the right status; never a 500."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


def test_unknown_page_is_404_in_korean_by_default(client):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 404
    assert "text/html" in response["Content-Type"]


def test_unknown_api_url_is_json_404(api_for, cast):
    response = api_for(cast.official).get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_api_requires_authentication_with_json_error(api_for):
    response = api_for(None).get("/api/v1/citizens/")
    assert response.status_code in (401, 403)
    body = response.json()["error"]
    assert body["status"] == response.status_code and body["message"]


def test_api_error_message_follows_language(api_for):
    english = api_for(None).get("/api/v1/citizens/", HTTP_ACCEPT_LANGUAGE="en").json()
    korean = api_for(None).get("/api/v1/citizens/", HTTP_ACCEPT_LANGUAGE="ko").json()
    assert english["error"]["message"] != korean["error"]["message"]


def test_malformed_json_body_is_400_not_500(api_for, cast):
    response = api_for(cast.official).generic(
        "POST", "/api/v1/citizens/", "{not json", content_type="application/json"
    )
    assert response.status_code in (400, 405)
    assert "error" in response.json()


def test_method_not_allowed_has_error_shape(api_for, cast):
    response = api_for(cast.official).delete(f"/api/v1/citizens/{cast.citizen.external_id}/")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_forged_form_post_without_csrf_is_403_with_clear_page(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.citizen_user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post("/citizens/me/consents/change/", {"purpose": "care"})
    assert response.status_code == 403
    assert "text/html" in response["Content-Type"]
    assert response.context["status"] == 403


@override_settings(DEBUG=False)
def test_server_error_page_renders_without_database(rf):
    from healthycity.core.views import server_error

    request = rf.get("/boom/")
    response = server_error(request)
    assert response.status_code == 500
    assert b"500" in response.content


def test_healthz_returns_json_503_when_database_fails(client, monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise OSError("db down")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
