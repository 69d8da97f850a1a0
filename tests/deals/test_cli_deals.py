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



@pytest.mark.skipif(UKRAINE not in builtin_ids(), reason="built-in talks scenario not present")
def test_deals_on_the_2026_talks(capsys):
    code, out, err = cli(["deals", UKRAINE, "--format", "json"], capsys)
    assert code == 0, err
    data = json.loads(out)
    s = load_builtin(UKRAINE)
    parties = ["russia", "ukraine", "united_states", "european_coalition"]
    assert data["parties"] == parties
    reservation = {o.actor: o.reservation for o in s.outside_options}
    assert data["reservation"] == reservation
    # an independent count of the zone: per-issue contributions broadcast over all packages,
    # with each party's stated weights scaled to sum to 1
    ds = s.deal_space
    contrib = []
    for p in parties:
        total_w = sum(di.weights[p] for di in ds.issues)
        acc = np.zeros(())
        for di in ds.issues:
            v = np.array([o.values[p] for o in di.options]) * di.weights[p] / total_w
            acc = acc[..., None] + v
        contrib.append(acc)
    ok = np.ones_like(contrib[0], dtype=bool)
    for p, u in zip(parties, contrib):
        ok &= u >= reservation[p]
    assert data["zone_of_agreement"]["exists"] and data["zone_of_agreement"]["size"] == ok.sum()
    assert data["n_outcomes"] == ok.size == 57_600
    for name in ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian"):
        sol = data["solutions"][name]
        for p in parties:
            assert sol["utility"][p] >= reservation[p]
            assert sol["margin"][p] == pytest.approx(sol["utility"][p] - reservation[p])
        # the utilities reported are those of the deal named
        idx = tuple(next(k for k, o in enumerate(di.options) if o.label == sol["deal"][di.issue])
                    for di in ds.issues)
        for p, u in zip(parties, contrib):
            assert sol["utility"][p] == pytest.approx(float(u[idx]), abs=1e-12)


@pytest.mark.skipif(UKRAINE not in builtin_ids(), reason="built-in talks scenario not present")
def test_deals_table_and_a_blocked_zone(capsys):
    code, out, _ = cli(["deals", UKRAINE], capsys)
    flat = " ".join(out.split())   # narrow terminals wrap the tables
    assert code == 0 and "Zone of agreement: yes" in flat and "Nash" in flat
    code, out, _ = cli(["deals", UKRAINE, "--reservation", "ukraine=0.95", "--format", "json"],
                       capsys)
    zone = json.loads(out)["zone_of_agreement"]
    assert not zone["exists"] and zone["blocking_parties"] == ["ukraine"]
    # the war models as the fallback: Fearon's p − c from each outside option
    code, out, _ = cli(["deals", UKRAINE, "--fallback", "fearon", "--format", "json"], capsys)
    s = load_builtin(UKRAINE)
    expected = {o.actor: o.win_probability - o.cost for o in s.outside_options}
    assert json.loads(out)["reservation"] == pytest.approx(expected)


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
