"""Deal spaces are enumerated up to a stated size; past it, one line says so (issue 19).

A 6 KB scenario can describe 2³⁰ outcomes (30 issues of two options): enumerating them took
memory and minutes without end. The limits are stated in :mod:`accord.deals.space`."""

from __future__ import annotations

import pytest
from cli_helpers import cli

from hostile_inputs import wide_scenario

from accord.deals.space import MAX_OUTCOMES, MAX_TABLE_CELLS


@pytest.fixture
def wide(tmp_path):
    path = tmp_path / "wide.yaml"
    path.write_text(wide_scenario(30))
    return path


def test_the_stated_limits():
    assert (MAX_OUTCOMES, MAX_TABLE_CELLS) == (100_000_000, 50_000_000)
    assert 2 ** 30 > MAX_OUTCOMES > 2 ** 26


def test_deals_past_the_limit_is_one_line(wide, capsys):
    code, _, err = cli(["deals", str(wide)], capsys)
    assert code == 2 and err.strip() == (
        "error: wide: the deal space has 1,073,741,824 outcomes (30 issues of 2 options): "
        "1,073,741,824 outcomes is over the 100,000,000 Accord will enumerate; expected fewer "
        "issues or options (a coarser deal_space)")


def test_simulate_past_the_table_limit_is_one_line(wide, capsys):
    code, _, err = cli(["simulate", str(wide)], capsys)
    assert code == 2 and "2,147,483,648 parties × outcomes is over the 50,000,000 Accord will " \
                         "hold in memory" in err


def test_below_the_limit_it_runs(tmp_path, capsys):
    path = tmp_path / "narrow.yaml"
    path.write_text(wide_scenario(10))  # 1,024 outcomes
    code, out, err = cli(["deals", str(path)], capsys)
    assert code == 0 and "1,024 possible deals over 10 issues" in out
