"""Simulation benchmark: Accord's batched alternating offers vs NegMAS 0.16's ``SAOMechanism``.

Run with the benchmark venv (NegMAS is AGPL and lives only there):

    .venv-bench/bin/python benchmarks/bench_simulate.py [N_ACCORD] [N_NEGMAS]

The workload: N_ACCORD = 1,000 three-party, 100-round stacked-alternating-offers negotiations on
a 4-issue domain — ANAC 2015 "zoning plan" (group4), its first three profiles (4 issues,
7·4·4·4 = 448 outcomes, GENIUS semantics) — cycling through the 27 profiles of Boulware / linear
/ conceder time-based agents, with each negotiation's reservation values drawn uniformly from
[0, 0.5] (seed 2026), so strategies and parameters vary across the batch.

NegMAS runs the first N_NEGMAS = 50 of the same negotiations one by one (``BoulwareTBNegotiator``
etc. in an ``SAOMechanism`` with ``n_steps=100``; utility functions built before the clock
starts); its per-negotiation time is the mean over those, and its time for the whole workload is
that mean × N_ACCORD (an extrapolation: NegMAS negotiations are independent Python runs, so time
grows linearly). Accord's time is one ``simulate_batch`` call over all N_ACCORD negotiations,
including the look-up tables, the Pareto frontier and the per-negotiation distances to it and to
the Nash point (best of 3). Accord run one negotiation at a time (B = 1, prebuilt tables) is
shown too. Both sides' results on the shared negotiations are compared (agreement rate, mean
utilities, identical agreements) so the times are for the same work.

Target: Accord (batched) at least 30× faster per negotiation than NegMAS.
"""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ZONING = Path("/work/shared/data/genius/anac2015/group4-zoning_plan")
NAMES = ("boulware", "linear", "conceder")
TARGET = 30.0


def three_party_space():
    from accord.deals.space import OutcomeSpace

    full = OutcomeSpace.from_genius(ZONING)
    keep = slice(0, 3)
    return replace(full, party_ids=full.party_ids[keep], weights=full.weights[keep],
                   values=tuple(v[keep] for v in full.values), reservation=full.reservation[keep],
                   provenance={p: full.provenance.get(p, "") for p in full.party_ids[keep]})


def workload(space, n: int):
    from accord.simulate import strategy_profiles

    profiles = strategy_profiles(NAMES, space.n_parties)
    strategies = [profiles[b % len(profiles)] for b in range(n)]
    reservation = np.random.default_rng(2026).uniform(0.0, 0.5, size=(n, space.n_parties))
    return strategies, reservation


def run_accord(space, strategies, reservation):
    from accord.simulate import simulate_batch

    return simulate_batch(space, strategies, rounds=100, reservation=reservation)


def run_negmas(space, strategies, reservation):
    from negmas.gb.negotiators.timebased import (BoulwareTBNegotiator, ConcederTBNegotiator,
                                                 LinearTBNegotiator)
    from negmas.outcomes import make_issue, make_os
    from negmas.preferences import LinearAdditiveUtilityFunction
    from negmas.sao import SAOMechanism

    kinds = {"boulware": BoulwareTBNegotiator, "linear": LinearTBNegotiator,
             "conceder": ConcederTBNegotiator}
    os_ = make_os([make_issue(list(labels), name=iid)
                   for iid, labels in zip(space.issue_ids, space.option_labels)])
    pos = [{lab: j for j, lab in enumerate(labels)} for labels in space.option_labels]
    vals = [[{lab: float(space.values[i][p, j]) for j, lab in enumerate(space.option_labels[i])}
             for i in range(space.n_issues)] for p in range(space.n_parties)]
    ufun_sets = [[LinearAdditiveUtilityFunction(values=vals[p],
                                                weights=[float(w) for w in space.weights[p]],
                                                outcome_space=os_,
                                                reserved_value=float(reservation[b, p]))
                  for p in range(space.n_parties)] for b in range(len(strategies))]
    agreements, times = [], []
    for profile, ufuns in zip(strategies, ufun_sets):
        t = time.perf_counter()
        m = SAOMechanism(outcome_space=os_, n_steps=100)
        for name, u in zip(profile, ufuns):
            m.add(kinds[name](), ufun=u)
        state = m.run()
        times.append(time.perf_counter() - t)
        a = state.agreement
        agreements.append(-1 if a is None else
                          space.outcome_index([pos[i][v] for i, v in enumerate(a)]))
    return np.array(agreements), np.array(times)


def main(n_accord: int = 1000, n_negmas: int = 50) -> None:
    import warnings

    space = three_party_space()
    strategies, reservation = workload(space, n_accord)
    print(f"domain: zoning plan (ANAC 2015), parties {', '.join(space.party_ids)}; "
          f"{space.n_issues} issues, {space.n_outcomes} outcomes; 100 rounds")

    run_accord(space, strategies[:10], reservation[:10])          # warm-up (imports)
    acc_times = []
    for _ in range(3):
        t = time.perf_counter()
        res = run_accord(space, strategies, reservation)
        acc_times.append(time.perf_counter() - t)
    t_acc = min(acc_times)
    per_acc = t_acc / n_accord

    from accord.simulate import simulate_batch
    from accord.simulate.interventions import Schedule

    sched = Schedule.build(space)
    t = time.perf_counter()
    singles = [simulate_batch(space, [strategies[b]], rounds=100, reservation=reservation[b],
                              schedule=sched) for b in range(n_negmas)]
    per_single = (time.perf_counter() - t) / n_negmas
    assert all(int(s.agreement[0]) == int(res.agreement[b]) for b, s in enumerate(singles))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs, neg_times = run_negmas(space, strategies[:n_negmas], reservation[:n_negmas])
    per_neg = float(neg_times.mean())

    U = space.utilities()
    ours = res.agreement[:n_negmas]
    ok_t, ok_o = theirs >= 0, ours >= 0
    print(f"\nresults on the {n_negmas} shared negotiations: agreement rate NegMAS "
          f"{ok_t.mean():.3f}, Accord {ok_o.mean():.3f}; identical agreements "
          f"{int((theirs == ours).sum())}/{n_negmas}")
    if ok_t.any() and ok_o.any():
        print(f"  mean utilities NegMAS {U[:, theirs[ok_t]].mean(axis=1).round(3).tolist()}, "
              f"Accord {U[:, ours[ok_o]].mean(axis=1).round(3).tolist()}")
    s = res.summary()
    print(f"Accord over all {n_accord}: agreement rate {s['agreement_rate']:.3f}, mean rounds "
          f"{s['mean_rounds']:.1f}, mean distance to the frontier "
          f"{s['mean_pareto_distance']:.4f}, to Nash {s['mean_nash_distance']:.4f}")

    print(f"\nNegMAS: {per_neg * 1e3:.1f} ms per negotiation (mean of {n_negmas}; min "
          f"{neg_times.min() * 1e3:.1f}, max {neg_times.max() * 1e3:.1f}); "
          f"{n_accord} would take {per_neg * n_accord:.1f} s (extrapolated)")
    print(f"Accord, batched: {t_acc:.3f} s for {n_accord} = {per_acc * 1e3:.3f} ms per "
          f"negotiation (best of 3: {', '.join(f'{x:.3f}' for x in acc_times)} s)")
    print(f"Accord, one at a time (B = 1): {per_single * 1e3:.2f} ms per negotiation")
    ratio = per_neg / per_acc
    print(f"ratio (NegMAS / Accord batched): {ratio:.0f}×; one at a time: "
          f"{per_neg / per_single:.1f}×; target ≥ {TARGET:.0f}×: "
          f"{'met' if ratio >= TARGET else 'MISSED'}")


if __name__ == "__main__":
    args = [int(x) for x in sys.argv[1:3]]
    main(*args)
