"""Eligibility over one million citizens: a CEL rule compiled to SQL (aid.eligibility) next to
the same filter hand-written in SQL, on the same PostgreSQL database (own DB `hc_bench_aid`,
created and dropped here). Target: compiled ≤ 2 × hand-written. BENCH_SCALE shrinks the
population (e.g. 0.01 → 10 000 citizens); BENCH_KEEP=1 keeps the database for a re-run."""

from __future__ import annotations

import contextlib
import io
import os
import statistics
import sys
import time

import numpy as np

ROOT = os.path.join(os.path.dirname(__file__), "..")
sys.path.insert(0, os.path.join(ROOT, "src"))
sys.path.insert(0, ROOT)
SCALE = float(os.environ.get("BENCH_SCALE", "1"))
N = max(1000, int(1_000_000 * SCALE))
DB = "hc_bench_aid"
SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
KEEP = os.environ.get("BENCH_KEEP") == "1"
os.environ["DATABASE_URL"] = f"{SERVER}/{DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault("HEALTHYCITY_TESTING", "1")

import psycopg  # noqa: E402

RULES = [
    (
        'age >= 65 && income_band in ["basic_livelihood", "near_poor"] '
        '&& sarcopenia in ["possible", "confirmed"]',
        """SELECT c.id FROM citizens_citizen c
           JOIN aid_assessmentsnapshot s ON s.citizen_id = c.id
           WHERE c.birth_year <= %(y65)s AND c.income_band IN ('basic_livelihood', 'near_poor')
             AND s.sarcopenia IN ('possible', 'confirmed')""",
    ),
    (
        '(living_alone || disability) && age >= 75 && !(bp_class == "normal") '
        '&& district in ["11110", "11680", "11350"]',
        """SELECT c.id FROM citizens_citizen c
           JOIN places_district d ON d.id = c.district_id
           LEFT JOIN aid_assessmentsnapshot s ON s.citizen_id = c.id
           WHERE (c.living_alone OR c.disability) AND c.birth_year <= %(y75)s
             AND (s.bp_class IS NULL OR s.bp_class <> 'normal')
             AND d.code IN ('11110', '11680', '11350')""",
    ),
]


def admin(sql: str) -> None:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def populate() -> None:
    import django
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM citizens_citizen")
        if cursor.fetchone()[0] == N:
            return
        cursor.execute("TRUNCATE citizens_citizen CASCADE")
        cursor.execute("SELECT id FROM places_district ORDER BY code")
        districts = np.array([r[0] for r in cursor.fetchall()])
    rng = np.random.default_rng(7)
    started = time.perf_counter()
    birth = rng.integers(1925, 2008, N)
    sex = rng.choice(["F", "M"], N)
    district = rng.choice(districts, N)
    bands = np.array(["basic_livelihood", "near_poor", "q1", "q2", "q3", "q4", "q5"])
    band = rng.choice(bands, N, p=[0.06, 0.06, 0.18, 0.18, 0.18, 0.17, 0.17])
    flags = rng.random((N, 3)) < np.array([0.08, 0.2, 0.06])
    raw = connection.connection
    with raw.cursor() as cur:
        with cur.copy(
            "COPY citizens_citizen (id, external_id, created_at, updated_at, birth_year, sex, "
            "district_id, income_band, medical_aid, living_alone, disability) FROM STDIN"
        ) as copy:
            buf = io.StringIO()
            import uuid

            for i in range(N):
                buf.write(
                    f"{i + 1}\t{uuid.uuid4()}\t2026-01-01\t2026-01-01\t{birth[i]}\t{sex[i]}\t"
                    f"{district[i]}\t{band[i]}\t{flags[i, 0]}\t{flags[i, 1]}\t{flags[i, 2]}\n"
                )
                if i % 100_000 == 99_999:
                    copy.write(buf.getvalue())
                    buf = io.StringIO()
            copy.write(buf.getvalue())
        assessed = np.flatnonzero(rng.random(N) < 0.6) + 1
        sarc = rng.choice(
            ["none", "possible", "confirmed", "severe"], len(assessed), p=[0.7, 0.15, 0.1, 0.05]
        )
        bp = rng.choice(
            ["normal", "elevated", "prehypertension", "stage1", "stage2"], len(assessed)
        )
        bmi = np.round(rng.normal(23.8, 3.4, len(assessed)), 1)
        with cur.copy(
            "COPY aid_assessmentsnapshot (citizen_id, measured_on, bmi, sarcopenia, bp_class, "
            "refreshed_at) FROM STDIN"
        ) as copy:
            buf = io.StringIO()
            for j, cid in enumerate(assessed):
                buf.write(f"{cid}\t2026-06-01\t{bmi[j]}\t{sarc[j]}\t{bp[j]}\t2026-06-01\n")
            copy.write(buf.getvalue())
        cur.execute("SELECT setval('citizens_citizen_id_seq', %s)", [N])
    connection.commit() if not connection.get_autocommit() else None
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE citizens_citizen; ANALYZE aid_assessmentsnapshot;")
    print(
        f"loaded {N:,} citizens ({len(assessed):,} assessed) in {time.perf_counter() - started:.1f} s"
    )


def timed(fn, repeat: int = 5) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        size = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), size


def main() -> None:
    if not KEEP:
        admin(f"DROP DATABASE IF EXISTS {DB}")
    with contextlib.suppress(psycopg.errors.DuplicateDatabase):
        admin(f"CREATE DATABASE {DB}")
    try:
        populate()
        from django.db import connection

        from healthycity.aid.eligibility.attributes import today
        from healthycity.aid.eligibility.service import eligible
        from healthycity.citizens.models import Citizen

        year = today().year
        params = {"y65": year - 65, "y75": year - 75}
        worst = 0.0
        for rule, sql in RULES:

            def compiled(rule=rule) -> int:
                return len(list(eligible(rule, Citizen.objects.all()).values_list("id", flat=True)))

            def handwritten(sql=sql) -> int:
                with connection.cursor() as cursor:
                    cursor.execute(sql, params)
                    return len(cursor.fetchall())

            compiled()
            handwritten()  # warm both
            t_sql, n_sql = timed(handwritten)
            t_cel, n_cel = timed(compiled)
            ratio = t_cel / t_sql
            worst = max(worst, ratio)
            print(f"rule: {rule}")
            print(
                f"  hand-written SQL {t_sql * 1000:8.1f} ms  ({n_sql:,} citizens)\n"
                f"  CEL → SQL        {t_cel * 1000:8.1f} ms  ({n_cel:,} citizens)   "
                f"ratio {ratio:.2f} (target ≤ 2.00)"
            )
            assert n_sql == n_cel, "the two filters disagree"
        print(f"worst ratio {worst:.2f} over {N:,} citizens: {'OK' if worst <= 2 else 'TOO SLOW'}")
    finally:
        from django.db import connections

        connections.close_all()
        if not KEEP:
            admin(f"DROP DATABASE IF EXISTS {DB}")


if __name__ == "__main__":
    main()
