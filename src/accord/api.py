"""Accord's public Python API: the functions the CLI, the web app and the report call.

Each returns a result object or a JSON-able dict — the one *context* a command's table, its
``--format json``, a web page and the report all render (Datasette's pattern): nothing is
computed in ``accord/cli`` or ``accord/web``. ``accord/__init__`` re-exports these names lazily,
with the layer functions they stand on (``accord.deals``, ``accord.simulate``, …).

>>> import accord
>>> fc = accord.forecast("ec-emissions-1994", models=["compromise", "median"])
>>> [(f["model"], round(f["value"], 5)) for f in fc.to_dict()["forecasts"]]
[('compromise', 7.38996), ('median', 7.0)]
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from accord.errors import AccordError
from accord.models.base import ModelResult, ModelSpec, default_models, get_model
from accord.randomness import LazyStream
from accord.record import run_record
from accord.scenario import load, save

__all__ = ["Forecast", "explain", "forecast", "load", "save", "trades"]
if TYPE_CHECKING:  # pragma: no cover - annotations only: the model is imported where used
    from accord.scenario.model import Scenario


def _num(x) -> float | None:
    x = float(x)
    return x if math.isfinite(x) else None


def _per_actor_extras(extra: dict, t: int, k: int, actors: list[str],
                      present: list[int] | None = None) -> dict:
    """Per-round, per-actor arrays a model adds (e.g. the EUM's risk exponents r_i), for the
    actors ``present`` on the issue (every actor when None)."""
    out = {}
    rows = range(len(actors)) if present is None else present
    for name, arr in extra.items():
        arr = np.asarray(arr)
        if arr.ndim == 3 and arr.shape[1] == len(actors):
            out[name] = {actors[j]: _num(arr[t, j, k]) for j in rows}
        elif arr.ndim == 2 and arr.shape[1] == len(actors):
            out[name] = {actors[j]: _num(arr[t, j]) for j in rows}
    return out


@dataclass
class Forecast:
    """Every requested model's result on one scenario, ready for tables and JSON, with the
    scenario's whether (:class:`~accord.whether.agreement.Agreement`: P(agreement by the
    horizon), the status quo and zone of every issue) and each model's convergence."""

    scenario: Scenario
    results: dict[str, ModelResult]
    seed: int
    params: dict[str, dict[str, Any]] = field(default_factory=dict)
    agreement: Any = None
    # model → (its result, that result's convergence): the table, the JSON, the summary and
    # the whether line each ask for it, and each assessment rebuilt the scenario's arrays
    _convergence: dict[str, tuple[ModelResult, Any]] = field(
        default_factory=dict, init=False, repr=False, compare=False)

    def value(self, model: str, issue: str) -> float:
        k = [i.id for i in self.scenario.issues].index(issue)
        return float(self.results[model].forecast[k])

    def convergence(self, model: str):
        """:class:`~accord.models.convergence.Convergence` of a model's result, per issue."""
        from accord.models.convergence import assess

        result = self.results[model]
        cached = self._convergence.get(model)
        if cached is not None and cached[0] is result:  # a replaced result is assessed afresh
            return cached[1]
        conv = assess(result, self.scenario.to_arrays())
        self._convergence[model] = (result, conv)
        return conv

    def unstable(self) -> list[str]:
        """One line per model and issue that did not converge ("eum on Security guarantees:
        unstable: cycles between 15 and 85 (period 4)")."""
        out = []
        for name in self.results:
            c = self.convergence(name)
            for k, issue in enumerate(self.scenario.issues):
                if not c.converged[k]:
                    out.append(f"{name} on {issue.name}: {c.describe(k)}")
        return out

    def outcome_classes(self) -> dict[str, dict[str, float]]:
        """Per model, each outcome class's probability: P(agreement) if the model's forecast
        (where, if agreement) lies in the class, else 0; and ``no-agreement``: 1 − P."""
        if self.agreement is None:
            return {}
        p = self.agreement.probability
        ids = [i.id for i in self.scenario.issues]
        out = {}
        for name, res in self.results.items():
            row = {}
            for oc in self.scenario.outcome_classes:
                inside = all(lo <= float(res.forecast[ids.index(iid)]) <= hi
                             for iid, (lo, hi) in oc.ranges.items())
                row[oc.id] = p if inside else 0.0
            row[NO_AGREEMENT] = round(1.0 - p, 12)
            out[name] = row
        return out

    def whether_line(self) -> str:
        """P(agreement by date); issues without a zone and who blocks them; models that did not
        converge — the first line of every forecast."""
        line = self.agreement.line() if self.agreement is not None else ""
        models = sorted({u.split(" on ")[0] for u in self.unstable()})
        if models:
            line += ("; " if line else "") + "did not converge: " + ", ".join(models)
        return line

    def to_dict(self, rounds: bool = True) -> dict[str, Any]:
        """What ``accord forecast --format json`` prints (see :func:`forecast`).

        Parameters
        ----------
        rounds : bool, default True
            Include every iterative model's positions round by round (most of the dict: for
            the built-in talks some 50,000 numbers). The summary and the table need none.

        Returns
        -------
        dict
            JSON-able: scenario, forecasts, details, agreement and whether, run record.
        """
        actors = [a.id for a in self.scenario.actors]
        # per issue, the actors with a stance on it: an actor without one has no position
        # there (the models carry a placeholder, the midpoint), so the rounds leave it out, as
        # the report's round charts do (report/charts.py) — it used to show at 50
        present = [[j for j, a in enumerate(actors) if self.scenario.stance(a, issue.id)]
                   for issue in self.scenario.issues] if rounds else []
        out: dict[str, Any] = {"scenario": self.scenario.id, "forecasts": []}
        details: dict[str, Any] = {}
        if self.agreement is not None:
            out["agreement"] = self.agreement.to_dict()
        for name, res in self.results.items():
            conv = self.convergence(name)
            for k, issue in enumerate(self.scenario.issues):
                value = _num(res.forecast[k])
                entry: dict[str, Any] = {"model": name, "issue": issue.id, "value": value,
                                         "converged": bool(conv.converged[k]),
                                         "cycle": conv.cycle(k)}
                label = issue.anchor_label(value) if value is not None else None
                if label:
                    entry["label"] = label
                if rounds and res.rounds is not None:
                    r = res.rounds
                    entry["rounds"] = [
                        {"positions": {actors[j]: _num(r.positions[t, j, k]) for j in present[k]},
                         "median": _num(r.median[t, k]), "mean": _num(r.mean[t, k]),
                         **_per_actor_extras(r.extra, t, k, actors, present[k])}
                        for t in range(r.positions.shape[0])]
                out["forecasts"].append(entry)
            if res.details:
                details[name] = res.details
        if details:
            out["details"] = details
        if self.agreement is not None:
            out["whether"] = {**self.agreement.details(), "line": self.whether_line(),
                              "unstable": self.unstable(),
                              "outcome_classes": self.outcome_classes()}
        out["run"] = run_record("forecast", self.scenario, models=list(self.results),
                                params=self.params, seed=self.seed)
        return out


#: The model that combines the others' forecasts (:mod:`accord.models.recommended`).
RECOMMENDED = "recommended"


def _known_components(by_name: dict[str, tuple[ModelSpec, Any]], run) -> dict[str, np.ndarray]:
    """The forecasts of the recommended model's components that this forecast runs anyway with
    their default parameters: run once (or taken from the run already made) and handed to it,
    instead of the recommended model running every model a second time (issue 18). A component
    run with other parameters, or not requested, is left to the recommended model itself."""
    from accord.models.recommended import MODELS

    known = {}
    for name in MODELS:
        spec, p = by_name.get(name, (None, None))
        if spec is not None and p == spec.default_params():
            known[name] = run(spec, p).forecast
    return known


def _resolve_models(models) -> list[ModelSpec]:
    if models is None:
        return default_models()
    return [m if isinstance(m, ModelSpec) else get_model(m) for m in models]


#: The outcome class every forecast adds: no agreement by the horizon (probability 1 − P).
NO_AGREEMENT = "no-agreement"


def forecast(scenario: "str | Path | Scenario", models=None, *, seed: int = 0,
             params: dict[str, dict[str, Any]] | None = None, whether: bool = True,
             variants: int | None = None, fallback: str = "stated",
             simulate: bool = False, interventions=()) -> Forecast:
    """Run ``models`` (default: every model in the default forecast) on ``scenario``.

    Every model gets its own stream, ``accord.randomness.stream(seed, name)``, so adding a model
    never changes another model's result. The forecast also carries the scenario's whether
    (:func:`accord.whether.agreement.assess`): P(agreement by the horizon), the status quo and
    zone of every issue, and each model's convergence.

    Parameters
    ----------
    scenario : str, Path or Scenario
        A built-in id, a scenario file in any format, or a Scenario.
    models : list of str or ModelSpec, optional
        The models to run (``accord.models.available_models()``); default every model in the
        default forecast.
    seed : int, default 0
        The run's seed.
    params : dict, optional
        Per-model parameter overrides, e.g. ``{"eum": {"rounds": 8}}``.
    whether : bool, default True
        Compute the agreement block (False: models only, as before the whether layer).
    variants : int, optional
        Ensemble draws behind P(agreement) (default 1000).
    fallback : {"stated", "fearon", "attrition"}
        The rule for what no deal is worth (:func:`accord.deals.war.reservation_values`).
    simulate : bool, default False
        Multiply by the share of simulated talks agreeing before the horizon.
    interventions : sequence of str
        ``ROUND:PARTY.FIELD=VALUE`` changes in those simulated talks (imply ``simulate``).

    Returns
    -------
    Forecast
        The results by model; ``to_dict()`` is what ``accord forecast --format json`` prints,
        with the run record (Accord version, seed, scenario hash, parameters).

    Raises
    ------
    AccordError
        An unknown model or parameter, or a scenario that cannot be read.

    References
    ----------
    Each model's page in ``docs/models/`` names its paper.

    Examples
    --------
    >>> fc = forecast("ec-emissions-1994", models=["median"])
    >>> fc.value("median", "emissions"), fc.to_dict()["run"]["seed"]
    (7.0, 0)
    """
    from accord.models.defined import check_forecast, check_weights

    scenario = load(scenario)
    arrays = scenario.to_arrays()
    params = params or {}
    results: dict[str, ModelResult] = {}
    used: dict[str, dict[str, Any]] = {}
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise AccordError(f"seed {seed!r}: expected a non-negative whole number")
    specs = _resolve_models(models)
    ps = [spec.make_params(**params.get(spec.name, {})) for spec in specs]
    check_weights(scenario, arrays)  # an undefined forecast is a user error, never a NaN
    by_name = {spec.name: (spec, p) for spec, p in zip(specs, ps)}
    ran: dict[str, ModelResult] = {}

    # Each model's stream is made only if the model draws from it: most draw nothing, and
    # making one imports numpy.random (accord.randomness.LazyStream; same draws either way).
    def run(spec: ModelSpec, p) -> ModelResult:
        if spec.name not in ran:
            if spec.name == RECOMMENDED:
                ran[spec.name] = spec.run(arrays, p, LazyStream(seed, (spec.name,)),
                                          known=_known_components(by_name, run))
            else:
                ran[spec.name] = spec.run(arrays, p, LazyStream(seed, (spec.name,)))
        return ran[spec.name]

    for spec, p in zip(specs, ps):
        results[spec.name] = run(spec, p)
        forecast_values = np.asarray(results[spec.name].forecast, dtype=float)
        if spec.needs_status_quo:  # no status quo on an issue: no forecast there (null)
            forecast_values = np.where(np.isnan(arrays.status_quo_or_nan), 0.0, forecast_values)
        check_forecast(scenario, arrays, spec.name, forecast_values)
        used[spec.name] = asdict(p)
    agreement = None
    if whether:
        from accord.whether.agreement import DEFAULT_VARIANTS, assess

        agreement = assess(scenario, n=DEFAULT_VARIANTS if variants is None else variants,
                           seed=seed, fallback=fallback, simulate=simulate,
                           interventions=interventions)
    return Forecast(scenario, results, seed, used, agreement)


# --- trades: the quid pro quo in words --------------------------------------------------------

def trades(scenario: "str | Path | Scenario", variant: str = "equal-gain", top: int = 10,
           seed: int = 0) -> list[dict[str, Any]]:
    """The most profitable exchanges of positions: round 1 of Stokman's exchange model, ranked
    by gain, each described in words.

    Round 1 is the trade every pair would make from today's positions; later rounds react to
    the moves of round 1.

    Parameters
    ----------
    scenario : str, Path or Scenario
        A built-in id, a scenario file or a Scenario.
    variant : {"equal-gain", "random-rate"}
        The exchange rate rule.
    top : int, default 10
        How many trades to return.
    seed : int, default 0
        Seed of the random rate (the stream ``accord.randomness.stream(seed, "exchange")``).

    Returns
    -------
    list of dict
        One per exchange, highest gain first: the exchange's actors, issues, moves and gains
        (as :func:`accord.models.exchange.exchange` reports them), ``rank`` and ``text``, a
        sentence naming actors and issues by their names, and ``credible``: both traders'
        gains (and the externalities) with each move counted at the credibility of its
        delivery (:func:`accord.deals.commitments.exchange_gains`; the face gains when neither
        issue has a deferred commitment).

    References
    ----------
    Stokman, F. N. & Van Oosten, R. (1994). The exchange of voting positions. See
    ``docs/models/exchange.md``.

    Examples
    --------
    >>> best = trades("ukraine-talks-2026-01", top=1)[0]
    >>> best["rank"], best["text"][:46]
    (1, 'Russia moves 69.8 points on Security guarantee')
    >>> trades("ec-emissions-1994")    # one issue: nothing to trade between issues
    []
    """
    from accord.deals.commitments import exchange_gains
    from accord.models.exchange import ExchangeParams, describe, exchange

    scenario = load(scenario)
    res = exchange(scenario.to_arrays(), ExchangeParams(variant=variant, rounds=1),
                   LazyStream(seed, ("exchange",)))  # made only if it draws (random rate)
    names = {a.id: a.name for a in scenario.actors}
    issue_names = {i.id: i.name for i in scenario.issues}
    made = res.details["rounds"][0]["exchanges"] if res.details["rounds"] else []
    ranked = sorted(made, key=lambda e: -e["gain"])[:top]
    out = []
    for n, e in enumerate(ranked, 1):
        g = exchange_gains(e, scenario)
        traders = [e["i"]["actor"], e["j"]["actor"]]
        credible = {"gains": {a: g["credible"][a] for a in traders},
                    "externalities": {a: v for a, v in g["credible"].items() if a not in traders},
                    "credibility": g["credibility"]}
        out.append(dict(e, rank=n, text=describe(e, names, issue_names), credible=credible))
    return out


# --- explain: one round of an iterative model --------------------------------------------------

def explain(scenario: "str | Path | Scenario", model: str = "eum", round_no: int = 1,
            issue: str | None = None, params: dict[str, dict[str, Any]] | None = None,
            seed: int = 0, top: int = 5) -> dict[str, Any]:
    """Why a model lands where it does, and what happened in one of its rounds.

    ``why`` (:func:`accord.explanation.why`), per issue: the pivotal actor (at the weighted
    median of the final positions, for ``median`` and ``eum``; for any other model ``basis``,
    what its forecast rests on), the inputs whose plausible ranges move the forecast most
    with the evidence the scenario cites for them, and the pairs of actors stuck far apart. For
    a model that keeps an interaction log (the expected-utility model: every ordered pair's
    expected utilities, octant, offer and whether it was taken), the round's offers and log.

    Parameters
    ----------
    scenario : str, Path or Scenario
        A built-in id, a scenario file or a Scenario.
    model : str, default "eum"
        Any registered model; the round-by-round part needs one with an interaction log.
    round_no : int, default 1
        The round (1 is the first round of offers).
    issue : str, optional
        Only this issue (default every issue).
    params : dict, optional
        Parameter overrides, as for :func:`forecast`.
    seed : int, default 0
        The run's seed.
    top : int, default 5
        How many inputs to list per issue as the ones that move the forecast most.

    Returns
    -------
    dict
        ``{"scenario", "model", "round", "why", "issues", "pairs"}``: ``why`` as above; per
        issue the median and mean before and after the round and the sentences of the offers
        taken; every ordered pair's log entry (empty for a model without a log). ``accord
        explain --format json`` prints exactly this.

    Raises
    ------
    AccordError
        An unknown issue, or a round the run does not have.

    References
    ----------
    Scholz, J. B., Calbert, G. J. & Smith, G. A. (2011). Unravelling Bueno De Mesquita's
    group decision model. Journal of Theoretical Politics 23(4), 510–531 (fig. 6).

    Examples
    --------
    >>> e = explain("ec-emissions-1994", round_no=1)
    >>> e["issues"][0]["moves"][0]
    'Belgium compromises with France, moving from 7 to 8.416'
    >>> explain("ec-emissions-1994", "median")["why"]["issues"][0]["pivot"]["actor"]
    'Greece'
    """
    from accord.explanation import why

    scenario = load(scenario)
    issue_ids = [i.id for i in scenario.issues]
    if issue is not None and issue not in issue_ids:
        raise AccordError(f"issue {issue!r}: no such issue in {scenario.id}; expected one of: "
                          f"{', '.join(issue_ids)}")
    params = params or {}
    result = forecast(scenario, models=[model], params=params, seed=seed).results[model]
    wanted = [issue] if issue else issue_ids
    reasons = why(scenario, model, params=params.get(model), seed=seed, top=top, result=result)
    reasons["issues"] = [r for r in reasons["issues"] if r["issue"] in wanted]
    log = (result.details or {}).get("log")
    rounds = result.rounds
    ran = int((result.details or {}).get("rounds_run", 0)) if log is not None else \
        (rounds.positions.shape[0] - 1 if rounds is not None else 0)
    if rounds is not None and not 1 <= round_no <= max(ran, 1):
        # "round", not the CLI's "--round": the web page's field and the API's word too
        raise AccordError(f"round {round_no}: the {model} run on {scenario.id} has rounds 1–{ran}"
                          f" (round 1 is the first round of offers)")
    # only pairs of actors with a stance on the issue, as the rounds list only those actors
    # (09ce9de): the model leaves the others out of every pair, but its log held them with
    # utilities computed from the placeholder midpoint ("A C +0.510 -0.570 none")
    entries = [e for e in (log or []) if e["round"] == round_no and e["issue"] in wanted
               and scenario.stance(e["actor"], e["issue"]) is not None
               and scenario.stance(e["other"], e["issue"]) is not None]
    summary = []
    for iid in wanted:
        k = issue_ids.index(iid)
        item: dict[str, Any] = {"issue": iid, "moves": [e["sentence"] for e in entries
                                                       if e["issue"] == iid and e["taken"]]}
        if rounds is not None and round_no < rounds.median.shape[0]:
            item.update({"median_before": float(rounds.median[round_no - 1, k]),
                         "median_after": float(rounds.median[round_no, k]),
                         "mean_before": float(rounds.mean[round_no - 1, k]),
                         "mean_after": float(rounds.mean[round_no, k])})
        summary.append(item)
    return {"scenario": scenario.id, "model": model, "round": round_no, "why": reasons,
            "issues": summary, "pairs": entries}
