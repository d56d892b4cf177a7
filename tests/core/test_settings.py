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
    "DATABASE_URL",  # the suite's PostgreSQL leg; a test that wants a server sets it itself
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


@pytest.mark.parametrize(
    "production",
    [{"HEALTHYCITY_PRODUCTION": "1"}, {"ALLOWED_HOSTS": "healthycity.seoul.go.kr"}],
    ids=["flag", "real-host"],
)
def test_production_refuses_to_start_without_secret_key(tmp_path, production):
    result = _run("check", HEALTHYCITY_VAR=str(tmp_path), **production)
    assert result.returncode == 2
    assert "SECRET_KEY is not set" in result.stderr and "production" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "secret_key").exists()


def test_a_database_server_without_secret_key_is_refused(tmp_path):
    """Every process of a site with a database server must share one key: none is generated."""
    result = _run(
        "check",
        HEALTHYCITY_VAR=str(tmp_path),
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres",
    )
    assert result.returncode == 2 and "SECRET_KEY is not set" in result.stderr
    assert not (tmp_path / "secret_key").exists()


def test_local_use_generates_a_key_once_with_a_notice(tmp_path):
    first = _run("check", HEALTHYCITY_VAR=str(tmp_path))
    assert first.returncode == 0, first.stderr
    notices = [line for line in first.stderr.splitlines() if "secret key" in line]
    assert len(notices) == 1 and str(tmp_path / "secret_key") in notices[0]
    path = tmp_path / "secret_key"
    key = path.read_text().strip()
    assert len(key) >= 50 and oct(path.stat().st_mode & 0o777) == "0o600"
    again = _run("check", HEALTHYCITY_VAR=str(tmp_path))
    assert again.returncode == 0 and "secret key" not in again.stderr
    assert path.read_text().strip() == key


def test_commands_that_need_no_secret_work_out_of_the_box(tmp_path):
    """The issue's case: `equity summarize --input FILE` used to stop with SECRET_KEY."""
    from pathlib import Path

    heat = Path(__file__).parents[1] / "equity" / "fixtures" / "heat" / "heat_worked.csv"
    result = _run(
        "equity", "summarize", "--input", str(heat), "--format", "json",
        HEALTHYCITY_VAR=str(tmp_path),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.lstrip().startswith(("{", "["))
    assert "SECRET_KEY is not set" not in result.stderr


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
