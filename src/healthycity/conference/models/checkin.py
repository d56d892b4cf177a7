"""Gates, scanner devices, check-in lists and the scans they record."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from healthycity.conference.enums import ListKind, ScanStatus
from healthycity.core.models import BaseModel
from healthycity.places.models import BilingualName


class Gate(BilingualName, BaseModel):
    """A place where tickets are scanned (an entrance, a workshop room's door)."""

    event = models.ForeignKey(
        "conference.Event", verbose_name=_("event"), on_delete=models.CASCADE, related_name="gates"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["event", "order", "id"]
        verbose_name = _("gate")
        verbose_name_plural = _("gates")


class Device(BaseModel):
    """A staff phone registered to a gate. Its `external_id` travels with every scan."""

    event = models.ForeignKey(
        "conference.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="devices",
    )
    gate = models.ForeignKey(
        Gate, verbose_name=_("gate"), on_delete=models.PROTECT, related_name="devices"
    )
    name = models.CharField(_("device name"), max_length=100)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    last_seen_at = models.DateTimeField(_("last seen"), null=True, blank=True)
    active = models.BooleanField(pgettext_lazy("scanner device", "active"), default=True)

    class Meta:
        ordering = ["event", "gate", "name"]
        verbose_name = _("scanner device")
        verbose_name_plural = _("scanner devices")

    def __str__(self) -> str:
        return f"{self.name} ({self.gate})"


class CheckinList(BilingualName, BaseModel):
    """What a scan admits to: entry on one day, or one limited session. Empty `categories` means
    every category."""

    event = models.ForeignKey(
        "conference.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="checkin_lists",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ListKind.choices)
    day = models.DateField(_("day"), null=True, blank=True)
    session = models.ForeignKey(
        "conference.Session",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="checkin_lists",
    )
    categories = models.ManyToManyField(
        "conference.RegistrationCategory",
        verbose_name=_("categories admitted"),
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["event", "kind", "day", "id"]
        verbose_name = _("check-in list")
        verbose_name_plural = _("check-in lists")


class Checkin(models.Model):
    """One scan and its answer. The first valid scan of a ticket on a list is *the* check-in
    (status ok; a partial unique index makes a second one impossible); later scans are kept with
    status already. `(device, nonce)` is unique, so a retried upload records nothing new."""

    checkin_list = models.ForeignKey(
        CheckinList,
        verbose_name=_("check-in list"),
        on_delete=models.CASCADE,
        related_name="checkins",
    )
    ticket = models.ForeignKey(
        "conference.Ticket",
        verbose_name=_("ticket"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="checkins",
    )
    device = models.ForeignKey(
        Device, verbose_name=_("device"), on_delete=models.PROTECT, related_name="checkins"
    )
    nonce = models.CharField(_("client nonce"), max_length=64)
    status = models.CharField(_("answer"), max_length=12, choices=ScanStatus.choices)
    first = models.ForeignKey(
        "self",
        verbose_name=_("first check-in"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    scanned_at = models.DateTimeField(_("scanned at (device clock)"))
    received_at = models.DateTimeField(pgettext_lazy("check-in", "received at"), auto_now_add=True)
    offline = models.BooleanField(_("uploaded from the offline queue"), default=False)
    payload_hash = models.CharField(_("payload hash (unknown tickets)"), max_length=64, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        indexes = [
            models.Index(fields=["checkin_list", "status"]),
            models.Index(fields=["device", "received_at"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["device", "nonce"], name="scan_nonce_per_device"),
            models.UniqueConstraint(
                fields=["checkin_list", "ticket"],
                condition=models.Q(status=ScanStatus.OK),
                name="one_checkin_per_ticket_and_list",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.checkin_list} · {self.status}"
