"""Accord: understand a negotiation between several parties.

Who wants what, how much each side cares, how strong each is, what each falls back on, what
the established models forecast, which deals every side could accept, and how sure any of it
is — with every number traced to its source.

Every name below is loaded on first use (``import accord`` itself imports nothing heavy), so
the command line starts fast and a script pays only for what it calls.

>>> import accord
>>> s = accord.load("ec-emissions-1994")
>>> len(s.actors), s.issues[0].id
(10, 'emissions')
"""

from __future__ import annotations

import importlib

from accord._version import __version__ as __version__

#: Public name → the module that defines it, imported on first access (PEP 562).
_LAZY: dict[str, str] = {
    # scenarios
    "load": "accord.scenario",
    "save": "accord.scenario",
    "Scenario": "accord.scenario.model",
    "Actor": "accord.scenario.model",
    "Capability": "accord.scenario.model",
    "Evidence": "accord.scenario.model",
    "Issue": "accord.scenario.model",
    "OutsideOption": "accord.scenario.model",
    "Source": "accord.scenario.model",
    "Stance": "accord.scenario.model",
    # errors a user can cause
    "AccordError": "accord.errors",
    "ScenarioError": "accord.errors",
    # what the models say, and why
    "Forecast": "accord.api",
    "forecast": "accord.api",
    "trades": "accord.api",
    "explain": "accord.api",
    # which deals all could accept; rounds of offers; how sure: each of these is the package
    # of that name, callable as its main function (accord/_callable.py)
    "deals": "accord.deals",              # accord.deals.summary.deal_summary
    "simulate": "accord.simulate",        # accord.simulate.simulation.simulate
    "ensemble": "accord.ensemble",        # accord.ensemble.run_ensemble
    "sensitivity": "accord.ensemble.sensitivity",
    "evidence": "accord.evidence",        # accord.evidence.ingest_file
    # how much the models are worth: back-tests on cases with known outcomes
    "backtest": "accord.validity",        # accord.validity.backtest.backtest
    # whether, not only where: before and after a change of the scenario's numbers
    "whatif": "accord.whatif",
}

__all__ = sorted([*_LAZY, "__version__"])


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'accord' has no attribute {name!r}")
    imported = importlib.import_module(module)
    # a package that is its own function (accord.deals) is the value itself
    value = imported if module == f"accord.{name}" else getattr(imported, name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
