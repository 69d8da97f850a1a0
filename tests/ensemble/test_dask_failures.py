"""A Dask cluster that fails: a dead worker, a scheduler without workers, a wrong address.

Each must end the run with one clear error (never a hang), keep the finished chunks for
``--resume``, and leave nothing that blocks the next run; the resumed run must give the same
bytes as a run that never failed.
"""

from __future__ import annotations

import time

import dask  # the test extra installs dask[distributed]: missing, these tests fail
import distributed
import pytest

import accord.ensemble.executors as executors
from accord.ensemble import run_ensemble, with_ranges
from accord.errors import AccordError
from accord.scenario.builtin import load_builtin



def ranged_ec():
    return with_ranges(load_builtin("ec-emissions-1994"), position=0.15, salience=0.2)


def test_a_chunk_that_kills_its_worker_is_one_error_and_resume_gives_the_same_bytes(
        tmp_path, monkeypatch):
    import dask_chunks  # tests/dask_chunks.py: importable by the workers too

    s = ranged_ec()
    monkeypatch.setattr(executors, "run_chunk", dask_chunks.die_on_chunk_1)
    # One worker runs the chunks in order, so chunk 0 is journaled before chunk 1 kills it.
    # allowed-failures 0: the first death of chunk 1's worker ends it (Dask's default retries
    # it on 3 more workers, each restarted by its nanny, before giving up the same way).
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        with pytest.raises(AccordError, match=r"chunk 1 \(variants 100–199\): every Dask worker "
                                              r"that ran it died.*expected --resume"):
            run_ensemble(s, "compromise", 400, seed=3, executor="dask", workers=1,
                         out=tmp_path / "dask", chunk_size=100)
    parts = list((tmp_path / "dask").glob("*.parts"))
    assert len(parts) == 1 and (parts[0] / "chunk-00000000").exists()
    assert not (parts[0] / "chunk-00000001").exists()
    assert not list((tmp_path / "dask").glob("*.parquet"))  # no complete file was claimed
    monkeypatch.undo()
    resumed = run_ensemble(s, "compromise", 400, seed=3, executor="inline",
                           out=tmp_path / "dask", chunk_size=100, resume=True)
    clean = run_ensemble(s, "compromise", 400, seed=3, executor="inline",
                         out=tmp_path / "clean", chunk_size=100)
    assert resumed.parquet.read_bytes() == clean.parquet.read_bytes()
    assert resumed.summary_path.read_bytes() == clean.summary_path.read_bytes()


def test_a_scheduler_without_workers_is_an_error_not_a_hang(tmp_path, monkeypatch):
    monkeypatch.setattr(executors, "WORKER_TIMEOUT", 1)
    s = ranged_ec()
    with distributed.LocalCluster(n_workers=0, dashboard_address=None) as cluster:
        t0 = time.monotonic()
        with pytest.raises(AccordError, match=r"no Dask worker joined the scheduler within 1 s"):
            run_ensemble(s, "compromise", 200, seed=1, executor="dask",
                         scheduler=cluster.scheduler_address, out=tmp_path)
        assert time.monotonic() - t0 < 20
    # nothing left that would refuse the corrected run ("an interrupted run … left 0 chunks")
    assert not list(tmp_path.glob("*.parts"))
    r = run_ensemble(s, "compromise", 200, seed=1, executor="inline", out=tmp_path)
    assert r.summary["complete"]


def test_a_cluster_that_loses_every_worker_is_an_error_after_the_timeout(monkeypatch):
    # What the run loop asks while no chunk finishes (accord.ensemble._drive).
    monkeypatch.setattr(executors, "WORKER_TIMEOUT", 0.5)
    with distributed.LocalCluster(n_workers=0, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        ex = executors.DaskExecutor(client, cluster.scheduler_address)
        ex.check_alive()                           # the first look starts the clock
        time.sleep(0.7)
        with pytest.raises(AccordError, match=r"has had no worker for 0.5 s .*--resume"):
            ex.check_alive()


def test_a_malformed_scheduler_address_is_named(tmp_path):
    s = ranged_ec()
    with pytest.raises(AccordError, match=r"--scheduler nonsense: not a scheduler address"):
        run_ensemble(s, "compromise", 200, seed=1, executor="dask", scheduler="nonsense",
                     out=tmp_path)
    assert not list(tmp_path.glob("*.parts"))


def test_a_process_pool_worker_that_dies_is_one_error(tmp_path, monkeypatch):
    import dask_chunks

    monkeypatch.setattr(executors, "run_chunk", dask_chunks.die_on_chunk_1)
    with pytest.raises(AccordError, match=r"chunk \d \(variants .*\): a worker process died "
                                          r".*expected --resume"):
        run_ensemble(ranged_ec(), "compromise", 400, seed=3, executor="process", workers=2,
                     out=tmp_path, chunk_size=100)


@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGSTOP"), reason="needs POSIX SIGSTOP")
def test_a_scheduler_that_stops_answering_is_an_error_not_a_hang(monkeypatch):
    """A scheduler that keeps its connection open but answers nothing (here: suspended with
    SIGSTOP; a stalled process or a host gone quiet likewise) made the check the run loop
    makes while no chunk finishes wait for ever: accord ensemble -n 400000 on the EC case hung
    past 140 s after the scheduler stopped. Now the check gives up after WORKER_TIMEOUT (the
    same run: one error 44 s in, 12 s of work + 30 s)."""
    import os
    import signal
    import socket
    import subprocess
    import sys

    monkeypatch.setattr(executors, "WORKER_TIMEOUT", 1)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host",
                             "127.0.0.1", "--port", str(port), "--no-dashboard"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with distributed.Client(address, timeout=30) as client:
            ex = executors.DaskExecutor(client, address)
            os.kill(proc.pid, signal.SIGSTOP)
            try:
                t0 = time.monotonic()
                with pytest.raises(AccordError, match=r"the Dask scheduler at tcp://127.0.0.1:"
                                   r"\d+ stopped answering \(TimeoutError, no answer within 1 s\)"
                                   r".*--resume"):
                    ex.check_alive()
                assert time.monotonic() - t0 < 10
            finally:
                os.kill(proc.pid, signal.SIGCONT)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
