"""The Contract's command, who may import what, and the SDMX-CSV export's round trip."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from healthycity.policies.indicators import exports
from healthycity.policies.indicators.imports import ImportFailed, import_file
from healthycity.policies.indicators.models import IndicatorValue, RejectedRow
from tests.indicators.conftest import gho_file, gho_row, sdmx_file

pytestmark = pytest.mark.django_db


def _run(*args) -> dict:
    out, err = io.StringIO(), io.StringIO()
    call_command("policies", *args, stdout=out, stderr=err)
    return json.loads(out.getvalue())


def test_import_indicators_prints_the_contract_and_a_second_run_imports_zero(cities, tmp_path):
    path = gho_file(tmp_path / "gho.json", [gho_row(), gho_row(area="XXX")])
    first = _run("import-indicators", path, "--kind", "gho", "--format", "json")
    second = _run("import-indicators", path, "--kind", "gho", "--format", "json")
    assert first == {"read": 2, "imported": 1, "duplicates": 0, "rejected": 1}
    assert second == {"read": 2, "imported": 0, "duplicates": 1, "rejected": 1}


def test_import_indicators_dry_run_keeps_nothing(cities, tmp_path):
    path = sdmx_file(tmp_path / "s.csv", ["D,KRSEL,ISO37120-12.3,2023,250,,,,"])
    out = _run("import-indicators", path, "--kind", "sdmx-csv", "--dry-run", "--format", "json")
    assert out["imported"] == 1 and IndicatorValue.objects.count() == 0


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "is not SDMX-CSV"), ("ko", "SDMX-CSV 파일이 아닙니다")]
)
def test_a_bad_file_ends_with_one_line_in_the_users_language(cities, tmp_path, language, expected):
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(CommandError, match=expected):
        call_command(
            "policies", "import-indicators", str(path), "--kind", "sdmx-csv", "--language", language
        )


def test_delegate_of_city_a_cannot_import_city_b(cities, cast, tmp_path):
    lines = [
        "D,KRSWU,ISO37120-12.3,2023,180,,,,",
        "D,TWTPE,ISO37120-12.3,2023,300,,,,",
        "D,KOR,ISO37120-12.3,2023,250,,,,",
    ]
    result = import_file(
        path=sdmx_file(tmp_path / "s.csv", lines), kind="sdmx-csv", by=cast.delegate
    )
    assert (result.imported, result.rejected) == (1, 2)
    assert set(RejectedRow.objects.values_list("reason", flat=True)) == {"not_allowed"}
    assert list(IndicatorValue.objects.values_list("area", flat=True)) == ["KRSWU"]


def test_official_imports_any_city(cities, cast, tmp_path):
    lines = ["D,KRSWU,ISO37120-12.3,2023,180,,,,", "D,TWTPE,ISO37120-12.3,2023,300,,,,"]
    result = import_file(
        path=sdmx_file(tmp_path / "s.csv", lines), kind="sdmx-csv", by=cast.official
    )
    assert result.imported == 2


@pytest.mark.parametrize("who", ["worker_a", "partner", "citizen_user"])
def test_others_may_not_import(cities, cast, tmp_path, who):
    path = sdmx_file(tmp_path / "s.csv", ["D,KRSWU,ISO37120-12.3,2023,180,,,,"])
    with pytest.raises(ImportFailed):
        import_file(path=path, kind="sdmx-csv", by=getattr(cast, who))
    assert IndicatorValue.objects.count() == 0


def test_sdmx_export_round_trips_through_the_importer(cities, tmp_path):
    header = "DATAFLOW,REF_AREA,INDICATOR,SEX,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,OBS_STATUS,LOWER_BOUND,UPPER_BOUND,COMMENT_OBS"
    lines = [
        "D,KRSEL,ISO37120-12.3,_T,2023,250.5,PER_100000,A,,,",
        "D,KRSEL,ISO37120-12.3,F,2023,240.25,PER_100000,E,230.1,250.9,",
        "D,TWTPE,ISO37120-12.7,,2022-Q2,21.4,,P,,,SYNTHETIC demo",
        "D,JPN,WHOSIS_000001,,2021,84.45,YR,,84.1,84.8,",
    ]
    import_file(path=sdmx_file(tmp_path / "in.csv", lines, header=header), kind="sdmx-csv")
    before = _snapshot()
    out = tmp_path / "out.csv"
    out.write_text(
        exports.to_csv(IndicatorValue.objects.select_related("indicator")), encoding="utf-8"
    )
    IndicatorValue.objects.all().delete()
    result = import_file(path=str(out), kind="sdmx-csv")
    assert result.as_dict() == {"read": 4, "imported": 4, "duplicates": 0, "rejected": 0}
    assert _snapshot() == before
    again = import_file(path=str(out), kind="sdmx-csv")
    assert again.duplicates == 4


def _snapshot():
    fields = (
        "indicator__code",
        "area",
        "period",
        "breakdown",
        "value",
        "lower",
        "upper",
        "unit",
        "status",
        "synthetic",
    )
    return sorted(IndicatorValue.objects.values_list(*fields))


def test_export_neutralises_formula_cells(cities):
    from healthycity.policies.indicators.models import Indicator

    ind = Indicator.objects.create(
        code="=HYPERLINK(1)", framework="city", name_ko="x", name_en="x", unit="%", source="s"
    )
    value = IndicatorValue(
        indicator=ind,
        area="KRSEL",
        period="2023",
        year=2023,
        value=-1.5,
        unit="%",
        country_code="KR",
    )
    header, row = list(exports.rows([value]))
    assert row[2] == "'=HYPERLINK(1)" and row[header.index("OBS_VALUE")] == "-1.5"
