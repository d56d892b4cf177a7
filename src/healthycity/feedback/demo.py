"""Demo: citizens' reviews of the partners' products over the last two years, with replies and
status changes, so that dashboards, themes and the ESG report have something to show (and small
groups, so that suppression shows too)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from healthycity.feedback.analysis.text import analyse_many
from healthycity.feedback.domain.stats import rebuild_all
from healthycity.feedback.enums import FeedbackStatus
from healthycity.feedback.models import Reply, Review, StatusChange
from healthycity.partners.models import Product

PHRASES_KO = {
    5: [
        "정말 만족합니다. 추천해요!",
        "측정이 정확하고 결과지가 이해하기 쉬워요",
        "맛있고 건강한 느낌이에요",
        "부모님이 아주 좋아하세요",
        "직원분이 친절하게 설명해 주셨어요",
    ],
    4: [
        "전체적으로 좋아요. 가격이 조금 비싸요",
        "효과가 있는 것 같아요",
        "편리하지만 설명서가 어려워요",
        "괜찮아요. 다음에도 구매할게요",
    ],
    3: ["보통이에요", "나쁘지 않지만 맛이 좀 짜요", "사용법이 복잡해요", "배송이 느렸어요"],
    2: [
        "기대보다 별로예요",
        "맛이 너무 달아요",
        "측정 결과가 부정확한 것 같아요",
        "글씨가 작아서 읽기 어려워요",
    ],
    1: [
        "고장이 나서 실망했어요",
        "부작용이 있어서 중단했어요",
        "최악이에요. 환불해 주세요",
        "앱 오류가 계속 나요",
    ],
}
PHRASES_EN = {
    5: ["Great product, very accurate.", "Tasty and healthy, I recommend it."],
    4: ["Good, but a bit expensive.", "Useful and easy to use."],
    3: ["It is okay.", "Not bad, but too salty."],
    2: ["Disappointing, the app is confusing.", "Too sweet for me."],
    1: ["Broken after a week, terrible.", "Not good at all, I want a refund."],
}
REPLIES = [
    "소중한 의견 감사합니다. 개선하겠습니다.",
    "불편을 드려 죄송합니다. 확인 후 안내드리겠습니다.",
    "Thank you for your feedback; we will look into it.",
]
DONE_NOTES = [
    "결과지 글씨를 키웠습니다.",
    "저염 제품을 새로 출시했습니다.",
    "앱 오류를 수정했습니다.",
    "We added an English manual.",
]


def populate(ctx) -> None:
    rng = ctx.rng_for("feedback")
    products = list(Product.objects.filter(active=True).select_related("partner").order_by("slug"))
    if not products:
        return
    n_reviewers = max(60, ctx.n_citizens // 20)
    citizens = []
    for ids in ctx.citizen_ids():
        citizens.extend(ids)
        if len(citizens) >= n_reviewers:
            break
    citizens = citizens[:n_reviewers]
    if ctx.citizen.pk in citizens:
        citizens.remove(
            ctx.citizen.pk
        )  # the demo citizen writes their own reviews in the walkthrough
    now = timezone.now()
    weights = [0.08, 0.12, 0.2, 0.3, 0.3]
    texts, rows = [], []
    # Two popular products get most reviews; the others few (small groups to be suppressed).
    popularity = [5.0 if i in (0, 1) else 1.0 for i in range(len(products))]
    total = sum(popularity)
    advance = ctx.progress("Reviews", len(citizens))
    for citizen_id in citizens:
        for _ in range(int(rng.integers(1, 4))):
            product = products[int(rng.choice(len(products), p=[p / total for p in popularity]))]
            rating = int(rng.choice([1, 2, 3, 4, 5], p=weights))
            pool = PHRASES_EN if rng.random() < 0.15 else PHRASES_KO
            text = pool[rating][int(rng.integers(len(pool[rating])))]
            at = now - dt.timedelta(days=float(rng.uniform(0, 700)))
            rows.append(
                Review(
                    product=product,
                    citizen_id=citizen_id,
                    rating=rating,
                    text=text,
                    submitted_at=at,
                    period=timezone.localtime(at).strftime("%Y-%m"),
                    external_id=ctx.uuid4(rng),
                )
            )
            texts.append(text)
        advance(1)
    for review, found in zip(rows, analyse_many(texts), strict=True):
        review.language, review.keywords, review.sentiment = (
            found.language,
            found.keywords,
            found.sentiment,
        )
    Review.objects.bulk_create(rows, batch_size=5000)
    _move_some_on(ctx, rng, rows)
    rebuild_all()


def _move_some_on(ctx, rng, reviews) -> None:
    staff = {slug: ctx.users.get(f"partner-{slug}") for slug in ctx.partners}
    changes, replies = [], []
    for review in reviews:
        changes.append(
            StatusChange(review=review, from_status="", to_status=FeedbackStatus.RECEIVED)
        )
        slug = review.product.partner.slug
        author = staff.get(slug) or ctx.users.get("partner")
        if author is None or rng.random() < 0.4:
            continue
        replies.append(
            Reply(
                review=review,
                organisation=review.product.partner,
                author=author,
                text=REPLIES[int(rng.integers(len(REPLIES)))],
            )
        )
        path = [FeedbackStatus.UNDER_REVIEW]
        if review.rating <= 3 and rng.random() < 0.6:
            path += [FeedbackStatus.PLANNED] + ([FeedbackStatus.DONE] if rng.random() < 0.6 else [])
        elif rng.random() < 0.1:
            path += [FeedbackStatus.DECLINED]
        previous = FeedbackStatus.RECEIVED
        for status in path:
            note = (
                DONE_NOTES[int(rng.integers(len(DONE_NOTES)))]
                if status == FeedbackStatus.DONE
                else ""
            )
            changes.append(
                StatusChange(
                    review=review, from_status=previous, to_status=status, note=note, by=author
                )
            )
            previous = status
        review.status = previous
    Reply.objects.bulk_create(replies, batch_size=5000)
    StatusChange.objects.bulk_create(changes, batch_size=5000)
    Review.objects.bulk_update(
        [r for r in reviews if r.status != FeedbackStatus.RECEIVED], ["status"], batch_size=5000
    )
