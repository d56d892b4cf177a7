"""WHO HEAT summary measures on small worked datasets.

Expected values are derived by hand from the definitions (Hosseinpoor et al., BMC Med Res
Methodol 2016;16:87, Table 2; Schlotheuber & Hosseinpoor, IJERPH 2022;19:3697, Table A1;
HEAT technical notes 2024) and, where a hand value is awkward, recomputed here with plain numpy
formulas written independently of the module (including an IRLS fit for the logistic SII).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from healthycity.equity.methods.errors import MethodInputError
from healthycity.equity.methods.heat import (
    MEASURES,
    Dimension,
    Subgroup,
    summary_measure,
    summary_measures,
)

# These tests match the English texts of reasons and errors (Korean: test_i18n.py).
pytestmark = pytest.mark.usefixtures("english")

Z = 1.959963984540054


def region(*, reference: str | None = None, favourable: bool = True, **kw) -> Dimension:
    """Four regions: y = 60, 70, 80, 90; populations 100..400 (p = .1 .. .4); μ = 80."""
    data = [("R1", 60, 2.0, 100), ("R2", 70, 1.5, 200), ("R3", 80, 1.0, 300), ("R4", 90, 1.2, 400)]
    subs = tuple(
        Subgroup(name=n, estimate=y, se=se, population=pop, reference=(n == reference))
        for n, y, se, pop in data
    )
    return Dimension(subgroups=subs, favourable=favourable, ordered=False, scale=100, **kw)


def wealth(*, estimates=(50, 55, 60, 70, 80), scale=100, favourable=True, pops=None) -> Dimension:
    """Five equal quintiles (p = .2 each, ranks .1 .3 .5 .7 .9); Q1 most disadvantaged."""
    pops = pops or [200] * len(estimates)
    subs = tuple(
        Subgroup(name=f"Q{i + 1}", estimate=y, se=2.0, population=n, order=i + 1)
        for i, (y, n) in enumerate(zip(estimates, pops, strict=True))
    )
    return Dimension(subgroups=subs, favourable=favourable, ordered=True, scale=scale)


def m(measure: str, data: Dimension):
    return summary_measure(measure, data=data)


# --- non-ordered dimension, favourable indicator ------------------------------------------------

HAND_REGION = {
    "d": 30.0,  # 90 − 60
    "r": 1.5,  # 90 / 60
    "bgv": 100.0,  # .1·20² + .2·10² + .3·0 + .4·10²
    "bgsd": 10.0,
    "cov": 12.5,  # 100 · 10 / 80
    "mdmu": 10.0,  # (20 + 10 + 0 + 10) / 4
    "mdmw": 8.0,  # .1·20 + .2·10 + .4·10
    "idisu": 12.5,  # 100 · 10 / 80
    "idisw": 10.0,  # 100 · 8 / 80
    "mdbu": 15.0,  # (30 + 20 + 10 + 0) / 4, best = 90
    "mdbw": 10.0,  # .1·30 + .2·20 + .3·10
    "par": 10.0,  # 90 − 80
    "paf": 12.5,  # 100 · 10 / 80
}


@pytest.mark.parametrize(("measure", "expected"), HAND_REGION.items())
def test_non_ordered_measures_match_hand_values(measure, expected):
    assert m(measure, region()).estimate == pytest.approx(expected, rel=1e-12)


def test_theil_and_mean_log_deviation_match_their_formulas_times_1000():
    y, p, mu = np.array([60, 70, 80, 90.0]), np.array([0.1, 0.2, 0.3, 0.4]), 80.0
    ti = 1000 * np.sum(p * (y / mu) * np.log(y / mu))
    mld = 1000 * np.sum(p * -np.log(y / mu))
    assert m("ti", region()).estimate == pytest.approx(ti, rel=1e-12)
    assert m("mld", region()).estimate == pytest.approx(mld, rel=1e-12)


def test_reference_subgroup_measures():
    data = region(reference="R2")  # y_ref = 70
    assert m("mdru", data).estimate == pytest.approx(10.0)  # (10 + 0 + 10 + 20) / 4
    assert m("mdrw", data).estimate == pytest.approx(12.0)  # .1·10 + .3·10 + .4·20
    assert m("d", data).estimate == pytest.approx(10.0)  # reference 70 − worst other 60
    assert m("r", data).estimate == pytest.approx(70 / 60)


def test_reference_measures_need_a_reference():
    result = m("mdru", region())
    assert result.estimate is None and result.reason == "MDRU needs a reference subgroup."


def test_adverse_indicator_uses_the_lowest_estimate_as_best():
    data = region(favourable=False)
    assert m("mdbu", data).estimate == pytest.approx(15.0)  # (0 + 10 + 20 + 30) / 4, best = 60
    assert m("mdbw", data).estimate == pytest.approx(20.0)  # .2·10 + .3·20 + .4·30
    assert m("par", data).estimate == pytest.approx(-20.0)  # 60 − 80
    assert m("paf", data).estimate == pytest.approx(-25.0)
    assert m("d", data).estimate == pytest.approx(30.0)  # highest − lowest


def test_supplied_setting_average_replaces_the_weighted_mean():
    data = region(setting_average=75.0)
    assert m("par", data).estimate == pytest.approx(15.0)
    assert m("bgv", data).estimate == pytest.approx(0.1 * 225 + 0.2 * 25 + 0.3 * 25 + 0.4 * 225)
    assert m("idisu", data).estimate == pytest.approx(100 * (15 + 5 + 5 + 15) / 4 / 75)


# --- analytic intervals ---------------------------------------------------------------------------


def test_difference_interval_is_the_normal_one():
    result = m("d", region())
    half = Z * math.sqrt(2.0**2 + 1.2**2)
    assert (result.lower, result.upper) == pytest.approx((30 - half, 30 + half))


def test_ratio_interval_is_symmetric_on_the_log_scale():
    result = m("r", region())
    se_log = math.sqrt((1.2 / 90) ** 2 + (2.0 / 60) ** 2)
    assert result.lower == pytest.approx(1.5 * math.exp(-Z * se_log))
    assert result.upper == pytest.approx(1.5 * math.exp(Z * se_log))


def test_bgv_and_mld_intervals_match_hosseinpoor_table_2():
    y, p, se, mu = np.array([60, 70, 80, 90.0]), np.array([0.1, 0.2, 0.3, 0.4]), None, 80.0
    se = np.array([2.0, 1.5, 1.0, 1.2])
    bgv_se = math.sqrt(np.sum(4 * p**2 * (y - mu) ** 2 * se**2))
    mld_se = 1000 * math.sqrt(np.sum(p**2 * (1 / mu - 1 / y) ** 2 * se**2))
    assert m("bgv", region()).se == pytest.approx(bgv_se, rel=1e-12)
    assert m("mld", region()).se == pytest.approx(mld_se, rel=1e-12)


def test_par_interval_accounts_for_the_reference_in_the_mean():
    # PAR = y4 − Σpⱼyⱼ = .6·y4 − .1y1 − .2y2 − .3y3
    se = math.sqrt((0.6 * 1.2) ** 2 + (0.1 * 2) ** 2 + (0.2 * 1.5) ** 2 + (0.3 * 1.0) ** 2)
    assert m("par", region()).se == pytest.approx(se)


def test_simulated_intervals_are_seeded_and_contain_the_estimate():
    first = summary_measure("bgsd", data=region(), seed=7)
    again = summary_measure("bgsd", data=region(), seed=7)
    other = summary_measure("bgsd", data=region(), seed=8)
    assert first == again and first != other
    for name in ("bgsd", "cov", "idisu", "idisw", "mdbu", "mdbw", "mdmu", "mdmw"):
        result = m(name, region())
        assert result.lower < result.estimate < result.upper, name


# --- ordered dimension ----------------------------------------------------------------------------


def test_ordered_measures_match_hand_values():
    data = wealth()  # μ = 63
    assert m("d", data).estimate == pytest.approx(30.0)  # Q5 − Q1
    assert m("r", data).estimate == pytest.approx(1.6)
    # ACI = 2Σpⱼyⱼ(Rⱼ − ½) = .4·(−.4·50 − .2·55 + .2·70 + .4·80) = 6
    assert m("aci", data).estimate == pytest.approx(6.0)
    assert m("rci", data).estimate == pytest.approx(6.0 / 63)  # a fraction, not × 100
    assert m("par", data).estimate == pytest.approx(17.0)  # most advantaged Q5 − μ
    assert m("paf", data).estimate == pytest.approx(100 * 17 / 63)
    aci_se = math.sqrt(sum((2 * 0.2 * (r - 0.5) * 2.0) ** 2 for r in (0.1, 0.3, 0.5, 0.7, 0.9)))
    assert m("aci", data).se == pytest.approx(aci_se)


def test_ordered_dimension_is_read_in_subgroup_order_not_file_order():
    data = wealth()
    shuffled = Dimension(
        subgroups=tuple(reversed(data.subgroups)), favourable=True, ordered=True, scale=100
    )
    for name in ("d", "r", "aci", "rci", "sii", "rii", "par"):
        assert m(name, shuffled).estimate == pytest.approx(m(name, data).estimate, rel=1e-12)


def irls_logistic(x, successes, trials, prior):
    """Plain IRLS for a binomial logit GLM with prior weights (independent of statsmodels)."""
    beta = np.zeros(2)
    design = np.column_stack([np.ones_like(x), x])
    y = successes / trials
    for _ in range(100):
        eta = design @ beta
        mu = 1 / (1 + np.exp(-eta))
        w = prior * trials * mu * (1 - mu)
        z = eta + (y - mu) / (mu * (1 - mu))
        beta = np.linalg.solve(design.T @ (w[:, None] * design), design.T @ (w * z))
    return beta


def test_sii_and_rii_for_a_prevalence_use_a_logistic_model_weighted_by_population_squared():
    pops = [150, 250, 200, 300, 100]
    estimates = [42.4, 55.1, 61.9, 70.3, 81.6]
    data = wealth(estimates=estimates, pops=pops)
    n = np.array(pops, float)
    p = n / n.sum()
    rank = np.cumsum(p) - p / 2
    successes = np.round(np.array(estimates) / 100 * n)
    b0, b1 = irls_logistic(rank, successes, n, prior=n)
    top, bottom = 100 / (1 + np.exp(-(b0 + b1))), 100 / (1 + np.exp(-b0))
    assert m("sii", data).estimate == pytest.approx(top - bottom, rel=1e-6)
    assert m("rii", data).estimate == pytest.approx(top / bottom, rel=1e-6)
    assert m("sii", data).lower < top - bottom < m("sii", data).upper


def test_sii_and_rii_for_a_rate_use_population_weighted_least_squares():
    estimates, pops = [80, 65, 50, 40, 30], [300, 250, 200, 150, 100]
    data = wealth(estimates=estimates, pops=pops, scale=1000, favourable=False)
    y, w = np.array(estimates, float), np.array(pops, float)
    p = w / w.sum()
    x = np.cumsum(p) - p / 2
    xb, yb = np.sum(w * x) / w.sum(), np.sum(w * y) / w.sum()
    slope = np.sum(w * (x - xb) * (y - yb)) / np.sum(w * (x - xb) ** 2)
    intercept = yb - slope * xb
    assert m("sii", data).estimate == pytest.approx(slope, rel=1e-9)
    assert m("rii", data).estimate == pytest.approx((intercept + slope) / intercept, rel=1e-9)


# --- applicability and bad inputs ---------------------------------------------------------------


def test_each_measure_applies_only_where_heat_defines_it():
    ordered = summary_measures(data=wealth())
    unordered = summary_measures(data=region(reference="R3"))
    for name in ("aci", "rci", "sii", "rii"):
        assert ordered[name].estimate is not None
        assert unordered[name].reason == f"{name.upper()} applies only to ordered dimensions."
    for name in ("bgv", "bgsd", "cov", "idisu", "idisw", "mdbu", "mdbw", "mdmu", "mdmw", "ti"):
        assert unordered[name].estimate is not None
        assert "only to non-ordered" in ordered[name].reason
    assert unordered["mdru"].estimate is not None and unordered["mld"].estimate is not None
    for name in ("d", "r", "paf", "par"):
        assert ordered[name].estimate is not None and unordered[name].estimate is not None


def test_single_subgroup_gives_reasons_for_every_measure():
    data = Dimension(
        subgroups=(Subgroup(name="All", estimate=50, se=1, population=10),),
        favourable=True,
        ordered=False,
    )
    for result in summary_measures(data=data).values():
        assert result.estimate is None and "at least two subgroups" in result.reason


def test_missing_standard_error_gives_an_estimate_without_interval():
    subs = list(region().subgroups)
    subs[1] = Subgroup(name="R2", estimate=70, population=200)
    data = Dimension(subgroups=tuple(subs), favourable=True, ordered=False)
    for name in ("d", "bgv", "bgsd", "mdmw"):
        result = m(name, data)
        assert result.estimate is not None and result.lower is None and result.upper is None
        assert "R2 have no standard error" in result.reason


def test_missing_or_zero_populations_give_reasons():
    no_pop = Dimension(
        subgroups=(Subgroup(name="a", estimate=1, se=0.1), Subgroup(name="b", estimate=2, se=0.1)),
        favourable=True,
        ordered=False,
    )
    assert m("d", no_pop).estimate == 1
    assert m("bgv", no_pop).reason == "BGV needs the population of every subgroup."
    zero = Dimension(
        subgroups=(
            Subgroup(name="a", estimate=1, population=0),
            Subgroup(name="b", estimate=2, population=0),
        ),
        favourable=True,
        ordered=False,
    )
    assert m("mdmw", zero).reason == "The subgroup populations sum to zero."


def test_estimates_outside_the_scale_give_a_reason_for_sii():
    result = m("sii", wealth(estimates=(50, 60, 70, 90, 120)))
    assert result.estimate is None and "outside the scale 0–100" in result.reason


def test_zero_estimates_give_reasons_not_nan():
    data = Dimension(
        subgroups=(
            Subgroup(name="a", estimate=0, se=0.1, population=5),
            Subgroup(name="b", estimate=2, se=0.1, population=5),
        ),
        favourable=False,
        ordered=False,
    )
    assert m("r", data).reason == "R is undefined: the comparison subgroup's estimate is zero."
    assert m("mld", data).reason == "MLD needs every subgroup estimate to be above zero."
    for result in summary_measures(data=data).values():
        for number in (result.estimate, result.se, result.lower, result.upper):
            assert number is None or math.isfinite(number)


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: Subgroup(name="a", estimate=float("nan")), "estimate"),
        (lambda: Subgroup(name="a", estimate=1, se=-1), "se"),
        (lambda: Subgroup(name="a", estimate=1, population=-5), "population"),
        (
            lambda: Dimension(
                subgroups=(Subgroup(name="a", estimate=1, order=1), Subgroup("b", 2, order=1)),
                favourable=True,
                ordered=True,
            ),
            "subgroup_order",
        ),
        (
            lambda: Dimension(
                subgroups=(Subgroup("a", 1, reference=True), Subgroup("b", 2, reference=True)),
                favourable=True,
                ordered=False,
            ),
            "reference_subgroup",
        ),
        (
            lambda: Dimension(
                subgroups=(Subgroup("a", 1, order=1), Subgroup("b", 2)),
                favourable=True,
                ordered=True,
            ),
            "subgroup_order",
        ),
        (lambda: Dimension(subgroups=(), favourable=True, ordered=False, scale=0), "scale"),
        (lambda: summary_measure("gini", data=region()), "measure"),
    ],
)
def test_invalid_inputs_raise_typed_errors_naming_the_field(build, field):
    with pytest.raises(MethodInputError) as err:
        build()
    assert err.value.field == field


# --- properties -----------------------------------------------------------------------------------

estimates = st.floats(min_value=0.5, max_value=99.5, allow_nan=False)
populations = st.floats(min_value=1, max_value=1e6, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(
    value=st.integers(min_value=1, max_value=99),
    pops=st.lists(st.integers(min_value=1, max_value=10_000).map(lambda k: 100 * k), min_size=2),
)
def test_equal_subgroups_show_no_inequality(value, pops):
    # Whole percentages of multiples of 100 people, so that HEAT's rounding of the logistic
    # model's success counts (round(y/scale·n)) leaves the subgroups exactly equal.
    subs = tuple(
        Subgroup(name=str(i), estimate=value, se=1.0, population=n, order=i + 1)
        for i, n in enumerate(pops)
    )
    unordered = summary_measures(
        data=Dimension(subgroups=subs, favourable=True, ordered=False), simulations=200
    )
    ordered = summary_measures(
        data=Dimension(subgroups=subs, favourable=True, ordered=True), simulations=200
    )
    assert unordered["d"].estimate == 0 and unordered["r"].estimate == 1
    for name in ("bgv", "bgsd", "mdbu", "mdmw", "par"):
        assert unordered[name].estimate == pytest.approx(0, abs=1e-9)
    for name in ("ti", "mld", "cov", "idisu", "idisw", "paf"):
        assert unordered[name].estimate == pytest.approx(0, abs=1e-6)
    assert ordered["aci"].estimate == pytest.approx(0, abs=1e-7)
    assert ordered["sii"].estimate == pytest.approx(0, abs=1e-6)
    assert ordered["rii"].estimate == pytest.approx(1, abs=1e-6)


@settings(max_examples=80, deadline=None)
@given(rows=st.lists(st.tuples(estimates, populations), min_size=2, max_size=8))
def test_dispersion_measures_are_never_negative_and_consistent(rows):
    subs = tuple(
        Subgroup(name=str(i), estimate=y, se=1.0, population=n) for i, (y, n) in enumerate(rows)
    )
    res = summary_measures(
        data=Dimension(subgroups=subs, favourable=True, ordered=False), simulations=50
    )
    assert res["bgv"].estimate >= 0 and res["ti"].estimate >= -1e-9
    assert res["mld"].estimate >= -1e-9
    assert res["bgsd"].estimate ** 2 == pytest.approx(res["bgv"].estimate, rel=1e-9, abs=1e-12)
    mu = sum(y * n for y, n in rows) / sum(n for _, n in rows)
    assert res["idisw"].estimate == pytest.approx(100 * res["mdmw"].estimate / mu, rel=1e-9)
    assert res["cov"].estimate == pytest.approx(100 * res["bgsd"].estimate / mu, rel=1e-9)
    assert res["paf"].estimate >= -1e-9  # PAR uses the best subgroup: never negative if favourable


def test_measure_names_are_heats():
    assert set(MEASURES) == {
        "d", "r", "aci", "rci", "sii", "rii", "paf", "par", "bgv", "bgsd", "cov", "idisu",
        "idisw", "mdbu", "mdbw", "mdmu", "mdmw", "mdru", "mdrw", "ti", "mld",
    }  # fmt: skip


# --- one draw matrix, one fit -----------------------------------------------------------------


def test_simulated_intervals_share_one_seeded_draw_matrix():
    # Computing every measure together (one draw matrix) gives exactly what each measure gives
    # on its own with the same seed, run after run.
    together = summary_measures(data=region(reference="R1"), simulations=2000)
    again = summary_measures(data=region(reference="R1"), simulations=2000)
    for name in ("bgsd", "cov", "idisu", "idisw", "mdbu", "mdbw", "mdmu", "mdmw", "mdru", "mdrw"):
        alone = summary_measure(name, data=region(reference="R1"), simulations=2000)
        assert (together[name].lower, together[name].upper) == (alone.lower, alone.upper)
        assert together[name] == again[name]
        assert together[name].lower < together[name].estimate < together[name].upper


def test_logistic_sii_with_two_subgroups_is_the_exact_fit():
    # Two subgroups: the logistic model passes through both points, so SII/RII follow from the
    # logits at the two rank midpoints (a GLM stopped early would not).
    y, n = np.array([12.3, 71.0]), np.array([300.0, 1700.0])
    subs = tuple(
        Subgroup(name=str(i), estimate=float(y[i]), se=1.0, population=float(n[i]), order=i + 1)
        for i in range(2)
    )
    res = summary_measures(
        data=Dimension(subgroups=subs, favourable=True, ordered=True), measures=("sii", "rii")
    )
    p = np.round(y / 100 * n) / n
    share = n / n.sum()
    rank = np.cumsum(share) - share / 2
    logit = np.log(p / (1 - p))
    b1 = (logit[1] - logit[0]) / (rank[1] - rank[0])
    b0 = logit[0] - b1 * rank[0]
    top, bottom = 1 / (1 + math.exp(-(b0 + b1))), 1 / (1 + math.exp(-b0))
    assert res["sii"].estimate == pytest.approx(100 * (top - bottom), rel=1e-9)
    assert res["rii"].estimate == pytest.approx(top / bottom, rel=1e-9)
    assert "no residual degrees of freedom" in res["sii"].reason


@pytest.mark.parametrize("n", [1, 2, 7, 101, 10_000])
def test_percentiles_are_numpys_quantiles(n):
    from healthycity.equity.methods.heat import percentiles

    values = np.random.default_rng(n).normal(size=(4, n))
    for probs in ([0.025, 0.975], [0.975, 0.025], [0.0, 1.0], [0.5], [0.3]):
        assert np.array_equal(percentiles(values, probs), np.quantile(values, probs, axis=1))


def test_draws_of_fewer_subgroups_are_the_first_rows_of_the_same_seeded_matrix():
    from healthycity.equity.methods.heat import Normals

    normals = Normals()
    two = normals.get(seed=3, simulations=500, k=2).copy()
    five = normals.get(seed=3, simulations=500, k=5)
    assert np.array_equal(five[:2], two)
    assert np.array_equal(five, np.random.default_rng(3).standard_normal((5, 500)))
    assert np.array_equal(Normals().get(seed=3, simulations=500, k=2), two)


def test_logistic_sii_agrees_with_statsmodels_glm_as_rs_glm_would_fit_it():
    """R's glm(cbind(y, n − y) ~ rank, family = quasibinomial, weights = n) — what healthequal
    fits — is statsmodels' GLM(Binomial) of (successes, failures) with var_weights = n."""
    import statsmodels.api as sm

    pops = [1200, 800, 2500, 900, 400, 3000]
    estimates = [12.5, 18.2, 22.9, 27.4, 31.0, 35.8]
    data = wealth(estimates=estimates, pops=pops)
    n = np.array(pops, float)
    p = n / n.sum()
    rank = np.cumsum(p) - p / 2
    successes = np.round(np.array(estimates) / 100 * n)
    fit = sm.GLM(
        np.column_stack([successes, n - successes]),
        sm.add_constant(rank),
        family=sm.families.Binomial(),
        var_weights=n,
    ).fit(tol=1e-14)
    top, bottom = 100 * fit.predict([[1.0, 1.0], [1.0, 0.0]])
    assert m("sii", data).estimate == pytest.approx(top - bottom, rel=1e-9)
    assert m("rii", data).estimate == pytest.approx(top / bottom, rel=1e-9)
