"""The trend monitor: one line per city with its intervals and the benchmarks as dashed lines;
offline plotly (the page loads plotly.js from our own static files)."""

from __future__ import annotations

import plotly.graph_objects as go

from healthycity.core.csp import figure_html
from healthycity.core.i18n import in_language

CONFIG = {"displaylogo": False, "responsive": True}
FOCUS_COLOUR = "#256ef4"


def trend_chart(series: dict, *, indicator, focus, bench, labels: dict[str, str]) -> str:
    fig = go.Figure()
    for city, values in series.items():
        mine = city == focus
        plus = [(v.upper - v.value) if v.upper is not None else 0 for v in values]
        minus = [(v.value - v.lower) if v.lower is not None else 0 for v in values]
        fig.add_trace(
            go.Scatter(
                x=[v.period for v in values],
                y=[v.value for v in values],
                mode="lines+markers",
                name=city.name,
                line={"width": 4 if mine else 1.5, **({"color": FOCUS_COLOUR} if mine else {})},
                opacity=1 if mine else 0.6,
                error_y={"type": "data", "array": plus, "arrayminus": minus, "visible": True},
            )
        )
    for value, label, colour in (
        (bench.good, labels["good"], "#1e8e3e"),
        (bench.poor, labels["poor"], "#d93025"),
    ):
        if value is not None:
            fig.add_hline(
                y=value,
                line_dash="dash",
                line_color=colour,
                annotation_text=label,
                annotation_position="top left",
            )
    fig.update_layout(
        title=in_language(indicator.name_ko, indicator.name_en),
        yaxis_title=indicator.unit_label,
        xaxis={"type": "category"},
        height=420,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        font={"family": "Pretendard GOV, sans-serif"},
        legend={"orientation": "h"},
    )
    return figure_html(fig, div_id="trend", config=CONFIG)
