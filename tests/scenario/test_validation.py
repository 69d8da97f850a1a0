"""Bad input gets one located line and exit code 2 — never a traceback.

Each case starts from a small valid scenario (VALID below, line numbers matter), breaks one
thing, and checks the CLI's message names the file, the line and the field, says what was
wrong and what is expected.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


import pytest
from cli_helpers import cli as run_cli

VALID = """\
id: toy
title: A toy negotiation
sources:
  - id: src1
    title: An article
evidence:
  - id: ev1
    source: src1
    quote: "Wir ziehen uns nicht zurück."
actors:
  - id: north
    name: North
  - id: south
    name: South
issues:
  - id: border
    name: Where the border runs
    anchors:
      - {value: 0, label: "North keeps everything"}
      - {value: 100, label: "South gets everything"}
stances:
  - actor: north
    issue: border
    position: 10
    salience: 0.9
    evidence: [ev1]
  - actor: south
    issue: border
    position: 90
    salience: 0.6
capabilities:
  - {actor: north, value: 1.0}
  - {actor: south, value: 0.5}
"""



def check_bad(tmp_path, capsys, text, *expected, name="bad.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code, out, err = run_cli(["validate", str(path)], capsys)
    assert code == 2, (code, out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert lines[0].startswith(f"error: {path}"), lines[0]
    for piece in expected:
        assert piece in lines[0], (piece, lines[0])
    return lines[0]


def test_valid_file_passes(tmp_path, capsys):
    path = tmp_path / "ok.yaml"
    path.write_text(VALID, encoding="utf-8")
    code, out, err = run_cli(["validate", str(path)], capsys)
    assert code == 0, err
    assert "valid — 2 actors, 1 issues, 2 stances (1 without evidence)" in out


def test_yaml_syntax_error(tmp_path, capsys):
    bad = VALID.replace("    salience: 0.6\n", "    salience: [0.6\n")
    check_bad(tmp_path, capsys, bad, "YAML syntax error", "expected valid YAML")


def test_empty_file(tmp_path, capsys):
    check_bad(tmp_path, capsys, "", ":1:", "the file is empty")


def test_top_level_not_a_mapping(tmp_path, capsys):
    check_bad(tmp_path, capsys, "- a\n- b\n", ":1:", "expected a mapping")


TAG_MESSAGE = ("tags are not allowed in a scenario; expected plain values (mappings, lists, "
               "strings, numbers, dates) without a tag")


@pytest.mark.parametrize("old,new,line,tag", [
    # line 14 of VALID is South's name; the tag made "list has the wrong type" there
    ("    name: South\n", '    name: !!python/object/apply:os.system ["echo hi"]\n', 14,
     "!!python/object/apply:os.system"),
    ("title: A toy negotiation\n", "title: !custom A toy negotiation\n", 2, "!custom"),
    # a tag on the whole document made "required key 'title' is missing" (or "the top level
    # is a list" when the tagged node was a list)
    ("id: toy\n", "!!python/object:__main__.Scenario\nid: toy\n", 1,
     "!!python/object:__main__.Scenario"),
    ("capabilities:\n", "capabilities: !!python/tuple\n", 31, "!!python/tuple"),
])
def test_a_yaml_tag_is_refused_with_its_line(tmp_path, capsys, old, new, line, tag):
    bad = VALID.replace(old, new, 1)
    assert bad != VALID
    path = tmp_path / "bad.yaml"
    check_bad(tmp_path, capsys, bad, f"bad.yaml:{line}: YAML tag {tag!r}: {TAG_MESSAGE}")
    code, out, err = run_cli(["forecast", str(path)], capsys)  # the same line when it is read
    assert (code, out) == (2, "") and f"YAML tag {tag!r}: tags are not allowed" in err


def test_yaml_s_own_plain_tags_and_exclamation_marks_in_text_still_read(tmp_path, capsys):
    text = VALID.replace("title: A toy negotiation", "title: !!str Stop! A toy, ! and !x", 1)
    text = text.replace("salience: 0.6", "salience: !!float 0.6", 1)
    path = tmp_path / "ok.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, err = run_cli(["validate", str(path)], capsys)
    assert code == 0, err


def test_unknown_key(tmp_path, capsys):
    bad = VALID.replace("    salience: 0.6\n", "    salience: 0.6\n    importance: 3\n")
    check_bad(tmp_path, capsys, bad, ":31:", "stances[1].importance", "unknown key 'importance'")


def test_missing_required_key(tmp_path, capsys):
    bad = VALID.replace("    position: 90\n", "")
    check_bad(tmp_path, capsys, bad, ":27:", "stances[1].position", "required key 'position' is missing")


def test_duplicate_actor_id(tmp_path, capsys):
    bad = VALID.replace("  - id: south\n    name: South\n", "  - id: north\n    name: South\n")
    check_bad(tmp_path, capsys, bad, ":13:", "actors[1].id", "duplicate actor id 'north'")


def test_stance_for_unknown_actor(tmp_path, capsys):
    bad = VALID.replace("  - actor: south\n", "  - actor: west\n")
    check_bad(tmp_path, capsys, bad, ":27:", "stances[1].actor", "unknown actor 'west'",
              "expected one of: north, south")


def test_stance_for_unknown_issue(tmp_path, capsys):
    bad = VALID.replace("    issue: border\n    position: 90", "    issue: sea\n    position: 90")
    check_bad(tmp_path, capsys, bad, ":28:", "stances[1].issue", "unknown issue 'sea'")


def test_salience_out_of_range(tmp_path, capsys):
    bad = VALID.replace("salience: 0.6", "salience: 1.7")
    check_bad(tmp_path, capsys, bad, ":30:", "stances[1].salience", "1.7 is out of range",
              "less than or equal to 1")


def test_position_out_of_scale(tmp_path, capsys):
    bad = VALID.replace("position: 90", "position: 140")
    check_bad(tmp_path, capsys, bad, ":29:", "stances[1].position", "140 is outside the scale",
              "expected a value in [0, 100]")


def test_nan(tmp_path, capsys):
    bad = VALID.replace("position: 90", "position: .nan")
    check_bad(tmp_path, capsys, bad, ":29:", "stances[1].position", "not a finite number")


def test_infinity(tmp_path, capsys):
    bad = VALID.replace("{actor: south, value: 0.5}", "{actor: south, value: .inf}")
    check_bad(tmp_path, capsys, bad, ":33:", "capabilities[1].value", "not a finite number")


def test_wrong_type(tmp_path, capsys):
    bad = VALID.replace("salience: 0.6", "salience: high")
    check_bad(tmp_path, capsys, bad, ":30:", "stances[1].salience", "'high' has the wrong type",
              "valid number")


def test_number_written_as_string_is_not_coerced(tmp_path, capsys):
    bad = VALID.replace("salience: 0.6", 'salience: "0.6"')
    check_bad(tmp_path, capsys, bad, ":30:", "stances[1].salience", "wrong type")


def test_evidence_citing_unknown_source(tmp_path, capsys):
    bad = VALID.replace("    source: src1\n", "    source: src9\n")
    check_bad(tmp_path, capsys, bad, ":8:", "evidence[0].source", "unknown source 'src9'")


def test_stance_citing_unknown_evidence(tmp_path, capsys):
    bad = VALID.replace("evidence: [ev1]", "evidence: [ev7]")
    check_bad(tmp_path, capsys, bad, ":26:", "stances[0].evidence[0]", "unknown evidence 'ev7'")


def test_issue_nobody_has_a_stance_on(tmp_path, capsys):
    bad = VALID.replace("capabilities:\n", "").replace(
        "  - {actor: north, value: 1.0}\n  - {actor: south, value: 0.5}\n", "")
    bad = bad.replace("issues:\n", "issues:\n  - id: sea\n    name: Fishing rights\n") + \
        "capabilities:\n  - {actor: north, value: 1.0}\n  - {actor: south, value: 0.5}\n"
    check_bad(tmp_path, capsys, bad, ":16:", "issues[0]", "nobody has a stance on issue 'sea'")


def test_duplicate_stance(tmp_path, capsys):
    bad = VALID.replace("  - actor: south\n", "  - actor: north\n")
    check_bad(tmp_path, capsys, bad, ":27:", "stances[1]", "second stance of 'north' on 'border'")


def test_reversed_range(tmp_path, capsys):
    bad = VALID.replace("    salience: 0.6\n", "    salience: 0.6\n    position_range: [95, 80]\n")
    check_bad(tmp_path, capsys, bad, ":31:", "stances[1].position_range", "reversed")


def test_actor_without_capability(tmp_path, capsys):
    bad = VALID.replace("  - {actor: south, value: 0.5}\n", "")
    check_bad(tmp_path, capsys, bad, ":13:", "actors[1]", "has no capability")


def test_bad_simple_csv_row(tmp_path, capsys):
    text = "Actor,Capability,Position,Salience\nA,1,4,0.5\nB,1,seven,0.5\n"
    check_bad(tmp_path, capsys, text, ":3:", "position", "'seven' is not a number", name="bad.csv")


def test_missing_file(tmp_path, capsys):
    code, out, err = run_cli(["validate", str(tmp_path / "nope.yaml")], capsys)
    assert code == 2 and "no such file" in err and len(err.strip().splitlines()) == 1


def test_unknown_builtin_through_forecast(capsys):
    code, out, err = run_cli(["forecast", "no-such-scenario"], capsys)
    assert code == 2 and "neither a built-in scenario nor a file" in err


def test_real_process_exit_code_and_no_traceback(tmp_path):
    """The installed console entry point, not just main(): exit 2 and one line on stderr."""
    path = tmp_path / "bad.yaml"
    path.write_text(VALID.replace("salience: 0.6", "salience: 1.7"), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "accord", "validate", str(path)],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert f"{path}:30: stances[1].salience" in proc.stderr


def test_validation_error_keeps_the_file(tmp_path, capsys):
    """A failed validation never touches what was already stored."""
    path = tmp_path / "bad.yaml"
    text = VALID.replace("salience: 0.6", "salience: 1.7")
    path.write_text(text, encoding="utf-8")
    run_cli(["validate", str(path)], capsys)
    assert Path(path).read_text(encoding="utf-8") == text
