"""Uncertainty: Monte Carlo ensembles, sensitivity analysis and forecast scoring.

:func:`run_ensemble` draws N variants of a scenario from the ranges of its uncertain inputs
(:mod:`accord.ensemble.sample`), runs a registered model — or the deal solver — on them one
chunk (one batched call) at a time on any executor (:mod:`accord.ensemble.executors`), writes
every variant to one Parquet file and summarises it with DuckDB (:mod:`accord.ensemble.results`).
The result depends only on the scenario, the model, N, the seed and the chunk size — never on
the executor or the number of workers.

>>> import tempfile
>>> from accord.ensemble import with_ranges
>>> from accord.scenario.builtin import load_builtin
>>> s = with_ranges(load_builtin("ec-emissions-1994"), position=0.1)
>>> with tempfile.TemporaryDirectory() as d:
...     r = run_ensemble(s, "compromise", 1000, seed=1, executor="inline", out=d)
>>> r.summary["variants"], round(r.summary["outputs"][0]["mean"], 1)
(1000, 7.4)

See ``docs/ensembles.md``.
"""

from __future__ import annotations

import importlib
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping

from accord.errors import AccordError
from accord.record import run_record

if TYPE_CHECKING:  # pragma: no cover - annotations only
    import concurrent.futures as cf

    from accord.ensemble.executors import ChunkResult
    from accord.ensemble.results import EnsembleResult, EnsembleWriter

#: What this package offers from its modules, imported on first use (PEP 562): `accord
#: forecast` reads a scenario's inputs (accord.ensemble.sample) and needs none of the
#: executors, journal and results, whose imports (pickle, tempfile, concurrent.futures…) took
#: some 14 ms of it (issue 18). The functions below import what they use.
_OFFERED = {
    **dict.fromkeys(("DEAL_MODEL", "ChunkResult", "InlineExecutor", "chunk_tasks",
                     "default_chunk_size", "make_runner", "make_spool", "open_executor",
                     "receive", "run_chunk"), "executors"),
    **dict.fromkeys(("Journal", "check_disk", "check_output_folder", "ensemble_name",
                     "exclusive"), "journal"),
    **dict.fromkeys(("EnsembleResult", "EnsembleWriter", "load_ensemble", "summarise",
                     "write_summary"), "results"),
    **dict.fromkeys(("InputSpace", "UncertainInput", "list_inputs", "with_ranges"), "sample"),
}


def __getattr__(name: str):
    module = _OFFERED.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)

__all__ = ["DEAL_MODEL", "EnsembleResult", "InputSpace", "UncertainInput", "list_inputs",
           "load_ensemble", "run_ensemble", "with_ranges"]


#: The most variants one ensemble may have: a million variants of the 2026 talks is 0.8 GB of
#: Parquet; a thousand times that is more than any analysis needs (the disk check below
#: refuses smaller runs that do not fit).
MAX_VARIANTS = 1_000_000_000


def run_ensemble(scenario, model: str = "compromise", n: int = 10_000, *, seed: int = 0,
                 workers: int | None = None, executor: "str | cf.Executor" = "process",
                 scheduler: str | None = None, out: "str | Path" = "ensembles",
                 chunk_size: int | None = None, params: Mapping[str, Any] | None = None,
                 overrides: Mapping[str, tuple] | None = None, distribution: str | None = None,
                 progress: Callable[[int, int], None] | None = None,
                 name: str | None = None, resume: bool = False,
                 journal: bool = True, sub_batch: int | None = None,
                 whether: Mapping[str, Any] | None = None) -> EnsembleResult:
    """Run ``model`` on ``n`` variants of ``scenario`` and write ``OUT/NAME.parquet`` + ``.json``.

    ``model`` is a registered model's name or ``"deals"`` (the deal solver, when installed).
    ``executor`` is ``"process"`` (a pool of ``workers`` processes, default one per core),
    ``"dask"`` (a local cluster of ``workers`` processes, or the cluster at ``scheduler``),
    ``"inline"`` (this process), or a running :class:`concurrent.futures.Executor`, which is
    used as it is (``workers`` then only sets how many chunks are kept in flight).
    ``overrides`` and ``distribution`` change inputs' ranges (see
    :func:`accord.ensemble.sample.list_inputs`). ``progress(done, total)`` is called in this
    process after each chunk; an exception it raises stops the run and discards its files.
    ``whether`` (:func:`accord.whether.agreement.whether_record`) adds the scenario's
    P(agreement) to the run record and the summary. ``sub_batch``: variants per model call inside a chunk (default
    :func:`~accord.ensemble.executors.default_sub_batch`; it bounds a worker's memory and
    changes no number).

    NAME says what defines the ensemble (:func:`accord.ensemble.journal.ensemble_name`; ``name``
    replaces it). Each finished chunk goes to the journal ``OUT/NAME.parts/`` first (unless
    ``journal`` is false), so Ctrl-C (KeyboardInterrupt) or a kill loses only chunks in flight:
    ``resume=True`` finishes the run from the journal. An interrupted run never touches
    ``NAME.parquet``: what finished is written to ``NAME.interrupted.parquet`` and summarised
    (``result.interrupted`` is true, the summary says ``"complete": false``). One run writes an
    ensemble at a time (``OUT/NAME.lock``).
    """
    from accord.ensemble.executors import (DEAL_MODEL, chunk_tasks, default_chunk_size,
                                           make_runner)
    from accord.ensemble.journal import (Journal, check_disk, check_output_folder,
                                         ensemble_name, exclusive)
    from accord.ensemble.sample import InputSpace

    from accord.scenario import load

    scenario = load(scenario)
    if isinstance(n, bool) or not 1 <= n <= MAX_VARIANTS:
        raise AccordError(f"-n {n:,}: expected between 1 and {MAX_VARIANTS:,} variants")
    if chunk_size is not None and chunk_size < 1:
        raise AccordError(f"--chunk-size {chunk_size}: expected a positive number of variants")
    if workers is not None and workers < 1:
        raise AccordError(f"--workers {workers}: expected at least 1")
    space = InputSpace.from_scenario(scenario, overrides, distribution, require=True)
    runner = make_runner(model, scenario, params)
    chunk_size = default_chunk_size(space) if chunk_size is None else chunk_size
    tasks = chunk_tasks(space, runner, n, seed, chunk_size, sub_batch)
    outputs = runner.outputs(space)
    # The run record (accord.record), then what reading the file back needs.
    run = {**run_record("ensemble", scenario, model=model, params=dict(params or {}), seed=seed,
                        n=n, chunk_size=chunk_size,
                        overrides={k: list(v) for k, v in (overrides or {}).items()},
                        distribution=distribution),
           "inputs": [x.to_dict() for x in space.inputs], "outputs": outputs,
           "outcome_classes": [oc.model_dump(mode="json") for oc in scenario.outcome_classes]}
    if whether is not None and model != DEAL_MODEL:
        run["whether"] = dict(whether)
    out = check_output_folder(Path(out))
    stem = name or ensemble_name(run)
    output_names = [o["name"] for o in outputs]
    with exclusive(out / f"{stem}.lock"):
        book = Journal(out / f"{stem}.parts", run, space, output_names)
        journaled: set[int] = set()
        if book.exists() and book.matches() and not book.finished():
            book.discard()  # a run that failed before its first chunk: nothing to resume
        if book.exists():
            kept = book.finished() if book.matches() else []
            if not resume:
                raise AccordError(f"{book.folder}: an interrupted run of this ensemble left "
                                  f"{len(kept)} of {len(tasks)} chunks here; expected --resume "
                                  "to finish it (or remove the folder to start over)")
            if not book.matches():
                raise AccordError(f"{book.folder}: the journal belongs to another ensemble; "
                                  "expected the same scenario, model, parameters, N, seed and "
                                  "chunk size — or remove the folder")
            journaled = set(kept)
        else:
            check_disk(out, n, 2 + len(space.names) + len(outputs),
                       len(outputs) if journal else 0)
            if journal:
                book.start()
        try:
            return _run(scenario, run, out, stem, space, tasks, output_names, book if journal
                        else None, journaled, executor, workers, scheduler, n, progress)
        except BaseException:
            # A run that stops before its first chunk (an unreachable scheduler, a cluster
            # without workers) leaves no journal: the next run, flags corrected, starts afresh.
            if journal and book.exists() and not book.finished():
                book.discard()
            raise


def _run(scenario, run, out: Path, stem: str, space, tasks, output_names, book,
         journaled: set[int], executor, workers, scheduler, n, progress) -> EnsembleResult:
    import shutil  # here, not at the top: bz2 and lzma with it, on every forecast's path

    import accord.ensemble as package  # make_spool read from the package, where tests replace it
    from accord.ensemble.executors import InlineExecutor, open_executor
    from accord.ensemble.results import EnsembleResult, EnsembleWriter, summarise, write_summary

    final = out / f"{stem}.parquet"
    writer = EnsembleWriter(final, space.names, output_names, run)
    t0 = time.perf_counter()
    finished: dict[int, ChunkResult] = {}
    interrupted = False
    spool = None
    slots = 1
    try:
        with open_executor(executor, workers, scheduler) as (ex, slots):
            inline = isinstance(ex, InlineExecutor)
            # Two chunks per worker in flight, so none waits while a result is collected; an
            # inline executor runs a chunk inside submit(), one at a time. Workers on this
            # machine hand their results over through shared memory (see
            # accord.ensemble.executors.spool_result); an inline run has nothing to hand over.
            window = 1 if inline else 2 * slots
            spool = None if inline else package.make_spool()
            interrupted = _drive(ex, tasks, spool, writer, finished, n, progress, window, book,
                                 journaled)
    except BaseException:
        writer.abort()
        raise
    finally:
        if spool:  # files of chunks cancelled or never collected; mapped ones are unlinked
            shutil.rmtree(spool, ignore_errors=True)
    if interrupted:
        # Never over NAME.parquet: what finished goes to NAME.interrupted.parquet, every chunk
        # once (from the journal, which has them all), and the journal stays for --resume.
        writer.abort()
        partial = out / f"{stem}.interrupted.parquet"
        kept = EnsembleWriter(partial, space.names, output_names, run)
        try:
            if book is not None:
                for index in book.finished():
                    kept.write(book.read(index))
            else:
                for index in sorted(finished):
                    kept.write(finished.pop(index))
            path = kept.close()
        except BaseException:
            kept.abort()
            raise
    else:
        path = writer.close()
        for stale in (out / f"{stem}.interrupted.parquet", out / f"{stem}.interrupted.json"):
            stale.unlink(missing_ok=True)
        if book is not None:
            book.discard()
    summary = summarise(path, run)
    summary_path = write_summary(summary, path.with_suffix(".json"))
    return EnsembleResult(path, summary_path, summary, elapsed=time.perf_counter() - t0,
                          executor=executor if isinstance(executor, str) else
                          type(executor).__name__, workers=slots, interrupted=interrupted)


def _drive(ex: cf.Executor, tasks, spool: str | None, writer: EnsembleWriter,
           finished: dict[int, ChunkResult], n: int, progress, window: int, book,
           journaled: set[int]) -> bool:
    """Keep ``window`` chunks in flight, journal each as it arrives, write them in chunk order
    (chunks already in the journal are read back in their turn); True if interrupted."""
    from accord.ensemble.executors import receive, run_chunk

    todo = iter([t for t in tasks if t.index not in journaled])
    in_flight: set[cf.Future] = set()
    task_of: dict[cf.Future, Any] = {}
    next_index = 0
    done = sum(t.size for t in tasks if t.index in journaled)

    def fill() -> None:
        while len(in_flight) < window:
            task = next(todo, None)
            if task is None:
                return
            fut = ex.submit(run_chunk, task, spool)
            in_flight.add(fut)
            task_of[fut] = task

    def collect(fut: cf.Future) -> int:
        task = task_of.pop(fut)
        raw = worker_result(fut, f"chunk {task.index} (variants {task.start:,}–"
                                 f"{task.start + task.size - 1:,})",
                            "; finished chunks are journaled: expected --resume to finish the "
                            "run")
        result = receive(raw)
        if book is not None:
            book.record(result)  # on disk before anything else happens to it
            journaled.add(result.index)
        finished[result.index] = result
        return len(result)

    def write_ready() -> None:
        nonlocal next_index
        while True:
            if next_index in finished:
                writer.write(finished.pop(next_index))
            elif next_index in journaled and book is not None:
                writer.write(book.read(next_index))
            else:
                return
            next_index += 1

    try:
        write_ready()
        fill()
        while in_flight:
            ready, pending = wait_first(ex, in_flight)
            in_flight.clear()
            in_flight.update(pending)
            failed = None
            # Every chunk that finished is journaled before a failed one's error is raised.
            for fut in sorted(ready, key=lambda f: task_of[f].index):
                try:
                    done += collect(fut)
                except AccordError as exc:
                    failed = failed or exc
            if failed is not None:
                raise failed
            write_ready()
            if progress is not None:
                progress(done, n)
            fill()
    except KeyboardInterrupt:
        for fut in in_flight:
            fut.cancel()
        for fut in in_flight:
            if fut.done() and not fut.cancelled() and fut.exception() is None:
                collect(fut)
        return True
    return False

#: Seconds between checks that a Dask cluster still has workers while no chunk finishes.
ALIVE_CHECK_INTERVAL = 2.0


def wait_first(ex, pending) -> tuple[set, set]:
    """``concurrent.futures.wait(pending, return_when=FIRST_COMPLETED)`` on executor ``ex``'s
    futures; on a Dask cluster (an executor with ``check_alive``) the cluster is checked every
    :data:`ALIVE_CHECK_INTERVAL` s while nothing finishes, which raises when it has lost every
    worker or its scheduler, instead of waiting for ever."""
    import concurrent.futures as cf

    check_alive = getattr(ex, "check_alive", None)
    timeout = None if check_alive is None else ALIVE_CHECK_INTERVAL
    while True:
        done, rest = cf.wait(pending, timeout=timeout, return_when=cf.FIRST_COMPLETED)
        if done or check_alive is None:
            return done, rest
        check_alive()


def worker_result(fut, where: str, then: str = ""):
    """A future's result, a lost worker or scheduler as one AccordError naming ``where``.

    Accord's own refusals pass through as they are; any other exception that is not a lost
    worker (a bug) keeps its traceback.
    """
    try:
        return fut.result()
    except AccordError:
        raise
    except Exception as exc:
        lost = _lost_worker(exc)
        if lost is None:
            raise
        raise AccordError(f"{where}: {lost}{then}") from exc


def _lost_worker(exc: BaseException) -> str | None:
    """What an executor's exception says about a lost worker or scheduler, None if nothing."""
    import concurrent.futures as cf
    from concurrent.futures.process import BrokenProcessPool

    if isinstance(exc, BrokenProcessPool):
        return ("a worker process died (killed, or out of memory) and the process pool "
                f"broke ({exc})")
    if type(exc).__name__ == "KilledWorker":  # distributed.scheduler.KilledWorker
        return ("every Dask worker that ran it died (killed, or out of memory; Dask's "
                f"distributed.scheduler.allowed-failures) — {exc}")
    if isinstance(exc, cf.CancelledError):  # Accord cancels only on Ctrl-C, handled apart
        return "the executor cancelled it (a Dask scheduler that went away cancels every task)"
    return None


from accord._callable import make_callable  # noqa: E402

make_callable(__name__, "run_ensemble")  # accord.ensemble(...)
