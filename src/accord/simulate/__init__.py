"""Rounds of offers: simulated multilateral negotiations (see ``docs/simulate.md``).

- :func:`simulate` — one negotiation on a deal space, scenario, built-in id or GENIUS folder,
  under stacked alternating offers (:mod:`~accord.simulate.offers`) or a single-text mediator
  (:mod:`~accord.simulate.mediator`), with concession strategies
  (:mod:`~accord.simulate.strategies`) and interventions from a given round
  (:mod:`~accord.simulate.interventions`);
- :func:`simulate_batch` — thousands at once, as arrays (:mod:`~accord.simulate.batch`);
  :func:`simulate_chunked` cuts them into chunks for any ``concurrent.futures`` executor.
"""

from accord.simulate.batch import (BatchResult, simulate_batch, simulate_chunked,
                                   strategy_profiles)
from accord.simulate.interventions import Intervention, parse_intervention
from accord.simulate.simulation import Simulation, deal_space_of, simulate
from accord.simulate.strategies import NAMED as STRATEGIES
from accord.simulate.strategies import Strategy, parse_strategy

__all__ = ["BatchResult", "Intervention", "STRATEGIES", "Simulation", "Strategy",
           "deal_space_of", "parse_intervention", "parse_strategy", "simulate", "simulate_batch",
           "simulate_chunked", "strategy_profiles"]

from accord._callable import make_callable  # noqa: E402

make_callable(__name__, "simulation:simulate")  # accord.simulate(...): one negotiation
