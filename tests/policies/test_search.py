"""Search: Korean through kiwipiepy morphology, English stems; PostgreSQL full-text search and
SQLite FTS5 give the same results (this file runs on both legs of the suite)."""

from __future__ import annotations

import pytest
from django.db import connection

from healthycity.policies.models import Practice
from healthycity.policies.search.backend import filter_and_rank
from healthycity.policies.search.normalise import query_terms, tokens
from tests.policies.conftest import draft

pytestmark = pytest.mark.django_db


def test_korean_inflections_reduce_to_the_same_tokens():
    assert tokens("어르신들이 걸었다") == ["어르신", "걷다"]
    assert tokens("걷는 어르신") == ["걷다", "어르신"]
    assert "예방" in tokens("근감소를 예방하는 영양 지원")


@pytest.mark.parametrize(
    ("word", "text"),
    [("이주민", "이주민을 위한 건강 상담"), ("한부모", "한부모 가정을 위한 식사 지원")],
)
def test_words_the_model_splits_in_running_text_are_found_alone(word, text):
    """core/data/korean_words.txt: without it, Kiwi reads 이주민을 as 이(this) + 주민 and
    한부모 가정 as 한(one) + 부모, so the word asked alone found nothing."""
    assert tokens(word) == [word]
    assert word in tokens(text)
    assert "부모" in tokens("한 부모가 아이를 돌본다")  # "one parent" still splits


def test_english_words_are_stemmed_and_stop_words_dropped():
    assert tokens("Walking programmes for the cities") == ["walk", "programm", "citi"]
    assert query_terms("the of and") == []


@pytest.fixture
def library(cast, cities):
    made = {
        "walking": draft(cities.suwon, cast.delegate),
        "smoke": draft(
            cities.taipei,
            cities.delegate_taipei,
            title_ko="금연 공원 지정",
            title_en="Smoke-free parks",
            summary_ko="공원 전체를 금연 구역으로 지정했다.",
            summary_en="All parks became smoke-free zones.",
            body_ko="흡연율이 줄었다. 주민들이 산책하며 걸었다.",
            body_en="Smoking fell; residents walked in the parks.",
            themes=["who-smoke-free"],
        ),
        "food": draft(
            cities.ichikawa,
            cities.delegate_ichikawa,
            title_ko="학교 급식 나트륨 줄이기",
            title_en="Less salt in school meals",
            summary_ko="아이들의 급식에서 나트륨을 줄였다.",
            summary_en="Salt in children's school meals was cut.",
            body_ko="영양사 교육",
            body_en="Training for dietitians.",
            themes=["who-food-water"],
        ),
    }
    return made


QUERIES = [
    # (query, the practices that hold every token, best match first where the order is clear)
    ("걷는", ["walking", "smoke"]),  # 걸었다 (title/summary) and 걸었다 (body)
    ("어르신들의 걷기", ["walking"]),
    ("금연하는 공원", ["smoke"]),
    ("급식을", ["food"]),
    ("walked", ["walking", "smoke"]),
    ("walking groups", ["walking"]),
    ("school meal", ["food"]),
    ("없는말", []),
]


@pytest.mark.parametrize(("query", "expected"), QUERIES)
def test_the_same_queries_find_the_same_practices_on_either_database(library, query, expected):
    found = filter_and_rank(Practice.objects.all(), query)
    names = {p.pk: name for name, p in library.items()}
    assert [names[p.pk] for p in found] == expected, connection.vendor


def test_a_title_match_ranks_above_a_body_match(library):
    found = list(filter_and_rank(Practice.objects.all(), "걸었다"))
    assert [p.pk for p in found] == [library["walking"].pk, library["smoke"].pk]


def test_operators_and_quotes_in_a_query_are_only_text(library):
    for query in ['"걷기" OR', "NEAR(a b)", "walk* -smoke", "' OR 1=1 --", "\\"]:
        list(filter_and_rank(Practice.objects.all(), query))  # no database error


def test_index_follows_changes_and_deletes(cast, cities, library):
    from healthycity.policies.domain.practices import update_practice

    update_practice(
        practice=library["food"], by=cities.delegate_ichikawa, data={"body_ko": "걸었다"}
    )
    found = {p.pk for p in filter_and_rank(Practice.objects.all(), "걷다")}
    assert library["food"].pk in found
    library["food"].delete()
    assert library["food"].pk not in {p.pk for p in filter_and_rank(Practice.objects.all(), "걷다")}


def test_migration_0006_analyses_old_rows_again(cast, cities):
    from importlib import import_module

    from django.apps import apps

    practice = draft(
        cities.suwon, cast.delegate, title_ko="이주민 건강 상담", body_ko="이주민을 위한 통역"
    )
    Practice.objects.filter(pk=practice.pk).update(search_title="이 주민", search_body="이 주민")
    assert practice.pk not in {p.pk for p in filter_and_rank(Practice.objects.all(), "이주민")}
    import_module("healthycity.policies.migrations.0006_reanalyse_korean").forward(apps, None)
    assert [p.pk for p in filter_and_rank(Practice.objects.all(), "이주민")] == [practice.pk]


def test_lost_sqlite_triggers_come_back_after_migrate(library):
    """A later migration that rebuilds the table on SQLite drops its triggers."""
    from healthycity.policies.search.sqlite_index import ensure_sqlite_index

    if connection.vendor != "sqlite":
        assert ensure_sqlite_index() is False
        return
    with connection.cursor() as cur:
        cur.execute("DROP TRIGGER policies_practice_fts_au")
    assert ensure_sqlite_index() is True
    assert ensure_sqlite_index() is False
    Practice.objects.filter(pk=library["food"].pk).update(search_body="걷다")
    assert library["food"].pk in {p.pk for p in filter_and_rank(Practice.objects.all(), "걷다")}


@pytest.fixture
def tiers(cast, cities):
    """Eight practices with "salt" in the title, the summary only or the description only,
    published on different days, so that tier and date order are both visible."""
    from datetime import timedelta

    from django.utils import timezone

    from healthycity.policies.enums import PracticeStatus

    where = ["title", "summary", "body", "title", "body", "summary", "title", "body"]
    made = []
    for i, part in enumerate(where):
        texts = {"title_en": f"Practice {i}", "summary_en": "A summary.", "body_en": "Text."}
        texts[f"{part}_en"] += " Less salt."
        p = draft(cities.suwon, cast.delegate, title_ko="", summary_ko="", body_ko="", **texts)
        made.append((part, p))
    now = timezone.now()
    for i, (_, p) in enumerate(made):
        Practice.objects.filter(pk=p.pk).update(
            status=PracticeStatus.PUBLISHED, published_at=now - timedelta(days=i)
        )
    return made


def test_tiers_title_then_summary_then_description_newest_first(tiers):
    found = [p.pk for p in filter_and_rank(Practice.objects.published(), "salt")]
    by_part = {part: [p.pk for q, p in tiers if q == part] for part in ("title", "summary", "body")}
    assert found == by_part["title"] + by_part["summary"] + by_part["body"], connection.vendor


@pytest.mark.parametrize("window", [2, 3, 5, 2_000])
def test_a_slice_is_the_same_through_the_newest_window_or_the_tier_queries(tiers, window):
    """The slice may come from the walk over the newest practices or from each tier's own
    query; both give the same rows, for every page, on either database."""
    found = filter_and_rank(Practice.objects.published(), "salt")
    everything = [p.pk for p in found]
    found.WINDOW = window
    for start in range(0, 9):
        for size in (1, 2, 3, 20):
            assert [p.pk for p in found[start : start + size]] == everything[start : start + size]
    assert found.count() == found.count_upto(100) == 8
    assert found.count_upto(3) == 4


def test_facets_count_the_matches_of_the_other_facets(cast, cities, library):
    from healthycity.policies.search import library as search

    Practice.objects.update(status="published")
    query = search.Query(q="걷는", chosen={"country": ["TW"]})
    facets = search.facets(Practice.objects.published(), query)
    # Country is counted without its own choice; the rest within Taiwan only.
    assert {r["value"]: r["count"] for r in facets["country"]} == {"KR": 1, "TW": 1}
    assert [r["chosen"] for r in facets["country"] if r["value"] == "TW"] == [True]
    assert {r["value"]: r["count"] for r in facets["theme"]} == {"who-smoke-free": 1}
    assert {r["value"]: r["count"] for r in facets["evidence"]} == {"2": 1}


def test_planner_settings_come_back_after_a_search_and_after_an_error(library):
    from healthycity.policies.search.backend import bitmap_scans

    def seqscan() -> str:
        with connection.cursor() as cur:
            cur.execute("SHOW enable_seqscan")
            return cur.fetchone()[0]

    if connection.vendor != "postgresql":
        with bitmap_scans():
            pass  # nothing to set on SQLite
        return
    assert filter_and_rank(Practice.objects.all(), "걷는").count() == 2
    assert seqscan() == "on"
    with pytest.raises(ZeroDivisionError), bitmap_scans():
        assert seqscan() == "off"
        _ = 1 / 0
    assert seqscan() == "on"
