"""Evidence in SQLite: sources (with their text, card and labelled segments) and statements.

A source is identified by the SHA-256 of its file's bytes, so adding the same file twice adds
nothing; a statement by its source, scenario, span and speaker. The evidence tables live in the
same file as the rest of the store (``accord.db`` in the user's data directory unless told
otherwise), in WAL mode, and carry their own migrations table
(``evidence_schema_migrations``) so that they can evolve independently of the other tables.

>>> import tempfile, pathlib
>>> conn = connect_evidence(pathlib.Path(tempfile.mkdtemp()) / "accord.db")
>>> [r[0] for r in conn.execute("SELECT version FROM evidence_schema_migrations")]
[1]
>>> conn.execute("PRAGMA journal_mode").fetchone()[0]
'wal'
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accord.store.db import connect, initialise, transaction

# Each migration is applied once, in order, inside one transaction with its bookkeeping row.
MIGRATIONS: list[tuple[int, str, str]] = [
    (1, "evidence sources and statements", """
CREATE TABLE IF NOT EXISTS evidence_sources (
    id            TEXT PRIMARY KEY,
    content_hash  TEXT NOT NULL UNIQUE,     -- SHA-256 of the file's bytes
    path          TEXT,
    media_type    TEXT NOT NULL,
    language      TEXT,
    source        TEXT NOT NULL,            -- accord.scenario.model.Source as JSON
    card          TEXT NOT NULL,            -- the parsed source card (JSON object)
    segments      TEXT NOT NULL,            -- labelled segments with original offsets (JSON)
    original      TEXT NOT NULL,            -- the text the offsets point into
    added         TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS evidence_statements (
    id             TEXT PRIMARY KEY,
    source_id      TEXT NOT NULL REFERENCES evidence_sources(id),
    scenario       TEXT,
    speaker        TEXT,                    -- scenario actor id, NULL for others
    speaker_name   TEXT NOT NULL,
    reported_by    TEXT,
    issues         TEXT NOT NULL,           -- JSON list of scenario issue ids
    about          TEXT NOT NULL,           -- JSON list of actor ids mentioned
    quote          TEXT NOT NULL,
    sentence       TEXT NOT NULL,
    start          INTEGER NOT NULL,
    "end"          INTEGER NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL,
    date           TEXT,
    date_text      TEXT,
    date_precision TEXT NOT NULL,
    segment        TEXT NOT NULL,
    rule           TEXT NOT NULL,
    verb           TEXT,
    confidence     REAL NOT NULL,
    language       TEXT,
    file           TEXT,
    dates          TEXT NOT NULL,
    extractor      INTEGER NOT NULL,
    added          TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS evidence_statements_by_source ON evidence_statements(source_id, start);
CREATE INDEX IF NOT EXISTS evidence_statements_by_speaker ON evidence_statements(speaker);
"""),
]


def migrate(conn: sqlite3.Connection) -> list[int]:
    """Apply the migrations this file lacks; return the versions applied now."""
    conn.execute("CREATE TABLE IF NOT EXISTS evidence_schema_migrations ("
                 "version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied TEXT NOT NULL)")
    done = {r[0] for r in conn.execute("SELECT version FROM evidence_schema_migrations")}
    applied = []
    for version, description, sql in MIGRATIONS:
        if version in done:
            continue
        with transaction(conn):
            for statement in sql.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute("INSERT INTO evidence_schema_migrations VALUES (?, ?, ?)",
                         (version, description, _now()))
        applied.append(version)
    return applied


def connect_evidence(path: str | Path | None = None) -> sqlite3.Connection:
    """Open the store (default: :func:`accord.store.default_db_path`), in WAL mode, migrated."""
    if path is None:
        from accord.store import default_db_path

        path = default_db_path()
    # The file is opened as :class:`accord.store.Store` opens it (WAL, the schema checked), so
    # the CLI and the web app may use one file in either order.
    initialise(path)
    conn = connect(path)
    migrate(conn)
    return conn


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class AddedFile:
    """What adding one file did."""

    file: str
    source_id: str
    new_source: bool
    statements_added: int
    statements_total: int


def source_by_hash(conn: sqlite3.Connection, content_hash: str) -> str | None:
    row = conn.execute("SELECT id FROM evidence_sources WHERE content_hash = ?",
                       (content_hash,)).fetchone()
    return row[0] if row else None


def add_source(conn: sqlite3.Connection, parsed) -> tuple[str, bool]:
    """Store a :class:`~accord.evidence.provenance.ParsedSource`; ``(id, newly added)``.

    The same bytes are stored once. A different file whose name gives an id already taken gets
    the id with the first 8 hex digits of its hash appended.
    """
    doc = parsed.document
    existing = source_by_hash(conn, doc.content_hash)
    if existing:
        return existing, False
    source = parsed.source
    sid = source.id
    if conn.execute("SELECT 1 FROM evidence_sources WHERE id = ?", (sid,)).fetchone():
        sid = f"{sid}-{doc.content_hash[:8]}"
        source = source.model_copy(update={"id": sid})
        parsed.source = source
    with transaction(conn):
        conn.execute(
            "INSERT INTO evidence_sources (id, content_hash, path, media_type, language, source, "
            "card, segments, original, added) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (sid, doc.content_hash, doc.path, doc.media_type, doc.language,
             source.model_dump_json(exclude_none=True), json.dumps(parsed.card, ensure_ascii=False),
             json.dumps([s.to_dict() for s in parsed.segments], ensure_ascii=False),
             doc.original, _now()))
    return sid, True


def add_statements(conn: sqlite3.Connection, statements) -> int:
    """Store statements (already present ones are left alone); return how many were new."""
    from accord.evidence.extract import EXTRACTOR_VERSION

    added = 0
    now = _now()
    with transaction(conn):
        for st in statements:
            cur = conn.execute(
                'INSERT OR IGNORE INTO evidence_statements (id, source_id, scenario, speaker, '
                'speaker_name, reported_by, issues, about, quote, sentence, start, "end", '
                'sentence_start, sentence_end, date, date_text, date_precision, segment, rule, verb, '
                'confidence, language, file, dates, extractor, added) VALUES '
                '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
                (st.id, st.source, st.scenario, st.speaker, st.speaker_name, st.reported_by,
                 json.dumps(st.issues), json.dumps(st.about), st.quote, st.text, st.start, st.end,
                 st.sentence_start, st.sentence_end, st.date.isoformat() if st.date else None,
                 st.date_text, st.date_precision, st.segment, st.rule, st.verb, st.confidence,
                 st.language, st.file, json.dumps(st.dates, ensure_ascii=False),
                 EXTRACTOR_VERSION, now))
            added += cur.rowcount
    return added


def add_file(conn: sqlite3.Connection, path: str | Path, scenario, extractor=None) -> AddedFile:
    """Read, locate, extract and store one file, attributing with ``scenario``'s actors."""
    from accord.evidence.extract import Extractor
    from accord.evidence.ingest import read_document
    from accord.evidence.provenance import parse_provenance

    doc = read_document(path)
    existing = source_by_hash(conn, doc.content_hash)
    parsed = parse_provenance(doc, source_id=existing)
    sid, new = add_source(conn, parsed)
    statements = (extractor or Extractor(scenario)).extract(parsed)
    for st in statements:
        st.source = sid
    added = add_statements(conn, statements)
    total = conn.execute("SELECT count(*) FROM evidence_statements WHERE source_id = ? AND "
                         "scenario IS ?", (sid, scenario.id)).fetchone()[0]
    return AddedFile(str(path), sid, new, added, total)


_COLUMNS = ("id", "source_id", "scenario", "speaker", "speaker_name", "reported_by", "issues",
            "about", "quote", "sentence", "start", "end", "sentence_start", "sentence_end", "date",
            "date_text", "date_precision", "segment", "rule", "verb", "confidence", "language",
            "file", "dates")


def _statement(row: sqlite3.Row) -> dict[str, Any]:
    d = {k: row[k] for k in _COLUMNS}
    for k in ("issues", "about", "dates"):
        d[k] = json.loads(d[k])
    return d


def list_statements(conn: sqlite3.Connection, *, actor: str | None = None,
                    issue: str | None = None, source: str | None = None,
                    scenario: str | None = None) -> list[dict[str, Any]]:
    """Stored statements in source order, filtered by speaker (actor id or name), issue id,
    source id and scenario id."""
    where, args = [], []
    if actor:
        where.append("(speaker = ? OR lower(speaker_name) = lower(?))")
        args += [actor, actor]
    if issue:
        where.append("EXISTS (SELECT 1 FROM json_each(evidence_statements.issues) WHERE value = ?)")
        args.append(issue)
    if source:
        where.append("source_id = ?")
        args.append(source)
    if scenario:
        where.append("scenario = ?")
        args.append(scenario)
    sql = "SELECT * FROM evidence_statements"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY source_id, start, speaker_name"
    return [_statement(r) for r in conn.execute(sql, args)]


def get_statement(conn: sqlite3.Connection, statement_id: str) -> dict[str, Any] | None:
    row = conn.execute("SELECT * FROM evidence_statements WHERE id = ?", (statement_id,)).fetchone()
    return _statement(row) if row else None


def get_source(conn: sqlite3.Connection, source_id: str) -> dict[str, Any] | None:
    row = conn.execute("SELECT * FROM evidence_sources WHERE id = ?", (source_id,)).fetchone()
    if row is None:
        return None
    return {"id": row["id"], "content_hash": row["content_hash"], "path": row["path"],
            "media_type": row["media_type"], "language": row["language"],
            "source": json.loads(row["source"]), "card": json.loads(row["card"]),
            "segments": json.loads(row["segments"]), "original": row["original"],
            "added": row["added"]}


def list_sources(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    rows = conn.execute("SELECT s.id, s.path, s.content_hash, s.language, s.source, "
                        "(SELECT count(*) FROM evidence_statements t WHERE t.source_id = s.id) AS n "
                        "FROM evidence_sources s ORDER BY s.id").fetchall()
    return [{"id": r["id"], "path": r["path"], "content_hash": r["content_hash"],
             "language": r["language"], "source": json.loads(r["source"]), "statements": r["n"]}
            for r in rows]


def counts(conn: sqlite3.Connection) -> tuple[int, int]:
    """(sources, statements) stored."""
    return (conn.execute("SELECT count(*) FROM evidence_sources").fetchone()[0],
            conn.execute("SELECT count(*) FROM evidence_statements").fetchone()[0])
