"""Who may see what, for the whole cast: a partner's staff never sees another exhibitor's leads,
no one sees a person without that person's consent, officials manage but do not read leads."""

from __future__ import annotations

import pytest

from healthycity.conference.exhibition.domain import leads

pytestmark = pytest.mark.django_db


def everyone(cast, expo) -> dict:
    return {
        **cast.users(),
        "inbody_booth": expo.inbody_staff,
        "yuhan_booth": expo.yuhan_staff,
        "yuhan_partner": expo.yuhan_partner,
    }


def status_for(client_for, user, url):
    response = client_for(user).get(url)
    if response.status_code == 302:
        assert "/login/" in response["Location"]
        return "login"
    return response.status_code


def check(client_for, cast, expo, url, allowed: set[str]):
    allowed = allowed | {"admin"}  # a superuser holds every permission (the operator)
    got = {name: status_for(client_for, user, url) for name, user in everyone(cast, expo).items()}
    for name, code in got.items():
        if name in allowed:
            assert code == 200, (url, name, code)
        elif name == "anonymous":
            assert code == "login", (url, name, code)
        else:
            assert code == 403, (url, name, code)


def test_public_pages_are_open_to_everyone(client_for, cast, expo):
    slug = expo.event.slug
    for url in (
        f"/conference/{slug}/exhibition/",
        f"/conference/{slug}/exhibition/floorplan.svg",
        f"/conference/{slug}/exhibition/exhibitors/inbody/",
        f"/conference/{slug}/exhibition/exhibitors/jongno-phc/",
    ):
        for name, user in everyone(cast, expo).items():
            assert client_for(user).get(url).status_code == 200, (url, name)


def test_the_booth_desk_and_station_are_for_the_exhibitors_team(client_for, cast, expo):
    team = {"inbody_booth", "partner"}  # temporary booth staff, and InBody's own staff
    base = f"/conference/exhibition/booths/{expo.inbody.external_id}"
    check(client_for, cast, expo, f"{base}/", team)
    check(client_for, cast, expo, f"{base}/station/", team)


def test_leads_are_for_the_exhibitors_team_only_not_officials(client_for, cast, expo):
    team = {"inbody_booth", "partner"}
    base = f"/conference/exhibition/booths/{expo.inbody.external_id}"
    check(client_for, cast, expo, f"{base}/leads/", team)
    check(client_for, cast, expo, f"{base}/leads.csv", team)


def test_figures_are_for_the_team_and_the_city(client_for, cast, expo):
    base = f"/conference/exhibition/booths/{expo.inbody.external_id}"
    check(
        client_for, cast, expo, f"{base}/figures/", {"inbody_booth", "partner", "official", "admin"}
    )


def test_booth_staff_are_managed_by_the_company_and_the_city(client_for, cast, expo):
    base = f"/conference/exhibition/booths/{expo.inbody.external_id}"
    check(client_for, cast, expo, f"{base}/staff/", {"partner", "official", "admin"})
    # Yuhan's own staff manage Yuhan's booth staff, not InBody's
    yuhan = f"/conference/exhibition/booths/{expo.yuhan.external_id}/staff/"
    assert client_for(expo.yuhan_partner).get(yuhan).status_code == 200


def test_managing_the_exhibition_is_for_officials(client_for, cast, expo):
    slug = expo.event.slug
    for url in (
        f"/conference/{slug}/exhibition/manage/",
        f"/conference/{slug}/exhibition/report/",
        f"/conference/{slug}/exhibition/manage/plan/",
        f"/conference/{slug}/exhibition/manage/exhibitors/new/",
        f"/conference/{slug}/exhibition/manage/booths/A-01/",
    ):
        check(client_for, cast, expo, url, {"official", "admin"})


def scan(client_for, expo, ticket, exhibitor=None, staff=None):
    exhibitor = exhibitor or expo.inbody
    return client_for(staff or expo.inbody_staff).post(
        f"/conference/exhibition/booths/{exhibitor.external_id}/", {"code": ticket.display_code}
    )


def test_no_one_sees_a_person_without_their_consent(client_for, cast, expo):
    response = scan(client_for, expo, expo.citizen_ticket)
    assert b'data-result="visit"' in response.content
    assert "김민지" not in response.content.decode()
    leads_url = f"/conference/exhibition/booths/{expo.inbody.external_id}/leads/"
    for user in (expo.inbody_staff, cast.partner):
        page = client_for(user).get(leads_url).content.decode()
        assert "김민지" not in page and "minji@example.org" not in page


def test_with_consent_only_the_chosen_fields_and_only_to_that_exhibitor(client_for, cast, expo):
    client = client_for(cast.citizen_user)
    share = f"/conference/{expo.event.slug}/exhibition/exhibitors/inbody/share/"
    assert client.post(share, {"share": ["name", "email"]}).status_code == 302
    response = scan(client_for, expo, expo.citizen_ticket)
    text = response.content.decode()
    assert b'data-result="lead"' in response.content
    assert "김민지" in text and "minji@example.org" in text and "010-1234-5678" not in text
    leads_url = f"/conference/exhibition/booths/{expo.inbody.external_id}/leads/"
    page = client_for(cast.partner).get(leads_url).content.decode()
    assert "김민지" in page and "010-1234-5678" not in page and "종로1동" not in page
    csv = client_for(expo.inbody_staff).get(leads_url[:-1] + ".csv").content.decode("utf-8-sig")
    assert "김민지" in csv and "010-1234-5678" not in csv
    # Yuhan scans the same visitor: an anonymous visit for Yuhan
    other = scan(client_for, expo, expo.citizen_ticket, expo.yuhan, expo.yuhan_staff)
    assert b'data-result="visit"' in other.content and "김민지" not in other.content.decode()
    yuhan_leads = f"/conference/exhibition/booths/{expo.yuhan.external_id}/leads/"
    assert "김민지" not in client_for(expo.yuhan_partner).get(yuhan_leads).content.decode()


def test_withdrawal_removes_the_lead_from_the_exhibitors_pages(client_for, cast, expo):
    client = client_for(cast.citizen_user)
    share = f"/conference/{expo.event.slug}/exhibition/exhibitors/inbody/share/"
    client.post(share, {"share": ["name"]})
    scan(client_for, expo, expo.citizen_ticket)
    leads_url = f"/conference/exhibition/booths/{expo.inbody.external_id}/leads/"
    assert "김민지" in client_for(cast.partner).get(leads_url).content.decode()
    client_for(cast.citizen_user).post(share, {"withdraw": "1"})
    assert "김민지" not in client_for(cast.partner).get(leads_url).content.decode()
    mine = client_for(cast.citizen_user).get(f"/conference/{expo.event.slug}/exhibition/mine/")
    assert "인바디" in mine.content.decode()  # the visitor still sees their own visit


def test_the_share_form_is_for_registered_visitors_only(client_for, cast, expo):
    share = f"/conference/{expo.event.slug}/exhibition/exhibitors/inbody/share/"
    client_for(cast.worker_a).post(share, {"share": ["name"]})
    assert not expo.inbody.lead_consents.exists()


def test_a_partner_sees_only_its_own_booths_figures_with_small_cells_hidden(
    client_for, cast, expo, settings
):
    settings.SMALL_CELL_K = 3
    for ticket in (expo.citizen_ticket, expo.other_ticket):
        leads.record_visit(exhibitor=expo.inbody, payload=ticket.secret, by=expo.inbody_staff)
    page = client_for(cast.partner).get(
        f"/conference/exhibition/booths/{expo.inbody.external_id}/figures/"
    )
    text = page.content.decode()
    assert 'data-testid="figure-visitors">' in text
    visitors = text.split('data-testid="figure-visitors">')[1].split("<")[0]
    assert visitors.strip() not in {"1", "2"}  # two visitors, below k = 3: hidden
    official = (
        client_for(cast.official)
        .get(f"/conference/exhibition/booths/{expo.inbody.external_id}/figures/")
        .content.decode()
    )
    assert official.split('data-testid="figure-visitors">')[1].split("<")[0].strip() == "2"
    assert (
        client_for(cast.partner)
        .get(f"/conference/exhibition/booths/{expo.yuhan.external_id}/figures/")
        .status_code
        == 403
    )
