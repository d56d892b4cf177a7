"""The role matrix: who may read and write every page and API endpoint.

tests/core/test_role_matrix.py enumerates every URL pattern of the project and fails for one
that no entry covers, then requests every entry as each role and compares the outcome. Each app
keeps its own entries in `tests/<app>/role_matrix.py` (found by name), with two names:

    ENTRIES = [
        entry("health:worklist", "/health/worklist/", GET=only("worker_a", "worker_b")),
        entry(
            "health:citizen_record",
            lambda w: f"/health/citizens/{w.citizen.external_id}/",   # centre A's citizen
            GET=only("worker_a", "official", "admin", worker_b=HIDDEN),  # B guesses the id: 404
        ),
        entry("aid:enrol", lambda w: ..., POST=only("worker_a", ok=WRITE), data={"citizen": ...}),
    ]

    def populate(world):          # optional: the objects your URLs point at
        world.product_a = ProductFactory(partner=world.partner_a_org)

`entry(pattern, url, **methods)`: `pattern` is the URL name ("app:name"; the route for an
unnamed pattern), `url` a path or a function of the world, each method (GET, POST, PUT, PATCH,
DELETE) maps every role to the outcome expected. `data` (dict or function of the world) is the
body of writes, sent as a form, or as JSON with `json=True`.

Outcomes: OK (2xx, or a redirect that is not to the login page), INVALID (400: allowed, the body
is refused), WRITE (OK or INVALID: the role may write), DENIED (403), HIDDEN (404: the object is
not in the role's scope — what a guessed id of another centre's object must get), NO (DENIED or
HIDDEN), LOGIN (anonymous: redirected to log in, or 401/403 not_authenticated from the API),
NOT_ALLOWED (405).

A write whose page answers with a message instead of an error (a form that says "not yours" and
redirects) needs `wrote`, a function of the world that tells whether the write happened: a role
expected OK must have written, a role expected REFUSED (any answer but a server error) or refused
outright must not have.

Roles: anonymous, citizen (at centre A), worker_a, worker_b, partner_a, partner_b, official,
delegate, admin. The world is `tests.conftest.Cast` plus a second partner (`partner_b`,
`partner_b_org`), care consent for both citizens, pytest-django's `settings` and a `tmp_path`,
and what your `populate` adds. Objects "of
centre A" (the citizen, worker A's import, centre A's enrolment) are what worker B must not reach.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

ROLES = (
    "anonymous",
    "citizen",
    "worker_a",
    "worker_b",
    "partner_a",
    "partner_b",
    "official",
    "delegate",
    "admin",
)
SIGNED_IN = ROLES[1:]
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

OK = "ok"
INVALID = "invalid"
WRITE = "write"
DENIED = "denied"
HIDDEN = "hidden"
NO = "no"
LOGIN = "login"
REFUSED = "refused"
NOT_ALLOWED = "not allowed"  # 405: the view does not answer this method

ACCEPTS = {
    OK: {OK},
    INVALID: {INVALID},
    WRITE: {OK, INVALID},
    DENIED: {DENIED},
    HIDDEN: {HIDDEN},
    NO: {DENIED, HIDDEN},
    LOGIN: {LOGIN},
    REFUSED: {REFUSED},
    NOT_ALLOWED: {NOT_ALLOWED},
}


@dataclass
class Entry:
    pattern: str
    url: str | Callable[[SimpleNamespace], str]
    methods: dict[str, dict[str, str]]
    data: dict | Callable[[SimpleNamespace], dict] | None = None
    json: bool = False
    headers: dict[str, str] = field(default_factory=dict)
    wrote: Callable[[SimpleNamespace], bool] | None = None

    def path(self, world) -> str:
        return self.url(world) if callable(self.url) else self.url

    def body(self, world) -> dict:
        if self.data is None:
            return {}
        return self.data(world) if callable(self.data) else dict(self.data)


def entry(pattern, url, *, data=None, json=False, headers=None, wrote=None, **methods) -> Entry:
    unknown = set(methods) - set(METHODS)
    if unknown:
        raise ValueError(f"{pattern}: unknown methods {sorted(unknown)}")
    for method, expect in methods.items():
        missing = set(ROLES) - set(expect)
        extra = set(expect) - set(ROLES)
        if missing or extra:
            raise ValueError(f"{pattern} {method}: roles missing {missing}, unknown {extra}")
        bad = {v for v in expect.values() if v not in ACCEPTS}
        if bad:
            raise ValueError(f"{pattern} {method}: unknown outcomes {bad}")
    return Entry(pattern, url, methods, data=data, json=json, headers=headers or {}, wrote=wrote)


def only(*roles: str, ok: str = OK, others: str = DENIED, anonymous: str = LOGIN, **special):
    """`roles` get `ok`; every other signed-in role `others`; anonymous `anonymous`; a role
    named as a keyword gets that outcome (e.g. `worker_b=HIDDEN`)."""
    expect = dict.fromkeys(SIGNED_IN, others)
    expect["anonymous"] = anonymous
    for role in roles:
        expect[role] = ok
    expect.update(special)
    return expect


def everyone(outcome: str = OK, *, anonymous: str | None = None, **special):
    """Every role gets `outcome` (anonymous too, unless given), with exceptions by keyword."""
    expect = dict.fromkeys(ROLES, outcome)
    if anonymous is not None:
        expect["anonymous"] = anonymous
    expect.update(special)
    return expect


def staff(ok: str = OK, **special):
    """Officials, both workers and admins (the people who serve citizens)."""
    return only("worker_a", "worker_b", "official", "admin", ok=ok, **special)


def outcome_of(response, *, anonymous: bool) -> str:
    status = response.status_code
    if status >= 500:
        return f"server error {status}"
    if 300 <= status < 400:
        return LOGIN if "/login/" in response.get("Location", "") else OK
    if status == 401:
        return LOGIN
    if status == 403:
        if anonymous and _error_code(response) in {"not_authenticated", "authentication_failed"}:
            return LOGIN
        return DENIED
    if status == 404:
        return HIDDEN
    if status == 400:
        return INVALID
    if status == 405:
        return NOT_ALLOWED
    if status < 300:
        return OK
    return f"status {status}"


def _error_code(response) -> str:
    if not response.get("Content-Type", "").startswith("application/json"):
        return ""
    try:
        return response.json().get("error", {}).get("code", "")
    except ValueError:
        return ""
