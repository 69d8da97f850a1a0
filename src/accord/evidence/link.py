"""Which statements bear on which stance: proposals for the analyst, not decisions.

For each stance (actor, issue) of a scenario, a statement is proposed when it is on the issue and

* ``speaker``: the actor itself speaks (Peskov's words bear on Peskov's stance);
* ``member``: a member of the actor speaks (Peskov, a member of Russia, bears on Russia's stance;
  members of members count too, so a coalition collects its states' and their leaders' words);
* ``mentioned``: someone else speaks *about* the actor (an author's claim that "Russia demands
  the Donbas" bears on Russia's stance, more weakly).

Proposals are ordered speaker, member, mentioned and then by confidence. A stance is
*unsupported* when no statement by the actor or its members is on its issue (statements that
only mention the actor are proposed but are not support); the evidence the scenario already
cites is reported alongside.

>>> from accord.scenario.model import Actor, Issue, Scenario, Stance, Capability
>>> s = Scenario(id="t", title="t", issues=[Issue(id="x", name="x")],
...     actors=[Actor(id="ru", name="Russia", members=["peskov"]),
...             Actor(id="peskov", name="Peskov", kind="person", member_of=["ru"])],
...     stances=[Stance(actor="ru", issue="x", position=1, salience=1)],
...     capabilities=[Capability(actor="ru", value=1)])
>>> links = link_stances(s, [{"id": "st-1", "speaker": "peskov", "issues": ["x"], "about": [],
...                           "confidence": 0.8, "quote": "…", "source_id": "a"}])
>>> [(p.statement_id, p.relation) for p in links[0].proposals], links[0].supported
([('st-1', 'member')], True)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from accord.scenario.model import Scenario

_ORDER = {"speaker": 0, "member": 1, "mentioned": 2}


@dataclass
class Proposal:
    statement_id: str
    relation: str            # speaker, member, mentioned
    speaker: str | None
    confidence: float
    quote: str
    source: str
    date: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"statement": self.statement_id, "relation": self.relation,
                "speaker": self.speaker, "confidence": self.confidence, "quote": self.quote,
                "source": self.source, "date": self.date}


@dataclass
class StanceLink:
    actor: str
    issue: str
    cited: list[str]                      # evidence ids the scenario already cites
    proposals: list[Proposal] = field(default_factory=list)

    @property
    def supported(self) -> bool:
        """Backed by a statement of the actor (or of one of its members) on the issue."""
        return any(p.relation in ("speaker", "member") for p in self.proposals)

    def to_dict(self) -> dict[str, Any]:
        return {"actor": self.actor, "issue": self.issue, "supported": self.supported,
                "cited_evidence": self.cited,
                "proposals": [p.to_dict() for p in self.proposals]}


def members_of(scenario: Scenario, actor_id: str) -> set[str]:
    """Every actor that belongs to ``actor_id``, directly or through other members (either
    side of the relation may be recorded: ``members`` or ``member_of``)."""
    children: dict[str, set[str]] = {a.id: set(a.members) for a in scenario.actors}
    for a in scenario.actors:
        for parent in a.member_of:
            children.setdefault(parent, set()).add(a.id)
    seen: set[str] = set()
    todo = list(children.get(actor_id, ()))
    while todo:
        x = todo.pop()
        if x in seen or x == actor_id:
            continue
        seen.add(x)
        todo.extend(children.get(x, ()))
    return seen


def link_stances(scenario: Scenario, statements: list[dict[str, Any]]) -> list[StanceLink]:
    """Proposals for every stance of ``scenario`` from stored statements (dicts as
    :func:`accord.store.evidence.list_statements` returns them)."""
    out = []
    for st in scenario.stances:
        members = members_of(scenario, st.actor)
        link = StanceLink(st.actor, st.issue, list(st.evidence))
        for s in statements:
            if st.issue not in s["issues"]:
                continue
            if s.get("kind", "statement") != "statement":
                continue
            speaker = s.get("speaker")
            joint = set(s.get("speakers") or [])
            if speaker == st.actor or st.actor in joint:
                relation = "speaker"
            elif speaker in members or members & joint:
                relation = "member"
            elif st.actor in s.get("about", []) or members & set(s.get("about", [])):
                relation = "mentioned"
            else:
                continue
            link.proposals.append(Proposal(s["id"], relation, speaker or s.get("speaker_name"),
                                           float(s["confidence"]), s["quote"],
                                           s.get("source_id") or s.get("source", ""),
                                           s.get("date")))
        link.proposals.sort(key=lambda p: (_ORDER[p.relation], -p.confidence, p.statement_id))
        out.append(link)
    return out
