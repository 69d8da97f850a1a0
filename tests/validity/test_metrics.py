"""Error measures and the cluster bootstrap, against hand calculations written out here."""

from __future__ import annotations

import math

import numpy as np
import pytest

from accord.validity.metrics import bootstrap_difference, error_summary


def test_error_summary_by_hand():
    # errors 10, 10, 0, 25 (the NaN forecast is not scored)
    f = np.array([10.0, 60.0, 30.0, 75.0, np.nan])
    o = np.array([0.0, 50.0, 30.0, 50.0, 20.0])
    s = error_summary(f, o)
    assert s["n"] == 4
    assert s["mae"] == pytest.approx(45 / 4)
    assert s["median_ae"] == pytest.approx(10.0)
    assert s["rmse"] == pytest.approx(math.sqrt((100 + 100 + 0 + 625) / 4))
    assert s["within_5"] == pytest.approx(1 / 4)
    assert s["within_10"] == pytest.approx(3 / 4)
    assert error_summary(np.array([np.nan]), np.array([1.0]))["mae"] is None


def test_cluster_bootstrap_by_hand():
    # Cluster A: both issues 2 points better than the reference; cluster B: equal. Resampling
    # two clusters gives AA (p = 1/4, Δ = −2), AB or BA (1/2, −1), BB (1/4, 0): the 2.5 % and
    # 97.5 % quantiles are −2 and 0; the difference itself is −1.
    e = np.array([1.0, 3.0, 5.0, 5.0])
    ref = np.array([3.0, 5.0, 5.0, 5.0])
    d = bootstrap_difference(e, ref, np.array(["A", "A", "B", "B"]), resamples=4000, seed=1)
    assert (d["n"], d["clusters"], d["difference"]) == (4, 2, -1.0)
    assert (d["low"], d["high"]) == (-2.0, 0.0)


def test_bootstrap_pairs_issues_and_weights_clusters_by_size():
    # Only issues both forecast count; a drawn cluster brings all its issues.
    e = np.array([0.0, 0.0, 0.0, np.nan])
    ref = np.array([3.0, 3.0, 0.0, 9.0])
    d = bootstrap_difference(e, ref, np.array([0, 0, 1, 1]), resamples=4000, seed=2)
    assert (d["n"], d["clusters"]) == (3, 2)
    assert d["difference"] == pytest.approx(-2.0)
    # AA → −3, BB → 0, AB → (−6 + 0) / 3 = −2
    assert (d["low"], d["high"]) == (-3.0, 0.0)
    one = bootstrap_difference(e, ref, np.zeros(4))
    assert one["low"] is None and one["difference"] == pytest.approx(-2.0)
