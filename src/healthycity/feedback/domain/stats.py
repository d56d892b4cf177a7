"""Per product×month figures of public reviews, kept current as reviews change, so that a
dashboard reads at most twelve small rows instead of scanning 100 000 reviews."""

from __future__ import annotations

from collections import Counter

from django.db.models import Exists, OuterRef

from healthycity.feedback.models import ProductPeriodStats, Reply, Review

KEYWORDS_KEPT = 500  # per product×month; rarer keywords are far below any published threshold


def refresh_stats(*, product, period: str) -> ProductPeriodStats | None:
    """Recompute one product×month from its public reviews (one query). Side effect: upserts
    or deletes the ProductPeriodStats row."""
    rows = (
        Review.objects.public()
        .filter(product=product, period=period)
        .annotate(has_reply=Exists(Reply.objects.filter(review=OuterRef("pk"))))
        .values_list("rating", "sentiment", "keywords", "status", "has_reply")
    )
    ratings: Counter = Counter()
    statuses: Counter = Counter()
    keywords: Counter = Counter()
    sentiment = 0.0
    replied = 0
    n = 0
    for rating, score, words, status, has_reply in rows.iterator(chunk_size=5000):
        n += 1
        ratings[str(rating)] += 1
        statuses[status] += 1
        keywords.update(words)
        sentiment += score
        replied += bool(has_reply)
    if n == 0:
        ProductPeriodStats.objects.filter(product=product, period=period).delete()
        return None
    row, _ = ProductPeriodStats.objects.update_or_create(
        product=product,
        period=period,
        defaults={
            "reviews": n,
            "rating_counts": dict(ratings),
            "rating_sum": sum(int(r) * c for r, c in ratings.items()),
            "sentiment_sum": sentiment,
            "keyword_counts": dict(keywords.most_common(KEYWORDS_KEPT)),
            "status_counts": dict(statuses),
            "replied": replied,
        },
    )
    return row


def rebuild_all(*, product=None) -> int:
    """Recompute every product×month that has reviews (after a bulk load). Returns the rows."""
    reviews = Review.objects.all() if product is None else Review.objects.filter(product=product)
    pairs = list(reviews.order_by().values_list("product_id", "period").distinct())
    from healthycity.partners.models import Product

    products = {p.pk: p for p in Product.objects.filter(pk__in={p for p, _ in pairs})}
    for product_id, period in pairs:
        refresh_stats(product=products[product_id], period=period)
    return len(pairs)
