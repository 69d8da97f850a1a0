"""DEU test data, found as every test finds shared data: ACCORD_SHARED, else ../shared beside the
repository root; in CI (CI=true) a missing file fails instead of skipping."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def _shared() -> Path:
    env = os.environ.get("ACCORD_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[2] / ".." / "shared"


@pytest.fixture(scope="session")
def deu_train() -> Path:
    path = _shared() / "data" / "deu3" / "deu3_train.tsv"
    if not path.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is missing (CI: shared data must be present)")
        pytest.skip(f"{path} not available")
    return path


@pytest.fixture(scope="session")
def deu_train_backtest(deu_train):
    """One full back-test of the training file (every model, 5-fold CV), shared by the tests."""
    from accord.validity import backtest

    return backtest(deu_train, folds=5)
