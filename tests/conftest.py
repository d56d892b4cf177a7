"""The cast every access rule is tested against (see STYLE.md, from healthchecks):
a citizen and another citizen, a worker of centre A and of centre B, a partner, an official,
a delegate, an admin, and anonymous."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import settings as hypothesis_settings

from healthycity.accounts.enums import OrganisationKind, Role
from healthycity.places.models import MemberCity
from tests.factories import (
    CitizenFactory,
    CitizenIdentityFactory,
    OrganisationFactory,
    UserFactory,
    WelfareCentreFactory,
    district,
    member,
)

# The machines are shared and noisy: property tests are about correctness, not speed, so no
# per-example deadline (a slow example must not fail the suite); nothing is stored between runs.
hypothesis_settings.register_profile("healthycity", deadline=None, database=None)
hypothesis_settings.load_profile("healthycity")


def pytest_collection_modifyitems(config, items):
    """`@pytest.mark.postgres` tests run on the PostgreSQL leg of scripts/test.sh only: on SQLite
    they are skipped here, in one place, before any database is set up for them."""
    from django.conf import settings

    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL")
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(skip)


@dataclass
class Cast:
    official: object
    worker_a: object
    worker_b: object
    partner: object
    delegate: object
    admin: object
    citizen_user: object
    other_citizen_user: object
    centre_a: object
    centre_b: object
    citizen: object  # the citizen of citizen_user, at centre A
    other_citizen: object  # at centre B
    partner_org: object
    city_org: object

    def users(self) -> dict[str, object | None]:
        return {
            "anonymous": None,
            "citizen": self.citizen_user,
            "other_citizen": self.other_citizen_user,
            "worker_a": self.worker_a,
            "worker_b": self.worker_b,
            "partner": self.partner,
            "official": self.official,
            "delegate": self.delegate,
            "admin": self.admin,
        }


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language (Korean), whatever an earlier request activated;
    a test about English says so with `translation.override("en")`."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_shared_cache():
    """Each test starts with an empty shared cache (healthycity.core.cache): on SQLite a rolled-back
    test gives its ids out again, so an earlier test's cached result must not be found."""
    from django.core.cache import caches

    caches["shared"].clear()


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Transactional tests (and live-server browser tests) flush every table when they end,
    data-migration rows included: a database test that starts after one gets the districts back."""
    for name in ("transactional_db", "db"):
        if name in request.fixturenames:
            request.getfixturevalue(name)  # set up now, as the test would anyway
            break
    else:
        if request.node.get_closest_marker("django_db") is None:
            return
    from healthycity.places.models import District
    from healthycity.places.seed import load_districts

    if not District.objects.exists():
        load_districts()


@pytest.fixture
def keep_test_connection():
    """For tests that call the WSGI application directly (schemathesis, the gates' fast path):
    its request_started/finished close the database connection (close_old_connections), which
    inside a test transaction on PostgreSQL is the test's own. Keep it open, as Django's test
    client does."""
    from django.core import signals
    from django.db import close_old_connections

    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def cast(db) -> Cast:
    city = OrganisationFactory(kind=OrganisationKind.CITY, slug="seoul-health-bureau")
    centre_a = WelfareCentreFactory(district=district("11110"), code="WC-A")
    centre_b = WelfareCentreFactory(district=district("11680"), code="WC-B")
    partner_org = OrganisationFactory(kind=OrganisationKind.PARTNER, slug="inbody")
    delegate_org = OrganisationFactory(kind=OrganisationKind.MEMBER_CITY, slug="suwon")
    MemberCity.objects.create(
        organisation=delegate_org,
        name_ko="수원",
        name_en="Suwon",
        country="Republic of Korea",
        country_code="KR",
        unlocode="KRSWU",
    )
    citizen_user = UserFactory(username="citizen")
    other_user = UserFactory(username="other-citizen")
    citizen = CitizenFactory(welfare_centre=centre_a, user=citizen_user)
    other = CitizenFactory(welfare_centre=centre_b, user=other_user, sex="M", birth_year=1948)
    CitizenIdentityFactory(citizen=citizen, name="김민지", phone="01012345678")
    CitizenIdentityFactory(citizen=other, name="이철수", phone="01087654321")
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    return Cast(
        official=member("official", city, Role.OFFICIAL),
        worker_a=member("worker-a", centre_a.organisation, Role.WORKER),
        worker_b=member("worker-b", centre_b.organisation, Role.WORKER),
        partner=member("partner-inbody", partner_org, Role.PARTNER),
        delegate=member("delegate", delegate_org, Role.DELEGATE),
        admin=admin,
        citizen_user=citizen_user,
        other_citizen_user=other_user,
        centre_a=centre_a,
        centre_b=centre_b,
        citizen=citizen,
        other_citizen=other,
        partner_org=partner_org,
        city_org=city,
    )


@pytest.fixture
def client_for(client):
    """`client_for(user)` → a test client logged in as `user` (None: anonymous)."""

    def login(user):
        client.logout()
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return login


@pytest.fixture
def api_for():
    from rest_framework.test import APIClient

    def make(user):
        api = APIClient()
        if user is not None:
            api.force_authenticate(user)
        return api

    return make
