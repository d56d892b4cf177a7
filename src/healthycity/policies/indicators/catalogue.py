"""The indicator catalogue as cited data: ``data/catalogue.toml`` (ISO 37120 health indicators,
WHO GHO indicators) plus this platform's own indicators, taken from the equity app's
``indicators.toml`` through its public ``equity.indicators.indicators()``.

``sync_catalogue()`` writes both into the ``Indicator`` table (insert or update by code; entries an
official added are left alone). A data migration runs it once; the importer, the demo and the test
fixtures call it again, which is cheap (a few dozen rows) and idempotent.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources

from healthycity.policies.indicators.enums import Framework

PLATFORM_PREFIX = "HC-"
FIELDS = (
    "framework", "name_ko", "name_en", "definition_ko", "definition_en", "unit", "unit_code",
    "higher_is_better", "benchmark_good", "benchmark_poor", "benchmark_source", "source", "order",
)  # fmt: skip


@lru_cache(maxsize=1)
def file_entries() -> tuple[dict, ...]:
    text = (
        resources.files("healthycity.policies.indicators")
        .joinpath("data", "catalogue.toml")
        .read_text("utf-8")
    )
    return tuple(tomllib.loads(text)["indicator"])


def platform_code(equity_id: str) -> str:
    return f"{PLATFORM_PREFIX}{equity_id}"


def platform_entries() -> list[dict]:
    """One catalogue entry per equity indicator (obesity, hypertension, …) of this platform."""
    from healthycity.equity.indicators import indicators

    entries = []
    for order, ind in enumerate(indicators().values(), start=40):
        entries.append(
            {
                "code": platform_code(ind.id),
                "framework": Framework.PLATFORM.value,
                "order": order,
                "name_ko": ind.name_ko,
                "name_en": ind.name_en,
                "definition_ko": (
                    f"분석 스냅샷(통계 활용에 동의한 시민, 가명 처리)에서 이 플랫폼의 형평성 분석이 "
                    f"계산한 도시 전체 값. 정의: 형평성 지표 '{ind.id}' (docs/equity.md)."
                ),
                "definition_en": (
                    "The city-wide value computed by this platform's equity analytics from its "
                    "snapshot of consented, pseudonymised citizens. Definition: equity indicator "
                    f"'{ind.id}' (docs/equity.md)."
                ),
                "unit": ind.unit,
                "unit_code": "PT" if ind.unit == "%" else "",
                "higher_is_better": ind.higher_is_better,
                "source": f"healthycity equity analytics; definition: {ind.source}",
            }
        )
    return entries


def entries() -> list[dict]:
    return [*file_entries(), *platform_entries()]


def sync_catalogue(model=None) -> int:
    """Insert or update every catalogue entry (by code); returns how many rows changed."""
    if model is None:
        from healthycity.policies.indicators.models import Indicator as model
    existing = {i.code: i for i in model.objects.filter(code__in=[e["code"] for e in entries()])}
    changed = 0
    for entry in entries():
        values = {f: entry.get(f, _default(f)) for f in FIELDS}
        row = existing.get(entry["code"])
        if row is None:
            model.objects.create(code=entry["code"], **values)
            changed += 1
        elif any(getattr(row, f) != v for f, v in values.items()):
            for f, v in values.items():
                setattr(row, f, v)
            row.save()
            changed += 1
    return changed


def _default(field: str):
    return {
        "higher_is_better": None,
        "benchmark_good": None,
        "benchmark_poor": None,
        "order": 100,
    }.get(field, "")
