"""Background work of the indicators app: an uploaded file is imported by a Celery task (in the
embedded default, without REDIS_URL, the same task runs in-process), never inside the request;
the upload page shows the batch until it has finished."""

from __future__ import annotations

from pathlib import Path

from healthycity.celery import app


@app.task
def import_uploaded_file(*, batch_id: int, path: str, kind: str, user_id: int, language: str):
    from django.utils import timezone, translation

    from healthycity.accounts.models import User
    from healthycity.policies.indicators.imports import ImportFailed, import_file
    from healthycity.policies.indicators.models import IndicatorImport

    batch = IndicatorImport.objects.get(pk=batch_id)
    with translation.override(language):
        try:
            import_file(
                path=path,
                kind=kind,
                by=User.objects.get(pk=user_id),
                dry_run=batch.dry_run,
                file_name=batch.file_name,
                batch=batch,
            )
        except ImportFailed as exc:
            if not batch.finished_at:
                batch.error, batch.finished_at = str(exc), timezone.now()
                batch.save(update_fields=["error", "finished_at"])
        finally:
            Path(path).unlink(missing_ok=True)
