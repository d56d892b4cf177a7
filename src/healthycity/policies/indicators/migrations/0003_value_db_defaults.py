"""On PostgreSQL the id and timestamps of an indicator value get database defaults, so the
import's COPY need not send them (a uuid4 and two timestamps per row were a third of the Python
work per row). Other databases keep Django's Python-side defaults only."""

from django.db import migrations

TABLE = "indicators_indicatorvalue"
DEFAULTS = {"external_id": "gen_random_uuid()", "created_at": "now()", "updated_at": "now()"}


def set_defaults(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column, default in DEFAULTS.items():
        schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN {column} SET DEFAULT {default}")


def drop_defaults(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in DEFAULTS:
        schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN {column} DROP DEFAULT")


class Migration(migrations.Migration):
    dependencies = [("indicators", "0002_load_catalogue")]

    operations = [migrations.RunPython(set_defaults, drop_defaults)]
