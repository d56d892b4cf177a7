from django.db import models
from django.utils.translation import gettext_lazy as _


class EntryKind(models.TextChoices):
    """What a line of the points ledger is for: one day, or one (ISO) week."""

    DAY = "day", _("Daily goal")
    WEEK = "week", _("Weekly goal")


class EntryReason(models.TextChoices):
    AWARD = "award", _("Goal met")
    CORRECTION = "correction", _("Correction (the steps of the day changed or were flagged)")
    CAP = "cap", _("Reduced to the half-year cap")
    RULES = "rules", _("Recalculated under the mission's rules")
