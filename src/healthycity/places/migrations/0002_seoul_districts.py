"""Load Seoul's 25 districts from the versioned data file (reverse: remove them)."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "seoul_districts.csv"


def load(apps, schema_editor):
    District = apps.get_model("places", "District")
    with DATA.open(encoding="utf-8") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        for row in rows:
            District.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name_ko": row["name_ko"],
                    "name_en": row["name_en"],
                    "population": int(row["population_approx"]),
                },
            )


def unload(apps, schema_editor):
    apps.get_model("places", "District").objects.filter(code__startswith="11").delete()


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
