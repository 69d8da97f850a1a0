"""How far a number's evidence can be trusted, and how much wider its plausible range becomes.

One rule, the same for every scenario (stated in ``docs/sources.md``):

1. **A source's reliability** ``r`` in (0, 1]: the analyst's own ``Source.reliability`` (with its
   reason) when stated, else

       r = BASE[kind] · SECOND_HAND ** hops · (PARTISAN if a leaning is evident else 1)

   with ``BASE`` = 1 for a primary statement (a party's own words), 0.9 for an agency report or
   a study, 0.7 for a commentary and for a repost, a translation or an unclassified source
   (what they pass on is of unknown kind); ``hops`` the translators and reposters between the
   originator and the text we hold (:meth:`~accord.scenario.model.Source.second_hand_hops`);
   :data:`SECOND_HAND` = 0.8 per hop; :data:`PARTISAN` = 0.7 once when the source or any link of
   its chain has an evident leaning.
2. **A number's evidence basis**: the sources of the evidence items it cites, grouped by origin
   (sources with the same originator — a report and its repost — are not independent); each
   origin counts with its most reliable source, and independent origins combine as independent
   witnesses, any one of which may be right:

       R = 1 − Π_origins (1 − r_origin).

3. **Widening**: the number's stated plausible range ``[low, high]`` around its value ``m``
   keeps ``m`` and has each half-width multiplied by ``f = 2 − R`` (from 1 for certain evidence
   to 2 for worthless), then clipped to the number's domain (the issue's scale, [0, 1] for a
   salience or probability, ≥ 0 for a capability or cost):

       low' = m − f (m − low),    high' = m + f (high − m).

   A number without a range stays a point (the rule widens the analyst's stated uncertainty,
   it does not invent one); a number without evidence keeps its range and is flagged as
   unsupported instead (there is no evidence to weigh).

So a stance resting on one partisan, second-hand commentary — r = 0.7 · 0.8² · 0.7 = 0.3136,
f = 1.6864 — gets a range two-thirds wider than one confirmed by two independent agency
reports — R = 1 − 0.1² = 0.99, f = 1.01.

>>> from accord.scenario.model import Source
>>> blog = Source(id="b", title="T", kind="repost", author="A", translator="T", reposted_by="R",
...               leaning={"label": "pro-Kremlin", "reason": "framing"})
>>> round(source_reliability(blog).value, 4)
0.3136
>>> widen_range(95.0, 75.0, 100.0, 2 - 0.3136, (0.0, 100.0))
(61.272, 100.0)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

BASE = {"primary_statement": 1.0, "agency_report": 0.9, "study": 0.9, "commentary": 0.7,
        "repost": 0.7, "translation": 0.7, None: 0.7}
#: Reliability kept per translator or reposter a text passed through.
SECOND_HAND = 0.8
#: Reliability kept when the source or a link of its chain has an evident leaning.
PARTISAN = 0.7


@dataclass(frozen=True)
class SourceReliability:
    """A source's reliability and how it was obtained."""

    source: str
    value: float
    reason: str
    partisan: bool
    hops: int


def source_reliability(source) -> SourceReliability:
    """The reliability of one :class:`~accord.scenario.model.Source` (rule 1 of the module)."""
    partisan = source.is_partisan()
    hops = source.second_hand_hops()
    if source.reliability is not None:
        return SourceReliability(source.id, float(source.reliability),
                                 f"stated: {source.reliability_reason}", partisan, hops)
    value = BASE[source.kind] * SECOND_HAND ** hops * (PARTISAN if partisan else 1.0)
    parts = [f"{source.kind or 'unclassified'} {BASE[source.kind]:g}"]
    if hops:
        parts.append(f"× {SECOND_HAND:g}^{hops} (second-hand)")
    if partisan:
        parts.append(f"× {PARTISAN:g} (partisan: "
                     + "; ".join(lean.label for _, lean in source.leanings()) + ")")
    return SourceReliability(source.id, value, " ".join(parts), partisan, hops)


@dataclass(frozen=True)
class EvidenceBasis:
    """What one number rests on: its evidence, their sources grouped into independent origins,
    the combined reliability ``R`` (None without evidence) and the widening factor ``2 − R``."""

    evidence: tuple[str, ...]
    sources: tuple[SourceReliability, ...]
    origins: tuple[str, ...]
    reliability: float | None

    @property
    def factor(self) -> float:
        """How much the half-widths of the plausible range grow: ``2 − R`` (1 without evidence)."""
        return 1.0 if self.reliability is None else 2.0 - self.reliability

    @property
    def single_origin(self) -> bool:
        return len(self.origins) == 1

    @property
    def single_partisan(self) -> bool:
        """It rests on one origin, and every source of that origin is partisan."""
        return self.single_origin and all(s.partisan for s in self.sources)

    @property
    def single_second_hand(self) -> bool:
        """It rests on one origin, known only through translators or reposters."""
        return self.single_origin and all(s.hops > 0 for s in self.sources)

    def flag(self, scenario=None) -> str | None:
        """"single partisan source: seed-000 (pro-Kremlin)" — or None when the basis is not one
        partisan or second-hand source."""
        if not self.sources or not self.single_origin:
            return None
        what = []
        if self.single_partisan:
            what.append("partisan")
        if self.single_second_hand:
            what.append("second-hand")
        if not what:
            return None
        ids = ", ".join(s.source for s in self.sources)
        labels = ""
        if scenario is not None and self.single_partisan:
            seen = []
            for s in self.sources:
                for _, lean in scenario.source(s.source).leanings():
                    if lean.label not in seen:
                        seen.append(lean.label)
            labels = f" ({'; '.join(seen)})"
        return f"single {' and '.join(what)} source: {ids}{labels}"


def evidence_basis(scenario, evidence_ids: Iterable[str]) -> EvidenceBasis:
    """The evidence basis of a number citing ``evidence_ids`` (rule 2 of the module).

    >>> from accord.scenario.builtin import load_builtin
    >>> b = evidence_basis(load_builtin("ec-emissions-1994"), ["scholz2011-table1"])
    >>> b.origins, b.reliability, b.factor      # the paper's stated reliability: 1
    (('johannes scholz, gregory calbert and glen smith',), 1.0, 1.0)
    """
    ids = tuple(dict.fromkeys(evidence_ids))
    if not ids:
        return EvidenceBasis((), (), (), None)
    source_ids = list(dict.fromkeys(scenario.evidence_item(e).source for e in ids))
    rel = tuple(source_reliability(scenario.source(s)) for s in source_ids)
    best: dict[str, float] = {}
    for s, r in zip(source_ids, rel):
        o = scenario.source(s).origin()
        best[o] = max(best.get(o, 0.0), r.value)
    doubt = 1.0
    for r in best.values():
        doubt *= 1.0 - r
    return EvidenceBasis(ids, rel, tuple(best), 1.0 - doubt)


def basis_flag(scenario, evidence_ids: Iterable[str]) -> str | None:
    """The flag of a number citing ``evidence_ids`` (see :meth:`EvidenceBasis.flag`), or None:
    what ``accord show`` and the report print beside a number that rests on a single partisan
    or second-hand source."""
    return evidence_basis(scenario, evidence_ids).flag(scenario)


def source_summary(source) -> dict:
    """A source's provenance in words, for tables: kind, chain, leanings and reliability.

    >>> from accord.scenario.model import Source
    >>> s = source_summary(Source(id="w", title="T", kind="agency_report", author="Reuters"))
    >>> s["chain"], s["reliability"], s["reliability_reason"]
    ('author Reuters', 0.9, 'agency_report 0.9')
    """
    r = source_reliability(source)
    return {"kind": source.kind or "unclassified",
            "chain": " → ".join(f"{link.role} {link.name}" for link in source.effective_chain()),
            "leaning": "; ".join(f"{lean.label} ({where}: {lean.reason})"
                                 for where, lean in source.leanings()),
            "reliability": round(r.value, 4), "reliability_reason": r.reason}


def widen_range(value: float, low: float, high: float, factor: float,
                bounds: tuple[float, float]) -> tuple[float, float]:
    """``[low, high]`` around ``value`` with both half-widths times ``factor``, clipped to
    ``bounds`` (rule 3 of the module). Results are rounded to 12 digits so hand-computed
    figures compare exactly.

    >>> widen_range(0.5, 0.4, 0.7, 1.5, (0.0, 1.0))
    (0.35, 0.8)
    """
    lo = max(bounds[0], round(value - factor * (value - low), 12))
    hi = min(bounds[1], round(value + factor * (high - value), 12))
    return lo, hi
