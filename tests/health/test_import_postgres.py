"""PostgreSQL only: the pipelined import (a writer thread with its own connection, COPY, the
LATERAL duplicate probe) outside a test transaction."""

from __future__ import annotations

import io

import pytest
from django.db import connection

from healthycity.citizens.domain.consent import grant_consent
from healthycity.health.imports import import_file
from healthycity.health.models import Measurement, QuarantinedRow
from tests.health import inbody_files as files

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_pipelined_import_is_idempotent_and_accounts_for_every_row(cast):
    grant_consent(citizen=cast.citizen, purpose="care")
    rows = [files.row(**{"Test Date / Time": f"2025.01.{d:02d} 10:00"}) for d in range(1, 29)]
    rows.append(files.row(Weight="abc"))
    data = files.csv_bytes(rows)
    assert not connection.in_atomic_block
    first = import_file(fileobj=io.BytesIO(data), kind="inbody")
    assert (first.read, first.imported, first.rejected) == (29, 28, 1)
    again = import_file(fileobj=io.BytesIO(data), kind="inbody")
    assert (again.imported, again.duplicates, again.rejected) == (0, 28, 1)
    assert Measurement.objects.count() == 28
    assert QuarantinedRow.objects.filter(reason="not_a_number").count() == 2
    assert Measurement.objects.filter(weight_kg=61.5, vfl=9).count() == 28


def test_chunk_with_new_rows_first_and_recorded_rows_later_falls_back_to_comparing(cast):
    """The optimistic COPY of a chunk fails on the unique natural key (its first sitting is new,
    a later one is recorded): nothing of it stays, the chunk is compared and counted row by row."""
    grant_consent(citizen=cast.citizen, purpose="care")
    old = [files.row(**{"Test Date / Time": f"2025.02.{d:02d} 10:00"}) for d in range(10, 20)]
    import_file(fileobj=io.BytesIO(files.csv_bytes(old)), kind="inbody")
    new = [files.row(**{"Test Date / Time": f"2025.02.{d:02d} 10:00"}) for d in range(1, 10)]
    changed = files.row(**{"Test Date / Time": "2025.02.19 10:00", "Weight": "70.0"})
    result = import_file(
        fileobj=io.BytesIO(files.csv_bytes(new + old[:-1] + [changed])), kind="inbody"
    )
    assert (result.read, result.imported, result.duplicates, result.rejected) == (19, 9, 9, 1)
    assert result.balanced
    assert Measurement.objects.count() == 19
    assert QuarantinedRow.objects.filter(reason="conflict").count() == 1
