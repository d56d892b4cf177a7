"""Daily steps CSV (documented in docs/health.md):

    citizen,date,steps,device
    7c9e6679-7425-40de-944b-e07fc1f90ae7,2026-03-15,8423,galaxy-watch-6
    010-1234-5678,2026-03-15,5120,

`citizen` is the platform's citizen id or a Korean phone number; `date` a calendar day
(2026-03-15, 2026.03.15 or 20260315); `steps` a whole number (0–100 000); `device` optional.
Korean headers (시민, 날짜, 걸음수, 기기) are accepted too.
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from healthycity.health.codes import code_for
from healthycity.health.enums import RejectReason
from healthycity.health.imports import columns
from healthycity.health.imports.base import ImportFailed, Rejection, not_a_number
from healthycity.health.imports.chunks import CHUNK_ROWS, Chunk, batched, reject_rows
from healthycity.health.imports.tables import Row, normalise_label, shape_problem

HEADERS = {
    "citizen": "citizen", "시민": "citizen", "citizen id": "citizen", "phone": "citizen",
    "date": "date", "날짜": "date", "일자": "date",
    "steps": "steps", "걸음수": "steps", "걸음 수": "steps",
    "device": "device", "기기": "device",
}  # fmt: skip
REQUIRED = ("citizen", "date", "steps")


def map_header(header: list[str]) -> dict[str, int]:
    where: dict[str, int] = {}
    for i, cell in enumerate(header):
        name = HEADERS.get(normalise_label(cell))
        if name:
            where.setdefault(name, i)
    missing = [c for c in REQUIRED if c not in where]
    if missing:
        raise ImportFailed(
            gettext_noop(
                "This file is missing required columns: %(missing)s (expected: citizen,date,steps,device)."
            ),
            missing=", ".join(missing),
        )
    return where


def parse(header: list[str], rows: Iterator[Row], chunk_rows: int = CHUNK_ROWS) -> Iterator[Chunk]:
    where = map_header(header)
    for block in batched(rows, chunk_rows):
        yield _block(block, header, where)


def _block(block: list[Row], header: list[str], where: dict[str, int]) -> Chunk:
    rejections, good = [], []
    for line, cells in block:
        problem = shape_problem(cells, len(header))
        if problem:
            rejections.append(Rejection(line, RejectReason.MALFORMED, problem))
        else:
            good.append((line, cells))
    cols = list(zip(*(c for _, c in good), strict=False))
    frame = pd.DataFrame({"line": [ln for ln, _ in good]}, dtype="int64")
    # The quarantine keeps the cells the import reads, not who the row is about (see inbody).
    kept = [(where[f], header[where[f]].strip()) for f in ("date", "steps", "device") if f in where]
    frame["raw"] = ["; ".join(f"{label}={c[j]}" for j, label in kept if c[j]) for _, c in good]
    if not good:
        return Chunk(frame=frame, rejections=rejections, read=len(block))
    ident = columns.clean(cols[where["citizen"]])
    frame["ident_uuid"] = columns.uuids(ident)
    frame["ident_phone"] = columns.phones(ident).where(frame["ident_uuid"] == "", "")
    frame["ident_text"] = ident
    date_text = columns.clean(cols[where["date"]])
    frame["date"] = columns.dates(date_text)
    steps_text = columns.clean(cols[where["steps"]])
    steps, bad = columns.numbers(steps_text)
    frame["steps"] = steps
    frame["device"] = (
        columns.clean(cols[where["device"]]).str.slice(0, 60) if "device" in where else ""
    )
    code = code_for("steps")
    label = header[where["steps"]].strip()
    checks = [
        (frame["date"].isna(), RejectReason.BAD_DATE, date_text.map(lambda v: _("The date '%(value)s' cannot be read; expected e.g. 2026-03-15.") % {"value": v})),
        (frame["date"] > columns.today(), RejectReason.FUTURE_DATE, date_text.map(lambda v: _("The date %(value)s is in the future.") % {"value": v})),
        ((frame["ident_uuid"] == "") & (frame["ident_phone"] == ""), RejectReason.NO_CITIZEN, _("This row has no citizen ID and no valid phone number.")),
        (steps_text == "", RejectReason.MISSING_VALUE, _("The steps cell is empty.")),
        (bad, RejectReason.NOT_A_NUMBER, pd.Series([not_a_number(label, v, int(ln), _("steps per day")) for v, ln in zip(steps_text, frame["line"], strict=True)], index=frame.index)),
        (steps.notna() & ((steps < code.min) | (steps > code.max) | (steps % 1 != 0)), RejectReason.IMPLAUSIBLE, steps.map(lambda v: _("%(value)s steps in a day is impossible; expected a whole number from %(lo)s to %(hi)s.") % {"value": f"{v:g}", "lo": f"{code.min:g}", "hi": f"{code.max:g}"})),
    ]  # fmt: skip
    taken = pd.Series(False, index=frame.index)
    for mask, reason, messages in checks:
        mask = mask & ~taken
        rejections += reject_rows(frame, mask, reason, messages)
        taken |= mask
    return Chunk(frame=frame[~taken].reset_index(drop=True), rejections=rejections, read=len(block))
