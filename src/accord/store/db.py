"""The SQLite file behind the workbench: one connection per unit of work, WAL, a schema version.

WAL lets the web server's readers run while a writer commits; ``busy_timeout`` makes a second
writer wait instead of failing. Every change goes through :func:`transaction`, which takes the
write lock up front (``BEGIN IMMEDIATE``) so a read-check-write sequence (the optimistic version
check in :mod:`accord.store.scenarios`) cannot interleave with another writer's.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS scenarios (
    id              TEXT PRIMARY KEY,
    title           TEXT NOT NULL,
    current_version INTEGER NOT NULL,
    origin          TEXT NOT NULL,          -- 'builtin' (an edited built-in) or 'import'
    created         TEXT NOT NULL,
    updated         TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS scenario_versions (
    scenario_id  TEXT NOT NULL REFERENCES scenarios(id),
    version      INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    body         TEXT NOT NULL,             -- the scenario as canonical JSON
    note         TEXT,
    created      TEXT NOT NULL,
    PRIMARY KEY (scenario_id, version)
);
CREATE TABLE IF NOT EXISTS runs (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    kind             TEXT NOT NULL,         -- 'forecast'
    scenario_id      TEXT NOT NULL,
    scenario_version INTEGER NOT NULL,      -- 0: the packaged built-in
    scenario_hash    TEXT NOT NULL,
    models           TEXT NOT NULL,         -- JSON list
    params           TEXT NOT NULL,         -- JSON object
    seed             INTEGER NOT NULL,
    accord_version   TEXT NOT NULL,
    created          TEXT NOT NULL,
    result           TEXT NOT NULL          -- the exact JSON text the run produced
);
CREATE INDEX IF NOT EXISTS runs_by_scenario ON runs(scenario_id, id);
"""


#: The integers SQLite stores (signed 64-bit); a larger id or version cannot name any row.
SQLITE_INT_MIN, SQLITE_INT_MAX = -(2**63), 2**63 - 1


def is_sqlite_int(n: int) -> bool:
    """Whether ``n`` fits SQLite's INTEGER: binding a larger Python int raises OverflowError
    (``/runs/1000000000000000000000000000000`` was a 500), so a lookup answers "none" instead.

    >>> is_sqlite_int(2**63 - 1), is_sqlite_int(2**63), is_sqlite_int(-(2**63))
    (True, False, True)
    """
    return SQLITE_INT_MIN <= n <= SQLITE_INT_MAX


def connect(path: str | Path) -> sqlite3.Connection:
    """Open (and if needed create) the store at ``path``; the caller closes it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=10.0, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA busy_timeout = 10000")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def initialise(path: str | Path) -> None:
    """Create the tables and switch the file to WAL (both persist in the file)."""
    conn = connect(path)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise RuntimeError(f"{path}: store schema {version} is newer than this Accord "
                               f"({SCHEMA_VERSION})")
        conn.executescript(SCHEMA)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    finally:
        conn.close()


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``; any exception rolls everything back."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
