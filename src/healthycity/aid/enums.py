"""Choices of the aid app."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", pgettext_lazy("programme", "Active")
    CLOSED = "closed", _("Closed")


class CycleStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("cycle", "Open for enrolment")
    APPROVED = "approved", pgettext_lazy("cycle", "Approved")
    CLOSED = "closed", pgettext_lazy("cycle", "Closed")


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    EXITED = "exited", _("Exited")


class ExitReason(models.TextChoices):
    MOVED = "moved", _("Moved away")
    DECLINED = "declined", _("Declined further support")
    NOT_ELIGIBLE = "not_eligible", _("No longer eligible")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn")
    DECEASED = "deceased", _("Deceased")
    OTHER = "other", _("Other")


class LocationKind(models.TextChoices):
    WAREHOUSE = "warehouse", _("City warehouse")
    CENTRE = "centre", _("Welfare centre")


class LotStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered by the partner")
    RECEIVED = "received", _("Received by the city")
    REJECTED = "rejected", _("Rejected")


class MovementKind(models.TextChoices):
    RECEIPT = "receipt", _("Receipt of a donation")
    TRANSFER = "transfer", _("Transfer")
    HANDOVER = "handover", _("Hand-over to a citizen")
    WRITE_OFF = "write_off", _("Write-off (expired or damaged)")


class AllocationStatus(models.TextChoices):
    DRY_RUN = "dry_run", _("Dry run")
    APPROVED = "approved", _("Approved")
    SUPERSEDED = "superseded", _("Superseded")


class Indicator(models.TextChoices):
    """Target indicators a programme may follow (outcomes compare their change)."""

    SKELETAL_MUSCLE_MASS = "smm_kg", _("Skeletal muscle mass (kg)")
    HANDGRIP = "handgrip_kg", _("Handgrip strength (kg)")
    BMI = "bmi", _("Body-mass index (kg/m²)")
    SYSTOLIC_BP = "sbp_mmhg", _("Systolic blood pressure (mmHg)")
    DAILY_STEPS = "steps", _("Daily steps")
    BODY_FAT = "pbf_pct", _("Body fat (%)")
