"""The code catalogue (health/data/codes.csv): code, UCUM unit and plausible range of every value.

Reference values are data (DESIGN.md): change the CSV, not literals in code.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LOINC = "http://loinc.org"
LOCAL = "https://healthycity.example/fhir/CodeSystem/bodycomp"
UCUM = "http://unitsofmeasure.org"
BP_PANEL = "85354-9"  # LOINC blood pressure panel with all children optional

CODES_FILE = Path(__file__).parent / "data" / "codes.csv"


@dataclass(frozen=True)
class Code:
    field: str
    system: str
    code: str
    display_en: str
    display_ko: str
    ucum: str
    min: float
    max: float
    source: str

    def plausible(self, value: float) -> bool:
        return self.min <= value <= self.max


@cache
def catalogue() -> dict[str, Code]:
    """field name → Code, read once from the versioned CSV."""
    with CODES_FILE.open(encoding="utf-8") as f:
        lines = (line for line in f if not line.startswith("#"))
        return {
            row["field"]: Code(
                field=row["field"],
                system=row["system"],
                code=row["code"],
                display_en=row["display_en"],
                display_ko=row["display_ko"],
                ucum=row["ucum"],
                min=float(row["min"]),
                max=float(row["max"]),
                source=row["source"],
            )
            for row in csv.DictReader(lines)
        }


def code_for(field: str) -> Code:
    return catalogue()[field]


@cache
def by_code() -> dict[tuple[str, str], Code]:
    """(system, code) → Code, for reading FHIR."""
    return {(c.system, c.code): c for c in catalogue().values()}
