"""Samsung Health: the CSV files of its personal-data download (a folder or its zip).

Each file starts with a preamble line (`com.samsung.shealth.step_daily_trend,6310008,3`), then
the header; columns may carry the table's name as a prefix (`com.samsung.health.weight.weight`),
and lines often end with a comma. Files are matched by name, whatever the time stamp in it:

- `com.samsung.shealth.step_daily_trend.*.csv`: one row per day and source. `day_time` is the
  day's start in epoch milliseconds (00:00 UTC of the calendar day), `count` its steps,
  `source_type` -2 for the row Samsung Health merged from all the person's devices. Only merged
  rows make the daily total (the phone's and the watch's own rows are counted in it: they are
  duplicates); of several merged rows of one day the one updated last (`update_time`) wins.
- `com.samsung.health.weight.*.csv`: `start_time` (UTC) with `weight` (kg), `body_fat` (%),
  `height` (cm).
- `com.samsung.shealth.blood_pressure.*.csv` (or `com.samsung.health.blood_pressure.*`):
  `start_time` (UTC) with `systolic`, `diastolic` (mmHg) and `pulse` (/min).

Samsung's daily rows have no hours, so the hourly checks (cadence, phone without watch) cannot be
made; the daily limit is. The export's time is the time stamp in the file names.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from healthycity.health.enums import PlausibilityReason, RejectReason
from healthycity.health.imports.base import ImportFailed
from healthycity.health.imports.wearables import clock, messages
from healthycity.health.imports.wearables.container import Container, reading
from healthycity.health.imports.wearables.limits import limits
from healthycity.health.imports.wearables.parsed import Parsed, Reading, Rejections
from healthycity.health.imports.wearables.stepdays import Day, Flag
from healthycity.health.imports.wearables.values import Refused, convert

DEVICE = "samsung-health"
STEPS = "com.samsung.shealth.step_daily_trend.*csv"
WEIGHT = "com.samsung.health.weight.*csv"
PRESSURE = ("com.samsung.shealth.blood_pressure.*csv", "com.samsung.health.blood_pressure.*csv")
MERGED = "-2"
STAMP = re.compile(r"\.(\d{14})\.csv$")


def parse(container: Container, rejections_sink, progress=None, person=None) -> Parsed:
    parsed = Parsed(device=DEVICE)
    rejections = Rejections(rejections_sink, parsed)
    steps = container.find(STEPS)
    weights = container.find(WEIGHT)
    pressures = container.find(*PRESSURE)
    if not (steps or weights or pressures):
        raise ImportFailed(
            gettext_noop(
                "No Samsung Health step, weight or blood-pressure file (com.samsung.shealth.step_daily_trend.….csv …) was found: upload the folder or zip of Samsung Health's personal data download."
            )
        )
    with reading(container):
        best: dict[dt.date, tuple] = {}
        for member in steps:
            _steps_file(container, member, parsed, rejections, best)
            _stamp(member, parsed)
            if progress:
                progress()
        parsed.day_rows = _days(best, parsed)
        for member in weights:
            _readings(container, member, parsed, rejections, _weight_values)
            if progress:
                progress()
        for member in pressures:
            _readings(container, member, parsed, rejections, _pressure_values)
            if progress:
                progress()
    rejections.flush()
    return parsed


def _rows(container: Container, member: str):
    """(line number, row as {column: text}, raw line) after the preamble and the header."""
    with container.open(member) as stream:
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline="")
        lines = iter(text)
        preamble = next(lines, "")
        if not preamble.startswith("com.samsung"):
            raise ImportFailed(
                gettext_noop("%(name)s does not start like a Samsung Health file (com.samsung…)."),
                name=member.rsplit("/", 1)[-1],
            )
        reader = csv.reader(lines)
        header = next(reader, None)
        if not header:
            return
        names = [h.strip().rsplit(".", 1)[-1] for h in header]
        line = 2
        for cells in reader:
            line = reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            yield line, dict(zip(names, (c.strip() for c in cells), strict=False)), ",".join(cells)


def _steps_file(container, member, parsed: Parsed, rejections: Rejections, best: dict) -> None:
    name = member.rsplit("/", 1)[-1]
    for line, row, raw in _rows(container, member):
        parsed.step_records += 1
        try:
            day = dt.datetime.fromtimestamp(
                int(float(row.get("day_time", ""))) / 1000, dt.UTC
            ).date()
        except (ValueError, OverflowError, OSError):
            _reject(
                rejections,
                parsed,
                line,
                RejectReason.BAD_DATE,
                messages.bad_time(row.get("day_time")),
                raw,
                name,
            )
            continue
        try:
            steps = float(row.get("count", ""))
        except ValueError:
            _reject(
                rejections,
                parsed,
                line,
                RejectReason.NOT_A_NUMBER,
                messages.not_a_number(row.get("count"), _("steps")),
                raw,
                name,
            )
            continue
        if steps < 0 or steps != steps:
            _reject(
                rejections,
                parsed,
                line,
                RejectReason.IMPLAUSIBLE,
                messages.impossible_steps(steps),
                raw,
                name,
            )
            continue
        if day > dt.datetime.now(clock.programme_zone()).date():
            _reject(
                rejections, parsed, line, RejectReason.FUTURE_DATE, messages.future(day), raw, name
            )
            continue
        entry = best.setdefault(day, {"merged": None, "others": 0})
        if row.get("source_type", "").strip() != MERGED:
            entry["others"] += 1
            continue
        key = (row.get("update_time", ""), line)
        if entry["merged"] is not None:
            entry["others"] += 1
            if entry["merged"][0] > key:
                continue
        entry["merged"] = (key, int(round(steps)))
        end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), dt.UTC)
        parsed.latest = max(parsed.latest or end, end)


def _reject(rejections, parsed, line, reason, message, raw, name) -> None:
    parsed.step_records -= 1  # counted as rejected, not as a step record
    rejections.add(line, reason, message, raw=raw, column=name)


def _days(best: dict, parsed: Parsed) -> list[Day]:
    limit = limits().max_daily_steps
    out = []
    for day in sorted(best):
        entry = best[day]
        if entry["merged"] is None:
            # Only device rows for this day: Samsung did not merge it; they are not a total.
            parsed.step_records -= entry["others"]
            parsed.skipped["step_daily_trend (device rows of a day without a merged row)"] += entry[
                "others"
            ]
            continue
        steps = entry["merged"][1]
        flags = [Flag(PlausibilityReason.DAILY_LIMIT, None, float(steps))] if steps > limit else []
        out.append(Day(date=day, steps=steps, used=1, overlapped=entry["others"], flags=flags))
    return out


def _stamp(member: str, parsed: Parsed) -> None:
    match = STAMP.search(member)
    if not match:
        return
    try:
        moment = dt.datetime.strptime(match.group(1), "%Y%m%d%H%M%S").replace(
            tzinfo=clock.programme_zone()
        )
    except ValueError:
        return
    parsed.exported_at = max(parsed.exported_at or moment, moment)


def _when(row) -> dt.datetime:
    text = row.get("start_time", "")
    moment = dt.datetime.fromisoformat(text.replace(" ", "T")) if text else None
    if moment is None:
        raise ValueError(text)
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment


def _weight_values(row) -> dict[str, float]:
    values = {}
    for column, field in (
        ("weight", "weight_kg"),
        ("body_fat", "pbf_percent"),
        ("height", "height_cm"),
    ):
        text = row.get(column, "")
        if text not in ("", None):
            values[field] = convert(
                field,
                text,
                {"weight_kg": "kg", "pbf_percent": "%", "height_cm": "cm"}[field],
                "samsung",
            )
    return values


def _pressure_values(row) -> dict[str, float]:
    if not row.get("systolic") or not row.get("diastolic"):
        have = _("systolic") if row.get("systolic") else _("diastolic")
        raise Refused(RejectReason.MISSING_VALUE, messages.lone_pressure(have))
    values = {
        "systolic_mmhg": convert("systolic_mmhg", row["systolic"], "mmHg", "samsung"),
        "diastolic_mmhg": convert("diastolic_mmhg", row["diastolic"], "mmHg", "samsung"),
    }
    if row.get("pulse"):
        values["heart_rate_bpm"] = convert("heart_rate_bpm", row["pulse"], "beats/min", "samsung")
    return values


def _readings(container, member, parsed: Parsed, rejections: Rejections, values_of) -> None:
    name = member.rsplit("/", 1)[-1]
    now = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=10)
    for line, row, raw in _rows(container, member):
        try:
            taken_at = _when(row)
        except ValueError:
            rejections.add(
                line,
                RejectReason.BAD_DATE,
                messages.bad_time(row.get("start_time")),
                raw=raw,
                column=name,
            )
            continue
        if taken_at > now:
            rejections.add(
                line,
                RejectReason.FUTURE_DATE,
                messages.future(row.get("start_time")),
                raw=raw,
                column=name,
            )
            continue
        try:
            values = values_of(row)
        except Refused as exc:
            rejections.add(line, exc.reason, exc.message, raw=raw, column=name)
            continue
        if not values:
            rejections.add(
                line,
                RejectReason.NO_VALUES,
                _("This row has no measured value."),
                raw=raw,
                column=name,
            )
            continue
        serial = (row.get("deviceuuid") or DEVICE)[:60]
        parsed.readings.append(
            Reading(
                line=line,
                raw=raw,
                taken_at=taken_at,
                device_model="Samsung Health",
                device_serial=serial,
                values=values,
            )
        )
