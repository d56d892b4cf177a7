"""The analytics snapshot: one Parquet file per period of citizens with an active `statistics`
consent, pseudonymised, with demographics and each person's indicator inputs for the period.

Pseudonym: HMAC-SHA256 of the citizen's external id under a key derived from SECRET_KEY and the
period, so the same person gets unrelated pseudonyms in different periods (no linkage across
snapshots) and nobody without SECRET_KEY can recompute them. No name, phone or id is written.
Withdrawn consent takes effect at the next snapshot: the citizen is simply not selected.
"""

from __future__ import annotations

import calendar
import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from django.conf import settings
from django.utils import timezone

from healthycity.equity.errors import EquityError, SnapshotMissing

MEASURES = (
    ("bmi", pa.float32()),
    ("waist_cm", pa.float32()),
    ("pbf", pa.float32()),
    ("asm_index", pa.float32()),
    ("grip_kg", pa.float32()),
    ("gait_speed", pa.float32()),
    ("chair_stand_s", pa.float32()),
    ("sbp", pa.float32()),
    ("dbp", pa.float32()),
    ("steps_mean", pa.float32()),
    ("steps_days", pa.int16()),
)
SCHEMA = pa.schema(
    [
        ("pid", pa.string()),
        ("period", pa.string()),
        ("district", pa.string()),
        ("sex", pa.string()),
        ("birth_year", pa.int16()),
        ("age", pa.int16()),
        ("age_band", pa.int16()),  # lower bound of the 5-year band: 65 = 65-69; 100 = 100+
        ("income_band", pa.string()),
        ("income_order", pa.int8()),  # 1 = most disadvantaged (citizens.enums.INCOME_BAND_ORDER)
        ("medical_aid", pa.bool_()),
        ("living_alone", pa.bool_()),
        ("disability", pa.bool_()),
        *MEASURES,
    ]
)
COLUMN_NAMES = frozenset(SCHEMA.names)
ROW_GROUP = 250_000


@dataclass(frozen=True)
class Period:
    label: str  # "2025" or "2025-03"
    start: date
    end: date  # inclusive


def parse_period(text: str | None) -> Period:
    """'2025' → the year; '2025-03' → the month; None → the current year."""
    text = (text or str(timezone.localdate().year)).strip()
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
        return Period(text, date(year, 1, 1), date(year, 12, 31))
    match = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if match and 1 <= int(match[2]) <= 12:
        year, month = int(match[1]), int(match[2])
        last = calendar.monthrange(year, month)[1]
        return Period(text, date(year, month, 1), date(year, month, last))
    raise EquityError(f"Period {text!r} is not YYYY or YYYY-MM (e.g. 2025 or 2025-03).")


def snapshot_dir() -> Path:
    return Path(settings.VAR_DIR) / "equity"


def default_path(period: Period) -> Path:
    return snapshot_dir() / f"snapshot-{period.label}.parquet"


def available_periods(directory: Path | None = None) -> list[str]:
    """Periods with a snapshot file in the snapshot directory, oldest first."""
    directory = directory or snapshot_dir()
    return sorted(p.stem.removeprefix("snapshot-") for p in directory.glob("snapshot-*.parquet"))


def resolve_snapshot(path: str | Path | None, *, period: Period | None) -> Path:
    """The snapshot to read: `path`, or the file of `period`, or the latest in the directory."""
    if path:
        found = Path(path)
    elif period is not None:
        found = default_path(period)
    else:
        periods = available_periods()
        if not periods:
            raise SnapshotMissing(
                "There is no snapshot yet. Run `healthycity equity snapshot` first."
            )
        found = default_path(parse_period(periods[-1]))
    if not found.exists():
        raise SnapshotMissing(
            f"Snapshot {found} does not exist. Run `healthycity equity snapshot` first."
        )
    return found


def pseudonymiser(period: Period):
    """Return f(external_id: str) -> pseudonym (32 hex characters) for this period."""
    key = hmac.new(
        settings.SECRET_KEY.encode(), f"equity-snapshot:{period.label}".encode(), hashlib.sha256
    ).digest()
    digest = hmac.digest

    def pid(external_id: str) -> str:
        return digest(key, str(external_id).encode(), "sha256").hex()[:32]

    def many(external_ids: list[str]) -> list[str]:
        """The pseudonyms of many ids at once (one C call per id, no per-id Python frames)."""
        return [digest(key, x.encode(), "sha256").hex()[:32] for x in external_ids]

    pid.many = many
    return pid


def age_band(age: int) -> int:
    return min(max(age, 0) // 5 * 5, 100)


def band_label(lower: int) -> str:
    return "100+" if lower >= 100 else f"{lower}-{lower + 4}"


@dataclass(frozen=True)
class SnapshotResult:
    path: Path
    rows: int


def write_snapshot(*, period: Period, path: Path, progress: bool = False) -> SnapshotResult:
    """Write the snapshot of `period` to `path` (atomically: a temp file renamed at the end).

    Side effects: reads citizens, consents and health records; writes one Parquet file."""
    from healthycity.equity import sources

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".parquet.part")
    rows = 0
    bar = _progress(progress, total=sources.count_consented())
    with pq.ParquetWriter(tmp, SCHEMA, compression="zstd") as writer:
        for batch in sources.snapshot_batches(period=period, pid=pseudonymiser(period)):
            writer.write_table(batch, row_group_size=ROW_GROUP)
            rows += batch.num_rows
            bar(batch.num_rows)
    bar(None)
    tmp.replace(path)
    return SnapshotResult(path=path, rows=rows)


def _progress(enabled: bool, *, total: int):
    if not enabled:
        return lambda n: None
    from rich.progress import Progress

    bar = Progress(transient=False)
    task = bar.add_task("Snapshot", total=total)
    bar.start()

    def advance(n):
        if n is None:
            bar.stop()
        else:
            bar.advance(task, n)

    return advance
