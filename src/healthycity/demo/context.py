"""The demo-city hook protocol: how feature apps add their part of the synthetic Seoul.

`healthycity demo` first builds the *foundation* (districts, welfare centres, citizens with their
identities and consents, the city health bureau, the four partner companies, AFHC member cities and
the demo logins). It then walks the feature apps in this fixed order::

    health, missions, equity, partners, aid, feedback, conference, conference.exhibition,
    conference.afterwards, policies, policies.indicators

and, for each one that is installed and has a module ``healthycity.<app>.demo``, calls::

    populate(ctx: DemoContext) -> None

A hook:

- draws every random number from ``ctx.rng_for("<app>")`` (its own deterministic stream, independent
  of the other apps' streams, so adding a hook never changes another app's data);
- reads citizens in chunks (``Citizen.objects.filter(...).values_list(...).iterator(chunk_size=…)``
  or ``ctx.citizen_ids()``), writes with ``bulk_create(batch_size=5000)`` and makes no per-row
  queries, so that it scales with ``ctx.n_citizens`` (a few thousand for `make run`, millions in
  benchmarks);
- derives UUIDs from its stream with ``ctx.uuid4(rng)`` (or ``ctx.uuids(rng, n)``) instead of
  ``uuid.uuid4()`` when the same seed must give the same external ids;
- reports progress with ``advance = ctx.progress("Scans", total)`` and ``advance(n)``;
- may rely on the foundation objects named in `DemoContext` (``ctx.centre_a``, ``ctx.partners["cj"]``,
  ``ctx.users["worker-a"]`` …) and on the hooks that ran before it (``partners`` runs before ``aid``).

The whole run, foundation and hooks, is one transaction: a failing hook leaves the database as it was.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy

if TYPE_CHECKING:  # the models are only needed for the annotations
    from healthycity.accounts.models import Organisation, User
    from healthycity.citizens.models import Citizen
    from healthycity.places.models import District, MemberCity, WelfareCentre

HOOK_APPS: tuple[str, ...] = (
    "health",
    "missions",  # after the steps it rewards, before the equity snapshot that counts it
    "equity",
    "partners",
    "aid",
    "feedback",
    "conference",
    "conference.exhibition",
    "conference.afterwards",
    "policies",
    "policies.indicators",
)

Progress = Callable[[str, int], Callable[[int], None]]


def no_progress(label: str, total: int) -> Callable[[int], None]:
    """A `progress` that shows nothing (tests, library use)."""
    return lambda n=1: None


def stream(seed: int, name: str) -> numpy.random.Generator:
    """A generator for (`seed`, `name`): stable across runs, Python versions and machines
    (sha256 of the name, not `hash()`, which is salted per process)."""
    key = int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "big")
    return numpy.random.default_rng(numpy.random.SeedSequence(entropy=seed, spawn_key=(key,)))


def uuids(rng: numpy.random.Generator, n: int) -> list[uuid.UUID]:
    """`n` version-4 UUIDs drawn from `rng` (so the same seed gives the same external ids)."""
    words = rng.integers(0, 2**64, size=(n, 2), dtype=numpy.uint64)
    return [uuid.UUID(int=(int(hi) << 64) | int(lo), version=4) for hi, lo in words]


@dataclass
class DemoContext:
    """What the foundation built, handed to every app's `populate(ctx)`."""

    seed: int
    n_citizens: int
    password: str
    city: Organisation  # the city health bureau (slug "seoul-health-bureau")
    districts: dict[str, District]  # by code (11110 … 11740)
    centres: list[WelfareCentre]
    centre_a: WelfareCentre  # worker-a's centre
    centre_b: WelfareCentre  # worker-b's centre, in another district
    partners: dict[str, Organisation]  # "inbody", "yuhan", "cj", "hyundai"
    users: dict[str, User]  # the demo logins by username
    member_cities: list[MemberCity]
    citizen: Citizen  # the demo 'citizen' login's record (at centre A)
    progress: Progress = field(default=no_progress, repr=False)
    hooks_ran: list[str] = field(default_factory=list)  # filled by run_hooks, in order

    def rng_for(self, name: str) -> numpy.random.Generator:
        """An independent, deterministic random stream for `name` (use your app label).
        Each call returns a fresh generator at the start of that stream."""
        return stream(self.seed, name)

    @staticmethod
    def uuid4(rng: numpy.random.Generator) -> uuid.UUID:
        return uuids(rng, 1)[0]

    @staticmethod
    def uuids(rng: numpy.random.Generator, n: int) -> list[uuid.UUID]:
        return uuids(rng, n)

    def citizen_ids(self, chunk_size: int = 50_000) -> Iterator[list[int]]:
        """Primary keys of all citizens in id order, in lists of at most `chunk_size`."""
        from healthycity.citizens.queries import citizen_id_chunks

        return citizen_id_chunks(chunk_size)


def hook_modules() -> list[tuple[str, object]]:
    """(app, module) for every installed feature app that has a `demo` module, in HOOK_APPS order.
    An app without `demo.py` is skipped; an error *inside* a demo module is raised, not hidden."""
    from django.apps import apps

    found = []
    for app in HOOK_APPS:
        package = f"healthycity.{app}"
        if not apps.is_installed(package):
            continue
        if importlib.util.find_spec(f"{package}.demo") is None:
            continue
        found.append((app, importlib.import_module(f"{package}.demo")))
    return found


def run_hooks(ctx: DemoContext) -> list[str]:
    """Call `populate(ctx)` of each app's demo module in order; returns the apps that ran."""
    ran = []
    for app, module in hook_modules():
        populate = getattr(module, "populate", None)
        if populate is None:
            continue
        populate(ctx)
        ran.append(app)
        ctx.hooks_ran.append(app)
    return ran
