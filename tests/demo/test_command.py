from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from healthycity.accounts.models import User
from healthycity.citizens.models import Citizen

pytestmark = pytest.mark.django_db


def run(*args, **options) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out, **options)
    return out.getvalue()


def test_cli_builds_the_city_with_the_runlocal_keywords():
    output = run(citizens=200, seed=4, password="healthycity-demo")
    assert Citizen.objects.count() == 200
    assert "200" in output
    assert User.objects.get(username="admin").check_password("healthycity-demo")


def test_cli_refuses_a_second_run_with_a_clear_message():
    run(citizens=100, seed=4)
    with pytest.raises(CommandError, match="--reset"):
        run(citizens=100, seed=4)


def test_cli_second_run_exits_non_zero(capsys):
    run(citizens=100, seed=4)
    from healthycity.demo.management.commands.demo import Command

    with pytest.raises(SystemExit) as exit_:
        Command().run_from_argv(["healthycity", "demo", "--citizens", "100"])
    assert exit_.value.code != 0
    assert "--reset" in capsys.readouterr().err


def test_cli_reset_builds_again():
    run(citizens=100, seed=4)
    run("--reset", citizens=150, seed=4)
    assert Citizen.objects.count() == 150


def test_cli_refuses_a_short_password():
    with pytest.raises(CommandError, match="8"):
        run(citizens=10, password="short")


def test_cli_refuses_outside_demo_mode(settings, monkeypatch):
    settings.DEMO_MODE = False
    settings.DEBUG = False
    monkeypatch.delenv("HEALTHYCITY_TESTING", raising=False)
    with pytest.raises(CommandError, match="HEALTHYCITY_DEMO"):
        run(citizens=10)
    assert not Citizen.objects.exists()


def test_runlocal_no_serve_builds_the_demo_once():
    out = StringIO()
    call_command("runlocal", no_serve=True, citizens=120, stdout=out)
    assert Citizen.objects.count() == 120
    assert "worker-a" in out.getvalue()
    call_command("runlocal", no_serve=True, citizens=120, stdout=StringIO())
    assert Citizen.objects.count() == 120
