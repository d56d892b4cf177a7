"""The outcome chart: DiD estimates with 95% intervals (Plotly, served offline)."""

from __future__ import annotations

from django.utils.translation import gettext as _


def outcome_chart(outcomes: dict) -> str:
    """HTML of a Plotly chart (plotly.js inlined once per page: no network needed)."""
    import plotly.graph_objects as go

    names, values, low, high = [], [], [], []
    for indicator in outcomes["indicators"]:
        for row in [{"group": _("All"), **indicator["overall"]}, *indicator["by_income_band"]]:
            if row.get("did") is None:
                continue
            names.append(f"{indicator['label']} · {row['group']}")
            values.append(row["did"])
            low.append(row["did"] - row["ci_low"])
            high.append(row["ci_high"] - row["did"])
    if not names:
        return ""
    figure = go.Figure(
        go.Bar(
            x=values,
            y=names,
            orientation="h",
            error_x={"type": "data", "symmetric": False, "array": high, "arrayminus": low},
        )
    )
    figure.update_layout(
        title=_("Change among beneficiaries minus change among comparison citizens (95% CI)"),
        height=120 + 28 * len(names),
        margin={"l": 260, "r": 20, "t": 50, "b": 40},
    )
    return figure.to_html(full_html=False, include_plotlyjs=True, config={"displaylogo": False})
