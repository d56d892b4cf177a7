from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")


class IncomeBand(models.TextChoices):
    """Ordered from least to most advantaged (the order matters for SII/RII)."""

    BASIC_LIVELIHOOD = "basic_livelihood", _("Basic livelihood security recipient")
    NEAR_POOR = "near_poor", _("Near-poor")
    Q1 = "q1", _("Income quintile 1 (lowest)")
    Q2 = "q2", _("Income quintile 2")
    Q3 = "q3", _("Income quintile 3")
    Q4 = "q4", _("Income quintile 4")
    Q5 = "q5", _("Income quintile 5 (highest)")


INCOME_BAND_ORDER = {band.value: i + 1 for i, band in enumerate(IncomeBand)}


class ConsentPurpose(models.TextChoices):
    CARE = "care", _("Health care and follow-up by my welfare centre")
    AID = "aid", _("Support programmes (aid)")
    STATISTICS = "statistics", _("Anonymised statistics")
    PARTNER_FEEDBACK = "partner_feedback", _("Linking my product feedback to coarse health context")
    CONFERENCE = "conference", _("Conference registration")
