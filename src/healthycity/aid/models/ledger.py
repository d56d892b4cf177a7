"""The distribution ledger: one append-only, hash-chained entry per hand-over."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from healthycity.core.models import AppendOnlyModel


class LedgerHead(models.Model):
    """The chain head (a single row, id=1). Appending locks it, so appends are serialised."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}"


class HandOver(AppendOnlyModel):
    """A hand-over of units of a lot to an enrolled citizen. `hash` = sha256(prev_hash +
    canonical JSON of the entry); see `aid.domain.ledger`."""

    seq = models.PositiveBigIntegerField(_("sequence"), unique=True)
    # Unique per user who sent it (Meta): one user's key means nothing to another.
    idempotency_key = models.CharField(_("request key"), max_length=80)
    recorded_at = models.DateTimeField(_("recorded at"))
    cycle = models.ForeignKey("aid.Cycle", on_delete=models.PROTECT, related_name="handovers")
    enrolment = models.ForeignKey(
        "aid.Enrolment", on_delete=models.PROTECT, related_name="handovers"
    )
    lot = models.ForeignKey("aid.DonationLot", on_delete=models.PROTECT, related_name="handovers")
    location = models.ForeignKey("aid.Location", on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(_("units"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    payload = models.JSONField(_("entry"))
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]
        constraints = [
            models.UniqueConstraint(
                fields=["by", "idempotency_key"], name="aid_handover_key_per_user"
            )
        ]
        verbose_name = _("hand-over")
        verbose_name_plural = _("hand-overs (ledger)")
