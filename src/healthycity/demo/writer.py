"""Fast bulk writes of generated columns: COPY on PostgreSQL, executemany elsewhere.

The demo writes millions of rows; building a model instance per row (what `bulk_create` does) costs
more than the generation itself. Rows are given explicit primary keys, so related rows (identities,
consents) can point at citizens without reading their ids back; sequences are reset afterwards.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence

import numpy as np
from django.core.management.color import no_style
from django.db import connection, models


def uuid_hex(rng: np.random.Generator, n: int) -> list[str]:
    """`n` random version-4 UUIDs from `rng`, as 32 hex digits (the form both databases accept)."""
    raw = rng.integers(0, 256, size=(n, 16), dtype=np.uint8)
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80
    text = raw.tobytes().hex()
    return [text[i : i + 32] for i in range(0, 32 * n, 32)]


def uuid_objects(rng: np.random.Generator, n: int) -> list[uuid.UUID]:
    return [uuid.UUID(hex=h) for h in uuid_hex(rng, n)]


def next_id(model: type[models.Model]) -> int:
    """The first free primary key of `model` (ids we assign ourselves start here)."""
    top = model.objects.aggregate(top=models.Max("pk"))["top"]
    return (top or 0) + 1


class TableWriter:
    """Writes rows of `fields` (model field names, in this order) into `model`'s table."""

    def __init__(self, model: type[models.Model], fields: Sequence[str]):
        meta = model._meta
        self.model = model
        self.table = connection.ops.quote_name(meta.db_table)
        self.columns = [connection.ops.quote_name(meta.get_field(f).column) for f in fields]
        self.rows = 0

    def write(self, rows: Iterable[tuple]) -> None:
        columns = ", ".join(self.columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {self.table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                        self.rows += 1
            else:
                rows = list(rows)
                marks = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(f"INSERT INTO {self.table} ({columns}) VALUES ({marks})", rows)
                self.rows += len(rows)


def reset_sequences(*model_classes: type[models.Model]) -> None:
    """After explicit ids: make the next ORM insert continue after the largest id."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_classes))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def db_datetime(value):
    """A timezone-aware datetime in the form the connection's driver stores."""
    return connection.ops.adapt_datetimefield_value(value)
