"""The baselines every model is judged against (Achen 2006; DEU III's documentation).

- **salience-weighted mean** of the positions, Σ s_i x_i / Σ s_i over the actors with a position
  and a salience — capabilities ignored, so it needs nothing the data do not record. Achen (2006)
  found the weighted mean ("compromise model") hard to beat on DEU I; this is the reference of
  every interval in a back-test.
- **unweighted median** of those actors' positions (the mean of the two middle ones for an even
  number, as :func:`numpy.median`).
- **status quo**: the outcome is the reference point — no change. Scored only where one is recorded.

>>> import numpy as np
>>> from accord.scenario.arrays import ScenarioArrays
>>> arr = ScenarioArrays(("a", "b", "c"), ("x",), np.array([[0.], [40.], [100.]]),
...     np.array([[1.], [0.5], [0.5]]), np.ones((3, 1)), np.ones((3, 1), bool),
...     np.array([0.]), np.array([100.]))
>>> salience_weighted_mean(arr), unweighted_median(arr)
(array([35.]), array([40.]))
"""

from __future__ import annotations

# The two baselines are also components of the recommended model, which (a model) cannot import
# validity: they live there.
from accord.models.recommended import salience_weighted_mean, unweighted_median  # noqa: F401

BASELINES = {
    "salience_weighted_mean": "Salience-weighted mean (capabilities ignored)",
    "median_unweighted": "Median of the positions (unweighted)",
    "status_quo": "Status quo (no change from the reference point)",
}
REFERENCE = "salience_weighted_mean"
