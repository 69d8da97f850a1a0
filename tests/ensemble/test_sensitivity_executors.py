"""Sensitivity on a process pool and a Dask cluster: the same numbers as in one process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import cli

import accord.ensemble.sensitivity as sens
from accord.ensemble import with_ranges
from accord.errors import AccordError
from accord.scenario.builtin import load_builtin

UNUSUAL = Path(__file__).parents[1] / "report" / "unusual_scenario.yaml"


@pytest.mark.parametrize("model", ["compromise", "exchange"])
def test_the_same_indices_on_every_executor(model, monkeypatch):
    # 97-variant batches: the 200 × (3 + 2) design runs as 11 batches, so the batches' order
    # and their streams are exercised (the exchange model draws from its stream for ties).
    monkeypatch.setattr(sens, "default_chunk_size", lambda space: 97)
    runs = {}
    for executor, workers in ((None, None), ("inline", None), ("process", 2), ("dask", 2)):
        out = sens.sensitivity(str(UNUSUAL), model, sobol_n=200, top=3, seed=5,
                               executor=executor, workers=workers)
        runs[executor] = json.dumps({k: v for k, v in out.items() if k != "run"},
                                    sort_keys=True)
    assert len(set(runs.values())) == 1, list(runs)
    assert json.loads(runs[None])["sobol"]["n"] == 200


def test_the_cli_on_dask_prints_what_the_cli_in_one_process_prints(capsys):
    results = []
    for extra in ([], ["--executor", "dask", "--workers", "2"]):
        code, out, err = cli(["sensitivity", "ukraine-talks-2026-01", "--sobol-n", "512",
                              "--top", "2", "--format", "json", *extra], capsys)
        assert code == 0, err
        data = json.loads(out)
        data.pop("run")
        results.append(data)
    assert results[0] == results[1]


def test_a_scheduler_without_an_executor_is_refused():
    s = with_ranges(load_builtin("ec-emissions-1994"), position=0.15)
    with pytest.raises(AccordError, match="--scheduler needs --executor dask"):
        sens.sensitivity(s, "compromise", sobol_n=64, executor="process",
                         scheduler="tcp://127.0.0.1:9")
