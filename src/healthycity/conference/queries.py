"""Role-scoped queries: who may see which registrations (personal data) and which events."""

from __future__ import annotations

from django.db.models import Q

from healthycity.accounts import roles
from healthycity.accounts.enums import Role
from healthycity.conference.enums import EventStatus
from healthycity.conference.models import Event, Registration


def _is_city(user) -> bool:
    found = roles.roles_of(user)
    return Role.ADMIN in found or Role.OFFICIAL in found


def managed_event_ids(user) -> list[int]:
    if user is None or not user.is_authenticated:
        return []
    return list(user.conference_staff.filter(role="manager").values_list("event_id", flat=True))


def events_visible_to(user):
    """Published and archived events for everyone; drafts for the people who run them."""
    qs = Event.objects.select_related("venue")
    if _is_city(user):
        return qs
    public = ~Q(status=EventStatus.DRAFT)
    return qs.filter(public | Q(pk__in=managed_event_ids(user)))


def registrations_visible_to(user, *, event: Event | None = None):
    """Officials and admins: every registration; an event's managers: that event's; anyone
    else: their own. Never start a view of registrations anywhere else."""
    qs = Registration.objects.select_related("category", "event")
    if event is not None:
        qs = qs.filter(event=event)
    if user is None or not user.is_authenticated:
        return qs.none()
    if _is_city(user):
        return qs
    return qs.filter(Q(user=user) | Q(event_id__in=managed_event_ids(user)))


def own_registration(user, event: Event) -> Registration | None:
    """The user's current registration for `event` (the latest, if they cancelled before)."""
    if user is None or not user.is_authenticated:
        return None
    return (
        Registration.objects.filter(user=user, event=event)
        .select_related("category", "ticket")
        .order_by("-created_at", "-id")
        .first()
    )
