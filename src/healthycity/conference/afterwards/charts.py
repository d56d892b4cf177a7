"""The attendance chart of the officials' dashboard: people checked in per day, stacked by
registration category (Plotly; plotly.js comes from our own static files, no network)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from healthycity.conference.afterwards.domain.attendance import Attendance
from healthycity.core.csp import figure_html


def attendance_chart(a: Attendance) -> str:
    import plotly.graph_objects as go

    if not a.attendees:
        return ""
    days = [day.strftime("%m-%d") for day, _n in a.by_day]
    figure = go.Figure(
        [
            go.Bar(name=category.name, x=days, y=per_day)
            for category, per_day, total in a.by_category
            if total
        ]
    )
    figure.update_layout(
        barmode="stack",
        showlegend=True,  # name the category even when only one came
        title=_("People checked in per day, by category"),
        height=360,
        margin={"l": 50, "r": 20, "t": 50, "b": 40},
        legend={"orientation": "h", "y": -0.15},
        xaxis={"type": "category"},  # event days, not a time axis
    )
    return figure_html(figure, config={"displaylogo": False})
