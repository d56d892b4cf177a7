"""Base model and the append-only access log."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
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
    """Who looked at whose health record, what, when and why (PIPA art. 29 safeguards)."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
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

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [models.Index(fields=["citizen", "-at"]), models.Index(fields=["actor", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_id} → {self.citizen_id}: {self.action}"
