"""Writing a parsed phone or watch export: days of steps (with history and flags) and sittings.

All of it in one transaction: a failure leaves nothing of the export behind (the quarantine of
the records refused while reading stays, with the batch, as its report).

Days: natural key citizen + date + device (the export's app). A day already recorded:
- with the same steps → its records are duplicates (the export date is moved forward);
- from a NEWER export (`exported_at` later than this file's) → this older file does not win:
  its records count as duplicates and the day stays;
- otherwise the day is corrected: the old value goes to `StepsRevision`, the new one is stored
  and its records count as imported (the latest export wins, with history).
Records of a source outcounted in the hour (a phone while the watch counted more) are duplicates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
from django.db import transaction
from django.utils import timezone

from healthycity.health.enums import Context, SourceKind
from healthycity.health.imports.base import ImportResult, Quarantine
from healthycity.health.imports.chunks import Chunk
from healthycity.health.imports.loader import MeasurementWriter
from healthycity.health.imports.wearables.parsed import Parsed
from healthycity.health.imports.wearables.stepdays import Day
from healthycity.health.models import VALUE_FIELDS, DailySteps, StepsFlag, StepsRevision


@dataclass
class DaysWritten:
    new: list[dt.date] = field(default_factory=list)
    corrected: list[dt.date] = field(default_factory=list)
    unchanged: int = 0
    kept_newer: int = 0  # days a newer export had already given
    flagged: list[dt.date] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "new": len(self.new),
            "corrected": len(self.corrected),
            "unchanged": self.unchanged,
            "kept_newer": self.kept_newer,
            "flagged": len(self.flagged),
            "first": min(self.new + self.corrected).isoformat()
            if self.new or self.corrected
            else None,
            "last": max(self.new + self.corrected).isoformat()
            if self.new or self.corrected
            else None,
        }

    @property
    def changed(self) -> bool:
        return bool(self.new or self.corrected)


def store(
    parsed: Parsed, *, citizen, batch, quarantine: Quarantine, result: ImportResult, by, scoped
) -> DaysWritten:
    days = parsed.day_rows or parsed.steps.days()
    with transaction.atomic():
        written = write_days(
            days,
            citizen=citizen,
            device=parsed.device,
            as_of=parsed.as_of(),
            batch=batch,
            result=result,
        )
        result.read += parsed.step_records + parsed.rejected
        write_readings(
            parsed,
            citizen=citizen,
            batch=batch,
            quarantine=quarantine,
            result=result,
            by=by,
            scoped=scoped,
        )
    return written


def write_days(
    days: list[Day], *, citizen, device: str, as_of, batch, result: ImportResult
) -> DaysWritten:
    written = DaysWritten()
    if not days:
        return written
    existing = {
        d.date: d
        for d in DailySteps.objects.filter(
            citizen=citizen, device=device, date__gte=days[0].date, date__lte=days[-1].date
        ).prefetch_related("flags")
    }
    now = timezone.now()
    new_rows, new_flags, revisions, stale_flags = [], [], [], []
    for day in days:
        flagged = bool(day.flags)
        if flagged:
            written.flagged.append(day.date)
        old = existing.get(day.date)
        if old is None:
            row = DailySteps(
                citizen=citizen, date=day.date, steps=day.steps, device=device,
                source=SourceKind.WEARABLE, batch=batch, exported_at=as_of, flagged=flagged,
            )  # fmt: skip
            new_rows.append(row)
            new_flags += [_flag(row, f) for f in day.flags]
            written.new.append(day.date)
            result.imported += day.used
            result.duplicates += day.overlapped
            continue
        same = old.steps == day.steps
        older_file = old.exported_at is not None and as_of is not None and as_of < old.exported_at
        if same or older_file:
            result.duplicates += day.used + day.overlapped
            if older_file and not same:
                written.kept_newer += 1
                continue
            written.unchanged += 1
            changes = {}
            if as_of is not None and (old.exported_at is None or as_of > old.exported_at):
                changes["exported_at"] = as_of
            if _flag_keys(old.flags.all()) != _flag_keys(day.flags):
                stale_flags.append(old.pk)
                new_flags += [_flag(old, f) for f in day.flags]
                changes["flagged"] = flagged
            if changes:
                DailySteps.objects.filter(pk=old.pk).update(**changes, updated_at=now)
            continue
        revisions.append(
            StepsRevision(
                day=old, steps=old.steps, exported_at=old.exported_at, flagged=old.flagged,
                batch_id=old.batch_id, replaced_by=batch,
            )
        )  # fmt: skip
        DailySteps.objects.filter(pk=old.pk).update(
            steps=day.steps, exported_at=as_of, flagged=flagged, batch=batch,
            source=SourceKind.WEARABLE, updated_at=now,
        )  # fmt: skip
        stale_flags.append(old.pk)
        new_flags += [_flag(old, f) for f in day.flags]
        written.corrected.append(day.date)
        result.imported += day.used
        result.duplicates += day.overlapped
    DailySteps.objects.bulk_create(new_rows, batch_size=1000)
    StepsRevision.objects.bulk_create(revisions, batch_size=1000)
    if stale_flags:
        StepsFlag.objects.filter(day_id__in=stale_flags).delete()
    StepsFlag.objects.bulk_create(new_flags, batch_size=1000)
    return written


def _flag(day: DailySteps, flag) -> StepsFlag:
    return StepsFlag(
        day=day, reason=flag.reason, at=flag.at, value=flag.value, source=flag.source[:120]
    )


def _flag_keys(flags) -> set[tuple]:
    return {(f.reason, f.at, round(float(f.value or 0), 1), f.source[:120]) for f in flags}


def write_readings(parsed: Parsed, *, citizen, batch, quarantine, result, by, scoped) -> None:
    """The sittings of the export through the same writer as every other import (natural key,
    duplicates, completions and conflicts, consent and scope)."""
    readings = parsed.readings
    if not readings:
        return
    fields = [f for f in VALUE_FIELDS if any(f in r.values for r in readings)]
    frame = pd.DataFrame(
        {
            "line": pd.array([r.line for r in readings], dtype="int64"),
            "raw": [r.raw for r in readings],
            "citizen_id": pd.array([citizen.pk] * len(readings), dtype="int64"),
            "taken_at": pd.to_datetime([r.taken_at for r in readings], utc=True),
            "device_model": [r.device_model for r in readings],
            "device_serial": [r.device_serial for r in readings],
            **{f: [r.values.get(f, float("nan")) for r in readings] for f in fields},
        }
    )
    frame = frame.sort_values(["taken_at", "line"], kind="stable").reset_index(drop=True)
    writer = MeasurementWriter(
        source=SourceKind.WEARABLE, context=Context.HOME, batch=batch, quarantine=quarantine,
        result=result, by=by, scoped=scoped,
    )  # fmt: skip
    writer.load(writer.prepare(Chunk(frame=frame, read=len(readings))))
