"""Feedback analysis and the partner dashboard.

1. Keywords and sentiment of 1 000 000 generated reviews (BENCH_SCALE shrinks it) with
   `feedback.analysis.text.analyse_many` (one batch `kiwi.tokenize(iterable)` call, keywords and
   sentiment derived from the same tokens, figures summed per product), against bare kiwipiepy
   tokenising of the same texts in the same run. Goal: at least 0.7 of the bare rate.
2. The partner dashboard of one product with 100 000 reviews (BENCH_SCALE shrinks it) on
   PostgreSQL (own database hc_bench_feedback, created and dropped here): median of 20 requests,
   against computing the same figures from the review rows on every request (no pre-aggregation).

BENCH_ONLY=analysis|dashboard runs one part.
Run: DJANGO_SETTINGS_MODULE=tests.settings PYTHONPATH=. .venv/bin/python benchmarks/bench_feedback.py
"""

from __future__ import annotations

import os
import random
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter

SCALE = float(os.environ.get("BENCH_SCALE", "1"))
N_TEXTS = max(2_000, int(1_000_000 * SCALE))
N_DASHBOARD = max(2_000, int(100_000 * SCALE))
CHUNK = 20_000
PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = "hc_bench_feedback"

KO_PARTS = [
    "측정이 정확하고 좋아요",
    "결과지 글씨가 너무 작아요",
    "가격이 조금 비싸요",
    "직원분이 친절했어요",
    "배송이 느렸어요",
    "맛이 짜지 않아서 좋아요",
    "효과가 없어요",
    "부작용이 없어서 만족합니다",
    "앱 오류가 자주 나요",
    "부모님이 아주 좋아하세요",
    "사용법이 복잡해요",
    "다음에도 구매할게요",
    "체성분 분석 결과를 이해하기 쉬웠어요",
    "근육량이 늘었어요",
    "혈압계가 고장 났어요",
    "포장이 깔끔해요",
    "단백질 음료가 너무 달아요",
    "비타민을 꾸준히 먹고 있어요",
    "복지관에서 처음 써 봤어요",
    "별로예요",
]
EN_PARTS = [
    "Very accurate and easy to use.",
    "Too expensive for me.",
    "The app is confusing.",
    "Tasty and healthy.",
    "Not good at all.",
    "Great service at the booth.",
    "Broken after a week.",
    "I recommend it.",
]


def texts(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts = EN_PARTS if rng.random() < 0.15 else KO_PARTS
        out.append(" ".join(rng.choice(parts) for _ in range(rng.randint(1, 4))))
    return out


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_analysis() -> float:
    from healthycity.feedback.analysis.text import analyse_many, kiwi

    corpus = texts(N_TEXTS)
    k = kiwi()
    list(k.tokenize(corpus[:200]))  # warm both paths
    analyse_many(corpus[:200])

    t0 = time.perf_counter()
    tokens = 0
    for start in range(0, len(corpus), CHUNK):
        for result in k.tokenize(corpus[start : start + CHUNK]):
            tokens += len(result)
    bare = time.perf_counter() - t0

    t0 = time.perf_counter()
    keywords: Counter = Counter()
    sentiment = 0.0
    for start in range(0, len(corpus), CHUNK):
        for found in analyse_many(corpus[start : start + CHUNK]):
            keywords.update(found.keywords)
            sentiment += found.sentiment
    ours = time.perf_counter() - t0

    print(f"reviews: {len(corpus):,} ({tokens:,} Kiwi tokens)")
    print(f"bare kiwipiepy tokenize (batch): {len(corpus) / bare:,.0f} reviews/s ({bare:.1f} s)")
    print(f"keywords + sentiment (ours):     {len(corpus) / ours:,.0f} reviews/s ({ours:.1f} s)")
    ratio = bare / ours
    print(f"ratio ours/bare: {ratio:.2f} (goal >= 0.70) {'OK' if ratio >= 0.7 else 'BELOW GOAL'}")
    print(f"mean sentiment {sentiment / len(corpus):+.3f}; top keywords {keywords.most_common(5)}")
    print(f"peak RSS: {peak_rss_mib():,.0f} MiB")
    return ratio


def dashboard_child() -> None:
    """Runs with DATABASE_URL pointing at the benchmark database."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import override_settings

    from healthycity.accounts.enums import OrganisationKind, Role
    from healthycity.accounts.models import Membership, Organisation, User
    from healthycity.citizens.models import Citizen, Consent
    from healthycity.feedback.analysis.text import analyse_many
    from healthycity.feedback.domain.stats import rebuild_all
    from healthycity.feedback.models import ProductPeriodStats, Review
    from healthycity.partners.models import Product
    from healthycity.partners.periods import Period
    from healthycity.places.models import District

    call_command("migrate", verbosity=0)
    org = Organisation.objects.create(
        kind=OrganisationKind.PARTNER, slug="inbody", name_ko="인바디", name_en="InBody"
    )
    user = User.objects.create(username="partner-inbody")
    Membership.objects.create(user=user, organisation=org, role=Role.PARTNER)
    product = Product.objects.create(
        partner=org,
        slug="inbody-270",
        name_ko="인바디 270",
        name_en="InBody 270",
        category="measuring_device",
    )
    rng = random.Random(11)
    districts = list(District.objects.all())
    n_people = max(200, N_DASHBOARD // 5)
    people = Citizen.objects.bulk_create(
        [
            Citizen(
                birth_year=rng.randint(1935, 2000),
                sex=rng.choice("FM"),
                district=rng.choice(districts),
                income_band="q2",
            )
            for _ in range(n_people)
        ],
        batch_size=5000,
    )
    Consent.objects.bulk_create(
        [Consent(citizen=c, purpose="partner_feedback") for c in people if rng.random() < 0.6],
        batch_size=5000,
    )
    pool = texts(400, seed=3)
    analysed = dict(zip(pool, analyse_many(pool), strict=True))
    months = [f"{y}-{m:02d}" for y in (2025, 2026) for m in range(1, 13)]
    rows = []
    for _ in range(N_DASHBOARD):
        text = rng.choice(pool)
        found = analysed[text]
        month = rng.choice(months)
        rows.append(
            Review(
                product=product,
                citizen=rng.choice(people),
                rating=rng.randint(1, 5),
                text=text,
                language=found.language,
                keywords=found.keywords,
                sentiment=found.sentiment,
                period=month,
                submitted_at=f"{month}-15T10:00:00+09:00",
                status=rng.choice(["received", "under_review", "planned", "done", "declined"]),
            )
        )
    Review.objects.bulk_create(rows, batch_size=5000)
    t0 = time.perf_counter()
    rebuild_all(product=product)
    print(
        f"reviews of the product: {N_DASHBOARD:,}; pre-aggregation of {ProductPeriodStats.objects.count()} product×month rows: {time.perf_counter() - t0:.1f} s"
    )

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    url = f"/feedback/dashboard/products/{product.external_id}/?period=2026"
    assert client.get(url).status_code == 200  # warm-up
    times = []
    for _ in range(20):
        t0 = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - t0)
        assert response.status_code == 200
    with override_settings(DEBUG=True):
        reset_queries()
        client.get(url)
        queries = len(connection.queries)
    median = statistics.median(times)
    print(
        f"dashboard page (pre-aggregated): median of 20 = {median * 1000:.0f} ms ({queries} queries); goal well under 1000 ms {'OK' if median < 1 else 'SLOW'}"
    )

    context_url = f"/feedback/dashboard/products/{product.external_id}/context/?period=2026"
    ctx_times = []
    for _ in range(5):
        t0 = time.perf_counter()
        assert client.get(context_url).status_code == 200
        ctx_times.append(time.perf_counter() - t0)
    print(
        f"health-context page (live, consent as of now): median of 5 = {statistics.median(ctx_times) * 1000:.0f} ms"
    )
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        from healthycity.feedback.context import context_tables

        profile = cProfile.Profile()
        profile.runcall(context_tables, [product], Period(2026))
        pstats.Stats(profile).sort_stats("cumulative").print_stats(15)

    # Baseline: the same page when the product×month figures are recomputed from the review rows
    # on every request (what the page would cost without pre-aggregation).
    from healthycity.feedback.domain.stats import refresh_stats

    base = []
    for _ in range(5):
        t0 = time.perf_counter()
        for month in Period(2026).months():
            refresh_stats(product=product, period=month)
        assert client.get(url).status_code == 200
        base.append(time.perf_counter() - t0)
    slow = statistics.median(base)
    print(
        f"baseline (figures recomputed from the review rows per request): median of 5 = {slow * 1000:.0f} ms; pre-aggregated page {slow / median:.1f}x faster"
    )


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "dashboard":
        dashboard_child()
        return 0
    only = os.environ.get("BENCH_ONLY", "")  # "analysis" or "dashboard" to run one part
    if only != "dashboard":
        print(f"== feedback text analysis (BENCH_SCALE={SCALE})")
        bench_analysis()
    if only == "analysis":
        return 0
    print("== partner dashboard on PostgreSQL")
    import psycopg

    def pg(statement: str) -> None:
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(statement)

    try:
        pg(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        pg(f"CREATE DATABASE {DB_NAME}")
    except psycopg.OperationalError as exc:
        print(f"PostgreSQL is not reachable at {PG_SERVER} ({exc}); dashboard part skipped")
        return 0
    try:
        env = dict(os.environ, DATABASE_URL=f"{PG_SERVER}/{DB_NAME}", HEALTHYCITY_TESTING="1")
        return subprocess.run(
            [sys.executable, __file__, "dashboard"], env=env, check=False
        ).returncode
    finally:
        pg(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


if __name__ == "__main__":
    sys.exit(main())
