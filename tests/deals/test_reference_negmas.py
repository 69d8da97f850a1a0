"""Accord vs NegMAS 0.16 itself on ANAC 2015 Politics (runs only where NegMAS is installed,
i.e. in .venv-bench): same utilities, same frontier, same Nash point with NegMAS's disagreement
point."""

from __future__ import annotations


import numpy as np
import pytest

from shared_data import needs_shared, shared_path

pytestmark = pytest.mark.reference
POLITICS = shared_path("data", "genius", "anac2015", "group2-politics")


@needs_shared("data/genius/anac2015/group2-politics")
def test_politics_frontier_and_nash_equal_negmas():
    pytest.importorskip("negmas")
    from negmas.inout import Scenario
    from negmas.preferences import ops

    from accord.deals.frontier import pareto_indices
    from accord.deals.solutions import nash
    from accord.deals.space import OutcomeSpace

    ns = Scenario.load(POLITICS, load_stats=False, load_info=False)
    sp = OutcomeSpace.from_genius(POLITICS, normalise=False)   # NegMAS's raw convention
    outcomes = list(ns.outcome_space.enumerate_or_sample())
    pos = [{lab: j for j, lab in enumerate(labels)} for labels in sp.option_labels]
    to_accord = np.array([sp.outcome_index([pos[i][v] for i, v in enumerate(o)])
                          for o in outcomes])
    U = sp.utilities()
    theirs = np.array([[u(o) for o in outcomes] for u in ns.ufuns])
    assert np.array_equal(U[:, to_accord], theirs)
    fu, fi = ops.pareto_frontier(ns.ufuns)
    front = pareto_indices(U)
    assert set(to_accord[list(fi)].tolist()) == set(front.tolist())
    (_, k), = ops.nash_points(ns.ufuns, fu)
    assert nash(U, sp.reservation, disagreement="floor", candidates=front).outcome == \
        to_accord[fi[k]]
