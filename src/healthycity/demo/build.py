"""Build the demo city: foundation (organisations, centres, citizens, logins), then the app hooks.

Entry points: `build_demo(...)` (what `healthycity demo` calls), `demo_exists()`, `reset_demo()`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import numpy as np
from django.contrib.sessions.models import Session
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from healthycity.accounts.models import Membership, Organisation, User
from healthycity.citizens.domain.consent import CURRENT_VERSION
from healthycity.citizens.models import Citizen, CitizenIdentity, Consent
from healthycity.core.models import AccessLog
from healthycity.demo import foundation, population
from healthycity.demo.context import DemoContext, Progress, no_progress, run_hooks, stream
from healthycity.demo.names import PhoneNumbers, korean_names
from healthycity.demo.writer import (
    TableWriter,
    db_datetime,
    next_id,
    reset_sequences,
    uuid_hex,
    uuid_objects,
)
from healthycity.places.models import District, MemberCity, WelfareCentre

DEFAULT_PASSWORD = "healthycity-demo"  # noqa: S105 — the documented demo-only password
MIN_PASSWORD_LENGTH = 8
# Citizens are generated and written this many at a time: memory stays flat up to 10 million.
# The chunk size is part of the recipe (same seed + same chunk size → same data); do not vary it.
CHUNK = 100_000
SEOUL = dt.timezone(dt.timedelta(hours=9))
ENROLMENT_START = dt.datetime(2025, 1, 1, 9, 0, tzinfo=SEOUL)

# Tables whose rows the demo creates; --reset empties them and every table that refers to them
# (other apps' demo rows), but keeps reference data such as the districts.
RESET_MODELS = [
    User,
    Organisation,
    Membership,
    WelfareCentre,
    MemberCity,
    Citizen,
    CitizenIdentity,
    Consent,
    AccessLog,
    Session,
]


class DemoError(Exception):
    """A demo build that must not go ahead; the message says why and what to do."""


def demo_exists() -> str:
    """'' if the database has no citizens, organisations or demo logins yet, else a sentence saying
    what is there. Other logins (say, an operator's superuser) do not stop the build."""
    citizens = Citizen.objects.count()
    organisations = Organisation.objects.count()
    users = User.objects.filter(username__in=foundation.USERNAMES).count()
    if not (citizens or organisations or users):
        return ""
    return _(
        "This database already has data (%(citizens)s citizens, %(organisations)s organisations, "
        "%(users)s logins)."
    ) % {"citizens": citizens, "organisations": organisations, "users": users}


def reset_demo() -> None:
    """Empty the demo's tables and every table that refers to them (TRUNCATE … CASCADE on
    PostgreSQL, DELETE of the referring tables on SQLite); districts and other reference data stay."""
    tables = [model._meta.db_table for model in RESET_MODELS]
    statements = connection.ops.sql_flush(
        no_style(), tables, reset_sequences=True, allow_cascade=True
    )
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # TRUNCATE refuses tables with deferred foreign-key checks still pending (rows written
            # earlier in the same transaction, as in tests): run those checks now.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                # The access log and the ledger refuse TRUNCATE unless a reset says so (core 0003).
                cursor.execute("SET LOCAL healthycity.truncate = 'allow'")
        connection.ops.execute_sql_flush(statements)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def check_request(*, n_citizens: int, password: str) -> None:
    if n_citizens < 1:
        raise DemoError(_("--citizens must be at least 1 (got %(n)s).") % {"n": n_citizens})
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DemoError(
            _("The demo password must be at least %(min)s characters long.")
            % {"min": MIN_PASSWORD_LENGTH}
        )


def build_demo(
    *,
    seed: int,
    n_citizens: int,
    password: str = DEFAULT_PASSWORD,
    progress: Progress = no_progress,
    reset: bool = False,
    hooks: bool = True,
) -> DemoContext:
    """Build the demo city in one transaction and return its context.

    Raises DemoError if the database already has data and `reset` is false. Side effects: with
    `reset`, empties the demo's tables first; writes organisations, centres, citizens, identities,
    consents and 10 logins; then runs every app's `demo.populate(ctx)` (see context.py); then
    refreshes the planner's statistics (PostgreSQL).
    """
    check_request(n_citizens=n_citizens, password=password)
    with transaction.atomic():
        if reset:
            reset_demo()
        existing = demo_exists()
        if existing:
            raise DemoError(
                existing
                + " "
                + _("Run `healthycity demo --reset` to delete it and build the demo city again.")
            )
        ctx = build_foundation(
            seed=seed, n_citizens=n_citizens, password=password, progress=progress
        )
        if hooks:
            run_hooks(ctx)
        refresh_statistics()
    return ctx


def refresh_statistics() -> None:
    """ANALYZE after the bulk load (PostgreSQL). Until autovacuum gets round to the new rows —
    never, on a server where it is off — the planner takes the tables for nearly empty and picks
    plans that are 100× too slow at 100 000 citizens (the worklist's consent filter: 1 s, not
    10 ms). Side effect: refreshes the statistics of every table of the database."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def build_foundation(
    *, seed: int, n_citizens: int, password: str, progress: Progress = no_progress
) -> DemoContext:
    districts = list(District.objects.order_by("code"))
    if len(districts) != 25:
        raise DemoError(
            _("Expected Seoul's 25 districts, found %(n)s; run `healthycity migrate` first.")
            % {"n": len(districts)}
        )
    step = progress(_("Organisations and welfare centres"), 3)
    city, partners, member_cities = foundation.create_organisations(stream(seed, "organisations"))
    step(1)
    centres = foundation.create_centres(
        stream(seed, "centres"), districts, foundation.centre_count(n_citizens)
    )
    step(1)
    centre_a = _first_centre(centres, foundation.CENTRE_A_DISTRICT)
    centre_b = _first_centre(centres, foundation.CENTRE_B_DISTRICT)
    delegate_city = next(
        c
        for c in member_cities
        if c.organisation and c.organisation.slug == foundation.DELEGATE_CITY
    )
    users = foundation.create_logins(
        password=password,
        city=city,
        centre_a=centre_a,
        centre_b=centre_b,
        partners=partners,
        delegate_city=delegate_city,
    )
    step(1)
    create_citizens(
        seed=seed, n=n_citizens, districts=districts, centres=centres, progress=progress
    )
    citizen = link_demo_citizen(seed=seed, centre=centre_a, user=users["citizen"])
    return DemoContext(
        seed=seed,
        n_citizens=n_citizens,
        password=password,
        city=city,
        districts={d.code: d for d in districts},
        centres=centres,
        centre_a=centre_a,
        centre_b=centre_b,
        partners=partners,
        users=users,
        member_cities=member_cities,
        citizen=citizen,
        progress=progress,
    )


def _first_centre(centres: list[WelfareCentre], district_code: str) -> WelfareCentre:
    return next(c for c in centres if c.district.code == district_code)


def _centre_lookup(districts, centres) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per district index: offset and count into `pks`, the centre ids grouped by district."""
    by_district = {d.pk: [] for d in districts}
    for centre in centres:
        by_district[centre.district_id].append(centre.pk)
    counts = np.array([len(by_district[d.pk]) for d in districts])
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
    pks = np.array([pk for d in districts for pk in by_district[d.pk]])
    return offsets, counts, pks


def create_citizens(
    *, seed: int, n: int, districts: list[District], centres: list[WelfareCentre], progress
) -> None:
    """Draw and write `n` citizens with identities and consents, CHUNK at a time."""
    profile = population.district_profile()
    deprivation = np.array([profile[d.code] for d in districts])
    weights = np.array([d.population for d in districts], dtype=float)
    weights /= weights.sum()
    offsets, counts, centre_pks = _centre_lookup(districts, centres)
    district_pks = np.array([d.pk for d in districts])
    people, ids = stream(seed, "citizens"), stream(seed, "citizens.ids")
    names = stream(seed, "citizens.names")
    phones = PhoneNumbers(stream(seed, "citizens.phones"))
    now = db_datetime(timezone.now())
    writers = _Writers()
    first_citizen, first_identity, first_consent = (
        next_id(Citizen),
        next_id(CitizenIdentity),
        next_id(Consent),
    )
    advance = progress(_("Citizens, identities and consents"), n)
    done = consents_done = 0
    for size in _chunks(n):
        chunk = population.draw_chunk(people, size, weights, deprivation)
        slot = (people.random(size) * counts[chunk.district]).astype(np.int64)
        centre = centre_pks[offsets[chunk.district] + slot]
        enrolled = people.integers(0, 365, size)
        citizen_ids = np.arange(first_citizen + done, first_citizen + done + size)
        writers.citizens.write(
            zip(
                citizen_ids.tolist(),
                uuid_hex(ids, size),
                [now] * size,
                [now] * size,
                (population.REFERENCE_YEAR - chunk.age).tolist(),
                np.where(chunk.female, "F", "M").tolist(),
                district_pks[chunk.district].tolist(),
                centre.tolist(),
                np.array(population.INCOME_BANDS)[chunk.income].tolist(),
                chunk.medical_aid.tolist(),
                chunk.living_alone.tolist(),
                chunk.disability.tolist(),
                strict=True,
            )
        )
        writers.identities.write(
            zip(
                range(first_identity + done, first_identity + done + size),
                uuid_hex(ids, size),
                [now] * size,
                [now] * size,
                citizen_ids.tolist(),
                korean_names(names, chunk.female),
                phones.digits(done, size),
                strict=True,
            )
        )
        consents_done += writers.write_consents(
            chunk, citizen_ids, enrolled, ids, first_consent + consents_done, now
        )
        done += size
        advance(size)
    reset_sequences(Citizen, CitizenIdentity, Consent)


def _chunks(n: int) -> Iterator[int]:
    for start in range(0, n, CHUNK):
        yield min(CHUNK, n - start)


class _Writers:
    def __init__(self):
        self.citizens = TableWriter(
            Citizen,
            [
                "id",
                "external_id",
                "created_at",
                "updated_at",
                "birth_year",
                "sex",
                "district",
                "welfare_centre",
                "income_band",
                "medical_aid",
                "living_alone",
                "disability",
            ],
        )
        self.identities = TableWriter(
            CitizenIdentity,
            ["id", "external_id", "created_at", "updated_at", "citizen", "name", "phone"],
        )
        self.consents = TableWriter(
            Consent,
            [
                "id",
                "external_id",
                "created_at",
                "updated_at",
                "citizen",
                "purpose",
                "version",
                "granted_at",
            ],
        )

    def write_consents(self, chunk, citizen_ids, enrolled, ids, first_id, now) -> int:
        """One row per granted purpose, granted on the person's (synthetic) enrolment day."""
        owners, purposes = [], []
        for purpose, granted in chunk.consents.items():
            who = np.flatnonzero(granted)
            owners.append(who)
            purposes.append(np.full(len(who), purpose, dtype=object))
        who = np.concatenate(owners)
        total = len(who)
        days = [ENROLMENT_START + dt.timedelta(days=d) for d in range(365)]
        granted_at = [db_datetime(day) for day in days]
        self.consents.write(
            zip(
                range(first_id, first_id + total),
                uuid_hex(ids, total),
                [now] * total,
                [now] * total,
                citizen_ids[who].tolist(),
                np.concatenate(purposes).tolist(),
                [CURRENT_VERSION] * total,
                [granted_at[d] for d in enrolled[who].tolist()],
                strict=True,
            )
        )
        return total


def link_demo_citizen(*, seed: int, centre: WelfareCentre, user: User) -> Citizen:
    """Give the `citizen` login a record at centre A (an older resident if there is one) with
    every consent. If centre A drew nobody (a tiny demo), one more citizen is made there."""
    at_centre = Citizen.objects.filter(welfare_centre=centre).order_by("pk")
    older = at_centre.filter(birth_year__lte=population.REFERENCE_YEAR - 65)
    citizen = older.first() or at_centre.first()
    rng = stream(seed, "demo-citizen")
    if citizen is None:
        citizen = Citizen.objects.create(
            external_id=uuid_objects(rng, 1)[0],
            birth_year=population.REFERENCE_YEAR - 72,
            sex="F",
            district=centre.district,
            welfare_centre=centre,
            income_band=population.INCOME_BANDS[population.NEAR_POOR],
            living_alone=True,
        )
        CitizenIdentity.objects.create(
            citizen=citizen, name="김순자", phone="01000000000", external_id=uuid_objects(rng, 1)[0]
        )
    Citizen.objects.filter(pk=citizen.pk).update(user=user)
    citizen.user = user
    have = set(Consent.objects.active().filter(citizen=citizen).values_list("purpose", flat=True))
    missing = [p for p in population.CONSENT_PURPOSES if p not in have]
    Consent.objects.bulk_create(
        Consent(citizen=citizen, purpose=p, version=CURRENT_VERSION, external_id=u)
        for p, u in zip(missing, uuid_objects(rng, len(missing)), strict=True)
    )
    return citizen
