"""Ensembles' outcome-class probabilities, scored where the outcome is known.

An ensemble (:mod:`accord.ensemble`) turns a scenario's uncertain inputs into probabilities of
its outcome classes ("early", "middle", "late"). Where the real outcome is known — the EC
car-emissions decision, 8.833 years — the class it fell in is known, and the probabilities can
be scored: Brier (0 best, 2 worst), ranked probability score for ordered classes (0 best, 1
worst), log score (0 best) and Metaculus's baseline score (positive: better than chance), as in
:mod:`accord.ensemble.scoring`. Probability left outside every class (a forecast in a gap
between class ranges) is scored as one more category, "none of these".

Scenarios whose sources give no ranges (the EC case) get symmetric ones by a stated convention
(:func:`accord.ensemble.with_ranges`): positions ± ``position`` of the scale, saliences ±
``salience``, capabilities ± ``capability`` of their value — defaults 10 %, 0.1 and 10 %, the
spread an analyst would not be surprised by; stated ranges are kept.

>>> r = score_outcome_classes(models=["compromise", "median"], n=200)
>>> case = r["cases"][0]
>>> case["case"], case["happened"], case["ordered"]
('ec-emissions-1994', 'late', True)
>>> m = case["models"]["compromise"]          # every variant lands in "middle": certain and wrong
>>> m["probabilities"]["middle"], m["brier"], m["rps"]
(1.0, 2.0, 0.5)
"""

from __future__ import annotations

import tempfile
from typing import Any

import numpy as np

from accord.models.base import available_models, get_model
from accord.validity.cases import Dataset, builtin_dataset

OTHER = "none of these"


def happened_class(case, classes) -> str | None:
    """The id of the first class whose ranges hold every known outcome of its issues; ``OTHER``
    when none does; None when an issue a class needs has no known outcome."""
    issues = [i.id for i in case.scenario.issues]
    for oc in classes:
        values = {}
        for issue_id in oc.ranges:
            v = case.outcome[issues.index(issue_id)]
            if not np.isfinite(v):
                return None
            values[issue_id] = v
        if all(lo <= values[i] <= hi for i, (lo, hi) in oc.ranges.items()):
            return oc.id
    return OTHER


def _ordered(classes) -> bool:
    """Classes on one and the same issue with ranges in increasing, non-overlapping order."""
    issues = {tuple(oc.ranges) for oc in classes}
    if len(issues) != 1 or len(next(iter(issues))) != 1:
        return False
    (issue,) = next(iter(issues))
    bounds = [oc.ranges[issue] for oc in classes]
    return all(a[1] < b[0] for a, b in zip(bounds, bounds[1:]))


def score_outcome_classes(dataset: Dataset | None = None, models=None, *, n: int = 1000,
                          seed: int = 0, position: float = 0.1, salience: float = 0.1,
                          capability: float = 0.1) -> dict[str, Any]:
    """Score each model's ensemble class probabilities on every case with a known class.

    Parameters
    ----------
    dataset : Dataset, optional
        Default: the built-in scenarios with a known outcome.
    models : list of str, optional
        Registered model names (default: all).
    n, seed
        Variants per ensemble and the seed (the ensemble's own, so results equal
        ``accord ensemble CASE -m MODEL -n N --seed SEED`` on the widened scenario).
    position, salience, capability
        The ranges given to numbers that have none (see the module docstring).

    Returns
    -------
    dict
        ``convention`` and ``cases``: per case the classes, the one that happened, and per model
        the probabilities with their Brier, RPS (ordered classes only), log and baseline scores.
    """
    from accord.ensemble import run_ensemble, with_ranges
    from accord.ensemble.scoring import baseline_score, brier, log_score, rps

    dataset = dataset or builtin_dataset()
    specs = available_models() if models is None else [get_model(m) for m in models]
    cases = []
    with tempfile.TemporaryDirectory() as tmp:
        for case in dataset.cases:
            classes = case.scenario.outcome_classes
            happened = happened_class(case, classes) if classes else None
            if happened is None:
                continue
            widened = with_ranges(case.scenario, position=position, salience=salience,
                                  capability=capability)
            ordered = _ordered(classes)
            labels = [oc.id for oc in classes]
            rows = {}
            for spec in specs:
                result = run_ensemble(widened, spec.name, n, seed=seed, executor="inline",
                                      out=tmp, name=f"{case.id}-{spec.name}")
                probs = {c["id"]: c["probability"] for c in result.summary["outcome_classes"]}
                p = [probs[c] for c in labels]
                rest = max(0.0, 1.0 - sum(p))
                cats = labels + ([OTHER] if rest > 1e-12 or happened == OTHER else [])
                if len(cats) > len(labels):
                    p.append(rest)
                k = cats.index(happened)
                rows[spec.name] = {
                    "probabilities": dict(zip(cats, p)), "p_happened": p[k],
                    "brier": brier(p, k), "rps": rps(p, k) if ordered and OTHER not in cats
                    else None, "log": log_score(p, k), "baseline": baseline_score(p, k)}
            cases.append({"case": case.id, "classes": labels, "happened": happened,
                          "ordered": ordered, "outcome_source": case.outcome_source,
                          "models": rows})
    return {"convention": {"n": n, "seed": seed, "position": position, "salience": salience,
                           "capability": capability},
            "cases": cases}
