"""Member cities and the catalogue for the indicator tests, and builders of real file shapes."""

from __future__ import annotations

import json

import pytest

from healthycity.accounts.enums import OrganisationKind, Role
from healthycity.places.models import MemberCity
from tests.factories import OrganisationFactory, member

SDMX_HEADER = (
    "DATAFLOW,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,OBS_STATUS,"
    "LOWER_BOUND,UPPER_BOUND"
)


@pytest.fixture
def catalogue(db):
    from healthycity.policies.indicators.catalogue import sync_catalogue

    sync_catalogue()


@pytest.fixture
def cities(cast, catalogue):
    """Seoul (the host, no organisation), Suwon (the cast's delegate) and Taipei with a delegate."""
    seoul = MemberCity.objects.create(
        name_ko="서울", name_en="Seoul", country="Republic of Korea", country_code="KR",
        unlocode="KRSEL",
    )  # fmt: skip
    suwon = MemberCity.objects.get(unlocode="KRSWU")
    taipei_org = OrganisationFactory(kind=OrganisationKind.MEMBER_CITY, slug="taipei")
    taipei = MemberCity.objects.create(
        organisation=taipei_org, name_ko="타이베이", name_en="Taipei", country="Taiwan",
        country_code="TW", unlocode="TWTPE",
    )  # fmt: skip
    taipei_delegate = member("delegate-taipei", taipei_org, Role.DELEGATE)
    return {"seoul": seoul, "suwon": suwon, "taipei": taipei, "taipei_delegate": taipei_delegate}


def gho_row(code="WHOSIS_000001", area="KOR", year=2021, value=83.6, low=None, high=None, **extra):
    """A row as the WHO GHO OData API returns it (field names and types of the live service)."""
    row = {
        "Id": 27062190,
        "IndicatorCode": code,
        "SpatialDimType": "COUNTRY",
        "SpatialDim": area,
        "ParentLocationCode": "WPR",
        "TimeDimType": "YEAR",
        "ParentLocation": "Western Pacific",
        "Dim1Type": "SEX",
        "Dim1": "SEX_BTSX",
        "TimeDim": year,
        "Dim2Type": None,
        "Dim2": None,
        "Dim3Type": None,
        "Dim3": None,
        "DataSourceDimType": None,
        "DataSourceDim": None,
        "Value": f"{value}",
        "NumericValue": value,
        "Low": low,
        "High": high,
        "Comments": None,
        "Date": "2024-08-01T08:33:10.503+02:00",
        "TimeDimensionValue": str(year),
        "TimeDimensionBegin": f"{year}-01-01T00:00:00+01:00",
        "TimeDimensionEnd": f"{year}-12-31T00:00:00+01:00",
    }
    row.update(extra)
    return row


def gho_file(path, rows) -> str:
    doc = {
        "@odata.context": "https://ghoapi.azureedge.net/api/$metadata#WHOSIS_000001",
        "value": rows,
    }
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    return str(path)


def sdmx_file(path, lines, *, header=SDMX_HEADER, encoding="utf-8", bom=False) -> str:
    text = "\n".join([header, *lines]) + "\n"
    data = text.encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return str(path)
