"""The DEU training file, found as every test finds shared data (``tests/shared_data.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared_data import require_shared


@pytest.fixture(scope="session")
def deu_train() -> Path:
    """``data/deu3/deu3_train.tsv`` of the shared folder (skipped when missing, fails in CI)."""
    return require_shared("data", "deu3", "deu3_train.tsv")


@pytest.fixture(scope="session")
def deu_train_backtest(deu_train):
    """One full back-test of the training file (every model, 5-fold CV), shared by the tests."""
    from accord.validity import backtest

    return backtest(deu_train, folds=5)
