"""N+1 guards: the floor plan, the exhibitors API, the lead list and the officials' report cost
the same number of queries for one exhibitor as for three."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from healthycity.accounts.enums import OrganisationKind
from healthycity.conference.exhibition.domain import leads
from tests.conference.exhibition.factories import BoothFactory, ExhibitorFactory, ticket_for
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def add_exhibitors(expo, n: int, start: int):
    for i in range(n):
        org = OrganisationFactory(kind=OrganisationKind.PARTNER)
        ex = ExhibitorFactory(event=expo.event, organisation=org)
        BoothFactory(
            event=expo.event,
            number=f"B-{start + i:02d}",
            hall="art-hall-2",
            x=8 + 3 * (start + i),
            y=6,
            exhibitor=ex,
        )
        ticket = ticket_for(event=expo.event, name=f"방문자 {start + i}")
        leads.share_contact(
            registration=ticket.registration, exhibitor=expo.inbody, fields=["name"]
        )
        leads.record_visit(exhibitor=expo.inbody, payload=ticket.secret, by=expo.inbody_staff)


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url",
    [
        "/conference/{slug}/exhibition/",
        "/api/v1/conference/events/{slug}/exhibitors/",
        "/api/v1/conference/events/{slug}/booths/",
        "/conference/exhibition/booths/{inbody}/leads/",
        "/conference/{slug}/exhibition/report/",
        "/conference/{slug}/exhibition/manage/",
    ],
)
def test_the_same_queries_for_one_and_for_three(client_for, cast, expo, url):
    user = cast.official if "report" in url or "manage" in url else expo.inbody_staff
    url = url.format(slug=expo.event.slug, inbody=expo.inbody.external_id)
    add_exhibitors(expo, 1, 1)
    client = client_for(user)
    queries(client, url)  # warm caches (permissions, sessions)
    one = queries(client, url)
    add_exhibitors(expo, 2, 2)
    three = queries(client, url)
    assert one == three, f"{url}: {one} queries with one more exhibitor, {three} with three"
