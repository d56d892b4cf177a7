"""Walking missions: a mission and its reward rules (versioned: a change of rules is a new
`MissionTerms` from a date, so that it can be evaluated), the age rules of each version, the
citizens taking part, and the append-only points ledger."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from healthycity.core.models import AppendOnlyModel, BaseModel
from healthycity.missions.enums import EntryKind, EntryReason


class Mission(BaseModel):
    """A walking mission officials define (e.g. "Walk 8 000 steps a day")."""

    name_ko = models.CharField(_("name (Korean)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    summary_ko = models.TextField(_("summary (Korean)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on", "id"]
        verbose_name = _("walking mission")
        verbose_name_plural = _("walking missions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="mission_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name()

    def name(self, language: str | None = None) -> str:
        return (
            self.name_en if (language or get_language() or "ko").startswith("en") else self.name_ko
        )

    def summary(self, language: str | None = None) -> str:
        lang = language or get_language() or "ko"
        return self.summary_en if lang.startswith("en") else self.summary_ko

    def runs_on(self, day) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


class MissionTerms(BaseModel):
    """The reward rules of a mission from `effective_from` on, until the next version."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="terms")
    effective_from = models.DateField(_("effective from"))
    points_per_day = models.PositiveIntegerField(
        _("points per day the goal is met"), validators=[MaxValueValidator(100_000)]
    )
    week_goal_days = models.PositiveSmallIntegerField(
        _("days in a week for the weekly bonus (0: no bonus)"),
        default=0,
        validators=[MaxValueValidator(7)],
    )
    points_per_week = models.PositiveIntegerField(
        _("weekly bonus points"), default=0, validators=[MaxValueValidator(1_000_000)]
    )
    half_year_cap = models.PositiveIntegerField(
        _("most points in a half-year (0: no cap)"),
        default=0,
        validators=[MaxValueValidator(100_000_000)],
    )
    note = models.TextField(_("why the rules changed"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["mission", "effective_from"]
        verbose_name = _("mission rules")
        verbose_name_plural = _("mission rules")
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "effective_from"], name="one_rules_version_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.mission} from {self.effective_from}"


class MissionGoal(models.Model):
    """An age rule of one rules version: from `from_age` (inclusive) to `to_age` (exclusive;
    empty = no upper bound), the daily goal is `daily_steps`. Ages are in whole years as on the
    day (the year of the day minus the birth year, as everywhere in the programme)."""

    terms = models.ForeignKey(MissionTerms, on_delete=models.CASCADE, related_name="goals")
    from_age = models.PositiveSmallIntegerField(_("from age"), default=0)
    to_age = models.PositiveSmallIntegerField(_("below age"), null=True, blank=True)
    daily_steps = models.PositiveIntegerField(
        _("daily steps goal"), validators=[MinValueValidator(1), MaxValueValidator(100_000)]
    )

    class Meta:
        ordering = ["terms", "from_age"]
        verbose_name = _("age rule")
        verbose_name_plural = _("age rules")

    def __str__(self) -> str:
        top = "" if self.to_age is None else str(self.to_age)
        return f"{self.from_age}-{top}: {self.daily_steps}"

    def covers(self, age: int) -> bool:
        return self.from_age <= age and (self.to_age is None or age < self.to_age)


class Participation(BaseModel):
    """A citizen taking part in a mission from `joined_on` until `left_on` (inclusive; empty =
    still taking part). Leaving and joining again makes a new row."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="participations")
    citizen = models.ForeignKey(
        "citizens.Citizen", on_delete=models.CASCADE, related_name="mission_participations"
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        ordering = ["mission", "citizen", "joined_on"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "citizen"],
                condition=models.Q(left_on__isnull=True),
                name="one_open_participation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.citizen_id} in {self.mission_id} from {self.joined_on}"

    def covers(self, day) -> bool:
        return self.joined_on <= day and (self.left_on is None or day <= self.left_on)


class PointsEntry(AppendOnlyModel):
    """One line of the points ledger. Never changed or deleted: a correction (the day's steps
    changed, the day was flagged, the cap applies) is a new line, so the sum of the lines of a
    (mission, kind, day) is what is owed for it and the history shows how it came about."""

    citizen = models.ForeignKey(
        "citizens.Citizen", on_delete=models.PROTECT, related_name="points_entries"
    )
    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="entries")
    terms = models.ForeignKey(MissionTerms, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("for"), max_length=10, choices=EntryKind.choices)
    on = models.DateField(_("day or first day of the week"))
    points = models.IntegerField(_("points"))
    steps = models.PositiveIntegerField(_("steps counted"), null=True, blank=True)
    goal = models.PositiveIntegerField(_("goal"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=20, choices=EntryReason.choices)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["citizen", "recorded_at", "id"]
        verbose_name = _("points entry")
        verbose_name_plural = _("points ledger")
        indexes = [models.Index(fields=["citizen", "mission", "kind", "on"])]

    def __str__(self) -> str:
        return f"{self.citizen_id} {self.kind} {self.on}: {self.points:+d}"


class MissionDay(models.Model):
    """A day of a participant in a mission, as the points were last worked out: the steps that
    counted (the day's largest unflagged count), the goal for their age under the rules of that
    day, whether it was met, and whether the day was flagged as implausible. Derived from the
    steps by `missions.domain.points.award` (recomputed when the steps change); progress pages
    and the equity indicators read it."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="days")
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.CASCADE, related_name="+")
    date = models.DateField(_("date"))
    steps = models.PositiveIntegerField(_("steps counted"))
    goal = models.PositiveIntegerField(_("goal"))
    met = models.BooleanField(_("goal met"))
    flagged = models.BooleanField(_("flagged as implausible"), default=False)

    class Meta:
        ordering = ["mission", "citizen", "date"]
        verbose_name = _("mission day")
        verbose_name_plural = _("mission days")
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "citizen", "date"], name="one_mission_day_per_date"
            )
        ]
        indexes = [models.Index(fields=["date", "mission"])]

    def __str__(self) -> str:
        return f"{self.citizen_id} {self.date} {self.steps}/{self.goal}"
