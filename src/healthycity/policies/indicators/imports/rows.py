"""One observation as read from a file, its validation, and why a row is rejected.

Both readers (GHO JSON, SDMX-CSV) turn their rows into `Raw` objects; `Validator.check` turns a
`Raw` into a `Row` ready to write, or a `Rejection` naming the line, the column and the reason in
the user's language. The catalogue, member cities and countries are looked up once per import.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from healthycity.places import validators as codes
from healthycity.policies.indicators.enums import RejectReason

RAW_LIMIT = 2000
# SDMX TIME_PERIOD (ISO 8601 and the SDMX reporting periods): a year, a half-year, a quarter, a
# month or a week — 2024, 2024-S1, 2024-Q3, 2024-07, 2024-W05. GHO TimeDim is a year.
PERIOD = re.compile(r"^(\d{4})(?:-(?:S[12]|Q[1-4]|0[1-9]|1[0-2]|W(?:0[1-9]|[1-4]\d|5[0-3])|A1))?$")
STATUS = re.compile(r"^[A-Z]{1,2}$")
SYNTHETIC_MARK = "SYNTHETIC"


@dataclass
class Raw:
    """A row as the file has it (text or numbers), before validation."""

    line: int
    indicator: str = ""
    area: str = ""
    period: str = ""
    value: object = None
    lower: object = None
    upper: object = None
    unit: str = ""
    status: str = ""
    breakdown: str = ""
    source: str = ""
    comment: str = ""
    raw: str = ""
    # set by a reader when the row is already known to be bad (column, reason, message)
    problem: tuple[str, str, str] | None = None
    # a CSV row's cells: joined into `raw` only when the row is reported (most rows never are)
    cells: list[str] | None = None
    delimiter: str = ","

    def text(self) -> str:
        if self.cells is not None:
            return self.delimiter.join(self.cells)[:RAW_LIMIT]
        return self.raw[:RAW_LIMIT]


@dataclass
class Row:
    """A valid observation, ready to be written."""

    line: int
    indicator_id: int
    area: str
    city_id: int | None
    country_code: str
    period: str
    year: int
    breakdown: str
    value: float
    lower: float | None
    upper: float | None
    unit: str
    status: str
    source: str
    synthetic: bool
    origin: Raw | None = None  # the row as read, for a report

    @property
    def key(self) -> tuple:
        return (self.indicator_id, self.area, self.period, self.breakdown)


@dataclass
class Rejection:
    line: int
    reason: str
    message: str
    column: str = ""
    raw: str = ""


class Invalid(Exception):
    def __init__(self, column: str, reason: str, message: str):
        super().__init__(message)
        self.column, self.reason, self.message = column, reason, message


@dataclass
class Lookups:
    """What a row is checked against, read once per import."""

    indicators: dict[str, tuple[int, str, str]]  # code → (id, unit, unit_code)
    cities: dict[str, tuple[int, str]]  # UN/LOCODE → (city id, alpha-2)
    allowed: set[str] | None  # area codes the importer may write; None = all
    max_year: int = field(default_factory=lambda: timezone.localdate().year + 1)

    @classmethod
    def load(cls, *, allowed: set[str] | None) -> Lookups:
        from healthycity.places.models import MemberCity
        from healthycity.policies.indicators.models import Indicator

        return cls(
            indicators={
                code: (pk, unit, unit_code)
                for pk, code, unit, unit_code in Indicator.objects.values_list(
                    "pk", "code", "unit", "unit_code"
                )
            },
            cities={
                locode: (pk, alpha2)
                for pk, locode, alpha2 in MemberCity.objects.exclude(unlocode=None).values_list(
                    "pk", "unlocode", "country_code"
                )
            },
            allowed=allowed,
        )


class Validator:
    def __init__(self, lookups: Lookups, *, column_names: dict[str, str]):
        self.lookups = lookups
        self.names = column_names  # our field → the file's column name, for messages

    def check(self, raw: Raw) -> Row | Rejection:
        try:
            if raw.problem:
                raise Invalid(*raw.problem)
            return self._check(raw)
        except Invalid as exc:
            return Rejection(
                line=raw.line,
                reason=exc.reason,
                message=exc.message,
                column=exc.column,
                raw=raw.text(),
            )

    def _check(self, raw: Raw) -> Row:
        indicator_id, unit, unit_code = self._indicator(raw)
        area, city_id, country = self._area(raw)
        period, year = self._period(raw)
        value = self._number(raw, "value", raw.value, required=True)
        lower = self._number(raw, "lower", raw.lower)
        upper = self._number(raw, "upper", raw.upper)
        if (lower is not None and lower > value) or (upper is not None and upper < value):
            raise Invalid(
                self.names["lower"],
                RejectReason.BAD_INTERVAL,
                _(
                    "Line %(line)s: the interval %(lower)s–%(upper)s does not contain the value %(value)s."
                )
                % {
                    "line": raw.line,
                    "lower": _text(lower),
                    "upper": _text(upper),
                    "value": _text(value),
                },
            )
        self._unit(raw, unit, unit_code)
        status = raw.status.strip().upper()
        if status and not STATUS.match(status):
            raise Invalid(
                self.names["status"],
                RejectReason.MALFORMED,
                _(
                    "Column '%(column)s' has '%(value)s' on line %(line)s; expected an SDMX observation status code such as A, E or P."
                )
                % {"column": self.names["status"], "value": raw.status[:40], "line": raw.line},
            )
        return Row(
            line=raw.line,
            indicator_id=indicator_id,
            area=area,
            city_id=city_id,
            country_code=country,
            period=period,
            year=year,
            breakdown=raw.breakdown[:200],
            value=value,
            lower=lower,
            upper=upper,
            unit=unit,
            status=status,
            source=raw.source[:300],
            synthetic=raw.comment.strip().upper().startswith(SYNTHETIC_MARK),
            origin=raw,
        )

    def _indicator(self, raw: Raw) -> tuple[int, str, str]:
        code = raw.indicator.strip()
        if not code:
            raise self._missing(raw, "indicator")
        found = self.lookups.indicators.get(code)
        if found is None:
            raise Invalid(
                self.names["indicator"],
                RejectReason.UNKNOWN_INDICATOR,
                _(
                    "Line %(line)s: indicator '%(code)s' is not in the catalogue; an official adds it (code, name, unit and source) before its values can be imported."
                )
                % {"line": raw.line, "code": code[:60]},
            )
        return found

    def _area(self, raw: Raw) -> tuple[str, int | None, str]:
        code = raw.area.strip().upper()
        if not code:
            raise self._missing(raw, "area")
        city = self.lookups.cities.get(code)
        if city is not None:
            area, city_id, country = code, city[0], city[1]
        elif len(code) == 3 and codes.is_alpha3(code):
            area, city_id, country = code, None, codes.alpha2_of(code)
        elif len(code) == 2 and codes.is_alpha2(code):
            area, city_id, country = codes.alpha3_of(code), None, code
        else:
            raise Invalid(
                self.names["area"],
                RejectReason.UNKNOWN_AREA,
                _(
                    "Line %(line)s: '%(code)s' is neither the UN/LOCODE of a member city nor an ISO 3166 country code."
                )
                % {"line": raw.line, "code": raw.area[:40]},
            )
        allowed = self.lookups.allowed
        if allowed is not None and area not in allowed:
            raise Invalid(
                self.names["area"],
                RejectReason.NOT_ALLOWED,
                _("Line %(line)s: you may import values of your own city only, not of '%(code)s'.")
                % {"line": raw.line, "code": area},
            )
        return area, city_id, country

    def _period(self, raw: Raw) -> tuple[str, int]:
        text = str(raw.period).strip()
        if not text:
            raise self._missing(raw, "period")
        match = PERIOD.match(text)
        year = int(match.group(1)) if match else 0
        if not match or not 1900 <= year <= self.lookups.max_year:
            raise Invalid(
                self.names["period"],
                RejectReason.BAD_PERIOD,
                _(
                    "Column '%(column)s' has '%(value)s' on line %(line)s; expected a period such as 2024, 2024-Q3 or 2024-07 between 1900 and %(max)s."
                )
                % {
                    "column": self.names["period"],
                    "value": text[:40],
                    "line": raw.line,
                    "max": self.lookups.max_year,
                },
            )
        return text, year

    def _number(
        self, raw: Raw, name: str, value: object, *, required: bool = False
    ) -> float | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise self._missing(raw, name)
            return None
        try:
            number = float(value.replace(",", "") if isinstance(value, str) else value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            number = math.nan
        if not math.isfinite(number):
            raise Invalid(
                self.names[name],
                RejectReason.NOT_A_NUMBER,
                _("Column '%(column)s' has '%(value)s' on line %(line)s; expected a number.")
                % {"column": self.names[name], "value": str(value)[:40], "line": raw.line},
            )
        return number

    def _unit(self, raw: Raw, unit: str, unit_code: str) -> None:
        given = raw.unit.strip()
        if not given or given.upper() == unit_code.upper() or given == unit:
            return
        raise Invalid(
            self.names["unit"],
            RejectReason.WRONG_UNIT,
            _(
                "Line %(line)s: the unit '%(given)s' differs from the catalogue's (%(unit)s%(code)s); convert the value first."
            )
            % {
                "line": raw.line,
                "given": given[:40],
                "unit": unit,
                "code": f", {unit_code}" if unit_code else "",
            },
        )

    def _missing(self, raw: Raw, name: str) -> Invalid:
        return Invalid(
            self.names[name],
            RejectReason.MISSING_VALUE,
            _("Column '%(column)s' is empty on line %(line)s.")
            % {"column": self.names[name], "line": raw.line},
        )


def _text(number: float | None) -> str:
    return "—" if number is None else f"{number:g}"
