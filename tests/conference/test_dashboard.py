"""The organisers' dashboard counts first check-ins per gate and list, live: a repeat scan and a
refused code are counted beside them, never as entries, and the HTMX fragment stays current."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from healthycity.conference.domain import checkin
from healthycity.conference.domain import registration as reg
from healthycity.conference.models import Device, Gate

pytestmark = pytest.mark.django_db


def _scan(afhc, ticket_payload, device, nonce, the_list=None):
    return checkin.scan(
        payload=ticket_payload,
        checkin_list=the_list or afhc.day1,
        device=device,
        nonce=nonce,
        scanned_at=timezone.now(),
    )


def _row(html: str, gate: Gate) -> list[str]:
    """The cells of `gate`'s row in the live table, as text."""
    row = re.search(rf'<tr data-gate="{gate.pk}">(.*?)</tr>', html, re.S).group(1)
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<t[hd][^>]*>.*?</t[hd]>", row, re.S)
    ]


def test_live_counts_per_gate_and_list(afhc, cast, client_for):
    east = Gate.objects.create(event=afhc.event, name_ko="동문", name_en="East entrance")
    east_phone = Device.objects.create(event=afhc.event, gate=east, name="phone E")
    people = [
        reg.register(event=afhc.event, category=afhc.citizen, name=f"사람 {i}", consent=True)
        for i in range(3)
    ]
    _scan(afhc, people[0].ticket.qr_payload, afhc.device, "a1")  # main gate, day 1
    _scan(afhc, people[1].ticket.qr_payload, afhc.device, "a2")  # main gate, day 1
    _scan(afhc, people[2].ticket.qr_payload, east_phone, "b1")  # east gate, day 1
    _scan(afhc, people[0].ticket.qr_payload, east_phone, "b2")  # a repeat at the east gate
    _scan(afhc, "ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ", east_phone, "b3")  # refused at the east gate
    _scan(afhc, people[0].ticket.qr_payload, east_phone, "b4", the_list=afhc.day2)  # day 2

    client = client_for(cast.official)
    for url in ("/conference/afhc-test/manage/", "/conference/afhc-test/manage/live/"):
        html = client.get(url).content.decode()
        # Gate, day 1, day 2, total, repeat scans, refused, last scan.
        assert _row(html, afhc.gate)[:6] == ["정문", "2", "0", "2", "0", "0"], url
        assert _row(html, east)[:6] == ["동문", "1", "1", "2", "1", "1"], url
        assert 'data-testid="live-total">4<' in html

    # The fragment the dashboard polls follows the next scan.
    fourth = reg.register(event=afhc.event, category=afhc.citizen, name="사람 4", consent=True)
    _scan(afhc, fourth.ticket.qr_payload, east_phone, "b5")
    html = client.get("/conference/afhc-test/manage/live/").content.decode()
    assert _row(html, east)[3] == "3" and 'data-testid="live-total">5<' in html


def test_dashboard_polls_the_live_counts(afhc, cast, client_for):
    html = client_for(cast.official).get("/conference/afhc-test/manage/").content.decode()
    assert 'hx-get="/conference/afhc-test/manage/live/"' in html and "every 5s" in html
