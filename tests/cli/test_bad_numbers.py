"""Numbers and files the CLI took without a word (December 2026 sweep): each is now refused
with one line naming the flag or file, the value given and what is expected, exit code 2."""

from __future__ import annotations

import pytest

from cli_helpers import cli

EC = "ec-emissions-1994"


def refused(args, capsys) -> str:
    code, out, err = cli(args, capsys)
    assert (code, out) == (2, ""), (code, out, err)
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    return err.strip()


@pytest.mark.parametrize("args,message", [
    # NaN passed "not 0 ≤ fragile ≤ 1" written as two comparisons, and flagged nothing
    (["deals", EC, "--fragile", "nan"],
     "error: --fragile nan: expected a margin in [0, 1] on the utility scale"),
    (["deals", EC, "--fragile", "2"],
     "error: --fragile 2: expected a margin in [0, 1] on the utility scale"),
    # a NaN power passed "p < 0 or p > 1": "δ·shift = nan vs threshold 0.05: no war"
    (["war", "commitment", "--power", "0.6", "--power", "nan", "--discount", "0.9",
      "--cost-declining", "0.1"],
     "error: power nan is outside [0, 1]; expected each period's win probability"),
    # range(-1) ran no iteration at all
    (["forecast", EC, "-m", "nash", "-p", "nash.iterations=-1"],
     "error: nash.iterations: -1 is negative; expected a count from 0 to 10,000"),
    # a parameter of a model that does not run was dropped, so it seemed to apply
    (["forecast", EC, "-m", "compromise", "-p", "eum.rounds=3"],
     "error: --param 'eum.rounds=3': model 'eum' is not run here; expected a parameter of "
     "compromise"),
    (["ensemble", EC, "-n", "10", "-m", "compromise", "-p", "eum.rounds=3"],
     "error: --param 'eum.rounds=3': model 'eum' is not run here; expected a parameter of "
     "compromise"),
    (["explain", EC, "-m", "eum", "-p", "nash.iterations=3"],
     "error: --param 'nash.iterations=3': model 'nash' is not run here; expected a "
     "parameter of eum"),
])
def test_a_number_or_parameter_taken_without_a_word_is_refused(capsys, args, message):
    assert refused(args, capsys) == message


def test_a_parameter_of_no_model_is_refused_by_a_default_forecast(capsys):
    line = refused(["forecast", EC, "-p", "bogus.x=1"], capsys)
    assert line.startswith("error: --param 'bogus.x=1': model 'bogus' is not run here; "
                           "expected a parameter of agenda_setter, compromise, compromise_sq, ")


@pytest.mark.parametrize("args,flag,low", [
    (["backtest", EC, "--folds", "0", "--seed", "-1"], "'--seed'", 0),  # was a traceback
    (["sensitivity", EC, "--top", "0"], "'--top'", 1),                  # listed every input
    (["evidence", "link", EC, "--limit", "-1"], "'--limit' / '-n'", 0),  # rows[:-1]
    (["deals", EC, "--trades", "-1"], "'--trades'", 0),
])
def test_a_count_below_its_range_is_a_usage_error(capsys, args, flag, low):
    assert refused(args, capsys) == (f"error: Invalid value for {flag}: Input should be "
                                     f"greater than or equal to {low}")


@pytest.mark.parametrize("name", ["empty.csv", "empty.xml", "blank.json"])
def test_an_empty_scenario_file_says_it_is_empty(tmp_path, capsys, name):
    # "cannot tell which scenario format this file is" for a file with nothing in it
    path = tmp_path / name
    path.write_text("" if name.startswith("empty") else "\n  \n", encoding="utf-8")
    assert refused(["validate", str(path)], capsys).startswith(
        f"error: {path}: the file is empty; expected a scenario file (YAML, KTAB CSV/XML")


@pytest.mark.parametrize("data,message", [
    # latin-1 and binary bytes were a UnicodeDecodeError traceback
    (b"issue,A,B\nx\xe9,60,40\ny,40,60\n",
     "{path}:2: byte 0xe9 at column 2 is not UTF-8; expected UTF-8 text (save the file as "
     "UTF-8; latin-1 and Windows-1252 are not guessed)"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
     "{path}:1: holds NUL bytes: UTF-16 without a byte-order mark, or not text at all; "
     "expected UTF-8 text"),
    # "points must be non-negative", without the file or the line
    (b"issue,A,B\nx,60,40\ny,-5,65\n", "{path}:3: points -5, 65: negative; expected points ≥ 0"),
    # all zero was "allocated": 0 = 0, every issue a tie; this and unequal totals named no file
    (b"issue,A,B\nx,0,0\ny,0,0\n",
     "{path}: A spreads 0 points and B 0; expected both sides to spread the same positive "
     "total (usually 100)"),
    # 60 + 45 = 105 against 40 + 60 = 100
    (b"issue,A,B\nx,60,40\ny,45,60\n",
     "{path}: A spreads 105 points and B 100; expected both sides to spread the same total "
     "(usually 100)"),
])
def test_adjusted_winner_refuses_what_is_not_a_points_table(tmp_path, capsys, data, message):
    path = tmp_path / "points.csv"
    path.write_bytes(data)
    assert refused(["adjusted-winner", str(path)], capsys) == \
        "error: " + message.format(path=path)


def test_serve_refuses_an_infinite_upload_limit(capsys):
    # --max-upload-mib inf passed min=0.01 and died: "cannot convert float infinity to integer"
    assert refused(["serve", "--max-upload-mib", "inf"], capsys) == (
        "error: Invalid value for '--max-upload-mib': Input should be less than or equal to 64")


def test_an_output_path_that_cannot_be_written_is_refused_before_the_work(tmp_path, capsys):
    # a folder, or a file in a missing folder, was a traceback once the simulation or the
    # report had been computed
    missing = tmp_path / "no-such-folder" / "plot.html"
    assert refused(["simulate", EC, "-r", "5", "--plot", str(missing)], capsys) == (
        f"error: --plot {missing}: the folder {missing.parent} does not exist; expected a file "
        "in an existing folder")
    assert refused(["simulate", EC, "-r", "5", "--plot", str(tmp_path)], capsys) == (
        f"error: --plot {tmp_path}: is a folder; expected the name of a file to write")
    assert refused(["report", EC, "-o", str(tmp_path)], capsys) == (
        f"error: --output {tmp_path}: is a folder; expected the name of a file to write")
    assert list(tmp_path.iterdir()) == []
