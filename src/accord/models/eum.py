"""Bueno de Mesquita's expected-utility model (EUM), as specified by Scholz, Calbert & Smith.

Scholz, J. B., Calbert, G. J. & Smith, G. A. (2011), "Unravelling Bueno De Mesquita's group
decision model", ICAART 2011, pp. 18–30 (journal version: J. Theoretical Politics 23(4),
510–531). Section and equation numbers below are theirs; ``docs/models/eum.md`` explains every
interpretive choice.

Each round, on each issue (issues are independent):

1. The weighted median μ of the positions (the Condorcet winner of the votes, eq. 26–29).
2. Every ordered pair (i challenges j) gets the basic utilities (eqs. 15, 16, 22–24)

   U_s = 2 − 4[0.5 − 0.5 d]^r,  U_f = 2 − 4[0.5 + 0.5 d]^r,   d = |x_i − x_j| / R,
   U_b = 2 − 4[0.5 − 0.25 (|x_i − μ| + |x_i − x_j|)/R]^r,  U_w = 2 − 4[0.5 + 0.25 (…)/R]^r,
   U_sq = 2 − 4 (0.5)^r,

   the probability of success P (eq. 31, from everybody's votes) and the expected utility of
   challenging (eq. 25)

   E(U_ij) = s_j (P U_s + (1 − P) U_f) + (1 − s_j) U_s − Q U_sq − (1 − Q)(T U_b + (1 − T) U_w).

3. Risk (§5): with every r = 1, each actor's security Σ_{j≠i} E(U_ji) is mapped to
   R_i ∈ [−1, 1] (eq. 34) and r_i = (1 − R_i/3)/(1 + R_i/3) (eq. 33); the expected utilities
   are then computed again with these r_i.
4. Each ordered pair falls in an octant of (E^i(U_ij), E^j(U_ji)) (fig. 6): confrontation,
   compromise, compel/capitulate or stalemate. The octants in which i gives ground are offers
   to i; each actor takes one offer (§6.2) and all actors move at once.

Every array operation runs over a leading axis that stacks batch variants and issues, so B
Monte Carlo variants of a multi-issue scenario are one call.

Parameters
----------
arrays : ScenarioArrays, optionally batched (B, A, I).
params : EUMParams; the defaults reproduce Scholz et al.'s published results (Table 2).

Returns
-------
ModelResult with ``forecast`` (..., I) — the weighted median (or mean) after the last round —
``rounds`` (round 0 = the initial positions; round t = after Scholz's round t; ``extra["risk"]``
holds the r_i used in each round, 1 in round 0) and, for unbatched runs, ``details`` with the
interaction log of every ordered pair in every round and a one-line ``summary``.

Examples
--------
Scholz et al.'s Table 2 (EC car emissions, Q = 1): the median after rounds 1 and 3.

>>> from accord.scenario.builtin import load_builtin
>>> res = eum(load_builtin("ec-emissions-1994").to_arrays())
>>> [round(float(m), 3) for m in res.rounds.median[[1, 3], 0]]
[8.416, 9.962]
>>> res.details["log"][0]["sentence"]
'Belgium compromises with France, moving from 7 to 8.416'

References
----------
Bueno de Mesquita, B. (1994), "Political forecasting: an expected utility method", in Bueno de
Mesquita & Stokman (eds.), European Community Decision Making, Yale UP, ch. 4.
Bueno de Mesquita, B. (1985), "The war trap revisited", APSR 79(1), 156–177.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass

import numpy as np

from accord.errors import AccordError
from accord.models import oracles
from accord.models.base import (ModelResult, ModelSpec, Rounds, Variant, register,
                                require_finite, rounds_from_positions, weighted_median, weights)
from accord.models.convergence import cycle_mean
from accord.models.text import Id, marked
from accord.parallel import run_blocks
from accord.scenario.arrays import ScenarioArrays

# Octants of (a, b) = (E^i(U_ij), E^j(U_ji)) seen from i (Scholz et al., fig. 6).
NONE, CONFRONT_LOSE, CONFRONT_WIN, COMPROMISE_GIVE, COMPEL_GIVE, COMPROMISE_GET, COMPEL_GET, \
    STALEMATE = range(8)
OCTANT_NAMES = ("none", "confrontation-", "confrontation+", "compromise-", "compel-",
                "compromise+", "compel+", "stalemate")

# Positions closer than this fraction of the scale R are the same position. A compromise move
# (eq. 35/36) towards a nearby actor converges quadratically: 1 − |E^i/E^j| shrinks with the gap,
# so within a few rounds the gap falls from 1e-3 R to 1e-7 R and then to float noise (8e-15 R:
# Belgium at 9.99999999999992 beside France at 10.0 in the EC case). The pair's expected
# utilities are then ±1e-15 — rounding, whose sign follows the order of the sums (actor order)
# and the units — and the octant with them. Gaps above 1e-9 R are computed to a relative 1e-6
# (E(U) grows linearly with the gap; its rounding error is about 1e-15), so the threshold
# separates real gaps from rounding with room on both sides: a move that lands within it of the
# proposer's position lands exactly there, and two actors within it of each other are at the
# same position (no contest, as for equal positions).
SAME_POSITION = 1e-9
# Expected utilities are sums of terms of order 1, computed to about 1e-15. Where the theory makes
# two of them equal in magnitude, rounding alone would pick the octant: e.g. as a gap d closes,
# E^i(U_ij) ≈ k d (1 − 2 s_j) and E^j(U_ji) ≈ k d (1 − 2 s_i), equal and opposite when
# s_i + s_j = 1, so compromise (|E^j| ≥ |E^i|) or compel (|E^i| > |E^j|) followed the rounding.
# Magnitudes within EU_TIE of each other are equal (fig. 6's boundary cases: a compromise, whose
# move is then at most the whole way to the proposer; a confrontation won by neither side's
# margin counts as i's win, as an exact tie always did).
EU_TIE = 1e-12

# Problems per chunk × A³ (500 problems of 10 actors): the (chunk, A, A) work arrays then stay in
# a core's cache, and memory is bounded whatever the batch size.
_CHUNK_ELEMENTS = 500_000

_CHOICES = {
    "probability": ("all_pairs", "pairwise"),
    "vote_exponent": ("risk", "linear"),
    "perspective": ("receiver", "own"),
    "leading_salience": ("target", "printed"),
    "capitulation": ("paper", "replication"),
    "offer_selection": ("scholz", "by_type", "least_move"),
    "forecast": ("median", "mean"),
    "cycles": ("mean", "last"),
}


@dataclass(frozen=True)
class EUMParams:
    """Parameters of the expected-utility model; defaults reproduce Scholz et al. (2011), Table 2.

    ``EUMParams.as_printed()`` reads the paper's equations literally instead, and
    ``EUMParams.replication()`` is the public Python replication (jmckib). See
    ``docs/models/eum.md`` for why each default is what it is.
    """

    rounds: int = 8
    """Most rounds to run (Table 2 shows 8)."""
    tolerance: float = 0.0
    """Stop early once no position moves by more than ``tolerance × R`` in a round (0: stop at a
    fixed point, which changes nothing but time). Stopped runs repeat their last state."""
    q: float = 1.0
    """Q, the probability of the status quo if i does not challenge (1.0 in Scholz's results)."""
    probability: str = "all_pairs"
    """Normaliser of P (eq. 30/31): ``"all_pairs"`` divides the votes for i over j by the summed
    absolute votes over all pairs of actors ("combining across all pairs", §4; Scholz's results
    need it); ``"pairwise"`` by the votes on the pair (i, j) alone, eq. 31 as printed."""
    vote_exponent: str = "risk"
    """Votes in P after the risk step: ``"risk"`` uses each voter's utility with its own r_k
    (BDM 1997's u^k(x) = 1 − |x_k − x|^{r_k}); ``"linear"`` is eq. 31 as printed."""
    perspective: str = "receiver"
    """Whose r evaluates E^j(U_ji) in the octant test: ``"receiver"`` — both expected utilities
    as perceived by the actor that may move (fig. 6, "according to i's viewpoint");
    ``"own"`` — each with its own actor's r (eq. 25b, BDM 1985 p. 158)."""
    leading_salience: str = "target"
    """The salience that multiplies the contest term: ``"target"`` — the challenged actor's
    (eq. 6: the chance that the target resists), in E^j(U_ji) too; ``"printed"`` — s_j in both
    eq. 25a and 25b as printed, i.e. the challenger's own salience in E^j(U_ji)."""
    capitulation: str = "paper"
    """``"paper"``: i capitulates (moves fully to j) when E^i(U_ij) < 0 < E^j(U_ji) < |E^i(U_ij)|
    (fig. 6, "Compel −"); ``"replication"``: that test never fires (jmckib compares E^j with its
    own absolute value)."""
    offer_selection: str = "scholz"
    """Which offer an actor takes (§6.2): ``"by_type"`` — confrontation before compromise
    before capitulation, the least move within a type; ``"scholz"`` — the same, but among
    compromises the one whose |EU|-weighted average of the two positions is lowest (what
    reproduces Table 2, rounds 4–8); ``"least_move"`` — the smallest move of all."""
    risk: bool = True
    """Estimate r_i (§5); False keeps every r_i = 1."""
    forecast: str = "median"
    """The forecast: the weighted ``"median"`` (BDM's) or ``"mean"`` after the last round."""
    cycles: str = "mean"
    """When the rounds end in a cycle (:mod:`accord.models.convergence`): ``"mean"`` forecasts
    the mean of the median (or mean) over one period of the cycle, the centre of the
    oscillation; ``"last"`` is the paper's literal rule, the last round's value whatever phase
    of the cycle it is."""

    def __post_init__(self) -> None:
        for name, allowed in _CHOICES.items():
            if getattr(self, name) not in allowed:
                raise AccordError(f"eum.{name}: {getattr(self, name)!r} is not a choice; expected "
                                  f"one of: {', '.join(allowed)}")
        if int(self.rounds) != self.rounds or self.rounds < 0:
            raise AccordError(f"eum.rounds: {self.rounds!r}; expected a whole number ≥ 0")
        if not 0.0 <= self.q <= 1.0:
            raise AccordError(f"eum.q: {self.q!r} is outside [0, 1]")
        if self.tolerance < 0:
            raise AccordError(f"eum.tolerance: {self.tolerance!r}; expected ≥ 0")

    @classmethod
    def as_printed(cls, **overrides) -> "EUMParams":
        """The equations exactly as printed: eq. 31, linear votes, eq. 25b (its exponent and its
        s_j), §6.2's ordered list."""
        base = dict(probability="pairwise", vote_exponent="linear", perspective="own",
                    leading_salience="printed", offer_selection="by_type")
        return cls(**{**base, **overrides})

    @classmethod
    def replication(cls, **overrides) -> "EUMParams":
        """jmckib/bdm-scholz-expected-utility-model: Scholz's choices, its never-firing
        capitulation test, 10 rounds."""
        return cls(**{**dict(capitulation="replication", rounds=10), **overrides})


# --- the pieces of one round, each over (N, A) or (N, A, A) arrays (N = variants × issues) ---

def vote_probability(dist, w, active, exponent, normaliser):
    """P[n, i, j]: i's probability of prevailing over j from everybody's votes (eq. 30/31).

    ``dist[n, k, a]`` = |x_k − x_a|/R. Voter k's vote for x_i over x_j is
    v_k = w_k ((|x_k − x_j|/R)^{e_k} − (|x_k − x_i|/R)^{e_k}) and
    P = Σ_k max(0, v_k) / normaliser. Because Σ_k max(0, v_k) = (Σ_k |v_k| + Σ_k v_k)/2, only
    the absolute part needs work of order A³ per problem, and as it is symmetric in (i, j) only
    the pairs i < j are computed.

    Parameters
    ----------
    dist : ndarray
        (N, A, A) distances |x_k − x_a|/R of N independent problems (variants × issues).
    w : ndarray
        (N, A) vote weights c·s.
    active : ndarray
        (N, A) bool: actors taking part (the others' votes count as 0).
    exponent : ndarray or None
        (N, A) each voter's exponent e_k (its risk r_k), or None for 1 (eq. 31 as printed).
    normaliser : {"pairwise", "all_pairs"}
        Σ_k |v_k| over the pair (i, j) alone, or over all pairs ("combining across all pairs", §4).

    Returns
    -------
    ndarray
        (N, A, A).

    References
    ----------
    Scholz, J. B., Calbert, G. J. & Smith, G. A. (2011). Unravelling Bueno De Mesquita's group
    decision model. Journal of Theoretical Politics 23(4), 510–531 (ICAART 2011, pp. 18–30).

    Examples
    --------
    Positions 0, 50 and 100 (R = 100) with weights 1, 1, 2: for 0 against 50 the votes are
    0.5, −0.5 and −1, so P = 0.5 / 2 = 0.25; for 0 against 100 they are 1, 0, −2: P = 1/3.

    >>> x = np.array([[0., 50., 100.]])
    >>> dist = np.abs(x[:, :, None] - x[:, None, :]) / 100
    >>> p = vote_probability(dist, np.array([[1., 1., 2.]]), np.ones((1, 3), bool), None,
    ...                      "pairwise")
    >>> p[0, 0, 1], round(float(p[0, 0, 2]), 6)
    (np.float64(0.25), 0.333333)
    """
    n, a, _ = dist.shape
    w = np.where(active, w, 0.0)
    util = dist if exponent is None else _power(dist, exponent[:, :, None])   # voter k's loss
    weighted_util = w[:, :, None] * util             # w_k ≥ 0, so |w_k Δ| = w_k |Δ|
    upper_i, upper_j, to_square = _pair_layout(a)
    # Σ_k w_k |ℓ_k(x_j) − ℓ_k(x_i)| for the pairs i < j, one voter at a time: the (N, pairs)
    # work arrays stay in cache, about three times faster than one (N, A, pairs) tensor.
    upper = np.zeros((n, len(upper_i) + 1))                                     # last column: 0
    total, left, right = upper[:, :-1], np.empty((n, len(upper_i))), np.empty((n, len(upper_i)))
    for k in range(a):
        voter = weighted_util[:, k, :]
        np.take(voter, upper_j, axis=1, out=left)
        np.take(voter, upper_i, axis=1, out=right)
        np.subtract(left, right, out=left)
        np.abs(left, out=left)
        total += left
    abs_votes = np.take(upper, to_square, axis=1).reshape(n, a, a)
    weighted = np.einsum("nka->na", weighted_util)                            # Σ_k w_k loss_k(a)
    signed = weighted[:, None, :] - weighted[:, :, None]                       # Σ_k v_k for (i, j)
    support = np.maximum(0.5 * (abs_votes + signed), 0.0)
    if normaliser == "pairwise":
        return np.divide(support, abs_votes, out=np.zeros_like(support), where=abs_votes > 0)
    pair = active[:, :, None] & active[:, None, :]
    # einsum sums short axes several times faster than ndarray.sum.
    total = np.einsum("nij->n", abs_votes * pair)
    scale = np.divide(1.0, total, out=np.zeros_like(total), where=total > 0)
    return support * scale[:, None, None]


@functools.lru_cache(maxsize=64)
def _pair_layout(a):
    """Pairs i < j, and for each (i, j) of an A × A matrix the index of its pair (A(A−1)/2 on
    the diagonal, a zero column)."""
    upper_i, upper_j = np.triu_indices(a, 1)
    index = np.full((a, a), len(upper_i))
    index[upper_i, upper_j] = np.arange(len(upper_i))
    index[upper_j, upper_i] = np.arange(len(upper_i))
    return upper_i, upper_j, index.reshape(-1)


def _power(base, exponent):
    """base ** exponent for base ≥ 0, exponent > 0 (exp/log is faster than np.power here)."""
    if np.ndim(exponent) == 0 and exponent == 1.0:
        return base
    with np.errstate(divide="ignore"):
        return np.exp(exponent * np.log(base))


def basic_utilities(dist, rho):
    """U_s, U_f (eqs. 15, 16) and U_sq (eq. 24) of challenges over ``dist`` = |x_i − x_j|/R.

    U_s = 2 − 4(0.5 − 0.5 d)^r (success), U_f = 2 − 4(0.5 + 0.5 d)^r (failure),
    U_sq = 2 − 4 (0.5)^r (status quo).

    Parameters
    ----------
    dist : ndarray
        Distances |x_i − x_j|/R.
    rho : float or ndarray
        The challenger's risk exponent r (broadcast against ``dist``).

    Returns
    -------
    tuple of ndarray
        (U_s, U_f, U_sq).

    References
    ----------
    Scholz, J. B., Calbert, G. J. & Smith, G. A. (2011). Unravelling Bueno De Mesquita's group
    decision model. Journal of Theoretical Politics 23(4), 510–531 (ICAART 2011, pp. 18–30).

    Examples
    --------
    Risk-neutral (r = 1): U_s = 2d, U_f = −2d, U_sq = 0.

    >>> [u.tolist() for u in basic_utilities(np.array([0.0, 0.5, 1.0]), 1.0)[:2]]
    [[0.0, 1.0, 2.0], [0.0, -1.0, -2.0]]
    """
    u_success = 2.0 - 4.0 * _power(0.5 - 0.5 * dist, rho)
    u_failure = 2.0 - 4.0 * _power(0.5 + 0.5 * dist, rho)
    u_status_quo = 2.0 - 4.0 * _power(np.float64(0.5), rho)
    return u_success, u_failure, u_status_quo


def challenge_utility(prob, basics, salience, q, dist=None, dist_median=None, rho=None):
    """E(U_ij) = s (P U_s + (1 − P) U_f) + (1 − s) U_s − Q U_sq − (1 − Q)(T U_b + (1 − T) U_w).

    Eqs. 5–7 and 25, with ``basics`` = (U_s, U_f, U_sq) from :func:`basic_utilities`. For
    Q < 1 the no-challenge branch needs ``dist`` = |x_i − x_j|/R, ``dist_median`` = |x_i − μ|/R
    of the challenger and its exponent ``rho``: U_b, U_w of eqs. 22, 23, with T = 1 when μ is
    closer to the challenger than the target is (Scholz's cases 1 and 3A, p. 22).

    Parameters
    ----------
    prob : ndarray
        P, the challenger's probability of prevailing (:func:`vote_probability`).
    basics : tuple of ndarray
        (U_s, U_f, U_sq).
    salience : ndarray
        s, the salience of the target (the chance that it resists, eq. 6).
    q : float
        Q, the probability that the status quo holds if i does not challenge.
    dist, dist_median, rho : ndarray, optional
        Needed only when Q < 1 (see above).

    Returns
    -------
    ndarray
        The expected utility of challenging, shaped as ``prob``.

    References
    ----------
    Scholz, J. B., Calbert, G. J. & Smith, G. A. (2011). Unravelling Bueno De Mesquita's group
    decision model. Journal of Theoretical Politics 23(4), 510–531 (ICAART 2011, pp. 18–30).
    Bueno de Mesquita, B. (1985). The war trap revisited. American Political Science Review
    79(1), 156–177.

    Examples
    --------
    P = 0.5, d = 0.5, s = 0.5, Q = 1 (risk-neutral): 0.5·(0.5 − 0.5) + 0.5·1 − 0 = 0.5.

    >>> float(challenge_utility(np.array(0.5), basic_utilities(np.array(0.5), 1.0),
    ...                         np.array(0.5), 1.0))
    0.5
    """
    u_success, u_failure, u_status_quo = basics
    eu = salience * (prob * (u_success - u_failure) + u_failure) \
        + (1.0 - salience) * u_success - q * u_status_quo
    if q < 1.0:   # with Q = 1 (Scholz's results) the no-challenge branch vanishes: skip its powers
        spread = 0.25 * (dist_median + dist)
        u_better = 2.0 - 4.0 * _power(0.5 - spread, rho)
        u_worse = 2.0 - 4.0 * _power(0.5 + spread, rho)
        eu = eu - (1.0 - q) * np.where(dist_median < dist, u_better, u_worse)
    return eu


def risk_exponents(eu_linear, active):
    """r_i from the risk-neutral expected utilities E(U_ji) of everybody challenging i (§5).

    Security_i = Σ_{j≠i} E(U_ji); R_i = (2 Security_i − max − min)/(max − min) (eq. 34, maximum
    and minimum over the actors); r_i = (1 − R_i/3)/(1 + R_i/3) (eq. 33), so r ∈ [0.5, 2]. When
    every actor is equally secure (max = min) R_i = 0 and r_i = 1.

    Parameters
    ----------
    eu_linear : ndarray
        (N, A, A): ``eu_linear[n, j, i]`` = E(U_ji) with every r = 1.
    active : ndarray
        (N, A) bool.

    Returns
    -------
    ndarray
        (N, A) exponents r_i.

    References
    ----------
    Scholz, J. B., Calbert, G. J. & Smith, G. A. (2011). Unravelling Bueno De Mesquita's group
    decision model. Journal of Theoretical Politics 23(4), 510–531 (ICAART 2011, pp. 18–30).

    Examples
    --------
    Securities 0.3 − 0.2 = 0.1, 0.2 + 0.4 = 0.6 and −0.1 + 0.1 = 0: R = −2/3, 1, −1, so
    r = (11/9)/(7/9) = 11/7, 0.5 and 2.

    >>> eu = np.array([[[0, 0.2, -0.1], [0.3, 0, 0.1], [-0.2, 0.4, 0]]])
    >>> risk_exponents(eu, np.ones((1, 3), bool)).round(4).tolist()
    [[1.5714, 0.5, 2.0]]
    """
    n, a = active.shape
    challengers = active[:, :, None] & ~np.eye(a, dtype=bool)[None]            # [n, j, i]
    security = np.where(challengers, eu_linear, 0.0).sum(axis=1)                # [n, i]
    hi = np.where(active, security, -np.inf).max(axis=1, keepdims=True)
    lo = np.where(active, security, np.inf).min(axis=1, keepdims=True)
    spread = hi - lo
    with np.errstate(invalid="ignore", divide="ignore"):
        big_r = np.where(spread > 0, (2.0 * security - hi - lo) / spread, 0.0)
    big_r = np.where(active, big_r, 0.0)
    return (1.0 - big_r / 3.0) / (1.0 + big_r / 3.0)


def _octant_table():
    """Octant code for every (sign a, sign b, b > a, |b| > |a|, |a| > |b|) — one lookup per pair."""
    table = np.full(72, NONE, dtype=np.int8)
    for sa, sb, b_above, b_bigger, a_bigger in np.ndindex(3, 3, 2, 2, 2):
        index = ((sa * 3 + sb) * 2 + b_above) * 4 + b_bigger * 2 + a_bigger
        sa_, sb_ = sa - 1, sb - 1
        if sa_ > 0 and sb_ > 0:
            table[index] = CONFRONT_LOSE if b_above else CONFRONT_WIN
        elif sa_ < 0 and sb_ > 0:
            table[index] = COMPEL_GIVE if a_bigger else COMPROMISE_GIVE
        elif sa_ > 0 and sb_ < 0:
            table[index] = COMPEL_GET if b_bigger else COMPROMISE_GET
        elif sa_ < 0 and sb_ < 0:
            table[index] = STALEMATE
    return table


_OCTANT_TABLE = _octant_table()


def octants(a, b, tie=EU_TIE):
    """Fig. 6 octant codes of (a, b) = (E^i(U_ij), E^j(U_ji)), from i's point of view.

    Both positive: confrontation, won by the larger. Opposite signs: the positive side has the
    upper hand; a compromise when the positive value is at least the negative one's magnitude
    (eq. 35/36 then move the loser a fraction ≤ 1), else the loser is compelled. Both
    negative: stalemate. A zero (e.g. equal positions): no contest.

    Parameters
    ----------
    a, b : ndarray
        E^i(U_ij) and E^j(U_ji), any matching shapes.
    tie : float, default ``EU_TIE``
        Values (and magnitudes) closer than this are equal: float rounding does not decide
        between a compromise and a compulsion, or who wins a confrontation.

    Returns
    -------
    ndarray
        int8 codes (``OCTANT_NAMES`` names them).

    References
    ----------
    Scholz, J. B., Calbert, G. J. & Smith, G. A. (2011). Unravelling Bueno De Mesquita's group
    decision model. Journal of Theoretical Politics 23(4), 510–531 (ICAART 2011, pp. 18–30),
    fig. 6.

    Examples
    --------
    >>> a, b = np.array([0.2, -0.1, -0.5, -0.1]), np.array([0.5, 0.3, 0.3, -0.2])
    >>> [OCTANT_NAMES[c] for c in octants(a, b)]
    ['confrontation-', 'compromise-', 'compel-', 'stalemate']
    """
    abs_a, abs_b = np.abs(a), np.abs(b)
    index = (np.sign(a).astype(np.int8) + 1) * 3 + (np.sign(b).astype(np.int8) + 1)
    index = index * 2 + (b > a + tie)
    index = index * 4 + (abs_b > abs_a + tie) * 2 + (abs_a > abs_b + tie)
    return _OCTANT_TABLE[index]


# Rank of an offer by §6.2's order (conflict, compromise, acquiesce); 3 = no offer to the actor.
_RANK_BY_TYPE = np.array([3, 0, 3, 1, 2, 3, 3, 3], dtype=np.int8)
_RANK_LEAST_MOVE = np.array([3, 0, 3, 0, 0, 3, 3, 3], dtype=np.int8)


def _min_last(values):
    """Minimum over the last (proposer) axis, as A elementwise passes: for short rows NumPy's
    reductions are several times slower than this."""
    out = values[..., 0].copy()
    for j in range(1, values.shape[-1]):
        np.minimum(out, values[..., j], out=out)
    return out


def _has_ties(candidate):
    """Whether any row of ``candidate`` (..., A) marks more than one proposer."""
    first = np.argmax(candidate, axis=-1)
    last = candidate.shape[-1] - 1 - np.argmax(candidate[..., ::-1], axis=-1)
    return bool((first != last).any())


def choose_offers(x, code, a, b, target, params, span):
    """For each actor the proposer j whose offer it takes (−1: none), by §6.2.

    Ties within 1e-9 R are broken by the higher E^j(U_ji) ("concede to the actor with highest
    expected utility", §6.2), then the lower target — never by actor order, so the forecast does
    not depend on how the actors are listed. Positions within ``SAME_POSITION`` R of each other
    are one position (no contest between them), so float rounding cannot make or break a tie.

    Parameters
    ----------
    x : ndarray
        (N, A) positions.
    code : ndarray
        (N, A, A) octant codes (:func:`octants`) of "i challenges j".
    a, b : ndarray
        (N, A, A) E^i(U_ij), E^j(U_ji).
    target : ndarray
        (N, A, A) where i would move if it took j's offer.
    params : EUMParams
        ``offer_selection`` and ``capitulation`` decide the ranking.
    span : ndarray
        (N,) R of each problem's issue.

    Returns
    -------
    ndarray
        (N, A) the chosen proposer per actor, −1 for none.

    References
    ----------
    Scholz, J. B., Calbert, G. J. & Smith, G. A. (2011). Unravelling Bueno De Mesquita's group
    decision model. Journal of Theoretical Politics 23(4), 510–531 (ICAART 2011, pp. 18–30),
    §6.2.

    Examples
    --------
    Round 1 of the EC case: Belgium takes France's compromise, Luxembourg gives way to Belgium,
    Ireland to Luxembourg (the replication's round-1 log, models.md §2).

    >>> from accord.scenario.builtin import load_builtin
    >>> ec = load_builtin("ec-emissions-1994").to_arrays()
    >>> x, w = ec.position[:, 0][None], (ec.capability * ec.salience)[:, 0][None]
    >>> _, _, log = eum_round(x, ec.capability[:, 0][None], ec.salience[:, 0][None],
    ...                       np.array([6.0]), np.ones((1, 10), bool), EUMParams(), record=True)
    >>> chosen = choose_offers(x, log["code"], log["a"], log["b"], log["target"], EUMParams(),
    ...                        np.array([6.0]))
    >>> [(ec.actor_ids[i], ec.actor_ids[j]) for i, j in enumerate(chosen[0]) if j >= 0]
    [('Belgium', 'France'), ('Luxembourg', 'Belgium'), ('Ireland', 'Luxembourg')]
    """
    table = _RANK_LEAST_MOVE if params.offer_selection == "least_move" else _RANK_BY_TYPE
    if params.capitulation != "paper":   # the replication's test never fires: no such offer
        table = np.where(np.arange(8) == COMPEL_GIVE, 3, table).astype(np.int8)
    rank = table[code]
    best = _min_last(rank)
    candidate = (rank == best[..., None]) & (best < 3)[..., None]
    if _has_ties(candidate):
        key = np.abs(target - x[:, :, None])
        if params.offer_selection == "scholz":
            # Scholz's program (as the replication reports it) ranks compromises by the
            # |EU|-weighted average of the two positions and takes the lowest.
            abs_a, abs_b = np.abs(a), np.abs(b)
            with np.errstate(invalid="ignore", divide="ignore"):
                average = (abs_a * x[:, :, None] + abs_b * x[:, None, :]) / (abs_a + abs_b)
            key = np.where(code == COMPROMISE_GIVE, average, key)
        tol = 1e-9 * span[:, None]
        for values in (key, -b, target):
            # Non-candidates get +1e300: cheaper than np.where(candidate, values, inf).
            v = values + (~candidate) * 1e300
            candidate &= v <= (_min_last(v) + tol)[..., None]
            if not _has_ties(candidate):
                break
    return np.where(best < 3, np.argmax(candidate, axis=-1), -1)


def eum_round(x, cap, sal, span, active, params, record=False):
    """One round on (N, A) problems: the new positions, the r_i used, and (optionally) the log.

    Arrays indexed [n, i, j] describe "i challenges j": the median, probabilities (eq. 31),
    expected utilities (eq. 25) with the risk step (§5), octants (fig. 6) and the offers each
    actor takes (§6.2); all actors move at once.

    Parameters
    ----------
    x, cap, sal : ndarray
        (N, A) positions, capabilities and saliences of N independent problems.
    span : ndarray
        (N,) R = high − low of each problem's issue.
    active : ndarray
        (N, A) bool: actors taking part.
    params : EUMParams
    record : bool, default False
        Also return the round's arrays (a, b, code, target, chosen) for the interaction log.

    Returns
    -------
    tuple
        (new positions (N, A), r_i used (N, A), log dict or None).

    References
    ----------
    Scholz, J. B., Calbert, G. J. & Smith, G. A. (2011). Unravelling Bueno De Mesquita's group
    decision model. Journal of Theoretical Politics 23(4), 510–531 (ICAART 2011, pp. 18–30).

    Examples
    --------
    Scholz et al.'s Table 2, round 1 (EC case): the median moves from 7 to 8.416.

    >>> from accord.models.base import weighted_median
    >>> from accord.scenario.builtin import load_builtin
    >>> ec = load_builtin("ec-emissions-1994").to_arrays()
    >>> new, r, _ = eum_round(ec.position[:, 0][None], ec.capability[:, 0][None],
    ...                       ec.salience[:, 0][None], np.array([6.0]), np.ones((1, 10), bool),
    ...                       EUMParams())
    >>> round(float(weighted_median(new[:, :, None], (ec.capability * ec.salience)[None])[0, 0]), 3)
    8.416
    """
    w = np.where(active, cap * sal, 0.0)
    dist = np.abs(x[:, :, None] - x[:, None, :]) / span[:, None, None]
    median_i = median_j = None
    if params.q < 1.0:   # μ enters only U_b and U_w, which Q = 1 removes
        median = weighted_median(x[:, :, None], w[:, :, None])[:, 0]           # μ, eq. 26–29
        median_i = (np.abs(x - median[:, None]) / span[:, None])[:, :, None]   # challenger i's
        median_j = np.swapaxes(median_i, 1, 2)                                  # challenger j's
    pair = active[:, :, None] & active[:, None, :] & (dist > SAME_POSITION)
    s_target = sal[:, None, :]                                                  # s_j for i → j
    q = params.q
    prob_linear = vote_probability(dist, w, active, None, params.probability)

    if params.risk:
        # §5: security from the risk-neutral (r = 1) expected utilities, then r_i.
        eu_linear = challenge_utility(prob_linear, basic_utilities(dist, 1.0), s_target, q,
                                      dist, median_i, 1.0)
        risk = risk_exponents(eu_linear, active)
    else:
        risk = np.ones_like(x)
    if params.vote_exponent == "risk" and params.risk:
        prob = vote_probability(dist, w, active, risk, params.probability)
    else:
        prob = prob_linear

    rho_i = risk[:, :, None]
    basics_i = basic_utilities(dist, rho_i)
    a = challenge_utility(prob, basics_i, s_target, q, dist, median_i, rho_i)
    # b[i, j] = E^j(U_ji): j challenges i, so the probability is P[j, i], the median distance is
    # j's, and (leading_salience "target") the resisting actor is i.
    s_b = sal[:, :, None] if params.leading_salience == "target" else sal[:, None, :]
    if params.perspective == "own" and params.leading_salience == "target":
        b = np.swapaxes(a, 1, 2)
    elif params.perspective == "receiver":   # same exponent r_i and distance: same U_s, U_f
        b = challenge_utility(np.swapaxes(prob, 1, 2), basics_i, s_b, q, dist, median_j, rho_i)
    else:
        rho_j = risk[:, None, :]
        b = challenge_utility(np.swapaxes(prob, 1, 2), basic_utilities(dist, rho_j), s_b, q,
                              dist, median_j, rho_j)

    code = np.where(pair, octants(a, b), NONE).astype(np.int8)
    with np.errstate(invalid="ignore", divide="ignore"):
        # |E^i/E^j| ≤ 1 in the compromise octant, up to EU_TIE: at most the whole way to j
        compromise_to = x[:, :, None] + (x[:, None, :] - x[:, :, None]) * np.minimum(
            np.abs(a / b), 1.0)
    target = np.where(code == COMPROMISE_GIVE, compromise_to, x[:, None, :])
    chosen = choose_offers(x, code, a, b, target, params, span)
    taken = chosen >= 0
    offer = np.take_along_axis(target, np.maximum(chosen, 0)[:, :, None], 2)[:, :, 0]
    proposer = np.take_along_axis(x, np.maximum(chosen, 0), 1)
    # A compromise that lands within SAME_POSITION R of the proposer lands on it exactly.
    offer = np.where(np.abs(offer - proposer) <= SAME_POSITION * span[:, None], proposer, offer)
    new_x = np.where(taken, offer, x)
    log = dict(a=a, b=b, code=code, target=target, chosen=chosen) if record else None
    return new_x, risk, log


def _merge_logs(parts, n, n_actors):
    """One round's logs of all chunks as full (N, A, A) arrays; stopped problems log nothing."""
    full = dict(a=np.zeros((n, n_actors, n_actors)), b=np.zeros((n, n_actors, n_actors)),
                code=np.zeros((n, n_actors, n_actors), dtype=np.int8),
                target=np.zeros((n, n_actors, n_actors)), chosen=np.full((n, n_actors), -1))
    for idx, lg in parts:
        for key, value in lg.items():
            full[key][idx] = value
    return full


def _run_chunk(x0, cap, sal, span, active, params, record):
    """All rounds for (N, A) problems: positions and risk (N, R+1, A), logs (per round, the
    problems still running and their log), rounds computed."""
    n, n_actors = x0.shape
    steps = int(params.rounds)
    positions = np.empty((n, steps + 1, n_actors))
    risk = np.ones((n, steps + 1, n_actors))
    positions[:, 0] = x0
    logs = []
    ran = 0
    x = x0.copy()
    done = np.zeros(n, dtype=bool)
    last = np.full(n, steps)
    for t in range(1, steps + 1):
        ran = t
        live = np.flatnonzero(~done)
        new_x, r_t = x.copy(), np.ones_like(x)
        nx, rr, lg = eum_round(x[live], cap[live], sal[live], span[live], active[live], params,
                               record)
        new_x[live], r_t[live] = nx, rr
        if record:
            logs.append((live, lg))
        moved = np.abs(new_x - x).max(axis=1) if n_actors else np.zeros(n)
        positions[:, t] = new_x
        # A stopped problem keeps its state and its last round's r in the later rounds.
        risk[:, t] = np.where(done[:, None], risk[:, t - 1], r_t)
        newly = ~done & (moved <= params.tolerance * span)
        last[newly] = t
        done |= newly
        x = new_x
        if done.all():
            positions[:, t + 1:] = x[:, None, :]
            risk[:, t + 1:] = risk[:, t:t + 1]
            break
    return positions, risk, logs, ran, last


def _run_problems(x0, cap, sal, span, active, params, record=False):
    """:func:`_run_chunk` over chunks of at most ``_CHUNK_ELEMENTS / A³`` problems.

    Chunks bound the memory whatever the batch size and run through
    :func:`accord.parallel.run_blocks` (a thread per core, unless this is already a pool's
    worker process); every problem is computed on its own, so the result does not depend on
    chunking or threads.
    """
    n, n_actors = x0.shape
    size = max(1, _CHUNK_ELEMENTS // max(1, n_actors ** 3))
    chunks = [slice(start, start + size) for start in range(0, n, size)] or [slice(0, 0)]

    def run(c):
        return _run_chunk(x0[c], cap[c], sal[c], span[c], active[c], params, record)

    # A thread per core, unless this is already a pool's worker process (accord.parallel).
    results = run_blocks(run, chunks)
    positions = np.concatenate([r[0] for r in results])
    risk = np.concatenate([r[1] for r in results])
    ran = max(r[3] for r in results)
    last = np.concatenate([r[4] for r in results])
    logs = []
    if record:
        for t in range(ran):
            parts = [(c.start + r[2][t][0], r[2][t][1])
                     for c, r in zip(chunks, results) if t < len(r[2])]
            logs.append(_merge_logs(parts, n, n_actors))
    return positions, risk, logs, ran, last


def eum(arrays: ScenarioArrays, params: EUMParams | None = None, rng=None) -> ModelResult:
    """Run the expected-utility model on every issue (and every batch variant) at once.

    Issues are independent; each round every ordered pair's expected utilities place it in an
    octant of fig. 6, and each actor takes the offer that costs it least (§6.2). See the module
    docstring and ``docs/models/eum.md`` for every interpretive choice.

    Parameters
    ----------
    arrays : ScenarioArrays
        Optionally batched (B, A, I).
    params : EUMParams, optional
        The defaults reproduce Scholz et al.'s Table 2; ``EUMParams.as_printed()`` and
        ``EUMParams.replication()`` are the other readings.
    rng : optional
        Unused (the model draws nothing).

    Returns
    -------
    ModelResult
        ``forecast`` (..., I), the weighted median (or mean) after the last round; ``rounds``
        (round 0 the input, ``extra["risk"]`` the r_i of each round); for unbatched runs,
        ``details`` with the interaction log and a ``summary``.

    Raises
    ------
    AccordError
        When an input is NaN or infinite.

    References
    ----------
    Scholz, J. B., Calbert, G. J. & Smith, G. A. (2011). Unravelling Bueno De Mesquita's group
    decision model. Journal of Theoretical Politics 23(4), 510–531 (ICAART 2011, pp. 18–30).
    Bueno de Mesquita, B. (1994). Political forecasting: an expected utility method. In Bueno
    de Mesquita & Stokman (eds.), European Community Decision Making, ch. 4. Yale UP.

    Examples
    --------
    The public replication's median after rounds 1–3 on the EC case (models.md §2).

    >>> from accord.scenario.builtin import load_builtin
    >>> res = eum(load_builtin("ec-emissions-1994").to_arrays(), EUMParams.replication())
    >>> [round(float(m), 3) for m in res.rounds.median[1:4, 0]]
    [8.416, 9.611, 9.962]
    """
    require_finite(arrays, "eum")
    params = params or EUMParams()
    # Actors with no stance on any issue (people, media, members of a coalition that speaks for
    # them) take no part, but each would cost O(A²) per pair table: run without them.
    takes_part = arrays.has_stance.any(axis=1)
    if not takes_part.all() and takes_part.any():
        return _with_bystanders(eum(arrays.permuted(np.flatnonzero(takes_part)), params, rng),
                                arrays, takes_part)
    batched = arrays.is_batched
    arr = arrays.batched()
    bsz, n_actors, n_issues = arr.position.shape
    # (B, A, I) → (B·I, A): each (variant, issue) is an independent problem.
    def flat(v):
        full = np.broadcast_to(v, (bsz, n_actors, n_issues))
        return np.moveaxis(full, 2, 1).reshape(-1, n_actors)
    x0 = flat(arr.position).astype(float)
    cap, sal = flat(arr.capability).astype(float), flat(arr.salience).astype(float)
    active = flat(arr.has_stance[None]).astype(bool)
    span = np.broadcast_to(arr.scale_range.astype(float), (bsz, n_issues)).reshape(-1)
    record = not batched
    positions, risk, logs, ran, last = _run_problems(x0, cap, sal, span, active, params, record)

    def unflat(v):  # (B·I, R, A) → (B, R, A, I)
        return np.moveaxis(v.reshape(bsz, n_issues, v.shape[1], n_actors), 1, 3)
    positions, risk = unflat(positions), unflat(risk)
    w = weights(arr)
    # No weight on an issue: the weighted median is NaN (no forecast), as the compromise model's.
    rounds = rounds_from_positions(positions, w, risk=risk)
    series = rounds.median if params.forecast == "median" else rounds.mean
    forecast = series[:, -1, :]
    if params.cycles == "mean":
        forecast = cycle_mean(positions, series, forecast, arr.low, arr.high)
    details = {}
    if not batched:
        rounds = Rounds(positions[0], rounds.median[0], rounds.mean[0], {"risk": risk[0]})
        forecast = forecast[0]
        details = _details(arrays, rounds, logs, params, ran, last)
    return ModelResult("eum", forecast, rounds, details)


def _with_bystanders(res: ModelResult, arrays: ScenarioArrays, takes_part) -> ModelResult:
    """Put the actors that took no part back, standing still and risk-neutral (r = 1)."""
    if res.rounds is None:
        return res
    n_rounds = res.rounds.positions.shape[-3]
    lead = res.rounds.positions.shape[:-3]
    start = arrays.position if arrays.is_batched else arrays.position[None]
    positions = np.repeat(start[:, None], n_rounds, axis=1).reshape(lead + (n_rounds,) +
                                                                    arrays.position.shape[-2:])
    positions[..., takes_part, :] = res.rounds.positions
    risk = np.ones(positions.shape)
    risk[..., takes_part, :] = res.rounds.extra["risk"]
    res.rounds = Rounds(positions, res.rounds.median, res.rounds.mean, {"risk": risk})
    return res


# --- the interaction log (unbatched runs) ---

def _fmt(v: float) -> str:
    return f"{v:.3f}".rstrip("0").rstrip(".")


def sentence(actor: str, other: str, octant: str, start: float, offer: float | None,
             taken: bool) -> str:
    """A readable line for one ordered pair: what ``other`` asks of ``actor``, and what happened.

    Parameters
    ----------
    actor, other : str
        The actor that may move and the one challenging it.
    octant : str
        The pair's octant name (``OCTANT_NAMES``).
    start : float
        ``actor``'s position before the round.
    offer : float or None
        Where ``other``'s offer would move it (None: no offer).
    taken : bool
        Whether ``actor`` took this offer.

    Returns
    -------
    str

    References
    ----------
    Scholz, J. B., Calbert, G. J. & Smith, G. A. (2011). Unravelling Bueno De Mesquita's group
    decision model. Journal of Theoretical Politics 23(4), 510–531 (ICAART 2011, pp. 18–30),
    fig. 6, the octants' names.

    Examples
    --------
    >>> sentence("Greece", "Germany", "compel-", 7.0, 4.0, True)
    'Germany compels Greece to move from 7 to 4'
    """
    move = f"from {_fmt(start)} to {_fmt(offer)}" if offer is not None else ""
    if octant == "confrontation-":
        return (f"{actor} loses a confrontation with {other} and moves {move}" if taken else
                f"{actor} would lose a confrontation with {other} ({move}) but takes a better "
                "offer")
    if octant == "compromise-":
        return (f"{actor} compromises with {other}, moving {move}" if taken else
                f"{other} offers {actor} a compromise ({move}) that it does not take")
    if octant == "compel-":
        if offer is None:
            return f"{other} could compel {actor}, but the capitulation test is off"
        return (f"{other} compels {actor} to move {move}" if taken else
                f"{other} could compel {actor} to move {move} but {actor} takes a better offer")
    if octant == "stalemate":
        return f"{actor} and {other} stalemate: neither expects to gain by a challenge"
    if octant in ("confrontation+", "compromise+", "compel+"):
        return f"{actor} has the upper hand over {other} ({octant})"
    return f"{actor} and {other}: no contest (same position)"


def _details(arrays: ScenarioArrays, rounds, logs, params: EUMParams, ran: int, last) -> dict:
    """The interaction log: one entry per round, issue and ordered pair (actor, other).

    ``last[k]``: the round after which issue k stopped changing; its later rounds, not
    computed, are not logged.
    """
    names = arrays.actor_ids
    entries = []
    for t, lg in enumerate(logs, start=1):
        for k, issue in enumerate(arrays.issue_ids):
            if t > last[k]:
                continue
            x = rounds.positions[t - 1, :, k]
            for i, actor in enumerate(names):
                for j, other in enumerate(names):
                    if i == j:
                        continue
                    code = int(lg["code"][k, i, j])
                    octant = OCTANT_NAMES[code]
                    gives = code in (CONFRONT_LOSE, COMPROMISE_GIVE) or \
                        (code == COMPEL_GIVE and params.capitulation == "paper")
                    offer = float(lg["target"][k, i, j]) if gives else None
                    taken = bool(gives and lg["chosen"][k, i] == j)
                    entries.append({
                        "round": t, "issue": issue, "actor": actor, "other": other,
                        "eu_actor": round(float(lg["a"][k, i, j]), 6),
                        "eu_other": round(float(lg["b"][k, i, j]), 6),
                        "octant": octant, "position": float(x[i]), "offer": offer,
                        "taken": taken,
                        "sentence": sentence(actor, other, octant, float(x[i]), offer, taken),
                    })
    # Moves first, so the opening of the log reads as the story of round 1.
    issue_index = {issue: k for k, issue in enumerate(arrays.issue_ids)}
    entries.sort(key=lambda e: (e["round"], issue_index[e["issue"]], not e["taken"]))
    final = rounds.positions.shape[0] - 1
    stop = f"{ran} round{'s' if ran != 1 else ''}"
    if ran < final:
        stop += " (then no position changes)"
    moves_on = Counter(e["issue"] for e in entries if e["taken"])
    # The issue ids are marked, so that names replace them and nothing else (an id may be a word).
    parts: list[str] = [f"{stop} of Scholz et al. (2011) expected-utility bargaining "
                        f"(Q = {params.q:g}); "]
    for k, issue in enumerate(arrays.issue_ids):
        moves = moves_on[issue]
        parts += ["; "] * (k > 0) + [
            Id(issue), f": median {_fmt(rounds.median[0, k])} → {_fmt(rounds.median[final, k])},"
            f" mean {_fmt(rounds.mean[0, k])} → {_fmt(rounds.mean[final, k])} ({moves} moves)"]
    summary, spans = marked(*parts)
    return {"summary": summary, "summary_ids": spans, "rounds_run": ran, "log": entries}


register(ModelSpec(
    name="eum", title="Expected-utility model (Bueno de Mesquita; Scholz et al. 2011)", run=eum,
    issue_separable=True,
    params=EUMParams, iterative=True, in_default_forecast=True,
    reference="Scholz, Calbert & Smith (2011), ICAART 2011, 18–30; Bueno de Mesquita (1994)",
    description="Pairwise challenges by expected utility, risk propensities, octant offers; "
                "rounds of moves towards the offers that cost each actor least.",
    variants=(
        Variant("as-printed", dict(probability="pairwise", vote_exponent="linear",
                                   perspective="own", leading_salience="printed",
                                   offer_selection="by_type")),
        Variant("replication", {"capitulation": "replication", "rounds": 10}),
        Variant("least-move", {"offer_selection": "least_move"}),
        Variant("no-risk", {"risk": False}),
        Variant("q-half", {"q": 0.5, "forecast": "mean"}),
    ),
    # Distances enter as |x_i − x_j|/R and votes as ratios of c·s sums; salience also enters
    # alone (s_j is the chance that j resists, eq. 25), so a common factor on it changes results.
    scale_invariance=("units", "capability"), oracle=oracles.EUM,
))
