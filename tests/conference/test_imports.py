"""Bulk import of delegates: every row imported, duplicate or rejected with its line and reason;
cp949 and UTF-8 with BOM; XLSX; dry runs record nothing; the command's JSON."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from openpyxl import Workbook

from healthycity.conference.imports import ImportFailed, import_registrations
from healthycity.conference.models import Registration, Ticket
from healthycity.places.models import MemberCity

pytestmark = pytest.mark.django_db

CSV = (
    "이름,이메일,유형,소속,회원도시,국가,언어\n"
    "Maria Santos,maria@marikina.gov.ph,delegate,,Marikina,PH,en\n"
    "김수원,kim@suwon.go.kr,delegate,수원시청,,KR,ko\n"
    ",nobody@example.org,delegate,,,,\n"
    "Chen Wei,not-an-email,delegate,,,TW,en\n"
    "Tanaka Yuki,tanaka@ichikawa.jp,visitor,,,JP,en\n"
    "김수원,KIM@suwon.go.kr,delegate,,,KR,ko\n"
    '"Lim, Ah Hock",lim@kuching.gov.my,press,"Borneo Post,\nKuching",,MY,en\n'
    "Pedro Cruz,pedro@example.org,delegate,,Atlantis,PH,en\n"
)


@pytest.fixture
def cities(db):
    MemberCity.objects.create(
        name_ko="마리키나", name_en="Marikina", country="Philippines", country_code="PH"
    )


def _run(afhc, data: bytes, name="delegates.csv", **kw):
    return import_registrations(
        event=afhc.event, fileobj=io.BytesIO(data), file_name=name, **kw
    ).as_dict()


def _lines(summary):
    return {row["line"]: (row["outcome"], row["reason"]) for row in summary["lines"]}


def test_every_row_is_accounted_for_with_its_line(afhc, cities):
    with translation.override("en"):
        summary = _run(afhc, CSV.encode("utf-8"))
    assert summary["read"] == 8
    assert (summary["imported"], summary["duplicates"], summary["rejected"]) == (3, 1, 4)
    lines = _lines(summary)
    assert lines[4] == ("rejected", "The name is empty.")
    assert lines[5] == ("rejected", "“not-an-email” is not an e-mail address.")
    assert lines[6] == ("rejected", "There is no category “visitor” at this event.")
    assert lines[7] == ("duplicate", "Already registered for this event.")
    assert lines[10] == ("rejected", "“Atlantis” is not a member city.")  # after a two-line record
    maria = Registration.objects.get(email="maria@marikina.gov.ph")
    assert maria.member_city.name_en == "Marikina" and maria.affiliation == "Marikina"
    assert maria.status == "confirmed" and Ticket.objects.filter(registration=maria).exists()
    assert (
        Registration.objects.get(email="lim@kuching.gov.my").affiliation == "Borneo Post,\nKuching"
    )


def test_import_again_adds_nothing(afhc, cities):
    _run(afhc, CSV.encode("utf-8"))
    again = _run(afhc, CSV.encode("utf-8"))
    assert again["imported"] == 0 and again["duplicates"] == 4 and Registration.objects.count() == 3


def test_dry_run_counts_the_same_and_records_nothing(afhc, cities):
    dry = _run(afhc, CSV.encode("utf-8"), dry_run=True)
    assert dry["dry_run"] and dry["imported"] == 3 and dry["rejected"] == 4
    assert not Registration.objects.exists() and not Ticket.objects.exists()


@pytest.mark.parametrize("encoding", ["cp949", "utf-8-sig", "utf-8"])
def test_korean_excel_encodings(afhc, cities, encoding):
    summary = _run(afhc, CSV.encode(encoding))
    assert summary["imported"] == 3
    assert Registration.objects.filter(name="김수원", affiliation="수원시청").exists()


def test_xlsx(afhc, cities):
    book = Workbook()
    sheet = book.active
    for row in csv.reader(io.StringIO(CSV, newline="")):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    summary = _run(afhc, buffer.getvalue(), name="delegates.xlsx")
    assert summary["imported"] == 3 and summary["rejected"] == 4


def test_full_category_puts_imported_rows_on_the_waiting_list(afhc, cities):
    afhc.delegate.capacity = 1
    afhc.delegate.save()
    summary = _run(afhc, CSV.encode("utf-8"))
    assert summary["confirmed"] == 2 and summary["waiting"] == 1  # the press row has no limit


def test_unreadable_file_is_a_clear_error_in_the_users_language(afhc):
    with translation.override("ko"), pytest.raises(ImportFailed) as exc:
        _run(afhc, "이름\n".encode("utf-16"))
    assert "UTF-8" in str(exc.value) and "cp949" in str(exc.value)
    with translation.override("en"), pytest.raises(ImportFailed) as exc:
        _run(afhc, b"email,category\nx@y.org,press\n")
    assert "name" in str(exc.value)
    assert not Registration.objects.exists()


def test_command_json(afhc, cities, tmp_path):
    path = tmp_path / "delegates.csv"
    path.write_bytes(CSV.encode("cp949"))
    out = io.StringIO()
    call_command(
        "conference", "import-registrations", str(path), "--dry-run", "--format", "json", stdout=out
    )
    summary = json.loads(out.getvalue())
    assert summary["dry_run"] and summary["imported"] == 3 and len(summary["lines"]) == 5
    assert not Registration.objects.exists()
    call_command(
        "conference", "import-registrations", str(path), "--format", "json", stdout=io.StringIO()
    )
    assert Registration.objects.count() == 3


def test_command_refuses_a_missing_file_with_one_line(afhc, tmp_path):
    with translation.override("en"), pytest.raises(CommandError) as exc:
        call_command(
            "conference", "import-registrations", str(tmp_path / "nope.csv"), "--language", "en"
        )
    assert "There is no file" in str(exc.value)
