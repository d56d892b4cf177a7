"""On PostgreSQL, refuse UPDATE and DELETE on the access log in the database itself."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION healthycity_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_accesslog_append_only BEFORE UPDATE OR DELETE ON core_accesslog
  FOR EACH ROW EXECUTE FUNCTION healthycity_refuse_change();
"""
REVERSE = "DROP TRIGGER IF EXISTS core_accesslog_append_only ON core_accesslog;"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REVERSE)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forward, reverse)]
