"""core.cache: keys named by what a result was computed from, and the fingerprint of rows."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from django.core.cache import caches
from django.utils import timezone

from healthycity.core import cache
from healthycity.health.models import Measurement
from tests.health.health_data import sitting

pytestmark = pytest.mark.django_db


def test_fingerprint_changes_with_every_kind_of_change(cast):
    rows = Measurement.objects.filter(citizen=cast.citizen)
    empty = cache.fingerprint(rows)
    assert empty[0] == 0
    a = sitting(cast.citizen, 30, weight_kg=60)
    b = sitting(cast.citizen, 10, weight_kg=61)
    seen = [empty, cache.fingerprint(rows)]
    assert cache.fingerprint(rows) == seen[-1]  # nothing changed, same version
    # An UPDATE stamped earlier than the newest row (a long transaction committing late).
    Measurement.objects.filter(pk=a.pk).update(
        weight_kg=59, updated_at=b.updated_at - dt.timedelta(seconds=5)
    )
    seen.append(cache.fingerprint(rows))
    b.delete()
    seen.append(cache.fingerprint(rows))
    sitting(cast.citizen, 1, weight_kg=62)
    seen.append(cache.fingerprint(rows))
    assert len(set(seen)) == len(seen), seen


def test_millis_is_the_timestamp_in_milliseconds(cast):
    at = timezone.make_aware(dt.datetime(2026, 3, 1, 12, 30, 15, 250000), dt.UTC)
    m = sitting(cast.citizen, 1, weight_kg=60)
    Measurement.objects.filter(pk=m.pk).update(updated_at=at)
    found = Measurement.objects.filter(pk=m.pk).values_list(cache.Millis("updated_at"), flat=True)
    assert found.get() == int(at.timestamp() * 1000)


def test_keys_depend_on_every_part_and_the_code():
    assert cache.key("x", 1, "ko") == cache.key("x", 1, "ko")
    assert len({cache.key("x", 1, "ko"), cache.key("x", 1, "en"), cache.key("y", 1, "ko")}) == 3
    assert len(cache.source_version()) == 16


def test_cached_computes_once():
    calls = []
    for _ in range(2):
        assert cache.cached("test:once", lambda: calls.append(1) or "value") == "value"
    assert calls == [1]


def test_a_second_caller_waits_for_the_first_instead_of_computing_again():
    started, results, calls = threading.Event(), [], []

    def slow():
        calls.append("first")
        started.set()
        time.sleep(0.3)
        return "rendered once"

    first = threading.Thread(target=lambda: results.append(cache.cached("t:w", slow, wait=5)))
    first.start()
    assert started.wait(5)
    second = cache.cached("t:w", lambda: calls.append("second") or "again", wait=5)
    first.join()
    assert second == "rendered once" and results == ["rendered once"]
    assert calls == ["first"]


def test_a_marker_left_behind_delays_the_result_by_wait_at_most():
    caches["shared"].add("t:dead:computing", 1, 60)  # a process that died while computing
    begun = time.monotonic()
    assert cache.cached("t:dead", lambda: "computed here", wait=0.3) == "computed here"
    assert 0.25 < time.monotonic() - begun < 3


def test_a_failed_computation_lets_the_next_caller_compute_at_once():
    def broken():
        raise RuntimeError("no")

    with pytest.raises(RuntimeError):
        cache.cached("t:fail", broken, wait=5)
    begun = time.monotonic()
    assert cache.cached("t:fail", lambda: "fine", wait=5) == "fine"
    assert time.monotonic() - begun < 0.2


def test_a_caller_waiting_for_a_computation_that_fails_computes_at_once():
    started = threading.Event()

    def fails_later():
        started.set()
        time.sleep(0.3)
        raise RuntimeError("no")

    def first():
        with pytest.raises(RuntimeError):
            cache.cached("t:gave-up", fails_later, wait=5)

    thread = threading.Thread(target=first)
    thread.start()
    assert started.wait(5)
    begun = time.monotonic()
    assert cache.cached("t:gave-up", lambda: "computed here", wait=5) == "computed here"
    thread.join()
    assert time.monotonic() - begun < 2  # not the 5 s wait: the marker went with the failure
