"""Difference in differences (DiD) on a two-period panel, with a cluster-robust 95 % interval.

One row per person with a value before and after; `treated` marks the group exposed to the
change. The estimate is the coefficient of treated × post in the OLS regression
y = β₀ + β₁·treated + β₂·post + β₃·treated·post, with standard errors clustered by person
(Bertrand, Duflo & Mullainathan 2004, QJE 119:249–275; Angrist & Pischke 2009, *Mostly Harmless
Econometrics*, ch. 5). With two periods per person it equals the difference of the groups' mean
changes (Card & Krueger 1994, AER 84:772–793, table 3). Used by aid outcomes and by the
evaluation of a change of mission rules (docs/methods.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Z95 = 1.959963984540054


@dataclass
class Panel:
    """One row per person with a baseline and a follow-up value."""

    treated: np.ndarray
    before: np.ndarray
    after: np.ndarray

    def subset(self, mask: np.ndarray) -> Panel:
        return Panel(self.treated[mask], self.before[mask], self.after[mask])


def did(panel: Panel) -> dict:
    """DiD estimate with cluster-robust (by person) 95% interval; see the module docstring.
    Keys: n_treated, n_control, treated_before/after, control_before/after (means), did,
    ci_low, ci_high, p_value (None where a group has fewer than two people)."""
    import statsmodels.api as sm

    n_t = int(panel.treated.sum())
    n_c = int(len(panel.treated) - n_t)
    result = {
        "n_treated": n_t,
        "n_control": n_c,
        "treated_before": _mean(panel.before[panel.treated == 1]),
        "treated_after": _mean(panel.after[panel.treated == 1]),
        "control_before": _mean(panel.before[panel.treated == 0]),
        "control_after": _mean(panel.after[panel.treated == 0]),
        "did": None,
        "ci_low": None,
        "ci_high": None,
        "p_value": None,
    }
    if n_t < 2 or n_c < 2:
        return result
    n = len(panel.treated)
    treated = np.concatenate([panel.treated, panel.treated]).astype(float)
    post = np.concatenate([np.zeros(n), np.ones(n)])
    y = np.concatenate([panel.before, panel.after]).astype(float)
    design = np.column_stack([np.ones(2 * n), treated, post, treated * post])
    groups = np.concatenate([np.arange(n), np.arange(n)])
    fit = sm.OLS(y, design).fit(cov_type="cluster", cov_kwds={"groups": groups})
    estimate, se = float(fit.params[3]), float(fit.bse[3])
    result.update(
        did=estimate,
        ci_low=estimate - Z95 * se,
        ci_high=estimate + Z95 * se,
        p_value=float(fit.pvalues[3]),
    )
    return result


def _mean(values: np.ndarray) -> float | None:
    return float(values.mean()) if len(values) else None
