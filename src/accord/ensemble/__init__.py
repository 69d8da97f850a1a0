"""Uncertainty: Monte Carlo ensembles, sensitivity analysis and forecast scoring.

:func:`run_ensemble` draws N variants of a scenario from the ranges of its uncertain inputs
(:mod:`accord.ensemble.sample`), runs a registered model — or the deal solver — on them one
chunk (one batched call) at a time on any executor (:mod:`accord.ensemble.executors`), writes
every variant to one Parquet file and summarises it with DuckDB (:mod:`accord.ensemble.results`).
The result depends only on the scenario, the model, N, the seed and the chunk size — never on
the executor or the number of workers.

>>> import tempfile
>>> from accord.scenario.builtin import load_builtin
>>> s = with_ranges(load_builtin("ec-emissions-1994"), position=0.1)
>>> with tempfile.TemporaryDirectory() as d:
...     r = run_ensemble(s, "compromise", 1000, seed=1, executor="inline", out=d)
>>> r.summary["variants"], round(r.summary["outputs"][0]["mean"], 1)
(1000, 7.4)

See ``docs/ensembles.md``.
"""

from __future__ import annotations

import concurrent.futures as cf
import shutil
import time
from pathlib import Path
from typing import Any, Callable, Mapping

from accord.ensemble.executors import (DEAL_MODEL, ChunkResult, InlineExecutor, chunk_tasks,
                                       default_chunk_size, make_runner, make_spool,
                                       open_executor, receive, run_chunk)
from accord.ensemble.results import (EnsembleResult, EnsembleWriter, load_ensemble, summarise,
                                     write_summary)
from accord.ensemble.sample import InputSpace, UncertainInput, list_inputs, with_ranges

__all__ = ["DEAL_MODEL", "EnsembleResult", "InputSpace", "UncertainInput", "list_inputs",
           "load_ensemble", "run_ensemble", "with_ranges"]


def run_ensemble(scenario, model: str = "compromise", n: int = 10_000, *, seed: int = 0,
                 workers: int | None = None, executor: "str | cf.Executor" = "process",
                 scheduler: str | None = None, out: "str | Path" = "ensembles",
                 chunk_size: int | None = None, params: Mapping[str, Any] | None = None,
                 overrides: Mapping[str, tuple] | None = None, distribution: str | None = None,
                 progress: Callable[[int, int], None] | None = None,
                 name: str | None = None, sub_batch: int | None = None) -> EnsembleResult:
    """Run ``model`` on ``n`` variants of ``scenario`` and write ``OUT/NAME.parquet`` + ``.json``.

    ``model`` is a registered model's name or ``"deals"`` (the deal solver, when installed).
    ``executor`` is ``"process"`` (a pool of ``workers`` processes, default one per core),
    ``"dask"`` (a local cluster of ``workers`` processes, or the cluster at ``scheduler``),
    ``"inline"`` (this process), or a running :class:`concurrent.futures.Executor`, which is
    used as it is (``workers`` then only sets how many chunks are kept in flight).
    ``overrides`` and ``distribution`` change inputs' ranges (see
    :func:`accord.ensemble.sample.list_inputs`). ``progress(done, total)`` is called in this
    process after each chunk. Ctrl-C (KeyboardInterrupt) stops the run: chunks already finished
    are written and summarised, ``result.interrupted`` is true and the summary says
    ``"complete": false``. ``sub_batch``: variants per model call inside a chunk (default
    :func:`~accord.ensemble.executors.default_sub_batch`; it bounds a worker's memory and
    changes no number).
    """
    from accord._version import __version__
    from accord.scenario import load

    scenario = load(scenario)
    space = InputSpace.from_scenario(scenario, overrides, distribution, require=True)
    runner = make_runner(model, scenario, params)
    chunk_size = chunk_size or default_chunk_size(space)
    tasks = chunk_tasks(space, runner, n, seed, chunk_size, sub_batch)
    outputs = runner.outputs(space)
    run = {"scenario": scenario.id, "scenario_hash": scenario.content_hash(), "model": model,
           "params": dict(params or {}), "seed": seed, "n": n, "chunk_size": chunk_size,
           "accord_version": __version__, "inputs": [x.to_dict() for x in space.inputs],
           "outputs": outputs,
           "outcome_classes": [oc.model_dump(mode="json") for oc in scenario.outcome_classes]}
    stem = name or f"{scenario.id}-{model}-n{n}-seed{seed}"
    out = Path(out)
    writer = EnsembleWriter(out / f"{stem}.parquet", space.names, [o["name"] for o in outputs], run)
    t0 = time.perf_counter()
    finished: dict[int, ChunkResult] = {}
    interrupted = False
    spool = None
    try:
        with open_executor(executor, workers, scheduler) as (ex, slots):
            inline = isinstance(ex, InlineExecutor)
            # Two chunks per worker in flight, so none waits while a result is collected; an
            # inline executor runs a chunk inside submit(), one at a time. Workers on this
            # machine hand their results over through shared memory (see
            # accord.ensemble.executors.spool_result); an inline run has nothing to hand over.
            window = 1 if inline else 2 * slots
            spool = None if inline else make_spool()
            interrupted = _drive(ex, tasks, spool, writer, finished, n, progress, window)
    except BaseException:
        writer.abort()
        raise
    finally:
        if spool:  # files of chunks cancelled or never collected; mapped ones are unlinked
            shutil.rmtree(spool, ignore_errors=True)
    for index in sorted(finished):  # after Ctrl-C: chunks that finished out of order
        writer.write(finished.pop(index))
    path = writer.close()
    summary = summarise(path, run)
    summary_path = write_summary(summary, path.with_suffix(".json"))
    return EnsembleResult(path, summary_path, summary, elapsed=time.perf_counter() - t0,
                          executor=executor if isinstance(executor, str) else
                          type(executor).__name__, workers=slots, interrupted=interrupted)


def _drive(ex: cf.Executor, tasks, spool: str | None, writer: EnsembleWriter,
           finished: dict[int, ChunkResult], n: int, progress, window: int) -> bool:
    """Keep ``window`` chunks in flight, write results in chunk order; True if interrupted."""
    todo = iter(tasks)
    in_flight: set[cf.Future] = set()
    next_index, done = 0, 0

    def fill() -> None:
        while len(in_flight) < window:
            task = next(todo, None)
            if task is None:
                return
            in_flight.add(ex.submit(run_chunk, task, spool))

    try:
        fill()
        while in_flight:
            ready, pending = cf.wait(in_flight, return_when=cf.FIRST_COMPLETED)
            in_flight.clear()
            in_flight.update(pending)
            for fut in ready:
                result = receive(fut.result())
                finished[result.index] = result
                done += len(result)
            while next_index in finished:
                writer.write(finished.pop(next_index))
                next_index += 1
            if progress is not None:
                progress(done, n)
            fill()
    except KeyboardInterrupt:
        for fut in in_flight:
            fut.cancel()
        for fut in in_flight:
            if fut.done() and not fut.cancelled() and fut.exception() is None:
                result = receive(fut.result())
                finished[result.index] = result
        return True
    return False

from accord._callable import make_callable  # noqa: E402

make_callable(__name__, "run_ensemble")  # accord.ensemble(...)
