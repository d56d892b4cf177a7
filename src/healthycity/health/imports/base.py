"""What every import shares: a rejected row, the result, file-level failure, the quarantine."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from healthycity.core import csvsafe
from healthycity.core.errors import MessageError
from healthycity.core.text import storable
from healthycity.health.enums import RejectReason
from healthycity.health.models import ImportBatch, QuarantinedRow

RAW_LIMIT = 2000  # characters of a rejected row kept for the report


class ImportFailed(MessageError):
    """The file as a whole cannot be read (wrong format, missing columns, damaged). The message
    (an id and its parameters, see core.errors) is for the user, in their language; nothing has
    been recorded."""


@dataclass
class Rejection:
    line: int
    reason: str  # health.enums.RejectReason
    message: str
    column: str = ""
    raw: str = ""


@dataclass
class ImportResult:
    """The summary of one import. `read == imported + duplicates + rejected` always."""

    kind: str
    file_name: str
    read: int = 0
    imported: int = 0
    duplicates: int = 0
    rejected: int = 0
    report: str = ""
    dry_run: bool = False
    batch: ImportBatch | None = None
    ignored_columns: list[str] = field(default_factory=list)
    # Phone and watch exports: what happened to the days of steps, and the records of kinds
    # the platform does not import, by kind (not part of `read`).
    days: dict = field(default_factory=dict)
    skipped: dict = field(default_factory=dict)

    @property
    def balanced(self) -> bool:
        return self.imported + self.duplicates + self.rejected == self.read

    def as_dict(self) -> dict:
        return {
            "read": self.read,
            "imported": self.imported,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            "report": self.report,
            **({"days": self.days} if self.days else {}),
            **({"skipped": self.skipped} if self.skipped else {}),
        }


class Quarantine:
    """Writes rejected rows to the batch's QuarantinedRow table and to a CSV report under
    var/imports/, as they come (nothing is held in memory). The report lists them in file
    order: the checks run in stages (reading, citizen, consent, conflict; an export's steps,
    then its readings), and when a later stage refused an earlier line, `close` puts the report
    back in line order."""

    HEADER = ("line", "reason", "column", "message", "raw")

    def __init__(self, batch: ImportBatch, result: ImportResult):
        self.batch = batch
        self.result = result
        self._file = None
        self._writer = None
        self._held: list[Rejection] | None = None
        self._last_line = 0
        self._in_order = True

    def hold(self) -> None:
        """Until `release`, keep the CSV lines back: the rows go to the database in a chunk's
        transaction, which may be rolled back and tried again."""
        self._held = []

    def release(self, *, keep: bool) -> None:
        """Write the held lines to the CSV report in file order (the chunk committed) or drop
        them (it was rolled back: its rows will be added again, or the import fails)."""
        held, self._held = self._held, None
        if keep and held:
            self._write_csv(sorted(held, key=lambda r: r.line))

    def add(self, rejections: list[Rejection]) -> None:
        if not rejections:
            return
        for r in rejections:
            if r.reason == RejectReason.NO_CITIZEN:
                r.raw = ""  # of someone who is not a citizen nothing is kept (PIPA: the minimum)
            # A file's NUL bytes or broken characters cannot be stored (PostgreSQL refuses them).
            r.column, r.message, r.raw = storable(r.column), storable(r.message), storable(r.raw)
        self.result.rejected += len(rejections)
        if self.batch.pk is not None:
            QuarantinedRow.objects.bulk_create(
                [
                    QuarantinedRow(
                        batch=self.batch,
                        line=r.line,
                        reason=r.reason,
                        column=r.column[:120],
                        message=r.message,
                        raw=r.raw[:RAW_LIMIT],
                    )
                    for r in rejections
                ],
                batch_size=1000,
            )
        if self._held is not None:
            self._held.extend(rejections)
        else:
            self._write_csv(rejections)

    def _write_csv(self, rejections: list[Rejection]) -> None:
        writer = self._open()
        for r in rejections:
            if r.line < self._last_line:
                self._in_order = False
            self._last_line = max(self._last_line, r.line)
            writer.writerow((r.line, r.reason, r.column, r.message, r.raw[:RAW_LIMIT]))

    def _open(self):
        if self._writer is None:
            folder = Path(settings.VAR_DIR) / "imports"
            folder.mkdir(parents=True, exist_ok=True)
            stem = Path(self.result.file_name).stem[:60] or "upload"
            path = folder / f"{self.batch.external_id}-{stem}-quarantine.csv"
            # utf-8-sig so that Excel on Korean Windows shows the Korean messages correctly.
            self._file = path.open("w", encoding="utf-8-sig", newline="")
            # Rows come from files anyone can make: no cell may run as a formula.
            self._writer = csvsafe.writer(self._file)
            self._writer.writerow(self.HEADER)
            self.result.report = str(path)
        return self._writer

    def close(self) -> None:
        if self._file is None:
            return
        self._file.close()
        if not self._in_order:
            self._sort_report(Path(self.result.report))

    def _sort_report(self, path: Path) -> None:
        """Rewrite the report in line order (a stable sort: one line refused twice keeps the
        order of its checks). Rows are read back from the file, a few thousand at most in
        practice: only exports whose stages interleave get here."""
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f)
            header = next(reader)
            rows = sorted(reader, key=lambda row: int(row[0]))
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            writer = csvsafe.writer(f)
            writer.writerow(header)
            writer.writerows(rows)


def not_a_number(column: str, value: str, line: int, unit: str) -> str:
    return _(
        "Column '%(column)s' has '%(value)s' on line %(line)s; expected a number in %(unit)s."
    ) % {
        "column": column,
        "value": value[:40],
        "line": line,
        "unit": unit,
    }


class _Rollback(Exception):
    pass


def rolled_back(run, result: ImportResult) -> None:
    """A dry run: `run()` in a transaction that is rolled back (the CSV quarantine report stays;
    the batch and the records do not)."""
    try:
        with transaction.atomic():
            run()
            raise _Rollback
    except _Rollback:
        result.batch = None
