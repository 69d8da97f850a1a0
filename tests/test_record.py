"""One run record, the same in every JSON result (accord.record, docs/randomness.md).

Each command's JSON carries ``"run"`` with the same keys in the same order; its scenario hash
is the SHA-256 of the scenario's canonical JSON (sorted keys), recomputed here by hand from
the definition; an ensemble's file holds the record its summary prints.
"""

from __future__ import annotations

import hashlib
import json

import pytest

import accord
from cli_helpers import cli

TALKS = "ukraine-talks-2026-01"


def canonical_hash(scenario_id: str) -> str:
    blob = json.dumps(accord.load(scenario_id).model_dump(mode="json"), sort_keys=True,
                      ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()


@pytest.mark.parametrize("command, args, seed", [
    ("forecast", ["forecast", TALKS, "-m", "compromise", "--seed", "5"], 5),
    ("deals", ["deals", "ec-emissions-1994"], None),
    ("simulate", ["simulate", "ec-emissions-1994", "--rounds", "5", "--seed", "3"], 3),
    ("sensitivity", ["sensitivity", TALKS, "--sobol-n", "0", "--seed", "2"], 2),
])
def test_every_json_result_carries_the_run_record(command, args, seed, capsys):
    code, out, err = cli([*args, "--format", "json"], capsys)
    assert code == 0, err
    run = json.loads(out)["run"]
    assert list(run)[:3] == ["command", "scenario", "scenario_hash"]
    assert list(run)[-1] == "accord_version" and "params" in run and "seed" in run
    assert run["command"] == command and run["seed"] == seed
    assert run["scenario"] == args[1]
    assert run["scenario_hash"] == canonical_hash(args[1])
    assert run["accord_version"] == accord.__version__


def test_the_ensemble_file_holds_the_record_its_summary_prints(tmp_path, capsys):
    code, out, err = cli(["ensemble", TALKS, "-n", "40", "--executor", "inline", "--seed", "9",
                          "--out", str(tmp_path), "--format", "json"], capsys)
    assert code == 0, err
    summary = json.loads(out)
    from accord.ensemble.results import FILE_KEYS, read_run

    stored = read_run(next(tmp_path.glob("*.parquet")))
    assert summary["run"] == {k: v for k, v in stored.items() if k not in FILE_KEYS}
    assert (summary["run"]["command"], summary["run"]["seed"], summary["run"]["n"]) == \
        ("ensemble", 9, 40)
    assert summary["run"]["scenario_hash"] == canonical_hash(TALKS)


def test_same_inputs_same_record_same_bytes(capsys):
    first = cli(["forecast", "ec-emissions-1994", "--format", "json"], capsys)[1]
    again = cli(["forecast", "ec-emissions-1994", "--format", "json"], capsys)[1]
    assert first == again
