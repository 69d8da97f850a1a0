"""War as the no-deal outcome: the bargaining model of war (see ``docs/deals/war.md``).

A settlement is a division of a pie of size 1 (or, for multi-issue deals, an outcome of the
deal space with utilities in [0, 1]). War is the outside option; what it is worth to each side
is its reservation value in :mod:`accord.deals.space`.

- :func:`fearon_range` — Fearon (1995), one shot: A wins with probability p, war costs c_A, c_B;
  A accepts any share ≥ p − c_A, B any that leaves it ≥ 1 − p − c_B: range [p − c_A, p + c_B].
- :func:`attrition_values` — continued fighting (a war of attrition in the sense of Powell 2004,
  Slantchev 2003: each period A wins outright with q_A, B with q_B, otherwise fighting goes on;
  costs c_i per period, discount δ): ``V_A = (q_A − c_A) / (1 − δ(1 − q_A − q_B))``.
- :func:`mutual_optimism` — Blainey (1973), Fearon (1995): with each side's own estimate of its
  chance, a range exists only if ``p_A^A + p_B^B ≤ 1 + c_A + c_B``.
- :func:`commitment_problem` — Powell (2006): under shifting power the declining side attacks now
  when what it gets from war today exceeds everything it can be given today plus the most the
  rising side can *credibly* promise for tomorrow.
- :func:`expected_war_value` — multi-issue: ``V_i = Σ_o P(o | war) u_i(o) − cost_i`` over
  possible end states.
- :func:`reservation_values` — each actor's reservation from its ``OutsideOption``.

>>> r = fearon_range(0.6, 0.1, 0.15)
>>> round(r.low, 4), round(r.high, 4), r.exists
(0.5, 0.75, True)
>>> a = attrition_values((0.05, 0.03), (0.01, 0.01), 0.95)
>>> [round(v, 4) for v in a.values], [round(x, 4) for x in (a.range.low, a.range.high)]
([0.3175, 0.1587], [0.3175, 0.8413])
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from typing import Sequence

import numpy as np

# the rules by name live apart, so that naming them needs no war model; imported from here too
from accord.deals.fallbacks import FALLBACK_RULES, FALLBACK_WORDS, fallback_rule  # noqa: F401
from accord.errors import AccordError, ScenarioError


@dataclass(frozen=True)
class BargainingRange:
    """Shares of the pie for side A that both sides prefer to war: [low, high] (A's share).

    ``warning`` says when a bound was clipped to [0, 1].
    """

    low: float
    high: float
    warning: str | None = None

    @property
    def exists(self) -> bool:
        return self.low <= self.high

    @property
    def width(self) -> float:
        return self.high - self.low


def _prob(name: str, x: float) -> float:
    x = float(x)
    if not 0.0 <= x <= 1.0:
        raise AccordError(f"{name} = {x:g} is outside [0, 1]; expected a probability")
    return x


def _cost(name: str, x: float) -> float:
    x = float(x)
    # NaN passes ``x < 0`` and infinity is not a cost: both gave ranges such as [nan, 0.6]
    # or "1 + c_A + c_B = inf: a bargaining range exists" instead of an error.
    if not math.isfinite(x):
        raise AccordError(f"{name} = {x:g} is not finite; expected a cost ≥ 0")
    if x < 0:
        raise AccordError(f"{name} = {x:g} is negative; expected a cost ≥ 0")
    return x


def _representable(value: float, what: str, formula: str, costs: str) -> None:
    """Refuse a result past the largest float (it became ±inf and was printed as a value).

    Every cost a float holds is a valid input (the models put no upper bound on it), so the
    result is computed exactly wherever a float can carry it and refused only where it cannot:
    no threshold of ours decides what is "too costly".
    """
    if not math.isfinite(value):
        raise AccordError(f"{costs}: {what}, {formula}, is beyond the largest float "
                          f"(±{sys.float_info.max:.4g}); expected costs a float can carry the "
                          "result of (costs are shares of the pie: 1 is the whole pie)")


def _discount(x: float) -> float:
    x = float(x)
    if not 0.0 < x < 1.0:
        raise AccordError(f"discount = {x:g}; expected a number in (0, 1)")
    return x


def fearon_range(p: float, cost_a: float, cost_b: float, *, clip: bool = True) -> BargainingRange:
    """Fearon's one-shot bargaining range: the shares of the pie both sides prefer to war.

    A wins the whole pie with probability ``p``; war costs A ``cost_a`` and B ``cost_b`` (as shares
    of the pie). A's expected war payoff is ``p − c_A``, B's ``1 − p − c_B``; a split giving A
    ``x`` is better than war for both iff ``p − c_A ≤ x ≤ p + c_B``. A share cannot leave [0, 1]:
    a bound outside it (war worth less than nothing to a side, which then accepts any split) is
    clipped, and ``warning`` says so; ``clip=False`` keeps the raw bounds.

    Parameters
    ----------
    p : float
        A's probability of winning.
    cost_a, cost_b : float
        The costs of war, as shares of the pie.
    clip : bool, default True
        Clip the bounds to [0, 1] and say so in ``warning``.

    Returns
    -------
    BargainingRange
        ``low`` and ``high`` bounds of A's acceptable share, and ``warning`` if clipped.

    References
    ----------
    Fearon, J. D. (1995). Rationalist explanations for war. International Organization 49(3),
    379–414.

    Examples
    --------
    research/models.md §6: p = 0.6, c_A = 0.1, c_B = 0.15 → [0.50, 0.75].

    >>> r = fearon_range(0.6, 0.1, 0.15); (round(r.low, 2), round(r.high, 2))
    (0.5, 0.75)
    >>> r = fearon_range(0.1, 0.2, 0.95); (r.low, r.high)
    (0.0, 1.0)
    >>> print(r.warning)
    Fearon bounds clipped to [0, 1]: low −0.1 → 0 (A would accept any split), high 1.05 → 1 (B would accept any split)
    """
    p = _prob("p", p)
    low, high = p - _cost("cost_a", cost_a), p + _cost("cost_b", cost_b)
    return _range(low, high, "Fearon", clip)


def _range(low: float, high: float, model: str, clip: bool) -> BargainingRange:
    """[low, high] as a range of A's share, clipped to [0, 1] with a warning naming ``model``.

    A bound outside [0, 1] means war is worth less than nothing to a side, which then accepts
    any split: the share itself cannot leave the pie.
    """
    if not clip or (0.0 <= low and high <= 1.0):
        return BargainingRange(low, high)
    notes = []
    if low < 0.0:
        notes.append(f"low {_g(low)} → 0 (A would accept any split)")
    if high > 1.0:
        notes.append(f"high {_g(high)} → 1 (B would accept any split)")
    return BargainingRange(max(low, 0.0), min(high, 1.0),
                           f"{model} bounds clipped to [0, 1]: " + ", ".join(notes))


def value_text(x: float) -> str:
    """A war value for a line of text: four decimals, or four significant digits once it is
    too large for decimals to mean anything (a cost of 1e300 printed 300 digits).

    Parameters
    ----------
    x : float
        A value of fighting on (:func:`attrition_values`), on the pie's scale.

    Returns
    -------
    str
        ``x`` with four decimals below 10⁶ in size, else with four significant digits.

    References
    ----------
    The rule of this module's lines, ``accord war attrition`` and the web calculator (four
    decimals, as research/models.md §6 gives its oracles).

    Examples
    --------
    >>> value_text(0.31746), value_text(-1e307 / 0.126)
    ('0.3175', '-7.937e+307')
    """
    return f"{x:.4f}" if abs(x) < 1e6 else f"{x:.4g}"


def _g(x: float) -> str:
    return f"{x:.4g}".replace("-", "−")


@dataclass(frozen=True)
class AttritionValues:
    values: tuple[float, float]
    range: BargainingRange
    expected_duration: float


def attrition_values(per_period_win: Sequence[float], per_period_cost: Sequence[float],
                     discount: float, *, clip: bool = True) -> AttritionValues:
    """Values of continued fighting when each period may end the war.

    Each period A wins the whole pie outright with probability ``q_A``, B with ``q_B``; otherwise
    both pay their per-period cost and fighting continues, discounted by δ. A's value solves
    ``V_A = q_A − c_A + δ(1 − q_A − q_B) V_A``, so

        V_A = (q_A − c_A) / (1 − δ(1 − q_A − q_B))        (and symmetrically V_B),

    and the splits both prefer to fighting on give A a share in [V_A, 1 − V_B]. The expected
    number of periods of fighting is 1/(q_A + q_B) (infinite when q_A = q_B = 0). A side whose
    per-period cost exceeds its per-period chance (c_A > q_A) values fighting on below zero;
    the values keep that sign, but the range of A's share is clipped to [0, 1] as
    :func:`fearon_range` clips it (a share cannot leave the pie; such a side accepts any
    split), and ``range.warning`` says so; ``clip=False`` keeps the raw bounds.

    Parameters
    ----------
    per_period_win : sequence of float
        (q_A, q_B).
    per_period_cost : sequence of float
        (c_A, c_B).
    discount : float
        δ.
    clip : bool, default True
        Clip the range to [0, 1] and say so in ``range.warning``.

    Returns
    -------
    AttritionValues
        ``values`` (V_A, V_B) unclipped, the bargaining ``range`` and the
        ``expected_duration``.

    Raises
    ------
    AccordError
        When q_A + q_B exceeds 1, or a value is beyond the largest float (a cost near 1e308).

    References
    ----------
    Fearon, J. D. (1995). Rationalist explanations for war. International Organization 49(3),
    379–414.
    Powell, R. (2004). The inefficient use of power: costly conflict with complete information.
    American Political Science Review 98(2), 231–241.

    Examples
    --------
    research/models.md §6: q = (0.05, 0.03), c = (0.01, 0.01), δ = 0.95.

    >>> a = attrition_values((0.05, 0.03), (0.01, 0.01), 0.95)
    >>> round(a.values[0], 4), round(a.values[1], 4), round(a.expected_duration, 1)
    (0.3175, 0.1587, 12.5)

    Costs above the chances: q = (0.1, 0.1), c = (0.2, 0.2), δ = 0.5 → V = −0.1/0.6 each.

    >>> a = attrition_values((0.1, 0.1), (0.2, 0.2), 0.5)
    >>> round(a.values[0], 4), (a.range.low, a.range.high)
    (-0.1667, (0.0, 1.0))
    >>> a.range.warning.split(": low")[0]
    'Attrition bounds clipped to [0, 1]'
    """
    qa, qb = (_prob("per_period_win", q) for q in per_period_win)
    ca, cb = (_cost("per_period_cost", c) for c in per_period_cost)
    d = _discount(discount)
    if qa + qb > 1.0:
        raise AccordError(f"per-period win probabilities sum to {qa + qb:g}; expected ≤ 1")
    denom = 1.0 - d * (1.0 - qa - qb)
    va, vb = (qa - ca) / denom, (qb - cb) / denom
    # (q − c) is exact enough; dividing by a denominator as small as 1 − δ can overflow
    for side, q, c, v in (("A", qa, ca, va), ("B", qb, cb, vb)):
        _representable(v, f"{side}'s value of fighting on",
                       f"(q_{side} − c_{side}) / (1 − δ(1 − q_A − q_B)) = ({q:g} − {c:g}) / "
                       f"{denom:g}", f"per_period_cost c_{side} = {c:g}")
    dur = 1.0 / (qa + qb) if qa + qb > 0 else float("inf")
    return AttritionValues((va, vb), _range(va, 1.0 - vb, "Attrition", clip), dur)


@dataclass(frozen=True)
class OptimismTest:
    sum_of_estimates: float
    threshold: float
    range: BargainingRange

    @property
    def range_exists(self) -> bool:
        return self.sum_of_estimates <= self.threshold


def mutual_optimism(p_a_by_a: float, p_b_by_b: float, cost_a: float,
                    cost_b: float) -> OptimismTest:
    """Mutual optimism: does a bargaining range survive each side's own estimate of its chances?

    A demands at least ``p_A^A − c_A``; B concedes A at most ``1 − (p_B^B − c_B)``. A settlement
    exists iff ``p_A^A + p_B^B ≤ 1 + c_A + c_B``.

    Parameters
    ----------
    p_a_by_a, p_b_by_b : float
        Each side's own estimate of its probability of winning.
    cost_a, cost_b : float
        The costs of war.

    Returns
    -------
    OptimismTest
        The sum of the estimates, the threshold, and whether a range exists.

    References
    ----------
    Blainey, G. (1973). The Causes of War. Free Press.
    Fearon, J. D. (1995). Rationalist explanations for war. International Organization 49(3),
    379–414.

    Examples
    --------
    research/models.md §6: 0.75 + 0.5 > 1.2, no range.

    >>> t = mutual_optimism(0.75, 0.5, 0.1, 0.1)
    >>> t.range_exists, round(t.sum_of_estimates, 2), round(t.threshold, 2)
    (False, 1.25, 1.2)
    """
    pa, pb = _prob("p_a_by_a", p_a_by_a), _prob("p_b_by_b", p_b_by_b)
    ca, cb = _cost("cost_a", cost_a), _cost("cost_b", cost_b)
    _representable(1.0 + ca + cb, "the threshold", "1 + c_A + c_B",
                   f"cost_a = {ca:g}, cost_b = {cb:g}")
    return OptimismTest(pa + pb, 1.0 + ca + cb, BargainingRange(pa - ca, 1.0 - pb + cb))


@dataclass(frozen=True)
class CommitmentTest:
    """Powell's test, per period: does the declining side attack at t?"""

    war_now: np.ndarray          # (T−1,) bool, one verdict per transition t → t+1
    shift_value: np.ndarray      # δ (p_t − p_{t+1})
    threshold: np.ndarray        # (1 − δ)(1 − p_t + c_D + δ c_R)

    @property
    def war(self) -> bool:
        return bool(self.war_now.any())

    @property
    def first_war_period(self) -> int | None:
        hits = np.flatnonzero(self.war_now)
        return int(hits[0]) if hits.size else None


def commitment_problem(power, discount: float, cost_declining: float,
                       cost_rising: float = 0.0, *, credibility: float = 1.0) -> CommitmentTest:
    """Preventive war under shifting power (Powell's commitment problem).

    ``power`` is the path p_0, p_1, … of the declining side D's probability of winning a war
    fought in that period. The sides divide a flow of 1 per period with discount δ; war fought at
    t gives D ``p_t/(1 − δ) − c_D`` and the rising side R ``(1 − p_t)/(1 − δ) − c_R``
    (Powell's lump-sum costs, here in units of one period's flow). At t the most D can get
    without war is the whole flow now plus what R can credibly promise from t+1 — the total
    minus R's own war payoff then, ``p_{t+1}/(1 − δ) + c_R`` (R cannot commit to accepting less
    than fighting would give it). D attacks at t iff

        p_t/(1 − δ) − c_D > 1 + δ (p_{t+1}/(1 − δ) + c_R)
        ⇔  δ (p_t − p_{t+1}) > (1 − δ)(1 − p_t + c_D + δ c_R).

    With ``cost_rising = 0`` this is the two-period form of models.md §6, which omits the rising
    side's cost (see docs/deals/war.md).

    ``credibility`` κ prices R's promise the way every deferred term is priced in Accord
    (:mod:`accord.deals.commitments`): D counts the promised ``p_{t+1}/(1 − δ) + c_R`` with
    probability κ and otherwise what it can always secure then, its own war value
    ``p_{t+1}/(1 − δ) − c_D``; the test becomes

        δ (p_t − p_{t+1}) > (1 − δ)(1 − p_t + c_D + δ (κ c_R − (1 − κ) c_D)).

    κ = 1 (the default) is Powell's fully credible bound; a less credible promise lowers the
    threshold and so makes preventive war likelier.

    Parameters
    ----------
    power : sequence of float
        D's win probability in each period (at least two).
    discount : float
        δ.
    cost_declining : float
        c_D.
    cost_rising : float, default 0
        c_R.
    credibility : float, default 1
        κ, the probability that R keeps its promise.

    Returns
    -------
    CommitmentTest
        Per period the value of the shift, the threshold and whether D attacks; ``war`` and the
        first such period.

    Raises
    ------
    AccordError
        Fewer than two periods, a power or credibility that is not a probability, or a
        threshold beyond the largest float (costs near 1e308).

    References
    ----------
    Powell, R. (2006). War as a commitment problem. International Organization 60(1), 169–203.

    Examples
    --------
    research/models.md §6: δ = 0.9, c_A = 0.05, p₀ = 0.6 → war if p₁ = 0.3, none if p₁ = 0.58.

    >>> commitment_problem([0.6, 0.3], 0.9, 0.05).war
    True
    >>> commitment_problem([0.6, 0.58], 0.9, 0.05).war
    False
    """
    p = np.asarray(power, dtype=float)
    if p.ndim != 1 or p.size < 2:
        raise AccordError("power must list at least two periods' win probabilities")
    if not np.all((p >= 0) & (p <= 1)):  # NaN too: it gave "δ·shift = nan …: no war"
        bad = p[~((p >= 0) & (p <= 1))][0]
        raise AccordError(f"power {bad:g} is outside [0, 1]; expected each period's win "
                          "probability")
    d = _discount(discount)
    cd, cr = _cost("cost_declining", cost_declining), _cost("cost_rising", cost_rising)
    k = _prob("credibility", credibility)
    shift = d * (p[:-1] - p[1:])
    # the promise from t+1 on at its credible value: κ (p'/(1−δ) + c_R) + (1 − κ)(p'/(1−δ) − c_D)
    with np.errstate(over="ignore", invalid="ignore"):  # refused just below, by name
        threshold = (1.0 - d) * (1.0 - p[:-1] + cd + d * (k * cr - (1.0 - k) * cd))
    _representable(float(np.max(np.abs(threshold))), "the threshold",
                   "(1 − δ)(1 − p_t + c_D + δ (κ c_R − (1 − κ) c_D))",
                   f"cost_declining = {cd:g}, cost_rising = {cr:g}")
    return CommitmentTest(shift > threshold, shift, threshold)


def expected_war_value(utilities, probabilities, cost=0.0) -> np.ndarray:
    """Each party's expected utility of war over possible end states.

    ``V_p = Σ_k P(k) u_p(k) − cost_p``: the multi-issue fallback of models.md §6.

    Parameters
    ----------
    utilities : array_like
        (P, K) party utilities of the K end states (outcomes of a deal space, e.g.
        ``space.utilities(end_state_indices)``).
    probabilities : array_like
        (K,) their chances given war (must sum to 1).
    cost : float or array_like, default 0
        Scalar or (P,).

    Returns
    -------
    ndarray
        (P,).

    Raises
    ------
    AccordError
        When the probabilities are not one per end state or do not sum to 1.

    References
    ----------
    Fearon, J. D. (1995). Rationalist explanations for war. International Organization 49(3),
    379–414.

    Examples
    --------
    >>> expected_war_value(np.array([[1.0, 0.2], [0.0, 0.9]]), [0.3, 0.7], [0.05, 0.1]).round(3)
    array([0.39, 0.53])
    """
    U = np.asarray(utilities, dtype=float)
    pr = np.asarray(probabilities, dtype=float)
    if pr.ndim != 1 or U.shape[-1] != pr.size:
        raise AccordError("one probability per end state expected")
    if np.any(pr < 0) or not np.isclose(pr.sum(), 1.0):
        raise AccordError(f"end-state probabilities sum to {pr.sum():g}; expected 1")
    return U @ pr - np.asarray(cost, dtype=float)


def war_values(o, others_per_period_win: float = 0.0) -> dict[str, float]:
    """The war values an outside option's parameters give.

    Parameters
    ----------
    o : OutsideOption
        The party's outside option.
    others_per_period_win : float, default 0
        The other parties' summed per-period chances of winning (for the attrition value).

    Returns
    -------
    dict
        ``fearon`` (p − c) when ``win_probability`` and ``cost`` are stated, ``attrition`` when
        ``per_period_win``, ``per_period_cost`` and ``discount`` are (and the chances sum to at
        most 1).

    References
    ----------
    Fearon (1995); the attrition value of :func:`attrition_values` (models.md §6).

    Examples
    --------
    >>> from accord.scenario.model import OutsideOption
    >>> o = OutsideOption(actor="a", win_probability=0.6, cost=0.1, per_period_win=0.05,
    ...                   per_period_cost=0.01, discount=0.95)
    >>> {k: round(v, 4) for k, v in war_values(o, 0.03).items()}
    {'fearon': 0.5, 'attrition': 0.3175}
    """
    out = {}
    if o.win_probability is not None and o.cost is not None:
        out["fearon"] = o.win_probability - o.cost
    if o.per_period_win is not None and o.per_period_cost is not None and o.discount is not None \
            and o.per_period_win + others_per_period_win <= 1.0:
        out["attrition"] = attrition_values((o.per_period_win, others_per_period_win),
                                            (o.per_period_cost, 0.0), o.discount).values[0]
    return out


def war_contradictions(scenario, space) -> list[str]:
    """Outside options whose war parameters contradict their stated reservation.

    A stated reservation ``r`` says the party refuses every deal worth less than ``r`` to it. If
    its war parameters value war below the best of those refused deals, the two cannot both hold:
    the party would refuse a deal it prefers to the war it falls back on. Deals are those of
    ``space`` (within the red lines, when it has them).

    Parameters
    ----------
    scenario : Scenario
        The scenario whose outside options are checked.
    space : OutcomeSpace
        Its deal space (``OutcomeSpace.from_scenario``).

    Returns
    -------
    list of str
        One sentence per contradiction, naming the party, the war value and the refused deal.

    References
    ----------
    Fearon (1995): a party accepts any split worth more to it than war; ``docs/deals/index.md``.

    Examples
    --------
    >>> from accord.deals.space import OutcomeSpace
    >>> from accord.scenario.model import OutsideOption
    >>> sp = OutcomeSpace.from_tables({"x": ["a", "b", "c"]},
    ...     {"P": {"x": [1.0, 0.6, 0.0]}, "Q": {"x": [0.0, 0.4, 1.0]}})
    >>> class View:  # the one attribute read: the outside options
    ...     outside_options = [OutsideOption(actor="P", reservation=0.8, win_probability=0.5,
    ...                                      cost=0.2)]
    >>> war_contradictions(View(), sp)[0][:61]
    'P: Fearon war value (p − c) 0.3 is below 0.6000, the worth of'
    """
    from accord.deals.red_lines import restrict

    sub = restrict(space).space
    opts = {o.actor: o for o in scenario.outside_options}
    out = []
    for p, party in enumerate(sub.party_ids):
        o = opts.get(party)
        if o is None or o.reservation is None:
            continue
        others = sum(opts[q].per_period_win or 0.0 for q in sub.party_ids
                     if q != party and q in opts)
        values = war_values(o, others)
        if not values:
            continue
        refused = -np.inf
        for _, block in sub.iter_utilities():
            u = block[p]
            below = u[u < o.reservation - 1e-12]
            if below.size:
                refused = max(refused, float(below.max()))
        if not np.isfinite(refused):
            continue
        for rule, v in values.items():
            if v < refused:
                out.append(f"{sub.name_of(party)}: {FALLBACK_WORDS[rule]} {_g(v)} is below "
                           f"{refused:.4f}, the worth of a deal its stated reservation "
                           f"{o.reservation:g} refuses — the reservation and the war parameters "
                           "disagree")
    return out


def reservation_values(scenario, parties: Sequence[str], *,
                       prefer: str = "stated") -> dict[str, tuple[float, str]]:
    """``{actor: (reservation, how it was obtained)}`` from the scenario's outside options.

    Rules for an actor's :class:`~accord.scenario.model.OutsideOption`:

    - ``stated``: its ``reservation``;
    - ``fearon``: Fearon's war value ``win_probability − cost``;
    - ``attrition``: the attrition value from ``per_period_win``, ``per_period_cost`` and
      ``discount``, where the chance that the war ends against the actor in a period is the sum
      of the other parties' ``per_period_win``.

    ``prefer`` is tried first, then the others in the order above (the default order is
    stated → fearon → attrition). An actor without an outside option gets 0 (no deal is as bad
    as the worst outcome). The explanation names the rule and the evidence ids.

    Parameters
    ----------
    scenario : Scenario
    parties : sequence of str
        The actors to value.
    prefer : {"stated", "fearon", "attrition"}
        The rule tried first.

    Returns
    -------
    dict
        Actor id → (reservation value, explanation).

    Raises
    ------
    AccordError
        An unknown rule.
    ScenarioError
        An outside option whose fields cannot give a value (named by its place in the scenario).

    References
    ----------
    Fearon, J. D. (1995). Rationalist explanations for war. International Organization 49(3),
    379–414.

    Examples
    --------
    >>> from accord.scenario.model import Scenario
    >>> s = Scenario.model_validate({"id": "war", "title": "two sides",
    ...     "actors": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
    ...     "issues": [{"id": "x", "name": "X", "low": 0, "high": 100}],
    ...     "outside_options": [
    ...         {"actor": "a", "description": "fight on", "win_probability": 0.6, "cost": 0.1},
    ...         {"actor": "b", "description": "fight on", "reservation": 0.3,
    ...          "per_period_win": 0.03, "per_period_cost": 0.01, "discount": 0.95}]})
    >>> reservation_values(s, ["a", "b"])["b"]
    (0.3, 'stated reservation [no evidence]')
    >>> value, how = reservation_values(s, ["a", "b"], prefer="attrition")["b"]
    >>> round(value, 4), how.split(" (")[0]           # (0.03 − 0.01)/(1 − 0.95·0.97)
    (0.2548, 'attrition value')
    """
    if prefer not in FALLBACK_RULES:
        raise AccordError(f"unknown fallback rule {prefer!r}; expected one of: "
                          f"{', '.join(FALLBACK_RULES)}")
    order = (prefer,) + tuple(r for r in FALLBACK_RULES if r != prefer)
    opts = {o.actor: (n, o) for n, o in enumerate(scenario.outside_options)}
    out: dict[str, tuple[float, str]] = {}
    for party in parties:
        if party not in opts:
            out[party] = (0.0, "no outside option stated: 0")
            continue
        n, o = opts[party]
        cites = f" [evidence: {', '.join(o.evidence)}]" if o.evidence else " [no evidence]"
        for rule in order:
            if rule == "stated" and o.reservation is not None:
                out[party] = (float(o.reservation), "stated reservation" + cites)
            elif rule == "fearon" and o.win_probability is not None and o.cost is not None:
                v = o.win_probability - o.cost
                clipped = f" = {_g(v)}, clipped to 0 (war worth less than the worst deal)" \
                    if v < 0 else ""
                out[party] = (max(v, 0.0), f"Fearon war value p − c = {o.win_probability:g} − "
                              f"{o.cost:g}{clipped}" + cites)
            elif (rule == "attrition" and o.per_period_win is not None
                  and o.per_period_cost is not None and o.discount is not None):
                others = sum(opts[q][1].per_period_win or 0.0 for q in parties
                             if q != party and q in opts)
                if o.per_period_win + others > 1:
                    raise ScenarioError(f"outside_options[{n}].per_period_win",
                                        "the parties' per-period win probabilities sum to more "
                                        "than 1; expected a total ≤ 1")
                a = attrition_values((o.per_period_win, others), (o.per_period_cost, 0.0),
                                     o.discount)
                out[party] = (a.values[0], f"attrition value (q = {o.per_period_win:g}, others' "
                              f"q = {others:g}, c = {o.per_period_cost:g}, δ = {o.discount:g})"
                              + cites)
            else:
                continue
            break
        else:
            raise ScenarioError(f"outside_options[{n}]",
                                f"the outside option of {party!r} gives no usable numbers; "
                                "expected reservation, or win_probability and cost, or "
                                "per_period_win, per_period_cost and discount")
    return out
