"""Long work in the workbench (an ensemble of thousands of variants) with its progress.

A job runs in a background thread; the page that started it polls its progress and shows the
result when it is done. One job runs at a time (they would share the same cores); a job asked
for while it runs is the same job, not a second one; finished jobs are kept for the pages that
poll them, the oldest dropped first.

>>> jobs = Jobs(keep=4)
>>> job = jobs.start(("x",), lambda progress: (progress(1, 2), progress(2, 2), 42)[-1])
>>> jobs.wait(("x",)).result, jobs.get(("x",)).done, jobs.get(("x",)).total
(42, 2, 2)
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Callable


@dataclass
class Job:
    key: tuple
    done: int = 0
    total: int = 0
    result: Any = None
    error: str | None = None
    finished: threading.Event = field(default_factory=threading.Event)
    started: float = field(default_factory=time.monotonic)
    ended: float | None = None

    @property
    def elapsed(self) -> float:
        return (self.ended or time.monotonic()) - self.started

    @property
    def share(self) -> float:
        return self.done / self.total if self.total else 0.0

    def status(self) -> dict[str, Any]:
        return {"done": self.done, "total": self.total, "finished": self.finished.is_set(),
                "error": self.error, "elapsed": round(self.elapsed, 2)}


class Jobs:
    def __init__(self, keep: int = 32):
        self.keep = keep
        self._jobs: "OrderedDict[tuple, Job]" = OrderedDict()
        self._lock = threading.Lock()
        self._one_at_a_time = threading.Lock()

    def get(self, key: tuple) -> Job | None:
        with self._lock:
            return self._jobs.get(key)

    def start(self, key: tuple, work: Callable[[Callable[[int, int], None]], Any]) -> Job:
        """The job for ``key``: the running or finished one, else ``work`` started now.

        ``work(progress)`` returns the result and calls ``progress(done, total)`` as it goes;
        an exception it raises is kept as the job's error (its message).
        """
        with self._lock:
            job = self._jobs.get(key)
            if job is not None and not (job.finished.is_set() and job.error):
                return job
            job = Job(key)
            self._jobs[key] = job
            while len(self._jobs) > self.keep:
                old_key, old = next(iter(self._jobs.items()))
                if not old.finished.is_set():
                    break
                del self._jobs[old_key]

        def progress(done: int, total: int) -> None:
            job.done, job.total = done, total

        def run() -> None:
            try:
                with self._one_at_a_time:
                    job.result = work(progress)
            except Exception as exc:  # noqa: BLE001 - the page shows what went wrong
                job.error = str(exc) or type(exc).__name__
            finally:
                job.ended = time.monotonic()
                job.finished.set()

        threading.Thread(target=run, name=f"accord-job-{key[:2]}", daemon=True).start()
        return job

    def wait(self, key: tuple, timeout: float | None = None) -> Job | None:
        job = self.get(key)
        if job is not None:
            job.finished.wait(timeout)
        return job
