"""The two statements of the gates' hot path (`conference.gate`), PostgreSQL.

SCAN asks, in one statement, what `checkin.scan` asks in Python for the common case — the token
still exists and its user is active; the device is switched on and registered for the list's
event; the ticket's registration is of this event, confirmed, and of a category the list admits —
and, if all holds, inserts the check-in. `ON CONFLICT DO NOTHING` leaves the decision to the
same two unique indexes the full path relies on (one ok per ticket and list; one scan per device
and nonce), so two gates racing for one ticket get one ok between them. It returns no row when
anything does not hold (nothing is written; the full view answers), and the ticket's row with a
NULL check-in when an index refused the insert.

ALREADY then records the later scan of a checked-in ticket, pointing at the first, and returns
the first check-in's device, gate and time for the answer; its check-in is NULL when the nonce
was used before (the full view replays that scan's answer).
"""

from __future__ import annotations

import re

from rest_framework.authtoken.models import Token

from healthycity.accounts.models import User
from healthycity.conference.enums import RegistrationStatus, ScanStatus
from healthycity.conference.models import (
    Checkin,
    CheckinList,
    Device,
    Gate,
    Registration,
    RegistrationCategory,
    Ticket,
)


def _numbered(sql: str) -> tuple[str, tuple[str, ...]]:
    """The statement with `$1, $2…` for its `%(name)s` parameters, and the names in that order:
    executed through a psycopg RawCursor, it skips psycopg's rewriting of named parameters on
    every scan (about a tenth of the fast path's Python)."""
    names: list[str] = []

    def number(match: re.Match) -> str:
        if match[1] not in names:
            names.append(match[1])
        return f"${names.index(match[1]) + 1}"

    return re.sub(r"%\((\w+)\)s", number, sql), tuple(names)


_T = {
    "checkin": Checkin._meta.db_table,
    "list": CheckinList._meta.db_table,
    "list_categories": CheckinList.categories.through._meta.db_table,
    "device": Device._meta.db_table,
    "gate": Gate._meta.db_table,
    "token": Token._meta.db_table,
    "user": User._meta.db_table,
    "ticket": Ticket._meta.db_table,
    "registration": Registration._meta.db_table,
    "category": RegistrationCategory._meta.db_table,
}

SCAN, SCAN_PARAMS = _numbered(f"""
WITH ctx AS (
    SELECT d.id AS device_id
    FROM {_T["device"]} d
    JOIN {_T["token"]} k ON k.key = %(token)s AND k.user_id = %(user)s
    JOIN {_T["user"]} u ON u.id = k.user_id AND u.is_active
    WHERE d.external_id = %(device)s AND d.event_id = %(event)s AND d.active
),
t AS MATERIALIZED (  -- the ticket first, by its unique secret, whatever the statistics say
    SELECT id, registration_id FROM {_T["ticket"]} WHERE secret = %(secret)s
),
r AS MATERIALIZED (  -- then its registration, by primary key
    SELECT id, name, event_id, status, category_id FROM {_T["registration"]}
    WHERE id = (SELECT registration_id FROM t)
),
tk AS (
    SELECT t.id AS ticket_id, r.name, c.code, c.name_ko, c.name_en, c.colour
    FROM t, r
    JOIN {_T["category"]} c ON c.id = r.category_id
    WHERE r.event_id = %(event)s
      AND r.status = '{RegistrationStatus.CONFIRMED.value}'
      AND (
        NOT EXISTS (SELECT 1 FROM {_T["list_categories"]} lc WHERE lc.checkinlist_id = %(list)s)
        OR EXISTS (
          SELECT 1 FROM {_T["list_categories"]} lc
          WHERE lc.checkinlist_id = %(list)s AND lc.registrationcategory_id = r.category_id
        )
      )
),
ins AS (
    INSERT INTO {_T["checkin"]}
        (checkin_list_id, ticket_id, device_id, nonce, status, scanned_at, received_at,
         offline, payload_hash)
    SELECT %(list)s, tk.ticket_id, ctx.device_id, %(nonce)s, '{ScanStatus.OK.value}',
           %(scanned_at)s, now(), false, ''
    FROM ctx, tk
    ON CONFLICT DO NOTHING
    RETURNING id
)
SELECT ctx.device_id, tk.ticket_id, tk.name, tk.code, tk.name_ko, tk.name_en, tk.colour,
       (SELECT id FROM ins)
FROM ctx, tk
""")

ALREADY, ALREADY_PARAMS = _numbered(f"""
WITH first AS (
    SELECT c.id, c.scanned_at, d.name, g.name_ko, g.name_en
    FROM {_T["checkin"]} c
    JOIN {_T["device"]} d ON d.id = c.device_id
    JOIN {_T["gate"]} g ON g.id = d.gate_id
    WHERE c.checkin_list_id = %(list)s AND c.ticket_id = %(ticket)s
      AND c.status = '{ScanStatus.OK.value}'
),
ins AS (
    INSERT INTO {_T["checkin"]}
        (checkin_list_id, ticket_id, device_id, nonce, status, first_id, scanned_at,
         received_at, offline, payload_hash)
    SELECT %(list)s, %(ticket)s, %(device_id)s, %(nonce)s, '{ScanStatus.ALREADY.value}',
           first.id, %(scanned_at)s, now(), false, ''
    FROM first
    ON CONFLICT DO NOTHING
    RETURNING id
)
SELECT first.id, first.scanned_at, first.name, first.name_ko, first.name_en, (SELECT id FROM ins)
FROM first
""")
