"""Deal-space benchmark: Accord vs NegMAS 0.16 on ANAC 2015 "Politics", and a 10⁶-outcome space.

Run with the benchmark venv (NegMAS is AGPL and lives only there):

    .venv-bench/bin/python benchmarks/bench_deals.py

Part 1 — a synthetic 3-party space of 10⁶ outcomes (6 issues × 10 options, random additive
utilities, reservations 0.3): utilities, Pareto frontier, zone of agreement and the four
solutions; time, and peak memory (tracemalloc peak of NumPy allocations, and the process's
peak RSS), measured before NegMAS is imported.

Part 2 — Politics (3 parties, 8 issues, 23,040 outcomes), same run, same machine, under both
utility conventions, each with *identical* utility functions on both sides:

- raw: NegMAS's own ``Scenario.load`` (raw evaluations) vs ``OutcomeSpace.from_genius(folder,
  normalise=False)``;
- GENIUS: Accord's GENIUS-normalised space vs NegMAS ``LinearAdditiveUtilityFunction`` objects
  built from the same option values and weights.

For NegMAS two paths are timed: ``calc_scenario_stats`` (the path that filters by reservation
first, so its Nash point is right) and the bare ``pareto_frontier`` + ``nash_points`` +
``ks_points`` + ``kalai_points``. Accord's time is ``analyse(space)`` (utilities, frontier, zone,
Nash, Kalai–Smorodinsky, egalitarian, utilitarian) from parsed files. The frontiers must be the
same outcome sets, and Accord's Nash point with NegMAS's disagreement point (``"floor"``) must be
NegMAS's.
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

POLITICS = Path("/work/shared/data/genius/anac2015/group2-politics")


def best_of(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def synthetic() -> None:
    from accord.deals.solutions import analyse
    from accord.deals.space import OutcomeSpace

    rng = np.random.default_rng(2026)
    n = [10] * 6
    P = 3
    space = OutcomeSpace(
        tuple(f"p{k}" for k in range(P)), tuple(f"i{k}" for k in range(len(n))),
        tuple(tuple(str(j) for j in range(k)) for k in n), np.array(n),
        rng.dirichlet(np.ones(len(n)), P), tuple(rng.random((P, k)) for k in n),
        np.full(P, 0.3))
    rss0 = peak_rss_mib()
    tracemalloc.start()
    t = time.perf_counter()
    analyse(space)
    elapsed = time.perf_counter() - t
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # a second, untraced run for the time (tracemalloc slows allocation down)
    elapsed2, a2 = best_of(lambda: analyse(space), 3)
    print(f"synthetic: {space.n_outcomes:,} outcomes, {P} parties, {len(n)} issues")
    print(f"  analyse(): {elapsed2:.3f} s (best of 3; {elapsed:.3f} s under tracemalloc)")
    print(f"  frontier {a2.frontier.size}, zone {a2.zone.size}, acceptable frontier "
          f"{a2.acceptable_frontier.size}; Nash outcome {a2.solutions['nash'].outcome}")
    print(f"  peak traced memory {peak / 2**20:.1f} MiB; process peak RSS {peak_rss_mib():.0f} MiB "
          f"(was {rss0:.0f} MiB before)")
    assert elapsed2 < 5.0 and peak < 2 * 2**30, "synthetic target missed"


def negmas_ufuns_from(space, outcome_space):
    from negmas.preferences import LinearAdditiveUtilityFunction

    ufuns = []
    for p in range(space.n_parties):
        vals = [{lab: float(space.values[i][p, j]) for j, lab in enumerate(space.option_labels[i])}
                for i in range(space.n_issues)]
        ufuns.append(LinearAdditiveUtilityFunction(
            values=vals, weights=[float(w) for w in space.weights[p]],
            outcome_space=outcome_space, reserved_value=float(space.reservation[p])))
    return ufuns


def politics() -> None:
    from negmas.inout import Scenario
    from negmas.preferences import ops

    from accord.deals.solutions import analyse, egalitarian, kalai_smorodinsky, nash
    from accord.deals.space import OutcomeSpace

    ns = Scenario.load(POLITICS, load_stats=False, load_info=False)
    outcomes = list(ns.outcome_space.enumerate_or_sample())
    for convention in ("raw", "genius"):
        space = OutcomeSpace.from_genius(POLITICS, normalise=(convention == "genius"))
        ufuns = (list(ns.ufuns) if convention == "raw"
                 else negmas_ufuns_from(space, ns.outcome_space))
        # map NegMAS's outcome order to Accord's outcome indices
        pos = [{lab: j for j, lab in enumerate(labels)} for labels in space.option_labels]
        to_accord = np.array([space.outcome_index([pos[i][v] for i, v in enumerate(o)])
                              for o in outcomes])
        U = space.utilities()
        same_u = max(abs(ufuns[p](outcomes[k]) - U[p, to_accord[k]])
                     for p in range(3) for k in range(0, len(outcomes), 97))

        # the closures below are timed within the iteration that defines them
        t_acc, a = best_of(lambda: analyse(space), 7)  # noqa: B023
        t_load, _ = best_of(lambda: analyse(OutcomeSpace.from_genius(  # noqa: B023
            POLITICS, normalise=(convention == "genius"))), 3)  # noqa: B023

        stats_times = []
        for _ in range(3):
            t = time.perf_counter()
            st = ops.calc_scenario_stats(ufuns)
            stats_times.append(time.perf_counter() - t)
        t_stats = statistics.median(stats_times)

        def bare():
            fu, fi = ops.pareto_frontier(ufuns)  # noqa: B023
            return (fu, fi, ops.nash_points(ufuns, fu), ops.ks_points(ufuns, fu),  # noqa: B023
                    ops.kalai_points(ufuns, fu))  # noqa: B023
        bare_times = []
        for _ in range(3):
            t = time.perf_counter()
            fu, fi, nn, nks, nk = bare()
            bare_times.append(time.perf_counter() - t)
        t_bare = statistics.median(bare_times)

        neg_front = set(int(x) for x in to_accord[list(fi)])
        acc_front = set(int(x) for x in a.frontier)
        nash_floor = nash(U, space.reservation, disagreement="floor", candidates=a.frontier)
        neg_nash = {int(to_accord[fi[k]]) for _, k in nn}  # indices into the frontier
        print(f"\nPolitics, {convention} convention: {space.n_outcomes:,} outcomes, 3 parties "
              f"(max |u_NegMAS − u_Accord| on every 97th outcome: {same_u:.1e})")
        print(f"  Accord analyse(): {t_acc * 1e3:.1f} ms (best of 7); with XML parsing "
              f"{t_load * 1e3:.1f} ms")
        print(f"  NegMAS calc_scenario_stats: {t_stats:.3f} s (median of 3)  → ratio "
              f"{t_stats / t_acc:.0f}×")
        print(f"  NegMAS pareto_frontier + nash/ks/kalai points: {t_bare:.3f} s (median of 3)  → "
              f"ratio {t_bare / t_acc:.0f}×")
        print(f"  frontier: Accord {len(acc_front)}, NegMAS {len(neg_front)} "
              f"(calc_scenario_stats {len(st.pareto_utils)}); identical: {acc_front == neg_front}")
        print(f"  Nash (disagreement = max(reservation, min utility), NegMAS's): Accord "
              f"{nash_floor.outcome}, NegMAS {sorted(neg_nash)}; same: "
              f"{nash_floor.outcome in neg_nash}")
        sol = a.solutions
        print("  Accord (disagreement = reservation): Nash {}, KS {}, egalitarian {}, "
              "utilitarian {}".format(*(sol[k].outcome for k in
                                        ("nash", "kalai_smorodinsky", "egalitarian",
                                         "utilitarian"))))
        print(f"  NegMAS: ks_points {[int(to_accord[fi[k]]) for _, k in nks]}, kalai_points "
              f"{[int(to_accord[fi[k]]) for _, k in nk]}")
        ks_floor = kalai_smorodinsky(U, space.reservation, disagreement="floor",
                                     candidates=a.frontier)
        eg_floor = egalitarian(U, space.reservation, disagreement="floor", candidates=a.frontier)
        print(f"  Accord with NegMAS's disagreement point: KS {ks_floor.outcome}, egalitarian "
              f"{eg_floor.outcome}")
    print(f"\nprocess peak RSS {peak_rss_mib():.0f} MiB")


if __name__ == "__main__":
    synthetic()
    try:
        import negmas  # noqa: F401
    except ImportError:
        print("NegMAS is not installed here; run with .venv-bench/bin/python", file=sys.stderr)
        sys.exit(1)
    politics()
