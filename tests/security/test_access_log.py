"""The access log (issue 14, item 7): a hash chain whose loss is detectable, TRUNCATE refused on
PostgreSQL (log and ledger), every code labelled in ko/en, API reads logged with the right
purpose (officials' reads, aid enrolments)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction

from healthycity.citizens.domain.consent import grant_consent
from healthycity.core import audit
from healthycity.core.audit import log_access, log_access_many, verify_access_log
from healthycity.core.models import AccessLog, AccessLogHead
from tests.aid.helpers import ready_cycle
from tests.health.conftest import make_measurement

pytestmark = pytest.mark.django_db
SRC = Path(audit.__file__).resolve().parents[1]
postgres_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="the triggers exist on PostgreSQL only"
)


def _write(cast, n=3):
    log_access(actor=cast.worker_a, citizen=cast.citizen, action="health.view_record",
               purpose="care", path="/x/")  # fmt: skip
    log_access_many(actor=cast.official, citizens=[cast.citizen, cast.other_citizen] * n,
                    action="health.worklist", purpose="programme duty")  # fmt: skip


def _raw(sql: str) -> None:
    """Change the table behind the application's back (as a database superuser could)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The test's own inserts leave deferred foreign-key checks pending; run them first.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE core_accesslog DISABLE TRIGGER core_accesslog_append_only")
        cursor.execute(sql)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_accesslog ENABLE TRIGGER core_accesslog_append_only")


def test_entries_form_a_chain_that_verifies(cast):
    _write(cast)
    entries = list(AccessLog.objects.order_by("seq"))
    assert [e.seq for e in entries] == list(range(1, 8))
    assert entries[0].prev_hash == "0" * 64
    assert all(b.prev_hash == a.hash for a, b in zip(entries, entries[1:], strict=False))
    report = verify_access_log()
    assert report.ok and report.entries == 7
    assert AccessLogHead.objects.get().seq == 7


def test_a_deleted_entry_is_found(cast):
    _write(cast)
    _raw("DELETE FROM core_accesslog WHERE seq = 3")
    report = verify_access_log()
    assert not report.ok and report.broken_seq == 4 and "3 is missing" in report.reason


def test_a_changed_entry_is_found(cast):
    _write(cast)
    _raw("UPDATE core_accesslog SET purpose = 'administration' WHERE seq = 2")
    report = verify_access_log()
    assert not report.ok and report.broken_seq == 2


def test_an_emptied_log_is_found(cast):
    _write(cast)
    _raw("DELETE FROM core_accesslog")
    report = verify_access_log()
    assert not report.ok and "the head says 7 entries, 0 found" in report.reason


def test_the_last_entries_cut_off_are_found(cast):
    _write(cast)
    _raw("DELETE FROM core_accesslog WHERE seq > 5")
    assert "the head says 7" in verify_access_log().reason


@postgres_only
@pytest.mark.parametrize("table", ["core_accesslog", "core_accessloghead", "aid_handover",
                                   "aid_ledgerhead"])  # fmt: skip
def test_truncate_is_refused_on_postgresql(cast, table):
    _write(cast)
    refused = pytest.raises(DatabaseError, match="TRUNCATE is refused")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL healthycity.refuse_truncate = 'on'")
        cursor.execute(f"TRUNCATE {table} CASCADE")
    assert verify_access_log().ok


def _codes_in_source() -> tuple[set[str], set[str]]:
    actions, purposes = set(), set()
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "log_access" not in text and "log_view" not in text and "_log_staff_read" not in text:
            continue
        actions |= set(re.findall(r'action="([^"]+)"', text))
        actions |= set(re.findall(r'^ACTION\w* = "([^"]+)"', text, re.M))
        actions |= set(
            re.findall(r'(?:log_view|_log_staff_read)\([^)]*?"([a-z][^"]+)"', text, re.S)
        )
        purposes |= set(re.findall(r'purpose="([^"]+)"', text))
        purposes |= set(re.findall(r'^PURPOSE\w* = "([^"]+)"', text, re.M))
    actions -= {"store_true", "store_false", "append", "count"}
    return actions, purposes


def test_every_access_code_in_the_code_has_a_label():
    actions, purposes = _codes_in_source()
    assert {"aid enrolments", "health.view_record", "fhir.export"} <= actions
    assert not actions - audit.ACTION_LABELS.keys(), "actions without a label"
    assert not purposes - audit.PURPOSE_LABELS.keys(), "purposes without a label"


def test_labels_are_translated_both_ways():
    from django.utils import translation

    for code in audit.ACTION_LABELS:
        with translation.override("ko"):
            ko = audit.action_label(code)
        with translation.override("en"):
            en = audit.action_label(code)
        assert ko != en and re.search("[가-힣]", ko), code


def test_the_log_page_shows_korean_labels_for_aid_codes(cast, client_for):
    log_access(actor=cast.worker_a, citizen=cast.citizen, action="aid enrolments",
               purpose="aid enrolment")  # fmt: skip
    html = client_for(cast.official).get("/access-log/").content.decode()
    assert "aid enrolments" not in html.split("<main", 1)[-1].split("<select", 1)[0]
    assert audit.action_label("aid enrolments") in html


def test_aid_enrolment_api_reads_are_logged(cast, api_for):
    from tests.aid.conftest import build_aid

    aid = build_aid(cast)
    people = ready_cycle(aid, cast, people=2)
    api = api_for(cast.worker_a)
    assert api.get("/api/v1/aid/enrolments/").status_code == 200
    logged = AccessLog.objects.filter(action="aid.api_enrolments")
    assert {e.citizen_id for e in logged} == {p.citizen_id for p in people}
    assert {e.purpose for e in logged} == {"aid enrolment"}
    before = logged.count()
    assert api.get(f"/api/v1/aid/enrolments/{people[0].external_id}/").status_code == 200
    assert AccessLog.objects.filter(action="aid.api_enrolments").count() == before + 1


def test_officials_api_reads_are_logged_as_programme_duty(cast, api_for):
    grant_consent(citizen=cast.citizen, purpose="care", by=None)
    make_measurement(cast.citizen, weight_kg=61.0)
    assert api_for(cast.official).get("/api/v1/measurements/").status_code == 200
    assert api_for(cast.worker_a).get("/api/v1/measurements/").status_code == 200
    purposes = dict(AccessLog.objects.values_list("actor_role", "purpose"))
    assert purposes == {"official": "programme duty", "worker": "care follow-up (API)"}


def test_healthycity_verify_runs_the_access_log_chain_check(cast):
    from healthycity.core import verify

    _write(cast)
    [result] = verify.run(["core.access_log_chain"])
    assert result.status == "ok" and "7" in result.summary
    _raw("DELETE FROM core_accesslog WHERE seq = 2")
    [result] = verify.run(["core.access_log_chain"])
    assert result.status == "problem" and "2" in result.problems[0]
