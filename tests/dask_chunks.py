"""Chunk functions for Dask tests, importable by the workers (tests/ is on their path)."""

from __future__ import annotations

import os
import time

from accord.ensemble.executors import run_chunk


def die_on_chunk_1(task, spool=None):
    """Run the chunk, except chunk 1, which kills its worker process (a crash, an OOM kill)."""
    if task.index == 1:
        time.sleep(1.0)  # the client has fetched chunk 0's result by then (a dead worker's
        os._exit(9)      # results not yet fetched are lost with it)
    return run_chunk(task, spool)
