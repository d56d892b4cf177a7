"""Dashboard figures from the pre-aggregated product×month rows (feedback.analysis.dashboard)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from healthycity.feedback.analysis.dashboard import build
from healthycity.feedback.domain.reviews import submit_review
from healthycity.partners.periods import Period
from tests.factories import CitizenFactory


def review(product, rating, text, month):
    at = timezone.make_aware(dt.datetime(2026, month, 10, 12))
    return submit_review(citizen=CitizenFactory(), product=product, rating=rating, text=text, at=at)


def test_figures_keywords_and_themes(cast, product):
    for _ in range(12):
        review(product, 2, "배송이 느려요", 1)
    for _ in range(4):
        review(product, 5, "가격이 좋아요", 1)
    for _ in range(3):
        review(product, 2, "배송이 느려요", 2)
    for _ in range(13):
        review(product, 5, "가격이 좋아요", 2)
    data = build([product], Period(2026, 2), k=3)
    assert data["reviews"] == 16 and data["mean_rating"] == round((3 * 2 + 13 * 5) / 16, 2)
    words = {w["keyword"]: w["count"] for w in data["keywords"]}
    assert words == {"가격": 13, "좋다": 13, "배송": 3, "느리다": 3}
    themes = {t["keyword"]: t["direction"] for t in data["themes"]}
    assert themes["가격"] == "rising" and themes["배송"] == "falling"
    assert data["previous_period"] == "2026-01"
    year = build([product], Period(2026), k=3)
    assert year["reviews"] == 32
    assert [r.count for r in year["months"].rows][:3] == [16, 16, 0]


def test_too_few_reviews_show_nothing(cast, product):
    for _ in range(4):
        review(product, 4, "좋아요", 3)
    data = build([product], Period(2026, 3), k=10)
    assert data["reviews"] is None and not data["enough"]
    assert data["keywords"] == [] and data["mean_rating"] is None
    assert all(r.count in (None, 0) for r in data["ratings"].rows)
