"""`import_file` — one entry point for the CLI, the upload page and the API.

Every row is accounted for: ``imported + duplicates + rejected == read`` (blank lines are not
rows). Rejected rows go to ``RejectedRow`` and to ``var/imports/indicators/<batch>-<file>-
quarantine.csv`` (UTF-8 with BOM, for Excel on Korean Windows) with line, reason, column, message
and the row as read. The whole file is one transaction: a file that turns out unreadable half-way
(broken JSON) leaves nothing of itself, and a dry run is rolled back at the end (its report is
still written). Rows are validated and written in chunks, so memory stays flat.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from healthycity.core import csvsafe
from healthycity.core.text import storable
from healthycity.policies.indicators import queries
from healthycity.policies.indicators.enums import FileKind
from healthycity.policies.indicators.imports import readers
from healthycity.policies.indicators.imports.rows import Lookups, Raw, Rejection, Row, Validator
from healthycity.policies.indicators.imports.writer import Writer
from healthycity.policies.indicators.models import IndicatorImport, RejectedRow

CHUNK = 5000


class ImportFailed(Exception):
    """The file cannot be imported at all (wrong format, missing columns, no permission). The
    message is for the user, in their language; nothing has been recorded."""


@dataclass
class ImportResult:
    kind: str
    file_name: str
    read: int = 0
    imported: int = 0
    duplicates: int = 0
    rejected: int = 0
    report: str = ""
    dry_run: bool = False
    batch: IndicatorImport | None = None
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def balanced(self) -> bool:
        return self.imported + self.duplicates + self.rejected == self.read

    def as_dict(self) -> dict:
        """The Contract's summary: ``{"read", "imported", "duplicates", "rejected"}``."""
        return {
            "read": self.read,
            "imported": self.imported,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
        }


class _DryRun(Exception):
    pass


class Report:
    """The quarantine: RejectedRow rows and the CSV report, written as rejections come."""

    HEADER = ("line", "reason", "column", "message", "raw")

    def __init__(self, batch: IndicatorImport, result: ImportResult):
        self.batch, self.result = batch, result
        self._file = None
        self._writer = None

    def add(self, rejections: list[Rejection]) -> None:
        if not rejections:
            return
        self.result.rejected += len(rejections)
        for r in rejections:  # a file's NUL bytes cannot be stored (PostgreSQL refuses them)
            r.column, r.message, r.raw = storable(r.column), storable(r.message), storable(r.raw)
        RejectedRow.objects.bulk_create(
            [
                RejectedRow(
                    batch=self.batch,
                    line=r.line,
                    reason=r.reason,
                    column=r.column[:120],
                    message=r.message,
                    raw=r.raw,
                )
                for r in rejections
            ],
            batch_size=1000,
        )
        writer = self._open()
        writer.writerows((r.line, r.reason, r.column, r.message, r.raw) for r in rejections)

    def _open(self):
        if self._writer is None:
            folder = Path(settings.VAR_DIR) / "imports" / "indicators"
            folder.mkdir(parents=True, exist_ok=True)
            stem = Path(self.result.file_name).stem[:60] or "upload"
            path = folder / f"{self.batch.external_id}-{stem}-quarantine.csv"
            self._file = path.open("w", encoding="utf-8-sig", newline="")
            self._writer = csvsafe.writer(self._file)  # raw lines are the uploader's text
            self._writer.writerow(self.HEADER)
            self.result.report = str(path)
        return self._writer

    def close(self, *, discard: bool = False) -> None:
        if self._file is not None:
            self._file.close()
            if discard:
                Path(self.result.report).unlink(missing_ok=True)
                self.result.report = ""


def import_file(
    *,
    path: str | Path,
    kind: str,
    by=None,
    dry_run: bool = False,
    file_name: str | None = None,
    chunk_size: int = CHUNK,
    batch: IndicatorImport | None = None,
    progress=None,
) -> ImportResult:
    """Import an indicator file of `kind` ("gho" or "sdmx-csv").

    `by` is the user importing: officials and admins may write any area, a delegate only their
    own city; None (the command line without --user) writes any area. Side effects: an
    `IndicatorImport` row (or `batch`, made beforehand by the upload page), `IndicatorValue` rows (not in a dry run), `RejectedRow`s and the CSV
    quarantine report. `progress(rows_read)` is called after each chunk (a job's progress).
    Raises `ImportFailed` when the file cannot be read at all.
    """
    path = Path(path)
    if kind not in FileKind.values:
        raise ImportFailed(
            _("Unknown file kind %(kind)s; use gho or sdmx-csv.") % {"kind": repr(kind)}
        )
    if not path.is_file():
        raise ImportFailed(_("There is no file %(path)s.") % {"path": path})
    allowed = queries.importable_areas(by) if by is not None else None
    if allowed is not None and not allowed:
        raise ImportFailed(_("You may not import indicator values."))
    from healthycity.policies.indicators.catalogue import sync_catalogue

    sync_catalogue()
    name = file_name or path.name
    result = ImportResult(kind=kind, file_name=name, dry_run=dry_run)
    if batch is None:
        batch = IndicatorImport.objects.create(
            file_name=name[:255], sha256=_sha256(path), kind=kind, by=by, dry_run=dry_run
        )
    result.batch = batch
    report = Report(batch, result)
    try:
        with transaction.atomic():
            _run(
                path,
                kind,
                result,
                report,
                Lookups.load(allowed=allowed),
                batch,
                by,
                chunk_size,
                progress,
            )
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    except readers.FileError as exc:
        report.close(discard=True)
        _finish(batch, result, error=str(exc))
        raise ImportFailed(str(exc)) from None
    report.close()
    _finish(batch, result)
    return result


def _run(path, kind, result, report, lookups, batch, by, chunk_size, progress) -> None:
    if kind == FileKind.GHO:
        rows: Iterable[Raw] = readers.gho_rows(path)
        names = readers.GHO_NAMES
    else:
        headers: list = []
        rows = readers.sdmx_rows(path, header_out=headers)
        names = readers.SDMX_NAMES
    validator = Validator(lookups, column_names=names)
    writer = Writer(batch_id=batch.pk, by_id=getattr(by, "pk", None))
    for chunk in _chunks(rows, chunk_size):
        result.read += len(chunk)
        valid: list[Row] = []
        rejected: list[Rejection] = []
        for raw in chunk:
            checked = validator.check(raw)
            (valid if isinstance(checked, Row) else rejected).append(checked)
        written = writer.write(valid)
        result.imported += written.imported
        result.duplicates += written.duplicates
        rejected.extend(written.conflicts or [])
        report.add(sorted(rejected, key=lambda r: r.line))
        if progress is not None:
            progress(result.read)
    if kind != FileKind.GHO and headers:
        result.ignored_columns = headers[0].ignored


def _chunks(rows: Iterable[Raw], size: int) -> Iterator[list[Raw]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _finish(batch: IndicatorImport, result: ImportResult, *, error: str = "") -> None:
    batch.read, batch.imported = result.read, result.imported
    batch.duplicates, batch.rejected = result.duplicates, result.rejected
    batch.report, batch.error, batch.finished_at = result.report, error, timezone.now()
    if error:
        batch.imported = batch.duplicates = 0
    batch.save()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()
