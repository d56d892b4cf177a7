"""Item 7 of issue 11: a support programme of the aid app becomes a practice draft of the host
city, with its measured outcome (difference in differences with 95 % interval) and its equity
effect (the same estimate by district and by income band) pre-filled.

Only the aid app's public functions are used (`healthycity.aid.queries`): the outcome rows come
small-cell suppressed, because a practice leaves the city.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from healthycity.citizens.enums import IncomeBand
from healthycity.places.models import District
from healthycity.policies.cities import home_city
from healthycity.policies.domain.practices import create_practice, set_results
from healthycity.policies.enums import EvaluationType, PartnerSector, ResultGroup
from healthycity.policies.models import Practice


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:+.2f}"


def _label(row: dict, districts: dict[str, District]) -> str:
    if row["group_by"] == "district":
        d = districts.get(row["group"])
        return d.name if d else row["group"]
    if row["group_by"] == "income_band" and row["group"] in IncomeBand.values:
        return str(IncomeBand(row["group"]).label)
    return _("Everyone")


def _equity_text(rows: list[dict], districts) -> str:
    """One line per income band with its estimate and interval, then the gap between the most
    and the least disadvantaged band that could be shown."""
    lines = []
    shown = []
    for row in rows:
        if row["group_by"] != "income_band":
            continue
        if row["suppressed"] or row["estimate"] is None:
            lines.append(f"- {_label(row, districts)}: {_('not shown (small group)')}")
            continue
        shown.append(row)
        lines.append(
            f"- {_label(row, districts)}: {_fmt(row['estimate'])} {row['unit']} "
            f"(95% CI {_fmt(row['low'])} – {_fmt(row['high'])}; n = {row['n']})"
        )
    if len(shown) >= 2:
        gap = shown[0]["estimate"] - shown[-1]["estimate"]
        lines.append(
            _(
                "Effect in the most disadvantaged band shown minus the least disadvantaged: "
                "%(gap)s %(unit)s."
            )
            % {"gap": _fmt(gap), "unit": shown[0]["unit"]}
        )
    return "\n".join(lines)


def _texts(programme, rows: list[dict], districts) -> dict:
    out: dict = {}
    for lang in ("ko", "en"):
        with translation.override(lang):
            overall = [r for r in rows if r["group_by"] == "all"]
            findings = [
                _(
                    "%(label)s: difference in differences %(est)s %(unit)s (95%% CI %(low)s to "
                    "%(high)s), %(n)s beneficiaries against %(nc)s eligible non-beneficiaries."
                )
                % {
                    "label": r["label"],
                    "est": _fmt(r["estimate"]),
                    "unit": r["unit"],
                    "low": _fmt(r["low"]),
                    "high": _fmt(r["high"]),
                    "n": r["n_treated"] if r["n_treated"] is not None else "—",
                    "nc": r["n_control"] if r["n_control"] is not None else "—",
                }
                for r in overall
            ]
            out[f"title_{lang}"] = programme.name_ko if lang == "ko" else programme.name_en
            out[f"summary_{lang}"] = " ".join(findings) or _("No outcome measured yet.")
            out[f"body_{lang}"] = "\n\n".join(
                [
                    programme.description if lang == "ko" else "",
                    _(
                        "Measured by this platform from the programme's own records; figures "
                        "for groups of fewer than %(k)s people are not shown."
                    )
                    % {"k": _small_cell_k()},
                ]
            ).strip()
            out[f"equity_effect_{lang}"] = _equity_text(rows, districts)
    return out


def _small_cell_k() -> int:
    from django.conf import settings

    return int(settings.SMALL_CELL_K)


def result_rows(rows: list[dict], districts) -> list[dict]:
    groups = {"all": ResultGroup.ALL, "district": ResultGroup.DISTRICT}
    groups["income_band"] = ResultGroup.INCOME_BAND
    return [
        {
            "indicator": str(r["label"])[:200],
            "unit": r["unit"],
            "group_by": groups.get(r["group_by"], ResultGroup.OTHER),
            "group": r["group"] if r["group_by"] != "all" else "",
            "group_label": _label(r, districts)[:120],
            "baseline": r["treated_before"],
            "value": r["treated_after"],
            "estimate": r["estimate"],
            "ci_low": r["low"],
            "ci_high": r["high"],
            "n": r["n_treated"],
            "suppressed": bool(r["suppressed"]),
            "method": r["method"][:400],
        }
        for r in rows
    ]


@transaction.atomic
def draft_from_programme(*, programme, by) -> Practice:
    """A new draft practice of the host city from `programme` (found by the caller through
    `aid.queries.programmes_visible_to`). Writes the practice, its results and history.
    Raises ValidationError when the host city is not a member city."""
    from healthycity.aid.queries import programme_outcomes

    city = home_city()
    if city is None:
        raise ValidationError(
            _("The host city (Seoul) is not in the list of member cities yet; add it first.")
        )
    rows = programme_outcomes(programme, suppress=True)
    districts = {d.code: d for d in District.objects.all()}
    data = {
        **_texts(programme, rows, districts),
        "original_language": "ko",
        "period_start": programme.starts_on,
        "period_end": programme.ends_on,
        "evaluation_type": EvaluationType.CONTROLLED_BEFORE_AFTER,
        "themes": ["afhc-equity"],
        "target_groups": ["low_income"],
        "partners": [
            {"name": s.name_ko, "sector": PartnerSector.COMPANY, "role": ""}
            for s in programme.sponsors.all()
        ],
    }
    practice = create_practice(city=city, by=by, data=data)
    practice.source = {
        "kind": "aid_programme",
        "programme": str(programme.external_id),
        "computed_at": timezone.now().isoformat(timespec="seconds"),
    }
    practice.save(update_fields=["source", "updated_at"])
    set_results(practice=practice, rows=result_rows(rows, districts))
    return practice
