"""On PostgreSQL, refuse UPDATE and DELETE on the points ledger in the database itself (reuses
`healthycity_refuse_change()` from core 0002)."""

from django.db import migrations

TABLE = "missions_pointsentry"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
            "FOR EACH ROW EXECUTE FUNCTION healthycity_refuse_change();"
        )


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE};")


class Migration(migrations.Migration):
    dependencies = [("missions", "0001_walking_missions"), ("core", "0002_access_log_append_only")]
    operations = [migrations.RunPython(forward, reverse)]
