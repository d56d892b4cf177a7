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


@pytest.fixture(autouse=True)
def only_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")


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
