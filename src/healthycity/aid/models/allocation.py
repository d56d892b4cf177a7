"""Allocations of a cycle: the solved plan, its explanation and the chosen enrolments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from healthycity.aid.enums import AllocationStatus
from healthycity.core.models import BaseModel


class Allocation(BaseModel):
    cycle = models.ForeignKey("aid.Cycle", on_delete=models.CASCADE, related_name="allocations")
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AllocationStatus.choices,
        default=AllocationStatus.DRY_RUN,
    )
    objective = models.FloatField(_("need-weighted coverage"), default=0)
    greedy_objective = models.FloatField(_("greedy baseline"), default=0)
    solve_seconds = models.FloatField(default=0)
    summary = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle"],
                condition=models.Q(status=AllocationStatus.APPROVED),
                name="aid_one_approved_allocation",
            )
        ]


class AllocationGroup(models.Model):
    """Explanation per (centre, need tier): eligible, enrolled, covered."""

    allocation = models.ForeignKey(Allocation, on_delete=models.CASCADE, related_name="groups")
    centre = models.ForeignKey("places.WelfareCentre", on_delete=models.PROTECT, related_name="+")
    tier = models.PositiveSmallIntegerField()
    eligible = models.PositiveIntegerField(default=0)
    enrolled = models.PositiveIntegerField(default=0)
    covered = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.centre_id}/{self.tier}: {self.covered}/{self.enrolled}"


class AllocationLine(models.Model):
    """Units of a lot planned for a centre."""

    allocation = models.ForeignKey(Allocation, on_delete=models.CASCADE, related_name="lines")
    centre = models.ForeignKey("places.WelfareCentre", on_delete=models.PROTECT, related_name="+")
    lot = models.ForeignKey("aid.DonationLot", on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.lot_id} → {self.centre_id}: {self.quantity}"


class AllocatedEnrolment(models.Model):
    """An enrolled citizen the plan covers in this cycle."""

    allocation = models.ForeignKey(Allocation, on_delete=models.CASCADE, related_name="covered")
    enrolment = models.ForeignKey("aid.Enrolment", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["allocation", "enrolment"], name="aid_alloc_enrol_once")
        ]

    def __str__(self) -> str:
        return f"{self.allocation_id}: {self.enrolment_id}"
