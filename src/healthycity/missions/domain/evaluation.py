"""Evaluating a change of a mission's rules: did participants walk more after it than before,
compared with citizens outside the mission, overall and by subgroup (docs/methods.md,
"Evaluating a change of mission rules").

Windows: the `weeks` weeks before the change and the same length from the change on (only days
that have ended). Participants: citizens who took part in the mission on every day of both
windows. Comparison: citizens who did not take part at any time in them. Both: an active
statistics consent, and steps on at least `min_days` days of each window (the day's count is the
largest unflagged count of its devices; health.analytics.steps_in_period). Per person the mean
daily steps of each window; per group:

- the participants' mean change (after − before) with a Student's t 95 % interval
  (equity.methods.rates.mean, tested against PHE's phe_mean);
- the same for the comparison group;
- the difference in differences with a cluster-robust 95 % interval (equity.methods.did).

Groups with fewer than SMALL_CELL_K participants or comparison citizens, and the complementary
groups that would reveal them, are suppressed (core.privacy). A before–after comparison
cannot separate the rule change from anything else that changed at the same time (season,
weather, campaigns); the comparison group takes out what changed for everyone, under the
assumption that both groups would otherwise have moved alike (parallel trends).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from healthycity.citizens.enums import ConsentPurpose, IncomeBand, Sex
from healthycity.citizens.queries import consented_citizens
from healthycity.core.privacy import suppress_rows
from healthycity.equity.methods.did import Panel, did
from healthycity.equity.methods.rates import mean
from healthycity.health.analytics import steps_in_period
from healthycity.missions.analytics import cohort, ever_in
from healthycity.missions.errors import MissionError
from healthycity.missions.models import MissionTerms

GROUPINGS = ("all", "district", "income_band", "age_band", "sex")
AGE_BANDS = ((0, 50, "<50"), (50, 65, "50–64"), (65, 75, "65–74"), (75, 200, "75+"))
ESTIMATES = (
    "before", "after", "change", "change_low", "change_high", "comparison_before",
    "comparison_after", "comparison_change", "comparison_low", "comparison_high", "did",
    "did_low", "did_high", "p_value",
)  # fmt: skip


@dataclass
class Evaluation:
    terms: MissionTerms
    previous: MissionTerms | None
    before: tuple[dt.date, dt.date]
    after: tuple[dt.date, dt.date]
    min_days: int
    rows: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "mission": str(self.terms.mission.external_id),
            "rules": str(self.terms.external_id),
            "change": self.terms.effective_from.isoformat(),
            "before": [d.isoformat() for d in self.before],
            "after": [d.isoformat() for d in self.after],
            "min_days": self.min_days,
            "method": METHOD,
            "rows": self.rows,
        }


METHOD = (
    "mean daily steps per person in each window; participants' and comparison citizens' mean "
    "change with Student's t 95% CI; difference in differences (OLS, cluster-robust SE by "
    "person, 95% CI); groups under SMALL_CELL_K suppressed"
)


def evaluate_change(
    *, terms: MissionTerms, weeks: int = 8, min_days: int = 7, today: dt.date | None = None
) -> Evaluation:
    """Reads only. Raises MissionError for the first rules (nothing to compare) or a change
    whose first day has not ended yet."""
    today = today or timezone.localdate()
    previous = (
        MissionTerms.objects.filter(mission=terms.mission, effective_from__lt=terms.effective_from)
        .order_by("-effective_from")
        .first()
    )
    if previous is None:
        raise MissionError(
            gettext_noop("These are the mission's first rules: there is no change to evaluate.")
        )
    if not 1 <= weeks <= 52:
        raise MissionError(gettext_noop("The windows must be 1 to 52 weeks long."))
    change = terms.effective_from
    before = (
        max(change - dt.timedelta(weeks=weeks), terms.mission.starts_on),
        change - dt.timedelta(days=1),
    )
    after = (change, min(change + dt.timedelta(weeks=weeks, days=-1), today - dt.timedelta(days=1)))
    if after[1] < after[0] or before[1] < before[0]:
        raise MissionError(gettext_noop("There are no whole days on both sides of the change yet."))
    need_before = min(min_days, (before[1] - before[0]).days + 1)
    need_after = min(min_days, max(1, ((after[1] - after[0]).days + 1) // 2))
    evaluation = Evaluation(
        terms=terms, previous=previous, before=before, after=after, min_days=min_days
    )
    ids, panel, attrs = _panel(terms.mission, before, after, need_before, need_after, change)
    evaluation.rows = _rows(ids, panel, attrs)
    return evaluation


def _panel(mission, before, after, need_before, need_after, change):
    people = {
        pk: (district, band, change.year - born, sex)
        for pk, district, band, born, sex in consented_citizens(
            ConsentPurpose.STATISTICS
        ).values_list("pk", "district__code", "income_band", "birth_year", "sex")
    }
    stayed = cohort(mission, start=before[0], end=after[1])
    touched = ever_in(mission, start=before[0], end=after[1])
    b = _means(steps_in_period(start=before[0], end=before[1]), need_before)
    a = _means(steps_in_period(start=after[0], end=after[1]), need_after)
    ids = [pk for pk in sorted(set(b) & set(a) & set(people)) if pk in stayed or pk not in touched]
    panel = Panel(
        treated=np.array([1 if pk in stayed else 0 for pk in ids], dtype=int),
        before=np.array([b[pk] for pk in ids], dtype=float),
        after=np.array([a[pk] for pk in ids], dtype=float),
    )
    return ids, panel, [people[pk] for pk in ids]


def _means(table, need: int) -> dict[int, float]:
    ids = table.column("citizen_id").to_pylist()
    means = table.column("steps_mean").to_pylist()
    days = table.column("steps_days").to_pylist()
    return {i: m for i, m, d in zip(ids, means, days, strict=True) if d >= need}


def _age_band(age: int) -> str:
    return next(label for lo, hi, label in AGE_BANDS if lo <= age < hi)


def _groups(attrs) -> dict[str, np.ndarray]:
    return {
        "district": np.array([a[0] for a in attrs], dtype=object),
        "income_band": np.array([a[1] for a in attrs], dtype=object),
        "age_band": np.array([_age_band(a[2]) for a in attrs], dtype=object),
        "sex": np.array([a[3] for a in attrs], dtype=object),
    }


def _rows(ids, panel: Panel, attrs) -> list[dict]:
    rows = [_row("all", "all", panel)]
    groups = _groups(attrs)
    orders = {
        "income_band": list(IncomeBand.values),
        "sex": list(Sex.values),
        "age_band": [label for _lo, _hi, label in AGE_BANDS],
    }
    for grouping in GROUPINGS[1:]:
        values = groups[grouping]
        present = set(values.tolist())
        order = orders.get(grouping) or sorted(present)
        for value in order:
            if value in present:
                rows.append(_row(grouping, value, panel.subset(values == value)))
    _suppress(rows, int(settings.SMALL_CELL_K))
    return rows


def _change(values: np.ndarray):
    if values.size == 0:
        return None, None, None
    estimate = mean(values=values.tolist())
    return estimate.estimate, estimate.lower, estimate.upper


def _row(group_by: str, group: str, panel: Panel) -> dict:
    part = panel.treated == 1
    change, low, high = _change(panel.after[part] - panel.before[part])
    c_change, c_low, c_high = _change(panel.after[~part] - panel.before[~part])
    result = did(panel)
    return {
        "group_by": group_by,
        "group": group,
        "n": result["n_treated"],
        "n_comparison": result["n_control"],
        "before": result["treated_before"],
        "after": result["treated_after"],
        "change": change,
        "change_low": low,
        "change_high": high,
        "comparison_before": result["control_before"],
        "comparison_after": result["control_after"],
        "comparison_change": c_change,
        "comparison_low": c_low,
        "comparison_high": c_high,
        "did": result["did"],
        "did_low": result["ci_low"],
        "did_high": result["ci_high"],
        "p_value": result["p_value"],
        "suppressed": False,
    }


def _suppress(rows: list[dict], k: int) -> None:
    """Hide groups with fewer than k participants or comparison citizens, and the complementary
    groups of the same breakdown that would let them be recovered from the overall row."""
    suppress_rows(rows, counts=("n", "n_comparison"), blank=("n", "n_comparison", *ESTIMATES), k=k)


def group_label(group_by: str, group: str) -> str:
    if group_by == "all":
        return _("Everyone")
    if group_by == "income_band":
        return str(IncomeBand(group).label)
    if group_by == "sex":
        return str(Sex(group).label)
    if group_by == "district":
        from healthycity.places.models import District

        district = District.objects.filter(code=group).first()
        return str(district) if district else group
    return group
