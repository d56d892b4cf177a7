"""Fixtures shared by the equity tests."""

from __future__ import annotations

import pytest
from django.utils import translation


@pytest.fixture
def english():
    """English active for the whole test: the modules that match the English texts of reasons and
    errors use it (`pytestmark`); the Korean texts are tested in test_i18n.py."""
    with translation.override("en"):
        yield
