"""Credibility in the whether layer and in ``accord whatif``, against hand calculations.

The case (tests/commitment_cases.py): Kyiv accepts the only package Moscow can accept —
withdrawal for a guarantee delivered after the war — iff the guarantee's credibility κ ≥ 0.75.
"""

from __future__ import annotations

import json

import pytest

from accord.whether.agreement import assess
from cli_helpers import cli
from commitment_cases import withdrawal_for_guarantees


def test_p_agreement_is_the_chance_that_the_promise_is_credible_enough():
    # κ ~ uniform on [0.5, 1.0]: P(κ ≥ 0.75) = (1.0 − 0.75) / (1.0 − 0.5) = 0.5. With 4000
    # draws the Monte-Carlo standard error is √(.5 · .5 / 4000) = 0.0079; allow 4 of them.
    s = withdrawal_for_guarantees(0.7, (0.5, 1.0))
    a = assess(s, n=4000, seed=3)
    assert a.mode == "package"
    assert a.probability == pytest.approx(0.5, abs=4 * 0.0079)
    # κ ~ uniform on [0.6, 0.9]: (0.9 − 0.75) / 0.3 = 0.5 as well; on [0.3, 0.7] it is 0
    assert assess(withdrawal_for_guarantees(0.7, (0.6, 0.9)), n=4000, seed=4).probability == \
        pytest.approx(0.5, abs=4 * 0.0079)
    assert assess(withdrawal_for_guarantees(0.5, (0.3, 0.7)), n=500, seed=5).probability == 0.0


def test_the_zone_at_the_stated_credibility():
    # no range: P is 1 if a zone exists at the stated numbers, else 0
    assert assess(withdrawal_for_guarantees(0.8), n=0).probability == 1.0
    assert assess(withdrawal_for_guarantees(0.7), n=0).probability == 0.0


def test_whatif_sets_an_issue_credibility(tmp_path, capsys):
    from accord.scenario.io.yaml import save_yaml

    path = tmp_path / "promise.yaml"
    save_yaml(withdrawal_for_guarantees(0.7), path)
    code, out, err = cli(["whatif", str(path), "--set", "guarantee.credibility=0.8",
                          "--format", "json"], capsys)
    assert code == 0, err
    d = json.loads(out)
    # κ 0.7 < 0.75: no zone before; 0.8 ≥ 0.75: a zone after
    assert d["before"]["agreement"]["probability"] == 0.0
    assert d["after"]["agreement"]["probability"] == 1.0
    assert d["changes"] == [{"set": "guarantee.credibility=0.8", "target": "guarantee",
                             "field": "credibility", "before": 0.7, "after": 0.8}]
    code, out, err = cli(["whatif", str(path), "--set", "territory.credibility=0.5"], capsys)
    assert code == 2 and "no commitment" in err and "territory.credibility=0.5" in err
