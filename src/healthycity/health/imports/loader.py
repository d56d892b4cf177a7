"""Writing parsed chunks: resolve citizens, check consent and scope, drop duplicates, insert.

Each chunk is one transaction: a chunk that fails leaves nothing behind. On PostgreSQL new
sittings go in with COPY (psycopg 3); elsewhere with bulk_create.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import uuid
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from psycopg import errors as psycopg_errors

from healthycity.citizens.enums import ConsentPurpose
from healthycity.citizens.models import Citizen, CitizenIdentity, Consent
from healthycity.citizens.queries import citizens_visible_to
from healthycity.health.enums import RejectReason
from healthycity.health.imports import pgcopy
from healthycity.health.imports.base import ImportResult, Quarantine, Rejection
from healthycity.health.imports.chunks import Chunk, reject_rows
from healthycity.health.models import VALUE_FIELDS, DailySteps, Measurement, StepsRevision

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
KEY = ["citizen_id", "_micros", "device_serial"]


class Writer:
    """Shared by the measurement and steps writers."""

    def __init__(
        self, *, batch, quarantine: Quarantine, result: ImportResult, by=None, scoped=True
    ):
        self.batch = batch
        self.quarantine = quarantine
        self.result = result
        self.by = by
        # A worker may file records only for the citizens of their centre; the CLI (by=None) may file
        # for anyone, an official or admin too.
        self.scope = citizens_visible_to(by) if (by is not None and scoped) else None
        self.known = Known()

    def prepare(self, chunk: Chunk) -> Ready:
        """Everything about `chunk` that writes nothing: citizens resolved, scope and consent
        checked. Runs in the parsing thread when the import is pipelined, so the writer thread
        only writes."""
        if chunk.frame.empty:
            return Ready(chunk, chunk.frame, [])
        frame, rejected = resolve_citizens(chunk.frame.copy(deep=False), self.known)
        frame, more = self._check(frame)
        return Ready(chunk, frame, rejected + more)

    def load(self, ready: Ready) -> None:
        """Writes a prepared chunk in its own transaction (the rows it refused go to the
        quarantine in the same transaction: a failed chunk leaves nothing of itself)."""
        chunk = ready.chunk
        self.result.read += chunk.read
        counts = (self.result.imported, self.result.duplicates, self.result.rejected)
        for attempt in (1, 2):
            # The report's lines only once the chunk has committed, and then in file order
            # whichever check (parsing, citizen, consent, conflict) refused them.
            self.quarantine.hold()
            try:
                with transaction.atomic():
                    _fast_commit()
                    self.quarantine.add(chunk.rejections)
                    self.quarantine.add(ready.rejected)
                    if not ready.frame.empty:
                        self.write(ready.frame.copy(deep=False), ready.copy)
            except IntegrityError:
                # Another import inserted the same sitting meanwhile; look again once, with the
                # counts (and the report) as they were before this chunk.
                self.quarantine.release(keep=False)
                self.result.imported, self.result.duplicates, self.result.rejected = counts
                if attempt == 2:
                    raise
                continue
            except BaseException:
                self.quarantine.release(keep=False)
                raise
            self.quarantine.release(keep=True)
            return

    def _check(self, frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Rejection]]:
        out = []
        known = self.known
        ids = pd.unique(frame["citizen_id"].to_numpy())
        if self.scope is not None:
            new = known.missing(known.allowed, ids)
            if new:
                allowed = set(self.scope.filter(pk__in=new).values_list("pk", flat=True))
                known.allowed.update((i, i in allowed) for i in new)
            mask = ~lookup(frame["citizen_id"], known.allowed, False).astype(bool)
            if mask.any():
                out += reject_rows(
                    frame,
                    mask,
                    RejectReason.NOT_ALLOWED,
                    _("You may not record measurements for this citizen (not of your centre)."),
                )
                frame = frame[~mask]
                ids = pd.unique(frame["citizen_id"].to_numpy())
        new = known.missing(known.care, ids)
        if new:
            consented = set(
                Consent.objects.active()
                .filter(purpose=ConsentPurpose.CARE)
                .extra(**_any_sql("citizen_id", [str(i) for i in new], "bigint"))
                .values_list("citizen_id", flat=True)
            )
            known.care.update((i, i in consented) for i in new)
        mask = ~lookup(frame["citizen_id"], known.care, False).astype(bool)
        if not mask.any():
            return frame, out
        out += reject_rows(
            frame,
            mask,
            RejectReason.NO_CONSENT,
            _(
                "This citizen has not consented to health care records (care); nothing was recorded."
            ),
        )
        return frame[~mask], out

    def write(self, frame: pd.DataFrame, copy: memoryview | None = None) -> None:
        """Records the rows of `frame`; `copy` is their COPY data if `prepare` made it."""
        raise NotImplementedError


@dataclass
class Ready:
    """A chunk checked and ready to write: `frame` holds the rows to record, `rejected` the rows
    refused by the checks, `copy` the binary COPY data of `frame` built in advance (or None)."""

    chunk: Chunk
    frame: pd.DataFrame
    rejected: list[Rejection]
    copy: memoryview | None = None


def lookup(values: pd.Series, cache: dict, default) -> np.ndarray:
    """`cache[v]` (or `default`) for each value, as an array: one dictionary look-up per
    distinct value of the chunk, not per row (a person has several sittings in a file), and
    never a copy of the whole cache (as `Series.map(dict)` makes)."""
    codes, uniques = pd.factorize(values.to_numpy())
    found = np.array([cache.get(u, default) for u in uniques.tolist()] + [default])
    return found[codes]  # code -1 (a missing value) picks the appended default


class Known:
    """What one import has already looked up: citizen id and phone → citizen, care consent and
    the user's scope per citizen. A file names the same people chunk after chunk; each is
    looked up once per import (at most LIMIT entries per map, so memory stays bounded).
    Consent and scope are those at the first chunk naming the citizen: a consent withdrawn
    while an import runs applies from the next import on."""

    LIMIT = 100_000

    def __init__(self) -> None:
        self.uuid: dict[str, int] = {}  # citizen pk, NOWHERE or AMBIGUOUS
        self.phone: dict[str, int] = {}
        self.care: dict[int, bool] = {}
        self.allowed: dict[int, bool] = {}

    def missing(self, cache: dict, keys) -> list:
        """The distinct `keys` not yet in `cache` (all of them when the cache is full: it
        starts over)."""
        keys = [k for k in pd.unique(np.asarray(keys)).tolist() if k == k and k != ""]
        new = [k for k in keys if k not in cache]
        if len(cache) + len(new) > self.LIMIT:
            cache.clear()
            return keys
        return new


NOWHERE, AMBIGUOUS = 0, -1  # primary keys are positive


def resolve_citizens(
    frame: pd.DataFrame, known: Known | None = None
) -> tuple[pd.DataFrame, list[Rejection]]:
    """Adds `citizen_id` from `ident_uuid` (platform id) or `ident_phone` (normalised phone);
    rows with no match or with more than one are rejected, never guessed."""
    if "citizen_id" in frame and frame["citizen_id"].notna().all():
        return frame, []
    known = known or Known()
    uuids = known.missing(known.uuid, frame["ident_uuid"].to_numpy())
    if uuids:
        found = {
            str(k): v
            for k, v in Citizen.objects.filter(external_id__in=uuids).values_list(
                "external_id", "pk"
            )
        }
        known.uuid.update((u, found.get(u, NOWHERE)) for u in uuids)
    phones = known.missing(known.phone, frame["ident_phone"].to_numpy())
    if phones:
        by_phone: dict[str, set[int]] = defaultdict(set)
        for phone, cid in _any(
            CitizenIdentity.objects.all(), "phone", phones, "varchar"
        ).values_list("phone", "citizen_id"):
            by_phone[phone].add(cid)
        known.phone.update(
            (p, AMBIGUOUS if len(c := by_phone.get(p, ())) > 1 else next(iter(c), NOWHERE))
            for p in phones
        )
    phone_hit = lookup(frame["ident_phone"], known.phone, NOWHERE).astype(np.int64)
    uuid_hit = lookup(frame["ident_uuid"], known.uuid, NOWHERE).astype(np.int64)
    has_uuid = frame["ident_uuid"].to_numpy() != ""
    ambiguous = (~has_uuid & (phone_hit == AMBIGUOUS)) | (
        has_uuid & (uuid_hit > 0) & (phone_hit > 0) & (phone_hit != uuid_hit)
    )
    cid = np.where(has_uuid, uuid_hit, phone_hit)
    missing = (cid <= 0) & ~ambiguous
    out = reject_rows(
        frame,
        ambiguous,
        RejectReason.AMBIGUOUS_CITIZEN,
        lambda v: (
            _(
                "'%(value)s' matches more than one citizen (or the ID and the phone number point to different citizens); not guessed."
            )
            % {"value": v}
        ),
    )
    out += reject_rows(
        frame,
        missing,
        RejectReason.NO_CITIZEN,
        _("No citizen has the ID or phone number of this line; the row is not kept."),
    )
    keep = ~(ambiguous | missing)
    if not keep.all():
        frame, cid = frame[keep].copy(), cid[keep]
    frame["citizen_id"] = cid
    return frame, out


def _micros(stamps: pd.Series) -> pd.Series:
    return (stamps.dt.tz_convert("UTC") - pd.Timestamp(0, tz="UTC")) // pd.Timedelta(microseconds=1)


def _same(a, b) -> bool:
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


class MeasurementWriter(Writer):
    def __init__(
        self, *, source: str, context: str, place: str = "", use_copy: bool | None = None, **kw
    ):
        super().__init__(**kw)
        self.source = source
        self.context = context
        self.place = place[:200]
        self.use_copy = connection.vendor == "postgresql" if use_copy is None else use_copy

    def prepare(self, chunk: Chunk) -> Ready:
        """Also builds the COPY data of a chunk whose sittings are all different (the usual
        case), so that the writer thread only sends it."""
        ready = super().prepare(chunk)
        frame = ready.frame
        if self.use_copy and not frame.empty:
            frame["_micros"] = _micros(frame["taken_at"])
            if not frame.duplicated(KEY).any():
                ready.copy = self._encode(frame, [f for f in VALUE_FIELDS if f in frame])
        return ready

    def write(self, frame: pd.DataFrame, copy: memoryview | None = None) -> None:
        fields = [f for f in VALUE_FIELDS if f in frame]
        if "_micros" not in frame:
            frame["_micros"] = _micros(frame["taken_at"])
        repeated = frame.duplicated(KEY, keep=False)
        if self.use_copy and not repeated.any() and self._copy_new(frame, fields, copy):
            return
        existing = self._existing(frame, fields)
        if not existing.empty:
            frame = self._against_db(frame, existing, fields, repeated)
            repeated = frame.duplicated(KEY, keep=False)
        if repeated.any():
            frame = self._reconcile(frame, repeated, existing, fields)
        if frame.empty:
            return
        if self.use_copy:
            self._copy(frame, fields)
        else:
            self._bulk_create(frame, fields)
        self.result.imported += len(frame)

    def _copy_new(self, frame: pd.DataFrame, fields: list[str], copy: memoryview | None) -> bool:
        """The common case, a chunk of sittings not yet recorded, costs one COPY and no look-up:
        the COPY runs in a savepoint and the natural key's unique index is the duplicate check.
        False (and nothing written) when some sitting is already recorded; the caller then
        compares the chunk with what is recorded (a re-import fails on its first row, cheaply)."""
        first = frame.iloc[0]
        if Measurement.objects.filter(
            citizen_id=int(first["citizen_id"]),
            taken_at=first["taken_at"].to_pydatetime(),
            device_serial=first["device_serial"],
        ).exists():
            return False  # a re-import: do not send a COPY bound to fail
        try:
            with transaction.atomic():
                self._copy(frame, fields, copy)
        except (IntegrityError, psycopg_errors.UniqueViolation):
            return False
        self.result.imported += len(frame)
        return True

    def _existing(self, frame, fields) -> pd.DataFrame:
        """Recorded sittings with the natural keys of this chunk (one query)."""
        cols = ["pk", "citizen_id", "taken_at", "device_serial", *fields]
        if connection.vendor == "postgresql":
            # unnest() join: one index probe per key, however many keys the chunk has; times
            # travel as integer microseconds (adapting datetimes one by one is slow).
            table = Measurement._meta.db_table
            select = ", ".join(f'm."{"id" if c == "pk" else c}"' for c in cols if c != "taken_at")
            sql = (
                f"SELECT {select}, (extract(epoch from m.taken_at) * 1000000)::bigint "
                "FROM unnest(%s::bigint[], %s::bigint[], %s::varchar[]) AS k(c, t, d) "
                f'CROSS JOIN LATERAL (SELECT * FROM "{table}" x WHERE x.citizen_id = k.c '
                "AND x.taken_at = timestamptz 'epoch' + k.t * interval '1 microsecond' "
                "AND x.device_serial = k.d) m"
            )
            keys = frame[KEY].drop_duplicates()
            params = [
                _pg_array(keys["citizen_id"].astype("int64").astype(str)),
                _pg_array(keys["_micros"].astype("int64").astype(str)),
                keys["device_serial"].astype(object).tolist(),
            ]
            with connection.cursor() as cursor:
                # LATERAL: one index probe per key of the chunk, never a scan of the whole table
                # (which the planner picks for a plain join when its statistics are stale).
                cursor.execute(sql, params)
                rows = cursor.fetchall()
            found = pd.DataFrame(rows, columns=[c for c in cols if c != "taken_at"] + ["_micros"])
        else:
            rows = list(
                Measurement.objects.filter(
                    citizen_id__in=[int(i) for i in frame["citizen_id"].unique()],
                    taken_at__in=[t.to_pydatetime() for t in frame["taken_at"].unique()],
                ).values_list(*cols)
            )
            found = pd.DataFrame(rows, columns=cols)
            found["_micros"] = [
                (t - EPOCH) // dt.timedelta(microseconds=1) for t in found["taken_at"]
            ]
            found = found.drop(columns=["taken_at"])
        if found.empty:
            return found
        found["citizen_id"] = found["citizen_id"].astype("int64")
        found["_micros"] = found["_micros"].astype("int64")
        found["device_serial"] = found["device_serial"].astype(object)
        return found

    def _against_db(self, frame, existing, fields, repeated) -> pd.DataFrame:
        """Rows already recorded (and not repeated within the chunk), compared column-wise:
        equal → duplicate; a different value → rejected; only new values → the sitting is
        completed (FHIR sends weight and height as separate resources)."""
        keyed = frame.loc[~repeated, ["citizen_id", "_micros", "device_serial"]].astype(
            {"device_serial": object}
        )
        keyed["citizen_id"] = keyed["citizen_id"].astype("int64")
        hits = keyed.reset_index().merge(existing, on=KEY, how="inner")
        if hits.empty:
            return frame
        idx = hits["index"].to_numpy()
        new = frame.loc[idx, fields].to_numpy(dtype=float, na_value=np.nan)
        old = hits[fields].to_numpy(dtype=float, na_value=np.nan)
        both = ~np.isnan(new) & ~np.isnan(old)
        differ = both & ~np.isclose(new, np.nan_to_num(old), rtol=1e-9, atol=1e-9)
        conflict = differ.any(axis=1)
        adds = (~np.isnan(new) & np.isnan(old)) & ~conflict[:, None]
        self.quarantine.add([self._conflict(frame.loc[i]) for i in idx[conflict]])
        completing = adds.any(axis=1)
        self.result.duplicates += int((~conflict & ~completing).sum())
        self.result.imported += int(completing.sum())
        now = timezone.now()
        for row in np.flatnonzero(completing):
            values = {f: float(new[row, j]) for j, f in enumerate(fields) if adds[row, j]}
            Measurement.objects.filter(pk=int(hits.at[row, "pk"])).update(**values, updated_at=now)
        return frame.drop(index=idx)

    def _reconcile(self, frame, repeated, existing, fields) -> pd.DataFrame:
        """Rows whose natural key repeats within the chunk, one by one (rare: FHIR resources of
        one sitting, or a row pasted twice). Returns the rows still to insert."""
        known = {}
        if not existing.empty:
            for rec in existing.to_dict("records"):
                known[(rec["citizen_id"], rec["_micros"], rec["device_serial"])] = rec
        state: dict[tuple, dict] = {}
        rejections, drop = [], []
        for idx in frame.index[repeated]:
            key = (
                int(frame.at[idx, "citizen_id"]),
                int(frame.at[idx, "_micros"]),
                frame.at[idx, "device_serial"],
            )
            new = {f: frame.at[idx, f] for f in fields}
            if key not in state and key not in known:
                state[key] = {"pk": None, "row": idx, "values": new, "adds": {}}
                continue
            if key not in state:
                old = known[key]
                state[key] = {"pk": old["pk"], "values": {f: old[f] for f in fields}, "adds": {}}
            drop.append(idx)
            current = state[key]
            verdict = self._compare(current["values"], new)
            if verdict == "conflict":
                rejections.append(self._conflict(frame.loc[idx]))
            elif verdict == "same":
                self.result.duplicates += 1
            else:
                current["values"].update(verdict)
                current["adds"].update(verdict)
                self.result.imported += 1
        self.quarantine.add(rejections)
        for entry in state.values():
            if entry["pk"] is None:
                for f, v in entry["values"].items():
                    frame.at[entry["row"], f] = v
            elif entry["adds"]:
                Measurement.objects.filter(pk=entry["pk"]).update(
                    **entry["adds"], updated_at=timezone.now()
                )
        return frame.drop(index=drop)

    @staticmethod
    def _compare(old: dict, new: dict):
        """'same', 'conflict', or the dict of new fields the row adds."""
        adds = {}
        for f, v in new.items():
            if v is None or (isinstance(v, float) and math.isnan(v)):
                continue
            o = old.get(f)
            if o is None or (isinstance(o, float) and math.isnan(o)):
                adds[f] = float(v)
            elif not _same(o, v):
                return "conflict"
        return adds or "same"

    @staticmethod
    def _conflict(row) -> Rejection:
        return Rejection(
            line=int(row["line"]),
            reason=RejectReason.CONFLICT,
            message=_(
                "A measurement of this citizen at %(when)s is already recorded with different values."
            )
            % {"when": row["taken_at"]},
            raw=row["raw"] if "raw" in row else row["block"].raw(int(row["_row"])),
        )

    def _columns(self, frame: pd.DataFrame, fields: list[str]) -> pd.DataFrame:
        now = timezone.now()
        out = pd.DataFrame(
            {
                "external_id": [str(u) for u in _uuid4s(len(frame))],
                "created_at": now,
                "updated_at": now,
                "citizen_id": frame["citizen_id"].to_numpy(),
                "taken_at": frame["taken_at"].to_numpy(),
                "context": self.context,
                "place": self.place,
                "source": self.source,
                "device_model": frame["device_model"].to_numpy(),
                "device_serial": frame["device_serial"].to_numpy(),
                "batch_id": self.batch.pk,
                "recorded_by_id": getattr(self.by, "pk", None),
            }
        )
        out["taken_at"] = frame["taken_at"].to_numpy()
        for f in fields:
            out[f] = frame[f].to_numpy()
            if Measurement._meta.get_field(f).get_internal_type() != "FloatField":
                out[f] = out[f].astype("Int64")
        return out

    def _copy(self, frame: pd.DataFrame, fields: list[str], data: memoryview | None = None) -> None:
        """COPY the rows of `frame` in binary format (`data` if already built from them)."""
        if data is None:
            data = self._encode(frame, fields)
        copy_binary(Measurement._meta.db_table, [*self.COPY_COLUMNS, *fields], data)

    COPY_COLUMNS = (
        "external_id", "created_at", "updated_at", "citizen_id", "taken_at", "context", "place",
        "source", "device_model", "device_serial", "batch_id", "recorded_by_id",
    )  # fmt: skip

    def _encode(self, frame: pd.DataFrame, fields: list[str]) -> memoryview:
        """The binary COPY data of `frame` (COPY_COLUMNS, then `fields`), built column-wise.
        Expects `_micros` (taken_at in microseconds since 1970, UTC)."""
        n = len(frame)
        now = (timezone.now() - EPOCH) // dt.timedelta(microseconds=1)
        columns = [
            pgcopy.uuid4(n),
            pgcopy.constant(now, n, pgcopy.timestamptz),
            pgcopy.constant(now, n, pgcopy.timestamptz),
            pgcopy.bigint(frame["citizen_id"].to_numpy(dtype=np.int64)),
            pgcopy.timestamptz(frame["_micros"].to_numpy(dtype=np.int64)),
            pgcopy.constant(str(self.context), n, pgcopy.text),
            pgcopy.constant(self.place, n, pgcopy.text),
            pgcopy.constant(str(self.source), n, pgcopy.text),
            pgcopy.text(frame["device_model"].to_numpy(dtype=object)),
            pgcopy.text(frame["device_serial"].to_numpy(dtype=object)),
            pgcopy.constant(self.batch.pk, n, pgcopy.bigint),
            pgcopy.constant(getattr(self.by, "pk", None), n, pgcopy.bigint),
        ]
        columns += [_value_encoder(f)(frame[f]) for f in fields]
        return pgcopy.encode(columns, n)

    def _bulk_create(self, frame: pd.DataFrame, fields: list[str]) -> None:
        out = self._columns(frame, fields)
        objs = []
        for rec in out.to_dict("records"):
            for k, v in rec.items():
                if v is pd.NA or (isinstance(v, float) and math.isnan(v)):
                    rec[k] = None
            rec["taken_at"] = (
                pd.Timestamp(rec["taken_at"]).tz_localize("UTC").to_pydatetime()
                if pd.Timestamp(rec["taken_at"]).tzinfo is None
                else pd.Timestamp(rec["taken_at"]).to_pydatetime()
            )
            rec["external_id"] = uuid.UUID(rec["external_id"])
            objs.append(Measurement(**rec))
        Measurement.objects.bulk_create(objs, batch_size=500)


def _fast_commit() -> None:
    """On PostgreSQL, commits of import chunks do not wait for the disk: the batch's final
    (synchronous) commit flushes the write-ahead log of every chunk before it, so a finished
    import is as durable as one big transaction, without a disk flush per chunk."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _any(queryset, column: str, values: list[str], sql_type: str):
    """`column IN values` as one array parameter on PostgreSQL (a chunk has thousands of keys;
    thousands of placeholders cost more than the query)."""
    return queryset.extra(**_any_sql(column, values, sql_type))


def _any_sql(column: str, values: list[str], sql_type: str) -> dict:
    if connection.vendor == "postgresql":
        return {"where": [f'"{column}" = ANY(%s::{sql_type}[])'], "params": [_pg_array(values)]}
    marks = ", ".join(["%s"] * len(values)) or "NULL"
    return {"where": [f'"{column}" IN ({marks})'], "params": list(values)}


def _pg_array(values) -> str:
    return "{" + ",".join(values) + "}"


def _uuid4_hex(n: int) -> list[str]:
    raw = np.frombuffer(os.urandom(16 * n), dtype=np.uint8).reshape(n, 16).copy()
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80
    text = raw.tobytes().hex()
    return [text[i : i + 32] for i in range(0, 32 * n, 32)]


@cache
def _value_encoder(field: str):
    """The binary encoder of a value column, by its database type (float8, int2…)."""
    kind = Measurement._meta.get_field(field).db_type(connection)
    if kind == "double precision":
        return pgcopy.double
    sizes = {"smallint": ">i2", "integer": ">i4", "bigint": ">i8"}
    if kind in sizes:
        return lambda values: pgcopy.integer(values, sizes[kind])
    raise TypeError(f"no binary COPY encoder for {field} ({kind})")


def copy_binary(table: str, cols: list[str], data: memoryview) -> None:
    """COPY `data` (PostgreSQL's binary format, signature to trailer) into `table`."""
    quoted = ", ".join(f'"{c}"' for c in cols)
    sql = f'COPY "{table}" ({quoted}) FROM STDIN WITH (FORMAT binary)'
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        copy.write(data)


def _uuid4s(n: int) -> list[uuid.UUID]:
    return [uuid.UUID(hex=h) for h in _uuid4_hex(n)]


class StepsWriter(Writer):
    """Daily steps: natural key citizen + date + device. A later file with another count for the
    same day replaces it (a wearable re-syncs a day as it goes on) and counts as imported; the
    value it replaces is kept as a StepsRevision. `touched` holds the citizens whose days were
    written or changed (for the `steps_recorded` signal)."""

    touched: set[int]

    def write(self, frame: pd.DataFrame, copy: memoryview | None = None) -> None:
        if not hasattr(self, "touched"):
            self.touched = set()
        existing = {
            (c, d, dev): [pk, s, exported, flagged, batch]
            for pk, c, d, dev, s, exported, flagged, batch in DailySteps.objects.filter(
                citizen_id__in=[int(i) for i in frame["citizen_id"].unique()],
                date__in=list({d.date() for d in frame["date"]}),
            ).values_list(
                "pk", "citizen_id", "date", "device", "steps", "exported_at", "flagged", "batch_id"
            )
        }
        revisions = []
        new: dict[tuple, DailySteps] = {}
        for row in frame.itertuples(index=False):
            key = (int(row.citizen_id), row.date.date(), row.device)
            steps = int(row.steps)
            if key in new:
                target = new[key]
                if target.steps == steps:
                    self.result.duplicates += 1
                else:
                    target.steps = steps
                    self.result.imported += 1
            elif key in existing:
                pk, old, exported, flagged, batch = existing[key]
                if old == steps:
                    self.result.duplicates += 1
                else:
                    revisions.append(
                        StepsRevision(
                            day_id=pk, steps=old, exported_at=exported, flagged=flagged,
                            batch_id=batch, replaced_by=self.batch,
                        )
                    )  # fmt: skip
                    DailySteps.objects.filter(pk=pk).update(
                        steps=steps, batch=self.batch, updated_at=timezone.now()
                    )
                    existing[key][1] = steps
                    existing[key][4] = self.batch.pk
                    self.result.imported += 1
                    self.touched.add(key[0])
            else:
                new[key] = DailySteps(
                    citizen_id=key[0], date=key[1], device=key[2], steps=steps, batch=self.batch
                )
                self.result.imported += 1
                self.touched.add(key[0])
        DailySteps.objects.bulk_create(list(new.values()), batch_size=2000)
        StepsRevision.objects.bulk_create(revisions, batch_size=2000)
