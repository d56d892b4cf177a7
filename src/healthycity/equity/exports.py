"""Writing reports as JSON, CSV and XLSX. Missing numbers are empty (CSV/XLSX) or null (JSON),
never NaN; the reason column says why. CSV and XLSX cells go through core.csvsafe: a group label
from an uploaded HEAT file cannot run as a formula, and numbers stay numbers."""

from __future__ import annotations

import io
import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path

from django.utils.translation import gettext as _

from healthycity.core import csvsafe
from healthycity.equity.errors import EquityError


def _clean(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def as_dict(record) -> dict:
    data = record.as_dict() if hasattr(record, "as_dict") else dict(record)
    return {k: _clean(v) for k, v in data.items()}


def to_json(data) -> str:
    def default(o):
        if hasattr(o, "item"):
            return o.item()
        raise TypeError(type(o).__name__)

    return json.dumps(data, ensure_ascii=False, indent=2, default=default, allow_nan=False)


def to_csv(records: Sequence[dict]) -> str:
    if not records:
        return ""
    fields = list(dict.fromkeys(k for r in records for k in r))
    out = io.StringIO()
    writer = csvsafe.writer(out, lineterminator="\n")
    writer.writerow(fields)
    for r in records:
        writer.writerow(["" if _clean(r.get(k)) is None else r[k] for k in fields])
    return out.getvalue()


def to_xlsx(sheets: dict[str, Sequence[dict]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for title, records in sheets.items():
        sheet = book.create_sheet(title=title[:31])
        fields = list(dict.fromkeys(k for r in records for k in r))
        sheet.append(csvsafe.row(fields))
        for r in records:
            sheet.append(csvsafe.row(_clean(r.get(k)) for k in fields))
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def report_csv(report) -> str:
    rows = [{"section": "estimate", **r} for r in report.estimates]
    rows += [{"section": "measure", **r} for r in report.measures]
    return to_csv(rows)


def _emit(payload: str | bytes, *, output: str | None, stdout) -> None:
    if output:
        Path(output).write_bytes(payload if isinstance(payload, bytes) else payload.encode("utf-8"))
        return
    if isinstance(payload, bytes):
        raise EquityError(_("XLSX is a binary format: give --output FILE.xlsx."))
    (stdout or sys.stdout).write(payload)


def write(report, *, fmt: str, output: str | None, stdout=None) -> None:
    """Write a report.Report in `fmt` to `output` (a path) or `stdout`."""
    if fmt == "json":
        payload: str | bytes = to_json(report.as_dict())
    elif fmt == "csv":
        payload = report_csv(report)
    elif fmt == "xlsx":
        payload = to_xlsx({"estimates": report.estimates, "measures": report.measures})
    else:
        raise EquityError(
            _("Unknown format %(format)s; choose json, csv or xlsx.") % {"format": repr(fmt)}
        )
    _emit(payload, output=output, stdout=stdout)


def write_records(records: Sequence[dict], *, fmt: str, output: str | None, stdout=None) -> None:
    payload = to_json(list(records)) if fmt == "json" else to_csv(records)
    _emit(payload, output=output, stdout=stdout)
