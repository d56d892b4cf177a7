from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceKind(models.TextChoices):
    DEVICE_FILE = "device_file", _("Device file")
    FORM = "form", _("Form")
    API = "api", _("API")
    FHIR = "fhir", _("FHIR")
    DEMO = "demo", _("Demo data")
    WEARABLE = "wearable", _("Phone or watch export")


class Context(models.TextChoices):
    """Where a measurement was taken."""

    CENTRE = "centre", _("Welfare centre")
    CONFERENCE = "conference", _("Conference booth")
    GYM = "gym", _("Gym")
    HOME = "home", _("Home")
    CLINIC = "clinic", _("Clinic")
    OTHER = "other", _("Other")


class ImportKind(models.TextChoices):
    INBODY = "inbody", _("LookinBody export (CSV/XLSX)")
    FHIR = "fhir", _("FHIR R4 JSON")
    STEPS = "steps", _("Daily steps CSV")
    APPLE_HEALTH = "apple_health", _("Apple Health export (export.zip or export.xml)")
    SAMSUNG_HEALTH = "samsung_health", _("Samsung Health export (CSV files)")
    FITBIT = "fitbit", _("Fitbit export (Google Takeout)")
    OMH = "omh", _("Open mHealth / IEEE 1752.1 JSON")


# The kinds that are one person's own phone or watch export (no citizen column: the citizen is
# given with the file).
WEARABLE_KINDS = frozenset(
    {ImportKind.APPLE_HEALTH, ImportKind.SAMSUNG_HEALTH, ImportKind.FITBIT, ImportKind.OMH}
)


class RejectReason(models.TextChoices):
    NO_CITIZEN = "no_citizen", _("No matching citizen")
    AMBIGUOUS_CITIZEN = "ambiguous_citizen", _("More than one matching citizen")
    NO_CONSENT = "no_consent", _("No active consent for care")
    NOT_A_NUMBER = "not_a_number", _("Text in a number cell")
    IMPLAUSIBLE = "implausible", _("Impossible value")
    BAD_DATE = "bad_date", _("Date missing or unreadable")
    FUTURE_DATE = "future_date", _("Date in the future")
    MISSING_VALUE = "missing_value", _("A required value is missing")
    NO_VALUES = "no_values", _("No measured value in the row")
    UNKNOWN_CODE = "unknown_code", _("Unknown code")
    UNKNOWN_UNIT = "unknown_unit", _("Unknown unit")
    CONFLICT = "conflict", _("A different value is already recorded")
    MALFORMED = "malformed", _("Malformed row")
    NOT_ALLOWED = "not_allowed", _("Not allowed for this user")


class PlausibilityReason(models.TextChoices):
    """Why a day of steps is kept out of rewards (docs/methods.md, "Plausibility of steps")."""

    CADENCE = "cadence", _("Faster than anyone walks or runs")
    DAILY_LIMIT = "daily_limit", _("More than 100 000 steps in a day")
    PHONE_WITHOUT_WATCH = (
        "phone_without_watch",
        _("Phone counted steps while the worn watch counted none"),
    )
