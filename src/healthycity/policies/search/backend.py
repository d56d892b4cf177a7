"""Full-text filtering and ranking on the database: PostgreSQL full-text search (generated
`tsvector` columns with GIN indexes) in production, SQLite FTS5 in the embedded default.

Both index the pre-normalised columns `search_title`, `search_summary`, `search_body` (see
normalise.py and migration 0002) and both match a practice when it holds *every* query token, so
the two find the same practices.

Ranking is by tiers, the same on both databases (docs/methods.md, "Practice search"):
1. every token in the title;
2. every token in the title or the summary;
3. the other matches (a token only in the description);
and within a tier, the newest publication first (then id), so a result page is stable and both
backends give the same order. Why tiers and not `ts_rank`/`bm25` over every match: a score per
row must read every match (19 000 rows for a broad word at 100 000 practices, most of a search's
time, docs/policies.md "Search benchmark"); a tier is a condition that an index answers, so the
first page of a broad query reads a few hundred rows in date order and stops.

On PostgreSQL, tiers 1–2 test the small title-and-summary vector `rank_vector` (weights A and B,
stored in the row, migration 0004) with a weight-restricted query (`walk:A`, `walk:AB`); matching
and tier 3 use `search_vector` and its GIN index (migration 0005).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext, suppress

from django.db import DatabaseError, connection, connections
from django.db.models import BooleanField, Case, F, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from healthycity.policies.search.normalise import query_terms, tokens_many

FTS_TABLE = "policies_practice_fts"
TEXT_PARTS = ("title", "summary", "body")
ORDER = (F("published_at").desc(nulls_last=True), "-id")


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


@contextmanager
def bitmap_scans() -> Iterator[None]:
    """On PostgreSQL, plan the statements inside with bitmap scans only (the GIN index).

    `search_vector` is kept out of the row (TOAST, migration 0005) so that the rows stay small;
    the planner does not count the cost of fetching it, so for a broad word it may prefer a
    sequential scan that tests `@@` row by row, reading every vector from the TOAST table
    (measured: 72 ms for the first 1 000 of 19 000 matches, against 24 ms through the index).
    The settings are put back on leaving (and with the transaction, if it is rolled back)."""
    if connection.vendor != "postgresql":
        yield
        return
    names = ("enable_seqscan", "enable_indexscan")
    with connection.cursor() as cur:
        cur.execute(  # one round trip: the values before, and off
            "SELECT "
            + ", ".join(f"current_setting('{n}')" for n in names)
            + ", "
            + ", ".join(f"set_config('{n}', 'off', false)" for n in names)
        )
        before = cur.fetchone()[: len(names)]
        args = ", ".join("set_config(%s, %s, false)" for _ in names)
        reset = [v for pair in zip(names, before, strict=True) for v in pair]
        try:
            yield
        except Exception:
            # In a transaction the error aborted, the reset cannot run; rolling the transaction
            # back resets the settings. The caller sees its own error, not the reset's.
            with suppress(DatabaseError):
                cur.execute(f"SELECT {args}", reset)
            raise
        cur.execute(f"SELECT {args}", reset)


def _pg(column: str, terms: list[str], join: str, weight: str = "") -> Q:
    # Tokens are word characters only (normalise.py), so `token:AB` is a valid tsquery item.
    # Only constant names are formatted into the SQL; the tokens are a parameter. The column is
    # named without its table, so the condition also works inside a subquery (alias U0).
    text = join.join(f"{t}:{weight}" if weight else t for t in terms)
    return Q(RawSQL(f"{column} @@ to_tsquery('simple', %s)", [text], output_field=BooleanField()))  # noqa: S611


def _fts(terms: list[str], join: str, columns: str = "") -> Q:
    # Each token quoted (a phrase of one token): FTS5 operators in user text mean nothing.
    quoted = ['"' + t.replace('"', '""') + '"' for t in terms]
    match = join.join(f"{{{columns}}} : {q}" if columns else q for q in quoted)
    hits = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
    return Q(id__in=RawSQL(hits, [match]))  # noqa: S611


def _conditions(terms: list[str], *, every: bool) -> tuple[Q, Q, Q]:
    """(a match, every token in the title, every token in the title or summary); with
    every=False, "any token" instead of "every token"."""
    if connection.vendor == "postgresql":
        join = " & " if every else " | "
        return (
            _pg("search_vector", terms, join),
            _pg("rank_vector", terms, join, "A"),
            _pg("rank_vector", terms, join, "AB"),
        )
    join = " AND " if every else " OR "
    return (
        _fts(terms, join),
        _fts(terms, join, "search_title"),
        _fts(terms, join, "search_title search_summary"),
    )


class Ranked:
    """The matches of a query in tier order: what `filter_and_rank` returns.

    Behaves like a read-only queryset for pages, the API and templates: slicing, iteration,
    `count()`, `exists()`, `prefetch_related()`, `values_list()`. `count_upto(cap)` counts at most
    cap + 1 matches.

    A slice first looks at the newest `WINDOW` practices in publication order (one walk of the
    order index, testing the small title-and-summary vector of each): when they hold the slice's
    rows of a tier, those are the rows, exactly (a tier's rows are in the same order). Only
    otherwise (a rare word, a late page) is a tier read through its own query, which the GIN
    indexes answer. The planner cannot choose between the two itself: it takes words as
    independent, so for "smoke-free parks" it expects 64 practices with all three words in
    the title where there are 3 296, and sorts them all."""

    ordered = True  # for Django's Paginator
    WINDOW = 2_000

    def __init__(self, qs: QuerySet, match: Q, title: Q, head: Q, fn=None):
        self.qs, self.conditions = qs, (match, title, head)
        self.fn = fn or (lambda q: q)  # what prefetch_related / values_list asked for
        tiers = [qs.filter(title), qs.filter(head & ~title), qs.filter(match & ~head)]
        self.tiers = [self.fn(t.order_by(*ORDER)) for t in tiers]
        self.matching = qs.filter(match).order_by()  # every match, unordered (counts, facets)

    def _apply(self, fn: Callable[[QuerySet], QuerySet]) -> Ranked:
        return Ranked(self.qs, *self.conditions, fn=lambda q: fn(self.fn(q)))

    def prefetch_related(self, *lookups) -> Ranked:
        return self._apply(lambda qs: qs.prefetch_related(*lookups))

    def values_list(self, *fields, flat: bool = False) -> Ranked:
        return self._apply(lambda qs: qs.values_list(*fields, flat=flat))

    def count(self) -> int:
        with bitmap_scans():
            return self.matching.count()

    def count_upto(self, cap: int) -> int:
        """The number of matches if it is at most `cap`, else cap + 1 (reads ≤ cap + 1 rows)."""
        with bitmap_scans():
            return self.matching[: cap + 1].count()

    def exists(self) -> bool:
        return self.count_upto(0) > 0

    def __len__(self) -> int:
        return self.count()

    def __iter__(self):
        return iter(self._rows(0, None))

    def __getitem__(self, key):
        if isinstance(key, int):
            rows = self._rows(key, key + 1)
            if not rows:
                raise IndexError(key)
            return rows[0]
        if key.step not in (None, 1) or (key.start or 0) < 0 or (key.stop or 0) < 0:
            raise ValueError("Ranked results take a plain, non-negative slice")
        return self._rows(key.start or 0, key.stop)

    def _window(self) -> list[tuple[int, int]]:
        """(pk, tier) of the practices of tiers 0–1 among the newest WINDOW of the queryset."""
        _, title, head = self.conditions
        tier = Case(When(title, then=Value(0)), When(head, then=Value(1)), default=None)
        newest = self.qs.order_by(*ORDER).annotate(_tier=tier).values_list("pk", "_tier")
        sql, params = newest[: self.WINDOW].query.sql_with_params()
        with connections[self.qs.db].cursor() as cur:
            cur.execute(f'SELECT * FROM ({sql}) w WHERE w."_tier" IS NOT NULL', params)  # noqa: S608
            return cur.fetchall()

    def _rows(self, start: int, stop: int | None) -> list:
        window = self._window() if stop is not None and stop <= self.WINDOW else None
        out: list = []
        skip = start  # rows of the slice's start still to pass over, in this and later tiers
        for n, tier in enumerate(self.tiers):
            want = None if stop is None else stop - start - len(out)
            if want is not None and want <= 0:
                break
            ids = [pk for pk, t in window or () if t == n]
            if want is not None and len(ids) >= skip + want:
                out += list(tier.filter(pk__in=ids[skip : skip + want]))
                break
            # The last tier tests the large, out-of-row vector: the GIN index, not a walk.
            with bitmap_scans() if n == len(self.tiers) - 1 else nullcontext():
                rows = list(tier[skip : None if want is None else skip + want])
                if not rows and skip:  # the tier is shorter than what is left to skip
                    skip -= min(skip, tier.count())
                    continue
            out += rows
            skip = 0
        return out


def _ranked(qs: QuerySet, terms: list[str], *, every: bool) -> Ranked:
    return Ranked(qs, *_conditions(terms, every=every))


def matching(qs: QuerySet, query: str) -> QuerySet:
    """`qs` narrowed to practices holding every token of `query`, unordered (for counting)."""
    terms = query_terms(query)
    return _ranked(qs, terms, every=True).matching if terms else qs


def filter_and_rank(qs: QuerySet, query: str) -> Ranked | QuerySet:
    """The practices of `qs` holding every token of `query`, best tier first, as `Ranked`.
    A query without any searchable token leaves `qs` as it is."""
    terms = query_terms(query)
    return _ranked(qs, terms, every=True) if terms else qs


def any_of(qs: QuerySet, text: str, *, limit_terms: int = 12) -> Ranked | QuerySet:
    """The practices of `qs` holding *any* of the first tokens of `text` (similar practices),
    in the same tiers (a token in the title, in the title or summary, anywhere)."""
    terms = query_terms(text)[:limit_terms]
    return _ranked(qs, terms, every=False) if terms else qs.none()
