"""Scrub what the quarantine kept before issue 14: raw rows of LookinBody and steps files joined
every column of the file (name, date of birth, address, e-mail, memo), also of people who are not
citizens. The rows had no header to tell the columns apart, so their raw text is cleared (the line
number still finds the row in the user's file); FHIR rows keep only the elements the import reads;
rows that matched no citizen keep nothing of the person, in the table and in the CSV reports.
Scrubbed data cannot be restored: the reverse does nothing."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from django.db import migrations

KEPT_ELEMENTS = ("resourceType", "status", "code", "effectiveDateTime", "effectiveInstant",
                 "effectivePeriod", "valueQuantity", "component", "device")  # fmt: skip
QUOTED = re.compile(r"'[^']*'")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _fhir_raw(raw: str) -> str:
    try:
        resource = json.loads(raw)
    except (ValueError, RecursionError):
        return ""
    if not isinstance(resource, dict):
        return ""
    kept = {k: resource[k] for k in KEPT_ELEMENTS if k in resource}
    return json.dumps(kept, ensure_ascii=False)


def _scrub(kind: str, reason: str, message: str, raw: str) -> tuple[str, str]:
    if reason == "no_citizen":
        return QUOTED.sub("'…'", message), ""
    if kind == "fhir":
        return message, _fhir_raw(raw) if raw else ""
    return message, ""


def _cell(value: str) -> str:
    return "'" + value if value[:1] in FORMULA_STARTS else value


def _rewrite_report(path: Path, kind: str) -> None:
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
    except (OSError, UnicodeDecodeError, csv.Error):
        return
    if not rows:
        return
    out = [rows[0]]
    for row in rows[1:]:
        if len(row) == 5:
            row[3], row[4] = _scrub(kind, row[1], row[3], row[4])
        out.append([_cell(v) for v in row])
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(out)


def scrub(apps, schema_editor):
    Batch = apps.get_model("health", "ImportBatch")
    Row = apps.get_model("health", "QuarantinedRow")
    kinds = dict(Batch.objects.values_list("pk", "kind"))
    for row in Row.objects.iterator(chunk_size=2000):
        message, raw = _scrub(kinds.get(row.batch_id, ""), row.reason, row.message, row.raw)
        if (message, raw) != (row.message, row.raw):
            Row.objects.filter(pk=row.pk).update(message=message, raw=raw)
    for batch in Batch.objects.exclude(report_path="").only("report_path", "kind"):
        path = Path(batch.report_path)
        if path.is_file():
            _rewrite_report(path, batch.kind)


class Migration(migrations.Migration):
    dependencies = [("health", "0003_wearable_steps_history_and_flags")]

    operations = [migrations.RunPython(scrub, migrations.RunPython.noop)]
