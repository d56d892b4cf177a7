"""A review's life: submitted, checked, edited, withdrawn, moderated, replied to, moved on.

Every function here keeps the product×month figures current (`stats.refresh_stats`).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from healthycity.accounts import roles
from healthycity.feedback.analysis.text import analyse
from healthycity.feedback.domain import stats
from healthycity.feedback.domain.checks import check_text
from healthycity.feedback.domain.errors import NotYourProduct, ReviewWithdrawn, StatusNotAllowed
from healthycity.feedback.enums import FeedbackStatus, Moderation, allowed_next
from healthycity.feedback.models import Reply, Review, StatusChange
from healthycity.feedback.validators import (
    NOTE_MAX_CHARS,
    REPLY_MAX_CHARS,
    validate_rating,
    validate_text,
)


def _apply_text(review: Review, text: str) -> None:
    checked = check_text(validate_text(text))
    found = analyse(checked.text)
    review.text = checked.text
    review.masked = checked.masked
    review.language = found.language
    review.keywords = found.keywords
    review.sentiment = found.sentiment
    if checked.held:
        review.moderation = Moderation.HELD
        review.moderation_note = ", ".join(checked.abusive)[:300]
    else:
        review.moderation = Moderation.APPROVED
        review.moderation_note = ""


@transaction.atomic
def submit_review(*, citizen, product, rating, text: str, at=None) -> Review:
    """Create a review. Personal data is masked before saving; abusive text is held for a
    moderator. Side effects: one Review, one StatusChange (received), the month's figures."""
    at = at or timezone.now()
    review = Review(
        product=product,
        citizen=citizen,
        rating=validate_rating(rating),
        submitted_at=at,
        period=timezone.localtime(at).strftime("%Y-%m"),
    )
    _apply_text(review, text)
    review.save()
    StatusChange.objects.create(review=review, from_status="", to_status=FeedbackStatus.RECEIVED)
    stats.refresh_stats(product=product, period=review.period)
    return review


def _not_withdrawn(review: Review) -> None:
    if review.withdrawn_at is not None:
        raise ReviewWithdrawn(
            _("This review was withdrawn on %(date)s; it can no longer be changed.")
            % {"date": timezone.localtime(review.withdrawn_at).strftime("%Y-%m-%d")}
        )


@transaction.atomic
def edit_review(*, review: Review, rating, text: str) -> Review:
    """Change rating and text; the text is checked again (and may be held again)."""
    _not_withdrawn(review)
    review.rating = validate_rating(rating)
    _apply_text(review, text)
    review.save()
    stats.refresh_stats(product=review.product, period=review.period)
    return review


@transaction.atomic
def withdraw_review(*, review: Review) -> Review:
    """Withdraw a review: it leaves every public list and every figure at once."""
    _not_withdrawn(review)
    review.withdrawn_at = timezone.now()
    review.save(update_fields=["withdrawn_at", "updated_at"])
    stats.refresh_stats(product=review.product, period=review.period)
    return review


@transaction.atomic
def moderate_review(*, review: Review, approve: bool, by, note: str = "") -> Review:
    """A moderator (city official) makes a held review public or rejects it."""
    _not_withdrawn(review)
    review.moderation = Moderation.APPROVED if approve else Moderation.REJECTED
    review.moderation_note = (note or "").strip()[:300]
    review.save(update_fields=["moderation", "moderation_note", "updated_at"])
    stats.refresh_stats(product=review.product, period=review.period)
    return review


def check_partner_of(*, user, review: Review) -> None:
    """Partner staff act only on their own company's products (officials and admins may act on
    any)."""
    from healthycity.accounts.rules import is_staff_of_city

    if is_staff_of_city(user):
        return
    mine = {o.pk for o in roles.partner_organisations_of(user)}
    if review.product.partner_id not in mine:
        raise NotYourProduct(
            _("You can reply to and update only feedback on your own company's products.")
        )


@transaction.atomic
def reply_to_review(*, review: Review, by, text: str) -> Reply:
    """A partner's public reply, in the name of the product's maker: only that company's staff
    may reply (an official changes the status instead). Side effect: one Reply; the figures."""
    if not any(o.pk == review.product.partner_id for o in roles.partner_organisations_of(by)):
        raise NotYourProduct(
            _("Only the company that makes this product can reply to its feedback.")
        )
    _not_withdrawn(review)
    text = validate_text(text, limit=REPLY_MAX_CHARS)
    organisation = review.product.partner
    reply = Reply.objects.create(review=review, organisation=organisation, author=by, text=text)
    stats.refresh_stats(product=review.product, period=review.period)
    return reply


@transaction.atomic
def change_status(*, review: Review, to: str, by, note: str = "") -> StatusChange:
    """Move the review on (received → under review → planned → done, or declined), with a
    public note of what was done. Side effects: the status, one StatusChange, the figures."""
    check_partner_of(user=by, review=review)
    _not_withdrawn(review)
    review = Review.objects.select_for_update().get(pk=review.pk)
    allowed = allowed_next(review.status)
    if to not in allowed:
        raise StatusNotAllowed(
            {
                "status": _("Feedback that is '%(current)s' cannot move to '%(to)s'.")
                % {
                    "current": FeedbackStatus(review.status).label,
                    "to": FeedbackStatus(to).label if to in FeedbackStatus.values else to,
                }
            }
        )
    note = (note or "").strip()
    if len(note) > NOTE_MAX_CHARS:
        validate_text(note, field="note", limit=NOTE_MAX_CHARS)
    change = StatusChange.objects.create(
        review=review, from_status=review.status, to_status=to, note=note, by=by
    )
    review.status = to
    review.save(update_fields=["status", "updated_at"])
    stats.refresh_stats(product=review.product, period=review.period)
    return change
