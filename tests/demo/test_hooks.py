from __future__ import annotations

import importlib.machinery
import sys
import types

import pytest

from healthycity.demo.build import build_demo
from healthycity.demo.context import HOOK_APPS, DemoContext
from tests.demo.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def fake_module(name: str, calls: list, populate=True) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__spec__ = importlib.machinery.ModuleSpec(name, None)
    if populate:
        module.populate = lambda ctx: calls.append((name.split(".")[1], ctx))
    return module


def install(monkeypatch, apps, calls, populate=True):
    for app in HOOK_APPS:
        name = f"healthycity.{app}.demo"
        if app in apps:
            monkeypatch.setitem(sys.modules, name, fake_module(name, calls, populate))
        else:
            # an app without demo.py: find_spec must find nothing
            monkeypatch.setitem(sys.modules, name, None)


def test_hooks_are_called_in_app_order_with_the_context(monkeypatch):
    calls = []
    install(monkeypatch, ["policies", "health", "aid", "partners"], calls)
    ctx = build_demo(seed=5, n_citizens=50, password=PASSWORD)
    assert [app for app, _ in calls] == ["health", "partners", "aid", "policies"]
    assert all(c is ctx for _, c in calls)
    assert ctx.hooks_ran == ["health", "partners", "aid", "policies"]


def test_a_module_without_populate_is_skipped(monkeypatch):
    calls = []
    install(monkeypatch, ["health"], calls, populate=False)
    ctx = build_demo(seed=5, n_citizens=50, password=PASSWORD)
    assert ctx.hooks_ran == []


def test_a_failing_hook_leaves_the_database_as_it_was(monkeypatch):
    from healthycity.citizens.models import Citizen

    def boom(ctx):
        raise RuntimeError("hook failed")

    install(monkeypatch, ["equity"], [])
    sys.modules["healthycity.equity.demo"].populate = boom
    with pytest.raises(RuntimeError):
        build_demo(seed=5, n_citizens=50, password=PASSWORD)
    assert not Citizen.objects.exists()


def test_rng_streams_are_deterministic_and_independent(built):
    a1 = built.rng_for("health").random(5)
    a2 = built.rng_for("health").random(5)
    b = built.rng_for("aid").random(5)
    assert (a1 == a2).all()
    assert not (a1 == b).any()
    assert isinstance(built, DemoContext)


def test_seeded_uuids_are_version_4_and_repeatable(built):
    first = built.uuids(built.rng_for("x"), 3)
    again = built.uuids(built.rng_for("x"), 3)
    assert first == again
    assert all(u.version == 4 for u in first)
    assert built.uuid4(built.rng_for("x")) == first[0]


def test_progress_is_reported(monkeypatch):
    seen = []

    def progress(label, total):
        seen.append([label, total, 0])
        return lambda n=1: seen[-1].__setitem__(2, seen[-1][2] + n)

    install(monkeypatch, [], [])
    build_demo(seed=5, n_citizens=50, password=PASSWORD, progress=progress)
    assert [total for _, total, done in seen if done == total and total == 50]


def test_citizen_ids_come_in_chunks(built):
    chunks = list(built.citizen_ids(chunk_size=120))
    assert [len(c) for c in chunks] == [120, 120, 60]
    assert chunks[0] == sorted(chunks[0])
