"""Writing to the access log (call `log_access` wherever a person's record is shown) and checking
its hash chain (`verify_access_log`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from healthycity.accounts.roles import primary_role
from healthycity.citizens.enums import ConsentPurpose
from healthycity.core.chain import GENESIS, ChainReport, chain_hash, lock_head
from healthycity.core.models import AccessLog, AccessLogHead

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def log_access(*, actor, citizen, action: str, purpose: str, path: str = "") -> AccessLog:
    """Append one entry to the access log. Side effects: one INSERT and the chain head's
    UPDATE (row-locked), in one transaction; never changes an entry."""
    entry = _entry(actor, primary_role(actor), citizen, action, purpose, path)
    _append([entry])
    return entry


def log_access_many(*, actor, citizens: Iterable, action: str, purpose: str, path: str = "") -> int:
    """Append one entry per citizen (e.g. a worklist that shows findings). Returns the count."""
    role = primary_role(actor)
    rows = [_entry(actor, role, c, action, purpose, path) for c in citizens]
    if rows:
        _append(rows)
    return len(rows)


def _entry(actor, role, citizen, action, purpose, path) -> AccessLog:
    return AccessLog(
        actor=actor,
        actor_role=role,
        citizen=citizen,
        action=action[:80],
        purpose=purpose[:200],
        path=path[:300],
    )


def entry_of(row: AccessLog) -> dict:
    """The hashed content of an entry, rebuilt from its columns."""
    return {
        "seq": row.seq,
        "at": (row.at - EPOCH) // dt.timedelta(microseconds=1),
        "actor": row.actor_id,
        "role": row.actor_role,
        "citizen": row.citizen_id,
        "action": row.action,
        "purpose": row.purpose,
        "path": row.path,
    }


def _append(rows: list[AccessLog]) -> None:
    with transaction.atomic():
        head = lock_head(AccessLogHead)
        now = timezone.now()
        for row in rows:
            row.at = now
            row.seq = head.seq + 1
            row.prev_hash = head.hash
            row.hash = chain_hash(head.hash, entry_of(row))
            head.seq, head.hash = row.seq, row.hash
        AccessLog.objects.bulk_create(rows)
        head.save(update_fields=["seq", "hash"])


def verify_access_log(*, chunk: int = 5000) -> ChainReport:
    """Walk the access log's chain in order: every entry in its place, each hash matching its
    columns and its predecessor, and as many entries as the head counts (an emptied or cut
    log is found). Returns the count and the first broken entry, if any. Reads only."""
    prev, expected, count = GENESIS, 1, 0
    unchained = AccessLog.objects.filter(seq__isnull=True).order_by("id").first()
    if unchained is not None:
        return ChainReport(0, 0, f"entry id {unchained.pk} has no place in the chain")
    for row in AccessLog.objects.order_by("seq").iterator(chunk_size=chunk):
        count += 1
        if row.seq != expected:
            return ChainReport(count, row.seq, f"entry {expected} is missing")
        if row.prev_hash != prev:
            return ChainReport(count, row.seq, "previous hash does not match")
        if chain_hash(prev, entry_of(row)) != row.hash:
            return ChainReport(count, row.seq, "hash does not match the entry")
        prev, expected = row.hash, expected + 1
    head = AccessLogHead.objects.filter(pk=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    if head_seq != count:
        return ChainReport(count, count + 1, f"the head says {head_seq} entries, {count} found")
    if head_hash != prev:
        return ChainReport(count, count, "the head's hash is not the last entry's")
    return ChainReport(count)


# What the access log page shows for the codes that apps write. The log keeps the code (stable,
# searchable); people read the label in their language. An unknown code is shown as it is.
ACTION_LABELS = {
    "health.view_record": _("Opened the health record"),
    "health.report_pdf": _("Downloaded the health report (PDF)"),
    "health.record_measurement": _("Recorded a measurement"),
    "health.worklist": _("Listed in the care worklist"),
    "health.api_assessment": _("Read the assessment (API)"),
    "fhir.export": _("Exported the record as FHIR (API)"),
    "measurements.list": _("Read measurements (API)"),
    "steps.list": _("Read daily steps (API)"),
    "aid candidates": _("Listed as a support programme candidate"),
    "aid hand-over list": _("Listed for an aid hand-over"),
    "health.upload_wearable": _("Uploaded a phone or watch export"),
    "aid enrolments": _("Listed among a programme's enrolments"),
    "aid.api_enrolments": _("Read support programme enrolments (API)"),
    "exhibition.booth_measurement": _("Recorded a measurement at a conference booth"),
}
PURPOSE_LABELS = {
    **{str(p.value): p.label for p in ConsentPurpose},
    "care": _("Care by the welfare centre"),
    "care follow-up (API)": _("Care follow-up (API)"),
    "programme duty": _("Programme duty"),
    "administration": _("Administration"),
    "aid eligibility": _("Support programme eligibility"),
    "aid distribution": _("Aid distribution"),
    "aid enrolment": _("Support programme enrolment"),
}


def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))


def purpose_label(code: str) -> str:
    return str(PURPOSE_LABELS.get(code, code))
