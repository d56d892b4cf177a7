"""Writing parsed chunks: resolve citizens, check consent and scope, drop duplicates, insert.

Each chunk is one transaction: a chunk that fails leaves nothing behind. On PostgreSQL new
sittings go in with COPY (psycopg 3); elsewhere with bulk_create.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import os
import uuid
from collections import defaultdict

import numpy as np
import pandas as pd
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from healthycity.citizens.enums import ConsentPurpose
from healthycity.citizens.models import Citizen, CitizenIdentity, Consent
from healthycity.citizens.queries import citizens_visible_to
from healthycity.health.enums import RejectReason
from healthycity.health.imports.base import ImportResult, Quarantine, Rejection
from healthycity.health.imports.chunks import Chunk, reject_rows
from healthycity.health.models import VALUE_FIELDS, DailySteps, Measurement

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

    def load(self, chunk: Chunk) -> None:
        self.result.read += chunk.read
        self.quarantine.add(chunk.rejections)
        if chunk.frame.empty:
            return
        counts = (self.result.imported, self.result.duplicates, self.result.rejected)
        for attempt in (1, 2):
            try:
                with transaction.atomic():
                    self._load(chunk.frame.copy())
                return
            except IntegrityError:
                # Another import inserted the same sitting meanwhile; look again once, with the
                # counts as they were before this chunk.
                self.result.imported, self.result.duplicates, self.result.rejected = counts
                if attempt == 2:
                    raise

    def _load(self, frame: pd.DataFrame) -> None:
        frame, rejected = resolve_citizens(frame)
        frame, more = self._check(frame)
        self.quarantine.add(rejected + more)
        if not frame.empty:
            self.write(frame)

    def _check(self, frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Rejection]]:
        out = []
        if self.scope is not None:
            ids = [int(i) for i in frame["citizen_id"].unique()]
            allowed = set(self.scope.filter(pk__in=ids).values_list("pk", flat=True))
            mask = ~frame["citizen_id"].isin(allowed)
            out += reject_rows(
                frame,
                mask,
                RejectReason.NOT_ALLOWED,
                _("You may not record measurements for this citizen (not of your centre)."),
            )
            frame = frame[~mask]
        ids = [int(i) for i in frame["citizen_id"].unique()]
        consented = set(
            Consent.objects.active()
            .filter(purpose=ConsentPurpose.CARE, citizen_id__in=ids)
            .values_list("citizen_id", flat=True)
        )
        mask = ~frame["citizen_id"].isin(consented)
        out += reject_rows(
            frame,
            mask,
            RejectReason.NO_CONSENT,
            _(
                "This citizen has not consented to health care records (care); nothing was recorded."
            ),
        )
        return frame[~mask], out

    def write(self, frame: pd.DataFrame) -> None:
        raise NotImplementedError


def resolve_citizens(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Rejection]]:
    """Adds `citizen_id` from `ident_uuid` (platform id) or `ident_phone` (normalised phone);
    rows with no match or with more than one are rejected, never guessed."""
    if "citizen_id" in frame and frame["citizen_id"].notna().all():
        return frame, []
    uuids = [u for u in frame["ident_uuid"].unique() if u]
    phones = [p for p in frame["ident_phone"].unique() if p]
    by_uuid = {
        str(k): v
        for k, v in Citizen.objects.filter(external_id__in=uuids).values_list("external_id", "pk")
    }
    by_phone: dict[str, set[int]] = defaultdict(set)
    for phone, cid in CitizenIdentity.objects.filter(phone__in=phones).values_list(
        "phone", "citizen_id"
    ):
        by_phone[phone].add(cid)
    phone_count = frame["ident_phone"].map(lambda p: len(by_phone.get(p, ())))
    phone_cid = frame["ident_phone"].map(
        lambda p: next(iter(by_phone[p])) if len(by_phone.get(p, ())) == 1 else np.nan
    )
    uuid_cid = frame["ident_uuid"].map(by_uuid)
    has_uuid = frame["ident_uuid"] != ""
    ambiguous = (~has_uuid & (phone_count > 1)) | (
        has_uuid & uuid_cid.notna() & phone_cid.notna() & (phone_cid != uuid_cid)
    )
    cid = uuid_cid.where(has_uuid, phone_cid)
    missing = cid.isna() & ~ambiguous
    out = reject_rows(
        frame,
        ambiguous,
        RejectReason.AMBIGUOUS_CITIZEN,
        frame["ident_text"].map(
            lambda v: (
                _(
                    "'%(value)s' matches more than one citizen (or the ID and the phone number point to different citizens); not guessed."
                )
                % {"value": v}
            )
        ),
    )
    out += reject_rows(
        frame,
        missing,
        RejectReason.NO_CITIZEN,
        frame["ident_text"].map(
            lambda v: _("No citizen has the ID or phone number '%(value)s'.") % {"value": v}
        ),
    )
    keep = ~(ambiguous | missing)
    frame = frame[keep].copy()
    frame["citizen_id"] = cid[keep].astype("int64")
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

    def write(self, frame: pd.DataFrame) -> None:
        fields = [f for f in VALUE_FIELDS if f in frame]
        frame = frame.copy()
        frame["_micros"] = _micros(frame["taken_at"])
        existing = self._existing(frame, fields)
        keys = list(zip(frame["citizen_id"], frame["_micros"], frame["device_serial"], strict=True))
        slow = frame.duplicated(KEY, keep=False) | pd.Series(
            [k in existing for k in keys], index=frame.index
        )
        if slow.any():
            frame = self._reconcile(frame, keys, slow, existing, fields)
        if frame.empty:
            return
        if self.use_copy:
            self._copy(frame, fields)
        else:
            self._bulk_create(frame, fields)
        self.result.imported += len(frame)

    def _existing(self, frame, fields) -> dict:
        rows = Measurement.objects.filter(
            citizen_id__in=[int(i) for i in frame["citizen_id"].unique()],
            taken_at__in=[t.to_pydatetime() for t in frame["taken_at"].unique()],
        ).values("pk", "citizen_id", "taken_at", "device_serial", *fields)
        found = {}
        for row in rows:
            micros = (row["taken_at"] - EPOCH) // dt.timedelta(microseconds=1)
            found[(row["citizen_id"], micros, row["device_serial"])] = row
        return found

    def _reconcile(self, frame, keys, slow, existing, fields) -> pd.DataFrame:
        """Rows whose natural key repeats in the chunk or is already recorded, one by one: a row
        that adds nothing is a duplicate, one that contradicts is rejected, one that adds values
        (FHIR sends weight and height as separate resources) completes the sitting.
        Returns the rows still to insert (first rows of new sittings, with merged values)."""
        state: dict[tuple, dict] = {}
        rejections, drop = [], []
        for idx, key in zip(
            frame.index[slow], [k for k, s in zip(keys, slow, strict=True) if s], strict=True
        ):
            new = {f: frame.at[idx, f] for f in fields}
            if key not in state and key not in existing:
                state[key] = {"pk": None, "row": idx, "values": new, "adds": {}}
                continue
            if key not in state:
                old = existing[key]
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
            raw=row["raw"],
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

    def _copy(self, frame: pd.DataFrame, fields: list[str]) -> None:
        out = self._columns(frame, fields)
        out["taken_at"] = frame["taken_at"].dt.tz_convert("UTC").to_numpy()
        buf = io.StringIO()
        out.to_csv(buf, header=False, index=False, date_format="%Y-%m-%d %H:%M:%S.%f+00")
        copy_csv(
            Measurement._meta.db_table,
            list(out.columns),
            buf.getvalue(),
            not_null=["context", "place", "source", "device_model", "device_serial"],
        )

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


def copy_csv(table: str, cols: list[str], text: str, not_null: list[str]) -> None:
    """COPY `text` (CSV, empty unquoted cell = NULL) into `table` with psycopg 3."""
    quoted = ", ".join(f'"{c}"' for c in cols)
    forced = ", ".join(f'"{c}"' for c in not_null)
    sql = f'COPY "{table}" ({quoted}) FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL ({forced}))'
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        copy.write(text)


def _uuid4s(n: int) -> list[uuid.UUID]:
    raw = (
        np.frombuffer(os.urandom(16 * n), dtype=np.uint8).reshape(n, 16).copy()
        if n
        else np.zeros((0, 16), np.uint8)
    )
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80
    return [uuid.UUID(bytes=row.tobytes()) for row in raw]


class StepsWriter(Writer):
    """Daily steps: natural key citizen + date + device. A later file with another count for the
    same day replaces it (a wearable re-syncs a day as it goes on) and counts as imported."""

    def write(self, frame: pd.DataFrame) -> None:
        existing = {
            (c, d, dev): [pk, s]
            for pk, c, d, dev, s in DailySteps.objects.filter(
                citizen_id__in=[int(i) for i in frame["citizen_id"].unique()],
                date__in=list({d.date() for d in frame["date"]}),
            ).values_list("pk", "citizen_id", "date", "device", "steps")
        }
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
                pk, old = existing[key]
                if old == steps:
                    self.result.duplicates += 1
                else:
                    DailySteps.objects.filter(pk=pk).update(
                        steps=steps, batch=self.batch, updated_at=timezone.now()
                    )
                    existing[key][1] = steps
                    self.result.imported += 1
            else:
                new[key] = DailySteps(
                    citizen_id=key[0], date=key[1], device=key[2], steps=steps, batch=self.batch
                )
                self.result.imported += 1
        DailySteps.objects.bulk_create(list(new.values()), batch_size=2000)
