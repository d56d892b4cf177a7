"""Indicator files in the shapes WHO GHO and SDMX-CSV tools produce: good rows, bad rows with
their line and reason, duplicates, a second run importing nothing, encodings."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from healthycity.policies.indicators.imports import ImportFailed, import_file
from healthycity.policies.indicators.models import IndicatorImport, IndicatorValue, RejectedRow
from tests.indicators.conftest import gho_file, gho_row, sdmx_file

pytestmark = pytest.mark.django_db


def test_gho_rows_are_imported_with_interval_breakdown_and_source(cities, tmp_path):
    path = gho_file(
        tmp_path / "gho.json",
        [
            gho_row(value=83.6, low=83.1, high=84.0),
            gho_row(area="JPN", value=84.5),
            gho_row(code="NCD_BMI_30A", area="KRSEL", year=2022, value=7.1, Dim1="SEX_FMLE"),
        ],
    )
    result = import_file(path=path, kind="gho")
    assert result.as_dict() == {"read": 3, "imported": 3, "duplicates": 0, "rejected": 0}
    kor = IndicatorValue.objects.get(area="KOR")
    assert (kor.value, kor.lower, kor.upper, kor.period, kor.year) == (
        83.6,
        83.1,
        84.0,
        "2021",
        2021,
    )
    assert kor.country_code == "KR" and kor.city is None
    assert kor.breakdown == "SEX=SEX_BTSX" and kor.unit == "years"
    assert kor.source == "WHO Global Health Observatory" or kor.source == "WHO 세계보건관측소"
    seoul = IndicatorValue.objects.get(area="KRSEL")
    assert seoul.city == cities["seoul"] and seoul.breakdown == "SEX=SEX_FMLE"


def test_second_run_of_the_same_file_imports_nothing(cities, tmp_path):
    path = gho_file(tmp_path / "gho.json", [gho_row(), gho_row(area="JPN", value=84.5)])
    first = import_file(path=path, kind="gho")
    second = import_file(path=path, kind="gho")
    assert first.imported == 2
    assert second.as_dict() == {"read": 2, "imported": 0, "duplicates": 2, "rejected": 0}
    assert IndicatorValue.objects.count() == 2


def test_bad_gho_rows_are_quarantined_with_position_and_reason(cities, tmp_path):
    rows = [
        gho_row(),  # 1 good
        gho_row(code="NOT_A_CODE"),  # 2 unknown indicator
        gho_row(area="XXX"),  # 3 unknown area
        gho_row(NumericValue=None, Value="No data"),  # 4 missing value
        gho_row(NumericValue="abc"),  # 5 not a number
        gho_row(TimeDim=1800),  # 6 bad period
        gho_row(SpatialDimType="REGION", SpatialDim="WPR"),  # 7 a regional aggregate
        gho_row(area="CHN", value=78.0, low=79.0, high=80.0),  # 8 interval misses the value
        "not an object",  # 9
    ]
    result = import_file(path=gho_file(tmp_path / "bad.json", rows), kind="gho")
    assert result.as_dict() == {"read": 9, "imported": 1, "duplicates": 0, "rejected": 8}
    reasons = dict(RejectedRow.objects.values_list("line", "reason"))
    assert reasons == {
        2: "unknown_indicator",
        3: "unknown_area",
        4: "missing_value",
        5: "not_a_number",
        6: "bad_period",
        7: "unsupported",
        8: "bad_interval",
        9: "malformed",
    }
    with open(result.report, encoding="utf-8-sig") as fh:
        report = list(csv.DictReader(fh))
    assert [int(r["line"]) for r in report] == [2, 3, 4, 5, 6, 7, 8, 9]
    assert "NOT_A_CODE" in report[0]["message"] and "NOT_A_CODE" in report[0]["raw"]


def test_sdmx_csv_rows_with_dimensions_units_status_and_bounds(cities, tmp_path):
    header = (
        "DATAFLOW,REF_AREA,INDICATOR,SEX,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,OBS_STATUS,"
        "LOWER_BOUND,UPPER_BOUND,COMMENT_OBS,DECIMALS"
    )
    lines = [
        "WHO:GHO(1.0),KRSEL,ISO37120-12.3,_T,2023,250.5,PER_100000,A,,,,1",
        "WHO:GHO(1.0),KRSEL: Seoul,ISO37120-12.3,F,2023,240,PER_100000,E,230,250,,1",
        "WHO:GHO(1.0),TWTPE,ISO37120-12.7,_T,2023-Q2,21.4,PER_100000,P,,,SYNTHETIC demo,1",
    ]
    result = import_file(path=sdmx_file(tmp_path / "s.csv", lines, header=header), kind="sdmx-csv")
    assert result.as_dict() == {"read": 3, "imported": 3, "duplicates": 0, "rejected": 0}
    assert result.ignored_columns == ["DECIMALS"]
    f = IndicatorValue.objects.get(breakdown="SEX=F")
    assert (f.value, f.lower, f.upper, f.status, f.source) == (240, 230, 250, "E", "WHO:GHO(1.0)")
    taipei = IndicatorValue.objects.get(area="TWTPE")
    assert taipei.period == "2023-Q2" and taipei.year == 2023 and taipei.synthetic


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("D,KRSEL,ISO37120-12.3,2023,abc,,,,", "not_a_number"),
        ("D,KRSEL,ISO37120-12.3,2023,,,,,", "missing_value"),
        ("D,KRSEL,ISO37120-12.3,23/4,1,,,,", "bad_period"),
        ("D,KRSEL,ISO37120-12.3,2023,1,PER_1000,,,", "wrong_unit"),
        ("D,KRSEL,ISO37120-12.3,2023,1,,,,,extra", "malformed"),
        ("D,ZZZZZ,ISO37120-12.3,2023,1,,,,", "unknown_area"),
        ("D,KRSEL,ISO37120-12.3,2023,1,,not status,,", "malformed"),
    ],
)
def test_bad_sdmx_rows_are_rejected_with_the_reason(cities, tmp_path, line, reason):
    good = "D,KRSEL,ISO37120-12.3,2022,250,PER_100000,A,,"
    result = import_file(path=sdmx_file(tmp_path / "s.csv", [good, line]), kind="sdmx-csv")
    assert (result.read, result.imported, result.rejected) == (2, 1, 1)
    rejected = RejectedRow.objects.get()
    assert (rejected.line, rejected.reason) == (3, reason)


def test_a_changed_value_for_a_recorded_key_is_a_conflict_not_an_overwrite(cities, tmp_path):
    import_file(
        path=sdmx_file(tmp_path / "a.csv", ["D,KRSEL,ISO37120-12.3,2023,250,,,,"]), kind="sdmx-csv"
    )
    lines = ["D,KRSEL,ISO37120-12.3,2023,251,,,,", "D,KRSEL,ISO37120-12.3,2023,250,,,,"]
    result = import_file(path=sdmx_file(tmp_path / "b.csv", lines), kind="sdmx-csv")
    assert result.as_dict() == {"read": 2, "imported": 0, "duplicates": 1, "rejected": 1}
    assert RejectedRow.objects.get().reason == "conflict"
    assert IndicatorValue.objects.get().value == 250


def test_a_key_twice_in_one_file_is_imported_once(cities, tmp_path):
    lines = ["D,KRSEL,ISO37120-12.3,2023,250,,,,"] * 3 + ["D,KRSEL,ISO37120-12.3,2023,9,,,,"]
    result = import_file(path=sdmx_file(tmp_path / "s.csv", lines), kind="sdmx-csv")
    assert result.as_dict() == {"read": 4, "imported": 1, "duplicates": 2, "rejected": 1}


@pytest.mark.parametrize(("encoding", "bom"), [("utf-8", True), ("cp949", False), ("utf-8", False)])
def test_encodings_bom_and_cp949_with_korean_labels(cities, tmp_path, encoding, bom):
    lines = ["서울시 자료,KRSEL: 서울특별시,ISO37120-12.1,2023,84.1,YR,A,,"]
    path = sdmx_file(tmp_path / "k.csv", lines, encoding=encoding, bom=bom)
    result = import_file(path=path, kind="sdmx-csv")
    assert result.imported == 1
    assert IndicatorValue.objects.get().source == "서울시 자료"


def test_blank_lines_are_not_rows_and_lines_are_counted_in_the_file(cities, tmp_path):
    lines = ["D,KRSEL,ISO37120-12.3,2022,250,,,,", "", "D,KRSEL,ISO37120-12.3,2023,x,,,,"]
    result = import_file(path=sdmx_file(tmp_path / "s.csv", lines), kind="sdmx-csv")
    assert (result.read, result.rejected) == (2, 1)
    assert RejectedRow.objects.get().line == 4


def test_dry_run_keeps_nothing_but_counts_and_reports(cities, tmp_path):
    lines = ["D,KRSEL,ISO37120-12.3,2023,250,,,,", "D,KRSEL,ISO37120-12.3,2024,x,,,,"]
    result = import_file(path=sdmx_file(tmp_path / "s.csv", lines), kind="sdmx-csv", dry_run=True)
    assert result.as_dict() == {"read": 2, "imported": 1, "duplicates": 0, "rejected": 1}
    assert IndicatorValue.objects.count() == 0
    assert result.report and IndicatorImport.objects.get().dry_run


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("REF_AREA,TIME_PERIOD\nKRSEL,2023\n", "DATAFLOW"),
        ("", "DATAFLOW"),
    ],
)
def test_a_file_that_is_not_sdmx_csv_fails_clearly(cities, tmp_path, content, message):
    path = tmp_path / "x.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportFailed, match=message):
        import_file(path=str(path), kind="sdmx-csv")
    assert IndicatorValue.objects.count() == 0


def test_broken_json_half_way_leaves_nothing(cities, tmp_path):
    path = tmp_path / "broken.json"
    good = gho_file(tmp_path / "good.json", [gho_row(area=a) for a in ("KOR", "JPN", "CHN")])
    path.write_text(Path(good).read_text(encoding="utf-8")[:-40], encoding="utf-8")
    with pytest.raises(ImportFailed):
        import_file(path=str(path), kind="gho", chunk_size=1)
    assert IndicatorValue.objects.count() == 0
    assert IndicatorImport.objects.get().error


def test_json_that_is_not_gho_odata_fails_clearly(cities, tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"data": [1, 2]}', encoding="utf-8")
    with pytest.raises(ImportFailed, match="value"):
        import_file(path=str(path), kind="gho")
