"""Daily steps from the step records of one person's sources (phone, watch, apps), without
counting the same walk twice, and the plausibility checks (docs/methods.md, "Daily steps from
phones and watches" and "Plausibility of steps").

The rule: for each clock hour, the steps of each source are added up (a record that spans
several hours is spread over them in proportion to the time it covers in each); the hour counts
the steps of the ONE source with the most steps in it (on a tie: a watch before a phone, then
the source name in alphabetical order); the day is the sum of its 24 hours, rounded to a whole
step. A phone and a watch count the same walk: adding them counts it twice; taking the larger
per hour takes the device that was carried (a phone left on a desk counts nothing while the
watch counts, and a walk without the watch is counted by the phone).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from healthycity.health.enums import PlausibilityReason
from healthycity.health.imports.wearables.clock import DAY, HOUR, day_of, to_aware
from healthycity.health.imports.wearables.limits import limits

SLOTS = 4096  # sources per export (a bucket key is hour * SLOTS + source)
FLAGS_PER_DAY = 5  # cadence breaches kept per day (the first ones); the day is flagged anyway


@dataclass
class Source:
    name: str
    is_watch: bool
    model: str = ""


@dataclass(frozen=True)
class Flag:
    reason: str  # PlausibilityReason
    at: dt.datetime | None
    value: float
    source: str = ""


@dataclass
class Day:
    date: dt.date
    steps: int
    used: int  # step records of the sources that counted
    overlapped: int  # step records of sources another source outcounted in the hour
    flags: list[Flag] = field(default_factory=list)


class StepDays:
    """Collects step records; `days()` gives the daily totals. Memory: one float per source and
    hour with steps (two years of phone + watch: about 35 000 entries), whatever the file size."""

    def __init__(self) -> None:
        self.buckets: dict[int, float] = defaultdict(float)
        self.records: dict[int, int] = defaultdict(int)
        self.sources: list[Source] = []
        self.index: dict[str, int] = {}
        self.worn: set[int] = set()  # wall hours in which a watch shows it was worn
        self.offsets: dict[int, int] = {}  # wall day → UTC offset of its first record
        self.fast: dict[int, list[Flag]] = defaultdict(list)
        limit = limits()
        self.max_per_second = limit.max_cadence / 60.0

    def source(self, name: str, *, is_watch: bool = False, model: str = "") -> int:
        found = self.index.get(name)
        if found is None:
            if len(self.sources) >= SLOTS:
                raise ValueError("too many sources")
            found = self.index[name] = len(self.sources)
            self.sources.append(Source(name, is_watch, model))
        return found

    def add(self, src: int, start: int, end: int, steps: float, offset: int) -> None:
        """One record: `steps` between wall seconds `start` and `end` of source `src`."""
        hour = start // HOUR
        buckets = self.buckets
        self.records[hour * SLOTS + src] += 1
        span = end - start
        if span <= 0 or (end - 1) // HOUR == hour:
            buckets[hour * SLOTS + src] += steps
        else:
            self._spread(src, start, end, steps)
        if steps > self.max_per_second * (span if span > 60 else 60):
            self._too_fast(src, start, span, steps, offset)
        if start // DAY not in self.offsets:
            self.offsets[start // DAY] = offset

    def _spread(self, src: int, start: int, end: int, steps: float) -> None:
        span = end - start
        hour = start // HOUR
        while hour * HOUR < end:
            lo, hi = max(start, hour * HOUR), min(end, (hour + 1) * HOUR)
            self.buckets[hour * SLOTS + src] += steps * (hi - lo) / span
            hour += 1

    def _too_fast(self, src: int, start: int, span: int, steps: float, offset: int) -> None:
        found = self.fast[start // DAY]
        if len(found) < FLAGS_PER_DAY:
            rate = steps * 60.0 / max(span, 60)
            found.append(
                Flag(
                    PlausibilityReason.CADENCE,
                    to_aware(start, offset),
                    round(rate, 1),
                    self.sources[src].name,
                )
            )

    def wearing(self, wall: int) -> None:
        """A watch recorded something (heart rate) at `wall`: it was worn in that hour."""
        self.worn.add(wall // HOUR)

    def days(self) -> list[Day]:
        """The daily totals, oldest first, with their plausibility flags."""
        limit = limits()
        per_hour: dict[int, list[tuple[int, float]]] = defaultdict(list)
        for key, steps in self.buckets.items():
            hour, src = divmod(key, SLOTS)
            per_hour[hour].append((src, steps))
        totals: dict[int, float] = defaultdict(float)
        winners: set[int] = set()
        shaken: dict[int, list[Flag]] = defaultdict(list)
        has_watch = any(s.is_watch for s in self.sources)
        for hour, entries in per_hour.items():
            src, steps = min(entries, key=self._rank)
            winners.add(hour * SLOTS + src)
            totals[hour // 24] += steps
            if has_watch and hour in self.worn:
                flag = self._phone_without_watch(hour, entries, limit.phone_hour_min)
                if flag:
                    shaken[hour // 24].append(flag)
        used: dict[int, int] = defaultdict(int)
        overlapped: dict[int, int] = defaultdict(int)
        for key, count in self.records.items():
            target = used if key in winners else overlapped
            target[key // SLOTS // 24] += count
        out = []
        for day in sorted(set(totals) | set(used) | set(overlapped)):
            steps = int(round(totals.get(day, 0.0)))
            flags = self.fast.get(day, []) + shaken.get(day, [])
            if steps > limit.max_daily_steps:
                flags.append(Flag(PlausibilityReason.DAILY_LIMIT, None, float(steps)))
            out.append(
                Day(
                    date=day_of(day * DAY),
                    steps=steps,
                    used=used.get(day, 0),
                    overlapped=overlapped.get(day, 0),
                    flags=flags,
                )
            )
        return out

    def _rank(self, entry: tuple[int, float]):
        src, steps = entry
        source = self.sources[src]
        return (-steps, not source.is_watch, source.name)

    def _phone_without_watch(self, hour, entries, minimum) -> Flag | None:
        """The phone counted at least `minimum` steps in an hour in which a watch was worn
        (it recorded heart rate) and counted none: a phone shaken, or carried by someone else."""
        watch = sum(s for src, s in entries if self.sources[src].is_watch)
        phones = [(s, src) for src, s in entries if not self.sources[src].is_watch]
        if watch > 0 or not phones:
            return None
        steps, src = max(phones)
        if steps < minimum:
            return None
        offset = self.offsets.get(hour // 24, 0)
        return Flag(
            PlausibilityReason.PHONE_WITHOUT_WATCH,
            to_aware(hour * HOUR, offset),
            round(steps),
            self.sources[src].name,
        )
