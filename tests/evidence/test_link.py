"""Linking statements to stances: speakers, members (transitively), mentions; unsupported stances."""

from __future__ import annotations


def _st(i, speaker, issues, about=(), confidence=0.8):
    return {"id": f"st-{i}", "speaker": speaker, "speaker_name": speaker or "someone",
            "issues": list(issues), "about": list(about), "confidence": confidence,
            "quote": f"quote {i}", "source_id": "src", "date": None}


def test_proposals_by_relation(mini_scenario):
    from accord.evidence.link import link_stances, members_of

    assert members_of(mini_scenario, "europe") == {"germany", "uk"}
    assert members_of(mini_scenario, "russia") == {"putin", "peskov", "ushakov", "lavrov"}
    statements = [
        _st(1, "peskov", ["donbas"], confidence=0.9),       # member of russia
        _st(2, "russia", ["donbas"], confidence=0.6),       # russia itself
        _st(3, None, ["donbas"], about=["russia"]),         # an author about russia
        _st(4, "zelensky", ["donbas"]),                     # member of ukraine
        _st(5, "peskov", ["sequencing"]),                   # other issue
        _st(6, "germany", ["troops"]),                      # member of the coalition
        _st(7, "trump", ["guarantees"], about=["ukraine"]),  # US speaks, mentions ukraine
    ]
    links = {(l.actor, l.issue): l for l in link_stances(mini_scenario, statements)}
    ru = links[("russia", "donbas")]
    assert [(p.statement_id, p.relation) for p in ru.proposals] == \
        [("st-2", "speaker"), ("st-1", "member"), ("st-3", "mentioned")]
    assert ru.supported
    assert [p.statement_id for p in links[("ukraine", "donbas")].proposals] == ["st-4"]
    assert [p.statement_id for p in links[("russia", "sequencing")].proposals] == ["st-5"]
    assert [p.statement_id for p in links[("europe", "troops")].proposals] == ["st-6"]
    assert [p.statement_id for p in links[("us", "guarantees")].proposals] == ["st-7"]
    # Ukraine on guarantees is only mentioned by Trump: proposed, but not support
    ua = links[("ukraine", "guarantees")]
    assert [(p.statement_id, p.relation) for p in ua.proposals] == [("st-7", "mentioned")]
    assert not ua.supported
    assert not links[("us", "aid")].supported and links[("us", "aid")].proposals == []
    assert ua.to_dict()["supported"] is False
    assert ru.support == ["statements"]


def test_cited_evidence_is_support(mini_scenario):
    """A stance whose scenario entry cites evidence is supported with no stored statement
    (issue 16: `evidence link` marked such stances unsupported)."""
    from accord.evidence.link import link_stances

    st = next(s for s in mini_scenario.stances if (s.actor, s.issue) == ("us", "aid"))
    st.evidence = ["ev-a"]
    links = {(l.actor, l.issue): l for l in link_stances(mini_scenario, [])}
    us = links[("us", "aid")]
    assert us.supported and us.support == ["cited"] and us.proposals == []
    assert us.to_dict()["supported"] is True and us.to_dict()["cited_evidence"] == ["ev-a"]
    others = [l for k, l in links.items() if k != ("us", "aid")]
    assert all(l.supported == bool(l.cited) for l in others)
