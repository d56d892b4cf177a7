"""Practice-library search on PostgreSQL at 100 000 practices (issue 11, `BENCH=policies`).

1. A fresh database `hc_bench_pol` (BENCH_DB to name another; dropped at the end), migrated, with
   13 member cities.
2. 100 000 published practices (BENCH_SCALE=0.1 → 10 000), each in Korean and English: a title
   (one of 30 healthy-city sentences and a rare project word), a summary (another of the 30) and a
   body of 40 words from a 3 000-word vocabulary. So a word of the 30 sentences is in about 7 %
   of the practices (13 % when two sentences share it), a body word in about 1.3 %, a project word
   in a handful: the hits per query are printed. The index columns are written by the app's own normaliser
   (`policies.search.normalise`, kiwipiepy): each distinct sentence is analysed once and a
   practice's index text is the concatenation of its sentences' tokens (sentences are analysed
   independently by Kiwi anyway). Rows go in with `bulk_create`; PostgreSQL computes the
   generated `tsvector` column and its GIN index; then ANALYZE.
3. Timed, for 20 queries (Korean inflected forms and English words, common and rare, one to three
   words), REPEAT runs each after one warm-up: what the library page does —
   `search.library.run(published, Query(q))`, the result count up to the page's cap
   (`library.count_upto`, 1 000: past it the page says "more than 1,000") and the first page of
   20 (best tier first, newest first within a tier). The hits column is the exact count, not timed.
4. Baseline in the same run: a bare `ILIKE '%word%'` scan of the same queries over the six text
   columns (every word in some column), its count and first 20 rows by publication date.
5. Prints p50/p95 of both, the ratio, per-query hits, and the growth of peak RSS. Goal: search
   p95 < 100 ms.

    DJANGO_SETTINGS_MODULE=tests.settings PYTHONPATH=. .venv/bin/python benchmarks/bench_policies_search.py

BENCH_KEEP=1 keeps the database afterwards; BENCH_EXPLAIN=FILE writes EXPLAIN (ANALYZE, BUFFERS)
of every statement of each query's search to FILE.
"""

from __future__ import annotations

import os
import random
import resource
import statistics
import time

DB_NAME = os.environ.get("BENCH_DB", "hc_bench_pol")
PG_SERVER = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
SCALE = float(os.environ.get("BENCH_SCALE", "1"))
N = max(2_000, int(100_000 * SCALE))
REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))
BATCH = 5_000
TOPIC_WORDS = 3_000  # the body's vocabulary: each practice uses 40 of them (≈1.3 % each)
TOPICS_PER_PRACTICE = 40

KO = [
    "어르신들이 매주 세 번 함께 걸었습니다",
    "보건소가 걷기 지도자를 양성했습니다",
    "행정복지센터가 모임 장소를 제공했다",
    "저소득 가구의 아이들에게 건강한 급식을 제공했다",
    "학교 급식의 나트륨을 줄였습니다",
    "공원 전체를 금연 구역으로 지정했다",
    "간접흡연 노출이 크게 줄었다",
    "주민들이 마을 건강 지도를 함께 만들었다",
    "혼자 사는 어르신에게 도시락을 배달했습니다",
    "혈압과 혈당을 정기적으로 측정했다",
    "근육량과 악력이 좋아졌습니다",
    "자전거 길과 야간 조명을 설치했다",
    "우기 전에 모기 서식지를 없앴다",
    "장애인의 이동을 돕는 경사로를 놓았다",
    "이주민을 위한 다국어 건강 상담을 열었다",
    "직장인의 계단 걷기를 장려했습니다",
    "지역 기업이 건강 기능 식품을 기부했다",
    "복지관 사회복지사가 가정을 방문했다",
    "대기 오염이 심한 날에는 실외 활동을 줄이도록 안내했다",
    "여성 안심 귀갓길을 만들었다",
    "청소년 정신 건강 상담을 늘렸습니다",
    "치매 예방 인지 훈련을 운영했다",
    "예방접종률이 높아졌습니다",
    "폭염 쉼터를 운영하며 취약 계층을 보살폈다",
    "만성질환자의 약 복용을 관리했다",
    "건강 포인트로 걷기를 보상했다",
    "동네 의원과 보건소가 협력했다",
    "시민 참여 예산으로 운동 기구를 설치했다",
    "저염 조리법을 식당에 보급했다",
    "평가 결과 소득 수준별 격차가 줄었다",
]
EN = [
    "Older residents walked together three times a week",
    "The health centre trained volunteer walk leaders",
    "Community centres hosted the weekly groups",
    "Children from low-income families received healthy school meals",
    "Salt in school meals was reduced",
    "Every park became a smoke-free zone",
    "Exposure to second-hand smoke fell sharply",
    "Residents mapped the health assets of their neighbourhood",
    "Lunch boxes were delivered to older people living alone",
    "Blood pressure and glucose were measured regularly",
    "Muscle mass and grip strength improved",
    "Cycle paths and night lighting were installed",
    "Mosquito breeding sites were cleared before the rains",
    "Ramps helped people with disabilities move around",
    "Multilingual health counselling opened for migrants",
    "Office workers were encouraged to take the stairs",
    "Local companies donated health foods",
    "Social workers visited households at home",
    "On polluted days people were advised to stay indoors",
    "Safe routes home were created for women",
    "Mental health counselling for adolescents expanded",
    "Cognitive training to prevent dementia was offered",
    "Vaccination coverage increased",
    "Cooling shelters protected vulnerable people during heatwaves",
    "Medication of people with chronic conditions was managed",
    "Health points rewarded walking",
    "Clinics and the health centre cooperated",
    "Participatory budgeting funded outdoor gym equipment",
    "Low-salt recipes were shared with restaurants",
    "The evaluation found the gap between income groups narrowed",
]
SYLLABLES = "가나다라마바사아자차카타파하거너더러머버서어저처커터퍼허고노도로모보소오조초"
QUERIES = [
    "걷는",  # 걸었습니다 / 걷기
    "어르신들의 걷기",
    "급식을",
    "금연 공원",
    "도시락을 배달하는",
    "예방접종",
    "치매를 예방하는 훈련",
    "폭염",
    "이주민",
    "근육량이 늘어난",
    "walking",
    "school meals",
    "smoke-free parks",
    "dementia prevention",
    "vaccination",
    "heatwave shelters",
    "migrants counselling",
    "cycle paths lighting",
    "{rare_ko}",  # one project word: a handful of practices
    "{rare_en} walked",
]


def maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def setup():
    os.environ["DATABASE_URL"] = f"{PG_SERVER}/{DB_NAME}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from healthycity.demo.foundation import member_city_rows
    from healthycity.places.models import MemberCity

    return [
        MemberCity.objects.create(
            name_ko=r["name_ko"],
            name_en=r["name_en"],
            country=r["country"],
            country_code=r["alpha2"],
            unlocode=r["unlocode"],
        )  # fmt: skip
        for r in member_city_rows()
    ]


def rare_words(rng: random.Random, n: int) -> tuple[list[str], list[str]]:
    ko = sorted({"".join(rng.choice(SYLLABLES) for _ in range(4)) + "사업" for _ in range(n)})
    en = sorted(
        {"proj" + "".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(6)) for _ in range(n)}
    )
    return ko, en


def build(cities) -> dict:
    """Write N practices; returns the words used by the rare queries."""
    from django.utils import timezone

    from healthycity.policies.enums import PracticeStatus, ReviewOutcome
    from healthycity.policies.models import Practice
    from healthycity.policies.search.normalise import tokens_many

    rng = random.Random(2026)
    rare_ko, rare_en = rare_words(rng, max(200, N // 20))
    topic_ko, topic_en = rare_words(rng, TOPIC_WORDS)
    topic_ko, topic_en = topic_ko[: len(topic_en)], topic_en[: len(topic_ko)]
    pool = KO + EN + rare_ko + rare_en + topic_ko + topic_en
    started = time.perf_counter()
    analysed = dict(zip(pool, (" ".join(t) for t in tokens_many(pool)), strict=True))
    analyse_s = time.perf_counter() - started
    now = timezone.now()
    written = 0
    started = time.perf_counter()
    while written < N:
        batch = []
        for i in range(written, min(N, written + BATCH)):
            ko = rng.sample(range(len(KO)), 2)
            en = ko  # the English sentences translate the Korean ones
            word_ko, word_en = rng.choice(rare_ko), rng.choice(rare_en)
            topics = rng.sample(range(len(topic_ko)), TOPICS_PER_PRACTICE)
            title_ko, title_en = f"{KO[ko[0]]} {word_ko}", f"{EN[en[0]]} {word_en}"
            summary_ko, summary_en = KO[ko[1]] + ".", EN[en[1]] + "."
            body_ko = " ".join(topic_ko[j] for j in topics)
            body_en = " ".join(topic_en[j] for j in topics)
            norm = analysed
            batch.append(
                Practice(
                    city=cities[i % len(cities)],
                    status=PracticeStatus.PUBLISHED,
                    published_at=now,
                    review_outcome=ReviewOutcome.PROMISING
                    if i % 3
                    else ReviewOutcome.BEST_PRACTICE,
                    title_ko=title_ko,
                    title_en=title_en,
                    summary_ko=summary_ko,
                    summary_en=summary_en,
                    body_ko=body_ko,
                    body_en=body_en,
                    evaluation_type="cba",
                    evidence_level=2,
                    search_title=" ".join(
                        [norm[KO[ko[0]]], norm[word_ko], norm[EN[en[0]]], norm[word_en]]
                    ),
                    search_summary=" ".join([norm[KO[ko[1]]], norm[EN[en[1]]]]),
                    search_body=" ".join(
                        [norm[topic_ko[j]] for j in topics] + [norm[topic_en[j]] for j in topics]
                    ),
                )  # fmt: skip
            )
        Practice.objects.bulk_create(batch, batch_size=BATCH)
        written += len(batch)
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("ANALYZE policies_practice")
    print(f"built {N:,} practices in {time.perf_counter() - started:.1f} s "
          f"(kiwipiepy analysis of {len(pool):,} distinct sentences and words: {analyse_s:.1f} s)")  # fmt: skip
    return {"rare_ko": rng.choice(rare_ko), "rare_en": rng.choice(rare_en)}


def time_search(query: str) -> tuple[float, int]:
    """What the library page does: the count (up to its cap) and the first page."""
    from healthycity.policies.queries import published_practices
    from healthycity.policies.search import library

    started = time.perf_counter()
    found = library.run(published_practices(), library.Query(q=query))
    library.count_upto(found)
    list(found[:20])
    return time.perf_counter() - started, found.count()  # the exact count, not timed


def explain(query: str, out) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of every statement that time_search sends, written to `out`."""
    from django.db import connection, transaction

    sent: list[tuple[str, tuple]] = []

    def keep(execute, sql, params, many, context):
        sent.append((sql, tuple(params or ())))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        time_search(query)
    out.write(f"\n=== {query}\n")
    with transaction.atomic(), connection.cursor() as cur:
        for sql, params in sent:
            if "set_config" in sql or "current_setting" in sql:
                cur.execute(sql, params)  # the planner settings the search chose
                continue
            cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            out.write(f"{sql[:400]}\n  params: {[str(p)[:60] for p in params]}\n")
            out.write("\n".join(row[0] for row in cur.fetchall()) + "\n\n")


ILIKE_COLUMNS = ["title_ko", "title_en", "summary_ko", "summary_en", "body_ko", "body_en"]


def time_ilike(query: str) -> tuple[float, int]:
    from django.db import connection

    words = [w for w in query.split() if w]
    where = " AND ".join(
        "(" + " OR ".join(f"{c} ILIKE %s" for c in ILIKE_COLUMNS) + ")" for _ in words
    )
    params = [f"%{w}%" for w in words for _ in ILIKE_COLUMNS]
    started = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT count(*) FROM policies_practice WHERE status = 'published' AND {where}", params
        )  # noqa: S608
        count = cur.fetchone()[0]
        cur.execute(
            f"SELECT id, title_ko FROM policies_practice WHERE status = 'published' AND {where} "  # noqa: S608
            "ORDER BY published_at DESC, id DESC LIMIT 20",
            params,
        )
        cur.fetchall()
    return time.perf_counter() - started, count


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def run() -> None:
    rss0 = maxrss_mib()
    cities = setup()
    words = build(cities)
    queries = [q.format(**words) for q in QUERIES]
    search_times: list[float] = []
    ilike_times: list[float] = []
    if os.environ.get("BENCH_EXPLAIN"):
        with open(os.environ["BENCH_EXPLAIN"], "w", encoding="utf-8") as out:
            for query in queries:
                explain(query, out)
    print(f"{'query':28} {'search hits':>12} {'ILIKE hits':>11} {'search ms':>10} {'ILIKE ms':>9}")
    for query in queries:
        time_search(query)  # warm-up (plans, caches, the Kiwi model)
        time_ilike(query)
        s = [time_search(query) for _ in range(REPEAT)]
        b = [time_ilike(query) for _ in range(REPEAT)]
        search_times += [t for t, _ in s]
        ilike_times += [t for t, _ in b]
        print(f"{query[:28]:28} {s[0][1]:>12,} {b[0][1]:>11,} "
              f"{statistics.median(t for t, _ in s) * 1000:>10.1f} {statistics.median(t for t, _ in b) * 1000:>9.1f}")  # fmt: skip
    s50, s95 = percentile(search_times, 0.5) * 1000, percentile(search_times, 0.95) * 1000
    b50, b95 = percentile(ilike_times, 0.5) * 1000, percentile(ilike_times, 0.95) * 1000
    print(f"\n{N:,} practices, {len(queries)} queries × {REPEAT} runs on PostgreSQL")
    print(f"search (kiwipiepy + tsvector/GIN): p50 {s50:.1f} ms, p95 {s95:.1f} ms")
    print(f"bare ILIKE scan:                   p50 {b50:.1f} ms, p95 {b95:.1f} ms")
    print(f"ILIKE / search: p50 {b50 / s50:.1f}×, p95 {b95 / s95:.1f}×  (goal: search p95 < 100 ms: "
          f"{'met' if s95 < 100 else 'NOT met'})")  # fmt: skip
    print(f"peak RSS grew by {maxrss_mib() - rss0:.0f} MiB")


def main() -> None:
    admin(f'DROP DATABASE IF EXISTS "{DB_NAME}"')
    admin(f'CREATE DATABASE "{DB_NAME}"')
    try:
        run()
    finally:
        from django.db import connections

        connections.close_all()
        if not os.environ.get("BENCH_KEEP"):
            admin(f'DROP DATABASE IF EXISTS "{DB_NAME}"')


if __name__ == "__main__":
    main()
