"""Ensembles carry the whether: P(agreement) beside the outcome classes."""

from __future__ import annotations

import pytest

import accord
from accord.ensemble import run_ensemble, with_ranges
from accord.whether.agreement import whether_record


def test_classes_read_with_p_agreement_and_no_agreement_completes_them(tmp_path):
    # The EC case's three classes partition its scale, so their shares sum to 1; read with
    # P(agreement) they sum to P, and "no agreement" holds the rest. The EC status quo (10 years,
    # where France, Italy and the UK stand) leaves no win-set under unanimity: P = 0 at the
    # stated numbers; with positions ± 10 % of the scale some variants open one.
    s = with_ranges(accord.load("ec-emissions-1994"), position=0.1)
    r = run_ensemble(s, "compromise", 400, seed=2, executor="inline", out=tmp_path,
                     whether=whether_record(s, 2))
    p = r.summary["agreement"]["probability"]
    classes = r.summary["outcome_classes"]
    assert sum(c["probability"] for c in classes) == pytest.approx(1.0)
    assert sum(c["probability_with_agreement"] for c in classes) == pytest.approx(p)
    assert r.summary["no_agreement"] == pytest.approx(1.0 - p)
    assert sorted(r.summary["agreement"]) == ["by", "issues", "probability"]
    # rebuilt from the file alone, the summary is the same
    from accord.ensemble import load_ensemble
    assert load_ensemble(r.parquet).summary == r.summary
