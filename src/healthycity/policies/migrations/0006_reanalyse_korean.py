"""Analyse every practice's text again after words were added to Kiwi's dictionary
(core/data/korean_words.txt: 이주민 and 한부모 were split into a determiner and a noun in running
text, so a search for the word did not find it). The search columns are derived data: they are
rebuilt with the current analysis (policies.search.backend.fill_search_columns), in chunks; the
full-text indexes follow through their triggers (SQLite FTS5) or generated columns (PostgreSQL)."""

from django.db import migrations

CHUNK = 500
COLUMNS = ["search_title", "search_summary", "search_body"]


def forward(apps, schema_editor):
    from healthycity.policies.search.backend import TEXT_PARTS, fill_search_columns

    Practice = apps.get_model("policies", "Practice")
    texts = [f"{part}_{lang}" for part in TEXT_PARTS for lang in ("ko", "en", "original")]
    ids = list(Practice.objects.order_by("pk").values_list("pk", flat=True))
    if not ids:
        return  # a new database: nothing was analysed before
    for start in range(0, len(ids), CHUNK):
        chunk = list(Practice.objects.filter(pk__in=ids[start : start + CHUNK]).only("pk", *texts))
        fill_search_columns(chunk)
        Practice.objects.bulk_update(chunk, COLUMNS)


class Migration(migrations.Migration):
    dependencies = [("policies", "0005_search_tiers")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
