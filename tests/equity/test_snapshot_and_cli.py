"""The snapshot (consent, pseudonyms, no identifiers) and the `healthycity equity` command."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pyarrow.parquet as pq
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from healthycity.citizens.domain.consent import grant_consent, withdraw_consent
from healthycity.equity import snapshot, synthetic
from healthycity.health.models import DailySteps, Measurement
from tests.factories import CitizenFactory, CitizenIdentityFactory

# These tests match the English texts of reasons and errors (Korean: test_i18n.py).
pytestmark = pytest.mark.usefixtures("english")

HEAT_HEADER = (
    "setting,year,indicator_abbr,dimension,subgroup,estimate,se,population,favourable_indicator,"
    "indicator_scale,ordered_dimension,subgroup_order,reference_subgroup"
)


def _citizen(*, consent=True, **kw):
    c = CitizenFactory(**kw)
    CitizenIdentityFactory(citizen=c, name="홍길동", phone="01055556666")
    if consent:
        grant_consent(citizen=c, purpose="statistics")
    return c


@pytest.fixture
def people(db):
    a = _citizen(sex="F", birth_year=1950, income_band="q1")
    b = _citizen(sex="M", birth_year=1980, income_band="q5", medical_aid=True)
    c = _citizen(consent=False)
    when = datetime(2025, 3, 1, 10, tzinfo=UTC)
    Measurement.objects.create(citizen=a, taken_at=when, source="manual", bmi=26.1, waist_cm=88)
    Measurement.objects.create(
        citizen=a, taken_at=datetime(2025, 6, 1, 10, tzinfo=UTC), source="manual", bmi=25.0
    )
    Measurement.objects.create(citizen=b, taken_at=when, source="manual", systolic_mmhg=150)
    Measurement.objects.create(
        citizen=b, taken_at=datetime(2024, 6, 1, tzinfo=UTC), source="manual", bmi=40
    )
    for day in (1, 2):
        DailySteps.objects.create(citizen=a, date=date(2025, 5, day), steps=6000 + day * 1000)
    return a, b, c


def _read(path):
    return snapshot.read_table(path).to_pylist()


def test_snapshot_has_consented_citizens_pseudonymised(people, tmp_path):
    a, b, c = people
    out = tmp_path / "s.parquet"
    call_command("equity", "snapshot", "--period", "2025", "--output", str(out), "--no-progress")
    rows = {r["sex"]: r for r in _read(out)}
    assert len(rows) == 2  # c has no statistics consent
    pid = snapshot.pseudonymiser(snapshot.parse_period("2025"))
    assert rows["F"]["pid"] == pid(str(a.external_id))
    assert rows["F"]["bmi"] == pytest.approx(25.0)  # latest in the period
    assert rows["F"]["waist_cm"] == pytest.approx(88)  # latest non-empty value
    assert rows["F"]["steps_mean"] == pytest.approx(7500) and rows["F"]["steps_days"] == 2
    assert rows["F"]["age"] == 75 and rows["F"]["age_band"] == 75
    assert rows["M"]["bmi"] is None  # the 2024 scan is outside the period
    assert rows["M"]["sbp"] == 150 and rows["M"]["medical_aid"] is True
    assert rows["M"]["income_order"] == 7
    text = out.read_bytes()
    for secret in (str(a.external_id), "홍길동".encode(), b"01055556666"):
        assert (secret.encode() if isinstance(secret, str) else secret) not in text


def test_withdrawn_consent_is_out_of_the_next_snapshot(people, tmp_path):
    a, b, _ = people
    out = tmp_path / "s.parquet"
    snapshot.write_snapshot(period=snapshot.parse_period("2025"), path=out)
    assert len(_read(out)) == 2
    withdraw_consent(citizen=a, purpose="statistics")
    snapshot.write_snapshot(period=snapshot.parse_period("2025"), path=out)
    assert [r["sex"] for r in _read(out)] == ["M"]


def test_pseudonyms_differ_between_periods():
    one = snapshot.pseudonymiser(snapshot.parse_period("2025"))("x")
    two = snapshot.pseudonymiser(snapshot.parse_period("2025-01"))("x")
    assert one != two and len(one) == 32


@pytest.mark.parametrize("bad", ["25", "2025-13", "next year"])
def test_bad_period_is_a_clear_error(bad):
    with pytest.raises(CommandError, match="YYYY"):
        call_command("equity", "snapshot", "--period", bad)


@pytest.fixture
def synth(tmp_path):
    return synthetic.write_synthetic(tmp_path / "snap.parquet", rows=4000, seed=3, chunk=2000)


def test_report_json_has_estimates_intervals_and_measures(synth, capsys):
    call_command(
        "equity", "report", "--indicator", "obesity", "--by", "income_band",
        "--standardise", "who2000", "--snapshot", str(synth), "--format", "json",
    )  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    est = data["estimates"]
    assert [e["subgroup"] for e in est][:2] == ["basic_livelihood", "near_poor"]
    assert all(e["method"] == "Wilson" and e["lower"] < e["estimate"] < e["upper"] for e in est)
    assert all(e["std_method"] == "Dobson" for e in est)
    by = {m["measure"]: m for m in data["measures"]}
    assert by["sii"]["estimate"] is not None and by["bgv"]["reason"]  # ordered dimension
    assert "NaN" not in json.dumps(data)


def test_report_csv_and_xlsx(synth, tmp_path, capsys):
    call_command(
        "equity",
        "report",
        "--indicator",
        "all",
        "--by",
        "sex",
        "--snapshot",
        str(synth),
        "--format",
        "csv",
    )
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("section,period,indicator")
    assert "nan" not in out.lower().replace("nans", "")
    xlsx = tmp_path / "r.xlsx"
    call_command(
        "equity",
        "report",
        "--indicator",
        "mean_steps",
        "--by",
        "district",
        "--snapshot",
        str(synth),
        "--format",
        "xlsx",
        "--output",
        str(xlsx),
    )
    from openpyxl import load_workbook

    assert load_workbook(xlsx).sheetnames == ["estimates", "measures"]


def test_report_suppresses_small_cells(tmp_path, capsys, settings):
    settings.SMALL_CELL_K = 10
    path = synthetic.write_synthetic(tmp_path / "tiny.parquet", rows=120, seed=5)
    call_command(
        "equity",
        "report",
        "--indicator",
        "obesity",
        "--by",
        "district",
        "--snapshot",
        str(path),
        "--suppress",
    )
    data = json.loads(capsys.readouterr().out)
    hidden = [e for e in data["estimates"] if e["suppressed"]]
    assert hidden and all(e["estimate"] is None and e["population"] is None for e in hidden)
    assert all(m["estimate"] is None for m in data["measures"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--indicator", "nope", "--by", "sex"], "Unknown indicator 'nope'"),
        (["--indicator", "obesity", "--by", "shoe_size"], "Unknown stratifier 'shoe_size'"),
        (
            ["--indicator", "obesity", "--by", "sex", "--standardise", "mars"],
            "Unknown standard population",
        ),
        (["--indicator", "obesity", "--by", "sex", "--format", "xlsx"], "--output"),
    ],
)
def test_report_bad_input_is_a_clear_error(synth, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("equity", "report", "--snapshot", str(synth), *args)


def test_report_without_snapshot_says_how_to_make_one(tmp_path):
    with pytest.raises(CommandError, match="equity snapshot"):
        call_command(
            "equity",
            "report",
            "--indicator",
            "obesity",
            "--by",
            "sex",
            "--snapshot",
            str(tmp_path / "none.parquet"),
        )


def test_single_subgroup_gives_reasons_not_numbers(tmp_path, capsys):
    import pyarrow as pa

    table = synthetic.generate_chunk(300, seed=2)
    table = table.set_column(table.schema.get_field_index("sex"), "sex", pa.array(["F"] * 300))
    path = tmp_path / "one.parquet"
    with snapshot.open_writer(path) as writer:
        writer.write(table)
    call_command(
        "equity", "report", "--indicator", "obesity", "--by", "sex", "--snapshot", str(path)
    )
    data = json.loads(capsys.readouterr().out)
    assert all("two subgroups" in m["reason"] for m in data["measures"])


def _heat_csv(tmp_path, body: str):
    path = tmp_path / "heat.csv"
    path.write_text(HEAT_HEADER + "\n" + body, encoding="utf-8")
    return path


HEAT_ROWS = """\
Seoul,2025,obesity,income,q1,40,1.2,1000,0,100,1,1,
Seoul,2025,obesity,income,q2,35,1.1,1200,0,100,1,2,
Seoul,2025,obesity,income,q3,30,1.0,1500,0,100,1,3,
"""


def test_summarize_cli_json_and_csv(tmp_path, capsys):
    path = _heat_csv(tmp_path, HEAT_ROWS)
    call_command("equity", "summarize", "--input", str(path), "--format", "json")
    records = json.loads(capsys.readouterr().out)
    by = {r["measure"]: r for r in records}
    # HEAT, ordered dimension: D = most advantaged (order 3: 30) − most disadvantaged (40)
    assert by["d"]["estimate"] == pytest.approx(-10.0)
    assert by["bgv"]["estimate"] is None and by["bgv"]["reason"]
    assert set(records[0]) >= {
        "setting",
        "year",
        "indicator_abbr",
        "dimension",
        "measure",
        "estimate",
        "se",
        "lower",
        "upper",
    }
    call_command("equity", "summarize", "--input", str(path), "--format", "csv")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("setting,year,indicator_abbr,dimension,measure")
    assert len(lines) == 1 + 21


@pytest.mark.parametrize(
    ("body", "header", "message"),
    [
        (HEAT_ROWS.replace("40,1.2", "forty,1.2"), None, "forty"),
        (HEAT_ROWS, HEAT_HEADER + ",colour", "colour"),
    ],
)
def test_summarize_bad_input_is_a_clear_error(tmp_path, body, header, message):
    path = tmp_path / "bad.csv"
    path.write_text((header or HEAT_HEADER) + "\n" + body, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("equity", "summarize", "--input", str(path))


def test_summarize_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError):
        call_command("equity", "summarize", "--input", str(tmp_path / "nope.csv"))


def test_cli_exits_non_zero_without_traceback(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "bad.csv"
    path.write_text(HEAT_HEADER + "\n" + HEAT_ROWS.replace("1000", "lots"), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "healthycity", "equity", "summarize", "--input", str(path)],
        capture_output=True, text=True, env={"DJANGO_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": ".", "PATH": "/usr/bin:/bin", "HEALTHYCITY_TESTING": "1"},
    )  # fmt: skip
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr and "lots" in proc.stderr


def test_report_of_an_older_snapshot_format_says_re_run(tmp_path):
    path = tmp_path / "v1.parquet"
    pq.write_table(synthetic.generate_chunk(100, seed=4), path)  # format 1: no version
    with pytest.raises(CommandError, match="re-run `healthycity equity snapshot`"):
        call_command(
            "equity", "report", "--indicator", "obesity", "--by", "sex", "--snapshot", str(path)
        )
