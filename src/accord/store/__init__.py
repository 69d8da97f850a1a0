"""Where the workbench keeps what an analyst makes: scenario versions and runs, in SQLite (WAL).

The CLI and the web app share these functions; each takes an open connection, so the caller
decides what one transaction is. :class:`Store` is the file plus a connection per thread.

>>> import tempfile, pathlib
>>> store = Store(pathlib.Path(tempfile.mkdtemp()) / "accord.db")
>>> with store.connection() as conn:
...     conn.execute("SELECT count(*) FROM runs").fetchone()[0]
0
"""

from __future__ import annotations

import sqlite3
import threading
import weakref
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from accord.store.db import connect, initialise, transaction

__all__ = ["Store", "default_db_path", "default_output_dir", "transaction"]


def default_db_path() -> Path:
    """``$ACCORD_DB`` if set, else ``accord.db`` in the user's data directory."""
    import os

    import platformdirs

    env = os.environ.get("ACCORD_DB")
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir("accord")) / "accord.db"


def default_output_dir(kind: str) -> Path:
    """Where a command writes what it makes when not told where: ``KIND`` (``reports``,
    ``ensembles``) beside the store (:func:`default_db_path`), never the current directory —
    a report run from a repository must not land in it."""
    return default_db_path().parent / kind


class Store:
    """One SQLite file; :meth:`connection` hands out this thread's connection.

    Web servers retire idle worker threads; a connection whose thread has ended is closed
    the next time a connection is opened, so a long-running server does not collect them.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path).resolve()
        initialise(self.path)
        self._local = threading.local()
        self._open: list[tuple[weakref.ref, sqlite3.Connection]] = []
        self._lock = threading.Lock()

    @property
    def data_dir(self) -> Path:
        """The directory holding the database; uploads are staged only inside it."""
        return self.path.parent

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = connect(self.path)
            self._local.conn = conn
            with self._lock:
                alive = []
                for thread, other in self._open:
                    t = thread()
                    if t is None or not t.is_alive():
                        other.close()
                    else:
                        alive.append((thread, other))
                alive.append((weakref.ref(threading.current_thread()), conn))
                self._open = alive
        yield conn

    def close(self) -> None:
        with self._lock:
            for _, conn in self._open:
                conn.close()
            self._open = []
        self._local = threading.local()
