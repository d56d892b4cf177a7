"""Plotly figures of the dashboard, rendered as <div>s; plotly.js itself is served by our own
view from the installed plotly package (never a CDN), and the map uses no online tiles."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache, wraps

import plotly.graph_objects as go

from healthycity.core import csp
from healthycity.places.boundaries import seoul_geojson

CONFIG = {"displaylogo": False, "responsive": True}
KEPT_CHARTS = 256  # per process: indicators × stratifiers × standards × languages × 3 charts


@lru_cache(maxsize=1)
def districts_geojson() -> dict:
    """Seoul's districts with exterior rings clockwise: plotly's d3-geo reads a counter-clockwise
    ring (GeoJSON's RFC 7946 order) as "the whole globe except the district" and draws nothing."""
    from shapely.geometry import MultiPolygon, mapping, shape
    from shapely.geometry.polygon import orient

    features = []
    for feature in seoul_geojson()["features"]:
        geom = shape(feature["geometry"])
        if geom.geom_type == "Polygon":
            geom = orient(geom, sign=-1.0)
        else:
            geom = MultiPolygon([orient(p, sign=-1.0) for p in geom.geoms])
        features.append({**feature, "geometry": mapping(geom)})
    return {"type": "FeatureCollection", "features": features}


def _html(fig: go.Figure, div_id: str) -> str:
    """The figure's `<div>` and its JSON block (`core.csp.figure_html`: no inline script, so the
    same HTML serves every response whatever its nonce)."""
    fig.update_layout(
        margin={"l": 10, "r": 10, "t": 40, "b": 10}, font={"family": "Pretendard GOV, sans-serif"}
    )
    return csp.figure_html(fig, div_id=div_id, config=CONFIG)


def _kept(chart: Callable[..., str]) -> Callable[..., str]:
    """Keep a chart's HTML for the same arguments. Every official sees the same figures until
    the next snapshot, and drawing them (the district map validates 25 boundaries each time)
    took most of a dashboard request at 100 000 citizens. The key is the arguments as JSON; a
    value without a stable form only misses the cache."""
    kept: dict[str, str] = {}

    @wraps(chart)
    def cached(*args, **kwargs) -> str:
        key = json.dumps([args, kwargs], sort_keys=True, default=repr)
        html = kept.get(key)
        if html is None:
            html = kept[key] = chart(*args, **kwargs)
            while len(kept) > KEPT_CHARTS:
                kept.pop(next(iter(kept)), None)
        return html

    return cached


@_kept
def estimates_bar(
    rows: list[dict], labels: dict, *, title: str, unit: str, standardised: bool
) -> str:
    key = "std_" if standardised else ""
    shown = [r for r in rows if r.get(f"{key}estimate") is not None]
    x = [labels.get(r["subgroup"], r["subgroup"]) for r in shown]
    y = [r[f"{key}estimate"] for r in shown]
    plus = [
        (r[f"{key}upper"] - r[f"{key}estimate"]) if r[f"{key}upper"] is not None else 0
        for r in shown
    ]
    minus = [
        (r[f"{key}estimate"] - r[f"{key}lower"]) if r[f"{key}lower"] is not None else 0
        for r in shown
    ]
    fig = go.Figure(
        go.Bar(
            x=x,
            y=y,
            error_y={"type": "data", "array": plus, "arrayminus": minus},
            marker_color="#256ef4",
        )
    )
    fig.update_layout(title=title, yaxis_title=unit, height=380)
    return _html(fig, "equity-estimates")


@_kept
def trend_lines(rows: list[dict], labels: dict, *, title: str, unit: str) -> str:
    fig = go.Figure()
    for name in dict.fromkeys(r["subgroup"] for r in rows):
        mine = [r for r in rows if r["subgroup"] == name and r["estimate"] is not None]
        fig.add_trace(
            go.Scatter(
                x=[r["period"] for r in mine],
                y=[r["estimate"] for r in mine],
                mode="lines+markers",
                name=labels.get(name, name),
            )
        )
    fig.update_layout(title=title, yaxis_title=unit, height=340, xaxis={"type": "category"})
    return _html(fig, "equity-trend")


@_kept
def district_map(rows: list[dict], labels: dict, *, title: str, unit: str, favourable: bool) -> str:
    """Choropleth on a MapLibre map with the empty "white-bg" style: no tiles, no topojson and
    no fonts are fetched (a plain geo subplot would fetch its base topojson from a CDN)."""
    shown = [r for r in rows if r["estimate"] is not None]
    fig = go.Figure(
        go.Choroplethmap(
            geojson=districts_geojson(),
            featureidkey="id",
            locations=[r["subgroup"] for r in shown],
            z=[r["estimate"] for r in shown],
            text=[labels.get(r["subgroup"], r["subgroup"]) for r in shown],
            hovertemplate="%{text}: %{z:.1f}<extra></extra>",
            colorscale="Blues" if favourable else "Reds",
            colorbar={"title": {"text": unit}},
            marker_line_color="white",
            marker_line_width=1,
        )
    )
    fig.update_layout(
        title=title,
        height=520,
        map={"style": "white-bg", "center": {"lat": 37.5636, "lon": 126.9870}, "zoom": 9.6},
    )
    return _html(fig, "equity-map")
