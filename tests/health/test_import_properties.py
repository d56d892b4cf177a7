"""Property tests: whatever bytes arrive, the parsers either refuse the whole file with a clear
ImportFailed or account for every row (imported + duplicates + rejected == read)."""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from healthycity.health.imports import ImportFailed, import_file
from tests.health import inbody_files as files

pytestmark = pytest.mark.django_db
FAST = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))

cells = st.one_of(
    st.sampled_from(["", "abc", "-1", "900", "61.5", "010-1234-5678", "2025-01-01"]),
    st.text(max_size=8),
)


def check(data: bytes, kind: str) -> None:
    try:
        result = import_file(fileobj=io.BytesIO(data), kind=kind)
    except ImportFailed as exc:
        assert str(exc)
        return
    assert result.imported + result.duplicates + result.rejected == result.read


@FAST
@given(st.binary(max_size=400))
def test_arbitrary_bytes_inbody(consented, data):
    check(data, "inbody")


@FAST
@given(st.binary(max_size=300))
def test_arbitrary_bytes_steps_and_fhir(consented, data):
    check(b"citizen,date,steps,device\n" + data, "steps")
    check(data, "fhir")


@FAST
@given(
    st.lists(st.lists(cells, min_size=0, max_size=90), max_size=6),
    st.sampled_from(["utf-8-sig", "cp949"]),
)
def test_arbitrary_rows_under_the_real_header(consented, rows, encoding):
    text = files.csv_bytes([list(r) for r in rows], encoding="utf-8")
    data = text.decode("utf-8").encode(encoding, errors="replace")
    check(data, "inbody")


@FAST
@given(st.integers(min_value=1, max_value=4), st.data())
def test_partly_bad_scans_are_accounted(consented, n, data):
    rows = [
        files.row(Weight=data.draw(cells), **{"Test Date / Time": f"2025-01-0{i + 1} 10:00"})
        for i in range(n)
    ]
    check(files.csv_bytes(rows), "inbody")
