"""Which practices and reviews a user may see: the one place that decides it."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from healthycity.accounts import roles
from healthycity.accounts.enums import Role
from healthycity.policies.cities import city_ids_of
from healthycity.policies.enums import PracticeStatus
from healthycity.policies.models import Practice, ReviewAssignment


def _is_city(user) -> bool:
    found = roles.roles_of(user)
    return Role.ADMIN in found or Role.OFFICIAL in found


def practices_visible_to(user) -> QuerySet[Practice]:
    """Officials and admins: every practice. Delegates: published ones, every practice of their
    own city, and those they are asked to review. Everyone else logged in: published ones."""
    base = Practice.objects.select_related("city")
    if user is None or not user.is_authenticated:
        return base.none()
    if _is_city(user):
        return base.all()
    published = Q(status=PracticeStatus.PUBLISHED)
    if roles.has_role(user, Role.DELEGATE):
        reviewing = ReviewAssignment.objects.filter(reviewer=user).values("practice_id")
        return base.filter(published | Q(city_id__in=city_ids_of(user)) | Q(pk__in=reviewing))
    return base.filter(published)


def published_practices() -> QuerySet[Practice]:
    return Practice.objects.published().select_related("city")


def reviews_visible_to(user) -> QuerySet[ReviewAssignment]:
    """Officials: every review. A reviewer: their own assignments, and the other reviews of the
    same practice and round only once they have submitted their own. Others: none (the
    practice's city sees the outcome and its reasons, not the reviewers' sheets)."""
    base = ReviewAssignment.objects.select_related("practice", "reviewer", "reviewer_city")
    if user is None or not user.is_authenticated:
        return base.none()
    if _is_city(user):
        return base.all()
    own_submitted = ReviewAssignment.objects.filter(
        reviewer=user,
        submitted_at__isnull=False,
        practice_id=OuterRef("practice_id"),
        round=OuterRef("round"),
    )
    return base.filter(Q(reviewer=user) | Exists(own_submitted))


def assignments_of(user) -> QuerySet[ReviewAssignment]:
    return ReviewAssignment.objects.filter(reviewer=user).select_related(
        "practice", "practice__city"
    )
