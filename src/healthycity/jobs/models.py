"""The job record: who asked for what, how far it got, and how it ended."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from healthycity.core.models import BaseModel
from healthycity.jobs.enums import FINISHED, JobState


class Job(BaseModel):
    """One piece of long work (an import, a snapshot, a PDF, an allocation solve).

    `kind` names a registered domain function (jobs.registry); `params` are its keyword
    arguments (JSON). The error is stored as a message id and its parameters, so the page shows
    it in the reader's language; `error_params["text"]` holds a message that the domain already
    rendered (in the owner's language, `language`)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="jobs",
        null=True,
        blank=True,
        help_text=_("Empty for a scheduled job (nightly snapshot, clean-ups)."),
    )
    kind = models.CharField(_("kind"), max_length=80)
    params = models.JSONField(_("parameters"), default=dict, encoder=DjangoJSONEncoder)
    language = models.CharField(_("language"), max_length=8, default="ko")
    state = models.CharField(
        _("state"), max_length=10, choices=JobState.choices, default=JobState.QUEUED
    )
    progress_done = models.BigIntegerField(_("progress (done)"), default=0)
    progress_total = models.BigIntegerField(_("progress (total)"), null=True, blank=True)
    result = models.JSONField(_("result"), null=True, blank=True, encoder=DjangoJSONEncoder)
    error_key = models.TextField(_("error message id"), blank=True)
    error_params = models.JSONField(_("error parameters"), default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("maximum attempts"), default=3)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="jobs_owner_recent"),
            models.Index(fields=["state", "heartbeat_at"], name="jobs_state_heartbeat"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.external_id} ({self.state})"

    @property
    def finished(self) -> bool:
        return self.state in FINISHED

    @property
    def percent(self) -> int | None:
        """0–100, or None while the total is unknown (an indeterminate bar)."""
        if self.state == JobState.DONE:
            return 100
        if not self.progress_total:
            return None
        return max(0, min(100, int(100 * self.progress_done / self.progress_total)))

    @property
    def error_message(self) -> str:
        """The reason it failed, in the active language ('' unless failed or retrying)."""
        if self.error_key:
            text = gettext(self.error_key)
            try:
                return text % self.error_params if self.error_params else text
            except (KeyError, TypeError, ValueError):
                return text
        return str(self.error_params.get("text", "")) if self.error_params else ""

    @property
    def label(self) -> str:
        from healthycity.jobs.registry import label_of

        return label_of(self.kind)

    @property
    def file(self) -> dict | None:
        """The file the job produced (`{"name", "content_type", "size"}`), if any."""
        found = (self.result or {}).get("file") if isinstance(self.result, dict) else None
        return found if isinstance(found, dict) and found.get("path") else None
