"""Reading and summarising a HEAT Plus upload file (tests/equity/fixtures/heat/heat_worked.csv)."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import pytest

from healthycity.equity.methods.errors import HeatCsvError
from healthycity.equity.methods.heat import MEASURES
from healthycity.equity.methods.summarize import (
    parse_heat_rows,
    read_heat_csv,
    summarize_csv,
    summarize_rows,
)

# These tests match the English texts of reasons and errors (Korean: test_i18n.py).
pytestmark = pytest.mark.usefixtures("english")

WORKED = Path(__file__).parent / "fixtures" / "heat" / "heat_worked.csv"


def records_by_key():
    return {(r.indicator_abbr, r.dimension, r.measure): r for r in summarize_csv(WORKED)}


def test_one_record_per_setting_year_indicator_dimension_and_measure():
    records = summarize_csv(WORKED)
    assert len(records) == 4 * len(MEASURES)  # anc/Region, anc/Wealth, stunting/Sex, u5mr/Wealth
    first = records[0]
    assert (first.setting, first.year, first.indicator_abbr, first.dimension, first.measure) == (
        "Cityville",
        2023,
        "anc",
        "Region",
        "d",
    )
    assert set(first.as_dict()) == {
        "setting", "year", "indicator_abbr", "dimension", "measure",
        "estimate", "se", "lower", "upper", "reason",
    }  # fmt: skip


def test_records_carry_the_hand_derived_values():
    got = records_by_key()
    assert got["anc", "Region", "bgv"].estimate == pytest.approx(100.0)
    assert got["anc", "Region", "mdrw"].estimate == pytest.approx(12.0)  # reference R2
    assert got["anc", "Wealth", "aci"].estimate == pytest.approx(6.0)
    assert got["anc", "Wealth", "bgv"].reason == "BGV applies only to non-ordered dimensions."
    assert got["stunting", "Sex", "d"].estimate == pytest.approx(5.0)  # highest − lowest
    assert got["stunting", "Sex", "par"].estimate == pytest.approx(-2.5)  # best 20 − μ 22.5


def test_standard_error_is_derived_from_the_confidence_limits_when_missing():
    rows = [r for r in read_heat_csv(WORKED) if r.indicator_abbr == "stunting"]
    assert rows[0].se == pytest.approx(1.0, rel=1e-4)
    assert rows[1].se == pytest.approx(1.5, rel=1e-4)
    d = records_by_key()["stunting", "Sex", "d"]
    assert d.lower is not None and d.upper is not None


def test_no_record_holds_nan():
    for record in summarize_csv(WORKED):
        for value in (record.estimate, record.se, record.lower, record.upper):
            assert value is None or math.isfinite(value)
        assert record.estimate is not None or record.reason


def rows_of(text: str):
    return parse_heat_rows(csv.reader(io.StringIO(text)))


def worked_text() -> str:
    return WORKED.read_text(encoding="utf-8")


def test_unknown_and_missing_columns_are_named():
    header, *rest = worked_text().splitlines()
    bad = header.replace("indicator_scale", "scale") + "\n" + "\n".join(rest)
    with pytest.raises(HeatCsvError) as err:
        rows_of(bad)
    assert err.value.value == {"missing": ["indicator_scale"], "unknown": ["scale"]}
    assert err.value.line == 1


def test_text_in_a_number_cell_names_column_and_line():
    lines = worked_text().splitlines()
    lines[3] = lines[3].replace(",80,1,300,", ",eighty,1,300,")
    with pytest.raises(HeatCsvError) as err:
        rows_of("\n".join(lines))
    assert str(err.value) == "Column 'estimate' has 'eighty' on line 4; expected a number."
    assert (err.value.field, err.value.line) == ("estimate", 4)


def test_negative_population_is_an_error_naming_the_line():
    lines = worked_text().splitlines()
    lines[2] = lines[2].replace(",1.5,200,", ",1.5,-200,")
    with pytest.raises(HeatCsvError) as err:
        rows_of("\n".join(lines))
    assert (err.value.field, err.value.line) == ("population", 3)


def test_inconsistent_indicator_settings_in_a_group_are_an_error():
    lines = worked_text().splitlines()
    lines[4] = lines[4].replace("R4,90,1.2,400,1,100,", "R4,90,1.2,400,0,100,")
    with pytest.raises(HeatCsvError) as err:
        rows_of("\n".join(lines))
    assert err.value.field == "favourable_indicator" and err.value.line == 5


def test_ordered_dimension_without_subgroup_order_is_an_error():
    lines = worked_text().splitlines()
    lines[5] = lines[5].replace(",1,1,0,,,", ",1,,0,,,")
    with pytest.raises(HeatCsvError) as err:
        rows_of("\n".join(lines))
    assert (err.value.field, err.value.line) == ("subgroup_order", 6)


def test_two_reference_subgroups_are_an_error_naming_the_group():
    lines = worked_text().splitlines()
    lines[1] = lines[1].replace(",1,100,0,,0,", ",1,100,0,,1,")
    with pytest.raises(HeatCsvError) as err:
        summarize_rows(rows_of("\n".join(lines)))
    assert err.value.field == "reference_subgroup" and "lines 2, 3, 4, 5" in str(err.value)


def test_empty_file_and_short_rows_are_errors():
    header = worked_text().splitlines()[0]
    with pytest.raises(HeatCsvError, match="no data rows"):
        rows_of(header + "\n")
    with pytest.raises(HeatCsvError) as err:
        rows_of(header + "\nCityville,2023\n")
    assert err.value.line == 2


def test_read_heat_csv_accepts_a_utf8_bom(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + WORKED.read_bytes())
    assert len(read_heat_csv(path)) == 16
