from __future__ import annotations

import re

import pytest
from django.db.models import Count, F

from healthycity.accounts.enums import Role
from healthycity.accounts.models import Organisation, User
from healthycity.accounts.roles import centre_ids_of, primary_role
from healthycity.citizens.enums import ConsentPurpose
from healthycity.citizens.models import Citizen, CitizenIdentity, Consent
from healthycity.demo.build import DemoError, build_demo, reset_demo
from healthycity.demo.foundation import centre_count
from healthycity.places.models import WelfareCentre
from tests.demo.conftest import PASSWORD, SEED, N

pytestmark = pytest.mark.django_db

EXPECTED_ROLES = {
    "official": Role.OFFICIAL,
    "worker-a": Role.WORKER,
    "worker-b": Role.WORKER,
    "partner-inbody": Role.PARTNER,
    "partner-yuhan": Role.PARTNER,
    "partner-cj": Role.PARTNER,
    "partner-hyundai": Role.PARTNER,
    "citizen": Role.CITIZEN,
    "delegate": Role.DELEGATE,
    "admin": Role.ADMIN,
}


def fingerprint() -> dict:
    citizens = Citizen.objects.order_by("pk")
    return {
        "cells": sorted(
            Citizen.objects.values_list("district__code", "income_band")
            .annotate(n=Count("pk"))
            .order_by()
        ),
        "first": citizens.values_list("external_id", flat=True).first(),
        "last": citizens.values_list("external_id", flat=True).last(),
        "names": list(CitizenIdentity.objects.order_by("pk").values_list("name", "phone")[:20]),
        "consents": Consent.objects.count(),
        "centres": list(WelfareCentre.objects.order_by("pk").values_list("external_id", "code")),
        "demo_citizen": User.objects.get(username="citizen").citizen.external_id,
    }


def test_same_seed_gives_the_same_city(built):
    first = fingerprint()
    reset_demo()
    build_demo(seed=SEED, n_citizens=N, password=PASSWORD, hooks=False)
    assert fingerprint() == first


def test_another_seed_gives_another_city(built):
    first = fingerprint()
    build_demo(seed=SEED + 1, n_citizens=N, password=PASSWORD, hooks=False, reset=True)
    second = fingerprint()
    assert second["first"] != first["first"]
    assert second["cells"] != first["cells"]


def test_refuses_to_build_twice(built):
    with pytest.raises(DemoError, match="--reset"):
        build_demo(seed=SEED, n_citizens=N, password=PASSWORD, hooks=False)
    assert Citizen.objects.count() == N


def test_reset_deletes_and_rebuilds(built):
    build_demo(seed=SEED, n_citizens=N + 50, password=PASSWORD, hooks=False, reset=True)
    assert Citizen.objects.count() == N + 50
    assert User.objects.count() == 10
    assert Organisation.objects.filter(slug="seoul-health-bureau").count() == 1


def test_reset_keeps_the_districts(built):
    reset_demo()
    assert Citizen.objects.count() == 0
    from healthycity.places.models import District

    assert District.objects.count() == 25


def test_counts(built):
    assert Citizen.objects.count() == N
    assert CitizenIdentity.objects.count() == N
    assert WelfareCentre.objects.count() == centre_count(N) == 50
    assert len(built.centres) == 50
    assert set(built.districts) == set(
        WelfareCentre.objects.values_list("district__code", flat=True)
    )
    assert set(built.partners) == {"inbody", "yuhan", "cj", "hyundai"}
    assert built.city.slug == "seoul-health-bureau"
    assert len(built.member_cities) >= 5


def test_centre_count_scales_with_citizens():
    assert centre_count(300) == 50
    assert centre_count(20_000) == 100
    assert centre_count(10_000_000) == 425


def test_every_demo_login_exists_with_its_role(built):
    assert set(built.users) == set(EXPECTED_ROLES)
    for username, role in EXPECTED_ROLES.items():
        user = User.objects.get(username=username)
        assert primary_role(user) == role.value, username


def test_every_demo_login_can_log_in(built, client):
    for username in EXPECTED_ROLES:
        client.logout()
        response = client.post("/login/", {"username": username, "password": PASSWORD})
        assert response.status_code == 302, username


def test_admin_is_a_superuser(built):
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff


def test_workers_serve_centres_in_different_districts(built):
    assert built.centre_a.district_id != built.centre_b.district_id
    assert centre_ids_of(built.users["worker-a"]) == [built.centre_a.pk]
    assert centre_ids_of(built.users["worker-b"]) == [built.centre_b.pk]


def test_citizen_login_is_at_centre_a_with_every_consent(built):
    citizen = Citizen.objects.get(user__username="citizen")
    assert citizen == built.citizen
    assert citizen.welfare_centre_id == built.centre_a.pk
    assert citizen.district_id == built.centre_a.district_id
    purposes = set(
        Consent.objects.active().filter(citizen=citizen).values_list("purpose", flat=True)
    )
    assert purposes == set(ConsentPurpose.values)


def test_citizens_live_in_their_centres_district(built):
    assert not Citizen.objects.exclude(district=F("welfare_centre__district")).exists()


def test_phones_are_unique_mobile_numbers_and_names_korean(built):
    phones = list(CitizenIdentity.objects.values_list("phone", flat=True))
    assert len(set(phones)) == len(phones)
    assert all(re.fullmatch(r"010\d{8}", p) for p in phones)
    names = CitizenIdentity.objects.values_list("name", flat=True)
    assert all(re.fullmatch(r"[가-힣]{3}", n) for n in names)


def test_one_active_consent_per_purpose(built):
    per = Consent.objects.values("citizen", "purpose").annotate(n=Count("pk")).filter(n__gt=1)
    assert not per.exists()


def test_orm_inserts_continue_after_generated_ids(built):
    from tests.factories import CitizenFactory

    extra = CitizenFactory(welfare_centre=built.centre_a)
    assert extra.pk > N


def test_short_password_is_refused(db):
    with pytest.raises(DemoError, match="8"):
        build_demo(seed=1, n_citizens=10, password="short")
    assert not User.objects.exists()


def test_tiny_city_still_gives_the_citizen_login_a_record(db):
    ctx = build_demo(seed=3, n_citizens=1, password=PASSWORD, hooks=False)
    assert ctx.citizen.welfare_centre_id == ctx.centre_a.pk
    assert ctx.citizen.user.username == "citizen"


def test_an_operators_own_login_does_not_block_the_build(db):
    User.objects.create_user("operator", password="operator-password")
    ctx = build_demo(seed=2, n_citizens=20, password=PASSWORD, hooks=False)
    assert set(ctx.users) == set(EXPECTED_ROLES)


def test_an_existing_demo_username_blocks_the_build(db):
    User.objects.create_user("worker-a", password="something-else")
    with pytest.raises(DemoError, match="--reset"):
        build_demo(seed=2, n_citizens=20, password=PASSWORD, hooks=False)


def test_many_chunks_write_every_citizen_once(db, monkeypatch):
    import healthycity.demo.build as build

    monkeypatch.setattr(build, "CHUNK", 64)
    ctx = build_demo(seed=9, n_citizens=300, password=PASSWORD, hooks=False)
    assert Citizen.objects.count() == CitizenIdentity.objects.count() == 300
    phones = set(CitizenIdentity.objects.values_list("phone", flat=True))
    assert len(phones) == 300
    assert not Citizen.objects.exclude(identity__isnull=False).exists()
    assert ctx.citizen.user_id == ctx.users["citizen"].pk


@pytest.mark.postgres
def test_demo_leaves_the_planner_statistics_of_its_tables(built):
    # Without them PostgreSQL plans the worklist's consent filter for an empty table (1 s at
    # 100 000 citizens instead of 10 ms) until autovacuum runs — never where it is off.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relname IN"
            " ('citizens_citizen', 'citizens_consent')"
        )
        counted = dict(cursor.fetchall())
    assert counted == {
        "citizens_citizen": Citizen.objects.count(),
        "citizens_consent": Consent.objects.count(),
    }
