from __future__ import annotations

from collections.abc import Iterator

import pytest
from fake_api import FakeApi


@pytest.fixture
def fake_api() -> Iterator[FakeApi]:
    with FakeApi().running() as api:
        yield api


@pytest.fixture
def sleeps() -> list[float]:
    """Waits the client asked for, recorded instead of slept."""
    return []
