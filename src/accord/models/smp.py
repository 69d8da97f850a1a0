"""KTAB's Spatial Model of Politics (SMP): challenges, bargains and Condorcet elections by turns.

A port of the SMP of the KAPSARC Toolkit for Behavioral Analysis (KTAB, MIT licence,
``examples/smp/libsrc/smp.cpp``, ``smpbcn.cpp``; kernel in ``KTAB/kmodel``), described in
Wise, Lester & Efird (2015), "An introduction to the KAPSARC Toolkit for Behavioral Analysis
(KTAB) using one-dimensional spatial models", KAPSARC KS-1516-DP019A, and applied in Efird,
Lester & Wise (2016) to China's state-owned enterprises (the SOE-Pol-Comp scenario).

Actors hold positions in [0, 1]^N (KTAB's internal scale; its files and logs use 0–100), with a
capability c_i and per-dimension saliences s_ik (Σ_k s_ik ≤ 1). Each turn ("BCN": bargain,
compromise, negotiate):

1. Utilities. d_ij is the salience-weighted distance from i's ideal to j's position,
   √(Σ_k s_ik² (x_ik − x_jk)² / Σ_k s_ik²); the risk-neutral utility is 1 − d_ij. A PCE over all
   positions with these utilities gives each position's chance of winning; the most likely
   gets risk attitude R = +1, the least likely −½ (BigRRange Mid). h's estimate of i's attitude
   is (2 R_h + R_i)/3 (BigRAdjust OneThird), and h's estimate of i's utility for j's position
   is u = (1 − d)(1 + d R).
2. Challenges. Each actor i estimates, for every other j, the probability that i would beat j
   in a contest where every third party joins the side it prefers — weighing, under
   SemiCommit, what it gains when its side wins against what it risks — and the expected gain
   (1 − s_j) 2u_i(i) + s_j [P 2u_i(i) + (1 − P) 2u_i(j)] − [u_i(i) + u_i(j)]. It targets the j
   with the largest gain above 10⁻⁵, if any.
3. Bargains. Initiator and target meet part-way on each dimension: weights s²·P² (InterVecBrgn
   S2P2) interpolate between the two positions, rounded to 4 decimals.
4. Resolution. Every actor's candidate futures are its status quo and each bargain involving
   it; everyone's average utility over the resulting states feeds a PCE over those futures,
   and the actor takes the most likely (Deterministic) or draws one (Stochastic, with
   KTAB's generator, :mod:`accord.models.ktab_rng`).
5. Stop after at least 2 turns when the total movement Σ_i ‖x_i(t) − x_i(t−1)‖ falls below 2%
   of the first turn's (plus 10⁻⁴), or after 100 turns.

Arrays are vectorised over actors (the challenge estimates, A³ sums per turn, are in
:mod:`accord.models.smp_challenges`);
sums over actors run in KTAB's order so that results agree with KTAB's to the last bit where
the operations are the same, which keeps KTAB's tie-breaks.

>>> import numpy as np
>>> pos = np.array([[0.30, 0.20], [0.45, 0.65], [0.30, 0.15], [0.60, 0.50]])
>>> sal = np.array([[0.24, 0.48], [0.447, 0.413], [0.289, 0.651], [0.439, 0.501]])
>>> run = run_smp(pos, sal, np.array([100.0, 60.2, 35.0, 25.0]))
>>> run.positions.shape[1:], run.positions.shape[0] == len(run.win_probability)
((4, 2), True)
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from accord.errors import AccordError
from accord.models import oracles
from accord.models.base import (ModelResult, ModelSpec, Variant, as_rng, register,
                                require_finite, rounds_from_positions, weights)
from accord.models.ktab_rng import DEFAULT_SEED, KtabRng, select_cumulative
from accord.models.smp_log import KtabSchedule
from accord.models.smp_challenges import (BLOCK_PAIRS, StateUtilities, best_challenges,
                                          some_challenges)
from accord.models.smp_pce import (BIG_R_ADJUSTS, BIG_R_RANGES, PCE_MODELS, VICTORY_PROB_MODELS,
                                   VOTING_RULES, big_r_from_prob, coalitions, coalitions_stack,
                                   conditional_pce, estimated_risk, pce_from_coalitions,
                                   pce_from_victory, scalar_pce, seq_sum,
                                   victory_probabilities)
from accord.randomness import member_streams
from accord.scenario.arrays import ScenarioArrays

STATE_TRANSITIONS = ("Deterministic", "Stochastic")
THIRD_PARTY_COMMITS = ("NoCommit", "SemiCommit", "FullCommit")
INTER_VEC_BARGAINS = ("S1P1", "S2P2", "S2PMax")
BARGAIN_MODELS = ("InitOnlyInterp", "InitRcvrInterp", "PWCompInterp")

# KTAB's names (XML <ModelParameters>, its logs) for each SMPParams field, and the spellings of
# values KTAB uses that differ from ours ("Prop" is KTAB's printed name of Proportional).
KTAB_PARAM_NAMES = {
    "VictoryProbModel": "victory_prob_model", "PCEModel": "pce_model",
    "StateTransitions": "state_transition", "VotingRule": "voting_rule",
    "BigRAdjust": "big_r_adjust", "BigRRange": "big_r_range",
    "ThirdPartyCommit": "third_party_commit", "InterVecBrgn": "inter_vec_brgn",
    "BargnModel": "bargn_model",
}
_VALUE_ALIASES = {"Prop": "Proportional", "NoRA": "None",
                  "InitOnlyInterpSMPBM": "InitOnlyInterp", "InitRcvrInterpSMPBM": "InitRcvrInterp",
                  "PWCompInterpSMPBM": "PWCompInterp"}
_CHOICES = {
    "victory_prob_model": VICTORY_PROB_MODELS, "pce_model": PCE_MODELS,
    "state_transition": STATE_TRANSITIONS, "voting_rule": VOTING_RULES,
    "big_r_adjust": BIG_R_ADJUSTS, "big_r_range": BIG_R_RANGES,
    "third_party_commit": THIRD_PARTY_COMMITS, "inter_vec_brgn": INTER_VEC_BARGAINS,
    "bargn_model": BARGAIN_MODELS,
}

MIN_SIG_EDU = 1e-5       # KTAB bestChallenge: smallest expected gain worth a challenge
MIN_BARGAIN_WEIGHT = 1e-6  # KTAB interpBrgn*: minW
#: Bargain elections with at most this many options are decided in stacked calls
#: (:func:`_election_chances`); larger ones use the blocked contest of
#: :func:`~accord.models.smp_pce.coalitions`.
STACKED_ELECTION = 32


@dataclass(frozen=True)
class SMPParams:
    """KTAB SMP parameters; defaults are KTAB's (``SMPModel``/``Model`` member initialisers).

    Values may be given with KTAB's spellings too (``VotingRule`` "Prop" = "Proportional").
    """

    victory_prob_model: str = "Linear"        # VictoryProbModel: Linear/Square/Quartic/Octic/Binary
    pce_model: str = "Conditional"            # PCEModel: Conditional/MarkovIncentive/MarkovUniform
    state_transition: str = "Deterministic"   # StateTransitions: Deterministic/Stochastic
    voting_rule: str = "Proportional"         # VotingRule: Binary/PropBin/Proportional/PropCbc/
    #                                           Cubic/ASymProsp
    big_r_adjust: str = "OneThird"            # BigRAdjust: None/OneThird/Half/TwoThirds/Full
    big_r_range: str = "Mid"                  # BigRRange: Min/Mid/Max
    third_party_commit: str = "SemiCommit"    # ThirdPartyCommit: NoCommit/SemiCommit/FullCommit
    inter_vec_brgn: str = "S2P2"              # InterVecBrgn: S1P1/S2P2/S2PMax
    bargn_model: str = "InitOnlyInterp"       # BargnModel: InitOnlyInterp/InitRcvrInterp/
    #                                           PWCompInterp
    seed: int = DEFAULT_SEED                  # KTAB PRNG seed (only Stochastic draws)
    min_turns: int = 2                        # KTAB configExec: minIter
    max_turns: int = 100                      # KTAB configExec: maxIter
    min_delta_ratio: float = 0.02             # stop when a turn moves < 2% of the first turn
    min_sig_delta: float = 1e-4               # added to the first turn's movement (avoids 0/0)
    position_tolerance: float = 1e-3          # KTAB posTol: positions closer are one position

    def __post_init__(self):
        for name, choices in _CHOICES.items():
            value = getattr(self, name)
            value = _VALUE_ALIASES.get(value, value)
            if value not in choices:
                raise AccordError(f"smp parameter {name} = {value!r}; expected one of: "
                                  f"{', '.join(choices)}")
            object.__setattr__(self, name, value)
        if not 1 <= int(self.seed) < 2 ** 64:
            raise AccordError(f"smp parameter seed = {self.seed}; expected an integer in "
                              "[1, 2**64 - 1]")
        # KTAB's stop rule (smpStopFn) is maxIter <= turn or (minIter <= turn and quiet): with
        # minIter above maxIter it stops at maxIter and the minimum is never reached, without a
        # word. A minimum raised above the maximum asks for two things at once: refused. (The
        # default minimum, KTAB's 2, stays valid with max_turns=1: one turn, as KTAB runs it.)
        default_min = type(self).__dataclass_fields__["min_turns"].default
        if self.min_turns > self.max_turns and self.min_turns != default_min:
            raise AccordError(f"smp parameters min_turns = {self.min_turns} and max_turns = "
                              f"{self.max_turns}: the run stops at max_turns, so it can never "
                              "run min_turns turns (KTAB ignores minIter then); expected "
                              "min_turns ≤ max_turns")

    @classmethod
    def from_ktab(cls, **ktab) -> "SMPParams":
        """Parameters from KTAB's names (``VictoryProbModel="Octic"``) or ours."""
        return cls(**{KTAB_PARAM_NAMES.get(k, k): v for k, v in ktab.items()})


@dataclass
class SMPRun:
    """One SMP run: every state's positions (R, A, N) in [0, 1] and its winning probabilities."""

    positions: np.ndarray
    win_probability: np.ndarray             # (R, A): chance that actor's position wins
    state_distance: list[float]             # Σ_i ‖x_i(t) − x_i(t−1)‖ for t = 1..R−1
    fractional_change: list[float]          # state_distance / (first + min_sig_delta)
    challenges: list[list[tuple[int, int]]] = field(default_factory=list)  # (initiator, target)
    outcome_actors: np.ndarray | None = None       # final state's distinct positions (actor ids)
    outcome_probability: np.ndarray | None = None  # and the PCE probability of each winning

    @property
    def n_states(self) -> int:
        return self.positions.shape[0]


# --- utilities --------------------------------------------------------------------------------


def weighted_distance(ideal: np.ndarray, position: np.ndarray, salience: np.ndarray) -> np.ndarray:
    """KTAB ``bvDiff``: d[i, j] = √(Σ_k (s_ik (ideal_ik − x_jk))² / Σ_k s_ik²).

    Parameters
    ----------
    ideal : ndarray
        (A, N) each actor's ideal point on KTAB's [0, 1] scale.
    position : ndarray
        (B, N) the positions to measure against.
    salience : ndarray
        (A, N) each actor's saliences.

    Returns
    -------
    ndarray
        (A, B) salience-weighted distances, summed over dimensions in KTAB's order.

    References
    ----------
    Wise, B., Lester, S. & Efird, B. (2015). An introduction to the KAPSARC Toolkit for
    Behavioral Analysis (KTAB) using one-dimensional spatial models. KAPSARC KS-1516-DP019A.
    KTAB (KAPSARC, MIT licence), examples/smp/libsrc/smp.cpp.

    Examples
    --------
    Saliences 0.6 and 0.8 (norm 1): from (0, 0) to (0.5, 0.5) is √(0.3² + 0.4²) = 0.5.

    >>> weighted_distance(np.array([[0., 0.]]), np.array([[0., 0.], [.5, .5]]),
    ...                   np.array([[.6, .8]]))
    array([[0. , 0.5]])
    """
    # Every dimension at once, then the squares added one dimension after another in KTAB's
    # order: np.cumsum adds term after term (np.sum would add pairwise) and KTAB's first
    # 0 + x is x exactly. One call instead of six per dimension: a model run on the 2026
    # talks (9 issues) called this 240 times (issue 18).
    ds = (ideal[:, None, :] - position[None, :, :]) * salience[:, None, :]
    ds_sq = np.cumsum(ds * ds, axis=-1)[..., -1]
    ss_sq = np.cumsum(salience * salience, axis=-1)[:, -1]
    return np.sqrt(ds_sq / ss_sq[:, None])


def utility_from_distance(d: np.ndarray, risk: np.ndarray) -> np.ndarray:
    """KTAB ``bsUtil``: u = (1 − d)(1 + d R) for d ≤ 1 (round-off beyond 1 uses (1 − d)(1 + R)).

    R is the risk attitude: +1 risk-averse (concave), 0 neutral, −½ risk-seeking.

    Parameters
    ----------
    d : ndarray
        Distances (:func:`weighted_distance`).
    risk : ndarray or float
        Risk attitudes R, broadcast against ``d``.

    Returns
    -------
    ndarray

    References
    ----------
    Wise, B., Lester, S. & Efird, B. (2015). An introduction to the KAPSARC Toolkit for
    Behavioral Analysis (KTAB) using one-dimensional spatial models. KAPSARC KS-1516-DP019A.
    KTAB (KAPSARC, MIT licence), examples/smp/libsrc/smp.cpp.

    Examples
    --------
    >>> utility_from_distance(np.array([0.5, 0.5, 0.5]), np.array([1.0, 0.0, -0.5]))
    array([0.75 , 0.5  , 0.375])
    """
    return np.where(d <= 1, (1 - d) * (1 + d * risk), (1 - d) * (1 + risk))


def _state_utilities(position, ideal, salience, capability, p: SMPParams):
    """KTAB ``SMPState::setAllAUtil``: d (A, A), actors' risk attitudes R (A,), and every
    actor's estimates of every actor's utilities (:class:`StateUtilities`)."""
    d = weighted_distance(ideal, position, salience)
    neutral = utility_from_distance(d, 0.0)
    prob = pce_from_coalitions(coalitions(capability, neutral, p.voting_rule),
                               p.victory_prob_model, p.pce_model)
    risk = big_r_from_prob(prob, p.big_r_range)
    r_hi = estimated_risk(risk[:, None], risk[None, :], p.big_r_adjust)   # (h, i)
    # u_h[i, j] = (1 − d)(1 + d' R_hi) with d' = d (or 1 where round-off pushed d past 1): the
    # same operations as bsUtil, evaluated where needed (an (A, A, A) table would not fit).
    return d, risk, StateUtilities(1 - d, np.where(d <= 1, d, 1.0), r_hi)


# --- bargains ---------------------------------------------------------------------------------


def _round4(x):
    """KTAB ``round4``: (int)(0.5 + 10⁴ x) / 10⁴ (positions are ≥ 0, so truncation = floor)."""
    return np.trunc(0.5 + (x * 10000.0)) / 10000.0


def interpolate_bargain(x_i, s_i, prob_i, x_j, s_j, prob_j, method: str):
    """KTAB ``SMPActor::interpolateBrgn``: positions the initiator and receiver would adopt.

    S1P1/S2P2: both move to the weighted mean with weights s^n P^m, rounded to 4 decimals; the
    10⁻⁶ extra weight keeps 0/0 away and leaves each at its own position when neither cares.
    S2PMax: only the less likely winner moves, by a share set by the probability gap.

    Parameters
    ----------
    x_i, s_i : ndarray
        (P, N) the initiators' positions and saliences.
    prob_i : ndarray
        (P,) their probabilities of winning.
    x_j, s_j, prob_j : ndarray
        The same for the receivers.
    method : {"S1P1", "S2P2", "S2PMax"}
        KTAB's InterVecBrgn.

    Returns
    -------
    tuple of ndarray
        (b_i, b_j), each (P, N).

    Raises
    ------
    AccordError
        An unknown ``method``.

    References
    ----------
    Wise, B., Lester, S. & Efird, B. (2015). An introduction to the KAPSARC Toolkit for
    Behavioral Analysis (KTAB) using one-dimensional spatial models. KAPSARC KS-1516-DP019A.
    KTAB (KAPSARC, MIT licence), examples/smp/libsrc/smp.cpp.

    Examples
    --------
    S2P2 with equal saliences and chances 0.6 and 0.4: weights 0.36 and 0.16, so both meet at
    (0.36·0.2 + 0.16·0.8)/0.52 = 0.3846.

    >>> interpolate_bargain(np.array([[0.2]]), np.array([[0.5]]), np.array([0.6]),
    ...                     np.array([[0.8]]), np.array([[0.5]]), np.array([0.4]), "S2P2")
    (array([[0.3846]]), array([[0.3846]]))
    """
    p_i, p_j = prob_i[:, None], prob_j[:, None]
    if method in ("S1P1", "S2P2"):
        if method == "S1P1":
            w_i, w_j = s_i * p_i, s_j * p_j
        else:
            w_i, w_j = (s_i * s_i) * (p_i * p_i), (s_j * s_j) * (p_j * p_j)
        m = MIN_BARGAIN_WEIGHT
        b_i = _round4(((w_i + m) * x_i + w_j * x_j) / (w_i + m + w_j))
        b_j = _round4((w_i * x_i + (m + w_j) * x_j) / (w_i + m + w_j))
        return b_i, b_j
    if method == "S2PMax":
        d_i = np.where(p_j > p_i, p_j - p_i, 0.0)
        d_j = np.where(p_i > p_j, p_i - p_j, 0.0)
        s_i2, s_j2 = s_i * s_i, s_j * s_j
        m = MIN_BARGAIN_WEIGHT
        dik = (d_i * s_j2) / ((d_i * s_j2) + m + ((1 - d_i) * s_i2))
        djk = (d_j * s_i2) / ((d_j * s_i2) + m + ((1 - d_j) * s_j2))
        return x_i + dik * (x_j - x_i), x_j + djk * (x_i - x_j)
    raise AccordError(f"unknown InterVecBrgn {method!r}; expected one of: "
                      f"{', '.join(INTER_VEC_BARGAINS)}")


def _bargain_utilities(own, risk, ideal, salience, init, rcvr, pos_init, pos_rcvr):
    """KTAB ``updateBestBrgnPositions`` λ brgnUtil: each actor's mean utility of the state a
    bargain would leave (B bargains; init/rcvr (B,), pos_* (B, N)) → (A, B).

    The two bargainers' new positions are valued with the voter's own risk attitude (KTAB's
    ``posUtil``); everyone else's unchanged positions with the voter's own utilities ``own``
    (A, A), added in actor order. Each actor's utility is added to every bargain at once and
    the few bargains it is party to are put back as they were (their sums skip it); a block of
    bargains at a time (rows of A voters, contiguous), so the running sums stay in cache.
    """
    a = own.shape[0]
    u_init = utility_from_distance(weighted_distance(ideal, pos_init, salience), risk[:, None])
    u_rcvr = utility_from_distance(weighted_distance(ideal, pos_rcvr, salience), risk[:, None])
    total = (u_init + u_rcvr).T.copy()                  # [bargain, voter]
    own_t = np.ascontiguousarray(own.T)                 # [n, voter]
    # the bargains (b, as pairs of (initiator, receiver)) each actor n is party to
    actor = np.concatenate([init, rcvr])
    bargain = np.concatenate([np.arange(len(init))] * 2)
    rows = max(1, 4 * BLOCK_PAIRS // a)
    for b0 in range(0, len(init), rows):
        block = total[b0:b0 + rows]
        here = (bargain >= b0) & (bargain < b0 + rows)
        by_actor = np.argsort(actor[here], kind="stable")
        parties = bargain[here][by_actor] - b0
        starts = np.searchsorted(actor[here][by_actor], np.arange(a + 1))
        for n in range(a):  # everyone else's unchanged position, in actor order
            mine = parties[starts[n]:starts[n + 1]]
            kept = block[mine]
            block += own_t[n]
            block[mine] = kept
    return total.T / a


def _status_quo_utilities(own):
    return seq_sum(np.ascontiguousarray(own.T)) / own.shape[0]


# --- one turn ---------------------------------------------------------------------------------


def _unique_positions(position: np.ndarray, tol: float):
    """KTAB ``setUENdx``: first-appearance representatives of positions closer than ``tol``."""
    diff = position[:, None, :] - position[None, :, :]
    sq = np.zeros(diff.shape[:2])
    for k in range(diff.shape[2]):
        sq = sq + diff[:, :, k] * diff[:, :, k]
    close = np.sqrt(sq) < tol
    # i is a representative unless it is close to an earlier representative; only actors close
    # to some earlier actor need the scan.
    is_rep = np.ones(position.shape[0], dtype=bool)
    for i in np.flatnonzero(np.tril(close, -1).any(axis=1)):
        is_rep[i] = not (close[i, :i] & is_rep[:i]).any()
    return np.flatnonzero(is_rep), close


def _win_probabilities(own, capability, position, p: SMPParams, distribution: bool = False):
    """KTAB ``pDist(-1)`` + ``posProb``: chance that each actor's position wins (A,).

    Actors on equivalent positions share that position's probability (so the printed numbers
    may sum to more than 1, as KTAB's do); an actor matching several representatives takes the
    last, as KTAB's scan does. ``own`` (A, A): each actor's utilities of every position.
    """
    unique, close = _unique_positions(position, p.position_tolerance)
    prob = scalar_pce(capability, own[:, unique], p.voting_rule, p.victory_prob_model,
                      p.pce_model)
    match = close[:, unique]
    last = match.shape[1] - 1 - np.argmax(match[:, ::-1], axis=1)
    if distribution:
        return prob[last], unique, prob
    return prob[last]


def _turn(position, ideal, salience, capability, sal_sum, accommodation, p: SMPParams,
          draws, ut: StateUtilities, own, risk, schedule=None):
    """One KTAB turn (``SMPState::doBCN``): new positions and ideals, and the challenges made.

    ``ut``, ``own`` and ``risk`` are the state's utilities (:func:`_state_utilities`,
    ``ut.own()``); ``draws`` makes the Stochastic transitions' draws (None when Deterministic).
    """
    a, n_dim = position.shape
    weight = sal_sum * capability
    target, p_target = best_challenges(ut, weight, sal_sum, p, MIN_SIG_EDU)
    init = np.flatnonzero(target >= 0)
    rcvr = target[init]
    challenges = [(int(i), int(j)) for i, j in zip(init, rcvr)]

    # Bargains, as (initiator, receiver, initiator's new position, receiver's new position).
    bargains: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
    if len(init):
        p_i = p_target[init]
        b_ii, b_ij = interpolate_bargain(position[init], salience[init], p_i, position[rcvr],
                                         salience[rcvr], 1 - p_i, p.inter_vec_brgn)
        if p.bargn_model != "InitOnlyInterp":
            # KTAB passes j's *expected gain* (get<1> of probEduChlg(j, i, i, j)) where its
            # comment says "j's estimate of the probability that i defeats j"; kept as is.
            _, p_j_est = some_challenges(ut, weight, sal_sum, rcvr, init, init, rcvr, p)
            b_ji, b_jj = interpolate_bargain(position[init], salience[init], p_j_est,
                                             position[rcvr], salience[rcvr], 1 - p_j_est,
                                             p.inter_vec_brgn)
        if p.bargn_model == "InitOnlyInterp":
            bargains.append((init, rcvr, b_ii, b_ij))
        elif p.bargn_model == "InitRcvrInterp":
            # KTAB queues the initiator's and the receiver's version one after the other.
            order = np.repeat(np.arange(len(init)), 2)
            bi = np.stack([b_ii, b_ji], axis=1).reshape(-1, n_dim)
            bj = np.stack([b_ij, b_jj], axis=1).reshape(-1, n_dim)
            bargains.append((init[order], rcvr[order], bi, bj))
        else:  # PWCompInterp
            # KTAB weighs i's version by c_i Σs_i and j's by c_i Σs_j (it reads the capability of
            # brgnJIJ->actInit, which is i); kept as is.
            w_i = (capability[init] * sal_sum[init])[:, None]
            w_j = (capability[init] * sal_sum[rcvr])[:, None]
            bi = (w_i * b_ii + w_j * b_ji) / (w_i + w_j)
            bj = (w_i * b_ij + w_j * b_jj) / (w_i + w_j)
            bargains.append((init, rcvr, bi, bj))

    new_position = position.copy()
    b_init = b_rcvr = np.array([], dtype=int)
    if bargains:
        b_init, b_rcvr, b_pos_i, b_pos_j = bargains[0]
        u_bargain = _bargain_utilities(own, risk, ideal, salience, b_init, b_rcvr, b_pos_i,
                                       b_pos_j)
    u_sq = _status_quo_utilities(own)
    # KTAB resolves the actors in threads; a schedule read from a KTAB log replays its order.
    order = list(range(a)) if schedule is None else \
        [k for k in schedule[1] if 0 <= k < a] + [k for k in range(a) if k not in schedule[1]]
    elections = []
    for k in order:
        # k's candidate futures (−1 = its status quo): the status quo first, then every bargain
        # it is party to, in initiator order (KTAB's order depends on thread timing; only ties
        # and Stochastic draws could notice).
        mine = np.flatnonzero((b_init == k) | (b_rcvr == k))
        options = np.concatenate([[-1], mine]).astype(int)
        if schedule is not None and k in schedule[0]:
            options = _scheduled(options, k, b_init, b_rcvr, schedule[0][k])
        elections.append((k, options))
    chances = _election_chances([o for _, o in elections], capability, u_sq, u_bargain
                                if bargains else None, p)
    for (k, options), prob in zip(elections, chances):
        if prob is None:
            if draws is not None:
                draws.prob_select(np.ones(1))  # KTAB draws even when the only option is the SQ
            continue
        if draws is None:
            choice = int(np.argmax(np.abs(prob)))
        else:
            choice = draws.prob_select(prob)
        m = options[choice]
        if m >= 0:
            new_position[k] = b_pos_i[m] if b_init[m] == k else b_pos_j[m]

    # KTAB SMPState::newIdeals: ideal ← Σ_j a_ij x_j + (1 − Σ_j a_ij) ideal.
    if accommodation is None:
        new_ideal = new_position.copy()
    else:
        share = np.minimum(accommodation.sum(axis=1), 1.0)
        new_ideal = accommodation @ new_position + (1.0 - share)[:, None] * ideal
    return new_position, new_ideal, challenges


def _election_chances(elections, capability, u_sq, u_bargain, p: SMPParams):
    """KTAB's PCE over each actor's futures (``options``: −1 its status quo, else a bargain),
    every voter valuing them by ``u_sq`` (A,) and ``u_bargain`` (A, B): a probability per
    option, or None where the status quo is the only one.

    The small elections with equally many options have their coalitions and victory
    probabilities in one stacked call (:func:`~accord.models.smp_pce.coalitions_stack`, the
    operations of one election each, in the same order): one at a time, most of their cost
    would be NumPy's fixed cost per call, even with a few actors. The Conditional PCE takes the
    stack too; the Markov PCEs iterate election by election. Large elections (a target
    challenged by many) go one by one, through the blocked contest.
    """
    out: list[np.ndarray | None] = [None] * len(elections)

    def utilities(options):
        return np.where(options[None, :] < 0, u_sq[:, None], u_bargain[:, options])

    sizes: dict[int, list[int]] = {}
    for e, options in enumerate(elections):
        if len(options) <= 1:
            continue
        if len(options) <= STACKED_ELECTION:
            sizes.setdefault(len(options), []).append(e)
        else:
            out[e] = scalar_pce(capability, utilities(options), p.voting_rule,
                                p.victory_prob_model, p.pce_model)
    a = len(capability)
    for n_opt, members in sizes.items():
        # at most 2^22 vote cells per stacked call, so a crowded election cannot blow memory up
        per_call = max(1, (1 << 22) // ((a + 1) * n_opt * n_opt))
        for g0 in range(0, len(members), per_call):
            group = members[g0:g0 + per_call]
            u = np.stack([utilities(elections[e]) for e in group])
            c = coalitions_stack(np.broadcast_to(capability, (len(group), a)), u, p.voting_rule)
            pv = victory_probabilities(p.victory_prob_model, c)
            if p.pce_model == "Conditional":
                prob = conditional_pce(pv)
            else:
                prob = [pce_from_victory(c_e, pv_e, p.pce_model) for c_e, pv_e in zip(c, pv)]
            for e, row in zip(group, prob):
                out[e] = row
    return out


def _scheduled(options, k, b_init, b_rcvr, wanted):
    """``options`` (−1 = k's status quo, else bargain indices) in KTAB's queue order ``wanted``
    [(initiator, receiver), …], where (k, k) is the status quo."""
    def pair_of(m):
        return (k, k) if m < 0 else (int(b_init[m]), int(b_rcvr[m]))

    left = list(options)
    out = []
    for pair in wanted:
        hit = next((m for m in left if pair_of(m) == tuple(pair)), None)
        if hit is None:
            raise AccordError(f"the KTAB schedule lists bargain {pair[0]}:{pair[1]}, which this "
                              "run did not make; the runs have diverged")
        left.remove(hit)
        out.append(hit)
    return np.array(out + left, dtype=int)


class GeneratorDraws:
    """Stochastic transitions' draws from a NumPy generator, by KTAB's rule (``probSel``: the
    first option whose cumulative probability reaches one uniform draw)."""

    def __init__(self, rng: np.random.Generator):
        self.rng = rng

    def prob_select(self, probabilities) -> int:
        return select_cumulative(probabilities, float(self.rng.random()))


def state_distance(x1: np.ndarray, x2: np.ndarray) -> float:
    """KTAB ``SMPModel::stateDist``: Σ_i ‖x1_i − x2_i‖ (Euclidean, on the [0, 1] scale).

    Parameters
    ----------
    x1, x2 : ndarray
        (A, N) two states' positions.

    Returns
    -------
    float
        Summed in actor and dimension order, as KTAB sums.

    References
    ----------
    Wise, B., Lester, S. & Efird, B. (2015). An introduction to the KAPSARC Toolkit for
    Behavioral Analysis (KTAB) using one-dimensional spatial models. KAPSARC KS-1516-DP019A.
    KTAB (KAPSARC, MIT licence), examples/smp/libsrc/smp.cpp.

    Examples
    --------
    >>> state_distance(np.array([[0., 0.], [1., 1.]]), np.array([[.3, .4], [1., 1.]]))
    0.5
    """
    diff = x1 - x2
    total = 0.0
    for row in diff:
        s = 0.0
        for v in row:
            s = s + float(v) * float(v)
        total = total + float(np.sqrt(s))
    return total


def run_smp(position: np.ndarray, salience: np.ndarray, capability: np.ndarray,
            params: SMPParams | None = None, accommodation: np.ndarray | None = None,
            schedule: KtabSchedule | None = None,
            rng: np.random.Generator | None = None) -> SMPRun:
    """Run KTAB's SMP from positions (A, N) in [0, 1], saliences (A, N), capabilities (A,).

    Saliences are KTAB's: per dimension in [0, 1] with Σ_k s_ik ≤ 1 and > 0; capabilities > 0.
    ``accommodation`` (A, A) is KTAB's ideal-adjustment matrix (identity: ideals follow
    positions, KTAB's default). ``schedule`` replays the thread order of a KTAB run
    (:class:`KtabSchedule`; only Stochastic runs and exact ties depend on it). Stochastic
    transitions draw from ``rng`` when one is given, else from KTAB's own generator seeded
    with ``params.seed`` — the stream of KTAB's logs.

    Parameters
    ----------
    position, salience : ndarray
        (A, N) on KTAB's scales.
    capability : ndarray
        (A,).
    params : SMPParams, optional
        KTAB's model parameters (defaults: KTAB's).
    accommodation : ndarray, optional
        (A, A) ideal adjustment.
    schedule : KtabSchedule, optional
        A KTAB log's thread order to replay.
    rng : numpy.random.Generator, optional
        The stream of Stochastic draws (``None``: KTAB's generator).

    Returns
    -------
    SMPRun
        Every state, KTAB's stopping rule deciding how many.

    Raises
    ------
    AccordError
        Fewer than two actors with salience and capability, or inputs KTAB refuses.

    References
    ----------
    Wise, B., Lester, S. & Efird, B. (2015). An introduction to the KAPSARC Toolkit for
    Behavioral Analysis (KTAB) using one-dimensional spatial models. KAPSARC KS-1516-DP019A.
    KTAB (KAPSARC, MIT licence), examples/smp/libsrc/smp.cpp.
    Efird, B., Lester, S. & Wise, B. (2016). Modeling Chinese state-owned enterprise reform.
    KAPSARC discussion paper (the SOE-Pol-Comp scenario).

    Examples
    --------
    KTAB's SOE-Pol-Comp log (models.md §4): 28 states; Xi Jinping ends at 43.2 / 43.3.

    >>> from accord.models.oracles import ktab_soe_pol_comp
    >>> x, s, c, _ = ktab_inputs(ktab_soe_pol_comp())
    >>> run = run_smp(x, s, c)
    >>> run.n_states, (100 * run.positions[-1, 0]).round(1).tolist()
    (28, [43.2, 43.3])
    """
    p = params or SMPParams()
    x = np.array(position, dtype=float)
    s = np.array(salience, dtype=float)
    c = np.array(capability, dtype=float)
    a = x.shape[0]
    if a < 2:
        raise AccordError(f"the SMP needs at least 2 actors with salience and capability; got {a}")
    sal_sum = np.zeros(a)
    for k in range(s.shape[1]):
        sal_sum = sal_sum + s[:, k]
    if np.any(sal_sum <= 0) or np.any(sal_sum > 1 + 1e-12) or np.any(c <= 0):
        raise AccordError("KTAB's SMP needs every actor's saliences to sum to a value in (0, 1] "
                          "and every capability > 0")
    acc = None
    if accommodation is not None and not np.array_equal(accommodation, np.eye(a)):
        acc = np.array(accommodation, dtype=float)
    draws = None
    if p.state_transition == "Stochastic":
        draws = KtabRng(p.seed) if rng is None else GeneratorDraws(rng)

    ideal = x.copy()
    history = [x]
    win = []
    challenges = []
    distances: list[float] = []
    fractions: list[float] = []
    turn = 0
    while True:
        turn += 1
        _, risk, ut = _state_utilities(history[-1], ideal, s, c, p)
        own = ut.own()
        win.append(_win_probabilities(own, c, history[-1], p))
        plan = None
        if schedule is not None and turn <= len(schedule.bargains):
            plan = (schedule.bargains[turn - 1], schedule.actors[turn - 1])
        new_x, ideal, chl = _turn(history[-1], ideal, s, c, sal_sum, acc, p, draws, ut, own,
                                  risk, plan)
        history.append(new_x)
        challenges.append(chl)
        d01 = state_distance(history[0], history[1]) + p.min_sig_delta
        dxy = state_distance(history[-1], history[-2])
        distances.append(dxy)
        fractions.append(dxy / d01)
        too_long = p.max_turns <= turn
        if too_long or (p.min_turns <= turn and dxy / d01 < p.min_delta_ratio):
            break
    # The last state's probabilities need its own utilities.
    _, _, ut = _state_utilities(history[-1], ideal, s, c, p)
    last_win, unique, prob = _win_probabilities(ut.own(), c, history[-1], p, distribution=True)
    win.append(last_win)
    return SMPRun(positions=np.array(history), win_probability=np.array(win),
                  state_distance=distances, fractional_change=fractions, challenges=challenges,
                  outcome_actors=unique, outcome_probability=prob)


# --- Accord scenarios ---------------------------------------------------------------------------


def ktab_inputs(arrays: ScenarioArrays):
    """Convert one unbatched :class:`ScenarioArrays` to KTAB's SMP inputs.

    - position: (x − low) / (high − low), KTAB's [0, 1] scale (for a KTAB file, whose issues run
      0–100, this is KTAB's own ``pos / 100``);
    - salience: Accord's per-issue salience in [0, 1] is KTAB's per-dimension salience / 100.
      KTAB requires an actor's saliences to sum to at most 1 (100%); where an Accord actor's
      sum exceeds 1 they are divided by their sum (the actor's attention is shared in the same
      proportions); sums ≤ 1 are kept as they are, so KTAB scenarios run unchanged;
    - capability: KTAB has one capability per actor; an issue-specific capability is averaged
      over the issues the actor takes a stance on.

    Actors KTAB could not run (total salience 0 or capability 0) are left out of the run
    (``active`` is False) and keep their positions.

    Parameters
    ----------
    arrays : ScenarioArrays
        Unbatched.

    Returns
    -------
    tuple
        (positions (A, N), saliences (A, N), capabilities (A,), active (A,) bool).

    References
    ----------
    Wise, B., Lester, S. & Efird, B. (2015). An introduction to the KAPSARC Toolkit for
    Behavioral Analysis (KTAB) using one-dimensional spatial models. KAPSARC KS-1516-DP019A.
    KTAB (KAPSARC, MIT licence), examples/smp/libsrc/smp.cpp. (the CSV/XML scenario format)

    Examples
    --------
    >>> from accord.models.oracles import ktab_soe_pol_comp
    >>> x, s, c, active = ktab_inputs(ktab_soe_pol_comp())
    >>> x[0].tolist(), s[0].tolist(), float(c[0]), bool(active.all())
    ([0.3, 0.2], [0.24, 0.48], 100.0, True)
    """
    x = np.clip((arrays.position - arrays.low) / arrays.scale_range, 0.0, 1.0)
    sal = np.where(arrays.has_stance, arrays.salience, 0.0)
    total = np.zeros(sal.shape[0])
    for k in range(sal.shape[1]):
        total = total + sal[:, k]
    sal = np.where(total[:, None] > 1.0, sal / np.where(total > 1.0, total, 1.0)[:, None], sal)
    cap = arrays.capability
    n_stance = arrays.has_stance.sum(axis=1)
    mean_cap = np.where(n_stance > 0, (cap * arrays.has_stance).sum(axis=1)
                        / np.maximum(n_stance, 1), cap.mean(axis=1))
    same = np.all(cap == cap[:, :1], axis=1)
    capability = np.where(same, cap[:, 0], mean_cap)
    active = (total > 0) & (capability > 0)
    return x, sal, capability, active


@dataclass
class SMPScenarioRun:
    """An SMP run on an Accord scenario: the KTAB run plus positions in issue units."""

    run: SMPRun
    active: np.ndarray          # (A,) actors that took part
    positions: np.ndarray       # (R, A, I) in issue units, every actor
    forecast: np.ndarray        # (I,) expected outcome of the final state


def run_smp_arrays(arrays: ScenarioArrays, params: SMPParams | None = None,
                   accommodation: np.ndarray | None = None,
                   schedule: KtabSchedule | None = None,
                   rng: np.random.Generator | None = None) -> SMPScenarioRun:
    """Run the SMP on one unbatched scenario, in the issues' own units.

    Parameters
    ----------
    arrays : ScenarioArrays
        Unbatched; converted by :func:`ktab_inputs`.
    params, accommodation, schedule, rng :
        As for :func:`run_smp`.

    Returns
    -------
    SMPScenarioRun
        The KTAB run, which actors took part, every state's positions in issue units (A, I)
        and the forecast (the final state's expected outcome).

    Raises
    ------
    AccordError
        As :func:`run_smp`.

    References
    ----------
    Wise, B., Lester, S. & Efird, B. (2015). An introduction to the KAPSARC Toolkit for
    Behavioral Analysis (KTAB) using one-dimensional spatial models. KAPSARC KS-1516-DP019A.
    KTAB (KAPSARC, MIT licence), examples/smp/libsrc/smp.cpp.

    Examples
    --------
    >>> from accord.models.oracles import ktab_soe_pol_comp
    >>> r = run_smp_arrays(ktab_soe_pol_comp())
    >>> r.positions.shape, r.positions[-1, -1].round(1).tolist()     # WY stays at 15 / 60
    ((28, 13, 2), [15.0, 60.0])
    """
    p = params or SMPParams()
    x, sal, cap, active = ktab_inputs(arrays)
    idx = np.flatnonzero(active)
    acc = None if accommodation is None else np.asarray(accommodation)[np.ix_(idx, idx)]
    run = run_smp(x[idx], sal[idx], cap[idx], p, acc, schedule, rng)
    return _in_issue_units(arrays, x, active, run)


def _in_issue_units(arrays: ScenarioArrays, x: np.ndarray, active: np.ndarray,
                    run: SMPRun) -> SMPScenarioRun:
    """A run on the active actors of ``arrays`` (KTAB scale ``x``) as an :class:`SMPScenarioRun`."""
    idx = np.flatnonzero(active)
    span = arrays.scale_range
    full = np.broadcast_to(x, (run.n_states, *x.shape)).copy()
    full[:, idx, :] = run.positions
    positions = arrays.low + full * span
    # The forecast: the final state's expected outcome, each distinct position weighted by its
    # PCE probability of winning (KTAB itself reports the probabilities, not one number).
    final = run.positions[-1][run.outcome_actors]
    expected = np.zeros(final.shape[1])
    for prob, pos in zip(run.outcome_probability, final):
        expected = expected + prob * pos
    return SMPScenarioRun(run, active, positions, arrays.low + expected * span)


def _batch_runs(arrays: ScenarioArrays, p: SMPParams) -> list[SMPScenarioRun]:
    """Every variant of a batch, those with the same active actors run together
    (:mod:`accord.models.smp_batch`; the same numbers as one at a time)."""
    from accord.models.smp_batch import run_smp_batch

    one = [arrays.unbatched(b) for b in range(arrays.batch_size)]
    inputs = [ktab_inputs(a) for a in one]
    runs: list[SMPScenarioRun | None] = [None] * len(one)
    groups: dict[bytes, list[int]] = {}
    for b, (_, _, _, active) in enumerate(inputs):
        groups.setdefault(active.tobytes(), []).append(b)
    for members in groups.values():
        idx = np.flatnonzero(inputs[members[0]][3])
        x = np.stack([inputs[b][0][idx] for b in members])
        sal = np.stack([inputs[b][1][idx] for b in members])
        cap = np.stack([inputs[b][2][idx] for b in members])
        for b, run in zip(members, run_smp_batch(x, sal, cap, p)):
            runs[b] = _in_issue_units(one[b], inputs[b][0], inputs[b][3], run)
    return runs


def smp(arrays: ScenarioArrays, params: SMPParams | None = None, rng=None) -> ModelResult:
    """KTAB's Spatial Model of Politics on any scenario.

    Only Stochastic transitions draw random numbers. They come from ``rng`` (a NumPy
    generator or a seed) when one is given — an unbatched run from ``rng`` itself, member b of a
    batch from its own stream ``member_streams(rng, B)[b]`` (:mod:`accord.randomness`), so a
    member's run does not depend on the batch around it and the variants of an ensemble sample
    the model's randomness too; with ``rng=None`` they come from KTAB's own generator seeded
    with ``params.seed``, the stream that reproduces KTAB's logs.

    Batched arrays run together, turn by turn (:mod:`accord.models.smp_batch`, with the numbers
    of single runs) under Deterministic transitions, the Conditional PCE and InitOnlyInterp
    bargains (KTAB's defaults), else one scenario after another; rounds are padded with each
    run's final state to the longest run.

    Parameters
    ----------
    arrays : ScenarioArrays
        Optionally batched (B, A, I).
    params : SMPParams, optional
        KTAB's parameters (defaults: KTAB's).
    rng : numpy.random.Generator, int or None
        See above.

    Returns
    -------
    ModelResult
        ``forecast`` (..., I), the final state's expected outcome; ``rounds`` (every state, with
        ``extra["win_probability"]`` unbatched); ``details`` for an unbatched run (states,
        challenges, excluded actors, a ``summary``).

    Raises
    ------
    AccordError
        When an input is NaN or infinite, or fewer than two actors can take part.

    References
    ----------
    Wise, B., Lester, S. & Efird, B. (2015). An introduction to the KAPSARC Toolkit for
    Behavioral Analysis (KTAB) using one-dimensional spatial models. KAPSARC KS-1516-DP019A.
    KTAB (KAPSARC, MIT licence), examples/smp/libsrc/smp.cpp.

    Examples
    --------
    KTAB's reference log for SOE-Pol-Comp (models.md §4): 28 states, Xi Jinping at 43.2 / 43.3.

    >>> from accord.models.oracles import ktab_soe_pol_comp
    >>> res = smp(ktab_soe_pol_comp())
    >>> res.details["states"], res.rounds.positions[-1, 0].round(1).tolist()
    (28, [43.2, 43.3])
    """
    require_finite(arrays, "smp")
    p = params or SMPParams()
    draws = None if rng is None or p.state_transition != "Stochastic" else as_rng(rng)

    if arrays.is_batched:
        from accord.models.smp_batch import batchable

        if batchable(p):   # Deterministic: no draws; every variant's turns run together
            runs = _batch_runs(arrays, p)
        else:
            streams = (member_streams(draws, arrays.batch_size) if draws is not None
                       else [None] * arrays.batch_size)
            runs = [run_smp_arrays(arrays.unbatched(b), p, rng=streams[b])
                    for b in range(arrays.batch_size)]
        r_max = max(r.positions.shape[0] for r in runs)
        pos = np.stack([np.concatenate([r.positions, np.repeat(r.positions[-1:],
                                        r_max - r.positions.shape[0], axis=0)]) for r in runs])
        return ModelResult("smp", np.stack([r.forecast for r in runs]),
                           rounds=rounds_from_positions(pos, weights(arrays)))
    r = run_smp_arrays(arrays, p, rng=draws)
    win = np.zeros((r.run.n_states, arrays.n_actors))
    win[:, r.active] = r.run.win_probability
    rounds = rounds_from_positions(r.positions, weights(arrays), win_probability=win)
    converged = r.run.fractional_change[-1] < p.min_delta_ratio
    summary = (f"{r.run.n_states} states ({r.run.n_states - 1} turns); "
               + ("stopped: last turn moved " if converged else "stopped at max_turns; last turn "
                  "moved ") + f"{r.run.fractional_change[-1]:.4f} of the first turn")
    active_ids = [a for a, on in zip(arrays.actor_ids, r.active) if on]
    details: dict[str, Any] = {
        "states": r.run.n_states,
        "converged": bool(converged),
        "fractional_change": [float(v) for v in r.run.fractional_change],
        "state_distance": [float(v) for v in r.run.state_distance],
        "win_probability": [[float(v) for v in row] for row in win],
        "challenges": [[[active_ids[i], active_ids[j]] for i, j in turn]
                       for turn in r.run.challenges],
        "excluded_actors": [a for a, on in zip(arrays.actor_ids, r.active) if not on],
        "params": dataclasses.asdict(p),
        "summary": summary,
    }
    return ModelResult("smp", r.forecast, rounds=rounds, details=details)


register(ModelSpec(
    name="smp", title="KTAB Spatial Model of Politics", run=smp, params=SMPParams,
    reference="Wise, Lester & Efird (2015), KAPSARC KS-1516-DP019A; KTAB (KAPSARC, MIT) "
              "examples/smp",
    iterative=True, in_default_forecast=True, permutation_invariant=False,
    description="Actors challenge, bargain and vote in probabilistic Condorcet elections, turn "
                "by turn, until positions settle (KTAB's stopping rule).",
    # KTAB rounds every bargain to 4 decimals of the unit scale and sums in actor order, so a
    # reordering can move a rounded bargain by one unit (1e-4), and later turns carry it on.
    order_tolerance=1e-3,
    variants=(Variant("stochastic", {"state_transition": "Stochastic"}, stochastic=True),
              Variant("no-commit", {"third_party_commit": "NoCommit"}),
              Variant("s1p1", {"inter_vec_brgn": "S1P1"})),
    scale_invariance=("units",), oracle=oracles.SMP,
))
