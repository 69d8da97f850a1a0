"""Accord: understand a negotiation between several parties.

Who wants what, how much each side cares, how strong each is, what each falls back on, what
the established models forecast, which deals every side could accept, and how sure any of it
is — with every number traced to its source.

>>> import accord
>>> s = accord.load("ec-emissions-1994")
>>> len(s.actors), s.issues[0].id
(10, 'emissions')
"""

__version__ = "0.1.0"

from accord.api import Forecast, backtest, forecast, load, save  # noqa: E402
from accord.errors import AccordError, ScenarioError  # noqa: E402
from accord.scenario.model import (Actor, Capability, Evidence, Issue, OutsideOption,  # noqa: E402
                                   Scenario, Source, Stance)

__all__ = ["Actor", "AccordError", "Capability", "Evidence", "Forecast", "Issue", "OutsideOption",
           "Scenario", "ScenarioError", "Source", "Stance", "backtest", "forecast", "load", "save",
           "__version__"]
