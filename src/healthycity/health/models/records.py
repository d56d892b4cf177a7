"""One row per sitting: every value a body-composition analyser, a tape, a cuff, a dynamometer
or a stopwatch gives, as typed nullable columns with plausible ranges (data/codes.csv).

Why one wide row rather than child tables: analytics reads whole sittings (BMI with waist, SMI with
grip), a single table needs no joins, and a device export loads with one COPY. Empty columns cost
PostgreSQL one bit each.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from healthycity.core.models import BaseModel
from healthycity.health.enums import Context, PlausibilityReason, SourceKind
from healthycity.health.validators import (
    PlausibleRange,
    validate_not_future_date,
    validate_taken_at,
)


def _real(field: str, label):
    return models.FloatField(label, null=True, blank=True, validators=[PlausibleRange(field)])


def _int(field: str, label):
    return models.PositiveSmallIntegerField(
        label, null=True, blank=True, validators=[PlausibleRange(field)]
    )


class Measurement(BaseModel):
    """One sitting of one citizen: when, where, from which source, and the values measured.

    Natural key (idempotency): citizen + taken_at + device_serial ('' without a device)."""

    citizen = models.ForeignKey(
        "citizens.Citizen",
        verbose_name=_("citizen"),
        on_delete=models.CASCADE,
        related_name="measurements",
    )
    taken_at = models.DateTimeField(_("taken at"), validators=[validate_taken_at])
    context = models.CharField(
        _("where"), max_length=12, choices=Context.choices, default=Context.CENTRE
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=12, choices=SourceKind.choices)
    device_model = models.CharField(_("device model"), max_length=60, blank=True)
    device_serial = models.CharField(_("device serial"), max_length=60, blank=True, default="")
    batch = models.ForeignKey(
        "health.ImportBatch",
        verbose_name=_("import batch"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measurements",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    # Anthropometry
    height_cm = _real("height_cm", _("height (cm)"))
    waist_cm = _real("waist_cm", _("waist (cm)"))
    # Body composition (InBody result sheet)
    weight_kg = _real("weight_kg", _("weight (kg)"))
    tbw_l = _real("tbw_l", _("total body water (L)"))
    icw_l = _real("icw_l", _("intracellular water (L)"))
    ecw_l = _real("ecw_l", _("extracellular water (L)"))
    protein_kg = _real("protein_kg", _("protein (kg)"))
    minerals_kg = _real("minerals_kg", _("minerals (kg)"))
    bfm_kg = _real("bfm_kg", _("body fat mass (kg)"))
    ffm_kg = _real("ffm_kg", _("fat-free mass (kg)"))
    smm_kg = _real("smm_kg", _("skeletal muscle mass (kg)"))
    bmi = _real("bmi", _("BMI (kg/m²)"))
    pbf_percent = _real("pbf_percent", _("percent body fat (%)"))
    ecw_tbw = _real("ecw_tbw", _("ECW/TBW"))
    vfl = _int("vfl", _("visceral fat level"))
    bmr_kcal = _int("bmr_kcal", _("basal metabolic rate (kcal)"))
    inbody_score = _int("inbody_score", _("InBody score"))
    whr = _real("whr", _("waist-hip ratio"))
    phase_angle_deg = _real("phase_angle_deg", _("phase angle (°)"))
    asm_kg = _real("asm_kg", _("appendicular skeletal muscle mass (kg)"))
    smi_kg_m2 = _real("smi_kg_m2", _("skeletal muscle index (kg/m²)"))
    # Segmental lean (kg and % of the device's standard)
    lean_right_arm_kg = _real("lean_right_arm_kg", _("lean mass, right arm (kg)"))
    lean_left_arm_kg = _real("lean_left_arm_kg", _("lean mass, left arm (kg)"))
    lean_trunk_kg = _real("lean_trunk_kg", _("lean mass, trunk (kg)"))
    lean_right_leg_kg = _real("lean_right_leg_kg", _("lean mass, right leg (kg)"))
    lean_left_leg_kg = _real("lean_left_leg_kg", _("lean mass, left leg (kg)"))
    lean_right_arm_pct = _real(
        "lean_right_arm_pct", _("lean mass, right arm (percent of standard)")
    )
    lean_left_arm_pct = _real("lean_left_arm_pct", _("lean mass, left arm (percent of standard)"))
    lean_trunk_pct = _real("lean_trunk_pct", _("lean mass, trunk (percent of standard)"))
    lean_right_leg_pct = _real(
        "lean_right_leg_pct", _("lean mass, right leg (percent of standard)")
    )
    lean_left_leg_pct = _real("lean_left_leg_pct", _("lean mass, left leg (percent of standard)"))
    # Segmental fat
    fat_right_arm_kg = _real("fat_right_arm_kg", _("fat mass, right arm (kg)"))
    fat_left_arm_kg = _real("fat_left_arm_kg", _("fat mass, left arm (kg)"))
    fat_trunk_kg = _real("fat_trunk_kg", _("fat mass, trunk (kg)"))
    fat_right_leg_kg = _real("fat_right_leg_kg", _("fat mass, right leg (kg)"))
    fat_left_leg_kg = _real("fat_left_leg_kg", _("fat mass, left leg (kg)"))
    fat_right_arm_pct = _real("fat_right_arm_pct", _("fat mass, right arm (percent of standard)"))
    fat_left_arm_pct = _real("fat_left_arm_pct", _("fat mass, left arm (percent of standard)"))
    fat_trunk_pct = _real("fat_trunk_pct", _("fat mass, trunk (percent of standard)"))
    fat_right_leg_pct = _real("fat_right_leg_pct", _("fat mass, right leg (percent of standard)"))
    fat_left_leg_pct = _real("fat_left_leg_pct", _("fat mass, left leg (percent of standard)"))
    # Impedances (Ohm) where the device gives them
    z20_right_arm_ohm = _real("z20_right_arm_ohm", _("impedance 20 kHz, right arm (Ω)"))
    z20_left_arm_ohm = _real("z20_left_arm_ohm", _("impedance 20 kHz, left arm (Ω)"))
    z20_trunk_ohm = _real("z20_trunk_ohm", _("impedance 20 kHz, trunk (Ω)"))
    z20_right_leg_ohm = _real("z20_right_leg_ohm", _("impedance 20 kHz, right leg (Ω)"))
    z20_left_leg_ohm = _real("z20_left_leg_ohm", _("impedance 20 kHz, left leg (Ω)"))
    z100_right_arm_ohm = _real("z100_right_arm_ohm", _("impedance 100 kHz, right arm (Ω)"))
    z100_left_arm_ohm = _real("z100_left_arm_ohm", _("impedance 100 kHz, left arm (Ω)"))
    z100_trunk_ohm = _real("z100_trunk_ohm", _("impedance 100 kHz, trunk (Ω)"))
    z100_right_leg_ohm = _real("z100_right_leg_ohm", _("impedance 100 kHz, right leg (Ω)"))
    z100_left_leg_ohm = _real("z100_left_leg_ohm", _("impedance 100 kHz, left leg (Ω)"))
    # Vitals
    systolic_mmhg = _int("systolic_mmhg", _("systolic blood pressure (mmHg)"))
    diastolic_mmhg = _int("diastolic_mmhg", _("diastolic blood pressure (mmHg)"))
    heart_rate_bpm = _int("heart_rate_bpm", _("heart rate (/min)"))
    # Muscle function (AWGS 2019 inputs)
    grip_kg = _real("grip_kg", _("hand-grip strength (kg)"))
    gait_speed_mps = _real("gait_speed_mps", _("gait speed (m/s)"))
    chair_stand_s = _real("chair_stand_s", _("five-time chair stand (s)"))

    class Meta:
        ordering = ["citizen", "taken_at"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        constraints = [
            models.UniqueConstraint(
                fields=["citizen", "taken_at", "device_serial"], name="measurement_natural_key"
            )
        ]
        indexes = [models.Index(fields=["taken_at"])]

    def __str__(self) -> str:
        return f"{self.citizen_id} {self.taken_at:%Y-%m-%d %H:%M}"

    def values(self) -> dict[str, float | int]:
        """The measured values of this sitting, field → value, without the empty ones."""
        return {f: getattr(self, f) for f in VALUE_FIELDS if getattr(self, f) is not None}


class DailySteps(BaseModel):
    """Steps counted on one day by one wearable. Natural key: citizen + date + device.

    A phone or watch export gives the day's total as of the export (`exported_at`); a newer
    export of the same device replaces it and the old value is kept as a `StepsRevision`.
    `flagged` days (see `StepsFlag`) are shown to the citizen with the reason and earn no points."""

    citizen = models.ForeignKey(
        "citizens.Citizen",
        verbose_name=_("citizen"),
        on_delete=models.CASCADE,
        related_name="daily_steps",
    )
    date = models.DateField(_("date"), validators=[validate_not_future_date])
    steps = models.PositiveIntegerField(_("steps"), validators=[PlausibleRange("steps")])
    device = models.CharField(_("device"), max_length=60, blank=True, default="")
    source = models.CharField(
        _("source"), max_length=12, choices=SourceKind.choices, default=SourceKind.DEVICE_FILE
    )
    batch = models.ForeignKey(
        "health.ImportBatch",
        verbose_name=_("import batch"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="daily_steps",
    )
    exported_at = models.DateTimeField(_("as of (export time)"), null=True, blank=True)
    # db_default: bulk writers (the demo's COPY) that name only the older columns still work.
    flagged = models.BooleanField(_("flagged as implausible"), default=False, db_default=False)

    class Meta:
        ordering = ["citizen", "date"]
        verbose_name = _("daily steps")
        verbose_name_plural = _("daily steps")
        constraints = [
            models.UniqueConstraint(
                fields=["citizen", "date", "device"], name="daily_steps_natural_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.citizen_id} {self.date} {self.steps}"


class StepsFlag(models.Model):
    """Why a day of steps looks implausible: the reason, the moment it concerns (a record's
    start or an hour) and the figure that tripped the check (steps per minute, the day's total,
    the phone's steps in the hour). Recomputed whenever the day is imported again."""

    day = models.ForeignKey(DailySteps, on_delete=models.CASCADE, related_name="flags")
    reason = models.CharField(_("reason"), max_length=30, choices=PlausibilityReason.choices)
    at = models.DateTimeField(_("when"), null=True, blank=True)
    value = models.FloatField(_("value"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=120, blank=True)

    class Meta:
        ordering = ["day", "at", "id"]
        verbose_name = _("steps flag")
        verbose_name_plural = _("steps flags")

    def __str__(self) -> str:
        return f"{self.day_id} {self.reason}"


class StepsRevision(models.Model):
    """A value a day of steps had before a newer file corrected it (the latest export wins; the
    earlier values stay here, oldest first)."""

    day = models.ForeignKey(DailySteps, on_delete=models.CASCADE, related_name="revisions")
    steps = models.PositiveIntegerField(_("steps"))
    exported_at = models.DateTimeField(_("as of (export time)"), null=True, blank=True)
    flagged = models.BooleanField(_("flagged as implausible"), default=False)
    batch = models.ForeignKey(
        "health.ImportBatch",
        verbose_name=_("import batch"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    replaced_at = models.DateTimeField(_("replaced at"), auto_now_add=True)
    replaced_by = models.ForeignKey(
        "health.ImportBatch",
        verbose_name=_("replaced by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["day", "replaced_at", "id"]
        verbose_name = _("earlier value of a day of steps")
        verbose_name_plural = _("earlier values of days of steps")

    def __str__(self) -> str:
        return f"{self.day_id} {self.steps} (until {self.replaced_at:%Y-%m-%d})"


# The value columns of a Measurement, in catalogue order (every one has a row in data/codes.csv).
VALUE_FIELDS: tuple[str, ...] = tuple(
    f.name
    for f in Measurement._meta.local_fields
    if isinstance(f, models.FloatField | models.PositiveSmallIntegerField)
)
