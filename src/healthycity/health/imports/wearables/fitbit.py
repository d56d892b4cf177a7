"""Fitbit: the steps of a Google Takeout (or older Fitbit) export, as a folder, its zip, or one
`steps-YYYY-MM-DD.json` file (`Takeout/Fitbit/Physical Activity/` or `…/Global Export Data/`).

Each file is a JSON list of `{"dateTime": "01/25/23 13:00:07", "value": "12"}`: the steps of
the minute that starts at `dateTime`. Fitbit writes these times in UTC; they are put on the
account's clock (the `timezone` of `Profile.csv` when the export has it, otherwise the
programme's, Asia/Seoul) and summed per local day. One source, so nothing overlaps; the cadence
check applies per minute.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from healthycity.core import jsonguard
from healthycity.health.enums import RejectReason
from healthycity.health.imports.base import ImportFailed
from healthycity.health.imports.wearables import clock, messages
from healthycity.health.imports.wearables.container import Container, reading
from healthycity.health.imports.wearables.parsed import Parsed, Rejections

DEVICE = "fitbit"
STEPS = "steps-*.json"
JSON_LIMIT = 256 << 20  # one month of minutes is a few MB; refuse absurd members


def parse(container: Container, rejections_sink, progress=None, person=None) -> Parsed:
    parsed = Parsed(device=DEVICE)
    rejections = Rejections(rejections_sink, parsed)
    files = container.find(STEPS)
    if not files:
        raise ImportFailed(
            gettext_noop(
                "No Fitbit steps file (steps-YYYY-MM-DD.json) was found: upload the Takeout folder or zip of your Fitbit data, or one steps file."
            )
        )
    with reading(container):
        zone = _zone(container)
        src = parsed.steps.source("Fitbit", is_watch=True, model="Fitbit")
        for member in files:
            _file(container, member, parsed, rejections, zone, src)
            if progress:
                progress()
    rejections.flush()
    return parsed


def _zone(container: Container):
    for member in container.find("Profile.csv"):
        with container.open(member) as stream:
            rows = csv.DictReader(io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace"))
            for row in rows:
                try:
                    return ZoneInfo((row.get("timezone") or "").strip())
                except (ZoneInfoNotFoundError, ValueError):
                    break
    return clock.programme_zone()


def _load(container: Container, member: str):
    name = member.rsplit("/", 1)[-1]
    if container.size(member) > JSON_LIMIT:
        raise ImportFailed(
            gettext_noop("%(name)s is too large for a Fitbit steps file."), name=name
        )
    with container.open(member) as stream:
        data = stream.read(JSON_LIMIT + 1)
    if not data.strip():
        return []
    try:
        entries = jsonguard.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ImportFailed(
            gettext_noop("%(name)s is not valid JSON (%(error)s); nothing was recorded."),
            name=name,
            error=str(exc)[:120],
        ) from None
    if not isinstance(entries, list):
        raise ImportFailed(
            gettext_noop('%(name)s should be a list of {"dateTime", "value"} entries.'), name=name
        )
    return entries


def _file(container, member, parsed: Parsed, rejections: Rejections, zone, src: int) -> None:
    name = member.rsplit("/", 1)[-1]
    days = parsed.steps
    limit_utc = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=10)
    for number, entry in enumerate(_load(container, member), start=1):
        raw = json.dumps(entry, ensure_ascii=False)[:500]
        if not isinstance(entry, dict):
            rejections.add(
                number,
                RejectReason.MALFORMED,
                _("This entry is not an object."),
                raw=raw,
                column=name,
            )
            continue
        text = entry.get("dateTime")
        try:
            moment = dt.datetime.strptime(str(text), "%m/%d/%y %H:%M:%S").replace(tzinfo=dt.UTC)
        except ValueError:
            rejections.add(
                number, RejectReason.BAD_DATE, messages.bad_time(text), raw=raw, column=name
            )
            continue
        try:
            steps = float(entry.get("value"))
        except (TypeError, ValueError):
            rejections.add(
                number,
                RejectReason.NOT_A_NUMBER,
                messages.not_a_number(entry.get("value"), _("steps")),
                raw=raw,
                column=name,
            )
            continue
        if not 0 <= steps < 1e7:
            rejections.add(
                number,
                RejectReason.IMPLAUSIBLE,
                messages.impossible_steps(steps),
                raw=raw,
                column=name,
            )
            continue
        if moment > limit_utc:
            rejections.add(
                number, RejectReason.FUTURE_DATE, messages.future(text), raw=raw, column=name
            )
            continue
        wall, offset = clock.from_aware(moment.astimezone(zone))
        days.add(src, wall, wall + 60, steps, offset)
        parsed.step_records += 1
        end = moment + dt.timedelta(minutes=1)
        if parsed.latest is None or end > parsed.latest:
            parsed.latest = end
