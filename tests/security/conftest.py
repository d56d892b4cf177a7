"""The security probe's cases (issue 14) reuse the health tests' consented cast."""

from tests.health.conftest import consented  # noqa: F401 — a fixture for these tests
