"""The one module that knows the conference core's interface (events, registrations, tickets):
what the exhibition reads of a ticket, a registration and its person."""

from __future__ import annotations

from healthycity.accounts import roles
from healthycity.conference.domain.checkin import normalise_payload
from healthycity.conference.enums import RegistrationStatus
from healthycity.conference.exhibition.enums import LeadField
from healthycity.conference.models import Event, Registration, Ticket


def find_ticket(payload: str) -> Ticket | None:
    """The ticket a scanned or typed code names (the conference's own reading of codes)."""
    code = normalise_payload(payload)
    if not code:
        return None
    return (
        Ticket.objects.select_related("registration__category", "registration__event")
        .filter(secret=code)
        .first()
    )


def is_valid(registration: Registration) -> bool:
    return registration.status == RegistrationStatus.CONFIRMED


def category_kind(registration: Registration) -> str:
    return registration.category.kind


def citizen_for(registration: Registration):
    """The citizen record of the person registered: the registration's own link, or the one of
    its login. None for a visitor without a citizen record (a delegate from abroad)."""
    if registration.citizen_id:
        return registration.citizen
    if registration.user_id:
        return roles.citizen_of(registration.user)
    return None


def registrations_of(user, event: Event | None = None):
    """The user's confirmed registrations (of `event`, or of every event)."""
    if user is None or not user.is_authenticated:
        return Registration.objects.none()
    found = Registration.objects.filter(user=user, status=RegistrationStatus.CONFIRMED)
    if event is not None:
        found = found.filter(event=event)
    return found.select_related("event", "category")


# Where each shareable field is read from, in the registration (a member city's delegate with
# no affiliation typed in is shown with the city's name).
LEAD_COLUMNS = {
    LeadField.NAME: "registration__name",
    LeadField.AFFILIATION: "registration__affiliation",
    LeadField.EMAIL: "registration__email",
    LeadField.PHONE: "registration__phone",
    LeadField.COUNTRY: "registration__country",
}
CITY_COLUMN = "registration__member_city__name_en"


def lead_columns() -> list[str]:
    """The columns to read (with `.values()`) from LeadConsent rows for `lead_values`."""
    return [*LEAD_COLUMNS.values(), CITY_COLUMN]


def lead_values(row: dict) -> dict[str, str]:
    """Every field a visitor may share, as the registration holds it now, from a LeadConsent
    row read with `lead_columns()`."""
    values = {field: row[column] or "" for field, column in LEAD_COLUMNS.items()}
    values[LeadField.AFFILIATION] = values[LeadField.AFFILIATION] or row[CITY_COLUMN] or ""
    return values


def events_visible_to(user):
    from healthycity.conference.queries import events_visible_to as visible

    return visible(user)
