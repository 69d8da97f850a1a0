"""The numbers from outside Accord's code that each built-in model reproduces (its oracle).

Each :class:`~accord.models.base.Oracle` is named on its model's
:class:`~accord.models.base.ModelSpec` and run by :func:`accord.models.checks.check_oracle`:
a published table, a reference implementation's output, or a hand calculation written out
here. The inputs are small enough to ship; larger oracles (KTAB's full logs, decide's runs on
COP21) stay in the test suite, which reads them from ``../shared``.

>>> [round(v, 5) for v in SMP.expected[:2]]
[43.2, 43.3]
"""

from __future__ import annotations

import numpy as np

from accord.models.base import Oracle
from accord.scenario.arrays import ScenarioArrays


def ec_emissions() -> ScenarioArrays:
    """Bueno de Mesquita's EC car-emissions case (1994), as the built-in scenario has it."""
    from accord.scenario.builtin import load_builtin

    return load_builtin("ec-emissions-1994").to_arrays()


def _one_issue(position, weight) -> ScenarioArrays:
    """Actors on one 0–100 issue with salience 1 and the given capabilities."""
    n = len(position)
    return ScenarioArrays(tuple(f"a{k}" for k in range(n)), ("x",),
                          np.asarray(position, dtype=float)[:, None], np.ones((n, 1)),
                          np.asarray(weight, dtype=float)[:, None], np.ones((n, 1), bool),
                          np.array([0.0]), np.array([100.0]))


def _nash_two_actors() -> float:
    # Actors at 0 and 100 with weights 2 and 1, quadratic loss: maximise
    # 2·log(1 − t²) + log(1 − (1 − t)²) over t = x/100 ∈ [0, 1]. First-order condition:
    # (1 − t)²(1 + t) = 2t²(2 − t)  ⇔  3t³ − 5t² − t + 1 = 0, whose one root in (0, 1) is the
    # solution (t ≈ 0.3949).
    roots = np.roots([3.0, -5.0, -1.0, 1.0])
    (t,) = [r.real for r in roots if abs(r.imag) < 1e-12 and 0 < r.real < 1]
    return 100.0 * t


def decide_two_by_two() -> ScenarioArrays:
    """decide-exchange-model's 2 × 2 test case (its tests/test_rex.py; models.md §3)."""
    return ScenarioArrays(("A1", "A2"), ("issue1", "issue2"),
                          position=np.array([[0.0, 0.0], [100.0, 100.0]]),
                          salience=np.array([[0.10, 0.90], [0.60, 0.50]]),
                          capability=np.ones((2, 2)), has_stance=np.ones((2, 2), bool),
                          low=np.zeros(2), high=np.full(2, 100.0))


# KTAB's SOE-Pol-Comp scenario (KTAB, KAPSARC, MIT licence: examples/smp/doc/SOE-Pol-Comp.csv;
# Efird, Lester & Wise 2016): capability, then (position, salience in %) on Policy and on
# Competitive, as KTAB's CSV reader reads them.
_SOE = {
    "XJ": (100.0, 30, 24.0, 20, 48.0), "LK": (60.2, 45, 44.7, 65, 41.3),
    "ZG": (35.0, 30, 28.9, 15, 65.1), "MK": (35.0, 45, 20.6, 45, 49.4),
    "LH": (40.0, 50, 44.7, 65, 47.8), "XS": (20.0, 15, 32.0, 10, 32.0),
    "NEA": (15.0, 20, 32.0, 15, 32.0), "MLR": (25.0, 60, 43.9, 50, 50.1),
    "MEP": (20.0, 30, 26.4, 15, 17.6), "MOF": (35.0, 45, 35.9, 40, 46.6),
    "SHX": (20.0, 50, 44.7, 50, 47.8), "HLJ": (20.0, 20, 47.4, 30, 40.6),
    "WY": (40.0, 15, 49.0, 60, 46.0),
}
# research/models.md §4 (KTAB's reference log 20170530_ref-SOE-Pol-Comp.txt): final positions
# after 28 states, Policy/Competitive, printed to one decimal.
_SOE_FINAL = {
    "XJ": (43.2, 43.3), "LK": (43.2, 43.3), "ZG": (38.7, 28.8), "MK": (38.6, 28.8),
    "LH": (38.7, 28.8), "XS": (38.6, 29.5), "NEA": (38.7, 29.0), "MLR": (38.7, 29.0),
    "MEP": (38.7, 28.9), "MOF": (38.8, 30.7), "SHX": (38.8, 30.8), "HLJ": (38.8, 30.8),
    "WY": (15.0, 60.0),
}


def ktab_soe_pol_comp() -> ScenarioArrays:
    rows = np.array(list(_SOE.values()))
    n = len(rows)
    return ScenarioArrays(tuple(_SOE), ("Policy_Position", "Competitive_Position"),
                          position=rows[:, [1, 3]], salience=rows[:, [2, 4]] / 100.0,
                          capability=np.repeat(rows[:, :1], 2, axis=1),
                          has_stance=np.ones((n, 2), bool), low=np.zeros(2),
                          high=np.full(2, 100.0))


def _final_positions(result) -> np.ndarray:
    return result.rounds.positions[-1].reshape(-1)


def _medians_after_each_round(result) -> np.ndarray:
    return result.rounds.median[1:, 0]


def _trade_and_forecast(result) -> np.ndarray:
    (e,) = result.details["rounds"][0]["exchanges"]
    return np.array([e["i"]["to"], e["j"]["to"], e["i"]["gain"], e["j"]["gain"],
                     *result.forecast])


COMPROMISE = Oracle(
    source="research/models.md §1: EC car-emissions weighted mean 7.38996 (Bueno de "
           "Mesquita 1994's data)",
    arrays=ec_emissions, expected=[7.38996], atol=5e-6)

MEDIAN = Oracle(
    source="research/models.md §1: EC car-emissions weighted median 7.0; by hand, the weight "
           "at 4 years (.248) is below half of .677 and with the 7-year block (.341) above it",
    arrays=ec_emissions, expected=[7.0], atol=0.0)

NASH = Oracle(
    source="hand calculation: two actors at 0 and 100 with weights 2 and 1 under quadratic "
           "loss meet at the root in (0, 1) of 3t³ − 5t² − t + 1 = 0 (t ≈ 0.3949)",
    arrays=lambda: _one_issue([0.0, 100.0], [2.0, 1.0]), expected=[_nash_two_actors()],
    atol=1e-9)

EUM = Oracle(
    source="research/models.md §2: jmckib/bdm-scholz-expected-utility-model's median after "
           "each of 10 rounds on the EC case (Scholz et al. 2011's choices, capitulation as in "
           "that replication)",
    arrays=ec_emissions, params={"capitulation": "replication", "rounds": 10},
    select=_medians_after_each_round,
    expected=[8.416, 9.611, 9.962, 9.962, 9.962, 7.472, 8.825, 9.671, 9.671, 7.0], atol=5e-4)

EXCHANGE = Oracle(
    source="decide-exchange-model's 2 × 2 test (models.md §3), worked by hand: at the equal-gain "
           "rate (0.5 + 0.9)/(0.6 + 0.1) = 2, A1's full move to 100 on issue 1 buys A2's move "
           "from 100 to 80 on issue 2; both gain 5; the votes' weighted means are 100 and "
           "0.5·80/1.4 = 200/7",
    arrays=decide_two_by_two, params={"rounds": 1}, select=_trade_and_forecast,
    expected=[80.0, 100.0, 5.0, 5.0, 100.0, 200.0 / 7.0], atol=1e-9)

SMP = Oracle(
    source="research/models.md §4: KTAB's reference log for SOE-Pol-Comp (default parameters, "
           "KTAB's seed), every actor's final position on both dimensions to one decimal",
    arrays=ktab_soe_pol_comp, select=_final_positions,
    expected=[v for pair in _SOE_FINAL.values() for v in pair], atol=0.05 + 1e-9)


# --- status-quo models (hand calculations; tests/models/test_status_quo.py writes them out) ---

def _two_veto_players() -> ScenarioArrays:
    """Veto players at 20 and 60 (equal weights) and the status quo at 0: a prefers (0, 40),
    b prefers (0, 120), so W(SQ) = (0, 40)."""
    return ScenarioArrays(("a", "b"), ("x",), np.array([[20.0], [60.0]]), np.ones((2, 1)),
                          np.ones((2, 1)), np.ones((2, 1), bool), np.array([0.0]),
                          np.array([100.0]), status_quo=np.array([0.0]))


def _voters_and_setter(sq: float) -> ScenarioArrays:
    """Voters at 20, 50, 80 under simple majority (pivot 50) and a non-voting setter at 70."""
    from accord.scenario.arrays import SIMPLE_MAJORITY, RuleArrays

    rule = RuleArrays(np.array([SIMPLE_MAJORITY], np.int8), np.zeros((1, 4), bool),
                      np.array([[1.0, 1.0, 1.0, 0.0]]), np.array([0.5]), np.array([True]),
                      np.array([0]), np.array([3]))
    return ScenarioArrays(("v0", "v1", "v2", "setter"), ("x",),
                          np.array([[20.0], [50.0], [80.0], [70.0]]), np.ones((4, 1)),
                          np.ones((4, 1)), np.ones((4, 1), bool), np.array([0.0]),
                          np.array([100.0]), status_quo=np.array([float(sq)]), rule=rule)


VETO_PLAYERS = Oracle(
    source="hand calculation (Tsebelis 2002): W(0) = (0, 40) for veto players at 20 and 60; "
           "their weighted mean 40 lies at its edge",
    arrays=_two_veto_players, expected=[40.0])

AGENDA_SETTER = Oracle(
    source="Romer & Rosenthal (1978) by formula: pivot m = 50, setter s = 70, q = 40 → "
           "min(s, 2m − q) = 60",
    arrays=lambda: _voters_and_setter(40.0), expected=[60.0])

COMPROMISE_SQ = Oracle(
    source="hand calculation: Nash bargaining with disagreement point SQ = 0 for actors at 20 "
           "and 60, quadratic loss: 2/x = 1/(40 − x) + 1/(120 − x), x = 60 − √1200",
    arrays=_two_veto_players, expected=[60.0 - float(np.sqrt(1200.0))])
