"""Conference permissions (django-rules, autodiscovered).

City officials (and admins) run every event; `EventStaff` gives a person one event's check-in
(gate staff) or its management (registration, programme) without being an official.
"""

from __future__ import annotations

import rules

from healthycity.accounts.rules import is_staff_of_city


def _staff_roles(user, event) -> set[str]:
    if user is None or not user.is_authenticated or event is None:
        return set()
    cache = user.__dict__.setdefault("_hc_event_staff", {})
    if event.pk not in cache:
        cache[event.pk] = set(event.staff.filter(user=user).values_list("role", flat=True))
    return cache[event.pk]


@rules.predicate
def manages_event(user, event) -> bool:
    return "manager" in _staff_roles(user, event)


@rules.predicate
def scans_at_event(user, event) -> bool:
    return bool(_staff_roles(user, event))


@rules.predicate
def owns_registration(user, registration) -> bool:
    return registration is not None and user.is_authenticated and registration.user_id == user.pk


@rules.predicate
def manages_registration_event(user, registration) -> bool:
    return registration is not None and manages_event(user, registration.event)


can_manage = is_staff_of_city | manages_event

rules.add_perm("conference.manage_event", can_manage)
rules.add_perm("conference.checkin", can_manage | scans_at_event)
rules.add_perm("conference.submit_abstract", rules.is_authenticated)
rules.add_perm("conference.register", rules.is_authenticated)
rules.add_perm(
    "conference.view_registration",
    owns_registration | is_staff_of_city | manages_registration_event,
)
rules.add_perm(
    "conference.change_registration",
    owns_registration | is_staff_of_city | manages_registration_event,
)
rules.add_perm("conference.moderate_registration", is_staff_of_city | manages_registration_event)
