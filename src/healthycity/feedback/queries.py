"""Which reviews a user may see, and the aggregates partners may see."""

from __future__ import annotations

from django.db.models import QuerySet

from healthycity.accounts import roles
from healthycity.accounts.enums import Role
from healthycity.feedback.models import Review


def reviews_visible_to(user) -> QuerySet[Review]:
    """Admin and officials: all reviews (they moderate); a partner: the public reviews of its own
    products; a citizen: their own reviews in every state. Others: none (public reviews are read
    through `Review.objects.public()`, which carries no citizen identifier in any page or API)."""
    base = Review.objects.select_related("product", "product__partner")
    found = roles.roles_of(user)
    if Role.ADMIN in found or Role.OFFICIAL in found:
        return base.all()
    if Role.PARTNER in found:
        orgs = [o.pk for o in roles.partner_organisations_of(user)]
        return base.public().filter(product__partner_id__in=orgs)
    if Role.CITIZEN in found:
        return base.filter(citizen=roles.citizen_of(user))
    return base.none()


def own_reviews(user) -> QuerySet[Review]:
    citizen = roles.citizen_of(user)
    if citizen is None:
        return Review.objects.none()
    return Review.objects.filter(citizen=citizen).select_related("product", "product__partner")


def held_for_moderation() -> QuerySet[Review]:
    from healthycity.feedback.enums import Moderation

    return (
        Review.objects.filter(moderation=Moderation.HELD, withdrawn_at__isnull=True)
        .select_related("product", "product__partner")
        .order_by("submitted_at", "id")
    )
