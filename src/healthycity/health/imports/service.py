"""`import_file`: one file in, every row accounted for."""

from __future__ import annotations

import hashlib
import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from django.db import connection, connections
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from healthycity.health.enums import WEARABLE_KINDS, Context, ImportKind, SourceKind
from healthycity.health.imports import inbody, steps
from healthycity.health.imports.base import ImportFailed, ImportResult, Quarantine, rolled_back
from healthycity.health.imports.chunks import CHUNK_ROWS, Chunk
from healthycity.health.imports.loader import MeasurementWriter, StepsWriter
from healthycity.health.imports.tables import read_blocks, read_table
from healthycity.health.models import ImportBatch
from healthycity.health.signals import steps_recorded


def import_file(
    *,
    path: str | Path | None = None,
    fileobj: IO[bytes] | None = None,
    kind: str,
    by=None,
    citizen=None,
    dry_run: bool = False,
    file_name: str = "",
    context: str = Context.CENTRE,
    place: str = "",
    scoped: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Import one file of `kind` (inbody | fhir | steps | apple_health | samsung_health | fitbit
    | omh) from `path` or a binary `fileobj` (a phone or watch export may also be a folder).

    `by` is the user it is attributed to; when it is a worker, only their centre's citizens may be
    filed. `citizen` files FHIR resources whose subject is foreign (Patient/example) for that
    citizen. Side effects: an ImportBatch, the new records, QuarantinedRow rows and a CSV report
    under var/imports/ (also for a dry run, which rolls back everything else).
    Raises ImportFailed (message for the user) when the file as a whole cannot be read.
    """
    kind = ImportKind(kind)
    if kind in WEARABLE_KINDS:
        from healthycity.health.imports.wearables import import_export

        return import_export(
            kind=kind, citizen=citizen, path=path, fileobj=fileobj, by=by, dry_run=dry_run,
            file_name=file_name, scoped=scoped, progress=progress,
        )  # fmt: skip
    with _open(path, fileobj) as f:
        name = file_name or (Path(path).name if path else getattr(f, "name", "") or "upload")
        digest, size = _sha256(f)
        result = ImportResult(kind=kind, file_name=str(name), dry_run=dry_run)
        args = (f, kind, result, digest, size, by, citizen, context, place, scoped, progress)
        if not dry_run:
            # Each chunk commits on its own (a failed chunk leaves nothing of itself); a crash
            # midway leaves a batch without `finished_at`, and re-importing the file completes it.
            _run(*args)
            return result
        rolled_back(lambda: _run(*args), result)
    return result


def _run(f, kind, result, digest, size, by, citizen, context, place, scoped, progress):
    batch = ImportBatch.objects.create(
        kind=kind, file_name=result.file_name[:255], sha256=digest, by=by, dry_run=result.dry_run
    )
    result.batch = batch
    quarantine = Quarantine(batch, result)
    try:
        chunks = _chunks(f, kind, result, citizen)
        writer = _writer(kind, batch, quarantine, result, by, context, place, scoped)
        if _can_pipeline():
            _pipelined(chunks, writer, lambda: progress and progress(_position(f), size))
        else:
            for chunk in chunks:
                writer.load(writer.prepare(chunk))
                if progress:
                    progress(_position(f), size)
    except ImportFailed as exc:
        _failed(batch, str(exc))
        raise
    except Exception as exc:
        # Never a batch without an end: the reason is recorded, then the error goes on up.
        _failed(
            batch,
            _("The import stopped on an unexpected error (%(error)s).")
            % {"error": type(exc).__name__},
        )
        raise
    finally:
        quarantine.close()
    batch.rows_read, batch.imported = result.read, result.imported
    batch.duplicates, batch.rejected = result.duplicates, result.rejected
    batch.report_path, batch.finished_at = result.report, timezone.now()
    batch.save()
    touched = _steps_writer(writer)
    if touched and not result.dry_run:
        steps_recorded.send(sender=ImportBatch, citizen_ids=sorted(touched), batch=batch)


def _steps_writer(writer) -> set[int]:
    """The citizens whose days of steps the import wrote or changed."""
    steps = writer if isinstance(writer, StepsWriter) else getattr(writer, "steps", None)
    return set(getattr(steps, "touched", ()))


def _failed(batch: ImportBatch, reason: str) -> None:
    """Record the batch as failed (finished, with its reason). Side effect: one UPDATE."""
    batch.error, batch.finished_at = reason[:2000], timezone.now()
    batch.save(update_fields=["error", "finished_at"])


def _can_pipeline() -> bool:
    """Parse in this thread while another writes: only on PostgreSQL and outside a transaction
    (the writer has its own connection, which must see what is committed, and commits per chunk)."""
    return connection.vendor == "postgresql" and not connection.in_atomic_block


def _pipelined(chunks: Iterator[Chunk], writer, tick: Callable[[], object]) -> None:
    """Chunk N+1 is parsed, checked and encoded for COPY (CPU, this thread) while chunk N is
    written (the writer thread mostly waits for the database, with the GIL released). Order is
    kept: one writer thread, a queue of one chunk, so memory stays flat. An error in either
    thread stops both and is raised here."""
    pending: queue.Queue = queue.Queue(maxsize=1)
    failed: list[BaseException] = []
    language = translation.get_language()

    def write() -> None:
        translation.activate(language)
        try:
            while (chunk := pending.get()) is not None:
                if not failed:
                    writer.load(chunk)
        except BaseException as exc:  # noqa: BLE001 — handed to the parsing thread and raised there
            failed.append(exc)
            while pending.get() is not None:
                pass
        finally:
            connections.close_all()

    worker = threading.Thread(target=write, name="import-writer", daemon=True)
    worker.start()
    try:
        for chunk in chunks:
            if failed:
                break
            pending.put(writer.prepare(chunk))
            tick()
    finally:
        pending.put(None)
        worker.join()
    if failed:
        raise failed[0]


def _chunks(f, kind, result, citizen) -> Iterator[Chunk]:
    if kind == ImportKind.FHIR:
        from healthycity.health.fhir import parse as fhir_parse

        return fhir_parse.parse(f, citizen=citizen)
    if kind == ImportKind.INBODY:
        header, blocks = read_blocks(f, CHUNK_ROWS)
        result.ignored_columns = inbody.map_header(header)[1]
        return inbody.parse(header, blocks)
    header, rows = read_table(f)
    return steps.parse(header, rows)


def _writer(kind, batch, quarantine, result, by, context, place, scoped):
    common = {
        "batch": batch,
        "quarantine": quarantine,
        "result": result,
        "by": by,
        "scoped": scoped,
    }
    if kind == ImportKind.STEPS:
        return StepsWriter(**common)
    source = SourceKind.FHIR if kind == ImportKind.FHIR else SourceKind.DEVICE_FILE
    measurements = MeasurementWriter(source=source, context=context, place=place, **common)
    if kind == ImportKind.FHIR:
        return FhirWriter(measurements, StepsWriter(**common))
    return measurements


class FhirWriter:
    """A FHIR file mixes sittings and daily steps: each goes to its own writer; rows are counted
    once (by the measurement writer)."""

    def __init__(self, measurements: MeasurementWriter, steps: StepsWriter):
        self.measurements, self.steps = measurements, steps

    def prepare(self, chunk: Chunk):
        steps = getattr(chunk, "steps", None)
        more = None if steps is None or steps.empty else Chunk(frame=steps, read=0)
        return self.measurements.prepare(chunk), more and self.steps.prepare(more)

    def load(self, ready) -> None:
        measurements, steps = ready
        self.measurements.load(measurements)
        if steps is not None:
            self.steps.load(steps)


@contextmanager
def _open(path, fileobj):
    if fileobj is not None:
        yield fileobj
        return
    if path is None:
        raise ValueError("import_file needs path or fileobj")
    try:
        f = open(path, "rb")  # noqa: SIM115 — closed below
    except OSError as exc:
        from django.utils.translation import gettext_noop

        raise ImportFailed(
            gettext_noop("Cannot open %(path)s: %(error)s"), path=path, error=exc.strerror
        ) from None
    try:
        yield f
    finally:
        f.close()


def _sha256(f) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    while block := f.read(1 << 20):
        h.update(block)
        size += len(block)
    f.seek(0)
    return h.hexdigest(), size


def _position(f) -> int:
    try:
        return f.tell()
    except (OSError, ValueError):
        return 0
