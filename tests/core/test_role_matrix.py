"""Every page and API endpoint against every role (see tests/role_matrix.py for how to add yours).

1. Every URL pattern of the project is in some app's matrix, and every method an API view
   answers is too: a new page or endpoint without an entry fails here, naming where to add it.
2. Each app's entries are requested as each role (anonymous, citizen, worker A and B, partner A
   and B, official, delegate, admin); the outcome (ok, 400, 403, 404, login) must be the one the
   matrix says, including worker B guessing the id of centre A's objects.
3. The Django admin lets in the operator only.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import fields
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from healthycity.accounts.enums import OrganisationKind, Role
from healthycity.citizens.domain.consent import grant_consent
from tests.factories import OrganisationFactory, member
from tests.role_matrix import ACCEPTS, INVALID, METHODS, OK, REFUSED, ROLES, outcome_of

TESTS = Path(__file__).resolve().parents[1]


def _modules():
    found = []
    for path in sorted(TESTS.glob("**/role_matrix.py")):
        if path.parent == TESTS:
            continue  # tests/role_matrix.py is the framework
        dotted = ".".join(path.relative_to(TESTS.parent).with_suffix("").parts)
        found.append(importlib.import_module(dotted))
    return found


MODULES = _modules()


def _patterns(patterns=None, prefix="", namespace=""):
    """(key, route, callback) of every URL pattern; key = "namespace:name", or the route."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
            yield from _patterns(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            name = p.name and (f"{namespace}:{p.name}" if namespace else p.name)
            yield name or prefix + str(p.pattern), prefix + str(p.pattern), p.callback


def _api_methods(callback) -> set[str]:
    """The methods a DRF view answers (a Django class-based view: GET and POST, which it
    answers); empty for a function view, whose methods the matrix cannot know."""
    actions = getattr(callback, "actions", None)
    if actions:  # DRF adds "head" to this dict once the view has answered a GET
        return {m.upper() for m in actions} & set(METHODS)
    cls = getattr(callback, "cls", None)
    wanted = ("get", "post", "put", "patch", "delete")
    if cls is None:
        cls, wanted = getattr(callback, "view_class", None), ("get", "post")
    if cls is None:
        return set()
    allowed = set(getattr(cls, "http_method_names", wanted))
    return {m.upper() for m in wanted if m in allowed and hasattr(cls, m)}


def _entries():
    return [(module, e) for module in MODULES for e in module.ENTRIES]


def test_every_url_pattern_is_in_the_role_matrix():
    covered: dict[str, set[str]] = {}
    for _module, e in _entries():
        covered.setdefault(e.pattern, set()).update(e.methods)
    missing, unanswered = [], []
    for key, route, callback in _patterns():
        if key.startswith("admin:") or route.startswith("admin/"):
            continue  # test_admin_is_for_the_operator_only
        if key not in covered:
            missing.append(f"{key}  ({route})")
            continue
        lacking = _api_methods(callback) - covered[key]
        if lacking:
            unanswered.append(f"{key}: {', '.join(sorted(lacking))}")
    assert not missing, (
        "URL patterns nobody put in the role matrix (add an entry to tests/<app>/role_matrix.py; "
        "see tests/role_matrix.py):\n  " + "\n  ".join(missing)
    )
    assert not unanswered, "methods these views answer are not in the matrix:\n  " + "\n  ".join(
        unanswered
    )


def test_the_matrix_names_only_patterns_that_exist():
    known = {key for key, _route, _cb in _patterns()}
    stale = sorted({e.pattern for _m, e in _entries()} - known)
    assert not stale, f"role-matrix entries for URL patterns that no longer exist: {stale}"


def build_world(cast) -> SimpleNamespace:
    world = SimpleNamespace(**{f.name: getattr(cast, f.name) for f in fields(cast)})
    world.partner_a, world.partner_a_org = cast.partner, cast.partner_org
    world.partner_b_org = OrganisationFactory(
        kind=OrganisationKind.PARTNER, slug="yuhan", name_ko="유한양행", name_en="Yuhan"
    )
    world.partner_b = member("partner-yuhan", world.partner_b_org, Role.PARTNER)
    for citizen in (cast.citizen, cast.other_citizen):
        grant_consent(citizen=citizen, purpose="care", by=None)
    world.users = {
        "anonymous": None,
        "citizen": cast.citizen_user,
        "worker_a": cast.worker_a,
        "worker_b": cast.worker_b,
        "partner_a": cast.partner,
        "partner_b": world.partner_b,
        "official": cast.official,
        "delegate": cast.delegate,
        "admin": cast.admin,
    }
    world.foreign = _foreign(world)
    return world


def _foreign(world) -> dict[str, list[str]]:
    """What each role must never read in a page or API answer: the id, name and phone of the
    citizens outside its scope (a partner or a delegate never sees a person)."""

    def marks(citizen):
        identity = citizen.identity
        return [str(citizen.external_id), identity.name, identity.phone]

    a, b = marks(world.citizen), marks(world.other_citizen)
    return {
        "anonymous": a + b,
        "citizen": b,
        "worker_a": b,
        "worker_b": a,
        "partner_a": a + b,
        "partner_b": a + b,
        "official": [],
        "delegate": a + b,
        "admin": [],
    }


TEXT_TYPES = ("text/", "application/json", "application/fhir+json", "application/problem+json")


def _leaks(response, foreign: list[str]) -> list[str]:
    if response.status_code >= 300 or getattr(response, "streaming", False):
        return []
    if not response.get("Content-Type", "").startswith(TEXT_TYPES):
        return []
    text = response.content.decode("utf-8", "replace")
    return [mark for mark in foreign if mark and mark in text]


def _request(world, e, method: str, role: str) -> tuple[str, int]:
    got, status = _send(world, e, method, role)
    if e.wrote is None or method == "GET" or got.startswith(("server error", "a person")):
        return got, status
    wrote = e.wrote(world)
    expect = e.methods[method][role]
    if expect == REFUSED:
        return (REFUSED if not wrote else "written although refused"), status
    if wrote and got not in (OK, INVALID):
        return f"{got}, but written", status
    if expect == OK and got == OK and not wrote:
        return "ok but nothing written", status
    return got, status


def _send(world, e, method: str, role: str) -> tuple[str, int]:
    client = Client(HTTP_ACCEPT_LANGUAGE="ko", **{f"HTTP_{k}": v for k, v in e.headers.items()})
    user = world.users[role]
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    path = e.path(world)
    send = getattr(client, method.lower())
    if method == "GET":
        response = send(path)
    elif e.json:
        response = send(path, data=e.body(world), content_type="application/json")
    elif method == "POST":
        response = send(path, data=e.body(world))
    else:
        from django.test.client import MULTIPART_CONTENT, encode_multipart

        body = encode_multipart("BoUnDaRy", e.body(world))
        response = send(path, data=body, content_type=MULTIPART_CONTENT)
    leaked = _leaks(response, world.foreign[role])
    if leaked:
        return f"a person outside the scope shown ({', '.join(leaked)})", response.status_code
    return outcome_of(response, anonymous=user is None), response.status_code


def _check(world, entries) -> list[str]:
    problems = []
    for e in entries:
        for method, expect in e.methods.items():
            seen = {}
            for role in ROLES:
                with transaction.atomic():
                    try:
                        got, status = _request(world, e, method, role)
                    except Exception as exc:  # noqa: BLE001 — reported with the others
                        got, status = f"exception {type(exc).__name__}: {exc}", 0
                    transaction.set_rollback(True)
                seen[role] = got
                if got not in ACCEPTS[expect[role]]:
                    problems.append(
                        f"{method} {e.pattern} as {role}: expected {expect[role]}, got {got}"
                        + (f" ({status})" if status else "")
                    )
            if os.environ.get("ROLE_MATRIX_SHOW"):  # what each role gets, to write an entry
                print(f"{method} {e.pattern}: " + " ".join(f"{r}={seen[r]}" for r in ROLES))
    return problems


@pytest.mark.django_db
@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__.split(".")[1])
def test_role_matrix(module, cast, settings, tmp_path):
    world = build_world(cast)
    world.settings, world.tmp_path = settings, tmp_path
    populate = getattr(module, "populate", None)
    if populate is not None:
        populate(world)
    problems = _check(world, module.ENTRIES)
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_admin_is_for_the_operator_only(cast):
    """Every model's list page in /admin/: the operator gets in, everyone else is sent to the
    admin's login (none of the cast but the admin is staff)."""
    world = build_world(cast)
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        meta = model._meta
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    problems = []
    for n, url in enumerate(urls):
        # The admin site turns away everyone who is not staff before any model's page is
        # reached, so the others try the index and a few pages; the operator opens them all.
        for role in ROLES if n < 4 else ("anonymous", "admin"):
            client = Client()
            user = world.users[role]
            if user is not None:
                client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            got = outcome_of(client.get(url), anonymous=user is None)
            want = "ok" if role == "admin" else "login"
            if got != want:
                problems.append(f"GET {url} as {role}: expected {want}, got {got}")
    assert not problems, "\n".join(problems)


def test_matrix_methods_are_known():
    for _module, e in _entries():
        assert set(e.methods) <= set(METHODS), e.pattern
