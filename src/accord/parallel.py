"""How Accord uses more than one core: one path, independent pieces run by an Executor.

Every parallel computation in Accord is cut into independent pieces whose results are put
back together in order, so the numbers never depend on how many threads, processes or
machines ran them:

- **within a process**, a kernel over NumPy arrays (the EUM's problems, the SMP's challenge
  estimates) hands its blocks to :func:`run_blocks`, which runs them on a thread per core —
  NumPy releases the interpreter lock inside its loops — or one after another when this
  process is itself a worker of a pool (an ensemble's workers already use every core) or
  ``ACCORD_THREADS=1``;
- **across processes or machines**, an ensemble (:mod:`accord.ensemble`) or a batch of
  simulated negotiations (:func:`accord.simulate.simulate_chunked`) is cut into chunks, each a
  picklable task with its own seed, that any :class:`concurrent.futures.Executor` runs: a
  process pool, a Dask cluster (``Client.get_executor()``), or inline.

``ACCORD_THREADS`` caps the threads of :func:`run_blocks` (default: the cores this process may
use). Nothing else in Accord starts threads or processes.

>>> run_blocks(lambda b: b * b, [1, 2, 3])
[1, 4, 9]
"""

from __future__ import annotations

import os
import sys
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def available_cores() -> int:
    """Cores this process may run on (its CPU affinity where the system reports one)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def in_pool_worker() -> bool:
    """Whether this process was started by a pool (multiprocessing, concurrent.futures, Dask)."""
    # Such a process has imported multiprocessing (forked: its parent had); importing it here
    # only to ask would cost every `accord smp` some milliseconds (issue 18).
    mp = sys.modules.get("multiprocessing")
    return mp is not None and mp.parent_process() is not None


def block_threads(n_blocks: int) -> int:
    """Threads :func:`run_blocks` would use for ``n_blocks`` blocks."""
    if n_blocks < 2 or in_pool_worker():
        return 1
    limit = os.environ.get("ACCORD_THREADS", "").strip()
    cores = int(limit) if limit.isdigit() and int(limit) > 0 else available_cores()
    return max(1, min(n_blocks, cores))


def run_blocks(fn: Callable[[T], R], blocks: Sequence[T]) -> list[R]:
    """``[fn(b) for b in blocks]``, on a thread per core when that helps (see the module doc).

    ``fn`` must only write to what belongs to its own block.
    """
    threads = block_threads(len(blocks))
    if threads == 1:
        return [fn(b) for b in blocks]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(fn, blocks))
