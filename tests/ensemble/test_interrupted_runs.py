"""Interrupted, killed and concurrent ensemble runs, and the flags that size them (issue 19).

The reference for every resumed or interrupted run is the same ensemble run without
interruption: the same definition gives the same bytes.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest
from cli_helpers import cli

import accord
import accord.ensemble.results as results
from accord.ensemble import run_ensemble, with_ranges
from accord.ensemble.journal import exclusive
from accord.errors import AccordError
from accord.scenario.builtin import load_builtin


@pytest.fixture(scope="module")
def ranged():
    return with_ranges(load_builtin("ec-emissions-1994"), position=0.15, salience=0.2,
                       capability=0.3)


@pytest.fixture(scope="module")
def reference(ranged, tmp_path_factory):
    """An uninterrupted run: 1,000 variants in 10 chunks of 100."""
    r = run_ensemble(ranged, "compromise", 1000, seed=7, executor="inline", chunk_size=100,
                     out=tmp_path_factory.mktemp("reference"))
    return r.parquet.name, r.parquet.read_bytes(), r.summary_path.read_bytes()


def interrupt_at(call: int):
    calls = []

    def progress(done, total):
        calls.append(done)
        if len(calls) == call:
            raise KeyboardInterrupt
    return progress


def test_the_name_says_what_defines_the_ensemble(ranged, reference, tmp_path):
    name, data, _ = reference
    assert name.startswith("ec-emissions-1994-compromise-n1000-seed7-c100-")
    same = run_ensemble(ranged, "compromise", 1000, seed=7, executor="inline", chunk_size=100,
                        out=tmp_path)
    assert same.parquet.name == name and same.parquet.read_bytes() == data
    # another parameter, another chunking, another scenario version: other files, and the
    # first is left as it was
    other = [run_ensemble(ranged, "eum", 1000, seed=7, executor="inline", chunk_size=100,
                          out=tmp_path, params={"rounds": 2}),
             run_ensemble(ranged, "eum", 1000, seed=7, executor="inline", chunk_size=100,
                          out=tmp_path, params={"rounds": 3}),
             run_ensemble(ranged, "compromise", 1000, seed=7, executor="inline", chunk_size=250,
                          out=tmp_path)]
    edited = ranged.model_copy(update={"title": "edited"})
    other.append(run_ensemble(edited, "compromise", 1000, seed=7, executor="inline",
                              chunk_size=100, out=tmp_path))
    assert len({r.parquet.name for r in other} | {name}) == 5
    assert same.parquet.read_bytes() == data


def test_an_interrupted_run_never_replaces_a_complete_one_and_resumes(ranged, reference,
                                                                      tmp_path, capsys):
    name, data, summary = reference
    complete = run_ensemble(ranged, "compromise", 1000, seed=7, executor="inline",
                            chunk_size=100, out=tmp_path)
    r = run_ensemble(ranged, "compromise", 1000, seed=7, executor="inline", chunk_size=100,
                     out=tmp_path, progress=interrupt_at(3))
    assert r.interrupted and r.summary["complete"] is False and r.summary["variants"] == 300
    assert r.parquet.name == name.replace(".parquet", ".interrupted.parquet")
    assert complete.parquet.read_bytes() == data  # the complete file is untouched
    assert pq.read_table(r.parquet).column("variant").to_pylist() == list(range(300))
    parts = tmp_path / name.replace(".parquet", ".parts")
    assert len(list(parts.glob("chunk-*"))) == 3
    # without --resume the journal is not silently thrown away
    with pytest.raises(AccordError, match=r"an interrupted run of this ensemble left 3 of 10 "
                                          r"chunks here; expected --resume"):
        run_ensemble(ranged, "compromise", 1000, seed=7, executor="inline", chunk_size=100,
                     out=tmp_path)
    done = []
    again = run_ensemble(ranged, "compromise", 1000, seed=7, executor="inline", chunk_size=100,
                         out=tmp_path, resume=True, progress=lambda d, t: done.append(d))
    assert done[0] == 400  # three chunks came from the journal, seven were computed
    assert again.parquet.read_bytes() == data and again.summary_path.read_bytes() == summary
    assert not parts.exists() and not r.parquet.exists()


def test_ctrl_c_during_a_row_group_flush_writes_every_variant_once(ranged, reference, tmp_path,
                                                                   monkeypatch):
    name, data, _ = reference
    monkeypatch.setattr(results, "ROW_GROUP_ROWS", 200)  # a flush every second chunk
    writes = []
    real = pq.ParquetWriter.write_table

    def interrupted_write(self, table, *args, **kwargs):
        writes.append(table.num_rows)
        if len(writes) == 2:  # Ctrl-C in the middle of the second flush
            real(self, table.slice(0, 50), *args, **kwargs)
            raise KeyboardInterrupt
        return real(self, table, *args, **kwargs)

    monkeypatch.setattr(pq.ParquetWriter, "write_table", interrupted_write)
    r = run_ensemble(ranged, "compromise", 1000, seed=7, executor="inline", chunk_size=100,
                     out=tmp_path)
    monkeypatch.setattr(pq.ParquetWriter, "write_table", real)
    variants = pq.read_table(r.parquet).column("variant").to_numpy()
    assert r.interrupted and len(np.unique(variants)) == len(variants) == r.summary["variants"]
    assert variants.tolist() == list(range(400))
    monkeypatch.setattr(results, "ROW_GROUP_ROWS", 65_536)
    again = run_ensemble(ranged, "compromise", 1000, seed=7, executor="inline", chunk_size=100,
                         out=tmp_path, resume=True)
    assert again.parquet.read_bytes() == data


def test_a_second_run_of_the_same_ensemble_is_refused_while_the_first_writes(ranged, tmp_path):
    probe = run_ensemble(ranged, "compromise", 100, seed=1, executor="inline", out=tmp_path)
    lock = probe.parquet.with_suffix(".lock")
    with exclusive(lock):  # another process would hold it the same way
        with pytest.raises(AccordError, match=rf"another run \(process {os.getpid()}\) is writing "
                                              "this ensemble now"):
            run_ensemble(ranged, "compromise", 100, seed=1, executor="inline", out=tmp_path)
    # a different ensemble in the same folder is not held up
    run_ensemble(ranged, "compromise", 100, seed=2, executor="inline", out=tmp_path)


def run_cli_process(args: list[str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "accord", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_concurrent_runs_and_a_killed_run_that_resumes(tmp_path, capsys):
    talks = "ukraine-talks-2026-01"
    # the EUM on the 2026 talks: 15 chunks of a fraction of a second each, so the first run is
    # still writing when the second arrives and when it is killed
    args = ["ensemble", talks, "--model", "eum", "-n", "6000", "--chunk-size", "400",
            "--executor", "inline", "--seed", "5", "--format", "json"]
    reference = json.loads(cli([*args, "--out", str(tmp_path / "ref")], capsys)[1])
    ref_bytes = Path(reference["parquet"]).read_bytes()
    out = tmp_path / "run"
    first = run_cli_process([*args, "--out", str(out)])
    deadline = time.monotonic() + 120
    parts = None
    while time.monotonic() < deadline:  # wait until the first run has journaled two chunks
        found = list(out.glob("*.parts"))
        if found and len(list(found[0].glob("chunk-????????"))) >= 2:
            parts = found[0]
            break
        time.sleep(0.02)
    assert parts is not None, first.communicate()
    # a second run of the same ensemble while the first writes: refused at once, nothing shared
    code, _, err = cli([*args, "--out", str(out)], capsys)
    assert code == 2 and "is writing this ensemble now" in err
    first.send_signal(signal.SIGKILL)  # kill -9: no clean-up at all
    first.wait()
    kept = len(list(parts.glob("chunk-????????")))
    assert kept >= 2 and not list(out.glob("*.parquet"))
    code, _, err = cli([*args, "--out", str(out)], capsys)
    assert code == 2 and f"left {kept} of 15 chunks here; expected --resume" in err
    code, text, err = cli([*args, "--out", str(out), "--resume"], capsys)
    assert code == 0, err
    resumed = json.loads(text)
    assert Path(resumed["parquet"]).read_bytes() == ref_bytes
    assert {k: v for k, v in resumed.items() if k not in ("parquet", "summary_file")} == \
        {k: v for k, v in reference.items() if k not in ("parquet", "summary_file")}
    assert not parts.exists() and not list(out.glob("*.partial"))


def test_flags_are_refused_not_replaced(tmp_path, capsys):
    talks = "ukraine-talks-2026-01"
    base = ["ensemble", talks, "-n", "100", "--executor", "inline", "--out", str(tmp_path)]
    a_file = tmp_path / "a-file"
    a_file.write_text("")
    for extra, message in (
            (["--chunk-size", "0"], "--chunk-size 0: expected a positive number of variants"),
            (["--workers", "0"], "--workers 0: expected at least 1"),
            (["-n", "1000000000000"], "-n 1,000,000,000,000: expected between 1 and "
                                      "1,000,000,000 variants"),
            (["--out", str(a_file)], f"--out {a_file}: is a file; expected a folder"),
            (["--out", str(a_file / "sub")], f"--out {a_file / 'sub'}: cannot be written"),
            (["-p", "compromise.x=1"], "model 'compromise' has no parameter(s) x")):
        code, _, err = cli([*base, *extra], capsys)
        assert code == 2 and message in err and "Traceback" not in err, (extra, err)


def test_a_run_that_cannot_fit_on_the_disk_is_refused(tmp_path, capsys, monkeypatch):
    import shutil
    from collections import namedtuple

    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda p: usage(10**9, 10**9 - 10**6, 10**6))
    code, _, err = cli(["ensemble", "ukraine-talks-2026-01", "-n", "100000", "--out",
                        str(tmp_path)], capsys)
    assert code == 2 and "the ensemble's files need about" in err and "0.0 GB free" in err


@pytest.mark.slow
def test_an_unreachable_dask_scheduler_is_one_line(tmp_path, capsys):
    pytest.importorskip("distributed")
    code, _, err = cli(["ensemble", "ukraine-talks-2026-01", "-n", "100", "--executor", "dask",
                        "--scheduler", "tcp://127.0.0.1:9", "--out", str(tmp_path)], capsys)
    assert code == 2 and err.startswith("error: --scheduler tcp://127.0.0.1:9: no Dask scheduler "
                                        "answered within 5 s")


def test_spool_folders_of_killed_runs_are_removed():
    from accord.ensemble.executors import make_spool

    if not os.path.isdir("/dev/shm"):
        pytest.skip("no /dev/shm")
    dead = 2 ** 22 + 12345  # above Linux's default pid_max: no such process
    orphan = Path(f"/dev/shm/accord-ensemble-{dead}-test")
    orphan.mkdir(exist_ok=True)
    spool = make_spool()
    try:
        assert not orphan.exists() and str(os.getpid()) in spool
    finally:
        if spool:
            os.rmdir(spool)


def test_load_of_a_parquet_written_elsewhere_checks_it(tmp_path):
    with pytest.raises(AccordError, match="no such ensemble file"):
        accord.ensemble.load_ensemble(tmp_path / "none.parquet")
