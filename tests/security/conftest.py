"""The security probe's cases (issue 14) reuse the health tests' consented cast and the aid
tests' programme."""

from tests.aid.conftest import aid  # noqa: F401 — fixtures for these tests
from tests.health.conftest import consented  # noqa: F401
