"""Pareto frontier against a brute-force definition, and the zone of agreement's diagnosis."""

from __future__ import annotations

import numpy as np
import pytest

import accord.deals.frontier as fr
from accord.deals.frontier import pareto_mask, zone_of_agreement


def brute_force_mask(U):
    """The definition, O(N²): j is dominated if some k is ≥ everywhere and > somewhere."""
    N = U.shape[1]
    keep = np.ones(N, dtype=bool)
    for j in range(N):
        for k in range(N):
            if np.all(U[:, k] >= U[:, j]) and np.any(U[:, k] > U[:, j]):
                keep[j] = False
                break
    return keep


@pytest.mark.parametrize("P", [2, 3, 4])
def test_frontier_equals_the_definition(P, monkeypatch):
    monkeypatch.setattr(fr, "BLOCK", 8)  # exercise the block sweep on small inputs
    rng = np.random.default_rng(P)
    for trial in range(12):
        N = int(rng.integers(1, 160))
        # integer grids give many ties and duplicates, floats give general position
        U = rng.integers(0, 5, (P, N)).astype(float) if trial % 2 else rng.random((P, N))
        assert np.array_equal(pareto_mask(U), brute_force_mask(U)), (P, trial)


def test_duplicates_are_both_kept_and_dominated_ties_removed():
    U = np.array([[1.0, 1.0, 1.0, 0.5],
                  [0.5, 0.5, 0.4, 0.5]])
    assert pareto_mask(U).tolist() == [True, True, False, False]


def test_large_three_party_frontier_matches_a_slow_sweep():
    rng = np.random.default_rng(7)
    U = rng.random((3, 3000)) ** 0.3
    fast = pareto_mask(U)
    # the slow way: vectorised per point
    slow = np.array([not np.any(np.all(U >= U[:, [j]], axis=0) & np.any(U > U[:, [j]], axis=0))
                     for j in range(U.shape[1])])
    assert np.array_equal(fast, slow)


def test_zone_names_the_party_no_outcome_satisfies():
    U = np.array([[0.9, 0.1, 0.5], [0.2, 0.8, 0.5], [0.3, 0.3, 0.3]])
    z = zone_of_agreement(U, [0.1, 0.1, 0.4])
    assert z.is_empty and z.blocking_parties == (2,)
    assert "C's reservation 0.4" in z.explanation(["A", "B", "C"])


def test_zone_names_the_pair_that_cannot_both_be_satisfied():
    U = np.array([[0.9, 0.1, 0.5], [0.2, 0.8, 0.5], [0.6, 0.6, 0.6]])
    z = zone_of_agreement(U, [0.6, 0.6, 0.0])
    assert z.is_empty and z.blocking_parties == () and z.blocking_pairs == ((0, 1),)


def test_zone_names_a_group_of_three_when_every_pair_can_agree():
    # each pair is satisfied by one outcome, never all three
    U = np.array([[1, 1, 0], [1, 0, 1], [0, 1, 1]], dtype=float)
    z = zone_of_agreement(U, [1, 1, 1])
    assert z.is_empty and not z.blocking_pairs and z.blocking_group == (0, 1, 2)
    z = zone_of_agreement(U, [0, 0, 0])
    assert z.size == 3 and "3 of 3" in z.explanation(["A", "B", "C"])


def test_block_scan_equals_the_whole_array(monkeypatch):
    import accord.deals.space as space_mod
    from accord.deals.frontier import scan_space
    from accord.deals.solutions import analyse
    from accord.deals.space import OutcomeSpace

    rng = np.random.default_rng(5)
    n = (5, 4, 6, 3)
    sp = OutcomeSpace(("a", "b", "c"), ("w", "x", "y", "z"),
                      tuple(tuple(str(j) for j in range(k)) for k in n), np.array(n),
                      rng.dirichlet(np.ones(4), 3), tuple(rng.random((3, k)) for k in n),
                      np.array([0.45, 0.5, 0.4]))
    U = sp.utilities()
    whole = analyse(sp)
    assert np.array_equal(whole.frontier, np.flatnonzero(brute_force_mask(U)))
    for chunk in (7, 50):
        monkeypatch.setattr(space_mod, "CHUNK", chunk)
        part = analyse(sp)
        assert np.array_equal(part.frontier, whole.frontier)
        assert np.array_equal(part.zone.mask, whole.zone.mask)
        assert {k: s.outcome for k, s in part.solutions.items()} == \
            {k: s.outcome for k, s in whole.solutions.items()}
        blocked = scan_space(sp.with_reservation([0.8, 0.8, 0.8]), chunk=chunk).zone
        assert blocked.is_empty and blocked.blocking_pairs == \
            zone_of_agreement(U, [0.8, 0.8, 0.8]).blocking_pairs
