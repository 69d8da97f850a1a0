"""Scenario versions: every save is a new numbered version; edits carry the version they read.

Version 0 is the packaged built-in (never stored); the first stored version of a built-in or an
import is 1. :func:`save_version` with ``expected_version`` is an optimistic lock: if someone
committed a newer version since the editor read theirs, it raises :class:`VersionConflict`
and nothing is written, so no committed change is ever silently overwritten.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock

from pydantic import ValidationError

from accord.errors import AccordError
from accord.scenario.model import Scenario
from accord.store.db import is_sqlite_int, transaction


class UnknownScenario(AccordError):
    """No scenario, or no stored version of it, has this id."""


class VersionConflict(AccordError):
    """The scenario changed since the editor loaded it."""

    def __init__(self, scenario_id: str, expected: int, current: int):
        self.scenario_id, self.expected, self.current = scenario_id, expected, current
        super().__init__(f"scenario {scenario_id!r} changed since you loaded it: you edited version "
                         f"{expected}, the stored version is now {current}; expected an edit of "
                         "the current version — reload the page and apply your change again")


@dataclass(frozen=True)
class StoredScenario:
    """A scenario at one version. ``scenario`` is shared between readers: do not mutate it."""

    scenario: Scenario
    version: int
    content_hash: str
    origin: str              # 'builtin' (packaged or edited built-in) or 'import'
    updated: str | None = None


_PARSED: "OrderedDict[str, Scenario]" = OrderedDict()
_PARSED_LOCK = Lock()


def _parse(body: str, content_hash: str) -> Scenario:
    # Parsing is the cost of every page view; a version's body never changes, so its hash is a
    # safe cache key across connections and files.
    with _PARSED_LOCK:
        hit = _PARSED.get(content_hash)
        if hit is not None:
            _PARSED.move_to_end(content_hash)
            return hit
    try:
        scenario = Scenario.model_validate_json(body)
    except ValidationError:
        # a version stored before sources had a fixed vocabulary of kinds: read it upgraded
        from accord.scenario.sources import upgrade_source_kinds

        data = json.loads(body)
        if not upgrade_source_kinds(data):
            raise
        scenario = Scenario.model_validate(data)
    with _PARSED_LOCK:
        _PARSED[content_hash] = scenario
        while len(_PARSED) > 64:
            _PARSED.popitem(last=False)
    return scenario


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def _entry(row: sqlite3.Row | None) -> StoredScenario | None:
    if row is None:
        return None
    return StoredScenario(_parse(row["body"], row["content_hash"]), row["version"],
                          row["content_hash"], row["origin"], row["updated"])


def current(conn: sqlite3.Connection, scenario_id: str) -> StoredScenario | None:
    return _entry(conn.execute(
        "SELECT v.body, v.version, v.content_hash, s.origin, s.updated FROM scenarios s "
        "JOIN scenario_versions v ON v.scenario_id = s.id AND v.version = s.current_version "
        "WHERE s.id = ?", (scenario_id,)).fetchone())


def get_version(conn: sqlite3.Connection, scenario_id: str, version: int) -> StoredScenario | None:
    # ``updated`` of an older version is when that version was made.
    if not is_sqlite_int(version):  # no row has it (and binding it raises OverflowError)
        return None
    return _entry(conn.execute(
        "SELECT v.body, v.version, v.content_hash, s.origin, v.created AS updated "
        "FROM scenario_versions v JOIN scenarios s ON s.id = v.scenario_id "
        "WHERE v.scenario_id = ? AND v.version = ?", (scenario_id, version)).fetchone())


def list_stored(conn: sqlite3.Connection) -> list[dict]:
    return [dict(r) for r in conn.execute(
        "SELECT id, title, current_version AS version, origin, updated FROM scenarios ORDER BY id")]


def versions(conn: sqlite3.Connection, scenario_id: str) -> list[dict]:
    return [dict(r) for r in conn.execute(
        "SELECT version, content_hash, note, created FROM scenario_versions WHERE scenario_id = ? "
        "ORDER BY version DESC", (scenario_id,))]


def save_version(conn: sqlite3.Connection, scenario: Scenario, *, origin: str,
                 expected_version: int | None = None, note: str | None = None) -> int:
    """Store ``scenario`` as its next version and return the new version number.

    ``expected_version`` is the version the change was made to (0 for a packaged built-in);
    ``None`` (an import) appends whatever the current version is.
    """
    body = scenario.model_dump_json()
    content_hash = scenario.content_hash()
    now = _now()
    with transaction(conn):
        row = conn.execute("SELECT current_version FROM scenarios WHERE id = ?",
                           (scenario.id,)).fetchone()
        stored = row["current_version"] if row else 0
        if expected_version is not None and expected_version != stored:
            raise VersionConflict(scenario.id, expected_version, stored)
        version = stored + 1
        if row is None:
            conn.execute("INSERT INTO scenarios (id, title, current_version, origin, created, "
                         "updated) VALUES (?, ?, ?, ?, ?, ?)",
                         (scenario.id, scenario.title, version, origin, now, now))
        conn.execute("INSERT INTO scenario_versions (scenario_id, version, content_hash, body, "
                     "note, created) VALUES (?, ?, ?, ?, ?, ?)",
                     (scenario.id, version, content_hash, body, note, now))
        if row is not None:
            conn.execute("UPDATE scenarios SET current_version = ?, title = ?, updated = ? "
                         "WHERE id = ?", (version, scenario.title, now, scenario.id))
    return version


def resolve(conn: sqlite3.Connection, scenario_id: str) -> StoredScenario:
    """The current version of a scenario: the stored one if any, else the packaged built-in (0).

    Raises :class:`UnknownScenario` for an id that is neither.
    """
    stored = current(conn, scenario_id)
    if stored is not None:
        return stored
    return builtin(scenario_id)


def resolve_version(conn: sqlite3.Connection, scenario_id: str, version: int) -> StoredScenario:
    if version == 0:
        return builtin(scenario_id)
    stored = get_version(conn, scenario_id, version)
    if stored is None:
        raise UnknownScenario(f"no stored version {version} of scenario {scenario_id!r}; "
                              "expected a version listed on the scenario's page (0 is the "
                              "packaged built-in)")
    return stored


_BUILTIN: dict[str, StoredScenario] = {}


def builtin(scenario_id: str) -> StoredScenario:
    from accord.scenario.builtin import builtin_ids, load_builtin

    hit = _BUILTIN.get(scenario_id)
    if hit is None:
        if scenario_id not in builtin_ids():
            raise UnknownScenario(f"no scenario {scenario_id!r}; expected a built-in id "
                                  f"({', '.join(builtin_ids())}) or an imported scenario")
        s = load_builtin(scenario_id)
        hit = _BUILTIN[scenario_id] = StoredScenario(s, 0, s.content_hash(), "builtin")
    return hit


def list_all(conn: sqlite3.Connection) -> list[dict]:
    """Built-ins and stored scenarios, one row each (a stored edit of a built-in replaces it)."""
    from accord.scenario.builtin import builtin_ids

    rows = {r["id"]: r for r in list_stored(conn)}
    out = []
    for sid in builtin_ids():
        if sid in rows:
            continue
        s = builtin(sid).scenario
        out.append({"id": sid, "title": s.title, "version": 0, "origin": "builtin",
                    "updated": None})
    out.extend(rows.values())
    return sorted(out, key=lambda r: r["id"])
