"""Stokman's exchange model: actors trade voting positions — the quid pro quo, computed.

Stokman, F. N. & Van Oosten, R. (1994), "The exchange of voting positions: an object-oriented
model of policy networks", in Bueno de Mesquita & Stokman (eds.), *European Community Decision
Making*, Yale University Press, ch. 5; the Random Rate variant follows Van Assen, Stokman &
Van Oosten (2003), *Rationality and Society* 15(1), and Dijkstra, Van Assen & Stokman (2008),
*J. Conflict Resolution* 52(4). The reference implementation is ``decide-exchange-model``
(foarsitter/decide-exchange-model); this module is an independent re-implementation (each
round's candidates vectorised, the sequential exchanges in plain Python floats) that reproduces
its Equal Gain output up to two documented float-versus-Decimal cases (see
``docs/models/exchange.md`` for these and every other choice).

The outcome of an issue d is the Nash bargaining solution of the expected-utility literature's
weighted mean ("MDS"), O_d = Σ_i c_id s_id x_id / Σ_i c_id s_id. An actor i gains from a move
of O_d towards its position in proportion to s_id. Two actors i, j who sit on opposite sides of
the outcomes on two issues p, q (both left of O on one issue and right on the other, or
left/right on both in opposite ways) can both gain when they value the issues differently:
the actor with the lower s_p/s_q ratio (Y in the code) *supplies* on p (moves towards the other
on p, shifting O_p by Δp) and *demands* on q; its partner X supplies on q (shifting O_q by Δq)
and demands p. X gains Δp·s_Xp − Δq·s_Xq, Y gains Δq·s_Yq − Δp·s_Yp. Equal Gain fixes the rate
so both gain the same, Δp/Δq = (s_Xq + s_Yq)/(s_Xp + s_Yp); Random Rate draws it between the
two break-even rates s_Xq/s_Xp and s_Yq/s_Yp.
Each round every candidate exchange is computed, the most profitable one is carried out, the
exchanges it touches are recomputed, and so on until none is left; voting positions then become
the new outcome, and actors start the next round from a point between their old position and
their vote.

>>> import numpy as np
>>> from accord.scenario.arrays import ScenarioArrays
>>> arrays = ScenarioArrays(("a1", "a2"), ("p1", "p2"), position=np.array([[0., 0.], [100., 100.]]),
...     salience=np.array([[0.10, 0.90], [0.60, 0.50]]), capability=np.ones((2, 2)),
...     has_stance=np.ones((2, 2), bool), low=np.zeros(2), high=np.full(2, 100.))
>>> np.round(weighted_mean(arrays.position, arrays.capability * arrays.salience), 4)
array([85.7143, 35.7143])
>>> res = exchange(arrays, ExchangeParams(rounds=1))
>>> [(e["i"]["actor"], e["i"]["supply_issue"], e["j"]["actor"], e["j"]["supply_issue"])
...  for e in res.details["rounds"][0]["exchanges"]]
[('a2', 'p2', 'a1', 'p1')]
"""

from __future__ import annotations

from accord.models import oracles
from accord.models.base import ModelSpec, Variant, register, weighted_mean  # noqa: F401

from accord.models.exchange.model import (ExchangeParams, equal_gain_rate, exchange,
                                          maximum_gains, nash_bargaining_solution)
from accord.models.exchange.report import describe, summary

__all__ = ["ExchangeParams", "describe", "equal_gain_rate", "exchange", "maximum_gains",
           "nash_bargaining_solution", "summary"]

register(ModelSpec(
    name="exchange", title="Exchange model (Stokman, Equal Gain)", run=exchange,
    params=ExchangeParams,
    reference="Stokman & Van Oosten (1994), in Bueno de Mesquita & Stokman (eds.), European "
              "Community Decision Making, ch. 5; decide-exchange-model",
    iterative=True, in_default_forecast=True,
    # Ties between equal gains are broken by the reference's order, which follows actor order;
    # reordering the actors can change which of two tied exchanges goes first, and so the rest.
    permutation_invariant=False,
    description="Actors trade moves on issues they care little about for moves on issues they "
                "care much about; the forecast is the weighted mean of the final votes.",
    variants=(Variant("random-rate", {"variant": "random-rate"}, stochastic=True),
              Variant("random-tie", {"tie_break": "random"}, stochastic=True)),
    # Positions are rescaled to 0–100 and only ratios of c·s enter; salience also enters alone
    # (the pull towards the vote, 1 − s; gains compared with a fixed 1e-10).
    scale_invariance=("units", "capability"), oracle=oracles.EXCHANGE,
))
