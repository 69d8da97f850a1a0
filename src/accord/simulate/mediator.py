"""Single-text mediation, run for a batch of negotiations at once.

The protocol (Fisher's single negotiating text, as at Camp David — Raiffa 1982, ch. 14; the
mediated hill-climbing of Klein, Faratin, Sayama & Bar-Yam 2003, "Negotiating complex
contracts"): a mediator keeps one draft agreement, the *text*. Each round:

1. every party says whether it would sign the text as it stands: yes iff the text is worth at
   least its current target (its strategy's time curve, less the tolerance) and at least its
   reservation. If all say yes, the text is the agreement;
2. otherwise the mediator drafts ``candidates`` variations (32), each changing the option on
   one issue — or, for every second draft, on two (``changes`` = 2) — chosen at random
   (uniformly among the other options), and the parties vote on each: a party votes for a
   variation that does not make it worse off than the current text, or that still meets its
   target;
3. among the variations everyone votes for, the mediator adopts the one that most reduces the
   total shortfall ``Σ_p max(0, target_p − u_p)`` of the parties below their targets (ties:
   larger total utility), and only if that improves on the current text — a hill climb towards
   texts all will sign.

Why two-issue drafts: with one-issue moves the climb stalls in local optima where every single
change hurts someone below target, though a package of two changes (a trade across issues, as in
logrolling) would not — on the built-in 2026 talks scenario, 81 Boulware/linear/conceder
profiles, 100 rounds, the agreement rate goes from 5% (one-issue drafts) to 51% (up to two),
against 41% under alternating offers.

The first text is a random outcome (or one given), drawn, like the variations, from each
negotiation's own seeded generator, so a negotiation's path depends only on its seed and
settings — running it alone or in a batch gives the same result.

Tit-for-tat has nothing to reciprocate here (nobody makes offers), so it concedes on the linear
curve; a Pareto-following party uses its time curve like a time-based one.
"""

from __future__ import annotations

import numpy as np

from accord.randomness import stream
from accord.simulate.interventions import Schedule
from accord.simulate.strategies import targets
from accord.simulate.trace import ACCEPT, Trace, empty_trace, relative_time

#: Weight of total utility against the shortfall in the mediator's score (a tie-break).
_TOTAL_WEIGHT = 1e-6


def _draws(seeds: np.ndarray, R: int, K: int, C: int, n_outcomes: int, n_issues: int,
           start: np.ndarray | None):
    """Per negotiation, from its own generator: the first text, then for each of the C changes
    a draft may make, (R, K) issues and (R, K) uniform numbers choosing the new option."""
    B = seeds.shape[0]
    first = np.empty(B, dtype=np.int64)
    # compact dtypes: B·R·K·C draws for a batch of thousands would otherwise take 100s of MB
    issues = np.empty((C, B, R, K), dtype=np.int32)
    unif = np.empty((C, B, R, K), dtype=np.float32)
    for b in range(B):
        g = stream(int(seeds[b]))          # negotiation b's own seed (accord.randomness, rule 4)
        first[b] = g.integers(n_outcomes)
        # one row of 2CK uniforms per round, drawn in order: the first r rows do not depend on
        # how many rounds are drawn, so a negotiation's draws do not depend on its batch
        u = g.random((R, 2 * C * K)).reshape(R, C, 2, K)
        issues[:, b] = np.minimum((u[:, :, 0] * n_issues).astype(np.int64),
                                  n_issues - 1).transpose(1, 0, 2)
        unif[:, b] = u[:, :, 1].transpose(1, 0, 2)
    if start is not None:
        first = np.broadcast_to(np.asarray(start, dtype=np.int64), (B,)).copy()
    return first, issues, unif


def run_mediator(schedule: Schedule, kind: np.ndarray, exponent: np.ndarray,
                 rounds: np.ndarray, reservation: np.ndarray, seeds: np.ndarray, *,
                 tolerance: float = 1e-4, candidates: int = 32, changes: int = 2,
                 start: "int | np.ndarray | None" = None, history: bool = True) -> Trace:
    """Run B mediated single-text negotiations.

    Arguments as in :func:`accord.simulate.offers.run_alternating` (including ``history``), plus
    ``seeds`` (B,), ``candidates`` drafts per round, ``changes`` the most issues a draft changes
    (draft k changes 1 + k mod ``changes``) and an optional first text ``start``. In the trace,
    ``offers[:, s, 0]`` is the text the mediator holds at the end of round s (after the vote)
    and ``actions`` marks who would sign the text that round began with.
    """
    kind = np.array(kind, dtype=np.int64)
    exponent = np.array(exponent, dtype=float)
    res = np.array(reservation, dtype=float)
    rounds = np.asarray(rounds, dtype=np.int64)
    seeds = np.asarray(seeds, dtype=np.int64)
    B, P = kind.shape
    R = int(rounds.max()) if B else 0
    K = int(candidates)
    C = max(1, min(int(changes), schedule.space.n_issues))
    n_changes = 1 + np.arange(K) % C                                   # (K,) per draft
    space = schedule.space
    n_opt = space.n_options
    strides = space.strides
    tr = empty_trace(B, R if history else 0, P)
    text, issue_draw, unif = _draws(seeds, R, K, C, space.n_outcomes, space.n_issues, start)
    done = np.zeros(B, dtype=bool)
    rows = np.arange(B)
    nan = np.full(B, np.nan)
    for s in range(R):
        phase = schedule.apply(s, kind, exponent, res)
        live = ~done & (s < rounds)
        if not live.any():
            break
        tables = schedule.tables[phase]
        t = relative_time(s, rounds)
        U = tables.utilities
        lower = np.empty((B, P))
        for p in range(P):
            u_res = np.maximum(res[:, p], tables.u_min[p])
            target = targets(kind[:, p], exponent[:, p], tables.u_max[p], u_res, t, nan, nan,
                             mediated=True)
            if history:
                tr.targets[live, s, p] = target[live]
            lower[:, p] = np.maximum(target - tolerance, res[:, p])
        u_text = U[:, text].T                                          # (B, P)
        signs = u_text >= lower
        agreed = live & signs.all(axis=1)
        if history:
            tr.actions[:, s, :] = np.where(live[:, None] & signs, ACCEPT, 0)
        if agreed.any():
            done |= agreed
            tr.agreement[agreed] = text[agreed]
            tr.end(agreed, s, res, phase)
        move = live & ~agreed
        if move.any():
            cand = np.repeat(text[:, None], K, axis=1)                 # (B, K)
            for c in range(C):
                iss = issue_draw[c, :, s, :]
                cur = (cand // strides[iss]) % n_opt[iss]
                step = 1 + np.floor(unif[c, :, s, :] * (n_opt[iss] - 1)).astype(np.int64)
                new_opt = (cur + step) % n_opt[iss]
                cand = cand + np.where(c < n_changes, (new_opt - cur) * strides[iss], 0)
            u_cand = U[:, cand]                                        # (P, B, K)
            lo = lower.T[:, :, None]
            votes = (u_cand >= u_text.T[:, :, None]) | (u_cand >= lo)
            unanimous = votes.all(axis=0)
            score = (-np.maximum(0.0, lo - u_cand).sum(axis=0)
                     + _TOTAL_WEIGHT * u_cand.sum(axis=0))
            score_text = (-np.maximum(0.0, lower - u_text).sum(axis=1)
                          + _TOTAL_WEIGHT * u_text.sum(axis=1))
            score = np.where(unanimous, score, -np.inf)
            best = np.argmax(score, axis=1)
            adopt = move & (score[rows, best] > score_text)
            text = np.where(adopt, cand[rows, best], text)
        if history:
            tr.offers[live, s, 0] = text[live]
            tr.table[live, s] = text[live]
            tr.table_utility[live, s] = U[:, text[live]].T
        tr.end(live & ~done & (rounds == s + 1), s, res, phase)
    return tr
