"""`accord deals`, `accord adjusted-winner` and `accord war` through the real CLI entry point."""

from __future__ import annotations

import json

import numpy as np
import pytest

from accord.scenario.builtin import builtin_ids, load_builtin
from cli_helpers import cli
from shared_data import needs_shared, shared_path

GENIUS = shared_path("data", "genius")
UKRAINE = "ukraine-talks-2026-01"



def _independent_zone(s, parties):
    """Count the packages every party values at its reservation or more and that cross no red
    line, by broadcasting per-issue contributions (weights scaled to sum to 1; deferred terms at
    their credible value); the arms issue stays free here, as the deal solver keeps it."""
    ds = s.deal_space
    reservation = {o.actor: o.reservation for o in s.outside_options}
    ok = np.ones((), dtype=bool)
    contrib = {p: np.zeros(()) for p in parties}
    for di in ds.issues:
        # a deferred term counts at its credible value κ·v + (1 − κ)·v(status quo option)
        # (docs/deals/commitments.md); the status quo is the option placed at it
        issue = s.issue(di.issue)
        kappa = 1.0 if issue.commitment is None else issue.commitment.credibility
        sq = next((k for k, o in enumerate(di.options)
                   if issue.status_quo is not None and o.position == issue.status_quo.value), None)
        allowed = np.ones(len(di.options), bool)
        for p in parties:
            st = s.stance(p, di.issue)
            if st is not None and st.red_line is not None:
                x = np.array([o.position for o in di.options])
                allowed &= st.red_line.accepts(x, st.red_line_side())
        ok = ok[..., None] & allowed
        for p in parties:
            total_w = sum(d.weights.get(p, 0.0) for d in ds.issues)
            v = np.array([o.values.get(p, 0.0) for o in di.options])
            if kappa < 1.0:
                v = kappa * v + (1.0 - kappa) * v[sq]
            v = v * di.weights.get(p, 0.0) / total_w
            contrib[p] = contrib[p][..., None] + v
    for p in parties:
        ok &= contrib[p] >= reservation[p]
    return ok, contrib


@pytest.mark.skipif(UKRAINE not in builtin_ids(), reason="built-in talks scenario not present")
def test_deals_on_the_2026_talks(capsys, tmp_path):
    code, out, err = cli(["deals", UKRAINE, "--format", "json"], capsys)
    assert code == 0, err
    data = json.loads(out)
    s = load_builtin(UKRAINE)
    parties = ["russia", "ukraine", "united_states", "european_coalition"]
    assert data["parties"] == parties
    assert data["reservation"] == {o.actor: o.reservation for o in s.outside_options}
    assert data["fallback_used"] == {p: "stated" for p in parties}
    assert data["n_outcomes"] == 5 * 5 * 5 * 4 * 3 * 4 * 3 * 4 * 4
    # Russia's red line on the Donbas (≥ 50) and Ukraine's (≤ 25) leave no option there
    zone = data["zone_of_agreement"]
    assert not zone["exists"] and data["n_within_red_lines"] == 0
    assert zone["closed_issues"] == [{"issue": "donbas", "blocking": ["russia", "ukraine"],
                                      "limits": ["Russia's red line ≥ 50",
                                                 "Ukraine's red line ≤ 25"]}]
    # Without Russia's Donbas red line (what if Moscow dropped it), count the zone by hand
    s.stance("russia", "donbas").red_line = None
    path = tmp_path / "no-russian-donbas-red-line.yaml"
    from accord.scenario import save
    save(s, path)
    ok, contrib = _independent_zone(s, parties)
    code, out, err = cli(["deals", str(path), "--format", "json"], capsys)
    data = json.loads(out)
    assert data["zone_of_agreement"]["exists"] and data["zone_of_agreement"]["size"] == ok.sum()
    for name in ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian"):
        sol = data["solutions"][name]
        idx = tuple(next(k for k, o in enumerate(di.options) if o.label == sol["deal"][di.issue])
                    for di in s.deal_space.issues)
        assert ok[idx]
        for p in parties:
            assert sol["utility"][p] == pytest.approx(float(contrib[p][idx]), abs=1e-12)
            assert sol["margin"][p] == pytest.approx(sol["utility"][p] - data["reservation"][p])


@pytest.mark.skipif(UKRAINE not in builtin_ids(), reason="built-in talks scenario not present")
def test_deals_table_and_a_blocked_zone(capsys):
    code, out, _ = cli(["deals", UKRAINE], capsys)
    flat = " ".join(out.split())   # narrow terminals wrap the tables
    assert code == 0 and "Zone of agreement: no — no zone on Donbas territory: Russia's red " \
        "line ≥ 50, Ukraine's red line ≤ 25" in flat
    assert "Fallback used: stated reservation (Russia, Ukraine, United States" in flat


@needs_shared("data/genius/anac2015/group2-dinner")
def test_deals_on_a_genius_folder(capsys):
    code, out, err = cli(["deals", str(GENIUS / "anac2015/group2-dinner"), "--format", "json"],
                         capsys)
    assert code == 0, err
    data = json.loads(out)
    assert data["n_outcomes"] == 1200 and data["frontier_size"] == 47
    assert data["solutions"]["nash"]["deal"] == {
        "Vegetarian_yes_no": "Vegetarian", "Where_to_eat": "Home(make it yourself)",
        "Origin": "Italian food", "time": "20:00", "Spicyness": "very spicy"}


def test_adjusted_winner_cli(tmp_path, capsys):
    f = tmp_path / "camp-david.csv"
    f.write_text("issue,Israel,Egypt\nSinai,35,55\nDiplomatic recognition,10,5\n"
                 "West Bank and Gaza,20,10\nPalestinian political recognition,10,5\n"
                 "Palestinian rights,5,20\nJerusalem,20,5\n")
    code, out, _ = cli(["adjusted-winner", str(f), "--format", "json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["totals"] == {"Israel": "395/6", "Egypt": "395/6"}
    assert data["split_issue"] == "Sinai"
    assert data["allocation"][0]["share"] == {"Israel": "1/6", "Egypt": "5/6"}
    code, out, _ = cli(["adjusted-winner", str(f)], capsys)
    assert "395/6" in out and "Split issue: Sinai" in out


def test_adjusted_winner_bad_file(tmp_path, capsys):
    f = tmp_path / "x.csv"
    f.write_text("issue,A,B\nx,60,40\ny,40,50\n")
    code, _, err = cli(["adjusted-winner", str(f)], capsys)
    assert code == 2 and "same total" in err


def test_war_attrition_that_never_ends(capsys):
    # q_A = q_B = 0: no period ends the war. By hand, V = (0 − 0.01) / (1 − 0.9 · 1) = −0.1 for
    # each side, so A's acceptable share is [−0.1, 1.1], clipped to [0, 1] with a warning as
    # war fearon clips (it printed [−0.1000, 1.1000]); the expected length is infinite, which
    # JSON cannot hold (the command died with "Out of range float values are not JSON
    # compliant"): null
    args = ["war", "attrition", "--q-a", "0", "--q-b", "0", "--c-a", "0.01", "--c-b", "0.01",
            "--discount", "0.9"]
    code, out, _ = cli(args + ["-f", "json"], capsys)
    assert code == 0
    d = json.loads(out)
    assert d["expected_duration"] is None
    assert (d["value_a"], d["value_b"]) == pytest.approx((-0.1, -0.1))
    assert (d["low"], d["high"]) == (0.0, 1.0)
    assert d["warning"] == ("Attrition bounds clipped to [0, 1]: low −0.1 → 0 (A would accept "
                            "any split), high 1.1 → 1 (B would accept any split)")
    code, out, _ = cli(args, capsys)
    assert code == 0 and "the war never ends" in out and "inf" not in out
    assert "[0.0000, 1.0000]" in out and out.startswith("warning: Attrition bounds clipped")


def test_war_attrition_clips_as_fearon_does(capsys):
    # By hand: q = (0.1, 0.1), c = (0.2, 0.2), δ = 0.5: V = (0.1 − 0.2)/(1 − 0.5 · 0.8) = −1/6
    # for each side, raw range [−1/6, 7/6] → [0, 1]; fearon p = 0.1, c_A = 0.2, c_B = 0.95
    # gives raw [−0.1, 1.05] → [0, 1]. Both print the clipped range after a warning line.
    _, att, _ = cli(["war", "attrition", "--q-a", "0.1", "--q-b", "0.1", "--c-a", "0.2",
                     "--c-b", "0.2", "--discount", "0.5"], capsys)
    _, fea, _ = cli(["war", "fearon", "--p", "0.1", "--cost-a", "0.2", "--cost-b", "0.95"],
                    capsys)
    assert "Value of fighting on: A -0.1667, B -0.1667" in att
    for out, model in ((att, "Attrition"), (fea, "Fearon")):
        assert out.startswith(f"warning: {model} bounds clipped to [0, 1]: low −")
        assert "[0.0000, 1.0000]" in out and "-0.1" not in out.split("\n")[-2]
    # inside [0, 1] nothing is clipped or said
    code, out, _ = cli(["war", "attrition", "--q-a", "0.05", "--q-b", "0.03", "--c-a", "0.01",
                        "--c-b", "0.01", "--discount", "0.95", "-f", "json"], capsys)
    assert json.loads(out)["warning"] is None


def test_war_attrition_refuses_a_cost_whose_value_overflows(capsys):
    # By hand (tests/deals/test_war.py): the denominator is 1 − 0.95 · 0.92 = 0.126, so
    # c_A = 1e308 gives V_A ≈ −7.94e308, past the largest float: it printed "A -inf" and, in
    # JSON, died with "Out of range float values are not JSON compliant". Now one line, code 2.
    args = ["war", "attrition", "--q-a", "0.05", "--q-b", "0.03", "--c-b", "0.01",
            "--discount", "0.95"]
    for fmt in ("table", "json"):
        code, out, err = cli(args + ["--c-a", "1e308", "-f", fmt], capsys)
        assert (code, out) == (2, "")
        assert err.startswith("error: per_period_cost c_A = 1e+308: A's value of fighting on")
        assert "beyond the largest float" in err and "Traceback" not in err
    # c_A = 1e307: V_A = −1e307 / 0.126 = −7.937e307, printed in four digits, not 308
    code, out, _ = cli(args + ["--c-a", "1e307"], capsys)
    assert code == 0 and "Value of fighting on: A -7.937e+307, B 0.1587" in out


def test_war_commands(capsys):
    code, out, _ = cli(["war", "fearon", "--p", "0.6", "--cost-a", "0.1", "--cost-b", "0.15",
                        "-f", "json"], capsys)
    d = json.loads(out)
    assert (d["low"], d["high"]) == pytest.approx((0.5, 0.75))
    code, out, _ = cli(["war", "attrition", "--q-a", "0.05", "--q-b", "0.03", "--c-a", "0.01",
                        "--c-b", "0.01", "--discount", "0.95", "-f", "json"], capsys)
    d = json.loads(out)
    assert round(d["value_a"], 4) == 0.3175 and round(d["high"], 4) == 0.8413
    code, out, _ = cli(["war", "optimism", "--p-a", "0.75", "--p-b", "0.5", "--cost-a", "0.1",
                        "--cost-b", "0.1", "-f", "json"], capsys)
    assert json.loads(out)["range_exists"] is False
    code, out, _ = cli(["war", "commitment", "--power", "0.6", "--power", "0.3", "--discount",
                        "0.9", "--cost-declining", "0.05", "-f", "json"], capsys)
    assert json.loads(out)["war"] is True
    code, out, _ = cli(["war", "commitment", "--power", "0.6", "--power", "0.58", "--discount",
                        "0.9", "--cost-declining", "0.05"], capsys)
    assert code == 0 and "no war" in out
    code, _, err = cli(["war", "fearon", "--p", "1.5", "--cost-a", "0", "--cost-b", "0"], capsys)
    assert code == 2 and "probability" in err
