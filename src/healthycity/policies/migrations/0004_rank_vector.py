"""PostgreSQL: a small generated `tsvector` of the title (A) and summary (B) only, to rank by.

`ts_rank` reads the whole vector of every matching row; over the full vector (with the long
description) that cost most of a search at 100 000 practices (about 330 ms of 400 for a word in
6 700 of them, measured on the benchmark database). Matching still uses `search_vector` and its
GIN index; a description-only match ranks after title and summary matches, by date. SQLite's FTS5
ranks with bm25 and needs nothing here.
"""

from django.db import migrations

PG_FORWARD = """
ALTER TABLE policies_practice ADD COLUMN rank_vector tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('simple', coalesce(search_title, '')), 'A') ||
  setweight(to_tsvector('simple', coalesce(search_summary, '')), 'B')
) STORED;
"""
PG_REVERSE = "ALTER TABLE policies_practice DROP COLUMN IF EXISTS rank_vector;"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_FORWARD, params=None)


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_REVERSE, params=None)


class Migration(migrations.Migration):
    dependencies = [("policies", "0003_presentations")]
    operations = [migrations.RunPython(forward, reverse)]
