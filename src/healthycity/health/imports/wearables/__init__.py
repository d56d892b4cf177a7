"""Citizens' own phone and watch exports: Apple Health, Samsung Health, Fitbit (Google Takeout)
and Open mHealth / IEEE 1752.1 JSON (docs/health.md, "Phones and watches").

`import_export(...)` is called by `health.imports.import_file` for these kinds; it shares the
batch, the quarantine, the sittings' writer and the result with the other imports. An export is
one person's: the citizen is given with the file, and their consent and the user's scope are
checked before anything is read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from django.utils import timezone
from django.utils.translation import gettext_noop

from healthycity.citizens.enums import ConsentPurpose
from healthycity.citizens.models import Consent
from healthycity.citizens.queries import citizens_visible_to
from healthycity.health.enums import ImportKind
from healthycity.health.imports.base import ImportFailed, ImportResult, Quarantine, rolled_back
from healthycity.health.imports.wearables.container import Container
from healthycity.health.models import ImportBatch
from healthycity.health.signals import steps_recorded


def _parser(kind: str):
    from healthycity.health.imports.wearables import apple, fitbit, omh, samsung

    return {
        ImportKind.APPLE_HEALTH: apple.parse,
        ImportKind.SAMSUNG_HEALTH: samsung.parse,
        ImportKind.FITBIT: fitbit.parse,
        ImportKind.OMH: omh.parse,
    }[kind]


def import_export(
    *,
    kind: str,
    citizen,
    path: str | Path | None = None,
    fileobj: IO[bytes] | None = None,
    by=None,
    dry_run: bool = False,
    file_name: str = "",
    scoped: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Import one export of `citizen` (a zip, a folder, or one file of `kind`).

    Side effects: an ImportBatch, days of steps (with their earlier values and flags), sittings,
    quarantined records with a CSV report, and — unless it is a dry run — the `steps_recorded`
    signal (missions award points). Raises ImportFailed, with nothing recorded, when the file
    cannot be read as a whole, belongs to someone else, or the citizen has not consented."""
    kind = ImportKind(kind)
    if citizen is None:
        raise ImportFailed(
            gettext_noop(
                "A phone or watch export belongs to one person: say whose it is (the citizen's ID)."
            )
        )
    check_citizen(citizen, by=by, scoped=scoped)
    with _open(path, fileobj, file_name) as (container, digest, size):
        if size == 0:
            raise ImportFailed(
                gettext_noop("The file %(name)s is empty; nothing was recorded."),
                name=container.name,
            )
        result = ImportResult(kind=kind, file_name=container.name, dry_run=dry_run)

        def tick(_records: int = 0) -> None:
            if progress is not None:
                progress(container.position(), size)

        args = (container, kind, citizen, by, scoped, result, digest, tick)
        if dry_run:
            rolled_back(lambda: _run(*args), result)
            return result
        written = _run(*args)
    if written.changed:
        steps_recorded.send(sender=ImportBatch, citizen_ids=[citizen.pk], batch=result.batch)
    return result


def check_citizen(citizen, *, by, scoped: bool) -> None:
    """The citizen must hold an active care consent, and be in the user's scope (a worker: their
    centre; a citizen: themself)."""
    if by is not None and scoped and not citizens_visible_to(by).filter(pk=citizen.pk).exists():
        raise ImportFailed(
            gettext_noop("You may not record measurements for this citizen (not of your centre).")
        )
    if not Consent.objects.active().filter(citizen=citizen, purpose=ConsentPurpose.CARE).exists():
        raise ImportFailed(
            gettext_noop(
                "This citizen has not consented to health care records (care); nothing was recorded."
            )
        )


def _run(container, kind, citizen, by, scoped, result, digest, tick):
    from healthycity.health.imports.wearables.store import store

    batch = ImportBatch.objects.create(
        kind=kind, file_name=result.file_name[:255], sha256=digest, by=by, dry_run=result.dry_run
    )
    result.batch = batch
    quarantine = Quarantine(batch, result)
    try:
        parsed = _parser(kind)(
            container, quarantine.add, tick, person=lambda year: _check_year(year, citizen)
        )
        written = store(
            parsed, citizen=citizen, batch=batch, quarantine=quarantine, result=result, by=by,
            scoped=scoped,
        )  # fmt: skip
    except ImportFailed as exc:
        batch.error, batch.finished_at = str(exc), timezone.now()
        batch.save(update_fields=["error", "finished_at"])
        raise
    finally:
        quarantine.close()
    result.days = written.as_dict()
    result.skipped = dict(sorted(parsed.skipped.items(), key=lambda kv: (-kv[1], str(kv[0]))))
    batch.rows_read, batch.imported = result.read, result.imported
    batch.duplicates, batch.rejected = result.duplicates, result.rejected
    batch.report_path, batch.finished_at = result.report, timezone.now()
    batch.save()
    return written


def _check_year(born: int, citizen) -> None:
    """An export that says whose it is (Apple's date of birth) must fit the citizen: a file of
    the wrong person is refused rather than filed in someone else's record."""
    if born and citizen.birth_year and born != citizen.birth_year:
        raise ImportFailed(
            gettext_noop(
                "This export is of someone born in %(export)s, but the citizen was born in %(citizen)s. Check that it is the right person's file; nothing was recorded."
            ),
            export=born,
            citizen=citizen.birth_year,
        )


@contextmanager
def _open(path, fileobj, file_name) -> Iterator[tuple[Container, str, int]]:
    if fileobj is not None:
        digest, size = _digest(fileobj)
        name = file_name or getattr(fileobj, "name", "") or "upload"
        yield Container(fileobj=fileobj, name=Path(str(name)).name), digest, size
        return
    if path is None:
        raise ValueError("import_export needs path or fileobj")
    target = Path(path)
    if target.is_dir():
        digest, size = _folder_digest(target)
        yield Container(folder=target, name=file_name or target.name), digest, size
        return
    try:
        f = target.open("rb")
    except OSError as exc:
        raise ImportFailed(
            gettext_noop("Cannot open %(path)s: %(error)s"), path=path, error=exc.strerror
        ) from None
    with f:
        digest, size = _digest(f)
        yield Container(fileobj=f, name=file_name or target.name), digest, size


def _digest(f) -> tuple[str, int]:
    h, size = hashlib.sha256(), 0
    while block := f.read(1 << 20):
        h.update(block)
        size += len(block)
    f.seek(0)
    return h.hexdigest(), size


def _folder_digest(folder: Path) -> tuple[str, int]:
    """SHA-256 over the folder's files (relative name and content, in name order)."""
    h, size = hashlib.sha256(), 0
    for p in sorted(q for q in folder.rglob("*") if q.is_file()):
        h.update(str(p.relative_to(folder)).encode() + b"\0")
        with p.open("rb") as f:
            while block := f.read(1 << 20):
                h.update(block)
                size += len(block)
    return h.hexdigest(), size
