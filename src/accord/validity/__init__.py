"""Validity: every model back-tested on cases whose outcome is known, beside the baselines.

- :mod:`accord.validity.cases` — cases with outcomes: DEU files, built-in scenarios;
- :mod:`accord.validity.baselines` — salience-weighted mean, unweighted median, status quo;
- :mod:`accord.validity.metrics` — MAE, median AE, RMSE, shares within ±5/±10, cluster bootstrap;
- :mod:`accord.validity.combine`, :mod:`accord.validity.crossval` — candidate combinations and
  the cross-validated choice of the recommended forecast;
- :mod:`accord.validity.recommended` — the recommended forecast, fixed;
- :mod:`accord.validity.backtest` — :func:`backtest`, all of it on one data set.

>>> from accord.validity import backtest
>>> r = backtest("ec-emissions-1994", models=["compromise"], folds=0)
>>> r.summary["scoreable_issues"], r.recommended == "recommended"
(1, True)
"""

from accord.validity.backtest import BacktestResult, backtest, load_dataset
from accord.validity.recommended import RECOMMENDED, recommended_forecast

__all__ = ["BacktestResult", "RECOMMENDED", "backtest", "load_dataset", "recommended_forecast"]
