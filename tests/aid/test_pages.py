"""Every page and endpoint against the whole cast (STYLE.md: owner, colleague, outsider)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from healthycity.aid.domain.allocation import allocate
from healthycity.aid.models import HandOver
from tests.aid.helpers import ready_cycle

CITY = {"official", "admin"}
WORKERS = {"worker_a", "worker_b"}
EVERYONE = {
    "anonymous",
    "citizen",
    "other_citizen",
    "worker_a",
    "worker_b",
    "partner",
    "official",
    "delegate",
    "admin",
}


def pages(aid):
    p, c = aid.programme.external_id, aid.cycle.external_id
    return [
        ("aid:programmes", {}, CITY | WORKERS | {"partner"}),
        ("aid:programme_new", {}, CITY),
        ("aid:programme", {"pk": p}, CITY | WORKERS | {"partner"}),
        ("aid:programme_edit", {"pk": p}, CITY),
        ("aid:rule", {"pk": p}, CITY),
        ("aid:candidates", {"pk": p}, CITY | WORKERS),
        ("aid:enrolments", {"pk": p}, CITY | WORKERS),
        ("aid:donations", {}, CITY | WORKERS | {"partner"}),
        ("aid:stock", {}, CITY),
        ("aid:handover", {"pk": c}, WORKERS | {"admin"}),
    ]


@pytest.mark.parametrize("index", range(10))
def test_role_matrix_for_pages(aid, cast, client_for, index):
    name, kwargs, allowed = pages(aid)[index]
    url = reverse(name, kwargs=kwargs)
    for who, user in cast.users().items():
        response = client_for(user).get(url)
        if user is None:
            assert response.status_code == 302, (name, who)
        elif who in allowed:
            assert response.status_code == 200, (name, who, response.status_code)
        else:
            assert response.status_code in (403, 404), (name, who, response.status_code)


def test_partner_sees_only_own_lots_and_no_people(aid, cast, client_for):
    response = client_for(cast.partner).get(reverse("aid:donations"))
    assert aid.lot.lot_number.encode() in response.content
    assert (
        client_for(cast.partner)
        .get(reverse("aid:candidates", kwargs={"pk": aid.programme.external_id}))
        .status_code
        == 403
    )


def test_rule_editor_shows_the_error_at_the_field(aid, cast, client_for):
    url = reverse("aid:rule", kwargs={"pk": aid.programme.external_id})
    response = client_for(cast.official).post(
        url, {"rule": "agee >= 65"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert b"agee" in response.content and b'data-testid="rule-error"' in response.content
    aid.programme.refresh_from_db()
    assert "agee" not in aid.programme.rule


def test_worker_enrols_from_candidates_and_is_refused_for_other_centre(aid, cast, client_for):
    from healthycity.citizens.domain.consent import grant_consent

    grant_consent(citizen=cast.citizen, purpose="aid")
    url = reverse("aid:enrol", kwargs={"pk": aid.programme.external_id})
    client_for(cast.worker_b).post(url, {"citizen": cast.citizen.external_id})
    assert not aid.programme.enrolments.exists()
    client_for(cast.worker_a).post(url, {"citizen": cast.citizen.external_id})
    assert aid.programme.enrolments.filter(citizen=cast.citizen).exists()


def test_hand_over_page_records_once_per_key(aid, cast, client_for):
    people = ready_cycle(aid, cast, people=2)
    url = reverse("aid:handover", kwargs={"pk": aid.cycle.external_id})
    client = client_for(cast.worker_a)
    assert client.get(url).status_code == 200
    data = {
        "key": "abc-1",
        "enrolment": people[0].external_id,
        "lot": aid.lot.external_id,
        "quantity": "1",
    }
    client.post(url, data)
    client.post(url, data)
    assert HandOver.objects.count() == 1


def test_allocation_review_and_approve(aid, cast, client_for):
    ready_cycle(aid, cast, people=1)
    allocation = allocate(cycle=aid.cycle, by=cast.official)
    url = reverse("aid:allocation", kwargs={"pk": allocation.external_id})
    assert client_for(cast.worker_a).get(url).status_code == 403
    response = client_for(cast.official).get(url)
    assert response.status_code == 200
    client_for(cast.official).post(url)
    allocation.refresh_from_db()
    assert allocation.status == "approved"


def test_rule_error_is_in_korean_by_default(aid, cast, client_for):
    url = reverse("aid:rule", kwargs={"pk": aid.programme.external_id})
    response = client_for(cast.official).post(url, {"rule": 'sarcopenia in ["posible"]'})
    assert "“posible”은(는) “sarcopenia”의 값이 아닙니다".encode() in response.content


def test_programme_page_shows_outcome_chart(aid, cast, client_for, settings):
    from healthycity.aid.models import OutcomeObservation

    settings.SMALL_CELL_K = 1
    people = ready_cycle(aid, cast, people=3)
    from healthycity.aid.domain.distribution import hand_over
    from healthycity.citizens.domain.consent import grant_consent
    from tests.aid import factories as f

    for i, enrolment in enumerate(people):
        hand_over(
            cycle=aid.cycle,
            enrolment=enrolment,
            lot=aid.lot,
            quantity=1,
            by=cast.worker_a,
            idempotency_key=f"c{i}",
        )
    controls = []
    for _ in range(3):
        other = f.citizen_with_consent(cast.centre_b)
        grant_consent(citizen=other, purpose="statistics")
        controls.append(other)
    start = aid.programme.starts_on
    rows = []
    for i, citizen in enumerate([e.citizen for e in people] + controls):
        rows += [
            OutcomeObservation(citizen=citizen, indicator="smm_kg", measured_on=start, value=20),
            OutcomeObservation(
                citizen=citizen,
                indicator="smm_kg",
                measured_on=start + timedelta(days=20),
                value=21 + i % 3 if i < 3 else 20 + 0.1 * i,
            ),
        ]
    OutcomeObservation.objects.bulk_create(rows)
    response = client_for(cast.official).get(
        reverse("aid:programme", kwargs={"pk": aid.programme.external_id})
    )
    assert b'data-testid="outcome-chart"' in response.content
    assert b"plotly" in response.content.lower()


def _posts(aid, cast):
    p, c = aid.programme.external_id, aid.cycle.external_id
    return [
        ("aid:enrol", {"pk": p}, {"citizen": str(cast.citizen.external_id)}, {"worker_a", "admin"}),
        ("aid:cycle_new", {"pk": p}, {}, CITY),
        ("aid:cycle_approve", {"pk": c}, {}, CITY),
        ("aid:allocate", {"pk": c}, {}, CITY),
        (
            "aid:item_set",
            {"pk": p},
            {"product": str(aid.product.external_id), "quantity": "2"},
            CITY,
        ),
        ("aid:receive", {"pk": aid.lot.external_id}, {}, CITY),
    ]


@pytest.mark.parametrize("index", range(6))
def test_role_matrix_for_actions(aid, cast, client_for, index):
    name, kwargs, data, allowed = _posts(aid, cast)[index]
    url = reverse(name, kwargs=kwargs)
    for who, user in cast.users().items():
        if who in allowed or user is None:
            continue
        response = client_for(user).post(url, data)
        if name == "aid:enrol" and who == "worker_b":
            # A worker may enrol, but not another centre's citizen: refused with a message.
            assert not aid.programme.enrolments.exists()
            continue
        assert response.status_code in (403, 404), (name, who, response.status_code)
    response = client_for(cast.official if "official" in allowed else cast.worker_a).post(url, data)
    assert response.status_code == 302


def test_benefit_quantity_must_be_whole(aid, cast, client_for):
    url = reverse("aid:item_set", kwargs={"pk": aid.programme.external_id})
    client = client_for(cast.official)
    for bad in ("-2", "1.5", "abc"):
        client.post(url, {"product": str(aid.product.external_id), "quantity": bad})
    assert aid.programme.items.get().quantity == 1
    client.post(url, {"product": str(aid.product.external_id), "quantity": "2"})
    assert aid.programme.items.get().quantity == 2


@pytest.mark.parametrize("name", ["aid:programmes", "aid:donations"])
def test_list_pages_do_not_query_per_row(
    aid, cast, client_for, django_assert_max_num_queries, name
):
    from healthycity.aid.domain.programmes import create_programme

    client = client_for(cast.official)
    client.get(reverse(name))
    with django_assert_max_num_queries(40) as first:
        client.get(reverse(name))
    for i in range(3):
        create_programme(
            name_ko=f"사업 {i}",
            name_en=f"P {i}",
            starts_on=aid.programme.starts_on,
            ends_on=aid.programme.ends_on,
        )
    from tests.aid import factories as f

    for i in range(3):
        f.stocked_lot(cast.partner_org, aid.product, 5, by=cast.official, lot_number=f"N{i}")
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(reverse(name))


@pytest.mark.parametrize("who", ["official", "worker_a", "partner", "citizen", "delegate"])
def test_home_page_renders_aid_panels(aid, cast, client_for, who):
    response = client_for(cast.users()[who]).get(reverse("home"))
    assert response.status_code == 200
    if who in ("official", "worker_a", "partner"):
        assert reverse("aid:programmes").encode() in response.content or (
            reverse("aid:donations").encode() in response.content
        )


def test_worker_sees_only_own_centres_hand_over_count(aid, cast, client_for):
    from healthycity.aid.domain.distribution import hand_over

    people = ready_cycle(aid, cast, people=2)
    hand_over(
        cycle=aid.cycle,
        enrolment=people[0],
        lot=aid.lot,
        quantity=1,
        by=cast.worker_a,
        idempotency_key="h1",
    )
    url = reverse("aid:programme", kwargs={"pk": aid.programme.external_id})
    page_b = client_for(cast.worker_b).get(url)
    assert [c.n_handovers for c in page_b.context["cycles"]] == [0]
    page_a = client_for(cast.worker_a).get(url)
    assert [c.n_handovers for c in page_a.context["cycles"]] == [1]


def test_partner_registers_a_donation_and_sees_field_errors(aid, cast, client_for):
    from datetime import date

    from healthycity.aid.domain.stock import warehouse
    from healthycity.aid.models import DonationLot

    client = client_for(cast.partner)
    data = {
        "product": aid.product.pk,
        "quantity": "-5",
        "lot_number": "WEB-1",
        "expires_on": (date.today() + timedelta(days=60)).isoformat(),
        "deliver_to": warehouse().pk,
    }
    response = client.post(reverse("aid:donations"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and b"at least 1 unit" in response.content
    assert not DonationLot.objects.filter(lot_number="WEB-1").exists()
    response = client.post(reverse("aid:donations"), {**data, "quantity": "12"})
    assert response.status_code == 302
    assert DonationLot.objects.get(lot_number="WEB-1").quantity == 12


def test_official_transfer_from_empty_stock_is_refused_on_the_page(aid, cast, client_for):
    from healthycity.aid.domain.stock import centre_location, check_stock

    loc_b = centre_location(cast.centre_b)
    data = {
        "lot": str(aid.lot.external_id),
        "source": loc_b.pk,
        "destination": aid.loc_a.pk,
        "quantity": "3",
    }
    response = client_for(cast.official).post(reverse("aid:stock"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and b"Only 0 units" in response.content
    assert check_stock() == []
    ok = client_for(cast.official).post(
        reverse("aid:stock"), {**data, "source": aid.loc_a.pk, "destination": loc_b.pk}
    )
    assert ok.status_code == 302
    assert aid.lot.balances.get(location=loc_b).quantity == 3
