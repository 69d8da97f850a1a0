"""A decide file read without the scenario model (accord.scenario.io.decide_read, issue 18):
the same values, the same content hash and the same forecast output as the validated
scenario; whatever the model rejects is not read light, so its error stays located."""

from __future__ import annotations


import numpy as np
import pytest

import accord
from accord.cli import direct
from accord.errors import AccordError
from accord.scenario import model
from accord.scenario.io import decide_read
from accord.scenario.io.decide_read import read_light
from cli_helpers import cli, modules_after
from shared_data import require_shared, shared_path

DECIDE = shared_path("data", "decide")
FILES = sorted(DECIDE.glob("*")) if DECIDE.is_dir() else []


@pytest.mark.parametrize("light, real", [
    (decide_read.ACTOR_DEFAULTS, model.Actor), (decide_read.ISSUE_DEFAULTS, model.Issue),
    (decide_read.ANCHOR_DEFAULTS, model.Anchor), (decide_read.STANCE_DEFAULTS, model.Stance),
    (decide_read.CAPABILITY_DEFAULTS, model.Capability),
    (decide_read.SCENARIO_DEFAULTS, model.Scenario)])
def test_stand_in_defaults_are_the_models(light, real):
    """Every field the stand-ins do not take from the file has the model's default, and
    every field of the model with a default is there (a new field must be added)."""
    defaults = {name: f.get_default(call_default_factory=True)
                for name, f in real.model_fields.items() if not f.is_required()}
    assert light == defaults


def _same_arrays(a, b):
    for name in a.__dataclass_fields__:
        x, y = getattr(a, name), getattr(b, name)
        if isinstance(y, np.ndarray):
            assert x.dtype == y.dtype and np.array_equal(x, y, equal_nan=True), name
        else:
            assert x == y, name


def test_light_decide_is_what_load_gives():
    require_shared("data", "decide")
    read = 0
    for path in FILES:
        light = read_light(path)
        try:
            s = accord.load(path)
        except AccordError:           # ScenarioError, or ScenarioErrors for several lines
            assert light is None, path.name
            continue
        assert light is not None, path.name
        read += 1
        assert light.model_dump_json_mode() == s.model_dump(mode="json"), path.name
        assert light.content_hash() == s.content_hash()
        _same_arrays(light.to_arrays(), s.to_arrays())
        # what the stand-ins do not hold is asked of the validated scenario
        assert light.rule(s.issues[0].id) == s.rule(s.issues[0].id)
    assert read >= 2


def _toy(tmp_path):
    """Labelled #M points (anchors), a 0–100 salience file, powers that differ by issue,
    quoted keys that are not ids, an actor without stances."""
    path = tmp_path / "toy.csv"
    path.write_text("#O\tToy talks\n"
                    "#A\t'EU (incl Norway)'\tEurope\n#A\tUS\tUnited States\tbig\n#A\tCN\n"
                    "#P\ttax\tCarbon tax\tper tonne\n#P\tyear\n"
                    "#M\ttax\t0\tnone\n#M\ttax\t50\thalf\n#M\ttax\t200\n"
                    "#D\t'EU (incl Norway)'\ttax\t150\t60\t30\n#D\tUS\ttax\t10\t90\t50\n"
                    "#D\tCN\ttax\t40\t70\t40\n#D\tUS\tyear\t20\t40\t20\n"
                    "#D\tCN\tyear\t80\t50\t40\n#A\tidle\n", encoding="utf-8")
    return path


def test_light_decide_with_anchors_and_issue_powers(tmp_path):
    """The toy file (above): the same dump, hash and arrays."""
    path = _toy(tmp_path)
    light, s = read_light(path), accord.load(path)
    assert light is not None
    assert light.model_dump_json_mode() == s.model_dump(mode="json")
    assert light.content_hash() == s.content_hash()
    _same_arrays(light.to_arrays(), s.to_arrays())
    assert [a.label for a in light.issues[0].anchors] == ["none", "half"]
    assert light.issues[0].anchor_label(40.0) == s.issues[0].anchor_label(40.0) == "half"


def test_light_decide_declines_what_the_model_rejects(tmp_path):
    long_key = "A" * 121               # the model's ids are at most 120 characters
    path = tmp_path / "long.csv"
    path.write_text(f"#A\t{long_key}\n#A\tB\n#P\tp\n#D\t{long_key}\tp\t10\t0.5\t1\n"
                    "#D\tB\tp\t90\t0.5\t1\n", encoding="utf-8")
    assert read_light(path) is None
    with pytest.raises(AccordError):
        accord.load(path)
    path = tmp_path / "bare.csv"       # an issue nobody takes a stance on
    path.write_text("#A\ta\n#P\tp\n#P\tq\n#D\ta\tp\t10\t0.5\t1\n", encoding="utf-8")
    assert read_light(path) is None
    with pytest.raises(AccordError, match="nobody has a stance"):
        accord.load(path)


def _both(args, capsys, monkeypatch):
    fast = cli(args, capsys)
    with monkeypatch.context() as m:
        m.setattr(direct, "_light_decide", lambda ref: None)
        validated = cli(args, capsys)
    return fast, validated


@pytest.mark.parametrize("name", ["cop21.csv", "sample_data.txt", "copenhagen_with_errors.csv"])
@pytest.mark.parametrize("options", [
    ["--model", "exchange", "--param", "exchange.rounds=10", "--format", "json"],
    ["--model", "exchange", "--format", "table"],
    ["-m", "exchange", "-m", "compromise", "-f", "csv", "--seed", "3"],
])
def test_forecast_output_is_the_validated_paths(name, options, capsys, monkeypatch):
    """The light path prints what the validated scenario gives, byte for byte; a malformed
    file gives the same located error (file and line)."""
    path = require_shared("data", "decide", name)
    fast, validated = _both(["forecast", str(path), *options], capsys, monkeypatch)
    assert fast == validated
    if name.startswith("copenhagen_with_errors"):
        assert fast[0] == 2 and f"{path}:" in fast[2]
    else:
        assert fast[0] == 0 and fast[1]


def test_forecast_of_a_decide_file_imports_no_pydantic():
    # nor numpy.random (some 7 ms): Equal Gain with the first tie draws nothing, so its stream
    # is never made (accord.randomness.LazyStream)
    path = require_shared("data", "decide", "cop21.csv")
    modules = modules_after(["forecast", str(path), "--model", "exchange", "--format", "json"])
    assert "accord.models.exchange" in modules
    assert not {"pydantic", "typer", "accord.scenario.model", "numpy.random"} & modules


def test_default_forecast_of_a_decide_file_imports_no_numpy_random():
    # Every default model, the recommended one too: it spawns its components' streams from its
    # own LazyStream lazily (LazyStream.spawn), and they draw nothing with their defaults. cop21
    # has no ranges, so the whether layer draws no ensemble either.
    path = require_shared("data", "decide", "cop21.csv")
    modules = modules_after(["forecast", str(path), "--format", "json"])
    assert {"accord.models.recommended", "accord.models.smp"} <= modules
    assert "numpy.random" not in modules


@pytest.mark.parametrize("options", [["--format", "json"], ["--format", "table"],
                                     ["-m", "exchange", "-f", "json"]])
def test_forecast_of_the_toy_file_is_the_validated_paths(options, tmp_path, capsys,
                                                          monkeypatch):
    fast, validated = _both(["forecast", str(_toy(tmp_path)), *options], capsys, monkeypatch)
    assert fast == validated and fast[0] == 0


def test_a_missing_file_is_reported_as_before(tmp_path, capsys, monkeypatch):
    fast, validated = _both(["forecast", str(tmp_path / "nosuch.csv"), "-m", "exchange"],
                            capsys, monkeypatch)
    assert fast == validated and fast[0] == 2


_BASE = ("#A\ta\tActor A\n#A\tb\tActor B\n#P\tx\tIssue X\n#M\tx\t0\tlow\n#M\tx\t10\thigh\n"
         "#D\ta\tx\t2\t0.5\t1\n#D\tb\tx\t8\t0.7\t2\n")


@pytest.mark.parametrize("stem, text", [
    ("stem with spaces", _BASE),
    ("Türkei", _BASE),                                            # a stem that is no id
    ("---", _BASE),                                               # a stem that is one
    ("x" * 130, _BASE),                                           # an id over 120: rejected
    ("titles", "#O\tFirst\n#O\tSecond\n" + _BASE),                # the first title counts
    ("umlaut", _BASE.replace("\ta\t", "\tTürkei\t")),
    ("slug_clash", _BASE.replace("\tb\t", "\ta!\t")),             # 'a!' slugs near 'a'
    ("same_ids", _BASE.replace("\tx\t", "\ta\t")),                # an issue id = an actor's
    ("semicolons", _BASE.replace("\t", ";")),
    ("negative", _BASE.replace("#M\tx\t0", "#M\tx\t-5").replace("\t2\t0.5", "\t-3\t0.5")),
    ("percent_by_one", _BASE.replace("0.5\t1", "1.5\t1")),        # one salience > 1: all /100
    ("zero_power", _BASE.replace("0.5\t1", "0.5\t0")),
    ("empty_name", _BASE.replace("Actor A", "''")),
    ("note", _BASE.replace("Actor A", "Actor A\tsome\tnote")),
    ("lowercase_keys", _BASE.replace("#A", "#a").replace("#D", "#d")),  # not decide's: ordinary
    ("nan", _BASE.replace("\t2\t0.5", "\tnan\t0.5")),             # a bad line: ordinary
    ("huge", _BASE.replace("#M\tx\t10", "#M\tx\t1e16")),
    ("no_stance_on_y", _BASE + "#P\ty\tY\n"),
])
def test_light_and_validated_agree_on_odd_files(stem, text, tmp_path):
    """Read light exactly when the model accepts the file, and then the same dump and hash
    (written while reviewing the light path: keys and stems that are no ids, several titles,
    a scale below zero, a file where one salience over 1 puts all on 0–100 …)."""
    path = tmp_path / f"{stem}.csv"
    path.write_text(text, encoding="utf-8")
    light = read_light(path)
    try:
        s = accord.load(path)
    except AccordError:
        assert light is None
        return
    assert light is not None
    assert light.model_dump_json_mode() == s.model_dump(mode="json")
    assert light.content_hash() == s.content_hash()
