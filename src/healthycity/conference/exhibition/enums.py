"""Choices of the exhibition app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ExhibitorKind(models.TextChoices):
    PARTNER = "partner", _("Partner company")
    EXHIBITOR = "exhibitor", _("Exhibitor")


class LeadField(models.TextChoices):
    """What a visitor may share with an exhibitor; each one is chosen separately."""

    NAME = "name", _("Name")
    AFFILIATION = "affiliation", _("City or organisation")
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")
    COUNTRY = "country", _("Country")


class ScanResult(models.TextChoices):
    """What a booth scanner answers."""

    LEAD = "lead", _("Visit recorded; the visitor shares contact details with you")
    VISIT = "visit", _("Visit recorded anonymously (no consent to share contact details)")
    UNKNOWN = "unknown", _("Unknown ticket")
    CANCELLED = "cancelled", _("Registration cancelled")
    WRONG_EVENT = "wrong_event", _("Ticket of another event")


class MeasurementSource(models.TextChoices):
    FILE = "file", _("LookinBody export file")
    FORM = "form", _("Form")


class MeasurementStatus(models.TextChoices):
    FILED = "filed", _("Saved to the visitor's health record")
    SLIP = "slip", _("Result slip, waiting to be claimed")
    CLAIMED = "claimed", _("Claimed into the citizen's health record")
    EXPIRED = "expired", _("Not claimed in time; values deleted")
