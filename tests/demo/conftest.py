from __future__ import annotations

import pytest

from healthycity.demo.build import build_demo

SEED = 11
N = 300
PASSWORD = "demo-pass-123"


@pytest.fixture
def built(db):
    """A small demo city without the feature apps' hooks (those are tested on their own)."""
    return build_demo(seed=SEED, n_citizens=N, password=PASSWORD, hooks=False)
