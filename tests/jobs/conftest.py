import pytest

from tests.jobs import kinds


@pytest.fixture(autouse=True)
def _fresh_calls():
    kinds.CALLS.clear()
    yield
    kinds.CALLS.clear()
