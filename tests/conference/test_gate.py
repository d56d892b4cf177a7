"""The gates' hot path (conference.gate) on PostgreSQL: it answers ok and already exactly as the
API view does (wording, languages, headers), hands every other scan to the view having written
nothing, and keeps one check-in per ticket when gates race."""

from __future__ import annotations

import json
import time
import uuid

import pytest
from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone
from rest_framework.authtoken.models import Token

from healthycity.conference.domain import registration as reg
from healthycity.conference.enums import RegistrationStatus, ScanStatus
from healthycity.conference.gate import PATH, ScanGate
from healthycity.conference.models import Checkin, CheckinList, Device, EventStaff
from tests.conference.factories import EventFactory, SessionFactory
from tests.conference.test_postgres import _race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


class View:
    """The Django application, counting the requests the fast path passed on to it."""

    def __init__(self):
        self.app = get_wsgi_application()
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return self.app(environ, start_response)


@pytest.fixture
def gate():
    view = View()
    return ScanGate(view), view


def _call(app, body, *, token=None, language="en", raw=None, content_type=None, **headers):
    extra = {"HTTP_ACCEPT_LANGUAGE": language, **headers}
    if token is not None:
        extra["HTTP_AUTHORIZATION"] = f"Token {token}"
    environ = (
        RequestFactory()
        .post(
            PATH,
            data=raw if raw is not None else json.dumps(body),
            content_type=content_type or "application/json",
            **extra,
        )
        .environ
    )
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = int(status.split()[0]), dict(headers)

    result = app(environ, start_response)
    try:
        content = b"".join(result)
    finally:
        getattr(result, "close", lambda: None)()
    is_json = answer["headers"].get("Content-Type", "").startswith("application/json")
    answer["json"] = json.loads(content) if content and is_json else None
    answer["content"] = content
    return answer


def _body(afhc, payload, *, nonce=None, device=None, the_list=None, **kw):
    return {
        "qr_payload": payload,
        "list": (the_list or afhc.day1).pk,
        "device": str((device or afhc.device).external_id),
        "nonce": nonce or uuid.uuid4().hex,
        "scanned_at": kw.get("scanned_at", timezone.now().isoformat()),
    }


def _ticket(afhc, name="참가자", category=None):
    return reg.register(
        event=afhc.event, category=category or afhc.citizen, name=name, consent=True
    ).ticket


@pytest.fixture
def token(cast):
    return Token.objects.create(user=cast.official).key


@pytest.mark.parametrize("language", ["ko", "en"])
def test_ok_and_already_are_worded_as_the_view_words_them(afhc_tx, token, gate, language):
    """The fast path's answer is the answer the view replays for the same nonce."""
    app, view = gate
    afhc = afhc_tx
    second = Device.objects.create(event=afhc.event, gate=afhc.gate, name="phone 2")
    ticket = _ticket(afhc)
    for device, status in ((afhc.device, "ok"), (second, "already")):
        body = _body(afhc, ticket.qr_payload, device=device)
        fast = _call(app, body, token=token, language=language)
        assert view.calls == 0 and fast["status"] == 200 and fast["json"]["status"] == status
        replayed = _call(app, body, token=token, language=language)  # same nonce: the view
        assert view.calls == 1 and replayed["json"]["replayed"] is True
        assert fast["json"] == {**replayed["json"], "replayed": False}
        assert fast["headers"]["Content-Language"] == language
        view.calls = 0
    rows = Checkin.objects.filter(ticket=ticket).order_by("id")
    assert [r.status for r in rows] == ["ok", "already"] and rows[1].first_id == rows[0].pk
    assert rows[0].device == afhc.device and rows[1].device == second and not rows[0].offline
    already = fast["json"]
    assert already["first"]["device"] == "phone 1"
    assert already["first"]["gate"] == ("정문" if language == "ko" else "Main entrance")
    assert already["attendee"] == "참가자" and already["category"]["code"] == "citizen"


def test_headers_are_the_views_headers(afhc_tx, token, gate):
    app, _view = gate
    body = _body(afhc_tx, _ticket(afhc_tx).qr_payload)
    fast = _call(app, body, token=token)["headers"]
    full = _call(app, body, token=token)["headers"]  # replayed by the view
    assert set(fast) == set(full)
    for name in set(fast) - {"Expires", "Content-Security-Policy", "Content-Length"}:
        assert fast[name] == full[name], name
    nonce_free = fast["Content-Security-Policy"].split("'nonce-")[0]
    assert full["Content-Security-Policy"].startswith(nonce_free)
    assert fast["Cache-Control"] == full["Cache-Control"]


def _cancelled(afhc):
    ticket = _ticket(afhc, "취소")
    ticket.registration.status = RegistrationStatus.CANCELLED
    ticket.registration.save(update_fields=["status"])
    return ticket


def _press_only_list(afhc):
    the_list = CheckinList.objects.create(
        event=afhc.event, kind="entry", day=afhc.day1.day, name_ko="기자", name_en="Press"
    )
    the_list.categories.add(afhc.press)
    return the_list


def _session_list(afhc):
    session = SessionFactory(event=afhc.event, room=afhc.room_a)
    return CheckinList.objects.create(
        event=afhc.event, kind="session", session=session, day=afhc.day1.day, name_ko="세션"
    )


def _switched_off(afhc):
    return Device.objects.create(event=afhc.event, gate=afhc.gate, name="off", active=False)


def _foreign_device(afhc):
    other = EventFactory(slug="other-event")
    from healthycity.conference.models import Gate

    gate = Gate.objects.create(event=other, name_ko="다른 문", name_en="Other gate")
    return Device.objects.create(event=other, gate=gate, name="foreign")


# (what the scan is, how it is made, the answer the view gives, rows it records)
HANDED_ON = [
    ("unknown code", lambda a: _body(a, "ZZZZZZZZZZZZZZZZZZZZ"), (200, "unknown"), 1),
    ("malformed code", lambda a: _body(a, "not a ticket"), (200, "unknown"), 1),
    ("cancelled", lambda a: _body(a, _cancelled(a).qr_payload), (200, "cancelled"), 1),
    (
        "category not on the list",
        lambda a: _body(a, _ticket(a).qr_payload, the_list=_press_only_list(a)),
        (200, "wrong_list"),
        1,
    ),
    (
        "a session's door list",
        lambda a: _body(a, _ticket(a).qr_payload, the_list=_session_list(a)),
        (200, None),
        1,
    ),
    (
        "device switched off",
        lambda a: _body(a, _ticket(a).qr_payload, device=_switched_off(a)),
        (400, None),
        0,
    ),
    (
        "device of another event",
        lambda a: _body(a, _ticket(a).qr_payload, device=_foreign_device(a)),
        (400, None),
        0,
    ),
    (
        "dated in the future",
        lambda a: _body(
            a,
            _ticket(a).qr_payload,
            scanned_at=(timezone.now() + timezone.timedelta(hours=1)).isoformat(),
        ),
        (400, None),
        0,
    ),
    (
        "an unknown list",
        lambda a: {**_body(a, _ticket(a).qr_payload), "list": 999999},
        (400, None),
        0,
    ),
    (
        "a field too many",
        lambda a: {**_body(a, _ticket(a).qr_payload), "extra": 1},
        (200, "ok"),
        1,
    ),
    ("list as text", lambda a: {**_body(a, _ticket(a).qr_payload), "list": "x"}, (400, None), 0),
    (
        "naive time",
        lambda a: _body(a, _ticket(a).qr_payload, scanned_at="2026-09-25T09:00:00"),
        (200, "ok"),
        1,
    ),
]


@pytest.mark.parametrize("case", HANDED_ON, ids=[c[0] for c in HANDED_ON])
def test_every_other_scan_is_the_views_and_recorded_once(afhc_tx, token, gate, case):
    _name, make, (status, answer), rows = case
    app, view = gate
    body = make(afhc_tx)
    response = _call(app, body, token=token)
    assert view.calls == 1, "the fast path answered a scan that is the view's"
    assert response["status"] == status, response["json"]
    if answer is not None:
        assert response["json"]["status"] == answer
    assert Checkin.objects.count() == rows


@pytest.mark.parametrize(
    "request_kind, headers, status, rows",
    [
        ("a query string", {"QUERY_STRING": "x=1"}, 200, 1),
        ("a form body", {"content_type": "text/plain"}, 415, 0),
        (
            "a browser's Accept",
            {"HTTP_ACCEPT": "text/html,application/xhtml+xml,*/*;q=0.8"},
            200,
            1,
        ),
        ("JSON with a charset", {"content_type": "application/json; charset=utf-8"}, 200, 1),
    ],
)
def test_requests_of_another_shape_are_the_views(
    afhc_tx, token, gate, request_kind, headers, status, rows
):
    app, view = gate
    answer = _call(app, _body(afhc_tx, _ticket(afhc_tx).qr_payload), token=token, **headers)
    assert answer["status"] == status, answer["content"][:300]
    assert Checkin.objects.count() == rows
    handed_on = request_kind != "JSON with a charset"
    assert view.calls == (1 if handed_on else 0), request_kind


def test_logins_and_permissions_are_the_views(afhc_tx, cast, token, gate):
    app, view = gate
    afhc = afhc_tx
    ticket = _ticket(afhc)
    assert _call(app, _body(afhc, ticket.qr_payload))["status"] == 401  # no token
    assert _call(app, _body(afhc, ticket.qr_payload), token="0" * 40)["status"] == 401
    citizen = Token.objects.create(user=cast.citizen_user).key
    assert _call(app, _body(afhc, ticket.qr_payload), token=citizen)["status"] == 403
    assert view.calls == 3 and not Checkin.objects.exists()
    # Made gate staff of this event (not an official), the same login scans by the fast path.
    EventStaff.objects.create(event=afhc.event, user=cast.citizen_user)
    answer = _call(app, _body(afhc, ticket.qr_payload), token=citizen)
    assert answer["json"]["status"] == "ok" and view.calls == 3


def test_a_deleted_token_stops_at_once(afhc_tx, token, gate):
    app, view = gate
    afhc = afhc_tx
    assert _call(app, _body(afhc, _ticket(afhc, "a").qr_payload), token=token)["status"] == 200
    assert view.calls == 0  # the grant is now kept for GRANT_SECONDS
    Token.objects.filter(key=token).delete()
    refused = _call(app, _body(afhc, _ticket(afhc, "b").qr_payload), token=token)
    assert refused["status"] == 401 and view.calls == 1
    assert Checkin.objects.count() == 1


def test_switched_off_by_setting(afhc_tx, token, settings):
    settings.CHECKIN_FAST_PATH = False
    view = View()
    app = ScanGate(view)
    answer = _call(app, _body(afhc_tx, _ticket(afhc_tx).qr_payload), token=token)
    assert answer["json"]["status"] == "ok" and view.calls == 1


def test_two_gates_scan_the_same_ticket_at_once(afhc_tx, token, gate):
    app, view = gate
    afhc = afhc_tx
    other = Device.objects.create(event=afhc.event, gate=afhc.gate, name="phone 2")
    devices = [afhc.device, other]
    tickets = [_ticket(afhc, f"p{i}") for i in range(30)]
    _call(app, _body(afhc, _ticket(afhc, "warm").qr_payload), token=token)  # the grant
    for ticket in tickets:
        answers = _race(
            2,
            lambda i, t=ticket: _call(
                app, _body(afhc, t.qr_payload, device=devices[i]), token=token
            )["json"]["status"],
        )
        assert sorted(answers) == ["already", "ok"], answers
    assert view.calls == 0
    ok = Checkin.objects.filter(checkin_list=afhc.day1, status=ScanStatus.OK)
    assert ok.count() == 31
    assert Checkin.objects.filter(status=ScanStatus.ALREADY, first__isnull=True).count() == 0


def test_a_connection_past_its_age_is_closed_and_the_next_scan_reconnects(afhc_tx, token, gate):
    """What request_finished's receivers do for the scan's connection, without the signal."""
    app, view = gate
    afhc = afhc_tx
    assert _call(app, _body(afhc, _ticket(afhc, "a").qr_payload), token=token)["status"] == 200
    connection.close_at = time.monotonic() - 1  # past CONN_MAX_AGE
    assert _call(app, _body(afhc, _ticket(afhc, "b").qr_payload), token=token)["status"] == 200
    assert connection.connection is None  # closed after the scan that found it too old
    third = _call(app, _body(afhc, _ticket(afhc, "c").qr_payload), token=token)
    assert third["json"]["status"] == "ok" and view.calls == 0  # a new connection, a new cursor
    assert Checkin.objects.count() == 3


def test_a_host_no_longer_allowed_goes_to_the_view(afhc_tx, token, gate, settings):
    """What a Host header means is remembered per worker, and forgotten when a setting changes."""
    app, view = gate
    afhc = afhc_tx
    assert _call(app, _body(afhc, _ticket(afhc, "a").qr_payload), token=token)["status"] == 200
    settings.ALLOWED_HOSTS = ["gates.example.org"]
    refused = _call(app, _body(afhc, _ticket(afhc, "b").qr_payload), token=token)
    assert refused["status"] == 400 and view.calls == 1
    assert Checkin.objects.count() == 1


def test_the_language_cookie_outranks_accept_language(afhc_tx, token, gate, settings):
    app, _view = gate
    afhc = afhc_tx
    cookie = f"{settings.LANGUAGE_COOKIE_NAME}=ko"
    for payload, headers, language in (
        (_ticket(afhc, "a").qr_payload, {}, "en"),
        (_ticket(afhc, "b").qr_payload, {"HTTP_COOKIE": cookie}, "ko"),
        (_ticket(afhc, "c").qr_payload, {}, "en"),  # remembered per pair of headers
    ):
        answer = _call(app, _body(afhc, payload), token=token, language="en", **headers)
        assert answer["headers"]["Content-Language"] == language
        names = {"ko": afhc.citizen.name_ko, "en": afhc.citizen.name_en}
        assert answer["json"]["category"]["name"] == names[language]
