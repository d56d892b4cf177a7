"""Seoul's districts from the versioned data file. Used by the data migration (with the historical
model) and by anything that must restore reference data, e.g. after a test flushed the tables."""

from __future__ import annotations

import csv
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "seoul_districts.csv"


def load_districts(District=None) -> int:
    """Create or update the 25 districts; returns how many rows the file has. Idempotent."""
    if District is None:
        from healthycity.places.models import District
    count = 0
    with DATA.open(encoding="utf-8") as fh:
        for row in csv.DictReader(line for line in fh if not line.startswith("#")):
            District.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name_ko": row["name_ko"],
                    "name_en": row["name_en"],
                    "population": int(row["population_approx"]),
                },
            )
            count += 1
    return count
