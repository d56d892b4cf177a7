"""The latest personal assessment of each citizen, denormalised for fast eligibility queries."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AssessmentSnapshot(models.Model):
    """One row per assessed citizen, refreshed from the health app's latest personal assessment
    by `aid.domain.snapshots.refresh_snapshots` (command `healthycity aid refresh-snapshots`).
    Values use the vocabularies of `aid.eligibility.attributes`."""

    citizen = models.OneToOneField(
        "citizens.Citizen", on_delete=models.CASCADE, primary_key=True, related_name="aid_snapshot"
    )
    measured_on = models.DateField(_("assessed on"), null=True, blank=True)
    bmi = models.FloatField(_("BMI"), null=True, blank=True)
    obesity_class = models.CharField(_("obesity class"), max_length=20, blank=True, null=True)
    sarcopenia = models.CharField(_("sarcopenia"), max_length=20, blank=True, null=True)
    bp_class = models.CharField(_("blood-pressure class"), max_length=20, blank=True, null=True)
    steps_goal_met = models.BooleanField(_("daily-steps goal met"), null=True, blank=True)
    refreshed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("assessment snapshot")
        verbose_name_plural = _("assessment snapshots")
        indexes = [models.Index(fields=["sarcopenia"]), models.Index(fields=["measured_on"])]

    def __str__(self) -> str:
        return f"{self.citizen_id} @ {self.measured_on}"


class OutcomeObservation(models.Model):
    """A value of a target indicator for a citizen on a day: follow-up measurements of
    beneficiaries and the health app's measurements of comparison citizens."""

    citizen = models.ForeignKey(
        "citizens.Citizen", on_delete=models.CASCADE, related_name="aid_observations"
    )
    indicator = models.CharField(_("indicator"), max_length=20)
    measured_on = models.DateField(_("measured on"))
    value = models.FloatField(_("value"))
    follow_up = models.BooleanField(_("programme follow-up"), default=False)
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("outcome observation")
        verbose_name_plural = _("outcome observations")
        indexes = [models.Index(fields=["indicator", "citizen", "measured_on"])]

    def __str__(self) -> str:
        return f"{self.citizen_id} {self.indicator}={self.value}"
