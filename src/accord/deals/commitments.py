"""Deferred terms at their credible value: deal spaces and trades that price the commitment problem.

A term agreed now but delivered later — a security guarantee after the war, reconstruction
money, a referendum — is a lottery: with probability ``κ`` (its credibility, see
:class:`~accord.scenario.commitments.Commitment`) it is delivered as agreed, otherwise the
status quo holds on that issue. Every party values the lottery at its expectation,

    v'(option) = κ · v(option) + (1 − κ) · v(status quo),

so the party that relies on the promise values it below its face, and the party that must
deliver it values its own concession as cheaper than it looks: "withdrawal now for guarantees
later" is not the even trade its face values suggest. This is Fearon's (1995) commitment problem
— a state cannot credibly promise not to exploit the power it will have later — priced the way
Powell (2006) prices it in :func:`accord.deals.war.commitment_problem`, where the declining side
counts a promise for tomorrow at ``κ`` times its face and the rest at its own war value then
(``credibility=1`` is Powell's fully credible bound). See ``docs/deals/commitments.md``.

Because the utilities stay additive, the transformed deal space is an ordinary
:class:`~accord.deals.space.OutcomeSpace`: the frontier, the bargaining solutions, the trades,
the offer simulation and the whether layer use it unchanged.
:meth:`~accord.deals.space.OutcomeSpace.from_scenario` applies it by default
(``credibility=False`` gives face values).

>>> import numpy as np
>>> credible_option_values(np.array([[0.0, 1.0]]), np.array([1.0, 0.5]), np.array([0.2]))
array([[0. , 0.6]])
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from accord.errors import ScenarioError
from accord.scenario.commitments import Commitment, credible_value
from accord.scenario.deal_tables import DealTables, deal_space_of, option_value


@dataclass(frozen=True)
class DeferredTerm:
    """One term of the deal space that is delivered with probability below 1."""

    issue: str
    option: str | None         # None: the issue's commitment, for every option without its own
    commitment: Commitment

    def describe(self, scenario) -> str:
        names = {a.id: a.name for a in scenario.actors}
        what = scenario.issue(self.issue).name + (f" ({self.option})" if self.option else "")
        return f"{what}: {self.commitment.describe(names)}"


def deferred_terms(scenario) -> list[DeferredTerm]:
    """Every commitment of the scenario whose credibility is below 1, in scenario order."""
    from accord.scenario.commitments import scenario_commitments

    return [DeferredTerm(issue.id, option, c) for _, issue, option, c
            in scenario_commitments(scenario) if c.credibility < 1.0]


def option_commitments(scenario, levels: int = 5) -> list[list[Commitment | None]]:
    """Per deal issue, per option, the commitment in force: the option's own, else the issue's."""
    ds = deal_space_of(scenario, levels)
    out = []
    for di in ds.issues:
        issue = scenario.issue(di.issue)
        by_id = {o.id: o.commitment for o in issue.options}
        out.append([opt.commitment or by_id.get(opt.id) or issue.commitment
                    for opt in di.options])
    return out


def status_quo_values(scenario, tables: DealTables, levels: int = 5) -> np.ndarray:
    """(P, I) what the status quo of each deal issue is worth to each party (NaN where the
    issue states no status quo).

    A status quo ``option`` is that option's value. A status quo ``value`` on the scale is the
    value of the option placed there; otherwise, for a party whose option values come from its
    stance, the same rule applied at that point (:func:`~accord.scenario.deal_tables.option_value`);
    for a party whose values are stated, the values of the neighbouring options interpolated
    linearly by position (the nearest option's value beyond the outermost ones).
    """
    ds = deal_space_of(scenario, levels)
    P, I = tables.n_parties, tables.n_issues
    out = np.full((P, I), np.nan)
    for i, di in enumerate(ds.issues):
        issue = scenario.issue(di.issue)
        sq = issue.status_quo
        if sq is None:
            continue
        v = tables.values[i]
        ids = [o.id for o in di.options]
        if sq.option is not None:
            if sq.option not in ids:
                raise ScenarioError(f"issues[{scenario.issues.index(issue)}].status_quo.option",
                                    f"{sq.option!r} is not an option of the deal space's issue "
                                    f"{issue.id!r}; expected one of: {', '.join(ids)}")
            out[:, i] = v[:, ids.index(sq.option)]
            continue
        k = len(di.options)
        span = issue.high - issue.low
        pos = np.array([o.position if o.position is not None else issue.low + span * j / (k - 1)
                        for j, o in enumerate(di.options)])
        at = np.flatnonzero(np.isclose(pos, sq.value, rtol=0.0, atol=1e-12))
        order = np.argsort(pos, kind="stable")
        for p, party in enumerate(tables.party_ids):
            stated = any(party in o.values for o in di.options)
            st = scenario.stance(party, di.issue)
            if at.size:
                out[p, i] = v[p, at[0]]
            elif st is not None and not stated:
                out[p, i] = option_value(sq.value, st.position, issue.low, issue.high)
            else:
                out[p, i] = np.interp(sq.value, pos[order], v[p, order])
    return out


def credible_option_values(values: np.ndarray, credibility: np.ndarray,
                           if_broken: np.ndarray) -> np.ndarray:
    """(P, n) option values of one issue at their credible value: ``κ_j v[p, j] + (1 − κ_j)
    v_sq[p]`` for credibilities (n,) and status-quo values (P,)."""
    return credible_value(values, if_broken[:, None], credibility[None, :])


def credible_tables(scenario, tables: DealTables, levels: int = 5) -> DealTables:
    """``tables`` with every deferred option valued at its credible value (see the module).

    Options without a commitment, or with credibility 1, keep their values bit for bit.

    Raises
    ------
    ScenarioError
        A deferred option on an issue whose status quo is not an option of the deal space.
    """
    commitments = option_commitments(scenario, levels)
    kappa = [np.array([1.0 if c is None else c.credibility for c in row]) for row in commitments]
    if all(np.all(k == 1.0) for k in kappa):
        return tables
    sq = status_quo_values(scenario, tables, levels)
    values = []
    for i, (v, k) in enumerate(zip(tables.values, kappa)):
        if np.all(k == 1.0):
            values.append(v)
            continue
        # check_commitments guarantees a status quo wherever credibility < 1
        new = credible_option_values(v, k, sq[:, i])
        values.append(np.where(k[None, :] == 1.0, v, new))
    note = (tables.note + "; " if tables.note else "") + \
        "deferred terms at their credible value (κ·face + (1 − κ)·status quo)"
    return replace(tables, values=tuple(values), note=note)


# --- the exchange model's trades, credibility-weighted -----------------------------------------

def issue_credibility(scenario) -> dict[str, float]:
    """Credibility of whatever is agreed on each issue (the issue's commitment; 1 without)."""
    return {i.id: (i.commitment.credibility if i.commitment is not None else 1.0)
            for i in scenario.issues}


def exchange_gains(exchange: dict, scenario) -> dict:
    """Every actor's gain from one exchange of Stokman's model (:mod:`accord.models.exchange`),
    at face value and credibility-weighted.

    An exchange shifts the outcome (the weighted mean) of two issues, ``O_d → O'_d``. Each of
    the two traders gains the shift on its demand issue and loses the shift on its supply
    issue, each times its salience: ``s_dem |ΔO_dem| − s_sup |ΔO_sup|`` (Stokman & Van Oosten
    1994); every other actor at ``x`` gains ``s (|O_d − x| − |O'_d − x|)`` on each issue (the
    externalities of decide-exchange-model). A move on an issue whose delivery has credibility
    ``κ_d`` happens with probability ``κ_d``, otherwise the outcome stays where it was, so every
    part of a gain on ``d`` counts ``κ_d`` times. Returns ``{"face": {actor: gain}, "credible":
    {actor: gain}, "credibility": {issue: κ}}``.
    """
    kappa = issue_credibility(scenario)
    face: dict[str, float] = {}
    cred: dict[str, float] = {}

    def add(actor, issue_id, g):
        face[actor] = face.get(actor, 0.0) + g
        cred[actor] = cred.get(actor, 0.0) + kappa[issue_id] * g

    shift = {exchange[k]["supply_issue"]: (exchange[k]["mds_before"], exchange[k]["mds_after"])
             for k in ("i", "j")}
    traders = {exchange[k]["actor"] for k in ("i", "j")}
    for k in ("i", "j"):
        side = exchange[k]
        for issue_id, sign in ((side["demand_issue"], 1.0), (side["supply_issue"], -1.0)):
            before, after = shift[issue_id]
            add(side["actor"], issue_id,
                sign * scenario.stance(side["actor"], issue_id).salience * abs(after - before))
    for st in scenario.stances:
        if st.actor in traders or st.issue not in shift:
            continue
        before, after = shift[st.issue]
        add(st.actor, st.issue, st.salience * (abs(before - st.position) - abs(after - st.position)))
    return {"face": face, "credible": cred,
            "credibility": {issue_id: kappa[issue_id] for issue_id in shift}}


# --- ensembles: the credibility each variant draws ------------------------------------------------

def option_credibility(scenario, space, *, levels: int = 5, drawn=None, n: int = 1
                       ) -> list[np.ndarray]:
    """Per deal issue of ``space``, the (n, n_i) credibility of each option in each of ``n``
    variants: the scenario's stated credibility, or the variant's draw where ``drawn`` (the
    ``credibility`` dict of :class:`accord.ensemble.sample.Variants`, input name → (n,)) has one.

    Options are matched by id, so ``space`` may be a restriction of the scenario's deal space
    (fewer options on some issue).
    """
    ds = deal_space_of(scenario, levels)
    by_issue = {di.issue: di for di in ds.issues}
    rows = option_commitments(scenario, levels)
    drawn = drawn or {}
    out = []
    for i, iid in enumerate(space.issue_ids):
        di = by_issue[iid]
        k = [di.issue for di in ds.issues].index(iid)
        ids = [o.id for o in di.options]
        mine = space.option_ids[i] if space.option_ids else space.option_labels[i]
        col = np.ones((n, len(mine)))
        issue = scenario.issue(iid)
        own = {o.id for o in issue.options if o.commitment is not None} | \
            {o.id for o in di.options if o.commitment is not None}
        for j, oid in enumerate(mine):
            c = rows[k][ids.index(oid)] if oid in ids else None
            if c is None:
                continue
            name = f"credibility[{iid}.{oid}]" if oid in own else f"credibility[{iid}]"
            col[:, j] = drawn[name] if name in drawn else c.credibility
        out.append(col)
    return out


def credible_batch(values: np.ndarray, credibility: np.ndarray, if_broken: np.ndarray
                   ) -> np.ndarray:
    """Option values of one issue in a batch of variants at their credible value:
    ``values`` (B, P, n) at face, ``credibility`` (B, n), ``if_broken`` (B, P) the status quo's
    value to each party → (B, P, n) = κ v + (1 − κ) v_sq.

    >>> credible_batch(np.array([[[0.0, 1.0]]]), np.array([[1.0, 0.5]]), np.array([[0.2]]))
    array([[[0. , 0.6]]])
    """
    k = credibility[:, None, :]
    return k * values + (1.0 - k) * if_broken[:, :, None]


def credible_in_variants(scenario, space, values: list[np.ndarray], variants, *,
                         levels: int = 5) -> list[np.ndarray]:
    """Per issue of ``space``, the (B, P, n_i) option values of a batch of ensemble variants at
    their credible value, from the face values ``values`` (B, P, n_i), each variant's drawn
    credibilities and — for a deal space derived from the stances — its drawn positions and
    status quo (a stated deal space keeps its stated status-quo values).

    For the whether layer's package test over an ensemble (:mod:`accord.whether.agreement`).
    """
    from accord.scenario.deal_tables import deal_tables

    B = values[0].shape[0] if values else 0
    kappa = option_credibility(scenario, space, levels=levels, drawn=variants.credibility, n=B)
    if all(np.all(k == 1.0) for k in kappa):
        return values
    tables = deal_tables(scenario, levels=levels)
    sq_base = status_quo_values(scenario, tables, levels)
    arr = variants.arrays
    derived = scenario.deal_space is None and arr.status_quo is not None
    out = []
    for i, iid in enumerate(space.issue_ids):
        if np.all(kappa[i] == 1.0):
            out.append(values[i])
            continue
        v_sq = np.broadcast_to(sq_base[:, tables.issue_ids.index(iid)],
                               (B, space.n_parties)).copy()
        if derived:
            issue = scenario.issue(iid)
            col = arr.issue_ids.index(iid)
            sq = arr.status_quo[:, col]
            for p, party in enumerate(space.party_ids):
                if scenario.stance(party, iid) is None:
                    continue
                pos = arr.position[:, arr.actor_ids.index(party), col]
                reach = np.maximum(pos - issue.low, issue.high - pos)
                v_sq[:, p] = np.clip(1.0 - np.abs(sq - pos) / np.where(reach > 0, reach, 1.0),
                                     0.0, 1.0)
        out.append(credible_batch(values[i], kappa[i], v_sq))
    return out
