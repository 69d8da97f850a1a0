"""Long work a page asks for (an ensemble): one at a time, bounded in time, and stopped when the
client goes away or the server shuts down.

The work runs in a worker thread and calls ``checkpoint()`` between steps (after each chunk of
an ensemble); ``checkpoint`` raises :class:`Cancelled` once the client has disconnected, the
time limit has passed or the server is stopping, so abandoned requests stop computing. A second
job while one runs is refused at once (:class:`Busy`, 503) instead of waiting for a thread: 45
queued ensembles once took every worker thread and starved the other pages.
"""

from __future__ import annotations

import threading
import time
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


class Jobs:
    """The workbench's one job slot (see the module docstring)."""

    def __init__(self, max_seconds: float = MAX_SECONDS):
        self.max_seconds = max_seconds
        self.stopping = threading.Event()
        self._slot = threading.Lock()

    @property
    def busy(self) -> bool:
        return self._slot.locked()

    async def run(self, request: Request, work: Callable[[Callable[[], None]], Any]) -> Any:
        """``work(checkpoint)`` in a worker thread; :class:`Busy` if a job is running,
        :class:`Cancelled` when it was stopped."""
        if not self._slot.acquire(blocking=False):
            raise Busy()
        cancel = threading.Event()
        deadline = time.monotonic() + self.max_seconds
        why: list[str] = []

        def checkpoint() -> None:
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
                return work(checkpoint)
            finally:  # the thread frees the slot: an abandoned job holds it until it stops
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
