"""Forecasting models: one module per model family, all registered in one place.

>>> from accord.models import get_model
>>> from accord.scenario.builtin import load_builtin
>>> arrays = load_builtin("ec-emissions-1994").to_arrays()
>>> round(float(get_model("compromise").run(arrays).forecast[0]), 5)
7.38996
"""

from accord.models.base import (ModelResult, ModelSpec, Rounds, available_models, default_models,
                                get_model, register, weighted_mean, weighted_median)

__all__ = ["ModelResult", "ModelSpec", "Rounds", "available_models", "default_models",
           "get_model", "register", "weighted_mean", "weighted_median"]
