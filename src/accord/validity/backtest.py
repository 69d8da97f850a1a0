"""Back-tests: every model forecasts every issue whose outcome is known, beside the baselines.

:func:`backtest` reads a data set (a DEU file, or the built-in scenarios with a known outcome),
runs each registered model on every case — models whose issues are independent of each other
(``ModelSpec.issue_separable``) in one call over all issues, the others case by case (a DEU
proposal's issues together: the exchange model trades across them) — and scores the forecasts on
the scoreable issues (an outcome and at least three actors with a position and a salience):
MAE, median absolute error, RMSE, the shares within ±5 and ±10 points, and a cluster-bootstrap
95 % interval of each forecast's MAE difference to the salience-weighted mean, overall and by
procedure and voting rule. Beside the models: the baselines (:mod:`accord.validity.baselines`)
and Accord's recommended forecast (:mod:`accord.validity.recommended`), which is fixed — chosen
once on the DEU training file — and never fitted on the file being scored. With ``folds`` the
selection procedure (:mod:`accord.validity.crossval`) also runs on the file itself.

>>> r = backtest("builtin", models=["compromise", "median"], folds=0)
>>> [round(float(r.forecasts[m][0]), 5) for m in ("compromise", "median", "salience_weighted_mean")]
[7.38996, 7.0, 6.65574]
>>> round(r.summary["models"]["compromise"]["mae"], 2)   # |7.38996 − 8.833| / 6 × 100 points
24.05
"""

from __future__ import annotations

import concurrent.futures as cf
import hashlib
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

import numpy as np

from accord.errors import AccordError
from accord.models.base import ModelSpec, available_models, get_model
from accord.randomness import LazyStream
from accord.record import run_record
from accord.validity import baselines as bl
from accord.validity.cases import Dataset, IssueTable, builtin_dataset, deu_dataset, KNOWN_OUTCOMES
from accord.validity.combine import candidates as make_candidates
from accord.validity.crossval import nested, select
from accord.validity.metrics import absolute_errors, bootstrap_difference, summarise_errors
from accord.validity.recommended import NAME as RECOMMENDED_NAME, RECOMMENDED, TRAINING_FILE_SHA256


@dataclass
class BacktestResult:
    """Forecasts per issue (native units) by name, what each name is, and the scores."""

    dataset: Dataset
    table: IssueTable
    forecasts: dict[str, np.ndarray]
    kinds: dict[str, str]
    titles: dict[str, str]
    recommended: str
    summary: dict[str, Any] = field(default_factory=dict)
    run: dict[str, Any] | None = None        # the run record (accord.record)

    def errors(self, name: str) -> np.ndarray:
        """Absolute errors in points of a 0–100 scale, NaN where not scoreable or not forecast."""
        t = self.table
        e = absolute_errors(self.forecasts[name], t.outcome) * t.scale
        return np.where(t.scoreable, e, np.nan)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: dataset, recommended, one entry per scoreable issue, summary."""
        t = self.table

        def num(x) -> float | None:
            x = float(x)
            return x if math.isfinite(x) else None

        issues = []
        for k in np.flatnonzero(t.scoreable):
            issues.append({"id": t.ids[k], "case": self.dataset.cases[t.case_index[k]].id,
                           "outcome": num(t.outcome[k]), "status_quo": num(t.status_quo[k]),
                           "forecasts": {name: num(f[k]) for name, f in self.forecasts.items()}})
        out = {"dataset": self.dataset.name, "recommended": self.recommended, "issues": issues,
               "summary": self.summary}
        if self.run is not None:
            out["run"] = self.run
        return out


def load_dataset(source: "str | Path | Dataset", convention=None) -> Dataset:
    """A data set from a DEU file, ``"builtin"`` (every built-in with a known outcome) or one
    built-in scenario id."""
    if isinstance(source, Dataset):
        return source
    text = str(source)
    if text in ("builtin", "builtins"):
        return builtin_dataset()
    if text in KNOWN_OUTCOMES:
        return builtin_dataset([text])
    path = Path(text)
    if not path.is_file():
        from accord.scenario.builtin import builtin_ids

        if text in builtin_ids():
            raise AccordError(f"built-in scenario {text!r} has no known outcome to score against; "
                              f"expected one of: {', '.join(sorted(KNOWN_OUTCOMES))}, 'builtin' or "
                              "a DEU file")
        raise AccordError(f"{text}: no such file; expected a DEU file (Dataset_DEU_III.csv or the "
                          "tab-separated copy), 'builtin', or a built-in scenario with a known "
                          "outcome")
    return deu_dataset(path, convention)


def _resolve(models) -> list[ModelSpec]:
    # By name: the registry's order depends on which module was imported first, and the tables,
    # the JSON and the candidates' names must not.
    if models is None:
        return sorted(available_models(), key=lambda s: s.name)
    return [m if isinstance(m, ModelSpec) else get_model(m) for m in models]


def _model_rng(seed: int, name: str) -> LazyStream:
    # The same stream `accord.forecast` gives the model, so a back-test forecast equals the one
    # `accord forecast FILE#CASE` prints; lazy as there: made only if the model draws (one per
    # case and model, 10 µs each, and the default models draw nothing).
    return LazyStream(seed, (name,))


def _run_cases(name: str, overrides: dict, seed: int, arrays_list: list) -> list[np.ndarray]:
    spec = get_model(name)
    params = spec.make_params(**overrides)
    return [np.asarray(spec.run(a, params, _model_rng(seed, name)).forecast, float)
            for a in arrays_list]


def run_models(dataset: Dataset, table: IssueTable, specs: list[ModelSpec], *, seed: int = 0,
               params: Mapping[str, Mapping[str, Any]] | None = None, workers: int = 1,
               progress: Callable[[str], None] | None = None) -> dict[str, np.ndarray]:
    """Each model's forecast of every issue of ``table`` (NaN where it gives none).

    ``workers`` > 1 runs the case-by-case models in a process pool (each case is independent).
    """
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        # Models handle NaN and zero weights themselves (a forecast of NaN where no one has
        # weight); their intermediate 0·∞ need not be printed on every back-test.
        return _run_models(dataset, table, specs, seed, params or {}, workers, progress)


def _run_models(dataset, table, specs, seed, params, workers, progress):
    out: dict[str, np.ndarray] = {}
    per_case = [s for s in specs if not s.issue_separable]
    pool = (cf.ProcessPoolExecutor(max_workers=workers)
            if workers > 1 and per_case and len(dataset.cases) > 1 else None)
    try:
        futures = {}
        if pool is not None:   # submit the slow per-case models first, then run the rest here
            arrays = [c.arrays for c in dataset.cases]
            size = max(1, math.ceil(len(arrays) / (4 * workers)))
            for s in per_case:
                futures[s.name] = [pool.submit(_run_cases, s.name, dict(params.get(s.name, {})),
                                               seed, arrays[i:i + size])
                                   for i in range(0, len(arrays), size)]
        for s in specs:
            if progress:
                progress(s.name)
            if s.issue_separable:
                p = s.make_params(**params.get(s.name, {}))
                out[s.name] = np.asarray(
                    s.run(table.arrays.batched(), p, _model_rng(seed, s.name)).forecast[0], float)
            elif s.name not in futures:
                out[s.name] = np.concatenate(_run_cases(
                    s.name, dict(params.get(s.name, {})), seed, [c.arrays for c in dataset.cases]))
        for name, parts in futures.items():
            out[name] = np.concatenate([f for part in parts for f in part.result()])
    finally:
        if pool is not None:
            pool.shutdown()
    return {s.name: out[s.name] for s in specs}


def _file_sha256(path: Path | None) -> str | None:
    if path is None:
        return None
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _scores(result: BacktestResult, names: list[str], resamples: int, seed: int) -> dict:
    t = result.table
    reference = result.errors(bl.REFERENCE)
    rows = {}
    for name in names:
        e = result.errors(name)
        row: dict[str, Any] = {"kind": result.kinds[name], "title": result.titles[name],
                               **summarise_errors(e)}
        d = bootstrap_difference(e, reference, t.case_index, resamples=resamples, seed=seed)
        row["mae_difference"] = d
        rows[name] = row
    return rows


def _breakdown(result: BacktestResult, names: list[str]) -> dict[str, dict[str, dict]]:
    t = result.table
    out: dict[str, dict[str, dict]] = {}
    for key, labels in (("procedure", t.procedure), ("voting_rule", t.voting_rule)):
        groups = sorted({g for g, ok in zip(labels, t.scoreable) if ok and g is not None})
        if not groups:
            continue
        out[key] = {}
        reference = result.errors(bl.REFERENCE)
        for g in groups:
            inside = np.array([lab == g for lab in labels])
            out[key][g] = {}
            for name in names:
                e = np.where(inside, result.errors(name), np.nan)
                s = summarise_errors(e)
                both = np.isfinite(e) & np.isfinite(reference) & inside
                diff = float((e[both] - reference[both]).mean()) if both.any() else None
                out[key][g][name] = {"n": s["n"], "mae": s["mae"], "mae_difference": diff}
    return out


def _cross_validation(result: BacktestResult, forecasters: list[str], folds: int, seed: int,
                      resamples: int) -> dict[str, Any]:
    t = result.table
    mask = t.scoreable.copy()
    n_clusters = len(set(t.case_index[mask].tolist()))
    if folds < 2 or n_clusters < folds:
        return {"folds": folds, "skipped": f"{n_clusters} proposals with scoreable issues; "
                                           f"{folds} folds need at least {folds}"}
    cands = make_candidates(forecasters)
    sel = select(cands, result.forecasts, t.outcome, t.scale, t.case_index, mask, folds, seed)
    nest = nested(cands, result.forecasts, t.outcome, t.scale, t.case_index, mask, folds, seed)
    e_nested = np.where(mask, absolute_errors(nest.forecast, t.outcome) * t.scale, np.nan)
    reference = result.errors(bl.REFERENCE)
    ranked = sorted(sel.cv_mae.items(), key=lambda kv: kv[1])
    return {
        "folds": folds, "seed": seed, "unit": "proposal", "candidates": len(cands),
        "excluded": sel.excluded,
        "ranking": [{"name": n, "cv_mae": v} for n, v in ranked[:10]],
        "chosen": sel.chosen.name, "chosen_cv_mae": sel.cv_mae[sel.chosen.name],
        "recommended_cv_mae": sel.cv_mae.get(RECOMMENDED.name),
        "nested": {"mae": float(np.nanmean(e_nested)),
                   "reference_mae": float(np.nanmean(np.where(np.isfinite(e_nested), reference,
                                                              np.nan))),
                   "difference": bootstrap_difference(e_nested, reference, t.case_index,
                                                      resamples=resamples, seed=seed),
                   "chosen_by_fold": nest.chosen},
    }


def backtest(source: "str | Path | Dataset", models=None, *, folds: int = 5, seed: int = 0,
             resamples: int = 2000, workers: int = 1, convention=None,
             params: Mapping[str, Mapping[str, Any]] | None = None, ensembles: int = 0,
             progress: Callable[[str], None] | None = None) -> BacktestResult:
    """Back-test ``models`` (default: every registered model) on ``source``.

    Parameters
    ----------
    source : str, Path or Dataset
        A DEU file (either layout), ``"builtin"`` or a built-in scenario id with a known outcome.
    models : list of str, optional
        Registered model names; the recommended forecast's components run in any case.
    folds : int
        K for the cross-validation of the recommended-forecast procedure on this data set
        (0: skip it).
    seed : int
        Seeds the models (as ``accord.forecast`` does), the folds and the bootstrap.
    resamples : int
        Bootstrap resamples (of proposals) for the intervals.
    workers : int
        Processes for the case-by-case models.
    convention : DeuConvention, optional
        How DEU capabilities are set (:class:`accord.scenario.io.deu.DeuConvention`).
    params : mapping, optional
        Parameter overrides per model name, as in :func:`accord.forecast`.
    ensembles : int
        Variants per ensemble for scoring outcome-class probabilities on the cases that define
        outcome classes (:mod:`accord.validity.outcome_classes`); 0 skips it.

    Returns
    -------
    BacktestResult

    Raises
    ------
    AccordError
        For an unknown source or model, or a malformed file (naming the line and column).
    """
    dataset = load_dataset(source, convention)
    table = IssueTable.of(dataset)
    rec = RECOMMENDED_NAME
    # The recommended model is the median of its components' forecasts: computed from them
    # here (the same numbers as running it), not run a second time.
    shown = [s for s in _resolve(models) if s.name != rec]
    needed = [get_model(c) for c in RECOMMENDED.components
              if c not in bl.BASELINES and c not in {s.name for s in shown}]
    forecasts = run_models(dataset, table, shown + needed, seed=seed, params=params,
                           workers=workers, progress=progress)
    kinds = {s.name: "model" for s in shown + needed}
    titles = {s.name: s.title for s in shown + needed}
    forecasts["salience_weighted_mean"] = bl.salience_weighted_mean(table.arrays)
    forecasts["median_unweighted"] = bl.unweighted_median(table.arrays)
    forecasts["status_quo"] = table.status_quo.astype(float)
    for name, title in bl.BASELINES.items():
        kinds[name], titles[name] = "baseline", title
    forecasts[rec] = RECOMMENDED.predict(forecasts)
    kinds[rec] = "recommended"
    titles[rec] = get_model(rec).title
    result = BacktestResult(dataset, table, forecasts, kinds, titles, rec)
    names = [s.name for s in shown] + list(bl.BASELINES) + [rec]
    data_hash = _file_sha256(dataset.path)
    fit_here = data_hash == TRAINING_FILE_SHA256
    # The run record (one data set of many cases, so the file's hash stands for a scenario's).
    result.run = run_record("backtest", models=[s.name for s in shown], seed=seed,
                            params={"folds": folds, "resamples": resamples,
                                    "ensembles": ensembles,
                                    "overrides": {k: dict(v) for k, v in (params or {}).items()},
                                    "convention": repr(convention) if convention else None},
                            dataset=dataset.name, dataset_sha256=data_hash)
    result.summary = {
        "scoreable_issues": int(table.scoreable.sum()), "issues": len(table.ids),
        "cases": len(dataset.cases),
        "cases_with_scoreable_issues": len(set(table.case_index[table.scoreable].tolist())),
        "description": dataset.description, "notes": dataset.notes,
        "error_unit": "points of a 0–100 scale (1 % of the issue's range)",
        "reference": bl.REFERENCE,
        "bootstrap": {"resamples": resamples, "level": 0.95, "unit": "proposal", "seed": seed},
        "recommended": {"name": rec, "rule": RECOMMENDED.rule, "combination": RECOMMENDED.name,
                        "components": list(RECOMMENDED.components),
                        "chosen_on": "the DEU training file, by cross-validation "
                                     "(docs/validity.md)",
                        "in_sample": fit_here},
        "models": _scores(result, names, resamples, seed),
        "breakdown": _breakdown(result, names),
    }
    if ensembles:
        from accord.validity.outcome_classes import score_outcome_classes

        result.summary["ensembles"] = score_outcome_classes(
            dataset, [s.name for s in shown], n=ensembles, seed=seed)
    if folds:
        forecasters = sorted(s.name for s in shown + needed) + ["salience_weighted_mean",
                                                                "median_unweighted"]
        result.summary["cross_validation"] = _cross_validation(result, forecasters, folds, seed,
                                                               resamples)
    return result
