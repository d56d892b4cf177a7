"""Full-text filtering and ranking on the database: PostgreSQL full-text search (a generated
`tsvector` column with a GIN index) in production, SQLite FTS5 in the embedded default.

Both index the pre-normalised columns `search_title`, `search_summary`, `search_body` (see
normalise.py and migration 0002) and both match a practice when it holds *every* query token, so
the two find the same practices. Ranking: title matches weigh most, then summary, then body
(PostgreSQL `ts_rank` over a small title-and-summary vector, weights A/B — migration 0004 says
why; SQLite `bm25` with column weights 10/4/1). Ties are
broken by publication date and id, so a result page is stable.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import BooleanField, F, FloatField, QuerySet
from django.db.models.expressions import RawSQL

from healthycity.policies.search.normalise import query_terms, tokens_many

FTS_TABLE = "policies_practice_fts"
TEXT_PARTS = ("title", "summary", "body")


def fill_search_columns(practices) -> None:
    """Set the search columns of many practices (in memory; the caller saves)."""
    practices = list(practices)
    texts = [
        getattr(p, f"{part}_{lang}", "") or ""
        for p in practices
        for part in TEXT_PARTS
        for lang in ("ko", "en", "original")
    ]
    found = tokens_many(texts)
    per = len(TEXT_PARTS) * 3
    for n, practice in enumerate(practices):
        chunk = found[n * per : (n + 1) * per]
        for i, part in enumerate(TEXT_PARTS):
            words = [t for piece in chunk[i * 3 : i * 3 + 3] for t in piece]
            setattr(practice, f"search_{part}", " ".join(words))


def _matching(qs: QuerySet, terms: list[str], *, every: bool) -> QuerySet:
    # Only constant names are formatted into the SQL; the user's tokens are parameters. The
    # column is named without its table, so the filter also works inside a subquery (alias U0).
    table = qs.model._meta.db_table
    if connection.vendor == "postgresql":
        tsquery = "to_tsquery('simple', %s)"
        text = (" & " if every else " | ").join(terms)  # tokens are word characters only
        hit = RawSQL(  # noqa: S611
            f"search_vector @@ {tsquery}", [text], output_field=BooleanField()
        )
        qs = qs.filter(hit)
        rank = RawSQL(  # noqa: S611
            f"-ts_rank(rank_vector, {tsquery})", [text], output_field=FloatField()
        )
    else:
        # Each token quoted (a phrase of one token): FTS5 operators in user text mean nothing.
        quoted = ['"' + t.replace('"', '""') + '"' for t in terms]
        match = (" " if every else " OR ").join(quoted)
        hits = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
        qs = qs.filter(id__in=RawSQL(hits, [match]))  # noqa: S611
        rank = RawSQL(  # noqa: S611
            f"(SELECT bm25({FTS_TABLE}, 10.0, 4.0, 1.0) FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s AND rowid = {table}.id)",
            [match],
            output_field=FloatField(),
        )
    # alias, not annotate: a count() of the same queryset then computes no rank at all.
    return qs.alias(rank=rank).order_by("rank", F("published_at").desc(nulls_last=True), "-id")


def filter_and_rank(qs: QuerySet, query: str) -> QuerySet:
    """`qs` narrowed to practices holding every token of `query`, with a `rank` alias (lower
    is better) and ordered by it. A query without any searchable token leaves `qs` as it is."""
    terms = query_terms(query)
    return _matching(qs, terms, every=True) if terms else qs


def any_of(qs: QuerySet, text: str, *, limit_terms: int = 12) -> QuerySet:
    """`qs` narrowed to practices holding *any* of the first tokens of `text` (similar
    practices), ranked the same way."""
    terms = query_terms(text)[:limit_terms]
    return _matching(qs, terms, every=False) if terms else qs.none()
