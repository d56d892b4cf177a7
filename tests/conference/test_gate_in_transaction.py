"""The gates' hot path called inside a transaction that is not its own (a test calling the WSGI
application inside its transaction, as the API contract test does with schemathesis): it must
not close that transaction's connection, whatever the scan's answer."""

from __future__ import annotations

import json
import uuid

import pytest
from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone
from rest_framework.authtoken.models import Token

from healthycity.conference.domain import registration as reg
from healthycity.conference.gate import PATH, ScanGate
from healthycity.conference.models import Checkin

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.mark.parametrize("known", [True, False], ids=["ok", "unknown ticket (the view)"])
def test_a_scan_inside_a_transaction_leaves_its_connection_open(
    afhc, cast, keep_test_connection, known
):
    payload = (
        reg.register(
            event=afhc.event, category=afhc.citizen, name="참가자", consent=True
        ).ticket.qr_payload
        if known
        else "HC1-not-a-ticket"
    )
    body = {
        "qr_payload": payload,
        "list": afhc.day1.pk,
        "device": str(afhc.device.external_id),
        "nonce": uuid.uuid4().hex,
        "scanned_at": timezone.now().isoformat(),
    }
    token = Token.objects.create(user=cast.official).key
    environ = (
        RequestFactory()
        .post(
            PATH,
            data=json.dumps(body),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Token {token}",
        )
        .environ
    )
    seen = {}
    result = ScanGate(get_wsgi_application())(
        environ, lambda status, headers, exc_info=None: seen.update(status=status)
    )
    answer = json.loads(b"".join(result))
    assert seen["status"].startswith("200")
    assert answer["status"] == ("ok" if known else "unknown")
    assert connection.in_atomic_block and connection.is_usable()
    assert Checkin.objects.filter(nonce=body["nonce"]).count() == 1  # the test's transaction lives
