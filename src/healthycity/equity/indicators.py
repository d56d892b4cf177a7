"""Indicators and stratifiers, read from the versioned data files in ``data/``.

An indicator's numerator, population and value are SQL expressions over the snapshot columns; they
are parsed with SQLGlot and may only use known columns, so a typo in the data file fails loudly at
load time rather than producing a wrong figure.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import sqlglot
from django.utils.translation import gettext as _
from sqlglot import exp

from healthycity.equity.errors import EquityError, UnknownIndicator, UnknownStratifier

KINDS = ("proportion", "mean", "rate")


@dataclass(frozen=True)
class Indicator:
    id: str
    name_ko: str
    name_en: str
    kind: str
    population: str
    higher_is_better: bool
    unit: str
    scale: float
    source: str
    numerator: str = ""
    denominator: str = ""
    value: str = ""

    def name(self, language: str = "ko") -> str:
        return self.name_en if language.startswith("en") else self.name_ko


@dataclass(frozen=True)
class Stratifier:
    id: str
    name_ko: str
    name_en: str
    column: str
    ordered: bool = False
    order_column: str = ""
    reference: str = ""

    def name(self, language: str = "ko") -> str:
        return self.name_en if language.startswith("en") else self.name_ko


def _read(name: str) -> dict:
    text = resources.files("healthycity.equity").joinpath("data", name).read_text("utf-8")
    return tomllib.loads(text)


def check_expression(text: str, *, where: str, columns: frozenset[str]) -> exp.Expression:
    """Parse an indicator expression; it may only reference snapshot columns and no subqueries."""
    try:
        tree = sqlglot.parse_one(text)
    except sqlglot.errors.ParseError as exc:
        raise EquityError(
            _("%(where)s: cannot parse SQL expression %(expression)s: %(error)s")
            % {"where": where, "expression": repr(text), "error": exc}
        ) from None
    if tree.find(exp.Select, exp.Subquery, exp.Table):
        raise EquityError(
            _("%(where)s: expression %(expression)s may not contain a query.")
            % {"where": where, "expression": repr(text)}
        )
    unknown = sorted({c.name for c in tree.find_all(exp.Column)} - columns)
    if unknown:
        raise EquityError(
            _("%(where)s: expression %(expression)s uses unknown column(s) %(columns)s.")
            % {"where": where, "expression": repr(text), "columns": unknown}
        )
    return tree


def _indicator(row: dict, columns: frozenset[str]) -> Indicator:
    ind = Indicator(**row)
    if ind.kind not in KINDS:
        raise EquityError(
            _("Indicator %(indicator)s: kind must be one of %(choices)s, not %(kind)s.")
            % {"indicator": ind.id, "choices": KINDS, "kind": repr(ind.kind)}
        )
    needed = {
        "proportion": ("numerator",),
        "mean": ("value",),
        "rate": ("numerator", "denominator"),
    }
    for field in ("population", *needed[ind.kind]):
        where = _("Indicator %(indicator)s %(field)s") % {"indicator": ind.id, "field": field}
        check_expression(getattr(ind, field), where=where, columns=columns)
    return ind


@lru_cache(maxsize=1)
def indicators() -> dict[str, Indicator]:
    from healthycity.equity.snapshot import COLUMN_NAMES

    rows = _read("indicators.toml")["indicator"]
    return {row["id"]: _indicator(row, COLUMN_NAMES) for row in rows}


@lru_cache(maxsize=1)
def stratifiers() -> dict[str, Stratifier]:
    return {row["id"]: Stratifier(**row) for row in _read("stratifiers.toml")["stratifier"]}


def indicator(ident: str) -> Indicator:
    try:
        return indicators()[ident]
    except KeyError:
        raise UnknownIndicator(
            _("Unknown indicator %(indicator)s; choose one of %(choices)s.")
            % {"indicator": repr(ident), "choices": ", ".join(indicators())}
        ) from None


def stratifier(ident: str) -> Stratifier:
    try:
        return stratifiers()[ident]
    except KeyError:
        raise UnknownStratifier(
            _("Unknown stratifier %(stratifier)s; choose one of %(choices)s.")
            % {"stratifier": repr(ident), "choices": ", ".join(stratifiers())}
        ) from None
