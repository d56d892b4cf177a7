"""`healthycity verify`: every check passes on sound data and names what is wrong otherwise;
the backup drill restores a pg_dump into a fresh database and verifies it."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from healthycity.aid.domain.distribution import hand_over
from healthycity.aid.models import HandOver, StockBalance
from healthycity.core.audit import log_access
from tests.aid.conftest import build_aid
from tests.aid.helpers import ready_cycle

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_media(settings, tmp_path):
    """Files other tests' jobs left (their rows rolled back) are not this test's business."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def data(cast):
    """A little of everything the checks read: a ledger, stock, the access log."""
    aid = build_aid(cast)
    (enrolment,) = ready_cycle(aid, cast, people=1)
    hand_over(
        cycle=aid.cycle, enrolment=enrolment, lot=aid.lot, quantity=1, by=cast.worker_a,
        idempotency_key="verify",
    )  # fmt: skip
    log_access(actor=cast.official, citizen=cast.citizen, action="health.view_record", purpose="t")
    return aid


def verify(*args) -> str:
    out = io.StringIO()
    call_command("verify", "--language", "en", *args, stdout=out)
    return out.getvalue()


def failing(*args) -> tuple[str, str]:
    out = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("verify", "--language", "en", *args, stdout=out)
    return out.getvalue(), str(raised.value)


def test_sound_data_passes_every_check(data):
    out = verify()
    assert "FAIL" not in out
    for name in ("aid.ledger", "aid.stock", "core.orphans", "core.migrations", "health.imports"):
        assert f"ok    {name}" in out
    assert "1 hand-overs · chain intact" in out


def _raw(sql, params=()):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # the append-only triggers would refuse it
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = origin")


def test_a_changed_ledger_entry_breaks_the_chain(data):
    _raw("UPDATE aid_handover SET quantity = 7 WHERE seq = 1")
    out, error = failing()
    assert "FAIL  aid.ledger" in out and "entry 1" in out
    assert "aid.ledger" in error


def test_a_balance_that_is_not_the_sum_of_movements_is_named(data):
    balance = StockBalance.objects.filter(quantity__gt=0).first()
    StockBalance.objects.filter(pk=balance.pk).update(quantity=balance.quantity + 3)
    out, error = failing("--only", "aid.stock")
    assert f"lot {balance.lot_id} at location {balance.location_id}" in out
    assert "aid.stock" in error


def test_orphaned_rows_are_found(data):
    # Foreign keys are checked at commit (DEFERRABLE INITIALLY DEFERRED), so inside the test's
    # transaction a row can point at nothing, as after a partial restore.
    _raw("UPDATE aid_handover SET enrolment_id = 987654 WHERE seq = 1")
    out, error = failing("--only", "core.orphans")
    assert "1 rows of aid_handover point to missing aid_enrolment (enrolment_id)" in out
    _raw("UPDATE aid_handover SET enrolment_id = %s WHERE seq = 1", [HandOver.objects.get().pk])


def test_unknown_check_is_a_clear_error(db):
    with pytest.raises(CommandError, match="Unknown checks: nope"):
        call_command("verify", "--only", "nope", "--language", "en")


@pytest.mark.postgres
def test_a_disabled_append_only_trigger_is_named(data):
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending foreign-key checks
        cursor.execute("ALTER TABLE core_accesslog DISABLE TRIGGER core_accesslog_append_only")
    out, error = failing("--only", "core.access_log")
    assert "core_accesslog: its append-only trigger is disabled" in out


def test_every_check_is_listed(db):
    out = io.StringIO()
    call_command("verify", "--list", stdout=out)
    for name in ("aid.ledger", "aid.stock", "aid.append_only", "core.access_log", "jobs.files"):
        assert name in out.getvalue()


# ---- the backup drill ---------------------------------------------------------------------


def _pg(*args, **kw):
    return subprocess.run(args, capture_output=True, text=True, timeout=600, **kw)


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_backup_restore_drill(cast, tmp_path):
    """pg_dump -Fc → pg_restore into a fresh database → healthycity verify passes there; and
    verify fails on the restored copy once its ledger is tampered with."""
    for tool in ("pg_dump", "pg_restore", "psql"):
        assert shutil.which(tool), f"{tool} is needed for the drill (postgresql-client)"
    aid = build_aid(cast)
    (enrolment,) = ready_cycle(aid, cast, people=1)
    hand_over(
        cycle=aid.cycle, enrolment=enrolment, lot=aid.lot, quantity=1, by=cast.worker_a,
        idempotency_key="drill",
    )  # fmt: skip
    log_access(actor=cast.official, citizen=cast.citizen, action="health.view_record", purpose="t")

    db = connection.settings_dict
    conn = ["-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432), "-U", db["USER"]]
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    dump = tmp_path / "healthycity.dump"
    done = _pg("pg_dump", "-Fc", *conn, "-f", str(dump), db["NAME"], env=env)
    assert done.returncode == 0, done.stderr
    restored = f"{db['NAME']}_restore"
    _pg("psql", *conn, "-d", "postgres", "-c", f'DROP DATABASE IF EXISTS "{restored}"', env=env)
    created = _pg("psql", *conn, "-d", "postgres", "-c", f'CREATE DATABASE "{restored}"', env=env)
    assert created.returncode == 0, created.stderr
    try:
        done = _pg("pg_restore", *conn, "--no-owner", "-d", restored, str(dump), env=env)
        assert done.returncode == 0, done.stderr
        auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
        url = f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{restored}"
        child_env = {
            k: v for k, v in os.environ.items() if not k.startswith(("HEALTHYCITY_", "DJANGO_"))
        }
        child_env.update(
            DATABASE_URL=url,
            SECRET_KEY="drill-" + "x" * 50,
            HEALTHYCITY_VAR=str(tmp_path / "var"),
            DJANGO_SETTINGS_MODULE="healthycity.settings",
        )
        run = [sys.executable, "-m", "healthycity", "verify", "--language", "en"]
        result = subprocess.run(run, env=child_env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "1 hand-overs · chain intact" in result.stdout
        assert "core.access_log" in result.stdout and "FAIL" not in result.stdout

        tamper = (
            "SET session_replication_role = replica; "
            "UPDATE aid_handover SET quantity = 9 WHERE seq = 1;"
        )
        done = _pg("psql", *conn, "-d", restored, "-c", tamper, env=env)
        assert done.returncode == 0, done.stderr
        result = subprocess.run(run, env=child_env, capture_output=True, text=True, timeout=300)
        assert result.returncode != 0
        assert "FAIL  aid.ledger" in result.stdout and "aid.ledger" in result.stderr
        assert "Traceback" not in result.stderr
    finally:
        _pg("psql", *conn, "-d", "postgres", "-c", f'DROP DATABASE IF EXISTS "{restored}"', env=env)
