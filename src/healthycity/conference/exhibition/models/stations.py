"""Booth measurement stations: one sitting on a body-composition analyser at a booth.

A result goes one of two ways (domain/stations.py):
- **filed**: the visitor was identified by their ticket, has a citizen record with an active care
  consent and asked for it — the sitting is imported into their health record through the
  health app's import code; `measurement` points to it and `values` is emptied.
- **slip**: otherwise — the values wait here, with the hash of a claim secret printed as a QR
  on a result slip. The citizen claims it once, before `claim_expires_at`, after logging in and
  consenting; it is then imported into their record (**claimed**) and `values` is emptied.
  Unclaimed results are erased when they expire (**expired**).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from healthycity.conference.exhibition.enums import MeasurementSource, MeasurementStatus
from healthycity.core.models import BaseModel


class BoothMeasurement(BaseModel):
    booth = models.ForeignKey(
        "exhibition.Booth",
        verbose_name=_("booth"),
        on_delete=models.PROTECT,
        related_name="measurements",
    )
    exhibitor = models.ForeignKey(
        "exhibition.Exhibitor",
        verbose_name=_("exhibitor"),
        on_delete=models.PROTECT,
        related_name="measurements",
    )
    measured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("measured by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=10, choices=MeasurementSource.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=MeasurementStatus.choices, db_index=True
    )
    taken_at = models.DateTimeField(_("taken at"))
    device_model = models.CharField(_("device model"), max_length=60, blank=True)
    device_serial = models.CharField(_("device serial"), max_length=60, blank=True)
    values = models.JSONField(
        _("values waiting to be claimed"),
        default=dict,
        blank=True,
        help_text=_("Field → number, validated; emptied once filed, claimed or expired."),
    )
    value_count = models.PositiveSmallIntegerField(_("values measured"), default=0)
    visit = models.ForeignKey(
        "exhibition.BoothVisit",
        verbose_name=_("visit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measurements",
    )
    measurement = models.ForeignKey(
        "health.Measurement",
        verbose_name=_("health record entry"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    claim_hash = models.CharField(_("claim secret (SHA-256)"), max_length=64, blank=True)
    claim_expires_at = models.DateTimeField(_("claim by"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed or claimed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-taken_at", "-id"]
        verbose_name = _("booth measurement")
        verbose_name_plural = _("booth measurements")
        indexes = [
            models.Index(fields=["exhibitor", "taken_at"]),
            models.Index(fields=["status", "claim_expires_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["claim_hash"],
                condition=~models.Q(claim_hash=""),
                name="one_booth_measurement_per_claim_secret",
            )
        ]

    def __str__(self) -> str:
        return f"{self.booth} {self.taken_at:%Y-%m-%d %H:%M} ({self.status})"
