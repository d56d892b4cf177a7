"""Fixtures of the partners tests: the same products of two partners and reviews as tests/feedback."""

from tests.feedback.conftest import (  # noqa: F401 — pytest finds fixtures by name
    other_partner,
    other_partner_org,
    other_product,
    product,
    review,
)
