"""Rates, proportions, means, DSR and ISR against PHEindicatormethods v2.1.0's published test data.

Source of every expected figure: PHEindicatormethods v2.1.0 (UKHSA, GPL-3),
tests/testthat/testdata_*.xlsx, copied to tests/equity/fixtures/phe/ (see README there).
PHE's own tests use testthat's default tolerance (~1.5e-8 relative); so do these.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

from healthycity.equity.methods import intervals, rates
from healthycity.equity.methods.errors import MethodInputError, StandardPopulationError
from healthycity.equity.methods.stdpop import (
    load_standard_population,
    parse_standard_population,
    standard_population,
)

# These tests match the English texts of reasons and errors (Korean: test_i18n.py).
pytestmark = pytest.mark.usefixtures("english")

PHE = Path(__file__).parent / "fixtures" / "phe"
REL = 1.5e-8


def read(name: str) -> list[dict[str, str]]:
    with (PHE / name).open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def num(text: str) -> float | None:
    return float(text) if text.strip() else None


def close(actual: float | None, expected: str | float | None) -> bool:
    expected = num(expected) if isinstance(expected, str) else expected
    if expected is None:
        return actual is None
    return actual is not None and math.isclose(actual, expected, rel_tol=REL, abs_tol=1e-12)


# --- Byars and Wilson -------------------------------------------------------------------------


@pytest.mark.parametrize("row", read("testdata_Byars_Wilson__testdata_B_W.csv"))
def test_byars_and_wilson_limits_match_phe(row):
    confidence = float(row["confidence"].rstrip("%")) / 100
    x = float(row["x"])
    if row["method"] == "Byars":
        if row["lowercl"]:
            assert close(intervals.byars_lower(x=x, confidence=confidence), row["lowercl"])
        assert close(intervals.byars_upper(x=x, confidence=confidence), row["uppercl"])
    else:
        n = float(row["n"])
        assert close(intervals.wilson_lower(x=x, n=n, confidence=confidence), row["lowercl"])
        assert close(intervals.wilson_upper(x=x, n=n, confidence=confidence), row["uppercl"])


# --- proportions (Wilson) ---------------------------------------------------------------------


@pytest.mark.parametrize("row", read("testdata_Proportion__testdata_Prop.csv"))
def test_proportion_matches_phe(row):
    x, n, mult = num(row["Numerator"]), num(row["Denominator"]), float(row["multiplier"])
    r95 = rates.proportion(x=x, n=n, multiplier=mult)
    r998 = rates.proportion(x=x, n=n, multiplier=mult, confidence=0.998)
    assert close(r95.estimate, row["value"])
    assert close(r95.lower, row["lower95_0cl"]) and close(r95.upper, row["upper95_0cl"])
    assert close(r998.lower, row["lower99_8cl"]) and close(r998.upper, row["upper99_8cl"])
    if r95.estimate is None:
        assert r95.reason


@pytest.mark.parametrize("row", read("testdata_Proportion__testdata_Prop_g.csv"))
def test_grouped_proportion_matches_phe(row):
    r = rates.proportion(x=num(row["Numerator"]), n=num(row["Denominator"]))
    assert close(r.estimate, row["value"])
    assert close(r.lower, row["lowercl"]) and close(r.upper, row["uppercl"])


def test_proportion_numerator_above_denominator_is_an_error():
    with pytest.raises(MethodInputError) as err:
        rates.proportion(x=11, n=10)
    assert err.value.value == 11


# --- rates (exact / Byars) --------------------------------------------------------------------


@pytest.mark.parametrize("row", read("testdata_Rate__testdata_Rate.csv"))
def test_rate_matches_phe(row):
    x, n, mult = num(row["Numerator"]), num(row["Denominator"]), float(row["multiplier"])
    r95 = rates.rate(x=x, n=n, multiplier=mult)
    r998 = rates.rate(x=x, n=n, multiplier=mult, confidence=0.998)
    assert close(r95.estimate, row["value"])
    assert close(r95.lower, row["lower95_0cl"]) and close(r95.upper, row["upper95_0cl"])
    assert close(r998.lower, row["lower99_8cl"]) and close(r998.upper, row["upper99_8cl"])
    if row["method"]:
        assert r95.method == row["method"]


@pytest.mark.parametrize("row", read("testdata_Rate__testdata_Rate_g.csv"))
def test_grouped_rate_matches_phe(row):
    r = rates.rate(x=num(row["Numerator"]), n=num(row["Denominator"]), multiplier=100_000)
    assert close(r.estimate, row["value"])
    assert close(r.lower, row["lowercl"]) and close(r.upper, row["uppercl"])


def test_rate_with_zero_denominator_has_a_reason_not_nan():
    r = rates.rate(x=3, n=0)
    assert r.estimate is None and r.reason == "The denominator is zero."


# --- means (t) --------------------------------------------------------------------------------


def test_mean_matches_phe():
    data = read("testdata_Mean__testdata_Mean.csv")
    expected = {row["area"]: row for row in read("testdata_Mean__testdata_Mean_results.csv")}
    groups = {"Area1": [], "Area2": []}
    for row in data:
        groups[row["area"]].append(float(row["values"]))
    groups["No grouping"] = groups["Area1"] + groups["Area2"]
    for area, values in groups.items():
        want = expected[area]
        r95 = rates.mean(values=values)
        r998 = rates.mean(values=values, confidence=0.998)
        assert close(r95.estimate, want["value"])
        assert close(r95.lower, want["lower95_0cl"]) and close(r95.upper, want["upper95_0cl"])
        assert close(r998.lower, want["lower99_8cl"]) and close(r998.upper, want["upper99_8cl"])


def test_mean_of_one_value_has_no_interval_and_says_why():
    r = rates.mean(values=[4.0])
    assert r.estimate == 4.0 and r.lower is None and "two values" in r.reason


# --- DSR (Dobson) -----------------------------------------------------------------------------


def area_rows(name: str, area: str) -> list[dict[str, str]]:
    return [row for row in read(name) if row["area"] == area]


def dsr_expected(area: str, statistic: str) -> dict[str, str]:
    rows = read("testdata_DSR_ISR__testresults_DSR.csv")
    return next(r for r in rows if r["area"] == area and r["statistic"].endswith(statistic))


@pytest.mark.parametrize("area", ["testdata_big", "testdata_small", "testdata_tiny"])
@pytest.mark.parametrize("multiplier", [10_000, 100_000])
def test_dsr_matches_phe_with_esp2013(area, multiplier):
    rows = area_rows("testdata_DSR_ISR__testdata_multiarea.csv", area)
    kwargs = {
        "counts": [num(r["count"]) for r in rows],
        "populations": [float(r["pop"]) for r in rows],
        "standard": standard_population("esp2013").weights,
        "multiplier": multiplier,
    }
    r95 = rates.dsr(**kwargs)
    r998 = rates.dsr(**kwargs, confidence=0.998)
    want = dsr_expected(area, f"per {multiplier}") if area != "testdata_tiny" else None
    if want is None:
        assert r95.estimate is None and "fewer than 10 events" in r95.reason
        return
    assert close(r95.estimate, want["value"])
    assert close(r95.lower, want["lower95_0cl"]) and close(r95.upper, want["upper95_0cl"])
    assert close(r998.lower, want["lower99_8cl"]) and close(r998.upper, want["upper99_8cl"])


def test_dsr_with_a_user_standard_esp1976_matches_phe():
    rows = read("testdata_DSR_ISR__testdata_1976.csv")
    r = rates.dsr(
        counts=[float(x["count"]) for x in rows],
        populations=[float(x["pop"]) for x in rows],
        standard=[float(x["esp1976"]) for x in rows],
        multiplier=10_000,
    )
    want = dsr_expected("testdata_1976", "per 10000")
    # PHE tests only the value and 95% limits of this row; its 99.8% columns are x10 off.
    assert close(r.estimate, want["value"])
    assert close(r.lower, want["lower95_0cl"]) and close(r.upper, want["upper95_0cl"])


@pytest.mark.parametrize(
    "area",
    [
        "testdata_nonind_big",
        "testdata_nonind_dummy",
        "testdata_nonind_small",
        "testdata_nonind_tiny",
    ],
)
def test_dsr_for_non_independent_events_matches_phe(area):
    rows = area_rows("testdata_DSR_ISR__testdata_nonindepe.csv", area)
    persons = {f: [num(r[f"f{f}"]) or 0.0 for r in rows] for f in (1, 2, 3, 4)}
    kwargs = {
        "counts": [float(r["count"]) for r in rows],
        "populations": [float(r["pop"]) for r in rows],
        "standard": standard_population("esp2013").weights,
        "persons_by_frequency": persons,
    }
    r95 = rates.dsr(**kwargs)
    r998 = rates.dsr(**kwargs, confidence=0.998)
    want = next(r for r in read("testdata_DSR_ISR__testresults_DSR.csv") if r["area"] == area)
    if not want["value"]:
        assert r95.estimate is None and r95.reason
        return
    # PHE stores these expected values rounded to 8 decimals.
    for got, key in [
        (r95.estimate, "value"),
        (r95.lower, "lower95_0cl"),
        (r95.upper, "upper95_0cl"),
        (r998.lower, "lower99_8cl"),
        (r998.upper, "upper99_8cl"),
    ]:
        assert got == pytest.approx(float(want[key]), abs=1e-8)


def test_dsr_rejects_a_zero_population_naming_the_band():
    with pytest.raises(MethodInputError) as err:
        rates.dsr(counts=[10, 5], populations=[100, 0], standard=[1, 1])
    assert err.value.field == "populations" and err.value.value == 0


def test_dsr_rejects_a_negative_count():
    with pytest.raises(MethodInputError) as err:
        rates.dsr(counts=[10, -5], populations=[100, 100], standard=[1, 1])
    assert err.value.value == -5


def test_dsr_rejects_a_standard_with_the_wrong_number_of_bands():
    with pytest.raises(MethodInputError, match="3 bands but the data has 2"):
        rates.dsr(counts=[10, 5], populations=[100, 100], standard=[1, 1, 1])


def test_dsr_orders_a_named_standard_by_band_and_rejects_mismatched_bands():
    esp = standard_population("esp2013")
    rows = area_rows("testdata_DSR_ISR__testdata_multiarea.csv", "testdata_big")
    counts = [float(r["count"]) for r in rows][::-1]
    pops = [float(r["pop"]) for r in rows][::-1]
    r = rates.dsr(counts=counts, populations=pops, standard=esp, bands=esp.bands[::-1])
    assert close(r.estimate, dsr_expected("testdata_big", "per 100000")["value"])
    with pytest.raises(StandardPopulationError) as err:
        rates.dsr(counts=counts, populations=pops, standard=esp, bands=["0-4"] * 19)
    assert "5-9" in err.value.value["missing"]


# --- ISR --------------------------------------------------------------------------------------


def isr_inputs(area: str, source: str = "testdata_DSR_ISR__testdata_multiarea.csv"):
    ref = read("testdata_DSR_ISR__refdata.csv")
    rows = [r for r in read(source) if r["area"] == area]
    return {
        "observed": [num(r["count"]) for r in rows],
        "populations": [float(r["pop"]) for r in rows],
        "ref_counts": [float(r["refcount"]) for r in ref],
        "ref_populations": [float(r["refpop"]) for r in ref],
    }


ISR = read("testdata_DSR_ISR__testresults_ISR.csv")


@pytest.mark.parametrize("row", ISR[:12], ids=lambda r: f"{r['area']}-{r['statistic']}")
def test_isr_matches_phe(row):
    inputs = isr_inputs(row["area"])
    mult = float(row["statistic"].rsplit(" ", 1)[1])
    fn = rates.isr_rate if "rate" in row["statistic"] else rates.isr_ratio
    r95 = fn(**inputs, multiplier=mult)
    r998 = fn(**inputs, multiplier=mult, confidence=0.998)
    assert close(r95.estimate, row["value"]) and r95.method == row["method"]
    assert close(r95.lower, row["lower95_0cl"]) and close(r95.upper, row["upper95_0cl"])
    assert close(r998.lower, row["lower99_8cl"]) and close(r998.upper, row["upper99_8cl"])


@pytest.mark.parametrize("row", ISR[12:], ids=lambda r: f"{r['area']}-{r['statistic']}")
def test_isr_with_a_zero_population_band_matches_phe(row):
    inputs = isr_inputs(row["area"], "testdata_DSR_ISR__testdata_err2.csv")
    mult = float(row["statistic"].rsplit(" ", 1)[1])
    fn = rates.isr_rate if "rate" in row["statistic"] else rates.isr_ratio
    r = fn(**inputs, multiplier=mult)
    assert close(r.estimate, row["value"])
    assert close(r.lower, row["lower95_0cl"]) and close(r.upper, row["upper95_0cl"])


# --- standard populations ---------------------------------------------------------------------


def test_shipped_standards_have_their_published_totals_and_sources():
    assert standard_population("esp2013").total == 100_000
    assert len(standard_population("esp2013").bands) == 19
    assert len(standard_population("esp2013_21").bands) == 21
    who = standard_population("who2000")
    assert who.total == 100_035 and len(who.bands) == 21 and "GPE" in who.source
    assert standard_population("who2000_seer").total == pytest.approx(100_000)


def test_unknown_standard_name_is_an_error():
    with pytest.raises(StandardPopulationError) as err:
        standard_population("esp1976")
    assert err.value.value == "esp1976"


def test_user_standard_population_loads_from_csv(tmp_path):
    path = tmp_path / "my.csv"
    path.write_text("# source: my city, 2020 census\nageband,population\n0-39,60\n40+,40\n")
    std = load_standard_population(path)
    assert std.bands == ("0-39", "40+") and std.weights == (60, 40)
    assert std.source == "source: my city, 2020 census" and std.name == "my"


@pytest.mark.parametrize(
    ("text", "field", "fragment"),
    [
        ("age,pop\n0-39,60\n", "columns", "missing ['ageband', 'population']"),
        ("ageband,population\n0-39,-60\n", "population", "'-60' on line 2"),
        ("ageband,population\n0-39,many\n", "population", "'many' on line 2"),
        ("ageband,population\n0-39,1\n0-39,2\n", "ageband", "appears twice"),
        ("ageband,population\n", "rows", "no rows"),
    ],
)
def test_bad_user_standard_population_is_a_clear_error(text, field, fragment):
    with pytest.raises(StandardPopulationError) as err:
        parse_standard_population(text, name="user")
    assert err.value.field == field and fragment in str(err.value)
