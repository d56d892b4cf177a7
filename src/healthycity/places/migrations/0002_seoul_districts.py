"""Load Seoul's 25 districts from the versioned data file (reverse: remove them)."""

from django.db import migrations

from healthycity.places.seed import load_districts


def load(apps, schema_editor):
    load_districts(apps.get_model("places", "District"))


def unload(apps, schema_editor):
    apps.get_model("places", "District").objects.filter(code__startswith="11").delete()


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
