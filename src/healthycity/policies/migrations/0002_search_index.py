"""The full-text index of practices, one per database (see policies/search/backend.py).

PostgreSQL: a generated, stored `tsvector` column over the three normalised search columns
(weights A, B, C) with a GIN index. SQLite: an FTS5 table with external content, kept in step by
triggers. Both index the tokens written by policies.search.normalise, so both find the same
practices. Also: on PostgreSQL the history of states refuses UPDATE in the database itself.
"""

from django.db import migrations

PG_FORWARD = """
ALTER TABLE policies_practice ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('simple', coalesce(search_title, '')), 'A') ||
  setweight(to_tsvector('simple', coalesce(search_summary, '')), 'B') ||
  setweight(to_tsvector('simple', coalesce(search_body, '')), 'C')
) STORED;
CREATE INDEX policies_practice_search_gin ON policies_practice USING gin (search_vector);
CREATE OR REPLACE FUNCTION healthycity_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER policies_statechange_append_only BEFORE UPDATE ON policies_practicestatechange
  FOR EACH ROW EXECUTE FUNCTION healthycity_refuse_change();
"""
PG_REVERSE = """
DROP TRIGGER IF EXISTS policies_statechange_append_only ON policies_practicestatechange;
DROP INDEX IF EXISTS policies_practice_search_gin;
ALTER TABLE policies_practice DROP COLUMN IF EXISTS search_vector;
"""

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE policies_practice_fts USING fts5(
        search_title, search_summary, search_body,
        content='policies_practice', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0')""",
    """CREATE TRIGGER policies_practice_fts_ai AFTER INSERT ON policies_practice BEGIN
        INSERT INTO policies_practice_fts(rowid, search_title, search_summary, search_body)
        VALUES (new.id, new.search_title, new.search_summary, new.search_body);
    END""",
    """CREATE TRIGGER policies_practice_fts_ad AFTER DELETE ON policies_practice BEGIN
        INSERT INTO policies_practice_fts(policies_practice_fts, rowid, search_title,
            search_summary, search_body)
        VALUES ('delete', old.id, old.search_title, old.search_summary, old.search_body);
    END""",
    """CREATE TRIGGER policies_practice_fts_au AFTER UPDATE ON policies_practice BEGIN
        INSERT INTO policies_practice_fts(policies_practice_fts, rowid, search_title,
            search_summary, search_body)
        VALUES ('delete', old.id, old.search_title, old.search_summary, old.search_body);
        INSERT INTO policies_practice_fts(rowid, search_title, search_summary, search_body)
        VALUES (new.id, new.search_title, new.search_summary, new.search_body);
    END""",
    "INSERT INTO policies_practice_fts(policies_practice_fts) VALUES ('rebuild')",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS policies_practice_fts_ai",
    "DROP TRIGGER IF EXISTS policies_practice_fts_ad",
    "DROP TRIGGER IF EXISTS policies_practice_fts_au",
    "DROP TABLE IF EXISTS policies_practice_fts",
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement, params=None)


def reverse(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_REVERSE, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_REVERSE:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("policies", "0001_practices")]
    operations = [migrations.RunPython(forward, reverse)]
