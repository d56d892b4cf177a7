"""The exhibition's cast (see world.py): an event running today, the InBody and Yuhan booths with
temporary booth staff, and tickets of a citizen, another citizen and a delegate."""

from __future__ import annotations

import pytest

from tests.conference.exhibition.world import Expo, build_expo


@pytest.fixture
def expo(cast) -> Expo:
    return build_expo(cast)
