"""The outcome chart: DiD estimates with 95% intervals (Plotly, served offline)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from healthycity.citizens.enums import IncomeBand
from healthycity.core import csp


def outcome_chart(rows: list[dict]) -> str:
    """HTML of a Plotly chart of the overall and income-band rows; the page loads plotly.js from our
    own static files (`{% plotly_script %}`), so it needs no network. Suppressed rows are left out."""
    import plotly.graph_objects as go

    labels = {b.value: str(b.label) for b in IncomeBand}
    shown = [
        r for r in rows if r["group_by"] in ("all", "income_band") and r["estimate"] is not None
    ]
    if not shown:
        return ""
    everyone = _("All beneficiaries")
    names = [
        f"{r['label']} · {everyone if r['group_by'] == 'all' else labels.get(r['group'], r['group'])}"
        for r in shown
    ]
    figure = go.Figure(
        go.Bar(
            x=[r["estimate"] for r in shown],
            y=names,
            orientation="h",
            error_x={
                "type": "data",
                "symmetric": False,
                "array": [r["high"] - r["estimate"] for r in shown],
                "arrayminus": [r["estimate"] - r["low"] for r in shown],
            },
        )
    )
    figure.update_layout(
        title=_("Change among beneficiaries minus change among comparison citizens (95% CI)"),
        height=140 + 30 * len(names),
        margin={"l": 300, "r": 20, "t": 50, "b": 40},
    )
    return csp.figure_html(figure, config={"displaylogo": False})
