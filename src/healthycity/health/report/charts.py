"""Trend charts (Plotly). The page loads plotly.js from our own server ({% plotly_script %}), so
nothing is fetched from the internet."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go
from django.utils import timezone
from django.utils.translation import gettext as _

from healthycity.core import csp
from healthycity.health.report.summary import _field_label

# (chart title, [(Measurement field, line name)])
BODY = ("weight_kg", "smm_kg", "bfm_kg")
PRESSURE = ("systolic_mmhg", "diastolic_mmhg")


def _line_chart(records, fields, title: str, testid: str) -> str | None:
    fig = go.Figure()
    for name in fields:
        points = [(timezone.localtime(t).date(), v) for t, v in records.series(name)]
        if points:
            xs, ys = zip(*points, strict=True)
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines+markers", name=_field_label(name)))
    if not fig.data:
        return None
    dates = {x for trace in fig.data for x in trace.x}
    if len(dates) == 1:
        # One sitting: Plotly would stretch a single date into a millisecond-wide axis
        # ("23:59:59.999 … 00:00:00.0005"); show a fortnight around it instead.
        (day,) = dates
        fig.update_xaxes(range=[day - dt.timedelta(days=7), day + dt.timedelta(days=7)])
    return _html(fig, title, testid)


def _steps_chart(records, testid: str) -> str | None:
    """One bar per day (the largest unflagged count of the day's devices); days flagged as
    implausible in their own colour."""
    best: dict = {}
    for d in records.steps:
        rank = (getattr(d, "flagged", False), -d.steps)
        if d.date not in best or best[d.date][0] > rank:
            best[d.date] = (rank, d)
    days = [best[k] for k in sorted(best)][-90:]
    if not days:
        return None
    counted = [d for (flag, _s), d in days if not flag]
    flagged = [d for (flag, _s), d in days if flag]
    fig = go.Figure(
        go.Bar(x=[d.date for d in counted], y=[d.steps for d in counted], name=_("steps"))
    )
    if flagged:
        fig.add_trace(
            go.Bar(
                x=[d.date for d in flagged],
                y=[d.steps for d in flagged],
                name=_("to check"),
                marker_color="#d28a00",
            )
        )
    return _html(fig, _("Daily steps (last 90 recorded days)"), testid)


# Plotly's own month names are English ("Nov 29"); ISO dates read the same on Korean and English pages.
DAY = "%Y-%m-%d"


def _html(fig: go.Figure, title: str, testid: str) -> str:
    fig.update_xaxes(type="date", tickformat=DAY, hoverformat=DAY, nticks=6)
    fig.update_layout(
        title=title,
        height=320,
        margin={"l": 40, "r": 10, "t": 40, "b": 40},
        legend={"orientation": "h", "y": -0.2},
        font={"family": "Pretendard GOV, NanumBarunGothic, sans-serif"},
    )
    return csp.figure_html(
        fig,
        div_id=testid,
        # The mode bar's tooltips are English-only (plotly.js ships no Korean locale): hide it.
        config={"displaylogo": False, "responsive": True, "displayModeBar": False},
    )


def trend_charts(records) -> list[str]:
    """HTML snippets (a div and its script) for each chart that has data."""
    charts = [
        _line_chart(records, BODY, _("Body composition"), "chart-body"),
        _line_chart(records, PRESSURE, _("Blood pressure"), "chart-bp"),
        _steps_chart(records, "chart-steps"),
    ]
    return [c for c in charts if c]
