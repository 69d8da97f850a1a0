"""What ``accord deals``, the deals page and the report show: one scenario's deal analysis.

The deal space the scenario states or implies (:meth:`OutcomeSpace.from_scenario`, with its
war fallback), the zone of agreement, the frontier and the fair deals
(:func:`accord.deals.solutions.analyse`), and package trades from a reference outcome
(:func:`accord.deals.trades.package_trades`) — computed once here and rendered by every
interface from :meth:`DealSummary.to_dict`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from accord.deals.solutions import FRAGILE_MARGIN, DealAnalysis, analyse
from accord.deals.space import OutcomeSpace
from accord.deals.trades import package_trades
from accord.deals.war import war_contradictions
from accord.errors import AccordError

DISAGREEMENT_POINTS = ("reservation", "floor")


@dataclass
class DealSummary:
    """A scenario's deal analysis and the package trades from a reference outcome, if asked."""

    scenario_id: str
    space: OutcomeSpace
    analysis: DealAnalysis
    trades: list[dict[str, Any]] | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    deferred_terms: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    run: dict[str, Any] | None = None          # the run record (accord.record)

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``accord deals --format json``, the deals page and the report."""
        sp = self.space
        out = {"scenario": self.scenario_id, **self.analysis.to_dict(),
               "party_names": [sp.name_of(p) for p in sp.party_ids],
               "issue_names": list(sp.issue_names or sp.issue_ids),
               "warnings": list(self.warnings)}
        out["deferred_terms"] = self.deferred_terms
        if self.trades is not None:
            out["trades"] = self.trades
        if self.run is not None:
            out["run"] = self.run
        return out


def deal_summary(scenario, *, levels: int = 5, fallback: str = "stated",
                 reservation: Mapping[str, float] | None = None,
                 powers: Mapping[str, float] | None = None,
                 disagreement: str = "reservation",
                 reference: Mapping[str, str] | None = None,
                 top_trades: int = 5, fragile_margin: float = FRAGILE_MARGIN,
                 credibility: bool = True) -> DealSummary:
    """Zone of agreement, Pareto frontier and the Nash / Kalai–Smorodinsky / egalitarian /
    utilitarian deals of ``scenario``, each with every party's utility and margin over its
    fallback.

    Parameters
    ----------
    scenario : str, Path or Scenario
        A built-in id, a scenario file or a Scenario (its explicit ``deal_space``, else one
        derived from its stances).
    levels : int, default 5
        Options per continuous issue when the deal space is derived from stances.
    fallback : {"stated", "fearon", "attrition"}
        The rule tried first for what no deal is worth (see
        :func:`accord.deals.war.reservation_values`).
    reservation : mapping, optional
        Party → reservation value, overriding the fallback for those parties.
    powers : mapping, optional
        Party → bargaining power β for the Nash solution (others 1; default equal).
    disagreement : {"reservation", "floor"}
        The disagreement point: the reservations, or NegMAS's max(reservation, worst outcome).
    reference : mapping, optional
        Issue → option id or label: a reference outcome (e.g. the status quo) from which to
        list package trades.
    top_trades : int, default 5
        How many package trades to list.
    fragile_margin : float, default 0.05
        Margins over the fallback below this are reported as fragile.
    credibility : bool, default True
        Value deferred terms at their credible value, ``κ · face + (1 − κ) · status quo``
        (:mod:`accord.deals.commitments`); False values them at face. With deferred terms, each
        package trade also carries ``face_gains``, and ``deferred_terms`` lists them.

    Returns
    -------
    DealSummary

    Raises
    ------
    AccordError
        An unknown party, disagreement point or fallback rule; a scenario without a deal space
        and nothing to derive one from.

    References
    ----------
    Nash (1950); Kalai & Smorodinsky (1975); Kalai (1977); see ``docs/deals/index.md``.

    Examples
    --------
    >>> d = deal_summary("ec-emissions-1994").to_dict()
    >>> d["n_outcomes"], d["zone_of_agreement"]["exists"], d["party_names"][:2]
    (3, True, ['Netherlands', 'Belgium'])
    """
    from accord.scenario import load

    scenario = load(scenario)
    if disagreement not in DISAGREEMENT_POINTS:
        raise AccordError(f"--disagreement {disagreement!r}: expected 'reservation' or 'floor'")
    from accord.deals.commitments import deferred_terms

    space = OutcomeSpace.from_scenario(scenario, levels=levels, fallback=fallback,
                                       credibility=credibility)
    deferred = deferred_terms(scenario) if credibility else []
    face = None
    if deferred and reference:
        face = OutcomeSpace.from_scenario(scenario, levels=levels, fallback=fallback,
                                          credibility=False)
    if reservation:
        space = space.with_reservation(reservation)
        face = face.with_reservation(reservation) if face is not None else None
    beta = None
    if powers:
        for p, value in powers.items():
            space.party_index(p)
            if not value >= 0 or value == float("inf"):  # NaN fails too
                raise AccordError(f"--power {p}={value}: expected a finite bargaining power ≥ 0")
        beta = [powers.get(p, 1.0) for p in space.party_ids]
        if not sum(beta) > 0:
            raise AccordError("--power: every bargaining power is 0; expected at least one "
                              "above 0")
    analysis = analyse(space, powers=beta, disagreement=disagreement,
                       fragile_margin=fragile_margin)
    trades = None
    if reference:
        trades = []
        for t in package_trades(space, dict(reference), top=top_trades, face=face):
            row = {"description": t.describe(space), "deal": space.describe(t.outcome),
                   "gains": {p: float(g) for p, g in zip(space.party_ids, t.gains)},
                   "acceptable": t.acceptable}
            if t.face_gains is not None:
                row["face_gains"] = {p: float(g) for p, g in zip(space.party_ids, t.face_gains)}
            trades.append(row)
    terms = [{"issue": d.issue, "option": d.option, "text": d.describe(scenario),
              **d.commitment.model_dump(mode="json", exclude_defaults=True)} for d in deferred]
    from accord.record import run_record

    run = run_record("deals", scenario, params={
        "levels": levels, "fallback": fallback, "reservation": dict(reservation or {}),
        "powers": dict(powers or {}), "disagreement": disagreement,
        "reference": dict(reference or {}), "top_trades": top_trades if reference else None,
        "fragile_margin": fragile_margin, "credibility": credibility})
    return DealSummary(scenario.id, space, analysis, trades, run=run, deferred_terms=terms,
                       warnings=war_contradictions(scenario, space))
