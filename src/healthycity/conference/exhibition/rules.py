"""Who may do what at the exhibition (django-rules, autodiscovered).

- Officials (and admins, and an event's managers for that event) run the exhibition: exhibitors, booths, booth staff; they see every
  exhibitor's figures — but never the leads (a visitor shares contact details with one exhibitor)
  and they do not work a booth unless they are its staff (the city's own booth).
- An exhibitor's booth staff (BoothStaff, scoped to the exhibitor and so to one event) and the
  staff of the exhibitor's own organisation (a partner company's staff) work the booth: scan
  tickets, run the measurement station, read the leads and the booth's aggregates.
- The staff of the exhibitor's organisation (and officials) add and revoke booth staff.
"""

from __future__ import annotations

import rules

from healthycity.accounts import roles
from healthycity.accounts.enums import Role
from healthycity.accounts.rules import is_staff_of_city
from healthycity.conference.rules import manages_event


def booth_exhibitor_ids(user) -> set[int]:
    """Exhibitors at whose booth `user` is active staff (cached on the user for the request)."""
    if user is None or not user.is_authenticated:
        return set()
    cached = getattr(user, "_hc_booth_exhibitors", None)
    if cached is None:
        from healthycity.conference.exhibition.models import BoothStaff

        cached = set(
            BoothStaff.objects.active().filter(user=user).values_list("exhibitor_id", flat=True)
        )
        user._hc_booth_exhibitors = cached
    return cached


def organisation_ids(user) -> set[int]:
    """Every organisation `user` works for, in any role."""
    return {o.pk for role in Role for o in roles.organisations_of(user, role)}


@rules.predicate
def is_booth_staff(user, exhibitor) -> bool:
    return exhibitor is not None and exhibitor.pk in booth_exhibitor_ids(user)


@rules.predicate
def works_for_exhibitor(user, exhibitor) -> bool:
    """Staff of the exhibitor's own organisation (e.g. the partner company)."""
    return (
        exhibitor is not None
        and exhibitor.organisation_id is not None
        and exhibitor.organisation_id in organisation_ids(user)
    )


exhibitor_team = is_booth_staff | works_for_exhibitor


@rules.predicate
def manages_exhibitors_event(user, exhibitor) -> bool:
    return exhibitor is not None and manages_event(user, exhibitor.event)


# On an event: officials and the event's managers (conference.EventStaff) run its exhibition.
rules.add_perm("exhibition.manage_exhibition", is_staff_of_city | manages_event)
rules.add_perm("exhibition.work_booth", exhibitor_team)
rules.add_perm("exhibition.view_leads", exhibitor_team)
rules.add_perm(
    "exhibition.view_booth_stats", exhibitor_team | is_staff_of_city | manages_exhibitors_event
)
rules.add_perm(
    "exhibition.manage_booth_staff",
    works_for_exhibitor | is_staff_of_city | manages_exhibitors_event,
)
