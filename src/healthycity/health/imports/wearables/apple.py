"""Apple Health: `export.zip` (or its `export.xml`), streamed with lxml's iterparse.

`<Record>` elements are read as they end and cleared at once (with everything before them), so
memory does not grow with the file (real exports are gigabytes). Step counts go to `StepDays`
(hourly de-duplication of iPhone and Watch); body mass, height, body-fat percentage, resting
heart rate, spot heart rates and blood pressure become sittings. A blood-pressure reading is a
`<Correlation>` whose systolic and diastolic records also stand at the top level: it is one
reading, counted once. Continuous heart-rate samples of a watch are not stored (they are not a
measurement the citizen took, and the programme keeps the minimum); they only show that the
watch was worn in that hour (for the phone-shaking check).

XML safety (the file comes from a citizen's upload): any entity declaration is refused before
the parser sees the rest of the file (an XML bomb, or an external entity reading local files);
the parser itself never resolves entities, loads no DTD, uses no network, and keeps libxml2's
size limits (`huge_tree` off).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from lxml import etree

from healthycity.health.enums import RejectReason
from healthycity.health.imports.base import ImportFailed
from healthycity.health.imports.wearables import clock, messages
from healthycity.health.imports.wearables.container import Container, reading
from healthycity.health.imports.wearables.parsed import Parsed, Reading, Rejections
from healthycity.health.imports.wearables.values import Refused, convert

DEVICE = "apple-health"
STEPS = "HKQuantityTypeIdentifierStepCount"
HEART = "HKQuantityTypeIdentifierHeartRate"
SYSTOLIC = "HKQuantityTypeIdentifierBloodPressureSystolic"
DIASTOLIC = "HKQuantityTypeIdentifierBloodPressureDiastolic"
PRESSURE = "HKCorrelationTypeIdentifierBloodPressure"
FIELDS = {
    "HKQuantityTypeIdentifierBodyMass": "weight_kg",
    "HKQuantityTypeIdentifierHeight": "height_cm",
    "HKQuantityTypeIdentifierBodyFatPercentage": "pbf_percent",
    "HKQuantityTypeIdentifierRestingHeartRate": "heart_rate_bpm",
}
PROLOGUE_LIMIT = 4 << 20  # Apple's DTD is about 10 KB; the root must start within 4 MiB
PROGRESS_EVERY = 1 << 16
MODEL = re.compile(r"(?:^|[,<\s])name:([^,>]+)")


def export_member(container: Container) -> str:
    """The export's XML: `apple_health_export/export.xml` (its name is translated on phones
    set to other languages, e.g. 내보내기.xml), not the clinical `export_cda.xml`."""
    if container.single:
        return container.names()[0]
    found = [
        m
        for m in container.find("*.xml")
        if "cda" not in m.rsplit("/", 1)[-1].lower() and m.count("/") <= 1
    ]
    if not found:
        raise ImportFailed(
            gettext_noop(
                "This zip has no export.xml: it is not an Apple Health export (Health app → your picture → Export All Health Data)."
            )
        )
    return max(found, key=container.size)


def check_prologue(stream, name: str) -> None:
    """Reads up to the root element and refuses what is not a plain Apple Health export: any
    entity declaration (an XML bomb or an external entity), UTF-16/32 (which would hide such a
    declaration from this check), or another root than <HealthData>."""
    parser = etree.XMLPullParser(
        events=("start",), resolve_entities=False, no_network=True, load_dtd=False
    )
    seen = b""
    while len(seen) < PROLOGUE_LIMIT:
        block = stream.read(65_536)
        if not block:
            break
        if not seen and block[:2] in (b"\xff\xfe", b"\xfe\xff", b"\x00\x00"):
            raise _not_apple(name)
        tail = seen[-16:] + block
        seen += block
        if b"<!ENTITY" in tail:
            raise entities_refused()
        try:
            parser.feed(block)
            for _event, root in parser.read_events():
                if root.tag != "HealthData":
                    raise _not_apple(name)
                dtd = root.getroottree().docinfo.internalDTD
                if dtd is not None and list(dtd.iterentities()):
                    raise entities_refused()
                return
        except etree.XMLSyntaxError as exc:
            raise _not_readable(name, exc) from None
    raise _not_apple(name)


def entities_refused() -> ImportFailed:
    return ImportFailed(
        gettext_noop(
            "This XML file declares entities (a way to make a small file expand enormously or to read other files). Apple Health exports never do; the file was refused and nothing was recorded."
        )
    )


def _not_apple(name: str) -> ImportFailed:
    return ImportFailed(
        gettext_noop(
            "%(name)s is not an Apple Health export: it should be the export.zip of the Health app, or the export.xml inside it."
        ),
        name=name,
    )


def _not_readable(name: str, exc) -> ImportFailed:
    line = getattr(exc, "lineno", None) or "?"
    return ImportFailed(
        gettext_noop(
            "%(name)s is damaged or incomplete near line %(line)s (%(error)s). Export it again from the phone; nothing was recorded."
        ),
        name=name,
        line=line,
        error=str(getattr(exc, "msg", exc))[:120],
    )


def parse(
    container: Container,
    rejections_sink,
    progress: Callable[[int], None] | None = None,
    person: Callable[[int], None] | None = None,
) -> Parsed:
    """`person(birth_year)` is called as soon as <Me> (at the top of the file) gives the date
    of birth, so that someone else's export is refused before the rest is read."""
    member = export_member(container)
    parsed = Parsed(device=DEVICE)
    with reading(container):
        with container.open(member) as stream:
            check_prologue(stream, member)
        with container.open(member) as stream:
            reader = _AppleReader(parsed, Rejections(rejections_sink, parsed), progress, person)
            reader.read(stream, member)
    return parsed


def _raw(el) -> str:
    keys = ("type", "sourceName", "unit", "value", "startDate", "endDate")
    attrs = " ".join(f'{k}="{el.get(k)}"' for k in keys if el.get(k) is not None)
    return f"<{el.tag} {attrs}/>"


class _AppleReader:
    def __init__(self, parsed: Parsed, rejections: Rejections, progress, person=None):
        self.person = person
        self.parsed = parsed
        self.rejections = rejections
        self.progress = progress
        self.pressure: dict[tuple[str, str], dict] = {}  # (source, start) → the reading's parts
        self.latest = None  # newest end time seen, UTC seconds
        self.now_utc = int(dt.datetime.now(dt.UTC).timestamp())
        self.watch_sources: dict[str, bool] = {}

    def read(self, stream, name: str) -> None:
        context = etree.iterparse(
            stream,
            events=("end",),
            tag=("Record", "Correlation", "ExportDate", "Me"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
        )
        try:
            self._loop(context)
        except etree.XMLSyntaxError as exc:
            raise _not_readable(name, exc) from None
        self._pressure_readings()
        self.rejections.flush()
        if self.latest is not None:
            self.parsed.latest = dt.datetime.fromtimestamp(self.latest, dt.UTC)

    def _loop(self, context) -> None:  # noqa: C901 — the hot loop is kept in one frame on purpose
        parsed, days = self.parsed, self.parsed.steps
        index, fields, skipped = days.index, FIELDS, parsed.skipped
        apple_time, bad_time = clock.apple, clock.BadTime
        add = days.add
        root = None
        count = 0
        latest = 0
        now_utc = self.now_utc
        for _event, el in context:
            tag = el.tag
            parent = el.getparent()
            if tag == "Record":
                if parent is not root:
                    if root is not None or parent.tag != "HealthData":
                        continue  # a record inside a Correlation: read at the Correlation's end
                    root = parent
                kind = el.get("type")
                if kind == STEPS:
                    name = el.get("sourceName") or ""
                    src = index.get(name)
                    if src is None:
                        src = self._source(el, name)
                    try:
                        start, offset = apple_time(el.get("startDate"))
                        end, end_offset = apple_time(el.get("endDate"))
                        steps = float(el.get("value"))
                    except (bad_time, TypeError, ValueError):
                        self._reject_step(el)
                    else:
                        if end_offset != offset:
                            end -= (end_offset - offset) * 60
                        ends = end - offset * 60
                        if (
                            end < start
                            or not 0 <= steps < 1e7
                            or ends > now_utc + 600
                            or el.get("unit") != "count"
                        ):
                            self._reject_step(el)
                        else:
                            add(src, start, end, steps, offset)
                            parsed.step_records += 1
                            if ends > latest:
                                latest = ends
                elif kind == HEART:
                    self._heart(el)
                elif kind in fields:
                    self._reading(el, fields[kind])
                elif kind in (SYSTOLIC, DIASTOLIC):
                    self._pressure_part(el, kind, top=True)
                else:
                    skipped[kind] += 1
            elif tag == "Correlation":
                if el.get("type") == PRESSURE:
                    for child in el:
                        kind = child.get("type")
                        if kind in (SYSTOLIC, DIASTOLIC):
                            self._pressure_part(child, kind, top=False)
                else:
                    skipped[el.get("type")] += 1
            elif tag == "ExportDate":
                self._export_date(el)
            elif tag == "Me":
                self._me(el)
            el.clear(keep_tail=False)
            if parent is not None:
                while el.getprevious() is not None:
                    del parent[0]
            count += 1
            if self.progress is not None and count % PROGRESS_EVERY == 0:
                self.progress(count)
        self.latest = latest or None

    def _source(self, el, name: str) -> int:
        device = el.get("device") or ""
        is_watch = "model:Watch" in device or "watch" in name.lower() or "워치" in name
        match = MODEL.search(device)
        model = match.group(1).strip() if match else ""
        return self.parsed.steps.source(name, is_watch=is_watch, model=model)

    def _is_watch_source(self, el) -> bool:
        name = el.get("sourceName") or ""
        found = self.watch_sources.get(name)
        if found is None:
            src = self.parsed.steps.index.get(name)
            if src is not None:
                found = self.parsed.steps.sources[src].is_watch
            else:
                device = el.get("device") or ""
                found = "model:Watch" in device or "watch" in name.lower() or "워치" in name
            self.watch_sources[name] = found
        return found

    def _reject_step(self, el) -> None:
        line = el.sourceline or 0
        reason, message = self._step_problem(el)
        self.rejections.add(line, reason, message, raw=_raw(el))

    def _step_problem(self, el) -> tuple[str, str]:
        for attr in ("startDate", "endDate"):
            try:
                clock.apple(el.get(attr))
            except clock.BadTime:
                return RejectReason.BAD_DATE, messages.bad_time(el.get(attr))
        try:
            steps = float(el.get("value"))
        except (TypeError, ValueError):
            return RejectReason.NOT_A_NUMBER, messages.not_a_number(el.get("value"), _("steps"))
        if el.get("unit") != "count":
            return RejectReason.UNKNOWN_UNIT, messages.unknown_unit(el.get("unit"), _("steps"))
        if not 0 <= steps < 1e7:
            return RejectReason.IMPLAUSIBLE, messages.impossible_steps(steps)
        start, offset = clock.apple(el.get("startDate"))
        end, end_offset = clock.apple(el.get("endDate"))
        if end - end_offset * 60 < start - offset * 60:
            return RejectReason.MALFORMED, messages.ends_before_start()
        return RejectReason.FUTURE_DATE, messages.future(el.get("endDate"))

    def _time(self, text, line: int, raw: str) -> tuple[int, int] | None:
        try:
            wall, offset = clock.apple(text)
        except clock.BadTime:
            self.rejections.add(line, RejectReason.BAD_DATE, messages.bad_time(text), raw=raw)
            return None
        if wall - offset * 60 > self.now_utc + 600:
            self.rejections.add(line, RejectReason.FUTURE_DATE, messages.future(text), raw=raw)
            return None
        return wall, offset

    def _heart(self, el) -> None:
        if self._is_watch_source(el):
            try:
                wall, _offset = clock.apple(el.get("startDate"))
            except clock.BadTime:
                pass
            else:
                self.parsed.steps.wearing(wall)
            self.parsed.skipped[HEART] += 1
            return
        self._reading(el, "heart_rate_bpm")  # a spot reading (a cuff, a scale, typed in)

    def _reading(self, el, field: str) -> None:
        line, raw = el.sourceline or 0, _raw(el)
        when = self._time(el.get("startDate"), line, raw)
        if when is None:
            return
        try:
            value = convert(field, el.get("value"), el.get("unit"), "healthkit")
        except Refused as exc:
            self.rejections.add(line, exc.reason, exc.message, raw=raw)
            return
        sitting = _sitting(el.get("sourceName"), el.get("device"), when, {field: value}, line, raw)
        self.parsed.readings.append(sitting)

    def _pressure_part(self, el, kind: str, *, top: bool) -> None:
        key = (el.get("sourceName") or "", el.get("startDate") or "")
        entry = self.pressure.setdefault(key, {"line": el.sourceline or 0})
        part = "systolic" if kind == SYSTOLIC else "diastolic"
        slot = ("top_" if top else "") + part
        entry.setdefault(slot, (el.get("value"), el.get("unit"), el.get("device"), _raw(el)))
        if not top:
            entry["correlation"] = True
            entry["line"] = min(entry["line"], el.sourceline or entry["line"])

    def _pressure_readings(self) -> None:
        """One reading per (source, time): the correlation's values, completed by the top-level
        records of the same reading (counted once)."""
        for (source, start), entry in self.pressure.items():
            parts = {}
            for part in ("systolic", "diastolic"):
                parts[part] = entry.get(part) or entry.get("top_" + part)
            raws = " ".join(p[3] for p in parts.values() if p)
            line = entry["line"]
            missing = [p for p, v in parts.items() if v is None]
            if missing:
                have = _("systolic") if parts["systolic"] else _("diastolic")
                self.rejections.add(
                    line, RejectReason.MISSING_VALUE, messages.lone_pressure(have), raw=raws
                )
                continue
            when = self._time(start, line, raws)
            if when is None:
                continue
            try:
                values = {
                    "systolic_mmhg": convert(
                        "systolic_mmhg", parts["systolic"][0], parts["systolic"][1], "healthkit"
                    ),
                    "diastolic_mmhg": convert(
                        "diastolic_mmhg", parts["diastolic"][0], parts["diastolic"][1], "healthkit"
                    ),
                }
            except Refused as exc:
                self.rejections.add(line, exc.reason, exc.message, raw=raws)
                continue
            device = parts["systolic"][2]
            self.parsed.readings.append(_sitting(source, device, when, values, line, raws))

    def _export_date(self, el) -> None:
        try:
            wall, offset = clock.apple(el.get("value"))
        except clock.BadTime:
            return
        self.parsed.exported_at = clock.to_aware(wall, offset)

    def _me(self, el) -> None:
        born = el.get("HKCharacteristicTypeIdentifierDateOfBirth") or ""
        if len(born) >= 4 and born[:4].isdigit():
            self.parsed.birth_year = int(born[:4])
            if self.person is not None:
                self.person(self.parsed.birth_year)


def _sitting(source, device, when, values, line, raw) -> Reading:
    """A sitting of one source at one moment; the source (the app or device that wrote it) is
    the natural key's device part, so two devices' readings at the same second stay apart."""
    name = (source or "")[:60]
    match = MODEL.search(device or "")
    return Reading(
        line=line,
        raw=raw,
        taken_at=clock.to_aware(*when),
        device_model=(match.group(1).strip() if match else name)[:60],
        device_serial=name,
        values=values,
    )
