"""Why a model lands where it does: the pivotal actor, the inputs that move it, the stalemates.

:func:`why` answers, per issue, the three questions an analyst asks of a forecast:

**Who is pivotal?** The actor at the capability- and salience-weighted median of the final
positions (Black's median voter; Achen 2006 for the weighted form): actors holding less than
half of the weight stand on either side of it, so a forecast near the median moves only if
this actor moves. Its weight share and the shares below and above it are reported.

Only the weighted median (``median``) and the expected-utility model (``eum``, whose forecast
is the weighted median after the last round) have such a pivot. Every other model rests on
something else, so ``pivot`` is None and ``basis`` says what decides it:

- the status-quo models (``veto_players``, ``agenda_setter``, ``compromise_sq``;
  :func:`basis`): the win-set of the status quo under the decision rule, the agenda setter's
  best proposal in it, the bargain over what everyone prefers to the status quo;
- the weighted-mean models (``compromise``, Achen 2006; ``exchange``, Stokman & Van Oosten
  1994, after the exchanges; :func:`mean_basis`): the c·s-weighted mean of the final
  positions, to which every actor pulls in proportion to its weight share;
- ``nash``, ``smp`` and ``recommended`` (:func:`other_basis`): what decides the forecast as
  their docs state it (the weighted Nash product, the expected outcome of the final state's
  Condorcet election, the median of the component models' forecasts).

**Which numbers move it most?** Each uncertain input — a stance's position or salience, a
capability, an outside option — set in turn to the low and the high end of its plausible
range, everything else at its stated value, as :func:`accord.ensemble.sensitivity.swings`
does; the inputs with the largest swing of this issue's forecast are listed with the evidence
items the scenario cites for them. A scenario that states no ranges gets ±10 % of the scale on
every position and ±0.1 on every salience instead, and says so.

**Where is it stuck?** Pairs of actors far apart (more than a quarter of the scale) at the end
of the run. For the expected-utility model, those whose last interaction on the issue is a
*stalemate* in Scholz et al.'s octants (neither expects to gain by a challenge); for other
iterative models, those of whom neither moved during the run.

>>> w = why("ec-emissions-1994", "median", top=2)
>>> i = w["issues"][0]
>>> i["pivot"]["actor"], i["pivot"]["position"], i["pivot"]["at_median"]
('Greece', 7.0, ['Belgium', 'Ireland', 'Greece'])
>>> [d["input"] for d in i["drivers"]]
['salience[Belgium,emissions]', 'salience[France,emissions]']
"""

from __future__ import annotations

from typing import Any

import numpy as np

#: Actors this share of the scale apart or more can be stuck.
FAR_APART = 0.25
#: Without plausible ranges, positions vary by this share of the scale, saliences by ±0.1.
DEFAULT_POSITION_SHARE = 0.10
DEFAULT_SALIENCE_STEP = 0.10


def pivot(positions: np.ndarray, weight: np.ndarray, actor_ids: list[str]) -> dict[str, Any] | None:
    """The weighted-median actor of one issue's positions (A,) and weights (A,).

    >>> pivot(np.array([10., 50., 90.]), np.array([1., 1., 1.]), ["a", "b", "c"])["actor"]
    'b'
    """
    ok = np.isfinite(positions) & (weight > 0)
    if not ok.any():
        return None
    idx = np.flatnonzero(ok)
    order = idx[np.argsort(positions[idx], kind="stable")]
    w = weight[order]
    total = float(w.sum())
    cum = np.cumsum(w)
    k = int(np.argmax(cum >= total / 2 * (1 - 1e-12)))
    a = int(order[k])
    x = float(positions[a])
    below = float(weight[idx][positions[idx] < x].sum()) / total
    above = float(weight[idx][positions[idx] > x].sum()) / total
    at = [int(j) for j in order if positions[j] == x]
    a = max(at, key=lambda j: weight[j])  # of actors tied at the median, the heaviest
    return {"actor": actor_ids[a], "position": x, "weight_share": float(weight[a]) / total,
            "at_median": [actor_ids[j] for j in at],
            "share_at_median": float(weight[at].sum()) / total, "below": below, "above": above}


#: The models whose forecast rests on the status quo and the decision rule (no pivot).
STATUS_QUO_MODELS = ("veto_players", "agenda_setter", "compromise_sq")
#: The models whose forecast is the c·s-weighted mean of the (final) positions (no pivot).
MEAN_MODELS = ("compromise", "exchange")
#: The models whose forecast is neither a weighted median nor a weighted mean (no pivot).
OTHER_MODELS = ("nash", "smp", "recommended")
#: The models whose forecast is the weighted median of the (final) positions: they alone
#: have a pivotal actor.
MEDIAN_MODELS = ("median", "eum")


def mean_basis(model: str, positions: np.ndarray, weight: np.ndarray,
               actor_ids: list[str]) -> dict[str, Any] | None:
    """What a weighted-mean forecast rests on: the mean and each actor's weight share.

    The compromise model's forecast (Achen 2006) and the exchange model's after its last round
    (Stokman & Van Oosten 1994; decide's "avg voting MDS") are Σ w x / Σ w with w = c·s; every
    actor pulls the forecast in proportion to its share w / Σ w, so a move of Δ by an actor
    moves the forecast by share × Δ. ``shares`` lists the actors with weight, largest share
    first (ties in actor order). None when nobody weighs the issue.

    >>> b = mean_basis("compromise", np.array([20., 60., 90.]), np.array([2.4, .6, 1.]),
    ...                ["a", "b", "c"])
    >>> round(b["mean"], 9), [(x["actor"], round(x["share"], 9)) for x in b["shares"]]
    (43.5, [('a', 0.6), ('c', 0.25), ('b', 0.15)])
    """
    ok = np.isfinite(positions) & (weight > 0)
    if not ok.any():
        return None
    total = float(weight[ok].sum())
    idx = np.flatnonzero(ok)
    order = idx[np.argsort(-weight[idx], kind="stable")]
    return {"model": model, "kind": "weighted_mean",
            "mean": float((weight[ok] * positions[ok]).sum()) / total,
            "shares": [{"actor": actor_ids[a], "position": float(positions[a]),
                        "share": float(weight[a]) / total} for a in order]}


def other_basis(model: str, params: dict[str, Any] | None = None,
                result=None, k: int = 0) -> dict[str, Any] | None:
    """What a ``nash``, ``smp`` or ``recommended`` forecast rests on, as its docs state it.

    - ``nash`` (Nash 1950; Kalai 1977): ``"nash_product"``, the point maximising
      Π (u_i − d_i)^{c_i s_i} with u_i = 1 − (|x − x_i| / R)^p (``loss_exponent`` p) and
      d_i = 0;
    - ``smp`` (KTAB): ``"expected_outcome"``, Σ over the final state's distinct positions of
      its chance of winning the Probabilistic Condorcet Election × the position;
    - ``recommended``: ``"median_of_models"``, the median of the component models' forecasts
      (``components``: model → its forecast on issue ``k``, None where it gives none; empty
      without ``result``).

    None for any other model.

    >>> other_basis("nash")
    {'model': 'nash', 'kind': 'nash_product', 'loss_exponent': 2.0}
    """
    if model == "nash":
        from accord.models.base import get_model

        p = get_model(model).make_params(**dict(params or {}))
        return {"model": model, "kind": "nash_product", "loss_exponent": float(p.loss_exponent)}
    if model == "smp":
        return {"model": model, "kind": "expected_outcome"}
    if model == "recommended":
        parts = ((result.details or {}).get("components") or {}) if result is not None else {}
        return {"model": model, "kind": "median_of_models",
                "components": {m: v[k] for m, v in parts.items()}}
    return None


def _pieces(zone) -> list[list[float]]:
    return [[float(p.lo), float(p.hi)] for p in zone.pieces]


def basis(model: str, arrays, k: int, forecast: float,
          params: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """What a status-quo model's forecast on issue ``k`` rests on; None for the other models.

    Returns ``{"model", "kind", "status_quo", "rule", "win_set", "limits", ...}``: the win-set
    W(SQ) of the issue's decision rule (the closure's pieces, as
    :func:`accord.whether.winset.issue_zones` gives it, which the models use), the limits that
    close an empty one, and per model:

    - ``veto_players`` (Tsebelis 2002): ``kind`` ``"status_quo_holds"`` (W(SQ) empty) or
      ``"win_set"``, with the ``point`` rule and its ``target`` (the c·s-weighted mean of the
      actors the rule requires, or the middle of W(SQ));
    - ``agenda_setter`` (Romer & Rosenthal 1978): the ``setter`` and its ``setter_position``
      and whether it was named by the rule (``setter_named``); ``kind`` ``"setter_ideal"``
      (its ideal passes), ``"setter_edge"`` (the edge of W(SQ) nearest it),
      ``"setter_keeps_sq"`` (nothing in W(SQ) beats SQ for it) or ``"status_quo_holds"``;
    - ``compromise_sq`` (Achen 2006): ``consensus`` (the outcomes every actor with a stance
      prefers to SQ, open interval) and the weighted ``mean``; ``kind`` ``"nash_over_consensus"``,
      ``"mean_in_win_set"`` (no consensus: the mean moved into W(SQ)) or ``"status_quo_holds"``.

    ``kind`` is ``"no_status_quo"`` when the issue states none (no forecast).

    >>> from accord.scenario import load
    >>> arr = load("ec-emissions-1994").to_arrays()
    >>> b = basis("veto_players", arr, 0, 10.0)
    >>> b["kind"], b["status_quo"], b["win_set"], [x["actor"] for x in b["limits"]]
    ('status_quo_holds', 10.0, [], ['France', 'Italy', 'UK'])
    """
    if model not in STATUS_QUO_MODELS:
        return None
    from accord.models.base import get_model, weights
    from accord.models.status_quo import (agenda_setter_of, consensus_interval,
                                          required_actors, veto_target)
    from accord.whether.winset import issue_zones

    zone = issue_zones(arrays, "status_quo")[k]
    out: dict[str, Any] = {"model": model, "status_quo": zone.status_quo, "rule": zone.rule,
                           "win_set": _pieces(zone),
                           "limits": [{"actor": x.actor, "kind": x.kind, "value": x.value,
                                       "side": x.side} for x in zone.limits]}
    if zone.status_quo is None:
        return dict(out, kind="no_status_quo")
    p = get_model(model).make_params(**dict(params or {}))
    arr = arrays.batched()                 # the models' own helpers work on batch row 0
    w_all = weights(arr)
    w = np.asarray(w_all[0], dtype=float)[:, k]
    x = np.asarray(arrays.position, dtype=float)[:, k]
    sq = zone.status_quo
    if model == "veto_players":
        if zone.empty:
            return dict(out, kind="status_quo_holds")
        target, point = veto_target(arr, w_all, 0, k, zone.pieces[0].lo, zone.pieces[-1].hi,
                                    p.point)
        req = required_actors(arr.rules, k)
        return dict(out, kind="win_set", point=point, target=target,
                    required=[arrays.actor_ids[a] for a in np.flatnonzero(req)])
    if model == "agenda_setter":
        s, named = agenda_setter_of(arr, w_all, 0, k, p.default_setter)
        if s < 0:
            return dict(out, kind="no_setter")
        xs = float(x[s])
        out.update(setter=arrays.actor_ids[s], setter_position=xs, setter_named=named)
        if zone.empty:
            kind = "status_quo_holds"
        elif np.isclose(forecast, xs):
            kind = "setter_ideal"
        elif np.isclose(forecast, sq):
            kind = "setter_keeps_sq"
        else:
            kind = "setter_edge"
        return dict(out, kind=kind)
    # compromise_sq
    a, c = (float(v[k]) for v in consensus_interval(arrays))
    has = w > 0
    mean = float((w[has] * x[has]).sum() / w[has].sum()) if has.any() else None
    out.update(consensus=[a, c] if a < c else None, mean=mean)
    if a < c:
        return dict(out, kind="nash_over_consensus")
    return dict(out, kind="status_quo_holds" if zone.empty else "mean_in_win_set")


def _space(scenario):
    """The input space of the scenario's ranges, or ±10 % / ±0.1 on every stance without any."""
    from accord.ensemble.sample import InputSpace, input_name

    space = InputSpace.from_scenario(scenario)
    if space.inputs:
        return space, "over the plausible ranges the scenario states"
    overrides = {}
    for st in scenario.stances:
        issue = scenario.issue(st.issue)
        step = DEFAULT_POSITION_SHARE * (issue.high - issue.low)
        overrides[input_name("position", st.actor, st.issue)] = (
            max(issue.low, st.position - step), min(issue.high, st.position + step))
        overrides[input_name("salience", st.actor, st.issue)] = (
            max(0.0, st.salience - DEFAULT_SALIENCE_STEP),
            min(1.0, st.salience + DEFAULT_SALIENCE_STEP))
    space = InputSpace.from_scenario(scenario, overrides)
    return space, ("the scenario states no plausible ranges: every position ±10 % of its "
                   "scale and every salience ±0.1")


def _stuck(model: str, result, arrays, k: int, issue) -> list[dict[str, Any]]:
    rounds = result.rounds
    if rounds is None:
        return []
    ids = list(arrays.actor_ids)
    has = np.asarray(arrays.has_stance)[:, k]
    end = rounds.positions[-1, :, k]
    start = rounds.positions[0, :, k]
    far = FAR_APART * (issue.high - issue.low)
    log = (result.details or {}).get("log")
    out = []
    if log is not None:
        last: dict[tuple[str, str], dict] = {}
        for e in log:
            if e["issue"] == issue.id:
                last[(e["actor"], e["other"])] = e
        for (a, b), e in last.items():
            if a < b and e["octant"] == "stalemate" and \
                    last.get((b, a), {}).get("octant") == "stalemate":
                i, j = ids.index(a), ids.index(b)
                if has[i] and has[j] and abs(end[i] - end[j]) >= far:
                    out.append({"actors": [a, b], "positions": [float(end[i]), float(end[j])],
                                "kind": "stalemate", "round": e["round"]})
        return sorted(out, key=lambda s: -abs(s["positions"][0] - s["positions"][1]))
    still = np.isclose(start, end)
    for i in range(len(ids)):
        for j in range(i + 1, len(ids)):
            if has[i] and has[j] and still[i] and still[j] and abs(end[i] - end[j]) >= far:
                out.append({"actors": [ids[i], ids[j]], "positions": [float(end[i]),
                                                                      float(end[j])],
                            "kind": "unmoved", "round": int(rounds.positions.shape[0] - 1)})
    return sorted(out, key=lambda s: -abs(s["positions"][0] - s["positions"][1]))


def why(scenario, model: str = "eum", *, params: dict[str, Any] | None = None, seed: int = 0,
        top: int = 5, result=None) -> dict[str, Any]:
    """The pivotal actor, the inputs that move the forecast most and the stalemates, per issue.

    Parameters
    ----------
    scenario : str, Path or Scenario
        A built-in id, a scenario file or a Scenario.
    model : str, default "eum"
        A registered model.
    params : dict, optional
        The model's parameter overrides (``{"rounds": 8}``).
    seed : int, default 0
        Seed of the model's generator and of the swings.
    top : int, default 5
        How many inputs to list per issue.
    result : ModelResult, optional
        The model's result on ``scenario`` with these parameters, if already computed.

    Returns
    -------
    dict
        ``{"model", "method", "issues"}``; per issue ``forecast``, ``pivot`` (actor id,
        position, weight shares; only for ``median`` and ``eum``, else None), ``basis`` (what
        the forecast of any other model rests on: :func:`basis` for a status-quo model,
        :func:`mean_basis` for ``compromise`` and ``exchange``, :func:`other_basis` for
        ``nash``, ``smp`` and ``recommended``; None for the median models), ``drivers`` (input
        name, range, forecast at either end, swing, evidence ids) and ``stuck`` (pairs of
        actors far apart at the end).

    References
    ----------
    Black, D. (1948). On the rationale of group decision-making. Journal of Political Economy
    56(1), 23–34. Achen, C. H. (2006). Evaluating political decision-making models. In Thomson
    et al. (eds), The European Union Decides, 264–298. Scholz, J. B., Calbert, G. J. & Smith,
    G. A. (2011). Unravelling Bueno De Mesquita's group decision model. Journal of Theoretical
    Politics 23(4), 510–531.

    Examples
    --------
    >>> w = why("ec-emissions-1994", "eum", top=1)
    >>> w["issues"][0]["stuck"][0]["kind"]
    'stalemate'
    """
    from accord.ensemble.executors import make_runner
    from accord.ensemble.sensitivity import swings
    from accord.models.base import get_model, weights
    from accord.randomness import stream
    from accord.scenario import load

    scenario = load(scenario)
    arrays = scenario.to_arrays()
    spec = get_model(model)
    if result is None:
        # The model's stream in a forecast (accord.api.forecast), so both give the same result.
        result = spec.run(arrays, spec.make_params(**dict(params or {})), stream(seed, spec.name))
    space, method = _space(scenario)
    tornado = swings(space, make_runner(model, scenario, params), seed)
    cited = {x.name: _cited(scenario, x) for x in space.inputs}
    w = np.asarray(weights(arrays), dtype=float) * np.asarray(arrays.has_stance)
    final = result.rounds.positions[-1] if result.rounds is not None else arrays.position
    issues = []
    for k, issue in enumerate(scenario.issues):
        rows = tornado["tornado"].get(f"forecast[{issue.id}]", [])
        drivers = [dict(r, evidence=cited.get(r["input"], [])) for r in rows
                   if r["swing"]][:top]
        value = float(result.forecast[k])
        xk = np.asarray(final[:, k], dtype=float)
        # Only a median-type forecast has a pivotal actor; a status-quo model's rests on the
        # win-set, a mean-type one's on every actor's weight share (the median actor of a
        # weighted mean can stand far from it), the others' on what their docs say.
        if model in STATUS_QUO_MODELS:
            rests = basis(model, arrays, k, value, params)
        elif model in MEAN_MODELS:
            rests = mean_basis(model, xk, w[:, k], list(arrays.actor_ids))
        else:
            rests = other_basis(model, params, result, k)
        issues.append({"issue": issue.id, "forecast": value if np.isfinite(value) else None,
                       "pivot": pivot(xk, w[:, k], list(arrays.actor_ids))
                       if model in MEDIAN_MODELS else None,
                       "basis": rests,
                       "drivers": drivers, "stuck": _stuck(model, result, arrays, k, issue)})
    return {"model": model, "method": f"one input at a time, {method}", "issues": issues}


def _cited(scenario, x) -> list[str]:
    """Evidence ids the scenario cites for the number behind an uncertain input."""
    if x.kind in ("position", "salience"):
        st = scenario.stance(x.actor, x.issue)
        return list(st.evidence) if st is not None else []
    if x.kind == "capability":
        for c in scenario.capabilities:
            if c.actor == x.actor and c.issue == x.issue:
                return list(c.evidence)
        return []
    if x.kind == "outside":
        for o in scenario.outside_options:
            if o.actor == x.actor:
                return list(o.evidence)
    return []
