"""What a phone or watch export parser hands to the writer."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from healthycity.health.imports.base import Rejection
from healthycity.health.imports.wearables.stepdays import StepDays

REJECTIONS_BLOCK = 1000


@dataclass
class Reading:
    """One measurement (a weight, a blood-pressure reading…) as a sitting of the citizen."""

    line: int
    raw: str
    taken_at: dt.datetime
    device_model: str
    device_serial: str
    values: dict[str, float]


@dataclass
class Parsed:
    device: str  # DailySteps.device: the export's app ('apple-health', 'samsung-health'…)
    steps: StepDays = field(default_factory=StepDays)
    step_records: int = 0
    day_rows: list = field(default_factory=list)  # ready-made days (Samsung's daily totals)
    readings: list[Reading] = field(default_factory=list)
    rejected: int = 0
    skipped: Counter = field(default_factory=Counter)  # records of types not imported
    exported_at: dt.datetime | None = None
    latest: dt.datetime | None = None  # the newest time in the data (when no export time)
    birth_year: int | None = None  # as the export states it (Apple's <Me>), to check the person

    def as_of(self) -> dt.datetime | None:
        return self.exported_at or self.latest


class Rejections:
    """Rejected records go to the quarantine in blocks as the file is read (a file with many
    bad records does not hold them in memory)."""

    def __init__(self, sink: Callable[[list[Rejection]], None], parsed: Parsed):
        self.sink, self.parsed, self.pending = sink, parsed, []

    def add(self, line: int, reason: str, message: str, raw: str = "", column: str = "") -> None:
        self.pending.append(Rejection(line, reason, message, column=column, raw=raw))
        self.parsed.rejected += 1
        if len(self.pending) >= REJECTIONS_BLOCK:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            self.sink(self.pending)
            self.pending = []
