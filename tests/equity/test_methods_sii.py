"""PHE slope and relative index of inequality against PHEindicatormethods v2.1.0's test data.

Source: PHEindicatormethods v2.1.0 (UKHSA, GPL-3), tests/testthat/testdata_SII.xlsx, copied to
tests/equity/fixtures/phe/testdata_SII__testdata_SII.csv. Point estimates reproduce to ~1e-13.
The published limits come from an unseeded R Monte-Carlo simulation, so only their distribution
can be reproduced: like PHE's own tests we accept 5% relative (observed: within 1%).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from healthycity.equity.methods.errors import MethodInputError
from healthycity.equity.methods.sii import ValueType, phe_sii

# These tests match the English texts of reasons and errors (Korean: test_i18n.py).
pytestmark = pytest.mark.usefixtures("english")

SII_CSV = Path(__file__).parent / "fixtures" / "phe" / "testdata_SII__testdata_SII.csv"
SIM_TOL = 0.05  # PHE's testthat tolerance for the simulated limits
with SII_CSV.open(newline="", encoding="utf-8") as fh:
    ROWS = {int(r["RecordNo"]): r for r in csv.DictReader(fh)}

# (first record, quantiles, value_type, transform, multiplier, confidence, ci suffix)
CASES = [
    (1, 10, 0, False, 1, 0.95, "1"),
    (11, 10, 0, False, 1, 0.95, "1"),
    (21, 10, 0, False, 1, 0.99, "1"),
    (31, 10, 0, False, 1, 0.99, "1"),
    (41, 10, 0, False, 1, 0.95, "1"),
    (51, 10, 0, False, 1, 0.95, "1"),
    (61, 5, 0, False, 1, 0.95, None),
    (66, 5, 0, False, 1, 0.95, None),
    (71, 10, 1, False, 1, 0.95, "1"),
    (81, 10, 1, False, 1, 0.95, "1"),
    (91, 10, 2, False, 1, 0.95, "1"),
    (101, 10, 2, False, 1, 0.95, "1"),
    (111, 10, 2, False, 100, 0.95, "1"),
    (121, 10, 2, False, 100, 0.95, "1"),
    (131, 10, 2, False, -100, 0.95, "1"),
    (141, 10, 2, False, -100, 0.95, "1"),
    (226, 10, 0, False, 1, 0.99, "2"),
    (236, 10, 0, False, 1, 0.99, "2"),
    (246, 10, 0, False, 1, 0.95, "1"),
    (266, 10, 1, False, 1, 0.95, "1"),
    (286, 10, 2, False, 1, 0.95, "1"),
    (306, 10, 1, True, 1, 0.95, "1"),
    (316, 10, 1, True, 1, 0.95, "1"),
    (326, 10, 2, True, 1, 0.95, "1"),
    (336, 10, 2, True, 1, 0.95, "1"),
    (346, 10, 2, True, -1, 0.95, "1"),
    (356, 10, 2, True, -1, 0.95, "1"),
    (366, 10, 1, True, 1, 0.98, "2"),
    (386, 10, 1, True, -1, 0.95, "1"),
    (396, 10, 1, True, -1, 0.95, "1"),
    (406, 10, 1, True, 1, 0.98, "1"),
    (416, 10, 1, True, 1, 0.98, "1"),
    (466, 10, 2, True, 1, 0.98, "1"),
    (486, 10, 2, True, 1, 0.98, "2"),
]


def group(first: int, size: int) -> list[dict[str, str]]:
    return [ROWS[i] for i in range(first, first + size)]


def run(first: int, size: int, value_type: int, transform: bool, multiplier: float, conf: float):
    rows = group(first, size)
    return phe_sii(
        population=[float(r["Population"]) for r in rows],
        value=[float(r["Value"]) for r in rows],
        lower_cl=[float(r["LowerCL"]) for r in rows],
        upper_cl=[float(r["UpperCL"]) for r in rows],
        value_type=value_type,
        transform=transform,
        multiplier=multiplier,
        confidence=conf,
    )


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"record{c[0]}")
def test_phe_sii_point_estimates_reproduce_exactly(case):
    first, size, vt, transform, mult, conf, _ = case
    result = run(first, size, vt, transform, mult, conf)
    want = ROWS[first]
    assert result.sii.estimate == pytest.approx(float(want["sii"]), rel=1e-12)
    assert result.rii.estimate == pytest.approx(float(want["rii"]), rel=1e-12)
    if want["Intercept"]:
        assert result.intercept == pytest.approx(float(want["Intercept"]), rel=1e-12)


@pytest.mark.parametrize("case", [c for c in CASES if c[6]], ids=lambda c: f"record{c[0]}")
def test_phe_sii_simulated_limits_within_phe_tolerance(case):
    first, size, vt, transform, mult, conf, suffix = case
    result = run(first, size, vt, transform, mult, conf)
    want = ROWS[first]
    for got, key in [
        (result.sii.lower, f"sii_lowercl_{suffix}"),
        (result.sii.upper, f"sii_uppercl_{suffix}"),
        (result.rii.lower, f"rii_lowercl_{suffix}"),
        (result.rii.upper, f"rii_uppercl_{suffix}"),
    ]:
        assert got == pytest.approx(float(want[key]), rel=SIM_TOL), key


def test_phe_sii_is_deterministic_for_a_seed():
    one = run(1, 10, 0, False, 1, 0.95)
    two = run(1, 10, 0, False, 1, 0.95)
    assert one == two


def test_phe_sii_without_standard_errors_gives_points_and_a_reason():
    rows = group(1, 10)
    result = phe_sii(
        population=[float(r["Population"]) for r in rows], value=[float(r["Value"]) for r in rows]
    )
    assert result.sii.estimate == pytest.approx(float(ROWS[1]["sii"]), rel=1e-12)
    assert result.sii.lower is None and "no interval" in result.sii.reason


def test_phe_sii_accepts_standard_errors_directly():
    rows = group(1, 10)
    result = phe_sii(
        population=[float(r["Population"]) for r in rows],
        value=[float(r["Value"]) for r in rows],
        se=[float(r["StandardError"]) for r in rows],
    )
    assert result.sii.lower == pytest.approx(float(ROWS[1]["sii_lowercl_1"]), rel=SIM_TOL)


def inputs(first: int) -> dict:
    rows = group(first, 10)
    return {
        "population": [float(r["Population"] or "nan") for r in rows],
        "value": [float(r["Value"] or "nan") for r in rows],
        "lower_cl": [float(r["LowerCL"] or "nan") for r in rows],
        "upper_cl": [float(r["UpperCL"] or "nan") for r in rows],
    }


def test_phe_sii_rejects_a_negative_population():
    with pytest.raises(MethodInputError) as err:
        phe_sii(**inputs(151))
    assert err.value.field == "population" and err.value.value == -200


def test_phe_sii_rejects_a_negative_standard_error():
    rows = group(161, 10)
    with pytest.raises(MethodInputError) as err:
        phe_sii(
            population=[float(r["Population"]) for r in rows],
            value=[float(r["Value"]) for r in rows],
            se=[float(r["StandardError"]) for r in rows],
        )
    assert err.value.field == "se"


def test_phe_sii_rejects_proportion_limits_outside_zero_and_one():
    with pytest.raises(MethodInputError, match="strictly between 0 and 1"):
        phe_sii(**inputs(171), value_type=ValueType.PROPORTION)


def test_phe_sii_rejects_missing_values_and_limits():
    with pytest.raises(MethodInputError, match="value is missing for quantile 1"):
        phe_sii(**inputs(181))
    with pytest.raises(MethodInputError, match="Confidence limits must be finite"):
        phe_sii(**inputs(191))
    with pytest.raises(MethodInputError, match="population is missing for quantile 5"):
        phe_sii(**inputs(201))
