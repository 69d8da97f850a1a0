"""Status-quo models: what changes, if anything, when the status quo holds without agreement.

The position models forecast where the parties settle *if* they settle. These three start from
the status quo SQ (the DEU data set's reference point) and the decision rule, so that "no
change" is a forecast they can make (see ``docs/whether.md`` and :mod:`accord.whether.winset`
for the win-set W(SQ) of the rule, cut by every actor's red lines):

- ``veto_players`` — Tsebelis (2002), *Veto Players*: SQ holds when W(SQ) is empty; otherwise
  the outcome lies in W(SQ), at the point nearest the capability × salience weighted mean of
  the actors whose agreement the rule requires (``point="midpoint"``: the middle of W(SQ));
- ``agenda_setter`` — Romer & Rosenthal (1978), "Political resource allocation, controlled
  agendas, and the status quo", *Public Choice* 33(4): the agenda setter proposes the point of
  W(SQ) ∪ {SQ} it likes best (its ideal point when that beats SQ, else the edge of W(SQ)
  nearest it), and the proposal passes. The setter is the rule's ``agenda_setter`` (the
  Commission in the EU, the mediator in mediated talks); without one, the actor with the
  largest capability × salience on the issue;
- ``compromise_sq`` — the compromise model with the reference point (Achen 2006, "Institutional
  realism and bargaining models", in Thomson et al., *The European Union Decides*, ch. 4): the
  asymmetric Nash bargaining solution with each actor's utility of SQ as its disagreement
  point, bargaining power c·s and quadratic loss, over the outcomes every actor with a stance
  prefers to SQ (the consensus the EU Council seeks even under qualified majority). When no
  outcome beats SQ for everyone, the weighted mean projected onto the rule's W(SQ); when
  that is empty too, SQ.

An issue without a status quo has no forecast (NaN, ``null`` in JSON) from these models.

>>> import numpy as np
>>> from accord.scenario.arrays import ScenarioArrays

Three voters at 20, 50, 80 (majority rule), the setter at 70 and SQ = 10:
>>> arr = _voters([20., 50., 80.], 10.0, setter_position=70.0)
>>> float(agenda_setter(arr).forecast[0])       # W(SQ) = (10, 90) holds the setter's ideal
70.0
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.models import oracles
from accord.models.base import ModelResult, ModelSpec, register, require_finite, weights
from accord.models.text import Id, marked
from accord.scenario.arrays import (QUALIFIED_MAJORITY, SIMPLE_MAJORITY, RuleArrays,
                                    ScenarioArrays)
from accord.scenario.acceptance import acceptance, pieces

_MAJORITY = (QUALIFIED_MAJORITY, SIMPLE_MAJORITY)


@dataclass(frozen=True)
class VetoPlayerParams:
    point: str = "weighted_mean"
    """Which point of a non-empty win-set: ``weighted_mean`` (the c·s-weighted mean of the actors
    the rule requires, moved to the nearest point of W(SQ)) or ``midpoint`` (the middle of W)."""


@dataclass(frozen=True)
class AgendaSetterParams:
    default_setter: str = "strongest"
    """Setter when the rule names none: ``strongest`` (largest capability × salience on the
    issue) or ``none`` (no forecast)."""


@dataclass(frozen=True)
class CompromiseSQParams:
    loss_exponent: float = 2.0
    """p in u_i(x) = 1 − (|x − x_i|/R)^p; 2 (quadratic) as in Achen (2006)."""
    iterations: int = 80
    """Bisection steps for the Nash solution (80 halvings are below float precision)."""


# --- shared: the win-set of every issue, per variant ---------------------------------------------

def _winsets(arrays: ScenarioArrays):
    """Per variant b and issue i, the closure of W(SQ) as a list of (lo, hi) pieces.

    Returns ``(pieces, sq)``: ``pieces[b][i]`` a list (empty: SQ is stable; None: no SQ stated),
    ``sq`` (B, I). Unanimity is a closed form; majority rules use the exact breakpoint sweep.
    """
    arr = arrays.batched()
    B, I = arr.batch_size, arr.n_issues
    rules = arr.rules
    lo, hi, olo, ohi = acceptance(arr, "status_quo")
    sq = arr.status_quo_or_nan
    out = [[None] * I for _ in range(B)]
    for i in range(I):
        if rules.kind[i] in _MAJORITY:
            for b in range(B):
                if np.isnan(sq[b, i]):
                    continue
                ps = pieces(lo[b, :, i], hi[b, :, i], olo[b, :, i], ohi[b, :, i], i, rules,
                             float(arr.low[i]), float(arr.high[i]))
                out[b][i] = [(p.lo, p.hi) for p in ps]
            continue
        req = rules.veto[i]
        a = np.maximum(lo[:, req, i].max(axis=1, initial=-np.inf),
                       olo[:, req, i].max(axis=1, initial=-np.inf))
        c = np.minimum(hi[:, req, i].min(axis=1, initial=np.inf),
                       ohi[:, req, i].min(axis=1, initial=np.inf))
        a, c = np.maximum(a, arr.low[i]), np.minimum(c, arr.high[i])
        o_lo = olo[:, req, i].max(axis=1, initial=-np.inf)
        o_hi = ohi[:, req, i].min(axis=1, initial=np.inf)
        nonempty = (a < c) | ((a == c) & (o_lo < a) & (o_hi > c))
        for b in range(B):
            if not np.isnan(sq[b, i]):
                out[b][i] = [(float(a[b]), float(c[b]))] if nonempty[b] else []
    return out, sq


def _nearest(x: float, pieces, sq: float, include_sq: bool) -> float:
    """The point of the pieces (and SQ, if included) nearest to x; ties go to SQ."""
    best, dist = (sq, abs(x - sq)) if include_sq else (np.nan, np.inf)
    for lo, hi in pieces:
        y = min(max(x, lo), hi)
        if abs(x - y) < dist:
            best, dist = y, abs(x - y)
    return float(best)


def required_actors(rules: RuleArrays, i: int) -> np.ndarray:
    """Actors whose acceptance the rule of issue i requires or counts (A,) bool."""
    return rules.veto[i] | (rules.vote_weight[i] > 0)


def veto_target(arr: ScenarioArrays, w: np.ndarray, b: int, i: int, lo: float, hi: float,
                point: str) -> tuple[float, str]:
    """The point the veto-player model aims at in a non-empty W(SQ) spanning [lo, hi] on issue
    ``i`` of batch row ``b`` (``arr`` batched, ``w`` its weights (B, A, I)), and which rule gave
    it: the middle of W(SQ) (``"midpoint"``), or the c·s-weighted mean of the actors the rule
    requires (``"weighted_mean"``; the middle when they weigh nothing). The model then takes
    the point of W(SQ) nearest to it.

    >>> arr = _voters([20., 60.], 0.0).batched()
    >>> veto_target(arr, weights(arr), 0, 0, 0.0, 40.0, "weighted_mean")
    (40.0, 'weighted_mean')
    """
    if point == "weighted_mean":
        req = required_actors(arr.rules, i)
        wi = w[b, req, i]
        if wi.sum() > 0:
            return float((wi * arr.position[b, req, i]).sum() / wi.sum()), "weighted_mean"
    return (lo + hi) / 2.0, "midpoint"


def agenda_setter_of(arr: ScenarioArrays, w: np.ndarray, b: int, i: int,
                     default_setter: str) -> tuple[int, bool]:
    """The agenda setter on issue ``i`` of batch row ``b`` (``arr`` batched, ``w`` its weights
    (B, A, I)) and whether the decision rule names it: the rule's setter, else the strongest
    actor (``default_setter="strongest"``, when anyone weighs anything), else -1 (no forecast).

    >>> arr = _voters([20., 50., 80.], 10.0, setter_position=70.0).batched()
    >>> agenda_setter_of(arr, weights(arr), 0, 0, "strongest")
    (3, True)
    """
    s = int(arr.rules.setter[i])
    if s >= 0:
        return s, True
    if default_setter == "none" or w[b, :, i].max() <= 0:
        return -1, False
    return int(np.argmax(w[b, :, i])), False


def _unbatch(arrays: ScenarioArrays, x: np.ndarray) -> np.ndarray:
    return x if arrays.is_batched else x[0]


# --- Tsebelis -------------------------------------------------------------------------------------

def veto_players(arrays: ScenarioArrays, params: VetoPlayerParams | None = None,
                 rng=None) -> ModelResult:
    """Tsebelis's veto-player model per issue (..., I): SQ if W(SQ) is empty, else a point of it."""
    require_finite(arrays, "veto_players")
    params = params or VetoPlayerParams()
    if params.point not in ("weighted_mean", "midpoint"):
        raise ValueError(f"point must be 'weighted_mean' or 'midpoint', not {params.point!r}")
    pieces, sq = _winsets(arrays)
    arr = arrays.batched()
    w = weights(arr)
    out = np.full(sq.shape, np.nan)
    stable = np.zeros(sq.shape, bool)
    for b, row in enumerate(pieces):
        for i, ps in enumerate(row):
            if ps is None:
                continue
            if not ps:
                out[b, i], stable[b, i] = sq[b, i], True
                continue
            target, _ = veto_target(arr, w, b, i, ps[0][0], ps[-1][1], params.point)
            out[b, i] = _nearest(target, ps, sq[b, i], include_sq=False)
    details = {}
    if not arrays.is_batched:
        text, spans = _stable_summary(arr.issue_ids, stable[0])
        details = {"stable": [arr.issue_ids[i] for i in range(arr.n_issues) if stable[0, i]],
                   "summary": text, "summary_ids": spans}
    return ModelResult("veto_players", _unbatch(arrays, out), details=details)


def _stable_summary(issue_ids, stable) -> tuple[str, list[list[int]]]:
    """The line and where its issue ids are (:func:`accord.models.text.marked`)."""
    held = [iid for iid, s in zip(issue_ids, stable) if s]
    if not held:
        return marked("the status quo can be changed on every issue with one")
    parts = ["the status quo holds (empty win-set) on "]
    for n, iid in enumerate(held):
        parts += [", "] * (n > 0) + [Id(iid)]
    return marked(*parts)


# --- Romer–Rosenthal ----------------------------------------------------------------------------

def agenda_setter(arrays: ScenarioArrays, params: AgendaSetterParams | None = None,
                  rng=None) -> ModelResult:
    """Romer–Rosenthal per issue (..., I): the setter's best point of W(SQ) ∪ {SQ}."""
    require_finite(arrays, "agenda_setter")
    params = params or AgendaSetterParams()
    if params.default_setter not in ("strongest", "none"):
        raise ValueError("default_setter must be 'strongest' or 'none'")
    pieces, sq = _winsets(arrays)
    arr = arrays.batched()
    rules = arr.rules
    w = weights(arr)
    out = np.full(sq.shape, np.nan)
    setters = []
    for i in range(arr.n_issues):
        s = int(rules.setter[i])
        setters.append(s)
    for b, row in enumerate(pieces):
        for i, ps in enumerate(row):
            if ps is None:
                continue
            s, _ = agenda_setter_of(arr, w, b, i, params.default_setter)
            if s < 0:
                continue
            out[b, i] = _nearest(float(arr.position[b, s, i]), ps, sq[b, i], include_sq=True)
    details = {}
    if not arrays.is_batched:
        named = {arr.issue_ids[i]: (arr.actor_ids[s] if s >= 0 else None)
                 for i, s in enumerate(setters)}
        details = {"setter": named}
    return ModelResult("agenda_setter", _unbatch(arrays, out), details=details)


# --- compromise with the reference point --------------------------------------------------------

def consensus_interval(arrays: ScenarioArrays) -> tuple[np.ndarray, np.ndarray]:
    """The outcomes every actor with a stance prefers to SQ, within every red line: (a, c).

    Each (B, I) for a batch, (I,) for one scenario; the set is the open interval (a, c), empty
    when a ≥ c (the ground :func:`compromise_sq` bargains over).

    >>> a, c = consensus_interval(_voters([20., 60.], 0.0))   # (0, 40) ∩ (0, 120)
    >>> float(a[0]), float(c[0])
    (0.0, 40.0)
    """
    arr = arrays.batched()
    B, I = arr.batch_size, arr.n_issues
    # every actor with a stance must gain over SQ (and keep its red lines)
    lo, hi, olo, ohi = acceptance(arr, "status_quo")
    req = arr.has_stance.T                                     # (I, A)
    a = np.full((B, I), -np.inf)
    c = np.full((B, I), np.inf)
    for i in range(I):
        r = req[i]
        a[:, i] = np.maximum(lo[:, r, i].max(axis=1, initial=-np.inf),
                             olo[:, r, i].max(axis=1, initial=-np.inf))
        c[:, i] = np.minimum(hi[:, r, i].min(axis=1, initial=np.inf),
                             ohi[:, r, i].min(axis=1, initial=np.inf))
    return _unbatch(arrays, a), _unbatch(arrays, c)


def compromise_sq(arrays: ScenarioArrays, params: CompromiseSQParams | None = None,
                  rng=None) -> ModelResult:
    """Nash bargaining with the status quo as disagreement point, per issue (..., I)."""
    require_finite(arrays, "compromise_sq")
    params = params or CompromiseSQParams()
    p = params.loss_exponent
    arr = arrays.batched()
    B, A, I = arr.position.shape
    w = weights(arr)
    sq = arr.status_quo_or_nan
    span = arr.scale_range
    a, c = consensus_interval(arr)
    has_consensus = (a < c) & ~np.isnan(sq)
    # bisection on the derivative of Σ w_i log(u_i(x) − u_i(SQ)) over (a, c); it falls from +inf
    # at a to −inf at c (a concave objective), so its root is the solution
    left, right = a.copy(), c.copy()
    d_sq = np.abs(sq[:, None, :] - arr.position) / span
    for _ in range(params.iterations):
        mid = np.where(has_consensus, (left + right) / 2.0, 0.0)
        d = (mid[:, None, :] - arr.position) / span
        gain = d_sq ** p - np.abs(d) ** p
        with np.errstate(divide="ignore", invalid="ignore"):
            slope = -p * np.abs(d) ** (p - 1) * np.sign(d) / span / gain
            total = np.where(w > 0, w * slope, 0.0).sum(axis=1)
        up = total > 0
        left = np.where(up, mid, left)
        right = np.where(up, right, mid)
    out = np.where(has_consensus, (left + right) / 2.0, np.nan)
    # no consensus: the weighted mean, moved into the rule's win-set (SQ if that is empty too)
    rest = ~has_consensus & ~np.isnan(sq)
    if rest.any():
        pieces, _ = _winsets(arr)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = (w * arr.position).sum(axis=1) / w.sum(axis=1)
        for b, i in zip(*np.nonzero(rest)):
            ps = pieces[b][i]
            out[b, i] = sq[b, i] if not ps or np.isnan(mean[b, i]) else \
                _nearest(float(mean[b, i]), ps, sq[b, i], include_sq=False)
    return ModelResult("compromise_sq", _unbatch(arrays, out))


def _voters(positions, status_quo, setter_position=None) -> ScenarioArrays:
    """Voters under simple majority plus, optionally, a non-voting setter (for examples and tests)."""
    x = list(positions) + ([] if setter_position is None else [setter_position])
    A = len(x)
    voters = len(positions)
    rule = RuleArrays(np.array([SIMPLE_MAJORITY], np.int8), np.zeros((1, A), bool),
                      np.array([[1.0] * voters + [0.0] * (A - voters)]), np.array([0.5]),
                      np.array([True]), np.array([0]),
                      np.array([voters if setter_position is not None else -1]))
    return ScenarioArrays(tuple(f"v{k}" for k in range(A)), ("x",), np.array(x, float)[:, None],
                          np.ones((A, 1)), np.ones((A, 1)), np.ones((A, 1), bool),
                          np.array([0.0]), np.array([100.0]),
                          status_quo=np.array([float(status_quo)]), rule=rule)


register(ModelSpec(
    name="veto_players", title="Veto players (Tsebelis)", run=veto_players,
    params=VetoPlayerParams,
    reference="Tsebelis (2002), Veto Players: How Political Institutions Work, ch. 1–2",
    description="The status quo holds when its win-set under the decision rule and red lines is "
                "empty; otherwise the point of the win-set nearest the required actors' "
                "weighted mean.",
    needs_status_quo=True, scale_invariance=("capability", "salience"),
    oracle=oracles.VETO_PLAYERS,
))
register(ModelSpec(
    name="agenda_setter", title="Agenda setter (Romer–Rosenthal)", run=agenda_setter,
    params=AgendaSetterParams,
    reference="Romer & Rosenthal (1978), Public Choice 33(4)",
    description="The agenda setter proposes its best point among the outcomes that beat the "
                "status quo under the rule; the proposal passes.",
    needs_status_quo=True, scale_invariance=("capability", "salience"),
    oracle=oracles.AGENDA_SETTER,
))
register(ModelSpec(
    name="compromise_sq", title="Compromise with the reference point", run=compromise_sq,
    params=CompromiseSQParams,
    reference="Achen (2006), in Thomson et al., The European Union Decides, ch. 4",
    description="Nash bargaining with the status quo as disagreement point, over the outcomes "
                "every actor prefers to it; else the weighted mean inside the rule's win-set.",
    needs_status_quo=True, scale_invariance=("capability", "salience"),
    oracle=oracles.COMPROMISE_SQ,
))
