"""Every command's tables at 60 and 80 columns and piped: no id, name or number is cut.

Issue 16: rich shrank columns and ended them with "…" — ``accord scenarios | grep
ukraine-talks`` found nothing, KTAB actors printed as ``SActor-…``. Each command below runs
three times, as a terminal of 60 and of 80 columns and piped (no ``COLUMNS``, stdout not a
terminal), through the real entry point. For each run:

- every id, name and number the command's JSON output says it shows (``expected``) appears
  whole in the text — on one line, as a single run of characters;
- the text adds no "…" of its own: it has no more "…" than the data it shows (quotes from the
  sources carry some);
- the numbers are the same in all three layouts (a number split over two lines, or cut,
  would differ);
- a terminal's lines fit its width, but for a single token too long for it, such as a file's
  path, which is printed whole (piped lines have no limit: each row stays on one line, so
  ``grep`` finds it whole).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from cli_helpers import cli

from accord.scenario.builtin import builtin_ids

TESTS = Path(__file__).resolve().parents[1]
NUMBER = re.compile(r"(?<![\w.])[-+−]?\d[\d,]*(?:\.\d+)?%?(?![\w.])")
TALKS = "ukraine-talks-2026-01"


def run(args, capsys, monkeypatch, columns):
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", str(columns))
    code, out, err = cli(args, capsys)
    assert code == 0, err
    return out


def numbers(text: str) -> list[str]:
    """The numbers of a text, but for timings ("0.31 s", "1,742/s"), which differ by run."""
    text = re.sub(r"[\d.,]+ s\b|[\d.,]+/s", "", text)
    return sorted(NUMBER.findall(text))


def strings(obj) -> list[str]:
    if isinstance(obj, dict):
        return [s for v in obj.values() for s in strings(v)]
    if isinstance(obj, list):
        return [s for v in obj for s in strings(v)]
    return [obj] if isinstance(obj, str) else []


@pytest.fixture(scope="module")
def ktab_file(tmp_path_factory):
    """A KTAB CSV whose actors have long names (KTAB's own examples: ``SActor-01`` …)."""
    import accord
    from accord.scenario.model import Actor

    s = accord.load("ec-emissions-1994")
    long = {a.id: f"SActor-{k:02d}-{a.name}-delegation" for k, a in enumerate(s.actors)}
    data = s.model_dump()
    data["actors"] = [Actor(id=a.id, name=long[a.id]).model_dump() for a in s.actors]
    path = tmp_path_factory.mktemp("ktab") / "long-names.csv"
    accord.save(type(s).model_validate(data), path, format="ktab-csv")
    return path, sorted(long.values())


@pytest.fixture(scope="module")
def evidence_db(tmp_path_factory):
    """A store with statements from two small articles, for the evidence commands."""
    import subprocess
    import sys

    db = tmp_path_factory.mktemp("ev") / "ev.db"
    files = [str(TESTS / "evidence" / n) for n in ("unseen_en.txt", "unseen_de.txt")]
    args = ["evidence", "add", *files, "--db", str(db), "-f", "json"]
    subprocess.run([sys.executable, "-c", f"from accord.cli import main; main({args!r})"],
                   check=True, capture_output=True)
    return str(db)


def _scenarios(d):
    return [r["id"] for r in d]


def _show(d):
    return [a["id"] for a in d["actors"]] + [a["name"] for a in d["actors"]] + \
        [f"{st['position']:.1f}" for st in d["stances"]]


def _forecast(d):
    return [f"{f['value']:.1f}" for f in d["forecasts"] if f["value"] is not None] + \
        [f["model"] for f in d["forecasts"]]


def _trades(d):
    return [f"{t['gain']:.3f}" for t in d["trades"]]


def _explain(d):
    out = []
    for r in d["why"]["issues"]:
        for x in r["drivers"]:
            out += list(x["evidence"])
    return out


def _ensemble(d):
    return [f"{o['mean']:.1f}" for o in d["outputs"]]


def _sensitivity(d):
    return [f"{r['swing']:.2f}" for rows in d["tornado"].values() for r in rows[:10]
            if r["swing"] is not None]


def _evidence_list(d):
    return [r["id"] for r in d]


def _evidence_link(d):
    return [p["statement"] for s in d["stances"] for p in s["proposals"][:3]]


def _deals(d):
    return [f"{d['reservation'][p]:.3f}" for p in d["parties"]]


def _simulate(d):
    return [f"{v:.3f}" for v in d["reservation_at_end"].values()]


def _whatif(d):
    # every model whose forecast the change moves, and by how much (printed to one decimal)
    moved = {m: row for m, row in d["differences"]["forecasts"].items() if row}
    return list(moved) + [f"{x:+.1f}" for row in moved.values() for x in row.values()
                          if x is not None]


def _score(d):
    return [f["forecaster"] for f in d["forecasters"]]


COMMANDS = {
    "scenarios": (["scenarios"], _scenarios),
    "show": (["show", "ec-emissions-1994"], _show),
    "show-talks": (["show", TALKS], _show),
    "forecast": (["forecast", TALKS], _forecast),
    "explain": (["explain", "ec-emissions-1994"], _explain),
    "trades": (["trades", TALKS, "-n", "5"], _trades),
    "deals": (["deals", "ec-emissions-1994"], _deals),
    "simulate": (["simulate", TALKS, "--rounds", "20"], _simulate),
    "sensitivity": (["sensitivity", TALKS, "--sobol-n", "32", "--top", "2"], _sensitivity),
    "score": (["score", str(TESTS / "ensemble" / "ledger.yaml")], _score),
    "whatif": (["whatif", TALKS, "--set", "russia.donbas.red_line=none", "--variants", "50"],
               _whatif),
    "backtest": (["backtest", "builtin"],
                 lambda d: [f"{r['mae']:.2f}" for r in d["summary"]["models"].values()
                            if r["mae"] is not None]),
}


def _check(args, expected_of, capsys, monkeypatch, json_args=None):
    data = json.loads(run([*(json_args or args), "--format", "json"], capsys, monkeypatch, 80))
    expected = [e for e in expected_of(data) if e]
    assert expected, "the command shows nothing to check"
    data_ellipses = sum(s.count("…") for s in strings(data))
    texts = {cols: run(args, capsys, monkeypatch, cols) for cols in (60, 80, None)}
    for cols, text in texts.items():
        lines = text.splitlines()
        for e in expected:
            assert any(e in line for line in lines), f"{args} at {cols}: {e!r} is cut or missing"
        assert text.count("…") <= data_ellipses, f"{args} at {cols} adds '…'"
        if cols is not None:  # a single unbreakable token (a file's path) is printed whole
            too_long = [ln for ln in lines if len(ln) > cols and len(ln.split()) > 1]
            assert not too_long, f"{args} at {cols}: {too_long[:2]}"
    assert numbers(texts[60]) == numbers(texts[80]) == numbers(texts[None]), args
    return texts


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_tables_keep_ids_names_numbers(name, capsys, monkeypatch):
    args, expected_of = COMMANDS[name]
    if TALKS not in builtin_ids() and TALKS in args:
        pytest.skip("the built-in talks are not in this build")
    _check(args, expected_of, capsys, monkeypatch)


def test_scenarios_piped_rows_are_whole(capsys, monkeypatch):
    """`accord scenarios | grep ukraine-talks` finds the row, with its title and numbers."""
    text = run(["scenarios"], capsys, monkeypatch, None)
    rows = [ln for ln in text.splitlines() if "ukraine-talks-2026-01" in ln]
    assert len(rows) == 1 and "2026-01-30" in rows[0] and "(January 2026)" in rows[0]
    assert "\x1b[" not in text  # plain: no colour codes when piped


def test_smp_keeps_long_actor_names(ktab_file, capsys, monkeypatch):
    path, names = ktab_file
    for cols in (60, 80, None):
        text = run(["smp", str(path)], capsys, monkeypatch, cols)
        for n in names:
            assert any(n in line for line in text.splitlines()), (cols, n)
        assert "…" not in text


def test_ensemble_tables(tmp_path, capsys, monkeypatch):
    args = ["ensemble", TALKS, "-n", "200", "--executor", "inline", "--out",
            str(tmp_path)]
    _check(args, _ensemble, capsys, monkeypatch)


def test_evidence_tables(evidence_db, capsys, monkeypatch):
    _check(["evidence", "list", "--db", evidence_db, "--kind", "all"], _evidence_list, capsys,
           monkeypatch)
    _check(["evidence", "link", TALKS, "--db", evidence_db], _evidence_link, capsys, monkeypatch)


def test_war_commands(capsys, monkeypatch):
    for args in (["war", "fearon", "--p", "0.6", "--cost-a", "0.1", "--cost-b", "0.05"],
                 ["war", "attrition", "--q-a", "0.05", "--q-b", "0.03", "--c-a", "0.01",
                  "--c-b", "0.01", "--discount", "0.95"]):
        _check(args, lambda d: [f"{d['low']:.4f}", f"{d['high']:.4f}"], capsys, monkeypatch)


def test_every_option_has_a_description():
    """Issue 16: several options had no description."""
    import typer

    from accord.cli import _load_commands, app

    _load_commands()

    def walk(cmd, path):
        if hasattr(cmd, "commands"):
            for n, c in cmd.commands.items():
                yield from walk(c, [*path, n])
        else:
            yield path, cmd

    missing = [(" ".join(path), p.name) for path, cmd in walk(typer.main.get_command(app), [])
               for p in cmd.params if p.name != "help" and not getattr(p, "help", None)]
    assert missing == []


def test_model_and_param_help_name_them(capsys, tmp_path, monkeypatch):
    from accord.models.base import available_models

    monkeypatch.setenv("ACCORD_CACHE_DIR", str(tmp_path))
    code, out, _ = cli(["forecast", "--help"], capsys)
    text = " ".join(out.split())
    assert code == 0 and "{models}" not in text and "{params}" not in text
    for m in available_models():
        assert f"{m.name} (" in text
    assert "nash: loss_exponent, iterations" in text
    code, out, _ = cli(["smp", "--help"], capsys)
    assert code == 0 and "VotingRule" in out and "{smp_params}" not in out
