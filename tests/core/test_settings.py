"""Production settings refuse to start without a real secret and pass `check --deploy`."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow

# Variables the test run sets that a production process would not have.
_TEST_ONLY_VARIABLES = {
    "HEALTHYCITY_TESTING",
    "HEALTHYCITY_DEMO",
    "DEBUG",
    "SECRET_KEY",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def _run(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in _TEST_ONLY_VARIABLES}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-m", "healthycity", *args],
        capture_output=True,
        text=True,
        env=clean,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_key(tmp_path):
    result = _run("check", HEALTHYCITY_VAR=str(tmp_path))
    assert result.returncode == 2
    assert "SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_deploy_passes_with_production_settings(tmp_path):
    result = _run(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="healthycity.example.org",
        HEALTHYCITY_VAR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_bad_boolean_in_environment_is_a_clear_error(tmp_path):
    result = _run("check", DEBUG="maybe", HEALTHYCITY_VAR=str(tmp_path))
    assert result.returncode == 2
    assert "DEBUG='maybe' is not a boolean" in result.stderr


def test_help_works_before_anything_is_configured(tmp_path):
    result = _run("--help", HEALTHYCITY_VAR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    for command in ("import", "equity", "aid", "partners", "demo", "token"):
        assert command in result.stdout
