"""The range-widening rule, on a constructed scenario, by hand.

Rule (docs/sources.md, accord.scenario.reliability): a source's reliability is
BASE[kind] · 0.8^hops · (0.7 if partisan); a number's evidence combines independent origins as
R = 1 − Π (1 − r); its stated range [low, high] around m becomes
[m − (2 − R)(m − low), m + (2 − R)(high − m)], clipped to the number's domain.
"""

from __future__ import annotations

import numpy as np
import pytest

from accord.ensemble.sample import InputSpace, list_inputs, scenario_variant
from accord.scenario.model import Scenario
from accord.scenario.reliability import evidence_basis, source_reliability


def three_witnesses() -> Scenario:
    """Three actors hold the same stated position 50 on [40, 60] and salience .5 on [.4, .7].

    - ``north``'s stance rests on one partisan commentary, known through a translation;
    - ``south``'s on two reports by independent agencies;
    - ``east``'s on one agency report and a repost of that same report (one origin).
    """
    stance = {"issue": "border", "position": 50, "salience": 0.5, "position_range": [40, 60],
              "salience_range": [0.4, 0.7]}
    return Scenario.model_validate({
        "id": "witnesses", "title": "Three witnesses", "date": "2026-01-30",
        "sources": [
            {"id": "blog", "title": "A commentary", "kind": "translation", "form": "column",
             "chain": [{"role": "author", "name": "Pundit",
                        "leaning": {"label": "pro-north", "toward": "north",
                                    "reason": "writes for North's state broadcaster"}},
                       {"role": "translator", "name": "Volunteer"}]},
            {"id": "wire1", "title": "Report", "kind": "agency_report",
             "chain": [{"role": "outlet", "name": "Wire One"}]},
            {"id": "wire2", "title": "Report", "kind": "agency_report",
             "chain": [{"role": "outlet", "name": "Wire Two"}]},
            {"id": "wire1-repost", "title": "Report (repost)", "kind": "repost",
             "chain": [{"role": "outlet", "name": "Wire One"},
                       {"role": "reposter", "name": "Aggregator"}]},
        ],
        "evidence": [{"id": "e-blog", "source": "blog", "quote": "North will not move."},
                     {"id": "e-w1", "source": "wire1", "quote": "South said so."},
                     {"id": "e-w2", "source": "wire2", "quote": "South said so too."},
                     {"id": "e-w1r", "source": "wire1-repost", "quote": "South said so."}],
        "actors": [{"id": "north", "name": "North"}, {"id": "south", "name": "South"},
                   {"id": "east", "name": "East"}],
        "issues": [{"id": "border", "name": "Border"}],
        "stances": [dict(stance, actor="north", evidence=["e-blog"]),
                    dict(stance, actor="south", evidence=["e-w1", "e-w2"]),
                    dict(stance, actor="east", evidence=["e-w1", "e-w1r"])],
        "capabilities": [{"actor": a, "value": 1.0} for a in ("north", "south", "east")],
    })


def test_source_reliability_by_hand():
    s = three_witnesses()
    # commentary-level .7 (a translation passes on a text of unknown kind) × .8 (one hop) × .7
    assert source_reliability(s.source("blog")).value == pytest.approx(0.392, abs=1e-12)
    assert source_reliability(s.source("wire1")).value == pytest.approx(0.9, abs=1e-12)
    # a repost: .7 × .8
    assert source_reliability(s.source("wire1-repost")).value == pytest.approx(0.56, abs=1e-12)


def test_one_partisan_source_widens_more_than_two_independent_ones():
    s = three_witnesses()
    north = evidence_basis(s, ["e-blog"])
    south = evidence_basis(s, ["e-w1", "e-w2"])
    east = evidence_basis(s, ["e-w1", "e-w1r"])
    # north: R = .392, f = 1.608; south: R = 1 − .1 · .1 = .99, f = 1.01;
    # east: one origin (Wire One), its best source .9: R = .9, f = 1.1
    assert (north.reliability, north.factor) == pytest.approx((0.392, 1.608), abs=1e-12)
    assert (south.reliability, south.factor) == pytest.approx((0.99, 1.01), abs=1e-12)
    assert (east.reliability, east.factor) == pytest.approx((0.9, 1.1), abs=1e-12)
    assert north.flag(s) == "single partisan and second-hand source: blog (pro-north)"
    assert south.flag(s) is None and east.flag(s) is None
    assert east.origins == ("wire one",)

    inputs = {x.name: x for x in list_inputs(s)}
    # positions: 50 ∓ 10 f → north [33.92, 66.08], south [39.9, 60.1], east [39, 61]
    assert (inputs["position[north,border]"].low, inputs["position[north,border]"].high) == \
        pytest.approx((33.92, 66.08), abs=1e-9)
    assert (inputs["position[south,border]"].low, inputs["position[south,border]"].high) == \
        pytest.approx((39.9, 60.1), abs=1e-9)
    assert (inputs["position[east,border]"].low, inputs["position[east,border]"].high) == \
        pytest.approx((39.0, 61.0), abs=1e-9)
    # saliences: .5 − .1 f, .5 + .2 f → north [.3392, .8216], south [.399, .702]
    assert (inputs["salience[north,border]"].low, inputs["salience[north,border]"].high) == \
        pytest.approx((0.3392, 0.8216), abs=1e-9)
    assert (inputs["salience[south,border]"].low, inputs["salience[south,border]"].high) == \
        pytest.approx((0.399, 0.702), abs=1e-9)
    assert inputs["position[north,border]"].stated == (40.0, 60.0)
    assert inputs["position[north,border]"].to_dict()["stated_range"] == [40.0, 60.0]


def test_widening_is_clipped_to_the_domain_and_can_be_turned_off():
    s = three_witnesses()
    st = s.stance("north", "border")
    st.position_range, st.salience_range = (40.0, 100.0), (0.4, 1.0)   # assignments validate
    st.position, st.position_range = 90.0, (70.0, 100.0)
    st.salience, st.salience_range = 0.9, (0.8, 1.0)
    inputs = {x.name: x for x in list_inputs(s)}
    # 90 − 1.608 · 20 = 57.84; 90 + 1.608 · 10 = 106.08 → clipped to the scale's 100
    assert (inputs["position[north,border]"].low, inputs["position[north,border]"].high) == \
        pytest.approx((57.84, 100.0), abs=1e-9)
    assert inputs["salience[north,border]"].high == 1.0
    plain = {x.name: x for x in list_inputs(s, reliability=False)}
    assert (plain["position[north,border]"].low, plain["position[north,border]"].high) == \
        (70.0, 100.0)
    # a range given as an override is used as given
    given = {x.name: x for x in list_inputs(s, overrides={"position[north,border]": (80, 95)})}
    assert (given["position[north,border]"].low, given["position[north,border]"].high) == \
        (80.0, 95.0)


def test_draws_stay_in_the_widened_range_and_credibility_varies():
    s = three_witnesses()
    s.issues[0].status_quo = {"value": 50.0}
    s.issues[0].commitment = {"by": ["north"], "when": "post_war", "credibility": 0.5,
                              "credibility_range": [0.3, 0.6], "evidence": ["e-blog"]}
    space = InputSpace.from_scenario(s)
    cred = next(x for x in space.inputs if x.name == "credibility[border]")
    # .5 ∓ 1.608 · (.2, .1) → [.1784, .6608]
    assert (cred.low, cred.high) == pytest.approx((0.1784, 0.6608), abs=1e-9)
    v = space.sample(2000, np.random.default_rng(3))
    k = list(space.names).index("position[north,border]")
    assert v.values[:, k].min() >= 33.92 and v.values[:, k].max() <= 66.08
    assert v.values[:, k].min() < 40.0 or v.values[:, k].max() > 60.0  # beyond the stated range
    c = v.credibility["credibility[border]"]
    assert c.min() >= 0.1784 and c.max() <= 0.6608
    variant = scenario_variant(s, space.inputs, v.values[0])
    assert variant.issues[0].commitment.credibility == pytest.approx(float(c[0]))


def test_show_and_report_flag_the_number_on_a_single_partisan_source(tmp_path, capsys,
                                                                      monkeypatch):
    from accord.cli import common
    from accord.report import render_report
    from accord.scenario.io.yaml import save_yaml
    from cli_helpers import cli

    s = three_witnesses()
    path = tmp_path / "witnesses.yaml"
    save_yaml(s, path)
    monkeypatch.setattr(common.console.unwrap(), "width", 400)    # no wrapping in table cells
    code, out, err = cli(["show", str(path)], capsys)
    assert code == 0, err
    flat = " ".join(out.split())
    assert "single partisan and second-hand source: blog (pro-north)" in flat
    assert flat.count("single partisan") == 1       # South's and East's stances are not flagged
    code, out, err = cli(["show", str(path), "--format", "csv"], capsys)
    rows = [line for line in out.splitlines() if line.startswith("north,")]
    assert rows and rows[0].endswith("single partisan and second-hand source: blog (pro-north)")
    html = render_report(s)
    assert html.count('class="flag weak-basis"') == 1
    assert "single partisan and second-hand source: blog (pro-north)" in html
    # the evidence section shows each source's chain, leaning and reliability
    assert "author Pundit → translator Volunteer" in html and "0.392" in html


def test_a_variant_takes_a_draw_outside_the_stated_range():
    """Weak evidence widens north's ranges (position [40, 60] → [33.92, 66.08]); a variant
    built for the deal solver must hold the drawn numbers themselves, not fail on the stated
    range (as `accord ensemble --model deals` on the built-in talks did: a salience of 0.5448
    against its stated [0.55, 0.85])."""
    s = three_witnesses()
    st = s.stance("north", "border")
    st.red_line = {"value": 45.0, "side": "at_least", "value_range": [42.0, 48.0]}
    s.capabilities[0].value_range = (0.8, 1.2)
    space = InputSpace.from_scenario(s)
    names = list(space.names)
    values = space.base_values.copy()
    # by hand: a position and a salience outside their stated ranges but inside the widened
    # ones, a red line above the drawn position, a capability outside its stated range
    values[names.index("position[north,border]")] = 35.0
    values[names.index("salience[north,border]")] = 0.35
    values[names.index("red_line[north,border]")] = 48.0
    values[names.index("capability[north]")] = 1.3
    variant = scenario_variant(s, space.inputs, values)
    v = variant.stance("north", "border")
    assert (v.position, v.salience) == (35.0, 0.35)
    assert v.position_range is None and v.salience_range is None
    # the red line may not exclude the actor's own position: at least min(48, 35) = 35
    assert (v.red_line.value, v.red_line.side) == (35.0, "at_least")
    assert variant.capabilities[0].value == 1.3
    # the scenario it came from is untouched
    assert s.stance("north", "border").position == 50.0


def test_every_variant_of_the_built_in_talks_holds_its_draws():
    """The deal solver's per-variant scenarios on the built-in talks (widened ranges, drawn red
    lines): each holds exactly the drawn position and salience, and no drawn red line excludes
    the actor's own drawn position — the rule InputSpace.apply follows."""
    from accord.scenario.builtin import load_builtin

    talks = load_builtin("ukraine-talks-2026-01")
    space = InputSpace.from_scenario(talks)
    draws = space.draw_values(300, np.random.default_rng(1))
    red_lines = [x for x in space.inputs if x.kind == "red_line"]
    assert red_lines
    for row in draws:
        variant = scenario_variant(talks, space.inputs, row)
        for x, v in zip(space.inputs, row):
            if x.kind in ("position", "salience"):
                assert getattr(variant.stance(x.actor, x.issue), x.kind) == v
        for x in red_lines:
            st = variant.stance(x.actor, x.issue)
            assert st.red_line.accepts(st.position, st.red_line.side)
