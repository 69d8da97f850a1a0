"""`accord smp` and `accord forecast` without Typer (accord.cli.direct, issue 18): the same
output, the same errors, and only for the command lines it can read exactly as Typer does.

The reference is the full command line, forced by making :func:`accord.cli.direct.run_direct`
decline; both run in this process, one after the other.
"""

from __future__ import annotations

import sys

import numpy as np
import pytest

import accord
from accord.cli import direct
from accord.scenario.io import formats
from accord.scenario.io.ktab_read import read_light
from accord.scenario.io.sniffers import ORDER
from cli_helpers import cli, modules_after
from shared_data import require_shared, shared_path

KTAB = shared_path("data", "ktab")
COP21 = shared_path("data", "decide", "cop21.csv")


def both(args, capsys, monkeypatch):
    """(exit code, stdout, stderr) of ``accord ARGS`` directly and through Typer."""
    direct_run = cli(args, capsys)
    with monkeypatch.context() as m:
        m.setattr(direct, "run_direct", lambda args: (False, None))
        typer_run = cli(args, capsys)
    return direct_run, typer_run


@pytest.mark.parametrize("args", [
    ["smp", str(KTAB / "dummyData_3Dim.csv"), "--format", "log"],
    ["smp", str(KTAB / "dummyData_3Dim.xml"), "--format=log", "--seed", "7"],
    ["smp", str(KTAB / "SOE-Pol-Comp.csv"), "-f", "table", "-p", "max_turns=3"],
    ["smp", str(KTAB / "dummyData_3Dim.csv"), "--format", "json"],
    ["smp", str(KTAB / "smpExample.xml"), "--format", "log"],          # blank coordinate
    ["smp", str(KTAB / "dummyData_3Dim.csv"), "--format", "log", "-p", "nonsense"],
    ["smp", str(KTAB / "dummyData_3Dim.csv"), "-p", "NoSuchParameter=1"],
    ["smp", "ec-emissions-1994", "--format", "log"],
    ["forecast", str(COP21), "--model", "exchange", "--format", "json"],
    ["forecast", str(COP21), "-m", "exchange", "-f", "csv", "--seed", "3"],
    ["forecast", str(COP21), "--model", "nosuch", "--format", "json"],
    ["forecast", "ec-emissions-1994", "--model", "median", "--model", "eum", "--variants", "10"],
])
def test_direct_output_is_typers(args, capsys, monkeypatch):
    require_shared("data", "ktab")
    require_shared("data", "decide", "cop21.csv")
    a, b = both(args, capsys, monkeypatch)
    assert a == b
    assert a[1] or a[2]


@pytest.mark.parametrize("args", [
    ["--help"], ["FILE", "--seed", "0"], ["FILE", "--seed", "x"], ["FILE", "--seed=-1"],
    ["FILE", "-flog"], ["FILE", "--format", "LOG"], ["FILE", "--format", "log", "-f", "log"],
    ["FILE", "OTHER"], ["FILE", "--nope"], ["FILE", "--format"], ["FILE", "--replay-log", "-x"],
    ["FILE", "--", "x"],
])
def test_smp_lines_it_cannot_read_go_to_typer(args):
    assert direct.parse("smp", args) is None


def test_plain_lines_are_read_as_typer_reads_them():
    assert direct.parse("smp", ["F", "--seed", "7", "-p", "a=1", "--param=b=2", "-f", "log"]) == \
        {"scenario": "F", "seed": 7, "param": ["a=1", "b=2"], "format": direct.SmpOutput.log}
    assert direct.parse("forecast", ["--simulate", "-m", "eum", "--model=nash"]) == \
        {"simulate": True, "model": ["eum", "nash"]}
    assert direct.parse("forecast", ["--simulate=yes"]) is None
    assert direct.parse("forecast", ["--variants", "1000001"]) is None


def test_sniffers_are_those_of_the_registered_formats():
    """Detection without the readers (sniffers.ORDER) tries the formats in the order and with
    the sniffers that the registered formats have."""
    registered = [(f.priority, f.name, f.sniff, f.load.__module__) for f in formats()]
    assert registered == [(p, name, sniff, f"accord.scenario.io.{module}")
                          for p, name, sniff, module in ORDER]


def test_light_ktab_is_what_load_gives():
    """Every KTAB file: the same arrays, ids, names, title and notes with or without the
    scenario model; a file the model rejects is not read light (its error stays located)."""
    require_shared("data", "ktab")
    for path in sorted(KTAB.glob("*.[cx][sm][vl]")):
        light = read_light(path)
        try:
            s = accord.load(path)
        except accord.ScenarioError:
            assert light is None, path.name
            continue
        assert light is not None, path.name
        a, b = light.to_arrays(), s.to_arrays()
        for name in a.__dataclass_fields__:
            x, y = getattr(a, name), getattr(b, name)
            if isinstance(y, np.ndarray):
                assert x.dtype == y.dtype and np.array_equal(x, y), (path.name, name)
            else:
                assert x == y, (path.name, name)
        assert (light.id, light.title, light.notes) == (s.id, s.title, s.notes)
        assert [(x.id, x.name) for x in light.actors] == [(x.id, x.name) for x in s.actors]
        assert [(x.id, x.name) for x in light.issues] == [(x.id, x.name) for x in s.issues]


def test_light_ktab_declines_what_the_model_rejects(tmp_path):
    long_name = "A" * 121              # the model's ids are at most 120 characters
    path = tmp_path / "long.csv"
    path.write_text(f"Toy,A toy,2,1,\nActor,Desc,Power,X,X Sal,\n{long_name},x,10,20,50,\n"
                    "B,y,20,80,40,\n", encoding="utf-8")
    assert read_light(path) is None
    with pytest.raises(accord.ScenarioError):
        accord.load(path)


def test_smp_log_imports_neither_pydantic_nor_typer():
    path = require_shared("data", "ktab", "dummyData_3Dim.csv")
    modules = modules_after(["smp", str(path), "--format", "log"])
    assert "accord.models.smp" in modules
    assert not {"pydantic", "typer", "accord.scenario.model", "rich"} & modules


def test_json_is_compact_when_piped_and_indented_at_a_terminal(capsys, monkeypatch):
    from accord.cli.common import emit_json

    emit_json({"a": [1, 2.5], "b": "é"})
    assert capsys.readouterr().out == '{"a":[1,2.5],"b":"é"}\n'
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    emit_json({"a": [1, 2.5], "b": "é"})
    assert capsys.readouterr().out == '{\n  "a": [\n    1,\n    2.5\n  ],\n  "b": "é"\n}\n'
