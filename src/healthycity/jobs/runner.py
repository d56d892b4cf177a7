"""Enqueue, claim, run, retry and recover jobs.

One code path whatever runs it: `execute(job_id)` claims the job, calls its domain function and
records the outcome. Where it runs depends on `settings.JOBS_MODE`:

- "celery" (REDIS_URL set): the Celery task `healthycity.jobs.run` calls `execute` in a worker;
- "thread" (the embedded default): a thread of the web process calls it, so the request that
  asked for the job returns at once and the page polls for progress;
- "sync" (tests): called before `enqueue` returns.

A job runs at most once at a time: `claim` moves it from queued to running in one UPDATE, so a
message delivered twice (Celery's late acknowledgement, a retry, the sweeper) finds it taken.
A running job whose heartbeat has stopped (its worker died) may be claimed again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import PurePosixPath
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.text import get_valid_filename

from healthycity.core.errors import MessageError
from healthycity.jobs import errors, registry
from healthycity.jobs.enums import JobState
from healthycity.jobs.models import Job

logger = logging.getLogger(__name__)

# Hiccups worth another attempt: the database or the network went away for a moment.
TRANSIENT: tuple[type[BaseException], ...] = (
    OperationalError,
    InterfaceError,
    ConnectionError,
    TimeoutError,
)


def mode() -> str:
    return settings.JOBS_MODE


# ---------------------------------------------------------------------------------------------
# Enqueue and dispatch


def enqueue(
    kind: str,
    *,
    owner,
    params: dict | None = None,
    files: dict[str, IO[bytes]] | None = None,
    language: str | None = None,
) -> Job:
    """Record a job of `kind` for `owner` and hand it to the runner.

    `params` (JSON) become the domain function's keyword arguments. Each entry of `files` (an
    uploaded file or any binary file object) is stored under the job's folder in the default
    storage and passed as its storage name under the same key; open it with
    `job.open_input(name)`. The job runs in `language` (default: the active one), so messages the
    domain renders are in the owner's language. Side effects: a Job row, stored files, a task on
    the broker after the transaction commits (or a thread, or an immediate run in tests).
    Raises LookupError for a kind nobody registered."""
    spec = registry.get(kind)
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    with transaction.atomic():
        job = Job.objects.create(
            owner=owner,
            kind=kind,
            params=dict(params or {}),
            language=language,
            max_attempts=spec.max_attempts,
        )
        if files:
            for key, fileobj in files.items():
                job.params[key] = store_input(job, fileobj)
            job.save(update_fields=["params", "updated_at"])
    if mode() == "sync":
        run_in_process(job.pk)
        job.refresh_from_db()
    else:
        transaction.on_commit(lambda: dispatch(job.pk))
    return job


def dispatch(job_id: int, *, countdown: float = 0) -> None:
    """Start the job (again): a Celery task, a thread, or a direct call, by `JOBS_MODE`.
    If the broker cannot be reached the job stays queued and the sweeper sends it later."""
    how = mode()
    if how == "celery":
        from healthycity.jobs.tasks import run_job_task

        spec = _spec_of(job_id)
        limit = spec.time_limit if spec else None
        try:
            run_job_task.apply_async(
                args=[job_id],
                countdown=countdown or None,
                time_limit=limit,
                soft_time_limit=max(1, limit - 15) if limit else None,
            )
        except Exception:  # noqa: BLE001 — any broker failure: keep the job queued, log it
            logger.exception("job %s: the broker did not take the task; it stays queued", job_id)
        return
    if how == "thread":
        thread = threading.Thread(
            target=_thread_main, args=(job_id, countdown), name=f"job-{job_id}", daemon=True
        )
        thread.start()
        return
    run_in_process(job_id)


def ahead(task, *args) -> None:
    """Run a Celery `task` with `args` soon, for work nobody follows: preparing ahead what a
    person is likely to ask for next (their PDF report after they log in). No Job row, no
    progress, no retries; a failure costs only the head start and is logged. Celery mode sends
    the task after the transaction commits (a broker that cannot be reached is logged, not
    raised); thread mode queues it for this process's one background thread (so that a burst
    of logins does not take every core from the requests); sync mode (tests) runs it before
    returning."""
    how = mode()
    if how == "celery":

        def send() -> None:
            try:
                task.apply_async(args=args)
            except Exception:  # noqa: BLE001 — a broker failure costs only the head start
                logger.warning("%s: the broker did not take the task", task.name, exc_info=True)

        transaction.on_commit(send)
        return
    if how == "thread":
        transaction.on_commit(lambda: _ahead_executor().submit(_ahead_main, task, args))
        return
    _ahead_main(task, args, close=False)


_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()


def _ahead_executor() -> ThreadPoolExecutor:
    """One background thread per process (made on first use, so in each gunicorn worker after
    the fork, never in the master)."""
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ahead")
        return _executor


def _ahead_main(task, args: tuple, *, close: bool = True) -> None:
    from django.db import connections

    try:
        task(*args)
    except Exception:  # noqa: BLE001 — nobody waits for it: log, and the request does the work
        logger.warning("%s%r failed", task.name, args, exc_info=True)
    finally:
        if close:
            connections.close_all()


def _spec_of(job_id: int):
    kind = Job.objects.filter(pk=job_id).values_list("kind", flat=True).first()
    try:
        return registry.get(kind) if kind else None
    except LookupError:
        return None


def _thread_main(job_id: int, countdown: float) -> None:
    from django.db import connections

    try:
        if countdown:
            time.sleep(countdown)
        run_in_process(job_id)
    except Exception:  # noqa: BLE001 — a thread has nobody to raise to
        logger.exception("job %s: the in-process runner failed", job_id)
    finally:
        connections.close_all()


def run_in_process(job_id: int) -> None:
    """Run the job here, with its retries (waiting `JOBS_RETRY_DELAY`-based back-off between)."""
    outcome = execute(job_id)
    while outcome.retry_in is not None:
        time.sleep(outcome.retry_in)
        outcome = execute(job_id)


# ---------------------------------------------------------------------------------------------
# Execute


@dataclass(frozen=True)
class Outcome:
    state: str  # the job's state afterwards, or "skipped" when it was not ours to run
    retry_in: float | None = None  # seconds until the next attempt, when one is due


def claim(job_id: int) -> Job | None:
    """Take the job: queued → running (or running again when its heartbeat has stopped),
    attempts + 1, in one UPDATE. None when it is finished, taken by a live worker, or out of
    attempts."""
    now = timezone.now()
    stale = now - timedelta(seconds=settings.JOBS_LEASE_SECONDS)
    taken = (
        Job.objects.filter(pk=job_id, attempts__lt=F("max_attempts"))
        .filter(Q(state=JobState.QUEUED) | Q(state=JobState.RUNNING, heartbeat_at__lt=stale))
        .update(
            state=JobState.RUNNING,
            attempts=F("attempts") + 1,
            started_at=now,
            heartbeat_at=now,
            updated_at=now,
        )
    )
    if not taken:
        return None
    return Job.objects.select_related("owner").get(pk=job_id)


def execute(job_id: int) -> Outcome:
    """Claim the job and run its domain function once; record done, failed or a retry.
    Never raises for the job's own errors: they end up on the job for its owner to read."""
    job = claim(job_id)
    if job is None:
        logger.info("job %s: not claimed (finished, running elsewhere or out of attempts)", job_id)
        return Outcome("skipped")
    try:
        spec = registry.get(job.kind)
    except LookupError:
        _fail(job, errors.UNKNOWN_KIND, {"kind": job.kind})
        return Outcome(JobState.FAILED)
    context = JobContext(job)
    reporter = _Reporter(context) if mode() != "sync" else None
    try:
        with translation.override(job.language), _reporting(reporter):
            result = spec.run(context, **job.params)
    except (MessageError, *spec.user_errors) as exc:
        _fail(job, *_message_of(exc))
        return Outcome(JobState.FAILED)
    except TRANSIENT as exc:
        return _after_transient(job, exc)
    except Exception as exc:
        if _is_time_limit(exc):
            _fail(job, errors.TOO_LONG, {"minutes": max(1, spec.time_limit // 60)})
            return Outcome(JobState.FAILED)
        logger.exception("job %s (%s) failed", job.external_id, job.kind)
        _fail(job, errors.UNEXPECTED, {})
        return Outcome(JobState.FAILED)
    _finish(job, context, result)
    return Outcome(JobState.DONE)


def _after_transient(job: Job, exc: BaseException) -> Outcome:
    logger.warning("job %s (%s) attempt %s: %r", job.external_id, job.kind, job.attempts, exc)
    _reset_connection()
    if job.attempts >= job.max_attempts:
        _fail(job, errors.GAVE_UP, {"attempts": job.attempts})
        return Outcome(JobState.FAILED)
    Job.objects.filter(pk=job.pk, state=JobState.RUNNING).update(
        state=JobState.QUEUED,
        error_key=errors.TEMPORARY,
        error_params={"attempt": job.attempts, "attempts": job.max_attempts},
        updated_at=timezone.now(),
    )
    delay = settings.JOBS_RETRY_DELAY * (2 ** (job.attempts - 1))
    if mode() == "celery":
        dispatch(job.pk, countdown=delay)
        return Outcome(JobState.QUEUED)
    return Outcome(JobState.QUEUED, retry_in=delay)


def _reset_connection() -> None:
    """After a database error the connection may be dead; outside a transaction, start afresh."""
    if not connection.in_atomic_block:
        connection.close()


def _is_time_limit(exc: BaseException) -> bool:
    return type(exc).__name__ in {"SoftTimeLimitExceeded", "TimeLimitExceeded"}


def _message_of(exc: BaseException) -> tuple[str, dict]:
    key = getattr(exc, "message_key", None)
    if key:
        params = getattr(exc, "message_params", None) or {}
        return str(key), {k: _jsonable(v) for k, v in params.items()}
    if isinstance(exc, ValidationError):
        return "", {"text": " ".join(str(m) for m in exc.messages)}
    return "", {"text": str(exc)}


def _jsonable(value):
    return value if isinstance(value, str | int | float | bool) or value is None else str(value)


def _fail(job: Job, key: str, params: dict) -> None:
    now = timezone.now()
    Job.objects.filter(pk=job.pk).update(
        state=JobState.FAILED,
        error_key=key,
        error_params=params,
        finished_at=now,
        heartbeat_at=now,
        updated_at=now,
    )
    _drop_inputs(job)


def _finish(job: Job, context: JobContext, result) -> None:
    now = timezone.now()
    result = dict(result or {})
    if context.output is not None:
        result["file"] = context.output
    Job.objects.filter(pk=job.pk).update(
        state=JobState.DONE,
        result=result,
        progress_done=context.done if context.total is None else context.total,
        progress_total=context.total,
        error_key="",
        error_params={},
        finished_at=now,
        heartbeat_at=now,
        updated_at=now,
    )
    _drop_inputs(job)


# ---------------------------------------------------------------------------------------------
# What the domain function sees


class JobContext:
    """Handed to the domain function as its first argument.

    - `owner`: the user who asked; `job`: the Job row; `params`: its parameters.
    - `progress(done, total=None)`: report progress; the same signature as the CLI's rich
      progress callbacks, so a domain function that takes `progress=` takes `job.progress`.
    - `open_input(name)`: a stored upload, opened for binary reading.
    - `save_output(filename, content, content_type)`: the file the owner downloads from the
      job page (one per job; saving again replaces it, so a retry leaves one file)."""

    def __init__(self, job: Job):
        self.job = job
        self.owner = job.owner
        self.params = dict(job.params)
        self.done = 0
        self.total: int | None = None
        self.output: dict | None = None
        self._written = 0.0

    def progress(self, done: int, total: int | None = None) -> None:
        self.done, self.total = int(done), (None if total is None else int(total))
        if mode() == "sync":
            now = time.monotonic()
            if now - self._written >= 0.5:
                self._written = now
                _write_progress(self.job.pk, self.done, self.total)

    def open_input(self, name: str) -> IO[bytes]:
        return default_storage.open(name, "rb")

    def save_output(self, filename: str, content: bytes | IO[bytes], content_type: str) -> dict:
        path = f"{_folder(self.job)}/out/{get_valid_filename(filename)}"
        if default_storage.exists(path):
            default_storage.delete(path)
        body = ContentFile(content) if isinstance(content, bytes) else File(content)
        saved = default_storage.save(path, body)
        self.output = {
            "path": saved,
            "name": PurePosixPath(filename).name,
            "content_type": content_type,
            "size": default_storage.size(saved),
        }
        return self.output


def _write_progress(job_pk: int, done: int, total: int | None) -> None:
    Job.objects.filter(pk=job_pk, state=JobState.RUNNING).update(
        progress_done=done, progress_total=total, heartbeat_at=timezone.now()
    )


class _Reporter(threading.Thread):
    """Writes the job's progress and heartbeat from its own database connection, so they are
    seen while the domain function works inside a transaction, and a dead worker is noticed
    (its heartbeat stops)."""

    def __init__(self, context: JobContext):
        super().__init__(name=f"job-{context.job.pk}-reporter", daemon=True)
        self.context = context
        self.stopped = threading.Event()
        self._last: tuple[int, int | None] | None = None
        self._beat = 0.0

    def run(self) -> None:
        from django.db import connections

        try:
            while not self.stopped.wait(settings.JOBS_PROGRESS_INTERVAL):
                self.flush()
        finally:
            connections.close_all()

    def flush(self) -> None:
        now = time.monotonic()
        current = (self.context.done, self.context.total)
        if current == self._last and now - self._beat < settings.JOBS_LEASE_SECONDS / 4:
            return
        try:
            _write_progress(self.context.job.pk, *current)
        except DatabaseError:  # busy (SQLite) or briefly away: the next beat tries again
            logger.debug("job %s: progress not written", self.context.job.pk, exc_info=True)
            return
        self._last, self._beat = current, now


@contextmanager
def _reporting(reporter: _Reporter | None):
    if reporter is None:
        yield
        return
    reporter.start()
    try:
        yield
    finally:
        reporter.stopped.set()
        reporter.join(timeout=settings.JOBS_PROGRESS_INTERVAL * 5)


# ---------------------------------------------------------------------------------------------
# Files


def _folder(job: Job) -> str:
    return f"jobs/{job.external_id}"


def store_input(job: Job, fileobj: IO[bytes]) -> str:
    name = get_valid_filename(PurePosixPath(getattr(fileobj, "name", "") or "upload").name)
    if hasattr(fileobj, "seek"):
        fileobj.seek(0)
    return default_storage.save(f"{_folder(job)}/in/{name}", File(fileobj, name=name))


def _drop_inputs(job: Job) -> None:
    """Uploads hold personal data: once the job has finished they have served their purpose
    (the records are in the database, rejected rows in the quarantine)."""
    folder = f"{_folder(job)}/in"
    try:
        _dirs, names = default_storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError, OSError):
        return
    for name in names:
        default_storage.delete(f"{folder}/{name}")


def purge(*, older_than_days: int) -> int:
    """Delete the files of jobs finished more than `older_than_days` ago; the rows stay (who
    ran what, when) and their result says the file has expired. Returns the number of files."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    count = 0
    finished = Job.objects.filter(finished_at__lt=cutoff, result__has_key="file")
    for job in finished.iterator():
        file = job.file
        if file is None:
            continue
        if default_storage.exists(file["path"]):
            default_storage.delete(file["path"])
            count += 1
        job.result["file"] = {**file, "path": "", "expired": True}
        job.save(update_fields=["result", "updated_at"])
    return count


# ---------------------------------------------------------------------------------------------
# Recovery


def recover() -> dict[str, int]:
    """Find jobs that lost their worker or their message, and start them again (or fail them
    when they are out of attempts). Run by the beat schedule every few minutes and at start-up
    of the in-process runner."""
    now = timezone.now()
    stale = now - timedelta(seconds=settings.JOBS_LEASE_SECONDS)
    counts = {"restarted": 0, "failed": 0, "resent": 0}
    for job in Job.objects.filter(state=JobState.RUNNING, heartbeat_at__lt=stale):
        if job.attempts >= job.max_attempts:
            _fail(job, errors.WORKER_LOST, {"attempt": job.attempts, "attempts": job.max_attempts})
            counts["failed"] += 1
        else:
            updated = Job.objects.filter(
                pk=job.pk, state=JobState.RUNNING, heartbeat_at__lt=stale
            ).update(
                state=JobState.QUEUED,
                error_key=errors.WORKER_LOST,
                error_params={"attempt": job.attempts, "attempts": job.max_attempts},
                updated_at=now,
            )
            if updated:
                dispatch(job.pk)
                counts["restarted"] += 1
    waiting = now - timedelta(seconds=settings.JOBS_RESEND_AFTER)
    for pk in Job.objects.filter(state=JobState.QUEUED, updated_at__lt=waiting).values_list(
        "pk", flat=True
    ):
        Job.objects.filter(pk=pk).update(updated_at=now)
        dispatch(pk)
        counts["resent"] += 1
    return counts


def run_now(job: Job) -> Job:
    """Run a queued job in this process and return it refreshed (commands and tests)."""
    run_in_process(job.pk)
    job.refresh_from_db()
    return job


Progress = Callable[[int, int | None], None]
