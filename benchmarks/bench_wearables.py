"""Apple Health import speed and memory, next to a bare lxml iterparse pass over the same file.

1. Generates, once, a 1 GiB `export.xml` (BENCH_SCALE shrinks it) of two years of an iPhone and an
   Apple Watch worn together, in the shape of a real export: the DOCTYPE with Apple's internal
   DTD, <ExportDate>, <Me>, then <Record>s with Apple's attributes and escaped device strings —
   step counts of both devices (overlapping hours, watch-only and phone-only hours), the watch's
   heart rate every few minutes, active and basal energy, distance, stand time, heart-rate
   variability with its beat-to-beat children, daily resting heart rate, weekly weight and
   blood-pressure correlations (whose records also stand at the top level), MetadataEntry
   children, and a few damaged records. Kept as var/bench/apple-export-v2-<MiB>.xml and reused.
   The generator also works out each day's expected steps under the hourly rule.
2. Baseline: a bare `lxml.etree.iterparse` pass over the file that only reads each Record's
   attributes (type, unit, value, sourceName, device, startDate, endDate) and clears elements as
   it goes (without clearing, memory would grow with the file).
3. Import: `import_file(kind="apple_health")` into a fresh PostgreSQL database
   (`hc_bench_wearables`, BENCH_DB to name another; dropped at the end): parsing, hourly
   de-duplication, plausibility checks, units, quarantine, writing the days and sittings.
   The benchmark checks every day against the generator's expected totals and that every record
   is accounted for.
4. Prints both times, the ratio (goal ≥ 0.5), and the peak RSS of the
   `healthycity import apple-health FILE --citizen ID` command run in a process of its own
   (its VmHWM; goal < 300 MiB).

    BENCH=wearables make bench
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time
from pathlib import Path
from xml.sax.saxutils import quoteattr

DB_NAME = os.environ.get("BENCH_DB", "hc_bench_wearables")
PG_SERVER = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
SCALE = float(os.environ.get("BENCH_SCALE", "1"))
TARGET = int((1 << 30) * SCALE)
DAYS = 730
FORMAT = "v2"
ROOT = Path(__file__).resolve().parent.parent
BIRTH_YEAR = 1958

sys.path.insert(0, str(ROOT))
from tests.health.wearable_files import APPLE_DTD  # noqa: E402 (the DTD of a real export)

WATCH = quoteattr(
    "<<HKDevice: 0x283d1c1e0>, name:Apple Watch, manufacturer:Apple Inc., model:Watch, "
    "hardware:Watch6,1, software:10.2>"
)
PHONE = quoteattr(
    "<<HKDevice: 0x283d1c0a0>, name:iPhone, manufacturer:Apple Inc., model:iPhone, "
    "hardware:iPhone14,5, software:17.2>"
)
W, P = "민지의 Apple Watch", "민지의 iPhone"
SOURCE = {W: (quoteattr(W), WATCH, "10.2"), P: (quoteattr(P), PHONE, "17.2")}
T = "HKQuantityTypeIdentifier"


def stamp(day: dt.date, minute: int, second: int = 0) -> str:
    h, m = divmod(minute, 60)
    return f"{day.isoformat()} {h:02d}:{m:02d}:{second:02d} +0900"


def record(kind, source, unit, value, day, start, end, children="") -> str:
    name, device, version = SOURCE[source]
    head = (
        f' <Record type="{kind}" sourceName={name} sourceVersion="{version}" device={device} '
        f'unit="{unit}" creationDate="{stamp(day, end, 31)}" startDate="{stamp(day, start)}" '
        f'endDate="{stamp(day, end)}" value="{value}"'
    )
    return head + (f">\n{children}\n </Record>\n" if children else "/>\n")


TZ = '  <MetadataEntry key="HKTimeZone" value="Asia/Seoul"/>'


class Day:
    """One day of records; `steps` holds (hour, source) → steps for the expected total."""

    def __init__(self, rng: random.Random, day: dt.date, filler: int):
        self.rng, self.day, self.filler = rng, day, filler
        self.lines: list[str] = []
        self.steps: dict[tuple[int, str], int] = {}

    def step(self, source, start, end, value) -> None:
        self.lines.append(record(f"{T}StepCount", source, "count", value, self.day, start, end))
        key = (start // 60, source)
        self.steps[key] = self.steps.get(key, 0) + value

    def expected(self) -> int:
        hours: dict[int, list[tuple[int, bool, str]]] = {}
        for (hour, source), value in self.steps.items():
            hours.setdefault(hour, []).append((value, source == W, source))
        return sum(max(v for v, _w, _s in entries) for entries in hours.values())

    def build(self) -> None:
        rng, day = self.rng, self.day
        worn = range(7 * 60, 21 * 60)  # the watch: 07:00-21:00; charging in the evening
        walks = sorted(rng.sample(range(7, 22), 4))
        for hour in walks:  # walks: the watch counts; the phone counts too when carried
            for block in range(0, 50, 5):
                start = hour * 60 + block
                value = rng.randint(300, 560)
                if start in worn:
                    self.step(W, start, start + 5, value)
                if start not in worn or rng.random() < 0.7:
                    self.step(P, start, start + 5, int(value * rng.uniform(0.75, 1.1)))
        for minute in range(7 * 60, 21 * 60, 7):  # the watch's heart rate while worn
            self.lines.append(
                record(f"{T}HeartRate", W, "count/min", rng.randint(58, 110), day, minute, minute)
            )
        # Energy: the bulk of a real export (a watch writes active energy every few seconds).
        for minute in range(0, 24 * 60, 1):
            if minute in worn:
                for _ in range(int(self.filler) + (rng.random() < self.filler % 1)):
                    kcal = round(rng.uniform(0.01, 1), 3)
                    self.lines.append(record(f"{T}ActiveEnergyBurned", W, "kcal", kcal, day, minute, minute + 1))  # fmt: skip
            if rng.random() < self.filler / 4:
                kcal, meta = round(rng.uniform(0.8, 1.2), 3), TZ if minute % 97 == 0 else ""
                self.lines.append(record(f"{T}BasalEnergyBurned", W, "kcal", kcal, day, minute, minute + 1, meta))  # fmt: skip
        for hour in range(7, 21):
            self.lines.append(
                record(
                    f"{T}AppleStandTime", W, "min", rng.randint(0, 9), day, hour * 60, hour * 60 + 5
                )
            )
            self.lines.append(
                record(
                    f"{T}DistanceWalkingRunning",
                    P,
                    "km",
                    round(rng.uniform(0, 1.5), 3),
                    day,
                    hour * 60,
                    hour * 60 + 30,
                )
            )
        beats = "\n".join(
            f'   <InstantaneousBeatsPerMinute bpm="{rng.randint(55, 90)}" time="0{i}:{i}.{i}0 AM"/>'
            for i in range(1, 9)
        )
        self.lines.append(
            record(f"{T}HeartRateVariabilitySDNN", W, "ms", round(rng.uniform(20, 80), 2), day, 180, 181,
                   f"  <HeartRateVariabilityMetadataList>\n{beats}\n  </HeartRateVariabilityMetadataList>")
        )  # fmt: skip
        self.lines.append(
            record(f"{T}RestingHeartRate", W, "count/min", rng.randint(55, 68), day, 0, 24 * 60 - 1)
        )
        if day.weekday() == 0:
            self.lines.append(
                record(f"{T}BodyMass", P, "kg", round(rng.uniform(60, 64), 1), day, 7 * 60, 7 * 60)
            )
            self._pressure(rng.randint(118, 142), rng.randint(72, 90))
        if rng.random() < 0.002:  # a damaged record now and then
            self.lines.append(record(f"{T}StepCount", P, "count", "n/a", day, 600, 605))

    def _pressure(self, systolic, diastolic) -> None:
        at = stamp(self.day, 7 * 60 + 5)
        inner = [
            f'  <Record type="{T}BloodPressureSystolic" sourceName={SOURCE[P][0]} unit="mmHg" creationDate="{at}" startDate="{at}" endDate="{at}" value="{systolic}"/>',
            f'  <Record type="{T}BloodPressureDiastolic" sourceName={SOURCE[P][0]} unit="mmHg" creationDate="{at}" startDate="{at}" endDate="{at}" value="{diastolic}"/>',
        ]
        self.lines += [line + "\n" for line in inner]
        self.lines.append(
            f' <Correlation type="HKCorrelationTypeIdentifierBloodPressure" sourceName={SOURCE[P][0]} creationDate="{at}" startDate="{at}" endDate="{at}">\n'
            + "\n".join(" " + r for r in inner)
            + "\n </Correlation>\n"
        )


def generate(path: Path) -> dict[str, int]:
    """Write the export (unless it exists, with its expected steps per day beside it) and return
    the expected steps per day."""
    import json

    sidecar = path.with_suffix(".expected.json")
    if path.exists() and sidecar.exists():
        return json.loads(sidecar.read_text())
    rng = random.Random(2026)
    first = dt.date.today() - dt.timedelta(days=DAYS)
    filler = _filler()
    expected = {}
    part = path.with_suffix(".part")
    with part.open("w", encoding="utf-8") as f:
        now = dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S +0900")
        f.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n' + APPLE_DTD + '<HealthData locale="ko_KR">\n'
        )
        f.write(f' <ExportDate value="{now}"/>\n')
        f.write(
            f' <Me HKCharacteristicTypeIdentifierDateOfBirth="{BIRTH_YEAR}-05-01" HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale" HKCharacteristicTypeIdentifierBloodType="HKBloodTypeNotSet" HKCharacteristicTypeIdentifierFitzpatrickSkinType="HKFitzpatrickSkinTypeNotSet"/>\n'
        )
        for i in range(DAYS):
            day = Day(rng, first + dt.timedelta(days=i), filler)
            day.build()
            expected[day.day.isoformat()] = day.expected()
            f.write("".join(day.lines))
        f.write("</HealthData>\n")
    sidecar.write_text(json.dumps(expected))
    part.rename(path)
    return expected


def _filler() -> float:
    """Energy records per worn minute, so that two years come to about TARGET bytes: a day
    without them is about 81 kB; each unit of filler adds 840 active-energy records (the worn
    minutes) and 360 basal-energy records of about 395 bytes each."""
    return max(0.0, (TARGET / DAYS - 81_000) / (1200 * 395))


def bare_pass(path: Path) -> tuple[float, int]:
    from lxml import etree

    started = time.perf_counter()
    n = 0
    for _event, el in etree.iterparse(str(path), events=("end",), tag="Record", resolve_entities=False, no_network=True, load_dtd=False):  # fmt: skip
        el.get("type"), el.get("unit"), el.get("value"), el.get("sourceName")
        el.get("device"), el.get("startDate"), el.get("endDate")
        n += 1
        el.clear(keep_tail=False)
        parent = el.getparent()
        while el.getprevious() is not None:
            del parent[0]
    return time.perf_counter() - started, n


def setup_django():
    os.environ["DATABASE_URL"] = f"{PG_SERVER}/{DB_NAME}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from healthycity.citizens.domain.consent import grant_consent
    from tests.factories import CitizenFactory

    citizen = CitizenFactory(birth_year=BIRTH_YEAR)
    grant_consent(citizen=citizen, purpose="care", by=None)
    return citizen


def command_peak(path: Path, citizen) -> tuple[float, dict]:
    """The import command in a process of its own (its own VmHWM, read as it ends)."""
    import json
    import re
    import subprocess

    from benchmarks.bench_import import PEAK_WRAPPER

    command = [sys.executable, "-c", PEAK_WRAPPER, "import", "apple-health", str(path), "--citizen", str(citizen.external_id), "--format", "json"]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return int(re.search(r"VmHWM (\d+)", done.stderr).group(1)) / 1024, json.loads(done.stdout)


def main() -> None:
    from benchmarks.bench_import import admin  # the same server, the same helper

    folder = ROOT / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"apple-export-{FORMAT}-{TARGET >> 20}.xml"
    fresh = not (path.exists() and path.with_suffix(".expected.json").exists())
    started = time.perf_counter()
    expected = generate(path)
    made = "generated" if fresh else "reused"
    print(f"  export.xml: {path.stat().st_size / (1 << 20):,.0f} MiB, {DAYS} days ({made} in {time.perf_counter() - started:.0f} s)")  # fmt: skip
    admin(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    admin(f"CREATE DATABASE {DB_NAME}")
    try:
        citizen = setup_django()
        from healthycity.health.imports import import_file
        from healthycity.health.models import DailySteps

        t_bare, records = bare_pass(path)
        started = time.perf_counter()
        result = import_file(path=path, kind="apple_health", citizen=citizen)
        t_import = time.perf_counter() - started
        got = {d.isoformat(): s for d, s in DailySteps.objects.filter(citizen=citizen).values_list("date", "steps")}  # fmt: skip
        wrong = {d: (got.get(d), e) for d, e in expected.items() if got.get(d) != e}
        assert not wrong, f"days differ from the generator's: {list(wrong.items())[:5]}"
        assert result.balanced, result.as_dict()
        mib = path.stat().st_size / (1 << 20)
        print(f"  baseline bare iterparse (attributes only): {t_bare:7.1f} s  {mib / t_bare:6.1f} MiB/s  {records:,} <Record>s")  # fmt: skip
        print(f"  import_file(kind=apple_health):            {t_import:7.1f} s  {mib / t_import:6.1f} MiB/s")  # fmt: skip
        print(f"  ratio import / bare pass: {t_bare / t_import:.2f} (goal >= 0.5)")
        print(f"  accounted: read {result.read:,}, imported {result.imported:,}, duplicates {result.duplicates:,}, rejected {result.rejected:,}; {len(got)} days, all equal to the generator's")  # fmt: skip
        peak, summary = command_peak(path, citizen)
        print(f"  `healthycity import apple-health` peak RSS: {peak:.0f} MiB (goal < 300 MiB); read {summary['read']:,}, duplicates {summary['duplicates']:,}")  # fmt: skip
    finally:
        from django.db import connections

        connections.close_all()
        admin(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
