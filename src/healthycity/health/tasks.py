"""Celery tasks of the health app (found by the Celery app's autodiscovery)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="healthycity.health.prepare_report", ignore_result=True)
def prepare_report_task(citizen_id: int, language: str) -> None:
    """Render the citizen's PDF report into the shared cache, if it is not there already."""
    from healthycity.health.report.pdf import prepare_report

    prepare_report(citizen_id, language=language)
