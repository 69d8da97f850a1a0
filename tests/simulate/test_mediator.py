"""The single-text mediator: hand-checked small cases and the voting rule on random spaces."""

from __future__ import annotations

import numpy as np

from accord.deals.space import OutcomeSpace
from accord.simulate import simulate, simulate_batch, strategy_profiles


def test_shared_interest_is_found_in_two_rounds():
    """Both parties value option a at 1 and b at 0. Starting from text b: in round 1 nobody signs
    b (worth 0 < targets ≈ 1 − 1/11); the only variation is a, which both vote for (it makes
    neither worse off), so the text moves to a. In round 2 a (worth 1) meets both targets:
    agreement on a in round 2."""
    sp = OutcomeSpace.from_tables({"x": ["a", "b"]}, {"P": {"x": [1.0, 0.0]},
                                                     "Q": {"x": [1.0, 0.0]}})
    r = simulate_batch(sp, [["linear", "linear"]], rounds=10, protocol="mediator", start=1,
                       candidates=1)
    assert r.agreement.tolist() == [0] and (r.trace.end_round + 1).tolist() == [2]
    assert r.trace.table[0, :2].tolist() == [0, 0]


def test_opposed_pie_meets_where_both_targets_allow():
    """Pie with 11 options (A values k/10, B 1 − k/10), both linear, 20 rounds, first text 0 (all
    to B); t_s = (s + 1)/21 in 0-based round s, both targets 1 − t_s, tolerance 1e-4.

    Signing the text k: A iff k/10 ≥ 1 − t_s − 1e-4, B iff k ≤ 10 t_s + 0.001.
    Voting on a variation j: A votes yes iff j ≥ k or A would sign j; B iff j ≤ k or B would
    sign j. So the unanimous moves up are to j ≤ ⌊10 t_s + 0.001⌋; among them the mediator takes
    the one that most reduces A's shortfall (B's is 0 there): the largest, j = ⌊10 t_s + 0.001⌋
    (32 random drafts per round over 10 alternatives include it here). The text after round s is
    therefore ⌊10 (s + 1)/21⌋: 0,0,1,1,2,2,3,3,4,4,5 for s = 0..10.
    Round 11 (s = 10) begins with text 4: A needs 0.4 ≥ 1 − 11/21 = 0.476 — no.
    Round 12 (s = 11) begins with text 5: A 0.5 ≥ 1 − 12/21 = 0.429, B 5 ≤ 5.714 — both sign.
    Agreement on 5 in round 12 (one round after the alternating-offers deal: the mediator's
    text is signed the round after it is drafted).
    """
    n = 10
    sp = OutcomeSpace.from_tables({"share": [str(k) for k in range(n + 1)]},
                                  {"A": {"share": [k / n for k in range(n + 1)]},
                                   "B": {"share": [1 - k / n for k in range(n + 1)]}})
    r = simulate_batch(sp, [["linear", "linear"]], rounds=20, protocol="mediator", start=0,
                       candidates=32, seeds=1)
    assert r.agreement.tolist() == [5]
    assert (r.trace.end_round + 1).tolist() == [12]
    assert r.trace.table[0, :11].tolist() == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5]


def test_votes_and_agreements_respect_every_party():
    """On random spaces: each move of the text is one every party voted for (not worse for it,
    or still at its target) and changes one or two issues; agreements meet every reservation."""
    rng = np.random.default_rng(0)
    moved_two = 0
    for trial in range(3):
        n = [4, 3, 5, 4]
        sp = OutcomeSpace(("a", "b", "c"), tuple(f"i{k}" for k in range(4)),
                          tuple(tuple(str(j) for j in range(k)) for k in n), np.array(n),
                          rng.dirichlet(np.ones(4), 3), tuple(rng.random((3, k)) for k in n),
                          rng.uniform(0.2, 0.5, 3))
        profiles = strategy_profiles(["boulware", "linear", "conceder"], 3)
        r = simulate_batch(sp, profiles, rounds=60, protocol="mediator",
                           seeds=np.arange(len(profiles)) + 100 * trial)
        U = sp.utilities()
        tr = r.trace
        for b in range(len(profiles)):
            end = int(tr.end_round[b])
            prev = None
            for s in range(end + 1):
                text = int(tr.table[b, s])
                if prev is not None and text != prev:
                    lower = np.maximum(tr.targets[b, s] - 1e-4, r.reservation[b])
                    assert np.all((U[:, text] >= U[:, prev]) | (U[:, text] >= lower))
                    changed = (sp.option_indices(text) != sp.option_indices(prev)).sum()
                    assert 1 <= changed <= 2
                    moved_two += changed == 2
                prev = text
        ok = r.agreed
        assert np.all(U[:, r.agreement[ok]].T >= r.reservation[ok] - 1e-12)
    assert ok.any() and moved_two > 0


def test_mediator_on_the_builtin_scenario_runs():
    sim = simulate("ukraine-talks-2026-01", protocol="mediator", rounds=40, seed=2)
    d = sim.to_dict()
    assert d["protocol"] == "mediator" and len(d["history"]) == d["rounds_played"]
    assert all(set(row) >= {"signers", "targets", "on_table"} for row in d["history"])
