"""The conference: event and programme, call for abstracts, registration and tickets, check-in."""

from healthycity.conference.models.checkin import Checkin, CheckinList, Device, Gate
from healthycity.conference.models.event import Event, EventStaff, Room, Track, Venue
from healthycity.conference.models.programme import (
    PersonalAgenda,
    Session,
    SessionSpeaker,
    Speaker,
)
from healthycity.conference.models.registration import (
    Question,
    Registration,
    RegistrationCategory,
    SessionBooking,
    Ticket,
)
from healthycity.conference.models.review import (
    Abstract,
    AbstractReview,
    ReviewCriterion,
    ReviewScore,
)

__all__ = [
    "Abstract",
    "AbstractReview",
    "Checkin",
    "CheckinList",
    "Device",
    "Event",
    "EventStaff",
    "Gate",
    "PersonalAgenda",
    "Question",
    "Registration",
    "RegistrationCategory",
    "ReviewCriterion",
    "ReviewScore",
    "Room",
    "Session",
    "SessionBooking",
    "SessionSpeaker",
    "Speaker",
    "Ticket",
    "Track",
    "Venue",
]
