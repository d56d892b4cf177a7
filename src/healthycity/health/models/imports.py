"""Import bookkeeping: every file read is a batch; every row we could not take is quarantined."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from healthycity.core.models import BaseModel
from healthycity.health.enums import ImportKind, RejectReason


class ImportBatch(BaseModel):
    """One file (or one API upload). Invariant once finished: imported + duplicates + rejected == read."""

    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    dry_run = models.BooleanField(_("dry run"), default=False)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    imported = models.PositiveIntegerField(_("imported"), default=0)
    duplicates = models.PositiveIntegerField(_("duplicates"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    report_path = models.CharField(_("quarantine report"), max_length=500, blank=True)
    error = models.TextField(_("file-level error"), blank=True)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name} ({self.started_at:%Y-%m-%d %H:%M})"

    @property
    def balanced(self) -> bool:
        return self.imported + self.duplicates + self.rejected == self.rows_read


class QuarantinedRow(models.Model):
    """A row we could not import: where it was, why (a code plus the message in the importer's
    language), and the raw text so that it can be fixed and re-imported."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="quarantine")
    line = models.PositiveIntegerField(_("line"))
    reason = models.CharField(_("reason"), max_length=30, choices=RejectReason.choices)
    column = models.CharField(_("column"), max_length=120, blank=True)
    message = models.TextField(_("message"))
    raw = models.TextField(_("raw row"), blank=True)

    class Meta:
        ordering = ["batch", "line", "id"]
        verbose_name = _("quarantined row")
        verbose_name_plural = _("quarantined rows")

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.line} {self.reason}"
