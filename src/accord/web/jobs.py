"""Long work a page asks for (an ensemble of thousands of variants): one at a time, bounded in
time, stopped when the client goes away or the server shuts down, and its progress readable
by the page that waits for it.

The work runs in a worker thread for the request that asked for it and calls
``checkpoint(done, total)`` between steps (after each chunk of an ensemble); ``checkpoint``
records the progress and raises :class:`Cancelled` once the client has disconnected, the time
limit has passed or the server is stopping, so abandoned requests stop computing. A second job
while one runs is refused at once (:class:`Busy`, 503) instead of waiting for a thread: 45
queued ensembles once took every worker thread and starved the other pages.

A job started under a key is a :class:`Job` that other requests can read while it runs (the
page's progress bar polls it) and after it finished (the page shows its result, a form stores
it as a run); the last ``keep`` finished jobs are kept, the oldest dropped first.

>>> import anyio
>>> class Client:  # a request whose client stays
...     async def is_disconnected(self):
...         return False
>>> jobs = Jobs(keep=4)
>>> def work(checkpoint):
...     checkpoint(1, 2)
...     checkpoint(2, 2)
...     return 42
>>> anyio.run(lambda: jobs.run(Client(), work, key=("x",)))
42
>>> job = jobs.get(("x",))
>>> job.result, job.done, job.total, job.finished.is_set(), jobs.busy
(42, 2, 2, True, False)
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Callable

import anyio
from fastapi import HTTPException, Request

#: The longest a page's job may run, in seconds.
MAX_SECONDS = 60.0


class Cancelled(Exception):
    """The job was stopped (client gone, time limit, shutdown); ``reason`` says which."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class Busy(HTTPException):
    def __init__(self):
        super().__init__(503, "Another ensemble is running on this workbench; expected one at a "
                              "time — try again when it has finished.",
                         headers={"Retry-After": "10"})


@dataclass
class Job:
    """One job's progress and outcome: ``result`` once it finished, or ``error`` (a message)."""

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

    def status(self) -> dict[str, Any]:
        return {"done": self.done, "total": self.total, "finished": self.finished.is_set(),
                "error": self.error, "elapsed": round(self.elapsed, 2)}


class Jobs:
    """The workbench's one job slot and its recent jobs (see the module docstring)."""

    def __init__(self, max_seconds: float = MAX_SECONDS, keep: int = 32):
        self.max_seconds = max_seconds
        self.keep = keep
        self.stopping = threading.Event()
        self._slot = threading.Lock()
        self._jobs: OrderedDict[tuple, Job] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def busy(self) -> bool:
        return self._slot.locked()

    def get(self, key: tuple) -> Job | None:
        """The running or a kept finished job for ``key``, or None."""
        with self._lock:
            return self._jobs.get(key)

    def wait(self, key: tuple, timeout: float | None = None) -> Job | None:
        """The job for ``key`` once it has finished (or ``timeout`` passed), or None."""
        job = self.get(key)
        if job is not None:
            job.finished.wait(timeout)
        return job

    def _register(self, key: tuple) -> Job:
        job = Job(key)
        with self._lock:
            self._jobs.pop(key, None)
            self._jobs[key] = job
            finished = [k for k, j in self._jobs.items() if j.finished.is_set()]
            for old in finished[:max(0, len(self._jobs) - self.keep)]:
                del self._jobs[old]
        return job

    async def run(self, request: Request, work: Callable[..., Any],
                  key: tuple | None = None) -> Any:
        """``work(checkpoint)`` in a worker thread; :class:`Busy` if a job is running,
        :class:`Cancelled` when it was stopped. With a ``key``, its :class:`Job` (progress,
        then result or error) is readable by :meth:`get` while it runs and after."""
        if not self._slot.acquire(blocking=False):
            raise Busy()
        record = self._register(key) if key is not None else Job(())
        cancel = threading.Event()
        deadline = time.monotonic() + self.max_seconds
        why: list[str] = []

        def checkpoint(done: int | None = None, total: int | None = None) -> None:
            if done is not None:
                record.done, record.total = done, total or record.total
            if self.stopping.is_set():
                raise Cancelled("the server is shutting down")
            if cancel.is_set():
                raise Cancelled(why[0] if why else "the request was cancelled")
            if time.monotonic() > deadline:
                raise Cancelled(f"it took longer than the workbench's limit of "
                                f"{self.max_seconds:g} s")

        async def watch(scope: anyio.CancelScope) -> None:
            while not scope.cancel_called:
                if await request.is_disconnected():
                    why.append("the client went away")
                    cancel.set()
                    return
                await anyio.sleep(0.1)

        def job():
            try:
                record.result = work(checkpoint)
                return record.result
            except BaseException as exc:
                record.error = (f"The ensemble was stopped: {exc.reason}. Nothing was kept."
                                if isinstance(exc, Cancelled) else str(exc) or type(exc).__name__)
                raise
            finally:  # the thread frees the slot: an abandoned job holds it until it stops
                record.ended = time.monotonic()
                record.finished.set()
                self._slot.release()

        outcome: dict[str, Any] = {}
        try:
            async with anyio.create_task_group() as group:
                group.start_soon(watch, group.cancel_scope)
                try:
                    # abandon_on_cancel: a server shutting down need not wait for the thread,
                    # which stops at its next checkpoint (cancel is set below)
                    outcome["value"] = await anyio.to_thread.run_sync(job,
                                                                      abandon_on_cancel=True)
                except Exception as exc:  # raised after the group, not wrapped in a group
                    outcome["error"] = exc
                finally:
                    group.cancel_scope.cancel()
        except BaseException:
            cancel.set()
            raise
        if "error" in outcome:
            raise outcome["error"]
        return outcome["value"]
