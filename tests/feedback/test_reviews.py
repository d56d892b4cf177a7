"""A review's life: submit, mask, hold, edit, withdraw, reply, status (feedback.domain.reviews)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from healthycity.feedback.domain import reviews as domain
from healthycity.feedback.domain.errors import NotYourProduct, ReviewWithdrawn, StatusNotAllowed
from healthycity.feedback.models import ProductPeriodStats, Review


def test_submit_masks_personal_data_before_saving(cast, product):
    review = domain.submit_review(
        citizen=cast.citizen,
        product=product,
        rating=5,
        text="좋아요! 010-1234-5678 로 연락 주세요, 900101-1234567",
    )
    stored = Review.objects.get(pk=review.pk).text
    assert "1234-5678" not in stored and "1234567" not in stored
    assert review.masked == ["resident_registration_number", "phone"]
    assert review.is_public


def test_abusive_review_is_held_and_not_counted(cast, product):
    review = domain.submit_review(
        citizen=cast.citizen, product=product, rating=1, text="씨발 이게 뭐야"
    )
    assert review.moderation == "held" and not review.is_public
    assert not ProductPeriodStats.objects.filter(product=product).exists()


def test_moderator_makes_a_held_review_public(cast, product):
    review = domain.submit_review(
        citizen=cast.citizen, product=product, rating=1, text="병신같은 배송"
    )
    domain.moderate_review(review=review, approve=True, by=cast.official)
    assert Review.objects.public().filter(pk=review.pk).exists()
    assert ProductPeriodStats.objects.get(product=product).reviews == 1


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_review_is_refused_with_a_clear_message(cast, product, text):
    with pytest.raises(ValidationError) as err:
        domain.submit_review(citizen=cast.citizen, product=product, rating=3, text=text)
    assert "비어" in str(err.value)


def test_huge_review_is_refused_with_the_limit_named(cast, product):
    with pytest.raises(ValidationError) as err:
        domain.submit_review(citizen=cast.citizen, product=product, rating=3, text="가" * 2001)
    assert "2,001" in str(err.value) and "2,000" in str(err.value)


@pytest.mark.parametrize("rating", [0, 6, "x", None, -1])
def test_rating_outside_1_to_5_is_refused(cast, product, rating):
    with pytest.raises(ValidationError):
        domain.submit_review(citizen=cast.citizen, product=product, rating=rating, text="좋아요")


def test_emoji_and_mixed_scripts_are_kept(cast, product):
    text = "최고예요 😀👍 InBody 정말 great! 日本語も"
    review = domain.submit_review(citizen=cast.citizen, product=product, rating=5, text=text)
    assert Review.objects.get(pk=review.pk).text == text
    assert review.language == "ko" and "great" in review.keywords


def test_edit_rechecks_and_refreshes_figures(review):
    domain.edit_review(review=review, rating=2, text="배터리가 금방 닳아요 a@b.com")
    review.refresh_from_db()
    assert review.rating == 2 and "a@b.com" not in review.text
    assert ProductPeriodStats.objects.get(product=review.product).rating_sum == 2


def test_withdrawn_review_leaves_figures_and_cannot_be_edited(review):
    domain.withdraw_review(review=review)
    assert not ProductPeriodStats.objects.filter(product=review.product).exists()
    with pytest.raises(ReviewWithdrawn) as err:
        domain.edit_review(review=review, rating=5, text="다시 좋아요")
    assert "철회" in str(err.value)
    with pytest.raises(ReviewWithdrawn):
        domain.withdraw_review(review=review)


def test_partner_replies_and_moves_status_with_history(cast, review):
    domain.reply_to_review(review=review, by=cast.partner, text="감사합니다")
    domain.change_status(review=review, to="under_review", by=cast.partner)
    domain.change_status(review=review, to="planned", by=cast.partner, note="다음 버전에 반영")
    domain.change_status(review=review, to="done", by=cast.partner, note="결과지 글씨를 키웠습니다")
    review.refresh_from_db()
    assert review.status == "done"
    assert [h.to_status for h in review.history.all()] == [
        "received",
        "under_review",
        "planned",
        "done",
    ]
    stats = ProductPeriodStats.objects.get(product=review.product)
    assert stats.replied == 1 and stats.status_counts == {"done": 1}


def test_status_cannot_move_back_or_after_final(cast, review):
    domain.change_status(review=review, to="done", by=cast.partner)
    with pytest.raises(StatusNotAllowed):
        domain.change_status(review=review, to="planned", by=cast.partner)
    with pytest.raises(StatusNotAllowed):
        domain.change_status(review=review, to="declined", by=cast.partner)


def test_unknown_status_is_refused(cast, review):
    with pytest.raises(StatusNotAllowed):
        domain.change_status(review=review, to="finished", by=cast.partner)


def test_other_partner_cannot_reply(other_partner, review):
    with pytest.raises(NotYourProduct) as err:
        domain.reply_to_review(review=review, by=other_partner, text="우리 제품도 보세요")
    assert "제조사만" in str(err.value)
    with pytest.raises(NotYourProduct):
        domain.change_status(review=review, to="done", by=other_partner)


def test_no_reply_to_a_withdrawn_review(cast, review):
    domain.withdraw_review(review=review)
    with pytest.raises(ReviewWithdrawn):
        domain.reply_to_review(review=review, by=cast.partner, text="감사합니다")


def test_official_cannot_reply_in_the_company_name_but_can_move_status(cast, review):
    with pytest.raises(NotYourProduct):
        domain.reply_to_review(review=review, by=cast.official, text="시에서 답변합니다")
    domain.change_status(review=review, to="declined", by=cast.official, note="부적절한 요청")
    review.refresh_from_db()
    assert review.status == "declined"
