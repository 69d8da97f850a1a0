"""Scenario text is shown as text: Rich markup and terminal controls in a scenario never style,
link or crash the output (issue 19), and model flags are checked (type, finite, bounded)."""

from __future__ import annotations

import pytest
from cli_helpers import cli
from shared_data import needs_shared, shared_path

import accord
import accord.cli.common as common
from rich.color import ColorSystem
from accord.ensemble import with_ranges

TITLE = "Talks [/x] about [bold]nothing[/bold] :warning:"
NAME = "[link=https://evil.example]Russia[/link]"
ISSUE = "Donbas [red]territory[/red]"


@pytest.fixture
def marked(tmp_path):
    """The EC case with markup in its title, first actor's name and issue name, and ranges."""
    s = accord.load("ec-emissions-1994")
    first = s.actors[0]
    s = s.model_copy(update={
        "title": TITLE,
        "actors": [first.model_copy(update={"name": NAME}), *s.actors[1:]],
        "issues": [s.issues[0].model_copy(update={"name": ISSUE})]})
    s = with_ranges(s, position=0.1)
    path = tmp_path / "marked.yaml"
    accord.save(s, path)
    return path


@pytest.fixture
def terminal(monkeypatch):
    """The consoles believe they print to a terminal, where markup would become escapes."""
    for lazy in (common.console, common.err_console):
        console = lazy.unwrap() if hasattr(lazy, "unwrap") else lazy
        monkeypatch.setattr(console, "_force_terminal", True)
        monkeypatch.setattr(console, "_width", 400)  # no wrapping inside the names
        monkeypatch.setattr(console, "_color_system", ColorSystem.TRUECOLOR)


@pytest.mark.parametrize("args", [
    ["show"], ["forecast"], ["forecast", "-m", "eum"], ["deals"], ["trades"],
    ["explain", "--model", "eum", "--round", "1"], ["simulate"],
    ["ensemble", "-n", "200", "--executor", "inline"], ["sensitivity", "--sobol-n", "0"],
])
def test_markup_in_scenario_text_is_printed_as_text(marked, terminal, capsys, tmp_path, args):
    extra = ["--out", str(tmp_path / "e")] if args[0] == "ensemble" else []
    code, out, err = cli([args[0], str(marked), *args[1:], *extra], capsys)
    assert code == 0, err
    assert "\x1b]8;" not in out  # no terminal hyperlink
    if args[0] in ("show", "forecast", "ensemble"):
        assert TITLE in out
    if args[0] == "show":
        assert NAME in out and ISSUE in out
    assert "[bold]nothing[/bold]" not in err and "Traceback" not in err


def test_our_own_styles_still_style(marked, terminal, capsys):
    code, out, _ = cli(["show", str(marked)], capsys)
    assert code == 0 and "\x1b[1mTalks [/x] about" in out  # the title line is bold


@pytest.mark.parametrize("param,message", [
    ("eum.rounds=100000000", "eum.rounds: 100,000,000 is over 10,000; expected at most 10,000 "
                             "(it sets the size of the model's arrays)"),
    ("eum.q=abc", "eum.q: 'abc' is not a number; expected a real number"),
    ("eum.q=nan", "eum.q: 'nan' is not finite; expected a real number"),
    ("eum.q=1e999", "eum.q: inf is not finite; expected a real number"),
    ("eum.rounds=2.5", "eum.rounds: 2.5 is not a whole number; expected a whole number"),
    ("exchange.variant=fast", "exchange.variant: 'fast' is not a choice; expected one of: "
                              "equal-gain, random-rate"),
    ("nash.iterations=1000000", "nash.iterations: 1,000,000 is over 10,000"),
])
def test_model_parameters_are_checked(capsys, param, message):
    code, _, err = cli(["forecast", "ec-emissions-1994", "-m", param.split(".")[0], "-p", param],
                       capsys)
    assert code == 2 and err.strip() == f"error: {message}" or message in err, err


@pytest.mark.parametrize("rows,message", [
    ("A,1,20,0\nB,2,80,0\n", "no forecast: every weight (capability × salience) on this issue "
                             "is 0 — every salience is 0"),
    ("A,0,20,0.5\nB,0,80,1\n", "every capability is 0"),
    ("A,1e-200,20,1e-200\nB,1e-200,80,1e-200\n", "capability × salience underflows to 0 in "
                                                  "floating point"),
])
@pytest.mark.parametrize("command", [["forecast", "-f", "json"], ["forecast"], ["explain",
                                                                                 "-m", "eum"]])
def test_an_undefined_forecast_is_a_user_error_not_nan(tmp_path, capsys, rows, message, command):
    path = tmp_path / "zero.csv"
    path.write_text("Actor,Capability,Position,Salience\n" + rows)
    code, out, err = cli([command[0], str(path), *command[1:]], capsys)
    assert code == 2 and message in err and "nan" not in out, (out, err)


def test_numbers_beyond_1e15_are_refused_where_they_are_written(tmp_path, capsys):
    path = tmp_path / "huge.csv"
    path.write_text("Actor,Capability,Position,Salience\nA,1e308,20,0.5\nB,1,-1e308,1\n")
    code, _, err = cli(["deals", str(path)], capsys)
    assert code == 2 and err.strip().endswith(
        "huge.csv:2: capability: 1e308 is beyond ±1e15; expected a number no larger than 10^15 "
        "in size")


@needs_shared("data/genius/geniusweb/Party")
def test_a_deal_space_without_stances_has_no_forecast_but_deals(capsys):
    folder = shared_path("data", "genius", "geniusweb", "Party")
    code, _, err = cli(["forecast", str(folder)], capsys)
    assert code == 2 and "no forecast: the scenario has no stances (a deal space only" in err
    code, out, _ = cli(["deals", str(folder)], capsys)
    assert code == 0 and "Nash" in out


@pytest.mark.parametrize("args,message", [
    (["forecast", "--seed", "-1"], "Invalid value for '--seed'"),
    (["trades", "--seed", "-99999999999999999999"], "Invalid value for '--seed'"),
    (["simulate", "--rounds", "1000000000"], "Invalid value for '--rounds'"),
    (["sensitivity", "--sobol-n", "1000000000"], "--sobol-n 1,000,000,000: expected at most "
                                                 "100,000"),
    (["deals", "--power", "UK=-1"], "--power UK=-1.0: expected a finite bargaining power ≥ 0"),
    (["deals", "--reservation", "UK=nan"], "reservation of 'UK': nan is not a finite number"),
    (["simulate", "--discount", "UK=nan"], "discount factors must lie in (0, 1]"),
])
def test_flag_values_found_by_the_fuzzer_are_one_line(capsys, args, message):
    # Each was a traceback or a silent NaN (tests/fuzz/test_fuzz_flags.py found the last four
    # families); the EC case keeps each run short.
    code, _, err = cli([args[0], "ec-emissions-1994", *args[1:]], capsys)
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1 and message in lines[0], err
