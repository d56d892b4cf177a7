"""The partner dashboard of one product (or all of a partner's products) for one period, read
from the pre-aggregated product×month rows; every count suppressed below k."""

from __future__ import annotations

import json
from collections import Counter

from django.utils.translation import gettext as _

from healthycity.core.privacy import small_cell_k
from healthycity.feedback.analysis.themes import compare
from healthycity.feedback.enums import ACTED_ON_STATUSES, FeedbackStatus
from healthycity.feedback.models import ProductPeriodStats
from healthycity.partners.cells import safe_count, table
from healthycity.partners.periods import Period

TOP_KEYWORDS = 20


def _sum_rows(rows) -> dict:
    total = {"reviews": 0, "rating_sum": 0, "sentiment_sum": 0.0, "replied": 0}
    ratings: Counter = Counter()
    statuses: Counter = Counter()
    keywords: Counter = Counter()
    by_month: Counter = Counter()
    for row in rows:
        total["reviews"] += row.reviews
        total["rating_sum"] += row.rating_sum
        total["sentiment_sum"] += row.sentiment_sum
        total["replied"] += row.replied
        ratings.update(row.rating_counts)
        statuses.update(row.status_counts)
        keywords.update(row.keyword_counts)
        by_month[row.period] += row.reviews
    return {
        **total,
        "ratings": ratings,
        "statuses": statuses,
        "keywords": keywords,
        "months": by_month,
    }


def _stats_rows(products, period: Period):
    return list(
        ProductPeriodStats.objects.filter(product__in=products, period__in=period.months()).only(
            "period",
            "reviews",
            "rating_counts",
            "rating_sum",
            "sentiment_sum",
            "keyword_counts",
            "status_counts",
            "replied",
        )
    )


def build(products, period: Period, *, k: int | None = None) -> dict:
    """Figures for a dashboard. `products` is a list or queryset of Product."""
    k = small_cell_k() if k is None else k
    now = _sum_rows(_stats_rows(products, period))
    n = now["reviews"]
    shown = safe_count(n, k=k)
    result: dict = {
        "period": str(period),
        "k": k,
        "reviews": shown,
        "enough": shown is not None and n > 0,
    }
    result["months"] = table(
        "months",
        _("Public reviews by month"),
        [(m, m, now["months"].get(m, 0)) for m in period.months()],
        unit=_("reviews"),
        method=_("Count of public reviews; small cells suppressed."),
        k=k,
    )
    result["ratings"] = table(
        "ratings",
        _("Ratings"),
        [(str(s), "★" * s, now["ratings"].get(str(s), 0)) for s in range(1, 6)],
        unit=_("reviews"),
        method=_("Count of public reviews by rating; small cells suppressed."),
        k=k,
    )
    result["statuses"] = table(
        "statuses",
        _("What came of the feedback"),
        [(value, label, now["statuses"].get(value, 0)) for value, label in FeedbackStatus.choices],
        unit=_("reviews"),
        method=_("Count of public reviews by their current status; small cells suppressed."),
        gri=["416"],
        k=k,
    )
    if not result["enough"]:
        result.update(
            mean_rating=None,
            mean_sentiment=None,
            keywords=[],
            themes=[],
            replied=None,
            acted_on=None,
        )
        return result
    result["mean_rating"] = round(now["rating_sum"] / n, 2)
    result["mean_sentiment"] = round(now["sentiment_sum"] / n, 3)
    result["replied"] = safe_count(now["replied"], k=k)
    result["acted_on"] = safe_count(sum(now["statuses"].get(s, 0) for s in ACTED_ON_STATUSES), k=k)
    result["keywords"] = [
        {"keyword": w, "count": c}
        for w, c in now["keywords"].most_common(TOP_KEYWORDS * 3)
        if c >= k
    ][:TOP_KEYWORDS]
    before = _sum_rows(_stats_rows(products, period.previous()))
    themes = compare(before["keywords"], before["reviews"], now["keywords"], n, k=k)
    result["previous_period"] = str(period.previous())
    result["themes"] = [
        {
            "keyword": t.keyword,
            "direction": t.direction,
            "z": round(t.z, 2),
            "before": safe_count(t.before, k=k) if before["reviews"] >= k else None,
            "after": safe_count(t.after, k=k),
        }
        for t in themes
        if t.direction != "steady"
    ][:TOP_KEYWORDS]
    return result


def charts(data: dict) -> dict[str, str]:
    """Plotly figures (as JSON for `Plotly.newPlot`) of the shown cells only."""
    import plotly.graph_objects as go

    figures = {}
    months = data["months"]
    figures["months"] = go.Figure(
        go.Bar(
            x=[r.label for r in months.rows],
            y=[r.count for r in months.rows],
            marker_color=["#cccccc" if r.suppressed else "#256ef4" for r in months.rows],
        )
    ).update_layout(
        title=str(months.title), height=300, margin={"t": 40, "b": 40, "l": 40, "r": 10}
    )
    ratings = data["ratings"]
    figures["ratings"] = go.Figure(
        go.Bar(
            x=[r.label for r in ratings.rows],
            y=[r.count for r in ratings.rows],
            marker_color="#f2a900",
        )
    ).update_layout(
        title=str(ratings.title), height=300, margin={"t": 40, "b": 40, "l": 40, "r": 10}
    )
    if data.get("keywords"):
        words = list(reversed(data["keywords"]))
        figures["keywords"] = go.Figure(
            go.Bar(x=[w["count"] for w in words], y=[w["keyword"] for w in words], orientation="h")
        ).update_layout(
            title=_("Keywords"),
            height=max(300, 22 * len(words)),
            margin={"t": 40, "b": 40, "l": 120, "r": 10},
        )
    return {name: json.loads(fig.to_json()) for name, fig in figures.items()}
