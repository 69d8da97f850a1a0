"""``accord simulate`` through the real CLI entry point."""

from __future__ import annotations

import json

import pytest

from cli_helpers import cli
from shared_data import needs_shared, shared_path

DINNER = shared_path("data", "genius", "anac2015", "group2-dinner")
needs_dinner = needs_shared("data/genius/anac2015/group2-dinner")



@pytest.fixture
def pie_file(tmp_path):
    """A two-party, one-issue pie as a scenario file with an explicit deal space."""
    opts = "\n".join(
        f"        - {{id: s{k}, label: '{k}', values: {{a: {k / 10}, b: {1 - k / 10}}}}}"
        for k in range(11))
    text = f"""id: pie
title: Splitting a pie
actors:
  - {{id: a, name: Alice, kind: person}}
  - {{id: b, name: Bob, kind: person}}
issues:
  - {{id: share, name: Alice's share, kind: continuous, low: 0, high: 100}}
outside_options:
  - {{actor: a, reservation: 0.0}}
  - {{actor: b, reservation: 0.0}}
deal_space:
  issues:
    - issue: share
      weights: {{a: 1, b: 1}}
      options:
{opts}
"""
    path = tmp_path / "pie.yaml"
    path.write_text(text)
    return path


def test_json_agreement_is_the_deal_by_label(pie_file, capsys):
    """Linear vs linear, 20 rounds: option 5 in round 11 (derivation in test_offers)."""
    code, out, err = cli(["simulate", str(pie_file), "--rounds", "20", "-f", "json"], capsys)
    assert code == 0, err
    d = json.loads(out)
    assert d["agreement"] == {"share": "5"}
    assert d["rounds_played"] == 11 and d["utilities"] == {"a": 0.5, "b": 0.5}
    assert d["history"][0]["moves"][0] == {"party": "a", "action": "offer", "outcome": 10,
                                           "target": 0.952381,
                                           "utilities": {"a": 1.0, "b": 0.0}}


def test_strategies_and_breakdown_is_null(pie_file, capsys):
    code, out, _ = cli(["simulate", str(pie_file), "-s", "a=tit_for_tat,b=tit_for_tat",
                        "--rounds", "15", "-f", "json"], capsys)
    d = json.loads(out)
    assert code == 0 and d["agreement"] is None and d["utilities"] is None
    assert d["strategies"] == {"a": "tit_for_tat", "b": "tit_for_tat"}


def test_intervention_on_the_builtin_scenario(capsys, tmp_path):
    """'From round 10 the US halts arms sales' lowers Ukraine's fallback: the two runs share
    rounds 1–9 exactly."""
    args = ["simulate", "ukraine-talks-2026-01", "--rounds", "60", "-f", "json"]
    code, out, _ = cli(args, capsys)
    base = json.loads(out)
    code2, out2, _ = cli(args + ["--intervene", "10:ukraine.reservation=0.3"], capsys)
    changed = json.loads(out2)
    assert code == code2 == 0
    assert changed["interventions"] == ["10:ukraine.reservation=0.3"]
    assert base["history"][:9] == changed["history"][:9]
    assert changed["reservation_at_end"]["ukraine"] == 0.3
    assert base["history"][9:] != changed["history"][9:]


@needs_dinner
def test_genius_folder_mediator_and_html_plot(tmp_path, capsys):
    plot = tmp_path / "dinner.html"
    code, out, err = cli(["simulate", str(DINNER), "--protocol", "mediator", "--seed", "3",
                          "--plot", str(plot)], capsys)
    assert code == 0, err
    assert "Dinner" in out and "Plot written" in out
    html = plot.read_text()
    assert "<script src=" not in html and "Plotly.newPlot" in html  # plotly.js inlined
    assert "Dinner_util1: on the table" in html


def test_table_output_names_parties(capsys):
    code, out, _ = cli(["simulate", "--rounds", "30", "-s", "russia=boulware"], capsys)
    assert code == 0
    assert "Russia" in out and "boulware" in out and "round" in out


@pytest.mark.parametrize("args, message", [
    (["--protocol", "auction"], "--protocol 'auction'"),
    (["-s", "russia"], "expected PARTY=VALUE"),
    (["-s", "narnia=linear"], "unknown party 'narnia'"),
    (["-s", "russia=stubborn"], "unknown strategy 'stubborn'"),
    (["--intervene", "10:ukraine.reservation=abc"], "not a number"),
    (["--plot", "x.svg"], "expected .html or .png"),
])
def test_user_errors_exit_2_with_one_line(args, message, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = cli(["simulate", "--rounds", "5"] + args, capsys)
    assert code == 2 and message in err and err.count("\n") == 1


@needs_dinner
def test_png_plot(tmp_path, capsys):
    """PNG through kaleido or a headless Chromium; skipped on machines with neither."""
    from accord.simulate.plot import _browser

    try:
        import kaleido  # noqa: F401
    except ImportError:
        if _browser() is None:
            pytest.skip("no kaleido and no Chromium/Chrome for PNG output")
    png = tmp_path / "talks.png"
    code, _, err = cli(["simulate", str(DINNER), "--rounds", "30", "--plot", str(png)], capsys)
    assert code == 0, err
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000


def test_mediator_start_text(pie_file, capsys):
    """Linear vs linear, mediator, first text 5 (by id s5): in round 1 (t = 1/21) neither signs
    (0.5 < 1 − 1/21 − 1e-4); any move makes one of them worse off and below its target, so the
    text stays at 5 until both targets reach 0.5: 1 − t ≤ 0.5 + 1e-4 ⇔ t ≥ 0.4999, round 11
    (t = 11/21; round 10 has t = 10/21 < 1/2). Agreement 5 in round 11."""
    code, out, err = cli(["simulate", str(pie_file), "--protocol", "mediator", "--rounds", "20",
                          "--start", "share=s5", "-f", "json"], capsys)
    assert code == 0, err
    d = json.loads(out)
    assert d["agreement"] == {"share": "5"} and d["rounds_played"] == 11
    assert {row["on_table"] for row in d["history"]} == {5}
    code, _, err = cli(["simulate", str(pie_file), "--start", "share=s5"], capsys)
    assert code == 2 and "--protocol mediator" in err
    code, _, err = cli(["simulate", str(pie_file), "--protocol", "mediator", "--start",
                        "share=half"], capsys)
    assert code == 2 and "first text" in err and "no option 'half'" in err


def test_an_agreement_past_a_red_line_says_so(capsys, pie_file):
    """On the built-in talks the Donbas red lines (Russia at least 50, Ukraine at most 25 on
    the 0–100 scale) leave no option both accept — no value is both ≥ 50 and ≤ 25 — so the
    offers run on the whole space and any agreement crosses one of them: the agreement line
    says so beside the warning. The pie has no red lines, and its line says nothing of them."""
    from accord.scenario.builtin import builtin_ids

    if "ukraine-talks-2026-01" not in builtin_ids():
        pytest.skip("the 2026 talks are not packaged")
    code, out, err = cli(["simulate", "ukraine-talks-2026-01", "--format", "json"], capsys)
    assert code == 0, err
    d = json.loads(out)
    assert d["agreement"] is not None and d["red_lines"].startswith("no zone on Donbas")
    code, out, err = cli(["simulate", "ukraine-talks-2026-01"], capsys)
    assert code == 0, err
    assert ", past a red line;" in " ".join(out.split())
    code, out, err = cli(["simulate", str(pie_file)], capsys)
    assert code == 0, err
    assert "Agreement in round" in out and "red line" not in out
