"""What "zone" and "blocking" mean under a qualified majority, worked by hand.

Tsebelis (2002), ch. 2: under a qualified majority the win-set of the status quo is the set of
outcomes some winning coalition of members prefers to it, that every extra veto player also
prefers. The blockers are those whose veto matters under the rule: a veto player who refuses,
and refusing members only when they form a blocking minority (the rest fall short).

Council of four members with weights A 4, B 3, C 2, D 1 (total 10), threshold 0.7, so 7 votes
carry; V votes in no council but must approve (the European Parliament under co-decision).
Every status quo is 0; an actor at p prefers to 0 exactly the outcomes in (0, 2p) (at p = 0:
nothing at all).

- X: A 0, B C D V 50. A accepts nothing; B + C + D = 3 + 2 + 1 = 6 < 7: no zone. Blocking
  minority A (4 of 10 votes refuse; 7 needed). V accepts (0, 100): not a blocker.
- Y: A B 50, C D V 0. A + B = 7 ≥ 7 carry the council, but V accepts nothing: no zone,
  blocked by V alone. C and D refuse too, but their 3 votes do not matter (the old text named
  them: every actor that prefers the status quo, as under unanimity).
- Z: A B C 60, D 0, V 20. A + B + C = 9 ≥ 7 accept (0, 100]; V accepts (0, 40): zone (0, 40),
  both ends left out, printed "above 0 to below 40" (docs/whether.md).
"""

from __future__ import annotations

import textwrap

import pytest

import accord
from accord.whether.agreement import assess

QMV = textwrap.dedent("""\
    id: qmv-by-hand
    title: Four members and a parliament
    date: 2026-01-30
    actors: [{id: a, name: A}, {id: b, name: B}, {id: c, name: C}, {id: d, name: D},
             {id: v, name: V}]
    decision_rule:
      kind: qualified_majority
      members: [a, b, c, d]
      weights: {a: 4, b: 3, c: 2, d: 1}
      threshold: 0.7
      veto_players: [v]
    issues:
      - {id: x, name: X, status_quo: 0}
      - {id: y, name: Y, status_quo: 0}
      - {id: z, name: Z, status_quo: 0}
    stances:
      - {actor: a, issue: x, position: 0, salience: 1}
      - {actor: b, issue: x, position: 50, salience: 1}
      - {actor: c, issue: x, position: 50, salience: 1}
      - {actor: d, issue: x, position: 50, salience: 1}
      - {actor: v, issue: x, position: 50, salience: 1}
      - {actor: a, issue: y, position: 50, salience: 1}
      - {actor: b, issue: y, position: 50, salience: 1}
      - {actor: c, issue: y, position: 0, salience: 1}
      - {actor: d, issue: y, position: 0, salience: 1}
      - {actor: v, issue: y, position: 0, salience: 1}
      - {actor: a, issue: z, position: 60, salience: 1}
      - {actor: b, issue: z, position: 60, salience: 1}
      - {actor: c, issue: z, position: 60, salience: 1}
      - {actor: d, issue: z, position: 0, salience: 1}
      - {actor: v, issue: z, position: 20, salience: 1}
    capabilities: [{actor: a, value: 1}, {actor: b, value: 1}, {actor: c, value: 1},
                   {actor: d, value: 1}, {actor: v, value: 1}]
    """)

X_TEXT = ("no zone on X under qualified majority: a blocking minority (4 of 10 votes refuse; "
          "7 needed): A stands at the status quo (0) and accepts no change")
Y_TEXT = "no zone on Y under qualified majority: V stands at the status quo (0) and accepts no change"


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    path = tmp_path_factory.mktemp("qmv") / "qmv.yaml"
    path.write_text(QMV, encoding="utf-8")
    return accord.load(str(path))


def test_zones_and_blockers_under_the_rule(scenario):
    a = assess(scenario, n=0)
    assert a.to_dict()["issues"] == {
        "x": {"status_quo": 0.0, "zone": None, "blocking": ["a"]},
        "y": {"status_quo": 0.0, "zone": None, "blocking": ["v"]},
        "z": {"status_quo": 0.0, "zone": [0.0, 40.0], "blocking": []}}
    assert a.issues["x"].headline == X_TEXT
    assert a.issues["y"].headline == Y_TEXT
    # issue by issue, one issue that can move is an agreement: P = 1 (no ranges: 0 or 1) — and
    # the line says so before it lists the closed issues, instead of "100 %; no zone on …"
    assert a.probability == 1.0
    assert a.line() == ("P(agreement by 2027-01-30) = 100% (default horizon: one year after the "
                        "scenario date); issue by issue, any issue that can move counts: zone "
                        f"on Z: above 0 to below 40; {X_TEXT}; {Y_TEXT}")


def test_the_summary_the_deals_and_the_forecast_say_the_same(scenario):
    from accord.context.forecast import forecast_summary

    fc = accord.forecast(scenario, models=["compromise"])
    summary = forecast_summary(fc)
    rows = {i["id"]: i for i in summary["issues"]}
    assert rows["x"]["why"] == ("under qualified majority, a blocking minority (4 of 10 votes "
                                "refuse; 7 needed): A stands at the status quo (0) and accepts "
                                "no change")
    assert rows["y"]["blocking"] == ["V"] and rows["z"]["zone"] == [0.0, 40.0]
    assert summary["agreement"]["line"] == fc.whether_line()
    # accord deals asks every party (unanimity) against its fallback: it says so, and gives
    # the verdict of the rule beside its own
    from accord.report.content import deal_analysis

    warnings = deal_analysis(scenario)["warnings"]      # the deals page's and the report's
    assert warnings[-1].endswith(
        "the scenario decides 3 of its 3 issues by qualified majority, against the status quo, "
        "where accord forecast judges each issue's win-set under its rule: no zone on X "
        "(blocked by A); no zone on Y (blocked by V); zone on Z: above 0 to below 40")


def test_unanimity_issues_get_no_rule_note():
    from accord.whether.agreement import rule_note

    assert rule_note("ukraine-talks-2026-01") is None


def test_a_deu_proposal_names_its_blocking_minority_and_keeps_its_words():
    """DEU III d00032, issue 1 (reference point 0): Germany, Italy and Spain sit at 0 (10 + 10 +
    8 = 28 of the 87 pre-Nice votes; 62 carry). The other members and the Parliament prefer
    change, so 87 − 28 = 59 < 62: a blocking minority. Issue 2 states no reference point, so
    nothing holds it: any outcome can pass, and P(agreement) = 100 %, which the line says first.
    "at", Austria's DEU id, stays a word ("stands Austria the status quo" before)."""
    from shared_data import require_shared

    from accord.context.forecast import forecast_summary

    path = require_shared("data", "deu3", "deu3_train.tsv")
    fc = accord.forecast(f"{path}#d00032", models=["compromise"])
    line = forecast_summary(fc)["agreement"]["line"]
    assert line.startswith(
        "P(agreement by 2001-01-25) = 100% (default horizon: one year after the scenario date); "
        "issue by issue, any issue that can move counts: zone on documents: issue d00032i2: "
        "0–100 (no status quo stated: nothing stated holds it); no zone on documents: issue "
        "d00032i1 under qualified majority: a blocking minority (28 of 87 votes refuse; 62 "
        "needed): Germany stands at the status quo (0) and accepts no change, Italy stands at "
        "the status quo (0) and accepts no change, Spain stands at the status quo (0) and "
        "accepts no change;")
    # issue 4: the Parliament, a veto player at 0, blocks alone; the five members at 0
    # (3 + 3 + 3 + 5 + 4 = 18 votes) are no blocking minority and are not named
    assert fc.agreement.issues["d00032i4"].blocking == ("ep",)


def test_accord_deals_prints_the_rules_verdict(tmp_path, capsys):
    from cli_helpers import cli

    path = tmp_path / "qmv.yaml"
    path.write_text(QMV, encoding="utf-8")
    code, out, err = cli(["deals", str(path), "--format", "json"], capsys)
    assert code == 0, err
    import json

    assert json.loads(out)["warnings"][-1].endswith(
        "no zone on X (blocked by A); no zone on Y (blocked by V); zone on Z: above 0 to "
        "below 40")
    code, out, err = cli(["deals", str(path)], capsys)
    assert code == 0 and "warning: this zone asks every party to agree (unanimity)" in out, err


def test_a_minority_exactly_at_the_threshold_does_not_block(tmp_path):
    """The threshold itself carries (0.7 × 10 = 7 votes, ``support >= need``; in floating point
    0.7 × 10 is 7.000000000000001, which must not turn 7 votes into a defeat).

    - U: B alone at 0 (3 votes refuse); A + C + D = 4 + 2 + 1 = 7 = 7 needed and V at 50
      accepts (0, 100): zone (0, 100), nobody blocks.
    - W: B and D at 0 (3 + 1 = 4 refuse); A + C = 6 < 7: no zone, a blocking minority of
      B and D (4 of 10 votes refuse; 7 needed) — one vote past the threshold.
    """
    text = QMV.split("\nissues:")[0] + "\n" + textwrap.dedent("""\
        issues:
          - {id: u, name: U, status_quo: 0}
          - {id: w, name: W, status_quo: 0}
        stances:
        """) + "".join(
        f"  - {{actor: {a}, issue: {i}, position: {p}, salience: 1}}\n"
        for i, zeros in (("u", "b"), ("w", "bd")) for a in "abcdv"
        for p in [0 if a in zeros else 50]) + \
        "capabilities: [" + ", ".join(f"{{actor: {a}, value: 1}}" for a in "abcdv") + "]\n"
    path = tmp_path / "edge.yaml"
    path.write_text(text, encoding="utf-8")
    a = assess(accord.load(str(path)), n=0)
    assert a.to_dict()["issues"] == {
        "u": {"status_quo": 0.0, "zone": [0.0, 100.0], "blocking": []},
        "w": {"status_quo": 0.0, "zone": None, "blocking": ["b", "d"]}}
    assert a.issues["w"].headline == (
        "no zone on W under qualified majority: a blocking minority (4 of 10 votes refuse; "
        "7 needed): B stands at the status quo (0) and accepts no change, D stands at the "
        "status quo (0) and accepts no change")
