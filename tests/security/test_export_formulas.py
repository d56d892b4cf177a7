"""Every CSV and XLSX a person downloads or is handed goes through core.csvsafe (issue 12, item 6):
text that a spreadsheet would run as a formula — `=`, `+`, `-`, `@`, or a tab or carriage return
before one — comes out with a leading apostrophe, while numbers, negative ones included, stay
numbers. Each case below stores the hostile text where a user can put it and reads the export back.

Not here: the booth station's one-row LookinBody file (stations.lookinbody_csv), which is handed
to the importer and never to a person, and the missions command's evaluation CSV, whose text
cells are labels of districts and bands the platform names itself (it uses csvsafe all the same)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from healthycity.core.csvsafe import FORMULA_STARTS

pytestmark = pytest.mark.django_db

PAYLOADS = (
    '=HYPERLINK("http://evil.example","x")',
    "+1",
    "-1+1",
    "@SUM(1)",
    "\t=1+1",
    "\r=1+1",
)
NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")


def _csv_cells(text: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for c in row]


def _xlsx_cells(data: bytes) -> list:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    return [
        c for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row
    ]


def equity_csv(world) -> list:
    from healthycity.equity import exports

    return _csv_cells(exports.to_csv([{"group": p, "value": -2.5} for p in PAYLOADS]))


def equity_xlsx(world) -> list:
    from healthycity.equity import exports

    sheets = {"estimates": [{"group": p, "value": -2.5} for p in PAYLOADS]}
    return _xlsx_cells(exports.to_xlsx(sheets))


def equity_summarize(world) -> list:
    """`healthycity equity summarize --input FILE --format csv`: dimension names from the file."""
    from django.core.management import call_command

    head = "setting,year,indicator_abbr,dimension,subgroup,estimate,se,population,"
    head += (
        "favourable_indicator,indicator_scale,ordered_dimension,subgroup_order,reference_subgroup"
    )
    lines = [head]
    for i, p in enumerate(PAYLOADS):  # numbered: the reader strips cells, "\t=1+1" is "=1+1"
        name = '"' + f"{p}{i}".replace('"', '""') + '"'
        lines.append(f"Seoul,2024,obesity,{name},R1,60,2,100,1,100,0,,1")
        lines.append(f"Seoul,2024,obesity,{name},R2,70,1.5,200,1,100,0,,0")
    path = world.tmp_path / "heat.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = io.StringIO()
    call_command("equity", "summarize", "--input", str(path), "--format", "csv", stdout=out)
    return _csv_cells(out.getvalue())


def esg_csv(world) -> list:
    from healthycity.partners.esg import sources

    def aid(partner, period):
        donations = [
            {"key": str(i), "label": p, "unit": "", "given": 50, "delivered": 20}
            for i, p in enumerate(PAYLOADS)
        ]
        return sources.AidFigures(available=True, donations=donations)

    world.monkeypatch.setattr("healthycity.partners.esg.report.aid_figures", aid)
    response = world.client_for(world.partner).get(
        f"/partners/companies/{world.partner_org.slug}/report.csv?period=2026"
    )
    assert response.status_code == 200, response.status_code
    return _csv_cells(response.content.decode("utf-8"))


def indicators_sdmx(world) -> list:
    from healthycity.policies.indicators.models import Indicator, IndicatorValue

    ind = Indicator.objects.create(
        code="city_x", framework="city", name_ko="x", name_en="x", unit=PAYLOADS[0], source="s"
    )
    for i, p in enumerate(PAYLOADS):
        IndicatorValue.objects.create(
            indicator=ind, area="KRSEL", period=str(2000 + i), year=2000 + i, value=-1.5,
            unit="%", country_code="KR", breakdown=f"SEX={p}",
        )  # fmt: skip
    response = world.client_for(world.official).get("/policies/benchmarks/export.csv")
    assert response.status_code == 200, response.status_code
    return _csv_cells(response.content.decode("utf-8"))


def indicators_quarantine(world) -> list:
    from healthycity.policies.indicators.imports import import_file

    header = "DATAFLOW,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,OBS_STATUS"
    lines = [header] + [f'"{p.replace(chr(34), chr(34) * 2)}",KRSEL,x,2024,1,%,A' for p in PAYLOADS]
    path = world.tmp_path / "values.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = import_file(path=path, kind="sdmx-csv", by=world.official)
    assert result.rejected == len(PAYLOADS) and result.report
    return _csv_cells(Path(result.report).read_text(encoding="utf-8-sig"))


def exhibition_leads(world) -> list:
    from healthycity.conference.exhibition.domain import leads
    from tests.conference.exhibition.world import build_expo

    expo = build_expo(world.cast)
    registration = expo.delegate_ticket.registration
    registration.name = PAYLOADS[0]
    registration.affiliation = PAYLOADS[3]
    registration.save()
    fields = ["name", "affiliation"]
    leads.share_contact(registration=registration, exhibitor=expo.inbody, fields=fields)
    leads.record_visit(
        exhibitor=expo.inbody, payload=expo.delegate_ticket.secret, by=expo.inbody_staff
    )
    response = world.client_for(expo.inbody_staff).get(
        f"/conference/exhibition/booths/{expo.inbody.external_id}/leads.csv"
    )
    assert response.status_code == 200, response.status_code
    return _csv_cells(response.content.decode("utf-8"))


def health_quarantine(world) -> list:
    """Rejected device rows: the report's cells start with the platform's own words, but a
    value the user typed lands in them too."""
    from healthycity.health.imports import import_file
    from tests.health import inbody_files as files

    rows = [files.row(Weight=p) for p in PAYLOADS]
    result = import_file(fileobj=io.BytesIO(files.csv_bytes(rows)), kind="inbody")
    assert result.rejected == len(PAYLOADS) and result.report
    return _csv_cells(Path(result.report).read_text(encoding="utf-8-sig"))


EXPORTS = [
    equity_csv,
    equity_xlsx,
    equity_summarize,
    esg_csv,
    indicators_sdmx,
    indicators_quarantine,
    exhibition_leads,
    health_quarantine,
]
# Exports whose hostile text can start a cell (health quarantine cells start with a column name).
STARTS_A_CELL = {f.__name__ for f in EXPORTS} - {"health_quarantine"}


@pytest.mark.parametrize("export", EXPORTS, ids=lambda f: f.__name__)
def test_every_export_neutralises_formula_cells(export, cast, client_for, monkeypatch, tmp_path):
    world = SimpleNamespace(
        cast=cast, official=cast.official, partner=cast.partner, partner_org=cast.partner_org,
        client_for=client_for, monkeypatch=monkeypatch, tmp_path=tmp_path,
    )  # fmt: skip
    cells = export(world)
    live = [
        c for c in cells
        if isinstance(c, str) and c[:1] in FORMULA_STARTS and not NUMBER.fullmatch(c)
    ]  # fmt: skip
    assert not live, f"{export.__name__}: cells a spreadsheet would run: {live}"
    if export.__name__ in STARTS_A_CELL:
        assert any(isinstance(c, str) and c.startswith("'" + PAYLOADS[0]) for c in cells), cells
    numbers = [
        c
        for c in cells
        if isinstance(c, (int, float)) or (isinstance(c, str) and NUMBER.fullmatch(c))
    ]
    if export.__name__ in {"equity_csv", "equity_xlsx", "indicators_sdmx"}:
        assert any(float(c) < 0 for c in numbers), f"{export.__name__}: a negative number was lost"
