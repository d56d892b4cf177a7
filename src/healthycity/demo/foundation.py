"""The organisations, welfare centres, member cities and logins of the demo city.

Few rows (at most a few hundred), written with the ORM; external ids come from the seeded stream.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
from django.contrib.auth.hashers import make_password

from healthycity.accounts.enums import OrganisationKind, Role
from healthycity.accounts.models import Membership, Organisation, User
from healthycity.demo.writer import uuid_objects
from healthycity.places.models import District, MemberCity, WelfareCentre

CITY = {
    "slug": "seoul-health-bureau",
    "name_ko": "서울특별시 시민건강국",
    "name_en": "Seoul Metropolitan Government, Citizens' Health Bureau",
}

# The four companies of the agreement (DESIGN.md). Keys are ctx.partners keys and Organisation slugs.
PARTNERS = {
    "inbody": ("인바디", "InBody Co., Ltd."),
    "yuhan": ("유한양행", "Yuhan Corporation"),
    "cj": ("CJ제일제당", "CJ CheilJedang"),
    "hyundai": ("현대백화점", "Hyundai Department Store"),
}

# AFHC member cities (real names and codes; membership and every figure synthetic): a data file.
MEMBER_CITIES_FILE = Path(__file__).resolve().parent / "data" / "member_cities.csv"
# Seoul is the host: a member city too (its indicators come from this platform), run by the
# city's own officials, so it has no member-city organisation and no delegate.
HOST_CITY = "seoul"


def member_city_rows() -> list[dict[str, str]]:
    with MEMBER_CITIES_FILE.open(encoding="utf-8") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


DELEGATE_CITY = "suwon"

# Where worker-a's and worker-b's centres are: an older district and an affluent one.
USERNAMES = [
    "official",
    "worker-a",
    "worker-b",
    *(f"partner-{key}" for key in PARTNERS),
    "citizen",
    "delegate",
    "admin",
]

CENTRE_A_DISTRICT = "11110"  # Jongno-gu
CENTRE_B_DISTRICT = "11680"  # Gangnam-gu


def centre_count(n_citizens: int) -> int:
    """Seoul has about 425 community service centres; fewer for a small demo."""
    return max(50, min(425, n_citizens // 200))


def centres_per_district(populations: np.ndarray, total: int) -> np.ndarray:
    """`total` centres over districts in proportion to population (largest remainder, ≥ 1 each)."""
    spare = total - len(populations)
    share = populations / populations.sum() * spare
    counts = np.floor(share).astype(int)
    remainder = spare - counts.sum()
    counts[np.argsort(-(share - counts), kind="stable")[:remainder]] += 1
    return counts + 1


def _stem(name: str, suffix: str) -> str:
    return name[: -len(suffix)] if name.endswith(suffix) and len(name) > len(suffix) else name


def create_organisations(rng: np.random.Generator) -> tuple[Organisation, dict, list[MemberCity]]:
    """The city health bureau, the four partners and the member cities (each with its organisation)."""
    rows = member_city_rows()
    ids = iter(uuid_objects(rng, 1 + len(PARTNERS) + 2 * len(rows)))
    city = Organisation.objects.create(kind=OrganisationKind.CITY, external_id=next(ids), **CITY)
    partners = {
        key: Organisation.objects.create(
            kind=OrganisationKind.PARTNER,
            slug=key,
            name_ko=ko,
            name_en=en,
            external_id=next(ids),
        )
        for key, (ko, en) in PARTNERS.items()
    }
    cities = []
    for row in rows:
        organisation_id, city_id = next(ids), next(ids)
        organisation = None
        if row["slug"] != HOST_CITY:
            organisation = Organisation.objects.create(
                kind=OrganisationKind.MEMBER_CITY,
                slug=row["slug"],
                name_ko=row["name_ko"],
                name_en=f"{row['name_en']} ({row['country']})",
                external_id=organisation_id,
            )
        cities.append(
            MemberCity.objects.create(
                organisation=organisation,
                name_ko=row["name_ko"],
                name_en=row["name_en"],
                country=row["country"],
                country_code=row["alpha2"],
                country_alpha3=row["alpha3"],
                unlocode=row["unlocode"],
                membership=row["membership"],
                chapter=row["chapter"],
                external_id=city_id,
            )
        )
    return city, partners, cities


def create_centres(
    rng: np.random.Generator, districts: list[District], n_centres: int
) -> list[WelfareCentre]:
    """Community service centres named '<gu stem><k>동 행정복지센터', spread by population."""
    populations = np.array([d.population for d in districts], dtype=float)
    counts = centres_per_district(populations, n_centres)
    specs = [(d, k) for d, c in zip(districts, counts, strict=True) for k in range(1, c + 1)]
    ids = uuid_objects(rng, 2 * len(specs))
    capacity = (rng.integers(20, 81, size=len(specs)) * 10).tolist()
    organisations, centres = [], []
    for i, (district, k) in enumerate(specs):
        ko = f"{_stem(district.name_ko, '구')}{k}동 행정복지센터"
        en = f"{_stem(district.name_en, '-gu')} {k}-dong Community Service Centre"
        code = f"{district.code}-{k:02d}"
        organisations.append(
            Organisation(
                kind=OrganisationKind.WELFARE_CENTRE,
                slug=f"wc-{code}",
                name_ko=ko,
                name_en=en,
                external_id=ids[2 * i],
            )
        )
        centres.append(
            WelfareCentre(
                district=district,
                code=code,
                name_ko=ko,
                name_en=en,
                capacity_per_cycle=capacity[i],
                external_id=ids[2 * i + 1],
            )
        )
    organisations = Organisation.objects.bulk_create(organisations, batch_size=1000)
    if organisations and organisations[0].pk is None:  # a backend that returns no ids
        by_slug = dict(
            Organisation.objects.filter(kind=OrganisationKind.WELFARE_CENTRE).values_list(
                "slug", "pk"
            )
        )
        for organisation in organisations:
            organisation.pk = by_slug[organisation.slug]
    for centre, organisation in zip(centres, organisations, strict=True):
        centre.organisation = organisation
    WelfareCentre.objects.bulk_create(centres, batch_size=1000)
    return list(WelfareCentre.objects.select_related("district", "organisation").order_by("pk"))


def _login(username: str, encoded_password: str, **extra) -> User:
    user = User(username=username, password=encoded_password, **extra)
    user.save()
    return user


def create_logins(
    *,
    password: str,
    city: Organisation,
    centre_a: WelfareCentre,
    centre_b: WelfareCentre,
    partners: dict[str, Organisation],
    delegate_city: MemberCity,
) -> dict[str, User]:
    """The demo logins of runlocal's list, each with the membership that gives its role."""
    memberships = {
        "official": (city, Role.OFFICIAL),
        "worker-a": (centre_a.organisation, Role.WORKER),
        "worker-b": (centre_b.organisation, Role.WORKER),
        **{f"partner-{key}": (org, Role.PARTNER) for key, org in partners.items()},
        "delegate": (delegate_city.organisation, Role.DELEGATE),
    }
    # One hash for all ten logins: they share the documented demo password, and a slow hasher
    # (Argon2) would otherwise cost seconds. Demo databases only.
    encoded = make_password(password)
    users = {}
    for username, (organisation, role) in memberships.items():
        users[username] = _login(username, encoded)
        Membership.objects.create(user=users[username], organisation=organisation, role=role)
    users["citizen"] = _login("citizen", encoded)
    users["admin"] = _login(
        "admin", encoded, is_staff=True, is_superuser=True, email="admin@example.org"
    )
    return users
