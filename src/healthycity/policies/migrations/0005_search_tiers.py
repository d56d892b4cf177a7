"""PostgreSQL: the indexes and row layout that search by tiers needs (policies/search/backend.py).

- Small rows: the long texts and the full `search_vector` leave the row for the TOAST table
  (`toast_tuple_target = 128`), and `rank_vector` stays in it (`STORAGE MAIN`). A search that
  must visit every match (the facet counts) then reads about 9 000 pages at 100 000 practices
  instead of 25 000; a page still reads its 20 rows' texts.
- The GIN index of `search_vector` covers published practices only (every search is over them;
  its condition also drops the status test from the plan), and a GIN index of `rank_vector` finds
  the title and summary tiers of a rare word. Both with `fastupdate = off`: practices are written
  rarely and read often, so every search would otherwise also read the pending list.
- A btree in the result order (publication date, newest first, then id) over published
  practices: the first page of a broad word walks it and stops after 20 rows of the tier.
Existing rows are rewritten once so that they take the new layout.
"""

from django.db import migrations

PG_FORWARD = """
ALTER TABLE policies_practice SET (toast_tuple_target = 128);
ALTER TABLE policies_practice ALTER COLUMN rank_vector SET STORAGE MAIN;
UPDATE policies_practice SET status = status;
DROP INDEX IF EXISTS policies_practice_search_gin;
CREATE INDEX policies_practice_search_gin ON policies_practice USING gin (search_vector)
  WITH (fastupdate = off) WHERE status = 'published';
CREATE INDEX policies_practice_rank_gin ON policies_practice USING gin (rank_vector)
  WITH (fastupdate = off) WHERE status = 'published';
CREATE INDEX policies_practice_published_order ON policies_practice
  (published_at DESC NULLS LAST, id DESC) WHERE status = 'published';
"""
PG_REVERSE = """
DROP INDEX IF EXISTS policies_practice_published_order;
DROP INDEX IF EXISTS policies_practice_rank_gin;
DROP INDEX IF EXISTS policies_practice_search_gin;
CREATE INDEX policies_practice_search_gin ON policies_practice USING gin (search_vector);
ALTER TABLE policies_practice ALTER COLUMN rank_vector SET STORAGE EXTENDED;
ALTER TABLE policies_practice RESET (toast_tuple_target);
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_FORWARD, params=None)


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_REVERSE, params=None)


class Migration(migrations.Migration):
    dependencies = [("policies", "0004_rank_vector")]
    operations = [migrations.RunPython(forward, reverse)]
