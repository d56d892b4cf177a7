"""UCUM unit conversion to the catalogue's units, from the versioned table
health/data/ucum_units.csv (UCUM 2.1 codes; the factors are exact definitions: 1 [lb_av] =
0.45359237 kg, 1 [in_i] = 2.54 cm, by the international yard and pound agreement of 1959).

A table rather than a units library: the imports meet a few dozen units, every one of them
must map to one catalogue column with a plausible range, and the table (with its source) is what
a reviewer checks. `pint` does not parse UCUM's syntax ([lb_av], mm[Hg], {beats}/min) without a
further package, and would accept units no device sends.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"


def _rows(name: str):
    with (DATA / name).open(encoding="utf-8") as f:
        yield from csv.DictReader(line for line in f if not line.startswith("#"))


@cache
def conversions() -> dict[str, dict[str, float]]:
    """catalogue unit → {accepted UCUM code: factor to the catalogue unit}."""
    table: dict[str, dict[str, float]] = {}
    for row in _rows("ucum_units.csv"):
        table.setdefault(row["catalogue_unit"], {})[row["ucum"]] = float(row["factor"])
    return table


@cache
def device_units() -> dict[tuple[str, str], tuple[str, float]]:
    """(family, spelling) → (UCUM code, multiplier) for the unit strings of device exports."""
    return {
        (row["family"], row["spelling"]): (row["ucum"], float(row["multiplier"]))
        for row in _rows("device_units.csv")
    }


def factor(target: str, given: str) -> float | None:
    """How many `target` units one `given` unit is; None if `given` is not a known unit for it."""
    return conversions().get(target, {}).get(given)


def device_factor(family: str, spelling: str, target: str) -> float | None:
    """The factor that turns a value in a device export's unit `spelling` (e.g. HealthKit "lb")
    into the catalogue unit `target`; None if the spelling is unknown or not of that dimension."""
    found = device_units().get((family, spelling))
    if found is None:
        return None
    ucum, multiplier = found
    f = factor(target, ucum)
    return None if f is None else f * multiplier
