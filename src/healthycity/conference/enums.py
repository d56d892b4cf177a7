"""Choices of the conference app (kept apart so models, domain and API share one list)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EventStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("event status", "Draft")
    PUBLISHED = "published", pgettext_lazy("event status", "Published")
    ARCHIVED = "archived", pgettext_lazy("event status", "Archived")


class RoomKind(models.TextChoices):
    HALL = "hall", _("Hall")
    ROOM = "room", _("Room")
    OUTDOOR = "outdoor", _("Outdoor area")
    OFFSITE = "offsite", _("Off-site")


class SessionKind(models.TextChoices):
    KEYNOTE = "keynote", _("Keynote")
    PLENARY = "plenary", _("Plenary")
    PARALLEL = "parallel", _("Parallel session")
    WORKSHOP = "workshop", _("Workshop")
    POSTER = "poster", _("Poster")
    SITE_VISIT = "site_visit", _("Site visit")
    CEREMONY = "ceremony", _("Ceremony")
    BREAK = "break", _("Break")


# Kinds whose seats are booked ahead (capacity per session, waiting list).
LIMITED_KINDS = frozenset({SessionKind.WORKSHOP, SessionKind.SITE_VISIT})


class SessionStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("session status", "Draft")
    PUBLISHED = "published", pgettext_lazy("session status", "Published")
    CANCELLED = "cancelled", pgettext_lazy("session status", "Cancelled")


class Interpretation(models.TextChoices):
    NONE = "none", _("No interpretation")
    SIMULTANEOUS = "simultaneous", _("Simultaneous interpretation")
    CONSECUTIVE = "consecutive", _("Consecutive interpretation")


class SessionLanguage(models.TextChoices):
    """Languages a session is held in or interpreted into (ISO 639-1)."""

    KO = "ko", _("Korean")
    EN = "en", _("English")
    ZH = "zh", _("Chinese")
    JA = "ja", _("Japanese")


class CategoryKind(models.TextChoices):
    """The registration categories of the AFHC conference. `code` of a category is free; its kind
    decides the rules (who may register themselves, moderation)."""

    DELEGATE = "delegate", _("Member-city delegate")
    SPEAKER = "speaker", _("Speaker")
    PARTNER_STAFF = "partner_staff", _("Partner staff")
    CITIZEN = "citizen", _("Citizen visitor")
    PRESS = "press", _("Press")


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("On the waiting list")
    OFFERED = "offered", _("Place offered")
    CANCELLED = "cancelled", pgettext_lazy("registration status", "Cancelled")
    REJECTED = "rejected", pgettext_lazy("registration status", "Declined")
    EXPIRED = "expired", _("Offer expired")


# Statuses that hold (or wait for) a place: one per person and event.
ACTIVE_STATUSES = (
    RegistrationStatus.PENDING,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITING,
    RegistrationStatus.OFFERED,
)
# Statuses that take a place out of the capacity (an offer is a held place).
HOLDING_STATUSES = (
    RegistrationStatus.PENDING,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.OFFERED,
)


class RegistrationSource(models.TextChoices):
    SELF = "self", _("Registered themselves")
    IMPORT = "import", _("Bulk import")
    STAFF = "staff", _("Added by staff")


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Text")
    CHOICE = "choice", _("One choice")
    MULTIPLE = "multiple", _("Several choices")
    BOOLEAN = "boolean", _("Yes / no")
    NUMBER = "number", _("Number")


class ListKind(models.TextChoices):
    ENTRY = "entry", _("Entry (one day)")
    SESSION = "session", _("Limited session")


class ScanStatus(models.TextChoices):
    """The answer a scanner shows: ok is green, already is yellow, the rest red."""

    OK = "ok", _("Valid")
    ALREADY = "already", _("Already checked in")
    WRONG_LIST = "wrong_list", _("Not valid for this list")
    CANCELLED = "cancelled", _("Registration cancelled")
    UNKNOWN = "unknown", _("Unknown ticket")


SCAN_COLOURS = {
    ScanStatus.OK: "green",
    ScanStatus.ALREADY: "yellow",
    ScanStatus.WRONG_LIST: "red",
    ScanStatus.CANCELLED: "red",
    ScanStatus.UNKNOWN: "red",
}


class AbstractFormat(models.TextChoices):
    ORAL = "oral", _("Oral presentation")
    POSTER = "poster", _("Poster")
    WORKSHOP = "workshop", _("Workshop")


class AbstractStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", pgettext_lazy("abstract status", "Not accepted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
