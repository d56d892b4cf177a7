from __future__ import annotations

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_wrong_password_gets_clear_message_and_200(client, cast):
    response = client.post(
        "/login/", {"username": "official", "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "username or password is not right" in response.content.decode()


def test_right_password_logs_in_and_goes_home(client, cast):
    response = client.post("/login/", {"username": "official", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_login_is_locked_after_five_failures(client, cast, settings):
    settings.AXES_ENABLED = True
    for _ in range(5):
        client.post("/login/", {"username": "worker-a", "password": "nope"})
    response = client.post("/login/", {"username": "worker-a", "password": PASSWORD})
    assert response.status_code == 429
    assert "locked" in response.content.decode().lower() or "잠" in response.content.decode()


def test_passwords_are_hashed_with_argon2_in_production_settings():
    from healthycity import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_token_command_prints_a_working_token(cast, capsys):
    call_command("token", "worker-a")
    key = capsys.readouterr().out.strip()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api.get("/api/v1/citizens/")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [str(cast.citizen.external_id)]


def test_token_command_for_unknown_user_is_a_clear_error(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No user named"):
        call_command("token", "ghost")


def test_membership_role_must_match_organisation_kind(cast):
    from django.core.exceptions import ValidationError

    from healthycity.accounts.models import Membership

    wrong = Membership(user=cast.partner, organisation=cast.centre_a.organisation, role="partner")
    with pytest.raises(ValidationError) as info:
        wrong.full_clean()
    assert "organisation" in info.value.message_dict
