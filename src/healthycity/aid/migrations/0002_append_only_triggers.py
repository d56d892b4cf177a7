"""On PostgreSQL, refuse UPDATE and DELETE on the hand-over ledger and the stock movements in the
database itself (reuses `healthycity_refuse_change()` from core 0002), and create the chain head."""

from django.db import migrations

TABLES = ["aid_handover", "aid_stockmovement"]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION healthycity_refuse_change();"
            )
    apps.get_model("aid", "LedgerHead").objects.get_or_create(pk=1)


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")


class Migration(migrations.Migration):
    dependencies = [("aid", "0001_initial"), ("core", "0002_access_log_append_only")]
    operations = [migrations.RunPython(forward, reverse)]
