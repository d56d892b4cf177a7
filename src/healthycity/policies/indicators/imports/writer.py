"""Writing valid rows: new ones inserted, re-imports counted as duplicates, a different value for
a recorded key rejected as a conflict.

On PostgreSQL a chunk whose rows are all new (the usual case) goes in by one COPY inside a
savepoint; the natural key's unique index is the duplicate check, with no look-up first. If the
chunk's first key is already recorded (a re-import), or the COPY hits the unique index (the
savepoint is rolled back: nothing of that COPY stays), the chunk is compared with what is recorded
and only its new rows are written. Other databases always compare first, then `bulk_create`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from healthycity.policies.indicators.enums import RejectReason
from healthycity.policies.indicators.imports.rows import Rejection, Row
from healthycity.policies.indicators.models import IndicatorValue

COLUMNS = (
    "external_id", "created_at", "updated_at", "indicator_id", "area", "city_id", "country_code",
    "period", "year", "breakdown", "value", "lower", "upper", "unit", "status", "source",
    "synthetic", "batch_id", "entered_by_id",
)  # fmt: skip


@dataclass
class Written:
    imported: int = 0
    duplicates: int = 0
    conflicts: list[Rejection] | None = None


class Writer:
    def __init__(self, *, batch_id: int | None, by_id: int | None):
        self.batch_id = batch_id
        self.by_id = by_id
        self.postgres = connection.vendor == "postgresql"

    def write(self, rows: list[Row]) -> Written:
        """Write a chunk. A key twice in the chunk: its first row is written (or compared with
        what is recorded); a later one is compared with what is recorded after that."""
        result = Written(conflicts=[])
        first: dict[tuple, Row] = {}
        later: list[Row] = []
        for row in rows:
            (later.append(row) if row.key in first else first.setdefault(row.key, row))
        recorded = self._write_new(list(first.values()), result) if first else {}
        for row in later:
            self._compare(row, recorded.get(row.key) or _numbers(first[row.key]), result)
        return result

    def _write_new(self, rows: list[Row], result: Written) -> dict[tuple, tuple]:
        """Write the rows whose key is not recorded; returns what was recorded before."""
        if self.postgres and not self._recorded(rows[0]):
            try:
                with transaction.atomic():
                    self._copy(rows)
                result.imported += len(rows)
                return {}
            except IntegrityError:
                pass  # some key is recorded already: compare the chunk below
        recorded = self._recorded_values(rows)
        new = []
        for row in rows:
            stored = recorded.get(row.key)
            if stored is None:
                new.append(row)
            else:
                self._compare(row, stored, result)
        if new:
            self._copy(new) if self.postgres else self._bulk_create(new)
        result.imported += len(new)
        return recorded

    @staticmethod
    def _compare(row: Row, stored: tuple, result: Written) -> None:
        if stored == _numbers(row):
            result.duplicates += 1
        else:
            result.conflicts.append(_conflict(row, stored))

    def _recorded(self, row: Row) -> bool:
        return IndicatorValue.objects.filter(
            indicator_id=row.indicator_id, area=row.area, period=row.period, breakdown=row.breakdown
        ).exists()

    def _recorded_values(self, rows: list[Row]) -> dict[tuple, tuple]:
        keys = {r.key for r in rows}
        found = IndicatorValue.objects.filter(
            indicator_id__in={k[0] for k in keys},
            area__in={k[1] for k in keys},
            period__in={k[2] for k in keys},
        ).values_list("indicator_id", "area", "period", "breakdown", "value", "lower", "upper")
        return {
            tuple(v[:4]): tuple(v[4:])
            for v in found.iterator(chunk_size=5000)
            if tuple(v[:4]) in keys
        }

    def _values(self, row: Row, now) -> tuple:
        return (
            uuid.uuid4(), now, now, row.indicator_id, row.area, row.city_id, row.country_code,
            row.period, row.year, row.breakdown, row.value, row.lower, row.upper, row.unit,
            row.status, row.source, row.synthetic, self.batch_id, self.by_id,
        )  # fmt: skip

    def _copy(self, rows: list[Row]) -> None:
        now = timezone.now()
        table = IndicatorValue._meta.db_table
        with connection.cursor() as cursor:
            sql = f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(self._values(row, now))

    def _bulk_create(self, rows: list[Row]) -> None:
        now = timezone.now()
        IndicatorValue.objects.bulk_create(
            [IndicatorValue(**dict(zip(COLUMNS, self._values(r, now), strict=True))) for r in rows],
            batch_size=1000,
        )


def _numbers(row: Row) -> tuple:
    return (row.value, row.lower, row.upper)


def _conflict(row: Row, stored: tuple) -> Rejection:
    value, lower, upper = stored
    interval = f" [{lower:g}–{upper:g}]" if lower is not None and upper is not None else ""
    return Rejection(
        line=row.line,
        reason=RejectReason.CONFLICT,
        column="",
        raw=row.raw,
        message=_(
            "Line %(line)s: %(area)s %(period)s%(breakdown)s is already recorded as %(stored)s; "
            "this file says %(value)s. Edit the recorded value if the new one is right."
        )
        % {
            "line": row.line,
            "area": row.area,
            "period": row.period,
            "breakdown": f" ({row.breakdown})" if row.breakdown else "",
            "stored": f"{value:g}{interval}",
            "value": f"{row.value:g}",
        },
    )
