"""Role matrix of feedback: citizens write and change their own reviews; the maker's staff
reply; the city moderates; partner B must not reach partner A's inbox entries and dashboards."""

from healthycity.feedback.domain.reviews import submit_review
from healthycity.feedback.models import Reply, Review
from tests.feedback.factories import ProductFactory
from tests.role_matrix import DENIED, HIDDEN, LOGIN, entry, everyone, only


def populate(world):
    world.product_a = ProductFactory(partner=world.partner_a_org, slug="inbody-270")
    world.review = submit_review(
        citizen=world.citizen, product=world.product_a, rating=4, text="정확하고 좋아요"
    )
    world.held = submit_review(
        citizen=world.citizen, product=world.product_a, rating=1, text="씨발 이게 뭐야"
    )


def R(w):
    return f"/feedback/reviews/{w.review.external_id}/"


def M(w):
    return f"/feedback/mine/{w.review.external_id}/"


def D(w):
    return f"/feedback/dashboard/products/{w.product_a.external_id}/"


def AR(w):
    return f"/api/v1/reviews/{w.review.external_id}/"


def _text(w):
    return Review.objects.get(pk=w.review.pk).text


MAKER_AND_CITY = only("partner_a", "official", "admin")
MINE = only("citizen", others=HIDDEN)  # another's review does not exist for you
API_MINE = only("citizen", "partner_a", "official", "admin", others=HIDDEN)
ANSWER = {"text": "감사합니다. 개선하겠습니다."}

ENTRIES = [
    entry(
        "feedback:review_new",
        lambda w: f"/feedback/products/{w.product_a.external_id}/review/",
        POST=only("citizen"),
        data={"rating": 5, "text": "좋아요, 다시 살게요"},
        wrote=lambda w: Review.objects.filter(text__startswith="좋아요, 다시").exists(),
    ),
    entry("feedback:mine", "/feedback/mine/", GET=only("citizen")),
    entry(
        "feedback:edit",
        lambda w: M(w) + "edit/",
        GET=MINE,
        POST=MINE,
        data={"rating": 3, "text": "보통이에요"},
        wrote=lambda w: _text(w) == "보통이에요",
    ),
    entry("feedback:withdraw", lambda w: M(w) + "withdraw/", POST=MINE),
    entry(
        "feedback:inbox",
        "/feedback/inbox/",
        GET=only("partner_a", "partner_b", "official", "admin"),
    ),
    entry("feedback:review", R, GET=MAKER_AND_CITY),
    # The maker answers its customers; the city moderates but does not speak for a company.
    entry(
        "feedback:reply",
        lambda w: R(w) + "reply/",
        POST=only("partner_a"),
        data=ANSWER,
        wrote=lambda w: Reply.objects.filter(review=w.review).exists(),
    ),
    entry(
        "feedback:status",
        lambda w: R(w) + "status/",
        POST=MAKER_AND_CITY,
        data={"status": "under_review"},
        wrote=lambda w: Review.objects.get(pk=w.review.pk).status == "under_review",
    ),
    entry("feedback:moderation", "/feedback/moderation/", GET=only("official", "admin")),
    entry(
        "feedback:moderate",
        lambda w: f"/feedback/moderation/{w.held.external_id}/",
        POST=only("official", "admin"),
        data={"decision": "reject", "note": "욕설"},
        wrote=lambda w: Review.objects.get(pk=w.held.pk).moderation != "held",
    ),
    entry("feedback:dashboard", D, GET=MAKER_AND_CITY),
    entry("feedback:dashboard_context", lambda w: D(w) + "context/", GET=MAKER_AND_CITY),
    entry(
        "feedback:partner_dashboard", "/feedback/dashboard/companies/inbody/", GET=MAKER_AND_CITY
    ),
    entry(
        "review-list",
        "/api/v1/reviews/",
        GET=everyone(anonymous=LOGIN),
        POST=only("citizen"),
        json=True,
        data=lambda w: {
            "product": str(w.product_a.external_id),
            "rating": 5,
            "text": "좋아요, 다시 살게요",
        },
        wrote=lambda w: Review.objects.filter(text__startswith="좋아요, 다시").exists(),
    ),
    entry(
        "review-detail",
        AR,
        GET=API_MINE,
        PUT=only("citizen", "admin", others=HIDDEN, partner_a=DENIED, official=DENIED),
        PATCH=only("citizen", "admin", others=HIDDEN, partner_a=DENIED, official=DENIED),
        json=True,
        data={"rating": 3, "text": "보통이에요"},
        wrote=lambda w: _text(w) == "보통이에요",
    ),
    entry(
        "review-replies",
        lambda w: AR(w) + "replies/",
        POST=only("partner_a"),
        json=True,
        data=ANSWER,
        wrote=lambda w: Reply.objects.filter(review=w.review).exists(),
    ),
    entry(
        "review-set-status",
        lambda w: AR(w) + "status/",
        POST=MAKER_AND_CITY,
        json=True,
        data={"status": "under_review"},
        wrote=lambda w: Review.objects.get(pk=w.review.pk).status == "under_review",
    ),
    entry(
        "review-withdraw",
        lambda w: AR(w) + "withdraw/",
        POST=only("citizen", "admin", others=HIDDEN, partner_a=DENIED, official=DENIED),
        json=True,
        data={},
    ),
    entry(
        "product-feedback",
        lambda w: f"/api/v1/products/{w.product_a.external_id}/feedback/",
        GET=MAKER_AND_CITY,
    ),
]
