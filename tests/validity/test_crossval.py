"""Cross-validation by proposal: folds keep proposals whole, and no held-out forecast ever
depends on the outcome it is scored against."""

from __future__ import annotations

import numpy as np
import pytest

from accord.validity.combine import Combination, candidates, lad_convex_weights
from accord.validity.crossval import nested, proposal_folds, select


def _data(seed=0, n_clusters=12, per=3):
    rng = np.random.default_rng(seed)
    clusters = np.repeat(np.arange(n_clusters), per)
    truth = rng.uniform(0, 100, clusters.size)
    forecasts = {"a": truth + rng.normal(0, 5, truth.size),
                 "b": truth + rng.normal(0, 20, truth.size),
                 "c": rng.uniform(0, 100, truth.size)}
    return forecasts, truth, clusters


def test_folds_keep_proposals_whole_and_balanced():
    clusters = np.repeat(np.array(["p1", "p2", "p3", "p4", "p5", "p6", "p7"]), [1, 2, 3, 1, 2, 3, 1])
    folds = proposal_folds(clusters, 3, seed=4)
    for c in set(clusters):
        assert len(set(folds[clusters == c])) == 1
    sizes = np.bincount([folds[clusters == c][0] for c in dict.fromkeys(clusters)])
    assert sorted(sizes.tolist()) == [2, 2, 3]      # 7 proposals dealt to 3 folds in turn


def test_lad_weights_recover_an_exact_combination():
    X = np.array([[0.0, 10.0], [10.0, 30.0], [20.0, 20.0], [40.0, 0.0]])
    y = 0.25 * X[:, 0] + 0.75 * X[:, 1]
    assert lad_convex_weights(X, y) == pytest.approx([0.25, 0.75], abs=1e-9)


@pytest.mark.parametrize("learns", [False, True])
def test_heldout_forecasts_never_see_their_outcomes(learns):
    forecasts, truth, clusters = _data()
    mask = np.ones(truth.size, bool)
    cands = candidates(["a", "b", "c"])
    cands = [c for c in cands if c.learns == learns]
    scale = np.ones(truth.size)
    base = select(cands, forecasts, truth, scale, clusters, mask, 4, seed=0)
    folds = proposal_folds(clusters, 4, seed=0)
    for f in range(4):
        changed = truth.copy()
        changed[folds == f] = 100 - changed[folds == f]        # rewrite this fold's outcomes
        other = select(cands, forecasts, changed, scale, clusters, mask, 4, seed=0)
        for name, pred in base.heldout.items():
            np.testing.assert_array_equal(other.heldout[name][folds == f], pred[folds == f])


def test_nested_forecasts_never_see_their_outcomes():
    forecasts, truth, clusters = _data(1)
    mask = np.ones(truth.size, bool)
    scale = np.ones(truth.size)
    cands = candidates(["a", "b", "c"])
    base = nested(cands, forecasts, truth, scale, clusters, mask, 3, seed=5)
    folds = proposal_folds(clusters, 3, seed=5)
    for f in range(3):
        changed = truth.copy()
        changed[folds == f] = 0.0
        other = nested(cands, forecasts, changed, scale, clusters, mask, 3, seed=5)
        np.testing.assert_array_equal(other.forecast[folds == f], base.forecast[folds == f])


def test_selection_prefers_the_accurate_forecaster():
    forecasts, truth, clusters = _data(2)
    mask = np.ones(truth.size, bool)
    sel = select(candidates(["a", "b", "c"]), forecasts, truth, np.ones(truth.size), clusters,
                 mask, 4, seed=0)
    assert sel.chosen.name in ("a", "stack(a, b, c)")
    assert sel.cv_mae["a"] == pytest.approx(np.abs(forecasts["a"] - truth).mean())
    assert sel.cv_mae["c"] > sel.cv_mae["b"] > sel.cv_mae["a"]


def test_combinations_by_hand():
    F = {"a": np.array([0.0, 10.0, np.nan]), "b": np.array([20.0, 40.0, 50.0]),
         "c": np.array([30.0, 100.0, np.nan])}
    assert Combination("mean", ("a", "b", "c")).predict(F).tolist() == [50 / 3, 50.0, 50.0]
    assert Combination("median", ("a", "b", "c")).predict(F).tolist() == [20.0, 40.0, 50.0]
    stack = Combination("stack", ("a", "b"), weights=(0.5, 0.5))
    assert stack.predict(F).tolist() == [10.0, 25.0, 50.0]   # b alone where a is missing
