"""The library's search as pages and the API use it: text, facets and similar practices.

Facets (theme, country, target group, evidence level, review outcome) are counted over the
practices that match the text and the *other* chosen facets, so a reader sees how many practices
each further choice would leave. The facets that are not chosen share one set of practices, so
they are counted together: one query for the practices' own fields (country, evidence level,
outcome) and one for their tags (themes, target groups), plus one pair per chosen facet.

The number of results is counted up to `COUNT_CAP`; past it the page says "more than 1,000"
(counting 19 000 matches exactly reads 19 000 rows).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from healthycity.policies.enums import ReviewOutcome, TagKind, TargetGroup
from healthycity.policies.models import Practice, PracticeTag
from healthycity.policies.reference import evidence_levels, theme_name
from healthycity.policies.search.backend import any_of, bitmap_scans, filter_and_rank, matching

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _plain(value) -> str:
    """A parameter as text without control characters (NUL cannot reach PostgreSQL)."""
    return _CONTROL.sub(" ", str(value or ""))


FACETS = ("theme", "country", "target_group", "evidence", "outcome")
MAX_QUERY = 200
COUNT_CAP = 1_000


@dataclass
class Query:
    q: str = ""
    chosen: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def from_params(cls, params) -> Query:
        getlist = params.getlist if hasattr(params, "getlist") else lambda k: params.get(k, [])
        chosen = {}
        for name in FACETS:
            values = [v for raw in getlist(name) for v in _plain(raw).split(",") if v.strip()]
            if values:
                chosen[name] = sorted({v.strip()[:40] for v in values})
        return cls(q=_plain(params.get("q", ""))[:MAX_QUERY].strip(), chosen=chosen)

    def is_empty(self) -> bool:
        return not self.q and not self.chosen


def _facet_filter(name: str, values: list[str]) -> Q:
    if name == "theme":
        return Q(
            pk__in=PracticeTag.objects.filter(kind=TagKind.THEME, code__in=values).values(
                "practice_id"
            )
        )
    if name == "target_group":
        return Q(
            pk__in=PracticeTag.objects.filter(kind=TagKind.TARGET_GROUP, code__in=values).values(
                "practice_id"
            )
        )
    if name == "country":
        return Q(city__country_code__in=[v.upper() for v in values])
    if name == "evidence":
        return Q(
            evidence_level__in=[
                int(v) for v in values if v.isascii() and v.isdigit() and len(v) <= 2
            ]
        )
    return Q(review_outcome__in=values)


def _filtered(qs: QuerySet, query: Query, *, skip: str = "") -> QuerySet:
    for name, values in query.chosen.items():
        if name != skip:
            qs = qs.filter(_facet_filter(name, values))
    return qs


# Long texts that no result list shows: left in the TOAST table (migration 0005) when a page of
# results is read. Reading them for 20 practices took as long as the search itself.
NOT_LISTED = (
    "body_ko",
    "body_en",
    "body_original",
    "equity_effect_ko",
    "equity_effect_en",
    "transferability_ko",
    "transferability_en",
    "review_reasons",
    "partners",
    "source",
    "search_title",
    "search_summary",
    "search_body",
)


def run(qs: QuerySet, query: Query):
    """`qs` narrowed by the query's text and facets, best match first (a `Ranked` when there is
    text, else a queryset, newest first), without the long texts that lists do not show."""
    qs = _filtered(qs, query).defer(*NOT_LISTED)
    return filter_and_rank(qs, query.q) if query.q else qs.order_by("-published_at", "-id")


def count_upto(results, cap: int | None = None) -> int:
    """The number of results if it is at most `cap` (COUNT_CAP), else cap + 1; reads at most
    cap + 1 rows."""
    cap = COUNT_CAP if cap is None else cap
    if hasattr(results, "count_upto"):
        return results.count_upto(cap)
    return results.order_by()[: cap + 1].count()


def facets(qs: QuerySet, query: Query) -> dict[str, list[dict]]:
    """{facet: [{"value", "label", "count", "chosen"}]} — counts of each value among practices
    matching the text and the other facets."""
    counted: dict[str, dict[str, list[tuple[str, str, int]]]] = {}
    for skip in [""] + [name for name in FACETS if name in query.chosen]:
        found = matching(_filtered(qs, query, skip=skip), query.q)
        with bitmap_scans():
            counted[skip] = {**_field_counts(found), **_tag_counts(found.values("pk"))}
    out: dict[str, list[dict]] = {}
    for name in FACETS:
        rows = counted[name if name in query.chosen else ""][name]
        chosen = set(query.chosen.get(name, []))
        out[name] = [
            {"value": v, "label": _label(name, v, extra), "count": n, "chosen": v in chosen}
            for v, extra, n in rows
        ]
    return out


def _sorted(counts: dict, extra: dict | None = None) -> list[tuple[str, str, int]]:
    rows = [(str(v), (extra or {}).get(v, ""), n) for v, n in counts.items()]
    return sorted(rows, key=lambda r: (-r[2], r[0]))


def _tag_counts(ids: QuerySet) -> dict[str, list[tuple[str, str, int]]]:
    """Themes and target groups in one pass over the matches' tags."""
    found: dict[str, dict[str, int]] = {TagKind.THEME: {}, TagKind.TARGET_GROUP: {}}
    rows = (
        PracticeTag.objects.filter(practice_id__in=ids, kind__in=list(found))
        .values_list("kind", "code")
        .annotate(n=Count("id"))
        .order_by()
    )
    for kind, code, n in rows:
        found[kind][code] = n
    return {
        "theme": _sorted(found[TagKind.THEME]),
        "target_group": _sorted(found[TagKind.TARGET_GROUP]),
    }


def _field_counts(found: QuerySet) -> dict[str, list[tuple[str, str, int]]]:
    """Country, evidence level and outcome in one pass over the matches, grouped on the matches
    themselves (`pk__in` of them looked every match up a second time: 136 ms against 108 ms for
    19 000 in EXPLAIN ANALYZE on a loaded machine)."""
    country: dict[str, int] = {}
    names: dict[str, str] = {}
    evidence: dict[int, int] = {}
    outcome: dict[str, int] = {}
    rows = (
        found.values_list("city__country_code", "city__country", "evidence_level", "review_outcome")
        .annotate(n=Count("id"))
        .order_by()
    )
    for code, name, level, result, n in rows:
        country[code] = country.get(code, 0) + n
        names.setdefault(code, name)
        evidence[level] = evidence.get(level, 0) + n
        if result:
            outcome[result] = outcome.get(result, 0) + n
    return {
        "country": _sorted(country, names),
        "evidence": _sorted(evidence),
        "outcome": _sorted(outcome),
    }


def _label(name: str, value: str, extra: str) -> str:
    if name == "theme":
        return theme_name(value)
    if name == "target_group":
        return str(TargetGroup(value).label) if value in TargetGroup.values else value
    if name == "country":
        return f"{extra} ({value})" if extra else value
    if name == "evidence":
        level = evidence_levels().get(int(value))
        return level.name if level else value
    return str(ReviewOutcome(value).label) if value in ReviewOutcome.values else value


def similar(practice: Practice, qs: QuerySet, *, n: int = 5) -> list[Practice]:
    """Practices like `practice`: sharing words of its title and summary (full-text, any word)
    and its themes and target groups. Score: 2 per shared theme, 1 per shared target group,
    plus up to 3 for the text match by rank."""
    others = qs.exclude(pk=practice.pk)
    text = " ".join(
        [practice.title_ko, practice.title_en, practice.summary_ko[:300], practice.summary_en[:300]]
    )
    by_text = list(any_of(others, text).values_list("pk", flat=True)[:30])
    score: dict[int, float] = {pk: 3 * (1 - i / 30) for i, pk in enumerate(by_text)}
    tags = list(practice.tags.values_list("kind", "code"))
    if tags:
        cond = Q()
        for kind, code in tags:
            cond |= Q(kind=kind, code=code)
        shared = (
            PracticeTag.objects.filter(cond, practice_id__in=others.values("pk"))
            .values("practice_id", "kind")
            .annotate(k=Count("id"))
        )
        for row in shared:
            weight = 2 if row["kind"] == TagKind.THEME else 1
            score[row["practice_id"]] = score.get(row["practice_id"], 0) + weight * row["k"]
    best = sorted(score, key=lambda pk: (-score[pk], -pk))[:n]
    found = {p.pk: p for p in others.filter(pk__in=best).select_related("city")}
    return [found[pk] for pk in best if pk in found]
