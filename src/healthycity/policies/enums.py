"""Choices of the practice library. Theme, award and rubric codes are data (policies/data/)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PracticeStatus(models.TextChoices):
    """draft → submitted → in review → published, or → returned (and back to submitted)."""

    DRAFT = "draft", pgettext_lazy("practice status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("practice status", "Submitted")
    IN_REVIEW = "in_review", pgettext_lazy("practice status", "In review")
    PUBLISHED = "published", pgettext_lazy("practice status", "Published")
    RETURNED = "returned", pgettext_lazy("practice status", "Returned")


# Which status may follow which (the domain refuses any other move).
TRANSITIONS = {
    PracticeStatus.DRAFT: {PracticeStatus.SUBMITTED},
    PracticeStatus.SUBMITTED: {PracticeStatus.IN_REVIEW, PracticeStatus.RETURNED},
    PracticeStatus.IN_REVIEW: {PracticeStatus.PUBLISHED, PracticeStatus.RETURNED},
    PracticeStatus.RETURNED: {PracticeStatus.SUBMITTED},
    PracticeStatus.PUBLISHED: {PracticeStatus.RETURNED},  # withdrawn for correction
}
EDITABLE = {PracticeStatus.DRAFT, PracticeStatus.RETURNED}


class ReviewOutcome(models.TextChoices):
    BEST_PRACTICE = "best_practice", _("Best practice")
    PROMISING = "promising", _("Promising practice")
    RETURNED = "returned", pgettext_lazy("review outcome", "Returned")


PUBLISHABLE_OUTCOMES = {ReviewOutcome.BEST_PRACTICE, ReviewOutcome.PROMISING}


class TargetGroup(models.TextChoices):
    ALL = "all_residents", _("All residents")
    CHILDREN = "children", _("Children and adolescents")
    OLDER = "older_people", _("Older people")
    WOMEN = "women", _("Women and girls")
    LOW_INCOME = "low_income", _("People on low incomes")
    DISABILITY = "disability", _("People with disabilities")
    MIGRANTS = "migrants", _("Migrants and refugees")
    WORKERS = "workers", _("Workers")
    CHRONIC = "chronic_disease", _("People with chronic conditions")


class EvaluationType(models.TextChoices):
    """Study designs as Cochrane EPOC classifies them (see data/evidence.toml for the levels)."""

    RCT = "rct", _("Randomised controlled trial")
    NON_RANDOMISED = "nrct", _("Non-randomised controlled trial")
    CONTROLLED_BEFORE_AFTER = "cba", _("Controlled before–after / difference in differences")
    TIME_SERIES = "its", _("Interrupted time series")
    BEFORE_AFTER = "before_after", _("Before–after without a comparison group")
    PROCESS = "process", _("Process evaluation / monitoring")
    NONE = "none", _("Not evaluated yet")


class Licence(models.TextChoices):
    CC_BY = "CC-BY-4.0", "CC BY 4.0"
    CC_BY_SA = "CC-BY-SA-4.0", "CC BY-SA 4.0"
    CC_BY_NC = "CC-BY-NC-4.0", "CC BY-NC 4.0"
    CC0 = "CC0-1.0", "CC0 1.0"
    RESERVED = "all-rights-reserved", _("All rights reserved (ask the city)")


LICENCE_URLS = {
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/",
    Licence.CC_BY_NC: "https://creativecommons.org/licenses/by-nc/4.0/",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
}


class PartnerSector(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    HEALTH = "health", _("Health services")
    COMPANY = "company", _("Company")
    NGO = "ngo", _("Civil society / NGO")
    ACADEMIA = "academia", _("University / research")
    COMMUNITY = "community", _("Community group")


class ResultGroup(models.TextChoices):
    ALL = "all", _("Everyone")
    DISTRICT = "district", _("District")
    INCOME_BAND = "income_band", _("Income band")
    OTHER = "other", _("Other group")


class TagKind(models.TextChoices):
    THEME = "theme", _("Theme")
    TARGET_GROUP = "target_group", _("Target group")
