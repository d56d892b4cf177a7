"""Open mHealth / IEEE 1752.1 JSON, as apps and Health Connect bridges write it: one data point
(`{"header": …, "body": …}`, or a bare body), a list of them, or NDJSON (one per line); also a
zip or folder of such files.

The kind of a data point is its `header.schema_id.name` (step-count, body-weight, body-height,
body-fat-percentage, blood-pressure, heart-rate), or, without a header, the body's measure key.
Steps: `body.step_count` (a number, or `{"value": n, "unit": "steps"}` in 2.0 and IEEE 1752.1)
over `effective_time_frame.time_interval` (`start_date_time` and `end_date_time`, or one of them
with a `duration`); they go through the same hourly de-duplication as Apple's, one source per
`header.acquisition_provenance.source_name`. Other measures: `effective_time_frame.date_time`
(or the interval's start), with the unit of the value.
"""

from __future__ import annotations

import datetime as dt
import json

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from healthycity.core import jsonguard
from healthycity.health.enums import RejectReason
from healthycity.health.imports.base import ImportFailed
from healthycity.health.imports.wearables import clock, messages
from healthycity.health.imports.wearables.container import Container, reading
from healthycity.health.imports.wearables.parsed import Parsed, Reading, Rejections
from healthycity.health.imports.wearables.values import Refused, convert

DEVICE = "open-mhealth"
DOCUMENT_LIMIT = 256 << 20
MEASURES = {  # schema name → (body key, catalogue field)
    "body-weight": ("body_weight", "weight_kg"),
    "body-height": ("body_height", "height_cm"),
    "body-fat-percentage": ("body_fat_percentage", "pbf_percent"),
    "heart-rate": ("heart_rate", "heart_rate_bpm"),
}
BODY_KEYS = {
    "step_count": "step-count",
    "systolic_blood_pressure": "blood-pressure",
    **{key: schema for schema, (key, _f) in MEASURES.items()},
}
DURATION = {"ms": 0.001, "sec": 1, "s": 1, "min": 60, "h": 3600, "d": 86400}


class _Bad(Exception):
    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason, self.message = reason, message


def parse(container: Container, rejections_sink, progress=None, person=None) -> Parsed:
    parsed = Parsed(device=DEVICE)
    rejections = Rejections(rejections_sink, parsed)
    members = (
        container.names() if container.single else container.find("*.json", "*.ndjson", "*.jsonl")
    )
    if not members:
        raise ImportFailed(gettext_noop("No JSON file was found in this upload."))
    with reading(container):
        reader = _Reader(parsed, rejections)
        for member in members:
            for number, point, raw in _points(container, member):
                reader.point(number, point, raw, member.rsplit("/", 1)[-1])
            if progress:
                progress()
    rejections.flush()
    return parsed


def _points(container: Container, member: str):
    """(record number, data point, raw text): a document's list index, or an NDJSON line."""
    name = member.rsplit("/", 1)[-1]
    with container.open(member) as stream:
        data = stream.read(DOCUMENT_LIMIT + 1)
    if len(data) > DOCUMENT_LIMIT:
        raise ImportFailed(
            gettext_noop("%(name)s is larger than 256 MB; split it or use NDJSON."), name=name
        )
    text = data.decode("utf-8-sig", errors="replace")
    if not text.strip():
        raise ImportFailed(gettext_noop("%(name)s is empty; nothing was recorded."), name=name)
    try:
        document = jsonguard.loads(text)
    except ValueError:
        document = None
    if document is not None:
        points = document if isinstance(document, list) else [document]
        for i, point in enumerate(points, start=1):
            yield i, point, json.dumps(point, ensure_ascii=False)[:2000]
        return
    for i, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield i, jsonguard.loads(line), line[:2000]
        except ValueError as exc:
            yield i, _Unreadable(str(exc)), line[:2000]


class _Unreadable:
    def __init__(self, error: str):
        self.error = error


class _Reader:
    def __init__(self, parsed: Parsed, rejections: Rejections):
        self.parsed, self.rejections = parsed, rejections
        self.now = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=10)

    def point(self, number: int, point, raw: str, name: str) -> None:
        try:
            self._point(number, point, raw)
        except _Bad as exc:
            self.rejections.add(number, exc.reason, exc.message, raw=raw, column=name)
        except Refused as exc:
            self.rejections.add(number, exc.reason, exc.message, raw=raw, column=name)

    def _point(self, number, point, raw) -> None:
        if isinstance(point, _Unreadable):
            raise _Bad(
                RejectReason.MALFORMED,
                _("This line is not valid JSON (%(error)s).") % {"error": point.error[:80]},
            )
        if not isinstance(point, dict):
            raise _Bad(RejectReason.MALFORMED, _("This entry is not a JSON object."))
        header = point.get("header") if isinstance(point.get("header"), dict) else {}
        body = point.get("body") if isinstance(point.get("body"), dict) else point
        schema = _schema(header, body)
        source = _source(header)
        if schema == "step-count":
            self._steps(number, body, source)
        elif schema == "blood-pressure":
            self._pressure(number, body, source, raw)
        elif schema in MEASURES:
            self._measure(number, body, source, raw, *MEASURES[schema])
        else:
            self.parsed.skipped[schema or "unknown"] += 1

    def _steps(self, number, body, source: str) -> None:
        value = body.get("step_count")
        if isinstance(value, dict):
            value = value.get("value")
        try:
            steps = float(value)
        except (TypeError, ValueError):
            raise _Bad(
                RejectReason.NOT_A_NUMBER, messages.not_a_number(value, _("steps"))
            ) from None
        if not 0 <= steps < 1e7:
            raise _Bad(RejectReason.IMPLAUSIBLE, messages.impossible_steps(steps))
        (start, offset), end = self._interval(body)
        days = self.parsed.steps
        src = days.index.get(source)
        if src is None:
            src = days.source(source, is_watch="watch" in source.lower() or "워치" in source)
        days.add(src, start, end, steps, offset)
        self.parsed.step_records += 1

    def _interval(self, body) -> tuple[tuple[int, int], int]:
        frame = body.get("effective_time_frame") or {}
        interval = frame.get("time_interval") if isinstance(frame, dict) else None
        if not isinstance(interval, dict):
            point = frame.get("date_time") if isinstance(frame, dict) else None
            if point is None:
                raise _Bad(RejectReason.BAD_DATE, _("The data point has no effective_time_frame."))
            start = self._time(point)
            return start, start[0]
        seconds = _duration(interval.get("duration"))
        if interval.get("start_date_time"):
            start = self._time(interval["start_date_time"])
            if interval.get("end_date_time"):
                end_wall, end_offset = self._time(interval["end_date_time"])
                end = end_wall - (end_offset - start[1]) * 60
            elif seconds is not None:
                end = start[0] + seconds
            else:
                raise _Bad(
                    RejectReason.BAD_DATE,
                    _("The time interval has a start but neither an end nor a duration."),
                )
        elif interval.get("end_date_time") and seconds is not None:
            end_wall, offset = self._time(interval["end_date_time"])
            start, end = (end_wall - seconds, offset), end_wall
        else:
            raise _Bad(RejectReason.BAD_DATE, _("The time interval has no start."))
        if end < start[0]:
            raise _Bad(RejectReason.MALFORMED, messages.ends_before_start())
        return start, int(end)

    def _time(self, text) -> tuple[int, int]:
        try:
            moment = dt.datetime.fromisoformat(str(text).strip())
        except ValueError:
            raise _Bad(RejectReason.BAD_DATE, messages.bad_time(text)) from None
        aware = moment if moment.tzinfo else moment.replace(tzinfo=clock.programme_zone())
        if aware > self.now:
            raise _Bad(RejectReason.FUTURE_DATE, messages.future(text))
        if self.parsed.latest is None or aware > self.parsed.latest:
            self.parsed.latest = aware
        return clock.from_aware(aware)

    def _when(self, body) -> tuple[int, int]:
        frame = body.get("effective_time_frame") or {}
        if isinstance(frame, dict) and frame.get("date_time"):
            return self._time(frame["date_time"])
        return self._interval(body)[0]

    def _measure(self, number, body, source, raw, key, field) -> None:
        value = body.get(key)
        if not isinstance(value, dict):
            raise _Bad(
                RejectReason.MISSING_VALUE, _("The data point has no %(key)s value.") % {"key": key}
            )
        when = self._when(body)
        if field == "heart_rate_bpm" and ("watch" in source.lower() or "워치" in source):
            self.parsed.steps.wearing(when[0])  # a watch's continuous samples: worn, not stored
            self.parsed.skipped["heart-rate (watch samples)"] += 1
            return
        converted = convert(field, value.get("value"), value.get("unit"), "omh")
        self._sitting(number, raw, when, source, {field: converted})

    def _pressure(self, number, body, source, raw) -> None:
        systolic, diastolic = (
            body.get("systolic_blood_pressure"),
            body.get("diastolic_blood_pressure"),
        )
        if not isinstance(systolic, dict) or not isinstance(diastolic, dict):
            have = _("systolic") if isinstance(systolic, dict) else _("diastolic")
            raise _Bad(RejectReason.MISSING_VALUE, messages.lone_pressure(have))
        when = self._when(body)
        values = {
            "systolic_mmhg": convert(
                "systolic_mmhg", systolic.get("value"), systolic.get("unit"), "omh"
            ),
            "diastolic_mmhg": convert(
                "diastolic_mmhg", diastolic.get("value"), diastolic.get("unit"), "omh"
            ),
        }
        self._sitting(number, raw, when, source, values)

    def _sitting(self, number, raw, when, source, values) -> None:
        self.parsed.readings.append(
            Reading(
                line=number, raw=raw, taken_at=clock.to_aware(*when), device_model=source[:60],
                device_serial=source[:60], values=values,
            )
        )  # fmt: skip


def _schema(header: dict, body: dict) -> str:
    schema = header.get("schema_id") if isinstance(header, dict) else None
    if isinstance(schema, dict) and schema.get("name"):
        return str(schema["name"])
    for key, name in BODY_KEYS.items():
        if key in body:
            return name
    return ""


def _source(header: dict) -> str:
    provenance = header.get("acquisition_provenance") if isinstance(header, dict) else None
    name = provenance.get("source_name") if isinstance(provenance, dict) else None
    return str(name or "Open mHealth")[:120]


def _duration(value) -> float | None:
    if not isinstance(value, dict):
        return None
    try:
        return float(value.get("value")) * DURATION[str(value.get("unit"))]
    except (KeyError, TypeError, ValueError):
        return None
