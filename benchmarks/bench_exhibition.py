"""The exhibition's read paths at the size of the AFHC conference, on PostgreSQL.

A fresh database `hc_bench_exhibition` (created and dropped here) with the demo's 42 exhibitors
on the 47-booth plan, 20 000 confirmed registrations (BENCH_SCALE shrinks it) and 200 000 booth
visits (10 per visitor; InBody's booth draws the most), one visitor in eight sharing contact
details with an exhibitor they visited. Then, each beside a baseline in the same run:

1. A partner's booth figures (`booth_figures(private=True)`: visitors by day, category, hour,
   products, station outcomes, all through small-cell suppression) — against the bare SQL of
   the same counts (one GROUP BY per table, psycopg, nothing else).
2. The partner's lead list (`leads_of`: active consents joined to their visits, only the shared
   fields) — against one bare SQL join of consents, visits and registrations.
3. 2 000 ticket scans at the booth (`record_visit`: ticket look-up, validity, keyed hash,
   nonce, consent look-up) — against bare `SELECT ticket` + `INSERT visit` transactions.

Prints medians and ratios; the machine's load average before and after.

    BENCH=exhibition make bench
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

DB_NAME = os.environ.get("BENCH_DB", "hc_bench_exhibition")
PG_SERVER = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
SCALE = float(os.environ.get("BENCH_SCALE", "1"))
VISITORS = max(500, int(20_000 * SCALE))
PER_VISITOR = 10
SCANS = max(200, int(2_000 * SCALE))


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def median_time(fn, n: int) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def build():
    import datetime as dt

    import numpy as np

    from healthycity.accounts.enums import OrganisationKind
    from healthycity.accounts.models import Organisation, User
    from healthycity.conference.enums import CategoryKind
    from healthycity.conference.exhibition.demo import exhibitor_rows, furnish
    from healthycity.conference.exhibition.domain.keys import visitor_key
    from healthycity.conference.exhibition.models import BoothStaff, BoothVisit, LeadConsent
    from healthycity.conference.models import (
        Event,
        Registration,
        RegistrationCategory,
        Ticket,
        Venue,
    )

    for slug in {r["organisation"] for r in exhibitor_rows() if r["organisation"]}:
        Organisation.objects.create(
            kind=OrganisationKind.PARTNER, slug=slug, name_ko=slug, name_en=slug
        )
    today = dt.date.today()
    venue = Venue.objects.create(slug="ddp", name_ko="DDP", name_en="DDP")
    event = Event.objects.create(
        slug="afhc-bench",
        name_ko="총회",
        name_en="Conference",
        venue=venue,
        starts_on=today,
        ends_on=today + dt.timedelta(days=2),
        status="published",
    )
    exhibitors = list(furnish(event).values())
    kinds = list(CategoryKind)
    categories = [
        RegistrationCategory.objects.create(
            event=event, code=k.value, kind=k, name_ko=k.value, name_en=k.value
        )
        for k in kinds
    ]
    rng = np.random.default_rng(2026)
    regs = Registration.objects.bulk_create(
        [
            Registration(
                event=event,
                category=categories[int(rng.integers(len(categories)))],
                status="confirmed",
                name=f"방문자 {i}",
                email=f"v{i}@example.org",
            )
            for i in range(VISITORS)
        ],
        batch_size=5000,
    )
    Ticket.objects.bulk_create([Ticket(registration=r) for r in regs], batch_size=5000)
    weights = np.array([4.0 if e.is_partner else 1.0 for e in exhibitors])
    weights[[i for i, e in enumerate(exhibitors) if e.slug == "inbody"]] = 8.0
    weights /= weights.sum()
    booth_of = {e.pk: e.booths.first() for e in exhibitors}
    visits, consents = [], []
    start = dt.datetime.combine(today, dt.time(9, 30), tzinfo=event.tz)
    for r in regs:
        key = visitor_key(r)
        for i in rng.choice(len(exhibitors), size=PER_VISITOR, replace=False, p=weights):
            ex = exhibitors[int(i)]
            at = start + dt.timedelta(days=int(rng.integers(3)), minutes=int(rng.integers(8 * 60)))
            visits.append(
                BoothVisit(
                    exhibitor=ex,
                    booth=booth_of[ex.pk],
                    visitor_key=key,
                    category_kind=r.category.kind,
                    scanned_at=at,
                )
            )
            if rng.random() < 0.125:
                consents.append(
                    LeadConsent(
                        exhibitor=ex,
                        registration=r,
                        visitor_key=key,
                        share_name=True,
                        share_email=bool(rng.random() < 0.6),
                    )
                )
    BoothVisit.objects.bulk_create(visits, batch_size=10_000)
    LeadConsent.objects.bulk_create(consents, batch_size=10_000, ignore_conflicts=True)
    inbody = next(e for e in exhibitors if e.slug == "inbody")
    staff = User.objects.create(username="booth-inbody")
    BoothStaff.objects.create(exhibitor=inbody, user=staff)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return event, inbody, staff, regs


BARE_FIGURES = [
    """SELECT (scanned_at AT TIME ZONE 'Asia/Seoul')::date, count(DISTINCT visitor_key)
       FROM exhibition_boothvisit WHERE exhibitor_id = %(e)s GROUP BY 1""",
    """SELECT category_kind, count(DISTINCT visitor_key) FROM exhibition_boothvisit
       WHERE exhibitor_id = %(e)s GROUP BY 1""",
    """SELECT extract(hour FROM scanned_at AT TIME ZONE 'Asia/Seoul'), count(DISTINCT visitor_key)
       FROM exhibition_boothvisit WHERE exhibitor_id = %(e)s GROUP BY 1""",
    """SELECT count(*), count(DISTINCT visitor_key) FROM exhibition_boothvisit
       WHERE exhibitor_id = %(e)s""",
    """SELECT status, count(*) FROM exhibition_boothmeasurement WHERE exhibitor_id = %(e)s
       GROUP BY 1""",
]
BARE_LEADS = """
    SELECT r.name, r.email, min(v.scanned_at), max(v.scanned_at), count(*)
      FROM exhibition_leadconsent c
      JOIN conference_registration r ON r.id = c.registration_id
      JOIN exhibition_boothvisit v ON v.exhibitor_id = c.exhibitor_id AND v.visitor_key = c.visitor_key
     WHERE c.exhibitor_id = %(e)s AND c.withdrawn_at IS NULL
     GROUP BY r.id, r.name, r.email
"""


def child() -> None:
    import django

    django.setup()
    import psycopg
    from django.core.management import call_command

    from healthycity.conference.exhibition.domain import leads
    from healthycity.conference.exhibition.domain.figures import booth_figures

    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    event, inbody, staff, regs = build()
    visits = inbody.visits.count()
    print(
        f"built in {time.perf_counter() - t0:.0f} s: {VISITORS} registrations, "
        f"{VISITORS * PER_VISITOR} visits ({visits} at InBody), "
        f"{inbody.lead_consents.count()} consents at InBody"
    )

    bare = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)

    def bare_figures():
        for sql in BARE_FIGURES:
            bare.execute(sql, {"e": inbody.pk}).fetchall()

    def figures():
        booth_figures(inbody, private=True)

    figures()
    app, base = median_time(figures, 10), median_time(bare_figures, 10)
    print(
        f"1. booth figures: {app * 1000:.0f} ms (median of 10); bare GROUP BYs {base * 1000:.0f} ms; "
        f"ratio bare/app {base / app:.2f}"
    )

    def lead_list():
        return leads.leads_of(inbody)

    def bare_leads():
        return bare.execute(BARE_LEADS, {"e": inbody.pk}).fetchall()

    n_leads = len(lead_list())
    assert n_leads == len(bare_leads()), (n_leads, len(bare_leads()))
    app, base = median_time(lead_list, 10), median_time(bare_leads, 10)
    print(
        f"2. lead list ({n_leads} leads): {app * 1000:.0f} ms; bare join {base * 1000:.0f} ms; "
        f"ratio bare/app {base / app:.2f}"
    )

    tickets = [r.ticket.secret for r in regs[:SCANS]]
    t0 = time.perf_counter()
    for i, code in enumerate(tickets):
        leads.record_visit(exhibitor=inbody, payload=code, by=staff, nonce=f"bench-{i}")
    app = time.perf_counter() - t0
    ids = {r.ticket.secret: r.pk for r in regs[:SCANS]}
    t0 = time.perf_counter()
    for i, code in enumerate(tickets):
        with bare.transaction():
            row = bare.execute(
                "SELECT t.id, r.status FROM conference_ticket t JOIN conference_registration r "
                "ON r.id = t.registration_id WHERE t.secret = %s",
                (code,),
            ).fetchone()
            assert row and ids[code]
            bare.execute(
                "INSERT INTO exhibition_boothvisit (external_id, created_at, updated_at, "
                "exhibitor_id, visitor_key, category_kind, scanned_at, nonce) "
                "VALUES (gen_random_uuid(), now(), now(), %s, %s, '', now(), %s)",
                (inbody.pk, f"bare-{i}", f"bare-{i}"),
            )
    base = time.perf_counter() - t0
    print(
        f"3. {SCANS} scans: {SCANS / app:.0f} scans/s through record_visit; bare SELECT+INSERT "
        f"{SCANS / base:.0f}/s; ratio {base / app:.2f}"
    )
    bare.close()


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "child":
        child()
        return 0
    print(f"== exhibition read paths on PostgreSQL (BENCH_SCALE={SCALE}); load {load()}")
    admin(f'DROP DATABASE IF EXISTS "{DB_NAME}"')
    admin(f'CREATE DATABASE "{DB_NAME}"')
    try:
        env = {
            **os.environ,
            "DATABASE_URL": f"{PG_SERVER}/{DB_NAME}",
            "DJANGO_SETTINGS_MODULE": "tests.settings",
        }
        code = subprocess.call([sys.executable, __file__, "child"], env=env)
    finally:
        admin(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
    print(f"load after: {load()}")
    return code


if __name__ == "__main__":
    sys.exit(main())
