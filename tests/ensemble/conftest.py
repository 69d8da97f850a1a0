"""Scenarios with ranges for the ensemble tests (the EC case ships without any)."""

from __future__ import annotations

import pytest

from accord.scenario.builtin import load_builtin


def _ec_with(**ranges):
    """The EC case with uniform ranges: ``position_UK=(4, 10)``, ``salience_Germany=(.6, 1)``."""
    s = load_builtin("ec-emissions-1994")
    for key, rng in ranges.items():
        kind, actor = key.split("_", 1)
        st = s.stance(actor, "emissions")
        setattr(st, f"{kind}_range", rng)
        st.distribution = "uniform"
    return s


@pytest.fixture
def ec_uk_uniform():
    """Only the UK's position is uncertain: uniform on the whole scale [4, 10]."""
    return _ec_with(position_UK=(4.0, 10.0))


@pytest.fixture
def ec_with():
    """``ec_with(position_UK=(4, 10), salience_Germany=(0.6, 1))``: EC with uniform ranges."""
    return _ec_with
