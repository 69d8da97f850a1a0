"""Fixtures and marks for the whole suite: the shared test data (see ``shared_data.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared_data import require_shared


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Apply ``@needs_shared(...)``: a missing shared file skips the test, or fails it in CI."""
    for mark in item.iter_markers("shared_data"):
        for rel in mark.args:
            require_shared(*Path(rel).parts)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The shared folder (``$ACCORD_SHARED``, else ``../shared`` beside the repository): test
    inputs and oracles. Skips when it is missing, fails in CI."""
    return require_shared()
