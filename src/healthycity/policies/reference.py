"""The practice library's reference data (themes, evidence levels, the review rubric), read once
from the versioned TOML files in policies/data/. Names follow the active language."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from healthycity.core.i18n import in_language

DATA = Path(__file__).resolve().parent / "data"


def _read(name: str) -> dict:
    with (DATA / name).open("rb") as handle:
        return tomllib.load(handle)


@dataclass(frozen=True)
class Named:
    code: str
    name_ko: str
    name_en: str
    group: str = ""  # theme family ("who", "afhc") or criterion kind

    @property
    def name(self) -> str:
        return in_language(self.name_ko, self.name_en)


@dataclass(frozen=True)
class Criterion(Named):
    question_ko: str = ""
    question_en: str = ""

    @property
    def kind(self) -> str:
        return self.group

    @property
    def question(self) -> str:
        return in_language(self.question_ko, self.question_en)


@cache
def themes_data() -> dict:
    return _read("themes.toml")


@cache
def themes() -> dict[str, Named]:
    """Every theme by code: the WHO Healthy Cities themes, then the AFHC award categories."""
    data = themes_data()
    return {
        t["code"]: Named(t["code"], t["name_ko"], t["name_en"], family)
        for family in ("who", "afhc")
        for t in data[family]["theme"]
    }


def award_categories() -> dict[str, Named]:
    """AFHC award categories (nominations for the conference are by these codes)."""
    return {code: t for code, t in themes().items() if t.group == "afhc"}


def theme_name(code: str) -> str:
    found = themes().get(code)
    return found.name if found else code


@cache
def evidence_data() -> dict:
    return _read("evidence.toml")


@cache
def evidence_levels() -> dict[int, Named]:
    return {
        row["level"]: Named(str(row["level"]), row["name_ko"], row["name_en"])
        for row in evidence_data()["level"]
    }


def evidence_level_of(evaluation_type: str) -> int:
    for row in evidence_data()["level"]:
        if (evaluation_type or "") in row["designs"]:
            return int(row["level"])
    return max(evidence_levels())


@cache
def rubric_data() -> dict:
    return _read("rubric.toml")


@cache
def criteria() -> tuple[Criterion, ...]:
    return tuple(
        Criterion(
            c["code"], c["name_ko"], c["name_en"], c["kind"], c["question_ko"], c["question_en"]
        )
        for c in rubric_data()["criterion"]
    )


def criteria_of(kind: str) -> list[Criterion]:
    return [c for c in criteria() if c.kind == kind]
