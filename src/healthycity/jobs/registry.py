"""Job kinds: a name, the domain function that does the work, and how it may fail.

Each app declares its kinds in `<app>/jobs.py` with the `job_kind` decorator; they are found
the first time a kind is looked up (web process and worker alike), so no shared file lists them.

    @job_kind("health.import", label=_("Device file import"), user_errors=(ImportFailed,))
    def import_upload(job, *, file, kind, dry_run=False):
        with job.open_input(file) as f:
            result = import_file(fileobj=f, kind=kind, by=job.owner, progress=job.progress)
        return result.as_dict()
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from healthycity.core.discovery import app_modules


@dataclass(frozen=True)
class JobKind:
    name: str
    run: Callable[..., dict | None]
    label: str  # a lazy translation
    user_errors: tuple[type[BaseException], ...] = ()
    max_attempts: int = 3
    time_limit: int = 3600  # seconds; the worker stops the job after this (Celery's hard limit)
    result_template: str = ""  # renders `result` on the job page; "" for the generic one


_KINDS: dict[str, JobKind] = {}
_loaded = False
_lock = threading.Lock()


def job_kind(
    name: str,
    *,
    label,
    user_errors: tuple[type[BaseException], ...] = (),
    max_attempts: int = 3,
    time_limit: int = 3600,
    result_template: str = "",
):
    """Register the decorated function as the job kind `name`.

    The function is called as `run(job, **params)` with a `JobContext` and must return a
    JSON-serialisable dict (the result) or None. Exceptions in `user_errors` (and `JobError`)
    fail the job with their message; database and network hiccups are retried up to
    `max_attempts` times, so the function must be idempotent (a rerun adds nothing twice)."""

    def register(func):
        existing = _KINDS.get(name)
        if existing is not None and existing.run is not func:
            raise ValueError(f"job kind {name!r} is registered twice")
        _KINDS[name] = JobKind(
            name=name,
            run=func,
            label=label,
            user_errors=tuple(user_errors),
            max_attempts=max_attempts,
            time_limit=time_limit,
            result_template=result_template,
        )
        return func

    return register


def load() -> None:
    """Import every app's `jobs` module once (they register their kinds)."""
    global _loaded
    if _loaded:
        return
    with _lock:
        if not _loaded:
            app_modules("jobs")
            _loaded = True


def get(name: str) -> JobKind:
    load()
    try:
        return _KINDS[name]
    except KeyError:
        raise LookupError(f"no job kind {name!r} is registered") from None


def kinds() -> dict[str, JobKind]:
    load()
    return dict(_KINDS)


def label_of(name: str) -> str:
    try:
        return str(get(name).label)
    except LookupError:
        return _("Background job")
