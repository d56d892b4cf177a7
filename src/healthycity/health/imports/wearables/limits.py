"""The plausibility limits of steps, from health/data/steps_plausibility.csv (sources there)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FILE = Path(__file__).resolve().parents[2] / "data" / "steps_plausibility.csv"


@dataclass(frozen=True)
class Limits:
    max_cadence: float  # steps per minute
    max_daily_steps: int
    phone_hour_min: float  # phone steps in an hour before the phone-shaking check applies


@cache
def limits() -> Limits:
    with FILE.open(encoding="utf-8") as f:
        rows = {
            r["limit"]: float(r["value"])
            for r in csv.DictReader(line for line in f if not line.startswith("#"))
        }
    return Limits(
        max_cadence=rows["max_cadence"],
        max_daily_steps=int(rows["max_daily_steps"]),
        phone_hour_min=rows["phone_hour_min"],
    )
