"""Base model and the append-only access log."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    """Every domain table: a UUID `external_id` for URLs and APIs, and timestamps."""

    external_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete a row of an append-only table."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model.__name__} is append-only; rows cannot be updated.")

    def delete(self):
        raise AppendOnlyError(f"{self.model.__name__} is append-only; rows cannot be deleted.")


class AppendOnlyModel(models.Model):
    """Rows are written once. Updates and deletes through the ORM raise `AppendOnlyError`;
    on PostgreSQL a trigger refuses them in the database as well (see the migration)."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} is append-only; rows cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{type(self).__name__} is append-only; rows cannot be deleted.")


class AccessLog(AppendOnlyModel):
    """Who looked at whose health record, what, when and why (PIPA art. 29 safeguards).

    Hash-chained like the distribution ledger (`core.chain`, `core.audit.verify_access_log`):
    `hash` = sha256(prev_hash + canonical JSON of the entry), `seq` its place in the chain,
    `AccessLogHead` the count and last hash, so a lost entry is found."""

    # Set by `core.audit` before the entry is hashed (auto_now_add would change it on save).
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_role = models.CharField(_("role"), max_length=20)
    citizen = models.ForeignKey(
        "citizens.Citizen", verbose_name=_("whom"), on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("what"), max_length=80)
    purpose = models.CharField(_("purpose"), max_length=200)
    path = models.CharField(_("page or endpoint"), max_length=300, blank=True)
    seq = models.PositiveBigIntegerField(_("sequence"), unique=True, null=True, editable=False)
    prev_hash = models.CharField(max_length=64, blank=True, editable=False)
    hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [models.Index(fields=["citizen", "-at"]), models.Index(fields=["actor", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_id} → {self.citizen_id}: {self.action}"


class AccessLogHead(models.Model):
    """The access log's chain head (one row, id=1): entries so far and the last hash. Appending
    locks it, so two entries never take the same place; it is never deleted."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}"
