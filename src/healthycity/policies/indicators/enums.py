from django.db import models
from django.utils.translation import gettext_lazy as _


class Framework(models.TextChoices):
    """Where an indicator's definition comes from."""

    ISO37120 = "iso37120", _("ISO 37120 (city indicators)")
    GHO = "gho", _("WHO Global Health Observatory")
    PLATFORM = "platform", _("This platform (equity analytics)")
    CITY = "city", _("Added by an official")


class FileKind(models.TextChoices):
    GHO = "gho", _("WHO GHO OData JSON")
    SDMX_CSV = "sdmx-csv", _("SDMX-CSV")


class RejectReason(models.TextChoices):
    """Why a row of an indicator file was not imported (the quarantine's reason codes)."""

    MALFORMED = "malformed", _("Malformed row")
    MISSING_VALUE = "missing_value", _("A required value is missing")
    NOT_A_NUMBER = "not_a_number", _("Not a number")
    BAD_PERIOD = "bad_period", _("Not a period")
    UNKNOWN_INDICATOR = "unknown_indicator", _("Indicator not in the catalogue")
    UNKNOWN_AREA = "unknown_area", _("Neither a member city nor a country")
    NOT_ALLOWED = "not_allowed", _("Not your city")
    BAD_INTERVAL = "bad_interval", _("Interval does not contain the value")
    WRONG_UNIT = "wrong_unit", _("Unit differs from the catalogue")
    UNSUPPORTED = "unsupported", _("Not supported")
    CONFLICT = "conflict", _("Already recorded with another value")


class Colour(models.TextChoices):
    """Urban HEART's matrix colours (see docs/methods.md)."""

    GREEN = "green", _("Good")
    YELLOW = "yellow", _("Fair")
    RED = "red", _("Poor")
    NONE = "none", _("No benchmark")
