"""Bulk import of registrations (delegates, speakers, partner staff, press) from CSV or XLSX.

Every row ends as exactly one of: imported (confirmed, or on the waiting list when the category
is full), duplicate (the e-mail address, or the name and phone, is already registered for the
event or appeared earlier in the file) or rejected (with its line and the reason). A dry run
does all of it and rolls back, so its figures are what a real run would do. CSV files from
Korean Excel are often cp949; UTF-8 with or without a byte-order mark is read too.

Columns are matched by their label, in Korean or English, in any order:

    name/이름 (required) · email/이메일 · phone/전화번호 · category/유형 · affiliation/소속
    · member_city/회원도시 · country/국가 · language/언어 · one column per question code
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from healthycity.conference.domain import registration as domain
from healthycity.conference.enums import ACTIVE_STATUSES, RegistrationSource, RegistrationStatus
from healthycity.conference.models import Event, Registration, RegistrationCategory
from healthycity.core.errors import MessageError

MAX_ROWS = 50_000

COLUMNS = {
    "name": {"name", "이름", "성명", "full name"},
    "email": {"email", "e-mail", "이메일", "전자우편"},
    "phone": {"phone", "전화", "전화번호", "연락처", "mobile"},
    "category": {"category", "유형", "등록 유형", "구분"},
    "affiliation": {"affiliation", "소속", "organisation", "organization", "city", "기관", "도시"},
    "member_city": {"member_city", "member city", "회원도시"},
    "country": {"country", "국가"},
    "language": {"language", "언어"},
}


class ImportFailed(MessageError):
    """The file as a whole cannot be read (no rows are looked at)."""


class _Rollback(Exception):
    """Ends a dry run's transaction."""


@dataclass
class RowOutcome:
    line: int
    outcome: str  # imported | duplicate | rejected
    reason: str = ""
    status: str = ""
    name: str = ""


@dataclass
class ImportResult:
    file_name: str
    dry_run: bool
    event: str
    rows: list[RowOutcome] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.rows if r.outcome == outcome)

    def as_dict(self) -> dict:
        return {
            "file": self.file_name,
            "event": self.event,
            "dry_run": self.dry_run,
            "read": len(self.rows),
            "imported": self.count("imported"),
            "confirmed": sum(
                1
                for r in self.rows
                if r.outcome == "imported" and r.status == RegistrationStatus.CONFIRMED
            ),
            "waiting": sum(
                1
                for r in self.rows
                if r.outcome == "imported" and r.status == RegistrationStatus.WAITING
            ),
            "duplicates": self.count("duplicate"),
            "rejected": self.count("rejected"),
            "lines": [
                {"line": r.line, "outcome": r.outcome, "reason": r.reason}
                for r in self.rows
                if r.outcome != "imported"
            ],
        }


# --- reading ----------------------------------------------------------------------------------


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFailed(
        gettext_noop(
            "The file is neither UTF-8 nor cp949 (EUC-KR) text; save it as CSV UTF-8 or XLSX."
        )
    )


def _csv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """(first line of the record, cells), so a quoted multi-line cell keeps its row's line."""
    lines = io.StringIO(text, newline="")
    reader = csv.reader(lines)
    start = 1
    for cells in reader:
        yield start, cells
        start = reader.line_num + 1


def _xlsx_rows(fileobj: IO[bytes]) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(fileobj, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 — openpyxl raises many types for a broken file
        raise ImportFailed(
            gettext_noop("The XLSX file cannot be opened: %(error)s"), error=str(exc)[:200]
        ) from None
    sheet = book.worksheets[0]
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        yield number, ["" if v is None else str(v) for v in row]
    book.close()


def read_rows(fileobj: IO[bytes], file_name: str) -> Iterator[tuple[int, list[str]]]:
    head = fileobj.read(4)
    fileobj.seek(0)
    if head.startswith(b"PK\x03\x04") or Path(file_name).suffix.lower() in (".xlsx", ".xlsm"):
        yield from _xlsx_rows(fileobj)
        return
    yield from _csv_rows(_decode(fileobj.read()))


def _header(cells: list[str], question_codes: set[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, label in enumerate(cells):
        key = label.strip().lower().replace("_", " ") if label else ""
        for column, names in COLUMNS.items():
            if key in {n.replace("_", " ") for n in names} and column not in found:
                found[column] = index
        if label and label.strip() in question_codes:
            found[f"q:{label.strip()}"] = index
    if "name" not in found:
        raise ImportFailed(
            gettext_noop("The first row must name the columns; a “name” (이름) column is required.")
        )
    return found


# --- importing --------------------------------------------------------------------------------


class _Categories:
    def __init__(self, event: Event, default: RegistrationCategory | None):
        self.default = default
        self.by_key: dict[str, RegistrationCategory] = {}
        for category in event.categories.all():
            for key in (category.code, category.name_ko, category.name_en):
                self.by_key[key.strip().lower()] = category

    def find(self, raw: str) -> RegistrationCategory | None:
        if not raw.strip():
            return self.default
        return self.by_key.get(raw.strip().lower())


def _cell(cells: list[str], columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    if index is None or index >= len(cells):
        return ""
    return (cells[index] or "").strip()


def _member_cities() -> dict[str, object]:
    from healthycity.places.models import MemberCity

    found = {}
    for city in MemberCity.objects.all():
        for key in (city.name_ko, city.name_en):
            found[key.strip().lower()] = city
    return found


def import_registrations(
    *,
    event: Event,
    fileobj: IO[bytes],
    file_name: str,
    category: RegistrationCategory | None = None,
    dry_run: bool = False,
    by=None,
    progress: Callable[[int, int | None], None] | None = None,
) -> ImportResult:
    """Import the registrations in the file. Side effects: registrations and tickets (none in a
    dry run, which rolls everything back). Raises ImportFailed when the file cannot be read at
    all; a bad row is rejected with its line and reason and the rest go on."""
    result = ImportResult(file_name=file_name, dry_run=dry_run, event=event.slug)
    rows = read_rows(fileobj, file_name)
    try:
        _line, header = next(rows)
    except StopIteration:
        raise ImportFailed(gettext_noop("The file is empty.")) from None
    questions = {q.code for q in event.questions.all()}
    columns = _header(header, questions)
    if "category" not in columns and category is None:
        raise ImportFailed(
            gettext_noop(
                "The file has no “category” (유형) column; choose the category for every row."
            )
        )
    categories = _Categories(event, category)
    cities = _member_cities()
    existing_emails = {
        e.lower()
        for e in Registration.objects.filter(event=event, status__in=ACTIVE_STATUSES)
        .exclude(email="")
        .values_list("email", flat=True)
    }
    existing_people = set(
        Registration.objects.filter(event=event, status__in=ACTIVE_STATUSES)
        .exclude(phone="")
        .values_list("name", "phone")
    )
    try:
        with transaction.atomic():
            for line, cells in rows:
                if not any(c.strip() for c in cells):
                    continue
                if len(result.rows) >= MAX_ROWS:
                    raise ImportFailed(
                        gettext_noop("The file has more than %(n)s rows; split it."), n=MAX_ROWS
                    )
                result.rows.append(
                    _row(
                        event,
                        line,
                        cells,
                        columns,
                        categories,
                        cities,
                        existing_emails,
                        existing_people,
                        by,
                    )
                )
                if progress and len(result.rows) % 100 == 0:
                    progress(len(result.rows), None)
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    if progress:
        progress(len(result.rows), len(result.rows))
    return result


def _row(event, line, cells, columns, categories, cities, emails, people, by) -> RowOutcome:
    name = _cell(cells, columns, "name")
    email = _cell(cells, columns, "email").lower()
    phone = "".join(ch for ch in _cell(cells, columns, "phone") if ch.isdigit() or ch == "+")
    if any("\x00" in c for c in cells):
        return RowOutcome(line, "rejected", _("The row contains a NUL character."), name=name)
    if not name:
        return RowOutcome(line, "rejected", _("The name is empty."))
    if len(name) > 200:
        return RowOutcome(
            line, "rejected", _("The name is longer than 200 characters."), name=name[:40]
        )
    if email:
        try:
            validate_email(email)
        except ValidationError:
            return RowOutcome(
                line,
                "rejected",
                _("“%(value)s” is not an e-mail address.") % {"value": email},
                name=name,
            )
    raw_category = _cell(cells, columns, "category")
    category = categories.find(raw_category)
    if category is None:
        return RowOutcome(
            line,
            "rejected",
            _("There is no category “%(code)s” at this event.") % {"code": raw_category},
            name=name,
        )
    if (email and email in emails) or (phone and (name, phone) in people):
        return RowOutcome(line, "duplicate", _("Already registered for this event."), name=name)
    raw_city = _cell(cells, columns, "member_city")
    city = cities.get(raw_city.lower()) if raw_city else None
    if raw_city and city is None:
        return RowOutcome(
            line,
            "rejected",
            _("“%(value)s” is not a member city.") % {"value": raw_city},
            name=name,
        )
    language = _cell(cells, columns, "language").lower()[:2] or "ko"
    answers = {key[2:]: _cell(cells, columns, key) for key in columns if key.startswith("q:")}
    try:
        registration = domain.register(
            event=event,
            category=category,
            name=name,
            email=email,
            phone=phone,
            affiliation=_cell(cells, columns, "affiliation") or (city.name if city else ""),
            member_city=city,
            country=_cell(cells, columns, "country"),
            language=language if language in ("ko", "en") else "ko",
            answers={k: v for k, v in answers.items() if v},
            source=RegistrationSource.IMPORT,
            by=by,
        )
    except ValidationError as exc:
        return RowOutcome(line, "rejected", " ".join(exc.messages), name=name)
    if email:
        emails.add(email)
    if phone:
        people.add((name, phone))
    return RowOutcome(line, "imported", status=registration.status, name=name)
