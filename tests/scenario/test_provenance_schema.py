"""Sources (kind, chain, leaning, reliability) and commitments (who, when, how credibly).

Round trip through YAML and one located error per kind of mistake (line numbers count the lines
of FULL below).
"""

from __future__ import annotations

import datetime as dt

import pytest

from accord.scenario.io.yaml import scenario_from_yaml_text, scenario_to_yaml_text
from accord.scenario.sources import upgrade_source_kinds
from cli_helpers import located_error

FULL = """\
id: toy
title: Promises
date: 2026-01-30
sources:
  - id: blog
    title: A reposted commentary
    kind: repost
    form: article
    original_language: en
    language: de
    chain:
      - {role: author, name: Pundit, leaning: {label: pro-north, toward: north, reason: state TV}}
      - {role: translator, name: Volunteer, language: de}
      - {role: reposter, name: Blog, url: "https://blog.example", date: 2026-01-30}
  - id: wire
    title: A report
    kind: agency_report
    url: https://wire.example/report
    reliability: 0.95
    reliability_reason: Two correspondents on the spot
evidence:
  - {id: ev1, source: blog, quote: "Nie."}
  - {id: ev2, source: wire, quote: "Never."}
actors:
  - {id: north, name: North}
  - {id: south, name: South}
  - {id: guarantor, name: Guarantor}
issues:
  - id: guarantee
    name: Guarantee
    status_quo: 0
    commitment:
      by: [guarantor]
      when: post_war
      credibility: 0.4
      credibility_range: [0.2, 0.6]
      conditions: [ratification by the guarantor's parliament]
      evidence: [ev2]
  - id: vote
    name: Referendum
    kind: discrete
    status_quo: {option: none}
    options:
      - {id: none, label: No referendum}
      - {id: held, label: Referendum held, commitment: {by: [south], when: date, date: 2026-06-30, credibility: 0.7}}
stances:
  - {actor: north, issue: guarantee, position: 10, salience: 0.9, evidence: [ev1]}
  - {actor: south, issue: guarantee, position: 90, salience: 0.6, evidence: [ev2]}
  - {actor: north, issue: vote, position: 0, salience: 0.3}
  - {actor: south, issue: vote, position: 100, salience: 0.5}
capabilities:
  - {actor: north, value: 1.0}
  - {actor: south, value: 0.5}
deal_space:
  issues:
    - issue: guarantee
      options:
        - {id: nil, label: none, position: 0}
        - id: given
          label: guarantee
          position: 100
          commitment: {by: [guarantor], when: after_ceasefire, credibility: 0.5}
"""


def test_every_field_reads():
    s = scenario_from_yaml_text(FULL, "toy.yaml")
    blog, wire = s.sources
    assert blog.kind == "repost" and blog.form == "article"
    assert [link.role for link in blog.chain] == ["author", "translator", "reposter"]
    assert blog.chain[0].leaning.toward == "north" and blog.chain[2].date == dt.date(2026, 1, 30)
    assert blog.second_hand_hops() == 2 and blog.is_partisan() and blog.origin() == "pundit"
    assert wire.reliability == 0.95 and not wire.is_partisan()
    g = s.issue("guarantee").commitment
    assert (g.by, g.when, g.credibility, g.credibility_range) == \
        (["guarantor"], "post_war", 0.4, (0.2, 0.6))
    held = s.issue("vote").options[1].commitment
    assert held.when == "date" and held.date == dt.date(2026, 6, 30) and held.deferred
    assert s.deal_space.issues[0].options[1].commitment.when == "after_ceasefire"


def test_yaml_round_trip_keeps_every_new_field():
    s = scenario_from_yaml_text(FULL, "toy.yaml")
    text = scenario_to_yaml_text(s)
    again = scenario_from_yaml_text(text, "again.yaml")
    assert again == s
    assert scenario_to_yaml_text(again) == text
    for word in ("chain:", "leaning:", "reliability_reason:", "commitment:", "credibility_range:",
                 "conditions:", "when: post_war", "kind: agency_report"):
        assert word in text


def test_stored_free_text_kinds_are_read_back_as_forms():
    data = {"sources": [{"id": "a", "title": "T", "kind": "video commentary"}]}
    assert upgrade_source_kinds(data)
    assert data["sources"][0] == {"id": "a", "title": "T", "kind": None, "form": "video commentary"}
    assert not upgrade_source_kinds(data)


def bad(tmp_path, capsys, old, new, *expected):
    assert old in FULL, old
    located_error(tmp_path, capsys, FULL.replace(old, new, 1), *expected)


@pytest.mark.parametrize("old,new,expected", [
    ("kind: agency_report", "kind: news report",
     (":17:", "sources[1].kind", "'news report' is not allowed", "'agency_report'", "'study'")),
    ("    reliability_reason: Two correspondents on the spot\n", "",
     (":15:", "sources[1]", "reliability and reliability_reason go together")),
    ("reliability: 0.95", "reliability: 0",
     (":19:", "sources[1].reliability", "greater than 0")),
    ("      - {role: translator, name: Volunteer, language: de}\n"
     "      - {role: reposter, name: Blog, url: \"https://blog.example\", date: 2026-01-30}",
     "      - {role: reposter, name: Blog}\n      - {role: translator, name: Volunteer}",
     (":5:", "sources[0]", "chain[2] is a translator after a reposter",
      "expected the chain in order: author or outlet, then translator, then reposter")),
    ("{role: author, name: Pundit,", "{role: speaker, name: Pundit,",
     (":12:", "sources[0].chain[0].role", "'speaker' is not allowed", "'outlet'")),
    ("reason: state TV}", "reason: ''}",
     (":12:", "sources[0].chain[0].leaning.reason", "at least 1 character")),
    ("toward: north,", "toward: west,",
     (":12:", "sources[0].chain[0].leaning.toward", "unknown actor 'west'")),
    ("      - {role: reposter, name: Blog, url: \"https://blog.example\", date: 2026-01-30}\n", "",
     (":5:", "sources[0]", "kind 'repost' but nobody reposted it", "expected reposted_by")),
    ("by: [guarantor]\n      when: post_war", "by: [nobody]\n      when: post_war",
     (":33:", "issues[0].commitment.by[0]", "unknown actor 'nobody'",
      "expected one of: guarantor, north, south")),
    ("by: [guarantor]\n      when: post_war", "by: []\n      when: post_war",
     (":33:", "issues[0].commitment.by", "0 entries; expected at least 1 entry")),
    ("when: post_war", "when: later",
     (":34:", "issues[0].commitment.when", "'later' is not allowed", "'after_ceasefire'")),
    ("credibility: 0.4", "credibility: 1.4",
     (":35:", "issues[0].commitment.credibility", "less than or equal to 1")),
    ("credibility: 0.4", "credibility: 0.7",
     (":32:", "issues[0].commitment", "credibility 0.7 is outside its credibility_range")),
    ("credibility_range: [0.2, 0.6]", "credibility_range: [0.6, 0.2]",
     (":36:", "issues[0].commitment.credibility_range", "reversed")),
    ("evidence: [ev2]\n  - id: vote", "evidence: [ev9]\n  - id: vote",
     (":38:", "issues[0].commitment.evidence[0]", "unknown evidence 'ev9'")),
    ("    status_quo: 0\n", "",
     (":34:", "issues[0].commitment.credibility", "issue 'guarantee' has no status_quo",
      "expected a status_quo on the issue")),
    ("when: date, date: 2026-06-30", "when: date",
     (":45:", "issues[1].options[1].commitment", "when: date needs date")),
    ("when: date, date: 2026-06-30", "when: post_war, date: 2026-06-30",
     (":45:", "issues[1].options[1].commitment", "date is only for when: date")),
    ("date: 2026-06-30", "date: 2025-06-30",
     (":45:", "issues[1].options[1].commitment.date", "delivery date 2025-06-30 is before the "
      "scenario date 2026-01-30")),
    ("commitment: {by: [guarantor], when: after_ceasefire, credibility: 0.5}",
     "commitment: {by: [guarantor], when: after_ceasefire, credibility: 0.5, promise: yes}",
     (":62:", "deal_space.issues[0].options[1].commitment.promise", "unknown key 'promise'")),
])
def test_located_errors(tmp_path, capsys, old, new, expected):
    bad(tmp_path, capsys, old, new, *expected)
