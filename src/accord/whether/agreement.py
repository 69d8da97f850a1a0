"""Whether the parties will agree, and by when: P(agreement by the horizon).

A zone of agreement is necessary for agreement: some outcome every party whose consent the
rule requires prefers to its fallback, past nobody's red line. This module answers, for a
scenario:

- per issue, at the stated numbers: the status quo, the zone (an interval, or none) and the
  actors who close it (:func:`assess`);
- ``P(agreement by the horizon)``: the share of an ensemble of scenario variants — drawn from
  the plausible ranges of positions, red lines, status quos, reservations and war parameters
  (:mod:`accord.ensemble.sample`) — in which a zone exists, optionally times the share of
  simulated negotiations (:mod:`accord.simulate`) that reach agreement before the horizon or a
  hard deadline, rounds mapped to calendar days by the scenario's ``round_days``.

What "a zone exists" means depends on the scenario:

- **several bargained issues under unanimity** (peace talks): a *package* of the deal space
  (:class:`~accord.deals.space.OutcomeSpace`) that every party values at least at its fallback
  (its stated reservation, or the war value its fallback rule gives, or — without an outside
  option — strictly more than the status-quo package) and that crosses no red line. Issues one
  actor decides alone are not bargained: they are fixed at that actor's choice. Each issue's
  zone is the range of its options over the acceptable packages, None when there is none;
- **one bargained issue, or majority rules** (EU legislation, issue by issue): each issue's
  exact win-set under its rule, red lines and fallbacks (:mod:`accord.whether.winset`); the
  scenario counts as agreeing when any issue can move off its status quo.

>>> from accord.scenario.builtin import load_builtin
>>> a = assess(load_builtin("ec-emissions-1994"), n=200, seed=1)
>>> sorted(a.to_dict())
['by', 'issues', 'probability']
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from accord.errors import AccordError
from accord.scenario.arrays import QUALIFIED_MAJORITY, SIMPLE_MAJORITY, SINGLE_ACTOR

#: Variants drawn for P(agreement) when nothing else is said.
DEFAULT_VARIANTS = 1000
#: Deal spaces larger than this are judged issue by issue (a package check of every variant
#: over more packages would take minutes): the method line says so.
MAX_PACKAGES = 300_000
#: Strategies whose every assignment to the parties is simulated for the time to agreement.
SIMULATED_STRATEGIES = ("boulware", "linear", "conceder")


@dataclass
class IssueWhether:
    """One issue at the stated numbers: status quo, zone and who closes it."""

    issue: str
    status_quo: float | None
    zone: tuple[float, float] | None
    blocking: tuple[str, ...] = ()
    headline: str = ""
    decided_by: str | None = None
    #: whether the zone's lower and upper ends belong to it (not in the JSON, which keeps
    #: ``zone`` as the two numbers; :attr:`zone_text` says it in words)
    zone_closed: tuple[bool, bool] = (True, True)

    @property
    def zone_text(self) -> str | None:
        """The zone as printed: "0–100", or "above 0 to 100" when 0 is left out."""
        from accord.whether.winset import zone_text

        return None if self.zone is None else zone_text(*self.zone, *self.zone_closed)

    def to_dict(self) -> dict[str, Any]:
        return {"status_quo": self.status_quo,
                "zone": None if self.zone is None else [self.zone[0], self.zone[1]],
                "blocking": list(self.blocking)}


@dataclass
class Agreement:
    """P(agreement by ``by``), the zones behind it, and how it was computed.

    ``zone_share`` is the share of variants with a zone; ``reach_share`` the share of simulated
    negotiations that agree before the horizon (None when not simulated); ``probability`` their
    product. ``package`` describes the package zone at the stated numbers (multi-issue mode).
    """

    probability: float
    by: dt.date | None
    issues: dict[str, IssueWhether]
    mode: str
    n: int
    seed: int
    zone_share: float
    reach_share: float | None = None
    package: dict[str, Any] = field(default_factory=dict)
    inputs: list[str] = field(default_factory=list)
    method: str = ""
    horizon_default: bool = False
    unbounded: bool = False      # nothing stated could block: no status quo, red line or fallback
    #: Per party, the rule that gave its fallback (stated, fearon, attrition, none), as
    #: ``accord deals`` reports it: --fallback fearon falls back to a stated reservation or 0
    #: when the scenario has no war numbers, and the reader must be told.
    fallback_used: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The contract of ``accord forecast --format json``'s ``agreement`` block."""
        return {"probability": self.probability,
                "by": None if self.by is None else self.by.isoformat(),
                "issues": {k: v.to_dict() for k, v in self.issues.items()}}

    def details(self) -> dict[str, Any]:
        """Everything else: headlines, the package, the method (the ``whether`` block)."""
        return {"mode": self.mode, "variants": self.n, "seed": self.seed,
                "unbounded": self.unbounded,
                "zone_share": self.zone_share, "reach_share": self.reach_share,
                "horizon_default": self.horizon_default, "method": self.method,
                "fallback_used": self.fallback_used,
                "uncertain_inputs": self.inputs, "package": self.package,
                "headlines": {k: v.headline for k, v in self.issues.items()},
                "decided_alone": {k: v.decided_by for k, v in self.issues.items()
                                  if v.decided_by}}

    def closed(self) -> list[IssueWhether]:
        """Bargained issues without a zone at the stated numbers."""
        return [v for v in self.issues.values() if v.zone is None and not v.decided_by]

    def line(self) -> str:
        """The whether line: P(agreement by date); issues without a zone and who blocks them."""
        if self.by is not None:
            head = f"P(agreement by {self.by.isoformat()}) = {self.probability:.0%}"
        else:
            head = f"P(agreement) = {self.probability:.0%} (no horizon: the scenario has no date)"
        if self.horizon_default:
            head += " (default horizon: one year after the scenario date)"
        if self.unbounded:
            return head + " (the scenario states no status quo, red line or outside option, " \
                "so nothing it says could block an agreement)"
        if self.mode.startswith("issue by issue"):
            # issue by issue, agreement on any one issue counts: P can be 100 % beside "no
            # zone" on other issues, so the line names the issues that can move first
            moving = [v for v in self.issues.values() if v.zone is not None and not v.decided_by]
            if moving and self.closed():
                return (head + "; issue by issue, any issue that can move counts: "
                        + "; ".join(v.headline + (" (no status quo stated: nothing stated "
                                                  "holds it)" if v.status_quo is None else "")
                                    for v in moving)
                        + "; " + "; ".join(v.headline for v in self.closed()))
        closed = [v for v in self.closed() if v.blocking and "red line" in v.headline]
        if closed:
            return head + "; " + "; ".join(v.headline for v in closed)
        if self.package and not self.package.get("exists", True):
            return head + "; no package clears every party's fallback: " + \
                self.package.get("explanation", "")
        if self.closed():
            return head + "; " + "; ".join(v.headline for v in self.closed())
        return head + "; a zone of agreement exists at the stated numbers"


# --- the point estimate --------------------------------------------------------------------------

def _bargained(arrays) -> np.ndarray:
    return arrays.rules.kind != SINGLE_ACTOR


def _issue_by_issue(arrays, scenario=None, levels: int = 5) -> bool:
    rules = arrays.rules
    bargained = _bargained(arrays)
    majority = np.isin(rules.kind, (QUALIFIED_MAJORITY, SIMPLE_MAJORITY))
    if bargained.sum() <= 1 or bool((majority & bargained).any()):
        return True
    return scenario is not None and _package_count(scenario, levels) > MAX_PACKAGES


def _package_count(scenario, levels: int) -> int:
    """Packages of the scenario's deal space (its stated one, else one option per anchor or
    ``levels`` per continuous issue), without building it."""
    import math

    if scenario.deal_space is not None:
        return math.prod(len(di.options) for di in scenario.deal_space.issues)
    sizes = []
    for issue in scenario.issues:
        if issue.kind == "discrete":
            sizes.append(len(issue.options))
        else:
            sizes.append(len(issue.anchors) if len(issue.anchors) >= 2 else levels)
    return math.prod(sizes)


def _reservations(scenario, parties, fallback: str) -> tuple[np.ndarray, dict[str, str]]:
    """Stated/war reservation per party; NaN where the party has no outside option. The
    provenance (how each value was obtained) of the parties with one."""
    has = {o.actor for o in scenario.outside_options}
    with_option = [p for p in parties if p in has]
    if not with_option:     # nothing to value: no need for the war models (deals.war)
        return np.full(len(parties), np.nan), {}
    from accord.deals.war import reservation_values

    rv = reservation_values(scenario, with_option, prefer=fallback)
    r = np.array([rv[p][0] if p in rv else np.nan for p in parties])
    return r, {p: rv[p][1] for p in rv}


def _space_reservations(scenario, space) -> tuple[np.ndarray, dict[str, str]]:
    """What :func:`_reservations` gives for ``space``'s parties, read from the space, which
    :meth:`~accord.deals.space.OutcomeSpace.from_scenario` valued by the same rule over the same
    parties (a party without an outside option changes no one else's value) — not valued again.
    """
    has = {o.actor for o in scenario.outside_options}
    r = np.array([v if p in has else np.nan for p, v in zip(space.party_ids, space.reservation)])
    return r, {p: space.provenance[p] for p in space.party_ids if p in has}


def assess(scenario, *, n: int = DEFAULT_VARIANTS, seed: int = 0, fallback: str = "stated",
           simulate: bool = False, levels: int = 5, interventions=()) -> Agreement:
    """The whether of ``scenario``: zones at the stated numbers and P(agreement by the horizon).

    ``n`` variants are drawn from the scenario's ranges (none when it states no ranges: then
    P is 0 or 1). ``fallback`` is the rule for what no deal is worth (``stated``, ``fearon``,
    ``attrition``; see :func:`accord.deals.war.reservation_values`). ``simulate`` multiplies by
    the share of simulated negotiations that agree before the horizon (needs ``round_days``);
    ``interventions`` (``ROUND:PARTY.FIELD=VALUE``) change those talks from a given round and
    imply ``simulate``.
    """
    from accord.scenario import load

    scenario = load(scenario)
    arrays = scenario.to_arrays()
    by = scenario.horizon_date()
    names = {a.id: a.name for a in scenario.actors}
    issue_names = {i.id: i.name for i in scenario.issues}
    if _issue_by_issue(arrays, scenario, levels):
        issues, exists, package, mode, provenance = _point_issue_by_issue(
            scenario, arrays, names, issue_names, fallback)
        if not _issue_by_issue(arrays):
            mode = (f"issue by issue: the deal space has {_package_count(scenario, levels):,} "
                    f"packages, more than the {MAX_PACKAGES:,} a package check covers")
    else:
        issues, exists, package, mode, provenance = _point_package(
            scenario, arrays, names, issue_names, fallback, levels)
    from accord.ensemble.sample import InputSpace

    space = InputSpace.from_scenario(scenario)
    inputs = [x.name for x in space.inputs]
    if space.inputs and n > 0:
        variants = space.sample(n, np.random.default_rng([seed, 13]))
        ok = _variant_zones(scenario, variants, fallback, levels, mode)
        share = float(ok.mean())
        used = n
    else:
        share, used = float(exists), 0
    reach = None
    method = (f"share of {used} variants drawn from the scenario's ranges ({len(inputs)} "
              f"uncertain inputs) with a zone of agreement ({mode})" if used else
              "the scenario states no ranges: 1 if a zone exists at the stated numbers, else 0")
    prob = share
    if simulate or interventions:
        reach, how = _reach_by_horizon(scenario, fallback, levels, by, interventions)
        if reach is not None:
            prob = share * reach
            method += f"; times {how}"
    unbounded = not (any(i.status_quo for i in scenario.issues)
                     or any(st.red_line for st in scenario.stances)
                     or scenario.outside_options)
    return Agreement(prob, by, issues, mode, used, seed, share, reach, package, inputs, method,
                     scenario.horizon is None and by is not None, unbounded,
                     _fallback_used(scenario, fallback, provenance))


def _fallback_used(scenario, fallback: str, provenance: dict[str, str]) -> dict[str, str]:
    """Per party with a stance, the rule that gave its fallback under ``fallback`` first (the
    rules :func:`accord.deals.war.reservation_values` tries, as ``accord deals`` names them).

    ``provenance`` is what the point estimate already found (party → explanation, for parties
    with an outside option); only a party with an outside option it did not value (outside the
    deal space) is valued here. A party without an outside option: ``none``."""
    stated = {st.actor for st in scenario.stances}
    parties = [a.id for a in scenario.actors if a.id in stated]
    has = {o.actor for o in scenario.outside_options}
    if not has & stated:
        return dict.fromkeys(parties, "none")
    from accord.deals.fallbacks import fallback_rule

    how = dict(provenance)
    if any(p in has and p not in how for p in parties):
        from accord.deals.war import reservation_values

        rv = reservation_values(scenario, parties, prefer=fallback)
        how.update({p: rv[p][1] for p in parties if p not in how})
    return {p: fallback_rule(how[p]) if p in how else "none" for p in parties}


def rule_note(scenario, fallback: str = "stated") -> str | None:
    """What ``accord deals`` must add when the scenario decides some issue by a majority rule.

    The deal analysis asks every party to agree (unanimity) and values no deal at each party's
    fallback; the whether layer judges such an issue by its own rule against its status quo
    (Tsebelis's win-set). The two answer different questions, so the deals output says so and
    gives the whether layer's verdict per issue — the one ``accord forecast`` shows. None when
    every bargained issue is decided by unanimity (the deal analysis is then the whole story).

    >>> rule_note("ec-emissions-1994") is None
    True
    """
    from accord.scenario import load
    from accord.scenario.lookups import name_list

    scenario = load(scenario)
    arrays = scenario.to_arrays()
    majority = [i for i, issue in enumerate(arrays.issue_ids)
                if arrays.rules.kind[i] in (QUALIFIED_MAJORITY, SIMPLE_MAJORITY)]
    if not majority:
        return None
    names = {a.id: a.name for a in scenario.actors}
    issue_names = {i.id: i.name for i in scenario.issues}
    issues = _point_issue_by_issue(scenario, arrays, names, issue_names, fallback)[0]
    verdicts = []
    for i in majority:
        v = issues[arrays.issue_ids[i]]
        name = issue_names[v.issue]
        if v.zone is not None:
            verdicts.append(f"zone on {name}: {v.zone_text}")
        else:
            verdicts.append(f"no zone on {name} (blocked by "
                            f"{name_list(names.get(a, a) for a in v.blocking) or 'nobody named'})")
    kinds = sorted({str(arrays.rules.kind[i]) for i in majority})
    rule = ("by qualified majority" if kinds == [str(QUALIFIED_MAJORITY)] else
            "by simple majority" if kinds == [str(SIMPLE_MAJORITY)] else "by majority rules")
    return (f"this zone asks every party to agree (unanimity), each against what no deal is "
            f"worth to it; the scenario decides {len(majority)} of its {len(arrays.issue_ids)} "
            f"issues {rule}, against the status quo, where accord forecast judges each issue's "
            f"win-set under its rule: " + "; ".join(verdicts))


def _point_issue_by_issue(scenario, arrays, names, issue_names, fallback):
    from accord.whether.winset import issue_zones

    res, provenance = _reservations(scenario, list(arrays.actor_ids), fallback)
    use = "reservation" if np.isfinite(res).any() else "status_quo"
    zones = issue_zones(arrays, use, res if use == "reservation" else None)
    issues = {}
    for z in zones:
        issues[z.issue] = IssueWhether(z.issue, z.status_quo, z.hull, z.blocking,
                                       z.headline(names, issue_names[z.issue]), z.decided_by,
                                       z.closed)
    bargained = [z for z in zones if not z.decided_by]
    exists = any(not z.empty for z in bargained) if bargained else False
    return issues, exists, {}, "issue by issue", provenance


def _package_space(scenario, arrays, fallback, levels, credibility=True):
    """The deal space with single-actor issues fixed at the decider's choice, and its
    restriction to the red lines. Deferred terms at their credible value unless
    ``credibility=False`` (face values, for the ensemble, which applies each variant's draws)."""
    from accord.deals.red_lines import restrict
    from accord.deals.space import OutcomeSpace

    space = OutcomeSpace.from_scenario(scenario, levels=levels, fallback=fallback,
                                       credibility=credibility)
    space = _fix_single_actor_issues(scenario, arrays, space)
    return space, restrict(space)


def _point_package(scenario, arrays, names, issue_names, fallback, levels):
    from accord.deals.frontier import scan_space
    from accord.whether.winset import issue_zones, zone_text

    red_zones = {z.issue: z for z in issue_zones(arrays, "none")}
    space, restriction = _package_space(scenario, arrays, fallback, levels)
    res, provenance = _space_reservations(scenario, space)
    issues: dict[str, IssueWhether] = {}
    package: dict[str, Any] = {"parties": list(space.party_ids), "n_outcomes": space.n_outcomes}
    if restriction.closed:
        package.update(exists=False, size=0,
                       explanation="; ".join(c.headline(issue_names.get(c.issue))
                                             for c in restriction.closed))
        acceptable_positions = None
    else:
        sub = restriction.space
        r = _fallback_vector(scenario, sub, res)
        scan = scan_space(_with_reservation(sub, r))
        zone = scan.zone
        package.update(exists=not zone.is_empty, size=zone.size,
                       n_within_red_lines=sub.n_outcomes,
                       explanation=zone.explanation([sub.name_of(p) for p in sub.party_ids]),
                       blocking=sorted({sub.party_ids[p] for p in zone.blocking_parties}
                                       | {sub.party_ids[p] for pair in zone.blocking_pairs
                                          for p in pair}
                                       | {sub.party_ids[p] for p in zone.blocking_group}))
        acceptable_positions = _option_ranges(scenario, sub, zone.outcomes) \
            if not zone.is_empty else None
    closed_by_red_lines = any(z.empty and not z.decided_by for z in red_zones.values())
    for i, iid in enumerate(arrays.issue_ids):
        rz = red_zones[iid]
        if rz.decided_by:
            k = list(arrays.actor_ids).index(rz.decided_by)
            choice = float(arrays.position[k, i])
            issues[iid] = IssueWhether(iid, rz.status_quo, (choice, choice), (),
                                       f"{issue_names[iid]}: decided by {names[rz.decided_by]} "
                                       f"alone ({choice:g})", rz.decided_by)
            continue
        if rz.empty:
            issues[iid] = IssueWhether(iid, rz.status_quo, None, rz.blocking,
                                       rz.headline(names, issue_names[iid]))
            continue
        if closed_by_red_lines:
            # another issue is closed: this one's zone is what every red line leaves on it
            lo, hi = rz.hull
            issues[iid] = IssueWhether(iid, rz.status_quo, (lo, hi), (),
                                       f"zone on {issue_names[iid]}: "
                                       f"{zone_text(lo, hi, *rz.closed)} within every red line "
                                       "(no package while another issue is closed)",
                                       zone_closed=rz.closed)
            continue
        if acceptable_positions is None:
            issues[iid] = IssueWhether(iid, rz.status_quo, None,
                                       tuple(package.get("blocking", ())),
                                       f"no zone on {issue_names[iid]}: no package clears every "
                                       "party's fallback")
            continue
        lo, hi = acceptable_positions[iid]
        issues[iid] = IssueWhether(iid, rz.status_quo, (lo, hi), (),
                                   f"zone on {issue_names[iid]}: {lo:g}–{hi:g}")
    return issues, bool(package["exists"]), package, "package", provenance


def _with_reservation(space, r):
    from dataclasses import replace

    return replace(space, reservation=np.asarray(r, dtype=float))


def _fallback_vector(scenario, space, res) -> np.ndarray:
    """Reservation per party; without an outside option, the status-quo package's worth to it
    (plus a hair: an actor must strictly prefer a change), else 0."""
    sq = _status_quo_utilities(scenario, space)
    out = np.array(res, dtype=float)
    for p in range(space.n_parties):
        if np.isnan(out[p]):
            out[p] = sq[p] + 1e-9 if sq is not None else 0.0
    return out


def _status_quo_utilities(scenario, space) -> np.ndarray | None:
    """Each party's utility of the status quo, from the deal-space value rule, when every deal
    issue has a status quo and the values are derived from stances; else None."""
    from accord.scenario.deal_tables import option_value

    if scenario.deal_space is not None:
        return None
    u = np.zeros(space.n_parties)
    for i, iid in enumerate(space.issue_ids):
        issue = scenario.issue(iid)
        if issue.status_quo is None or issue.status_quo.value is None:
            return None
        for p, party in enumerate(space.party_ids):
            st = scenario.stance(party, iid)
            if st is not None:
                u[p] += space.weights[p, i] * option_value(issue.status_quo.value, st.position,
                                                           issue.low, issue.high)
    return u


def _fix_single_actor_issues(scenario, arrays, space):
    """Issues one actor decides alone keep only that actor's best option (they are not
    bargained: the decider does what it wants whatever the package says), and no one else's
    red line applies to them (nobody else can veto them)."""
    from dataclasses import replace

    rules = arrays.rules
    fixed = {}
    for i, iid in enumerate(arrays.issue_ids):
        if rules.kind[i] == SINGLE_ACTOR and iid in space.issue_ids:
            decider = arrays.actor_ids[int(np.flatnonzero(rules.veto[i])[0])]
            if decider in space.party_ids:
                k = space.issue_ids.index(iid)
                fixed[k] = int(np.argmax(space.values[k][space.party_ids.index(decider)]))
    if not fixed:
        return space
    keep = [np.array([fixed[k]]) if k in fixed else np.arange(int(n))
            for k, n in enumerate(space.n_options)]
    return replace(
        space,
        option_labels=tuple(tuple(space.option_labels[i][j] for j in keep[i])
                            for i in range(space.n_issues)),
        option_ids=None if space.option_ids is None else
        tuple(tuple(space.option_ids[i][j] for j in keep[i]) for i in range(space.n_issues)),
        n_options=np.array([k.size for k in keep]),
        values=tuple(v[:, k] for v, k in zip(space.values, keep)),
        red_lines=None if space.red_lines is None else
        tuple(np.ones((space.n_parties, 1), bool) if i in fixed else m[:, k]
              for i, (m, k) in enumerate(zip(space.red_lines, keep))),
        table=None)


def _option_positions(scenario, space) -> list[np.ndarray]:
    """Scale position of every option of the (restricted) space, matched by option id."""
    from accord.scenario.deal_tables import deal_tables

    tables = deal_tables(scenario)
    out = []
    for i, iid in enumerate(space.issue_ids):
        k = tables.issue_ids.index(iid)
        ids = list(tables.option_ids[k])
        mine = space.option_ids[i] if space.option_ids else space.option_labels[i]
        out.append(np.array([tables.positions[k][ids.index(o)] for o in mine]))
    return out


def _option_ranges(scenario, space, outcomes) -> dict[str, tuple[float, float]]:
    """Per issue, the lowest and highest option position among the given outcomes."""
    pos = _option_positions(scenario, space)
    opts = space.option_indices(np.asarray(outcomes))
    out = {}
    for i, iid in enumerate(space.issue_ids):
        x = pos[i][opts[:, i]]
        out[iid] = (float(x.min()), float(x.max()))
    return out


# --- the ensemble ---------------------------------------------------------------------------------

def _variant_reservations(scenario, parties, variants, fallback) -> np.ndarray:
    """(B, P) each party's fallback in each variant, from its drawn outside-option numbers, by
    the rules of :func:`accord.deals.war.reservation_values` (stated → Fearon → attrition,
    ``fallback`` first; a Fearon value below 0 is clipped to 0); NaN for parties without an
    outside option."""
    from accord.deals.fallbacks import FALLBACK_RULES

    B = len(variants)
    out = np.full((B, len(parties)), np.nan)
    opts = {o.actor: o for o in scenario.outside_options}
    drawn = variants.outside
    order = (fallback,) + tuple(r for r in FALLBACK_RULES if r != fallback)

    def value(o, name):
        key = f"outside[{o.actor}].{name}"
        if key in drawn:
            return np.asarray(drawn[key], dtype=float)
        v = getattr(o, name)
        return None if v is None else np.full(B, float(v))

    for k, party in enumerate(parties):
        o = opts.get(party)
        if o is None:
            continue
        for rule in order:
            if rule == "stated" and value(o, "reservation") is not None:
                out[:, k] = value(o, "reservation")
            elif rule == "fearon" and value(o, "win_probability") is not None \
                    and value(o, "cost") is not None:
                out[:, k] = np.maximum(value(o, "win_probability") - value(o, "cost"), 0.0)
            elif rule == "attrition" and all(value(o, f) is not None for f in
                                            ("per_period_win", "per_period_cost", "discount")):
                others = sum((value(opts[q], "per_period_win") for q in parties
                              if q != party and q in opts
                              and value(opts[q], "per_period_win") is not None), np.zeros(B))
                q_own = value(o, "per_period_win")
                denom = 1.0 - value(o, "discount") * (1.0 - q_own - others)
                out[:, k] = (q_own - value(o, "per_period_cost")) / denom
            else:
                continue
            break
    return out


def _variant_zones(scenario, variants, fallback, levels, mode) -> np.ndarray:
    """(B,) whether each variant has a zone of agreement."""
    arrays = variants.arrays
    if mode.startswith("issue by issue"):
        from accord.whether.winset import zone_exists

        base = scenario.to_arrays()
        res = _variant_reservations(scenario, list(base.actor_ids), variants, fallback)
        use = "reservation" if np.isfinite(res).any() else "status_quo"
        ok = zone_exists(arrays, use, res if use == "reservation" else None)
        bargained = _bargained(base)
        return ok[:, bargained].any(axis=1) if bargained.any() else np.zeros(len(variants), bool)
    return _variant_packages(scenario, variants, fallback, levels)


def _variant_packages(scenario, variants, fallback, levels) -> np.ndarray:
    """(B,) does some package clear every party's fallback and cross no red line, per variant.

    Deferred terms count at each variant's credible value (its drawn credibilities,
    :func:`accord.deals.commitments.credible_in_variants`)."""
    from accord.deals.commitments import credible_in_variants
    from accord.scenario.deal_tables import option_value

    base = scenario.to_arrays()
    space, _ = _package_space(scenario, base, fallback, levels, credibility=False)
    single = {iid for i, iid in enumerate(base.issue_ids) if base.rules.kind[i] == SINGLE_ACTOR}
    parties = list(space.party_ids)
    B = len(variants)
    res = _variant_reservations(scenario, parties, variants, fallback)
    positions = _option_positions(scenario, space)
    arr = variants.arrays
    a_index = {a: k for k, a in enumerate(arr.actor_ids)}
    i_index = {i: k for k, i in enumerate(arr.issue_ids)}
    red_lo, red_hi = arr.red_bounds
    derived = scenario.deal_space is None
    # per issue and variant: which options every party's red line allows (B, n_i)
    allowed = []
    for i, iid in enumerate(space.issue_ids):
        x = positions[i]
        ok = np.ones((B, x.size), bool)
        for party in ([] if iid in single else parties):
            a, k = a_index[party], i_index[iid]
            ok &= (x[None, :] >= red_lo[:, a, k][:, None]) & (x[None, :] <= red_hi[:, a, k][:, None])
        allowed.append(ok)
    # per issue, variant and party: option values (fixed when the deal space states them)
    values = []
    for i, iid in enumerate(space.issue_ids):
        v = np.broadcast_to(space.values[i], (B,) + space.values[i].shape).copy()
        if derived:
            issue = scenario.issue(iid)
            for p, party in enumerate(parties):
                if scenario.stance(party, iid) is None:
                    continue
                pos = arr.position[:, a_index[party], i_index[iid]]
                reach = np.maximum(pos - issue.low, issue.high - pos)
                v[:, p, :] = np.clip(1.0 - np.abs(positions[i][None, :] - pos[:, None])
                                     / np.where(reach > 0, reach, 1.0)[:, None], 0.0, 1.0)
        values.append(v)
    values = [v * space.weights[None, :, i, None] for i, v in
              enumerate(credible_in_variants(scenario, space, values, variants, levels=levels))]
    # fallback without an outside option: the status-quo package (when derived), strictly
    sq_u = np.zeros((B, len(parties)))
    has_sq = derived and all(scenario.issue(iid).status_quo is not None and
                             scenario.issue(iid).status_quo.value is not None
                             for iid in space.issue_ids)
    if has_sq:
        for i, iid in enumerate(space.issue_ids):
            issue = scenario.issue(iid)
            sq = arr.status_quo[:, i_index[iid]]
            for p, party in enumerate(parties):
                if scenario.stance(party, iid) is None:
                    continue
                pos = arr.position[:, a_index[party], i_index[iid]]
                sq_u[:, p] += space.weights[p, i] * np.array(
                    [option_value(s, x, issue.low, issue.high) for s, x in zip(sq, pos)])
    r = np.where(np.isnan(res), sq_u + 1e-9 if has_sq else 0.0, res)
    out = np.zeros(B, bool)
    for b in range(B):
        if not all(ok[b].any() for ok in allowed):
            continue
        acc = np.zeros((len(parties), 1))
        for i in range(space.n_issues):
            keep = allowed[i][b]
            vi = values[i][b][:, keep]
            acc = (acc[:, :, None] + vi[:, None, :]).reshape(len(parties), -1)
        out[b] = bool(np.all(acc >= r[b][:, None] - 1e-12, axis=0).any())
    return out


# --- time to agreement --------------------------------------------------------------------------

def _reach_by_horizon(scenario, fallback, levels, by, interventions=()):
    """Share of simulated negotiations (every assignment of :data:`SIMULATED_STRATEGIES` to the
    parties) that agree within the rounds left before the horizon or the first hard deadline."""
    from accord.scenario.calendar import MAX_ROUNDS, round_calendar
    from accord.simulate.batch import simulate_batch, strategy_profiles

    if scenario.round_days is None or scenario.date is None or by is None:
        return None, "no simulation (needs the scenario's date, horizon and round_days)"
    arrays = scenario.to_arrays()
    calendar = round_calendar(scenario)  # the horizon or the first hard deadline, as simulate
    end = min(by, calendar.end)
    rounds = calendar.rounds_by(end)
    if rounds < 1:
        return 0.0, f"no round fits before {end} ({scenario.round_days:g} days per round)"
    if rounds > MAX_ROUNDS:  # 0.0001-day rounds to 9999-12-31 ran for minutes, then ran out
        raise AccordError(f"round_days: {rounds:,} rounds of {scenario.round_days:g} days fit "
                          f"before {end}; expected at most {MAX_ROUNDS:,} (a round of talks "
                          "takes days, not minutes)")
    space, restriction = _package_space(scenario, arrays, fallback, levels)
    if restriction.closed:
        return 0.0, "no simulation: red lines close an issue"
    sub = restriction.space
    res, _ = _space_reservations(scenario, sub)
    sub = _with_reservation(sub, _fallback_vector(scenario, sub, res))
    profiles = strategy_profiles(SIMULATED_STRATEGIES, sub.n_parties)
    if len(profiles) > 729:
        raise AccordError(f"{sub.n_parties} parties: too many strategy profiles to simulate")
    result = simulate_batch(sub, profiles, rounds=rounds, history=False,
                            interventions=list(interventions))
    share = float(np.mean(result.agreed))
    how = (f"the share ({share:.0%}) of {len(profiles)} simulated negotiations (every assignment "
           f"of {', '.join(SIMULATED_STRATEGIES)}) agreeing within {rounds} rounds of "
           f"{scenario.round_days:g} days, before {end}"
           + (f", with {', '.join(interventions)}" if interventions else ""))
    return share, how


def whether_record(scenario, seed: int) -> dict[str, Any]:
    """Every forecast carries its whether: P(agreement by the horizon) of the scenario
    (:func:`accord.whether.agreement.assess`, its own 1000 draws from the same ranges, seeded
    by ``seed``), kept in the run record so the summary can be rebuilt from the file alone
    (:func:`accord.ensemble.results.summarise` reads the outcome classes with it)."""
    a = assess(scenario, seed=seed)
    return {"agreement": a.to_dict(), "method": a.method}
