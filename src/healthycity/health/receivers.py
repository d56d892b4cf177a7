"""Receivers of the health app (connected in HealthConfig.ready)."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from healthycity.accounts import roles


def prepare_report_on_login(sender, request, user, **kwargs) -> None:
    """A citizen who logs in is likely to open their PDF report: render it in the background
    (a worker, or a thread of this process) so that the download finds it ready. Nothing for
    anyone who is not a citizen; nothing when HEALTH_REPORT_AHEAD is off."""
    if not settings.HEALTH_REPORT_AHEAD:
        return
    citizen = roles.citizen_of(user)
    if citizen is None:
        return
    from healthycity.health.tasks import prepare_report_task
    from healthycity.jobs.runner import ahead

    language = translation.get_language() or settings.LANGUAGE_CODE
    ahead(prepare_report_task, citizen.pk, language)
