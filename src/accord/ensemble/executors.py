"""Chunks of an ensemble, what runs on them, and the executors that run them.

What runs on a chunk is a *runner*: :class:`ModelRunner` (any registered model, one batched
call, outputs ``forecast[ISSUE]``) or :class:`DealRunner` (the deal solver, when
``accord.deals`` is installed: does a zone of agreement exist). Executors: inline, a process
pool, or Dask.

An ensemble of N variants is cut into chunks of ``chunk_size`` variants (the last may be
shorter). Chunk ``k`` is seeded with ``SeedSequence(seed, spawn_key=(k,))`` — exactly
``SeedSequence(seed).spawn(n_chunks)[k]`` — and splits that into one stream for drawing the
inputs and one for the model, so a chunk's result depends only on the master seed, the chunk
size and ``k``: never on how many workers there are or which executor ran it.

:func:`run_chunk` is a module-level function of one picklable :class:`ChunkTask`, so any
:class:`concurrent.futures.Executor` can run it: :class:`InlineExecutor` (this process, one
chunk at a time), a :class:`~concurrent.futures.ProcessPoolExecutor` (the default), or a Dask
cluster through ``Client.get_executor()``.
Workers on this machine hand their results back through a file in shared memory rather than
through the executor (:func:`spool_result`, :func:`receive`): the same numbers, less CPU.

Dask workers: the nanny starts each worker with ``MALLOC_TRIM_THRESHOLD_=65536``. Setting any
``MALLOC_*`` tunable turns off glibc's dynamic mmap threshold, so every NumPy temporary over
128 KiB is mmap-ed and unmapped again (fresh zeroed pages, page faults each time) and freed heap
memory is trimmed at once: array arithmetic runs 1.5–2× slower than in a plain process
(measured here: 0.85–1.0 s against 0.54 s for the same loop). :data:`DASK_WORKER_ENV` raises
the mmap threshold to 32 MiB (glibc's maximum) and the trim threshold to 256 MiB, which beats
both (0.38 s). glibc reads these variables when a process starts, so for a
:class:`~distributed.LocalCluster` they go into ``distributed.nanny.pre-spawn-environ`` (and
the cluster's ``env``); for a cluster started elsewhere set them where its workers start, e.g.
``DASK_DISTRIBUTED__NANNY__PRE_SPAWN_ENVIRON__MALLOC_MMAP_THRESHOLD_=33554432``.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import glob
import hashlib
import importlib.util
import mmap
import os
import pickle
import signal
import tempfile
from dataclasses import dataclass, field
from typing import Any, Iterator, Mapping

import numpy as np

from accord.ensemble.sample import InputSpace, Variants
from accord.errors import AccordError
from accord.randomness import seed_sequence, stream

EXECUTORS = ("process", "dask", "inline")
#: Seconds to wait for a Dask scheduler named by --scheduler.
SCHEDULER_TIMEOUT = 5
#: Seconds a Dask cluster may have no worker (none joined yet, or every one died) before a run
#: stops with an error instead of waiting for ever; a LocalCluster's nanny restarts a dead
#: worker in 1–2 s.
WORKER_TIMEOUT = 30
#: Cells (variants × actors × issues) of one model call inside a chunk (see default_sub_batch).
SUB_BATCH_CELLS = 1 << 17
DASK_WORKER_ENV = {"MALLOC_MMAP_THRESHOLD_": "33554432", "MALLOC_TRIM_THRESHOLD_": "268435456"}


# --- what runs on a batch of variants -----------------------------------------------------------


@dataclass(frozen=True)
class ModelRunner:
    """A registered forecasting model: one output column ``forecast[ISSUE]`` per issue."""

    model: str
    params: tuple[tuple[str, Any], ...] = ()

    def outputs(self, space: InputSpace) -> list[dict[str, Any]]:
        """Each output column with the scale it lives on (the issue's)."""
        return [{"name": f"forecast[{i}]", "issue": i, "low": float(space.base.low[k]),
                 "high": float(space.base.high[k])} for k, i in enumerate(space.base.issue_ids)]

    def __call__(self, variants: Variants, rng: np.random.Generator) -> dict[str, np.ndarray]:
        from accord.models import get_model

        spec = get_model(self.model)
        result = spec.run(variants.arrays, spec.make_params(**dict(self.params)), rng)
        forecast = np.asarray(result.forecast, dtype=float)
        return {f"forecast[{i}]": forecast[:, k]
                for k, i in enumerate(variants.arrays.issue_ids)}


DEAL_MODEL = "deals"


def deals_available() -> bool:
    """Whether the deal solver (``accord.deals``, with its zone of agreement) is installed."""
    return importlib.util.find_spec("accord.deals") is not None and \
        importlib.util.find_spec("accord.deals.frontier") is not None


@dataclass(frozen=True)
class DealRunner:
    """The deal solver: does a zone of agreement exist in each variant, and how large is it?

    The zone of agreement is every outcome within every party's red lines that each party
    values at least as much as no deal (:func:`accord.deals.frontier.zone_of_agreement` on
    :func:`accord.deals.red_lines.restrict`), the zone ``accord deals`` reports. The deal space
    and the reservation values are those of
    :meth:`accord.deals.space.OutcomeSpace.from_scenario` for each variant's scenario, built
    one variant at a time (they depend on the drawn positions, saliences and outside options in
    ways only the deal solver knows), so a deal ensemble is far slower than a model ensemble.
    Outputs: ``zone`` (1.0 when a zone exists) and ``zone_share`` (its share of all outcomes,
    those past a red line included).
    """

    scenario: Any

    def outputs(self, space: InputSpace) -> list[dict[str, Any]]:
        return [{"name": "zone", "low": 0.0, "high": 1.0},
                {"name": "zone_share", "low": 0.0, "high": 1.0}]

    def __call__(self, variants: Variants, rng: np.random.Generator) -> dict[str, np.ndarray]:
        from accord.deals.frontier import zone_of_agreement
        from accord.deals.red_lines import restrict
        from accord.deals.space import OutcomeSpace
        from accord.ensemble.sample import scenario_variant

        n = len(variants)
        zone, share = np.zeros(n), np.zeros(n)
        for b in range(n):
            space = OutcomeSpace.from_scenario(scenario_variant(self.scenario, variants.inputs,
                                                                variants.values[b]))
            # red lines are hard, as in accord deals: no gain elsewhere buys an option past one,
            # so an issue they close leaves no zone (utilities alone found one in every variant
            # of the built-in talks, whose Donbas red lines leave none)
            within = restrict(space)
            if within.closed:
                continue
            found = zone_of_agreement(within.space.utilities(), within.space.reservation)
            zone[b] = float(not found.is_empty)
            share[b] = found.size / space.n_outcomes
        return {"zone": zone, "zone_share": share}


def make_runner(model: str, scenario=None, params: Mapping[str, Any] | None = None):
    """The runner for ``model``: a registered model's name, or ``"deals"`` for the deal solver."""
    if model == DEAL_MODEL:
        if not deals_available():
            raise AccordError("the deal solver (accord.deals) is not available in this "
                              "installation; expected a model name such as 'compromise'")
        if params:
            raise AccordError("the deal solver takes no --param overrides in an ensemble")
        return DealRunner(scenario)
    from accord.models import get_model

    spec = get_model(model)
    spec.make_params(**dict(params or {}))  # unknown parameter names fail here, not in a worker
    return ModelRunner(model, tuple(sorted((params or {}).items())))


# --- chunks ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChunkTask:
    """Everything one chunk needs, picklable: the input space, the runner, the seed and where."""

    space: InputSpace
    runner: Any
    seed: int
    index: int
    start: int
    size: int
    sub_batch: int | None = None   # variants per model call (None: the whole chunk)

    def __dask_tokenize__(self):
        # A Dask executor made with pure=True (``client.get_executor()``'s default) keys each
        # task by a hash of its arguments. Dask's generic hashing walks every field of the
        # input space (95 inputs of the 2026 talks): 25 ms of this process's CPU per chunk,
        # 0.75 s per 500,000 variants. One hash of the pickled task names the same content.
        return hashlib.sha1(pickle.dumps(self, protocol=5)).hexdigest()


@dataclass
class ChunkResult:
    index: int
    start: int
    values: np.ndarray
    outputs: dict[str, np.ndarray] = field(default_factory=dict)

    def __len__(self) -> int:
        return self.values.shape[0]


@dataclass(frozen=True)
class SpooledChunk:
    """A :class:`ChunkResult` left in a file of the run's spool: where it is and its shape."""

    index: int
    start: int
    size: int
    n_values: int
    output_names: tuple[str, ...]
    path: str


def chunk_seed(seed: int, index: int) -> np.random.SeedSequence:
    """The seed of chunk ``index``: ``SeedSequence(seed).spawn(n)[index]`` for any n > index
    (:func:`accord.randomness.seed_sequence`)."""
    return seed_sequence(seed, index)


def run_chunk(task: ChunkTask, spool: str | None = None) -> "ChunkResult | SpooledChunk":
    """Draw one chunk of variants and run the model on them (one batched call).

    The result comes back as a :class:`ChunkResult`, or as a :class:`SpooledChunk` when
    ``spool`` (from :func:`make_spool`) is a directory this worker can write to;
    :func:`receive` turns either into a :class:`ChunkResult` in the calling process.
    """
    # Chunk k's two streams (accord.randomness): (k, 0) draws the inputs, (k, 1) feeds the
    # model, which gives each variant its own child stream (children in variant order, so
    # sub-batches give every variant the stream one call over the chunk would).
    values = task.space.draw_values(task.size, stream(task.seed, task.index, 0))
    model_rng = stream(task.seed, task.index, 1)
    # The model sees the chunk a sub-batch at a time (same draws, same generator, in order),
    # so a worker's memory is bounded by the sub-batch, not by the chunk size or N.
    step = task.sub_batch or task.size
    parts = [task.runner(task.space.apply(values[s:s + step]), model_rng)
             for s in range(0, task.size, step)]
    outputs = parts[0] if len(parts) == 1 else \
        {name: np.concatenate([part[name] for part in parts]) for name in parts[0]}
    result = ChunkResult(task.index, task.start, values, outputs)
    return spool_result(result, spool) if spool else result


# --- results through shared memory --------------------------------------------------------------
#
# A chunk's result is mostly its drawn inputs: (chunk, K) float64, 760 bytes per variant of the
# 2026 talks, 12.5 MB per 16,384-variant chunk. Sent back through a Dask cluster it is
# serialised and written to a socket by the worker's event loop, read and deserialised by this
# process's event loop (which also runs the local scheduler), then read once more by the
# Parquet writer. Measured on 2 cores with 2 workers (2026 talks, 500,000 variants): 0.5 s of
# the workers' CPU and 0.4 s of this process's, on top of 3.1 s of drawing and model; with both
# cores busy that alone kept a 2-worker cluster well short of twice one worker's throughput.
# A process pool pays the same through its pipe
# (pickled, copied and unpickled). A worker on this machine writes its arrays to a file in
# shared memory (tmpfs) instead, one copy, and this process maps the file: no socket, no
# deserialisation, and the Parquet writer reads the mapped pages directly. The arrays are the
# same float64 values, so the files written are byte-identical either way.

def make_spool() -> str | None:
    """A new private directory in shared memory (/dev/shm) for one run, or None without one.

    Its name carries this process's id, so that the directories of runs killed with ``kill -9``
    (which remove nothing) are found and removed by the next run."""
    if not os.path.isdir("/dev/shm"):
        return None
    _remove_orphan_spools()
    try:
        return tempfile.mkdtemp(prefix=f"accord-ensemble-{os.getpid()}-", dir="/dev/shm")
    except OSError:
        return None


def _remove_orphan_spools() -> None:
    import shutil

    for path in glob.glob("/dev/shm/accord-ensemble-*-*"):
        try:
            pid = int(os.path.basename(path).split("-")[2])
            os.kill(pid, 0)  # raises if no such process
        except ProcessLookupError:
            shutil.rmtree(path, ignore_errors=True)
        except (ValueError, IndexError, PermissionError, OSError):
            continue


def spool_result(result: ChunkResult, spool: str) -> "ChunkResult | SpooledChunk":
    """Write ``result`` to a file in ``spool`` (on a worker); the result itself where it cannot.

    The spool directory exists only on the machine of the run that made it, so a worker
    elsewhere (a remote Dask cluster, another container) finds no directory and sends the
    arrays back as usual; so does a worker whose shared memory is full (a small /dev/shm).
    The file holds the inputs as K rows of ``len(result)`` values, then the outputs, float64.
    """
    path = os.path.join(spool, f"chunk-{result.index}")
    names = tuple(result.outputs)
    try:
        with open(path, "xb") as f:
            # values is the transpose of a (K, n) C-contiguous draw, so this is a plain write
            np.ascontiguousarray(result.values.T).tofile(f)
            for name in names:
                np.ascontiguousarray(result.outputs[name], dtype=float).tofile(f)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(path)
        return result
    return SpooledChunk(result.index, result.start, len(result), result.values.shape[1], names,
                        path)


def receive(result: "ChunkResult | SpooledChunk") -> ChunkResult:
    """The :class:`ChunkResult` of what :func:`run_chunk` returned (in the calling process).

    A spooled chunk is mapped read-only and its file unlinked at once: the pages stay until
    the arrays (and the Arrow arrays made from them without a copy) are gone.
    """
    if isinstance(result, ChunkResult):
        return result
    with open(result.path, "rb") as f:
        # MAP_POPULATE (Linux) maps every page in one call instead of one fault per 4 KiB
        flags = mmap.MAP_SHARED | getattr(mmap, "MAP_POPULATE", 0)
        buf = mmap.mmap(f.fileno(), 0, flags=flags, prot=mmap.PROT_READ)
    os.unlink(result.path)
    data = np.frombuffer(buf, dtype=np.float64).reshape(-1, result.size)
    k = result.n_values
    return ChunkResult(result.index, result.start, data[:k].T,
                       {name: data[k + j] for j, name in enumerate(result.output_names)})


def default_chunk_size(space: InputSpace) -> int:
    """Variants per chunk: the largest power of two whose (chunk, A, I) arrays stay under 32 MiB.

    Under 32 MiB they come from the tuned heap rather than fresh mmap-ed pages (see
    :func:`tune_allocator`); as large as that because each chunk costs a Dask cluster a task
    (2026 talks, 2 workers: 159,000 variants/s with 4,096-variant chunks, 204,000 with 16,384;
    a process pool is indifferent). Between 1,024 and 65,536; it depends only on the scenario's
    size, so the draws do not depend on the machine.
    """
    cells = max(1, space.base.n_actors * space.base.n_issues)
    largest = max(1, ((32 << 20) - 1) // (8 * cells))
    return int(min(65_536, max(1_024, 1 << int(np.log2(largest)))))


def default_sub_batch(space: InputSpace) -> int:
    """Variants per model call inside a chunk: the largest power of two whose (variants, A, I)
    arrays hold at most :data:`SUB_BATCH_CELLS` cells (1 MiB of float64 each), at least 1.

    What a model keeps per variant grows with its rounds (the EUM keeps positions and risk
    exponents of every round of every issue), so the sub-batch, not the chunk, bounds a
    worker's memory: 2026 talks, EUM, 10⁵ variants, one process: see docs/ensembles.md.
    Sub-batches are run in order on the chunk's model generator, so results do not depend on
    the sub-batch size for any model whose batch members are computed on their own.
    """
    cells = max(1, space.base.n_actors * space.base.n_issues)
    return int(1 << int(np.log2(max(1, SUB_BATCH_CELLS // cells)))) if cells <= SUB_BATCH_CELLS \
        else 1


def chunk_tasks(space: InputSpace, runner, n: int, seed: int, chunk_size: int,
                sub_batch: int | None = None) -> list[ChunkTask]:
    if n < 1:
        raise AccordError(f"-n {n}: expected at least one variant")
    if seed < 0:
        raise AccordError(f"--seed {seed}: expected a non-negative integer")
    if chunk_size < 1:
        raise AccordError(f"--chunk-size {chunk_size}: expected a positive number of variants")
    sub = default_sub_batch(space) if sub_batch is None else sub_batch
    return [ChunkTask(space, runner, seed, k, start, min(chunk_size, n - start), sub)
            for k, start in enumerate(range(0, n, chunk_size))]


# --- executors ---------------------------------------------------------------------------------


class InlineExecutor(cf.Executor):
    """Runs each submitted call at once, in this process (for debugging and tiny ensembles)."""

    def submit(self, fn, /, *args, **kwargs):
        future: cf.Future = cf.Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 — handed to the caller through the future
            future.set_exception(exc)
        return future


def tune_allocator() -> bool:
    """Keep glibc from returning freed memory to the OS after every chunk (this process only).

    A chunk allocates (chunk, A, I) arrays of several MiB; with glibc's defaults, freeing them
    trims the heap, and the next chunk page-faults all of it in again: 5,000–6,000 page faults
    per 4,096-variant chunk of the 2026 talks, 9.0–9.3 µs of CPU per variant, against none and
    5.8–6.0 µs with the mmap threshold at 32 MiB and the trim threshold at 256 MiB
    (``mallopt``, the settings :data:`DASK_WORKER_ENV` gives Dask workers). False where glibc's
    ``mallopt`` is not available (other C libraries, other systems).
    """
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        m_trim_threshold, m_mmap_threshold = -1, -3  # <malloc.h>
        return bool(libc.mallopt(m_mmap_threshold, int(DASK_WORKER_ENV["MALLOC_MMAP_THRESHOLD_"]))
                    and libc.mallopt(m_trim_threshold,
                                     int(DASK_WORKER_ENV["MALLOC_TRIM_THRESHOLD_"])))
    except (OSError, AttributeError):
        return False


def _init_pool_worker() -> None:
    # Ctrl-C reaches the whole process group; the parent handles it (keeps finished chunks),
    # the workers must not die mid-chunk and break the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    tune_allocator()


def default_workers() -> int:
    """One worker per core this process may use (:func:`accord.parallel.available_cores`)."""
    from accord.parallel import available_cores

    return available_cores()


@contextlib.contextmanager
def open_executor(kind: "str | cf.Executor" = "process", workers: int | None = None,
                  scheduler: str | None = None) -> Iterator[tuple[cf.Executor, int]]:
    """An executor of ``kind`` (``process``, ``dask`` or ``inline``) and how many workers it
    has (chunks it runs at once); shut down on exit.

    An :class:`~concurrent.futures.Executor` instance (e.g. a Dask client's
    ``get_executor()``) is used as it is and left running; ``workers`` (default: one per core)
    says how many chunks it runs at once.
    """
    if isinstance(kind, cf.Executor):
        yield kind, (1 if isinstance(kind, InlineExecutor) else workers or default_workers())
        return
    if kind not in EXECUTORS:
        raise AccordError(f"--executor {kind!r}: expected one of {', '.join(EXECUTORS)}")
    if scheduler and kind != "dask":
        raise AccordError("--scheduler needs --executor dask")
    if workers is not None and workers < 1:  # 0 is refused, not replaced by the default
        raise AccordError(f"--workers {workers}: expected at least 1")
    workers = workers or default_workers()
    if kind == "inline":
        yield InlineExecutor(), 1
        return
    if kind == "process":
        pool = cf.ProcessPoolExecutor(max_workers=workers, initializer=_init_pool_worker)
        try:
            yield pool, workers
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
        return
    with _dask_client(workers, scheduler) as client:
        yield DaskExecutor(client, scheduler), max(1, sum(client.nthreads().values()))


class DaskExecutor(cf.Executor):
    """A Dask client's executor that can tell a cluster with no workers from a slow one.

    Dask waits for ever for a worker to run a task, and a future whose scheduler has gone is
    cancelled: :meth:`check_alive` (called while no chunk has finished for a while) turns
    both into an :class:`~accord.errors.AccordError` after :data:`WORKER_TIMEOUT` seconds.
    """

    def __init__(self, client, scheduler: str | None):
        # pure=False: every chunk is a distinct task, so Dask need not hash its arguments for a
        # key (see ChunkTask.__dask_tokenize__ for executors made elsewhere).
        self.client, self.inner = client, client.get_executor(pure=False)
        self.where = f"the Dask scheduler at {scheduler}" if scheduler else "the local Dask cluster"
        self.no_workers_since: float | None = None

    def submit(self, fn, /, *args, **kwargs):
        return self.inner.submit(fn, *args, **kwargs)

    def shutdown(self, wait=True, *, cancel_futures=False):
        self.inner.shutdown(wait=wait, cancel_futures=cancel_futures)

    def check_alive(self) -> None:
        import time

        if self.client.status != "running":
            raise AccordError(f"{self.where} is gone (client {self.client.status}); finished "
                              "chunks are journaled: expected --resume once it runs again")
        try:
            # a scheduler that stops answering (stalled, suspended, its host unreachable while
            # the connection stays open) left this call waiting for ever: the run hung
            workers = len(self.client.nthreads(callback_timeout=WORKER_TIMEOUT))
        except (OSError, TimeoutError) as exc:
            raise AccordError(f"{self.where} stopped answering ({type(exc).__name__}, no answer "
                              f"within {WORKER_TIMEOUT} s); finished chunks are journaled: "
                              "expected --resume once it runs again") from None
        if workers:
            self.no_workers_since = None
            return
        now = time.monotonic()
        if self.no_workers_since is None:
            self.no_workers_since = now
        elif now - self.no_workers_since > WORKER_TIMEOUT:
            raise AccordError(f"{self.where} has had no worker for {WORKER_TIMEOUT} s (every "
                              "worker died or left); finished chunks are journaled: expected "
                              "--resume once workers are back")


@contextlib.contextmanager
def _dask_client(workers: int, scheduler: str | None):
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError:
        raise AccordError("--executor dask needs Dask: pip install 'accord[dask]'") from None
    if scheduler:
        try:
            # Dask waits 30 s for a scheduler by default, then raises deep in its event loop
            client = Client(scheduler, timeout=SCHEDULER_TIMEOUT)
        except (ValueError, TypeError) as exc:  # raised before any connection is tried
            raise AccordError(f"--scheduler {scheduler}: not a scheduler address "
                              f"({str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"
                              "); expected e.g. tcp://10.0.0.5:8786") from None
        except (OSError, TimeoutError) as exc:
            raise AccordError(f"--scheduler {scheduler}: no Dask scheduler answered within "
                              f"{SCHEDULER_TIMEOUT} s ({type(exc).__name__}: "
                              f"{str(exc).splitlines()[0] if str(exc) else 'no detail'}); "
                              "expected the address of a running scheduler, e.g. "
                              "tcp://10.0.0.5:8786") from None
        with client:
            try:
                # A scheduler without workers would take the tasks and never run them.
                client.wait_for_workers(1, timeout=WORKER_TIMEOUT)
            except (OSError, TimeoutError) as exc:
                raise AccordError(f"--scheduler {scheduler}: no Dask worker joined the "
                                  f"scheduler within {WORKER_TIMEOUT} s ({type(exc).__name__}); "
                                  "expected a cluster with at least one worker") from None
            with _quiet_on_error():
                yield client
        return
    import logging

    pre_spawn = {f"distributed.nanny.pre-spawn-environ.{k}": v for k, v in DASK_WORKER_ENV.items()}
    saved = {k: os.environ.get(k) for k in DASK_WORKER_ENV}
    with dask.config.set(pre_spawn), LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, env=dict(DASK_WORKER_ENV),
            dashboard_address=None, silence_logs=logging.ERROR) as cluster:
        # The nannies live in this process and set the variables here before spawning their
        # workers; the workers have them now, this process need not keep them.
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        with Client(cluster) as client, _quiet_on_error():
            yield client


@contextlib.contextmanager
def _quiet_on_error():
    """On the way out of a failed run, keep Dask's own tracebacks (a client closing while it
    reconnects to a dead scheduler logs one) off the terminal: Accord's one-line error says
    what happened."""
    try:
        yield
    except BaseException:
        import logging

        for name in ("distributed", "distributed.client"):  # Dask's config sets both
            logging.getLogger(name).setLevel(logging.CRITICAL)
        raise
