"""The analytics snapshot: one Parquet file per period of citizens with an active `statistics`
consent, pseudonymised, with demographics and each person's indicator inputs for the period.

Pseudonym: keyed BLAKE2b of the citizen's external id under a key derived from SECRET_KEY and
the period, so the same person gets unrelated pseudonyms in different periods (no linkage across
snapshots) and nobody without SECRET_KEY can recompute them. No name, phone or id is written.
Withdrawn consent takes effect at the next snapshot: the citizen is simply not selected.
"""

from __future__ import annotations

import base64
import calendar
import hashlib
import hmac
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from healthycity.citizens.enums import INCOME_BAND_ORDER
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
    ("mission_member", pa.float32()),  # 1 = took part in a walking mission in the period
    ("mission_goal_share", pa.float32()),  # goal days / days with steps while taking part
    ("mission_points", pa.float32()),  # points earned for the period's days
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

# --- the stored format ------------------------------------------------------------------------
# SCHEMA above is the logical row (labels); the file stores version FORMAT_VERSION of it:
# - grouping keys as small integers: district as its integer code (11110 …), sex as 1 = M, 2 = F,
#   income_band as its order 1..7 (the labels are mapped back after aggregation, see `decode`);
# - every indicator evaluated ONCE when the snapshot is written, from the same SQLGlot-checked
#   expressions of data/indicators.toml (engine.query.flag_columns): `<id>__in_pop` and `<id>__hit`
#   (int8 0/1) for proportions, `<id>__in_pop` and `<id>__value` for means, `<id>__num` and
#   `<id>__den` for rates. A report is then plain sums of narrow columns;
# - (format 3) `cell`: a dense int32 id of the person's combination of every grouping column of
#   the report (period, each stratifier column and its order column, age band); the combinations
#   themselves are a small table in the file's metadata (CELLS_KEY), so the report groups by ONE
#   narrow key instead of nine and looks the keys up afterwards, per cell, not per person;
# - (format 3) `pack__<i>`: the 0/1 count columns again, four to a BIGINT in 16-bit lanes
#   (lane j of pack i = column 4·i + j of `lane_layout`), so one SUM adds up four counts. A lane
#   can overflow only in a cell of 2¹⁵ people or more: the engine checks and then uses the
#   int8 columns instead (engine.raw_cells).
FORMAT_KEY = b"healthycity.equity.format"
FORMAT_VERSION = "3"
CELLS_KEY = b"healthycity.equity.cells"
LANES_KEY = b"healthycity.equity.lanes"
LANE_BITS = 16
LANES = 64 // LANE_BITS
LANE_LIMIT = 2 ** (LANE_BITS - 1)  # a cell below this many people cannot overflow any lane
CODES = {
    "sex": {"M": 1, "F": 2},
    "income_band": dict(INCOME_BAND_ORDER),
}
DEFINITIONS_KEY = b"healthycity.equity.indicators"


def definition_hash(ind) -> str:
    """Fingerprint of an indicator's definition, stored with the columns evaluated from it."""
    text = "|".join((ind.kind, ind.population, ind.numerator, ind.denominator, ind.value))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


KEY_TYPES = {"district": pa.int32(), "sex": pa.int8(), "income_band": pa.int8()}


def labels(column: str) -> dict[int, str] | None:
    """Code → label of a coded key column (None: the column is not coded by a table)."""
    codes = CODES.get(column)
    return {v: k for k, v in codes.items()} if codes else None


@lru_cache(maxsize=1)
def stored_schema() -> pa.Schema:
    from healthycity.equity.engine.query import flag_columns
    from healthycity.equity.indicators import indicators

    fields = [pa.field(f.name, KEY_TYPES.get(f.name, f.type)) for f in SCHEMA]
    for ind in indicators().values():
        fields += [pa.field(name, typ) for name, _, typ in flag_columns(ind)]
    fields.append(pa.field("cell", pa.int32()))
    fields += [pa.field(f"pack__{i}", pa.int64()) for i in range(_pack_count())]
    meta = {
        FORMAT_KEY: FORMAT_VERSION.encode(),
        DEFINITIONS_KEY: json.dumps(
            {i: definition_hash(ind) for i, ind in indicators().items()}
        ).encode(),
        b"healthycity.equity.labels": json.dumps(CODES, ensure_ascii=False).encode(),
        LANES_KEY: json.dumps({"bits": LANE_BITS, "lanes": lane_layout()}).encode(),
    }
    return pa.schema(fields, metadata=meta)


@lru_cache(maxsize=1)
def lane_layout() -> dict[str, list[int]]:
    """Stored 0/1 count column → [pack number, lane] of its copy in the `pack__<i>` columns."""
    from healthycity.equity.engine.query import count_columns
    from healthycity.equity.indicators import indicators

    names = [stored for ind in indicators().values() for _, stored in count_columns(ind)]
    return {name: [i // LANES, i % LANES] for i, name in enumerate(names)}


def _pack_count() -> int:
    return -(-len(lane_layout()) // LANES)


@lru_cache(maxsize=1)
def cell_columns() -> tuple[str, ...]:
    """The grouping columns that `cell` stands for: those of a report over every stratifier."""
    from healthycity.equity.engine import grouping_columns
    from healthycity.equity.indicators import stratifiers

    return tuple(grouping_columns(list(stratifiers().values())))


class CellCoder:
    """Dense int32 ids for the combinations of `columns` met so far, consistent across the
    batches of one file; `dump()` is the id → combination table for the file's metadata.

    Per batch, in vectorised steps: each column's values → small codes that stay fixed for the
    file (Arrow's dictionary encoding, then a lookup of the few distinct values); the codes of a
    row combined into one integer; and one dictionary lookup per distinct combination, not per
    row."""

    def __init__(self, columns: Sequence[str]):
        self.columns = list(columns)
        self._codes: list[dict] = [{None: 0} for _ in self.columns]  # value → code, per column
        self.ids: dict[tuple[int, ...], int] = {}  # the codes of a combination → its id

    def _column_codes(self, j: int, column: pa.ChunkedArray) -> np.ndarray:
        encoded = pc.dictionary_encode(column).combine_chunks()
        codes = self._codes[j]
        values = encoded.dictionary.to_pylist()
        lookup = np.array([codes.setdefault(v, len(codes)) for v in values] + [0], np.int64)
        index = encoded.indices.fill_null(len(values)).to_numpy(zero_copy_only=False)
        return lookup[index]

    def code(self, table: pa.Table) -> pa.Array:
        """The id of every row of `table` (stored key columns), assigning new ids as needed."""
        if table.num_rows == 0:
            return pa.array([], pa.int32())
        codes = [self._column_codes(j, table.column(c)) for j, c in enumerate(self.columns)]
        combined = np.zeros(table.num_rows, dtype=np.int64)
        span = 1  # combined < span
        for j, column_codes in enumerate(codes):
            radix = len(self._codes[j])
            if span * radix >= 2**62:  # re-number the combinations so far densely first
                combined, uniques = pd.factorize(combined)
                span = len(uniques)
            combined = combined * radix + column_codes
            span *= radix
        inverse, uniques = pd.factorize(combined)  # hashing: cheaper than sorting here
        first = np.empty(len(uniques), dtype=np.int64)
        first[inverse[::-1]] = np.arange(inverse.size - 1, -1, -1)  # first row of each
        digits = np.column_stack([column_codes[first] for column_codes in codes])
        ids = self.ids
        mapped = np.fromiter(
            (ids.setdefault(tuple(row), len(ids)) for row in digits.tolist()),
            dtype=np.int32,
            count=first.size,
        )
        return pa.array(mapped[inverse], pa.int32())

    def dump(self, schema: pa.Schema) -> bytes:
        """The combinations in id order as an Arrow IPC stream (zstd, base64): a few ten
        thousand rows at most, read back in one call by `cell_table`."""
        combos = sorted(self.ids, key=self.ids.__getitem__)
        columns = {}
        for j, name in enumerate(self.columns):
            value_of = {code: value for value, code in self._codes[j].items()}
            values = [value_of[combo[j]] for combo in combos]
            columns[name] = pa.array(values, schema.field(name).type)
        table = pa.table(columns) if columns else pa.table({})
        sink = pa.BufferOutputStream()
        options = pa.ipc.IpcWriteOptions(compression="zstd")
        with pa.ipc.new_stream(sink, table.schema, options=options) as stream:
            stream.write_table(table)
        return base64.b64encode(sink.getvalue().to_pybytes())


def cell_table(blob: bytes) -> pa.Table:
    with pa.ipc.open_stream(base64.b64decode(blob)) as reader:
        return reader.read_all()


def encode(table: pa.Table, cells: CellCoder) -> pa.Table:
    """A logical snapshot table (SCHEMA) → the stored table: coded keys, indicator columns,
    the cell id (from `cells`, shared by the batches of one file) and the packed counts."""
    import duckdb

    schema = stored_schema()
    con = duckdb.connect(config={"threads": 1})
    try:
        con.register("batch", table)
        flags = con.sql(_flag_sql()).to_arrow_table()
    finally:
        con.close()
    columns = {}
    for name in SCHEMA.names:
        col = table.column(name)
        if name == "district":
            try:
                col = pc.cast(col, pa.int32())
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                raise EquityError(_("District codes must be numeric (e.g. 11110).")) from None
        elif name in CODES:
            keys = pa.array(list(CODES[name]), pa.string())
            values = pa.array(list(CODES[name].values()), pa.int8())
            col = pc.take(values, pc.index_in(col, value_set=keys))
        columns[name] = col
    for name in flags.column_names:
        columns[name] = flags.column(name)
    columns["cell"] = cells.code(pa.table({c: columns[c] for c in cells.columns}))
    packs = [np.zeros(table.num_rows, dtype=np.int64) for _ in range(_pack_count())]
    for name, (pack, lane) in lane_layout().items():
        flag = columns[name].to_numpy(zero_copy_only=False).astype(np.int64)
        packs[pack] |= flag << (LANE_BITS * lane)
    for i, values in enumerate(packs):
        columns[f"pack__{i}"] = pa.array(values, pa.int64())
    return pa.table(columns, schema=schema)


@lru_cache(maxsize=1)
def _flag_sql() -> str:
    from healthycity.equity.engine.query import flag_select

    return flag_select("batch")


def _compression(schema: pa.Schema) -> dict[str, str]:
    """zstd, except for the columns every report reads — the cell id, the packed counts and the
    values summed for means and rates: stored uncompressed they cost ~4 % more space and the
    report's pass decodes them markedly faster (they are dictionary- or plainly encoded numbers
    that zstd shrinks little)."""
    hot = {"cell"} | {n for n in schema.names if n.startswith("pack__")}
    hot |= {n for n in schema.names if n.endswith(("__value", "__num", "__den"))}
    return {name: "none" if name in hot else "zstd" for name in schema.names}


class SnapshotWriter:
    """Writes logical snapshot tables (SCHEMA) to one Parquet file in the stored format; the
    cell table goes into the file's metadata when it is closed."""

    def __init__(self, path: Path):
        self.schema = stored_schema()
        self._writer = pq.ParquetWriter(path, self.schema, compression=_compression(self.schema))
        self._cells = CellCoder(cell_columns())

    def write(self, table: pa.Table) -> None:
        self._writer.write_table(encode(table, self._cells), row_group_size=ROW_GROUP)

    def close(self) -> None:
        self._writer.add_key_value_metadata({CELLS_KEY: self._cells.dump(self.schema)})
        self._writer.close()

    def __enter__(self) -> SnapshotWriter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_writer(path: Path) -> SnapshotWriter:
    return SnapshotWriter(path)


@dataclass(frozen=True)
class FileMeta:
    """What the engine needs from a snapshot file's footer."""

    path: Path
    rows: int
    cells: pa.Table | None  # id → combination of the grouping columns (format 3)
    lanes: dict[str, list[int]]  # stored 0/1 count column → [pack, lane]


def check_format(paths, indicators=()) -> list[FileMeta]:
    """Refuse snapshots of a format this version does not read, or whose indicator columns were
    evaluated from another definition than the current one; return what their footers say."""
    metas = []
    for path in paths:
        meta = pq.read_metadata(path)
        kv = meta.metadata or {}
        version = kv.get(FORMAT_KEY, b"1").decode()
        if version != FORMAT_VERSION:
            raise EquityError(
                _(
                    "Snapshot %(path)s has format version %(version)s but this version reads "
                    "format %(expected)s: re-run `healthycity equity snapshot` for its period."
                )
                % {"path": path, "version": version, "expected": FORMAT_VERSION}
            )
        stored = json.loads(kv.get(DEFINITIONS_KEY, b"{}"))
        stale = [i.id for i in indicators if stored.get(i.id) != definition_hash(i)]
        if stale:
            raise EquityError(
                _(
                    "Snapshot %(path)s was written with another definition of %(indicators)s: "
                    "re-run `healthycity equity snapshot` for its period."
                )
                % {"path": path, "indicators": ", ".join(stale)}
            )
        cells = kv.get(CELLS_KEY)
        lanes = json.loads(kv.get(LANES_KEY, b"{}"))
        metas.append(
            FileMeta(
                path=Path(path),
                rows=meta.num_rows,
                cells=cell_table(cells) if cells else None,
                lanes=lanes.get("lanes", {}) if lanes.get("bits") == LANE_BITS else {},
            )
        )
    return metas


def read_table(path: Path, columns: list[str] | None = None) -> pa.Table:
    """A stored snapshot with its key columns decoded back to labels (tests, pandas)."""
    table = pq.read_table(path, columns=columns)
    for name in table.column_names:
        if name == "district":
            col = pc.cast(table.column(name), pa.string())
        elif name in CODES:
            keys = pa.array(list(CODES[name].values()), pa.int8())
            names = pa.array(list(CODES[name]), pa.string())
            col = pc.take(names, pc.index_in(table.column(name), value_set=keys))
        else:
            continue
        table = table.set_column(table.schema.get_field_index(name), name, col)
    return table


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
    raise EquityError(
        _("Period %(period)s is not YYYY or YYYY-MM (e.g. 2025 or 2025-03).")
        % {"period": repr(text)}
    )


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
                _("There is no snapshot yet. Run `healthycity equity snapshot` first.")
            )
        found = default_path(parse_period(periods[-1]))
    if not found.exists():
        raise SnapshotMissing(
            _("Snapshot %(path)s does not exist. Run `healthycity equity snapshot` first.")
            % {"path": found}
        )
    return found


def pseudonymiser(period: Period):
    """Return f(external_id: str) -> pseudonym (32 hex characters) for this period: keyed
    BLAKE2b (RFC 7693's MAC mode, 16-byte digest) under a key derived from SECRET_KEY and the
    period by HMAC-SHA256. BLAKE2's keyed mode is a MAC as HMAC is, at a third of the cost per
    id, which matters at a million citizens per snapshot."""
    key = hmac.new(
        settings.SECRET_KEY.encode(), f"equity-snapshot:{period.label}".encode(), hashlib.sha256
    ).digest()
    blake2b = hashlib.blake2b

    def pid(external_id: str) -> str:
        return blake2b(str(external_id).encode(), key=key, digest_size=16).hexdigest()

    def many(external_ids: list[str]) -> list[str]:
        """The pseudonyms of many ids at once (one C call per id, no per-id Python frames)."""
        return [blake2b(x.encode(), key=key, digest_size=16).hexdigest() for x in external_ids]

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


def write_snapshot(
    *,
    period: Period,
    path: Path,
    progress: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
) -> SnapshotResult:
    """Write the snapshot of `period` to `path` (atomically: a temp file renamed at the end).
    `progress` shows a rich bar (the CLI); `on_progress(rows, total)` reports to a job.

    Side effects: reads citizens, consents and health records; writes one Parquet file."""
    from healthycity.equity import sources

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".parquet.part")
    rows = 0
    total = sources.count_consented() if (progress or on_progress) else 0
    bar = _progress(progress, total=total)
    with open_writer(tmp) as writer:
        for batch in sources.snapshot_batches(period=period, pid=pseudonymiser(period)):
            writer.write(batch)
            rows += batch.num_rows
            bar(batch.num_rows)
            if on_progress is not None:
                on_progress(rows, max(total, rows))
    bar(None)
    tmp.replace(path)
    return SnapshotResult(path=path, rows=rows)


def _progress(enabled: bool, *, total: int):
    if not enabled:
        return lambda n: None
    from rich.progress import Progress

    bar = Progress(transient=False)
    task = bar.add_task(_("Snapshot"), total=total)
    bar.start()

    def advance(n):
        if n is None:
            bar.stop()
        else:
            bar.advance(task, n)

    return advance
