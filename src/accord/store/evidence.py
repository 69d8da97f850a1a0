"""Evidence in SQLite: sources (with their text, card and labelled segments) and statements.

A source is identified by the SHA-256 of its file's bytes, so adding the same file twice adds
nothing; a statement by its source, scenario, span and speaker. The evidence tables live in the
same file as the rest of the store (``accord.db`` in the user's data directory unless told
otherwise), in WAL mode, and carry their own migrations table
(``evidence_schema_migrations``) so that they can evolve independently of the other tables.

>>> import tempfile, pathlib
>>> conn = connect_evidence(pathlib.Path(tempfile.mkdtemp()) / "accord.db")
>>> [r[0] for r in conn.execute("SELECT version FROM evidence_schema_migrations")]
[1, 2, 3]
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

from accord.errors import AccordError
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
    (2, "statement kinds, joint speakers, statement and article dates, support spans, "
        "proposed actors", """
ALTER TABLE evidence_statements ADD COLUMN kind TEXT NOT NULL DEFAULT 'statement';
ALTER TABLE evidence_statements ADD COLUMN speaker_kind TEXT NOT NULL DEFAULT 'actor';
ALTER TABLE evidence_statements ADD COLUMN speakers TEXT NOT NULL DEFAULT '[]';
ALTER TABLE evidence_statements ADD COLUMN statement_date TEXT;
ALTER TABLE evidence_statements ADD COLUMN article_date TEXT;
ALTER TABLE evidence_statements ADD COLUMN support TEXT NOT NULL DEFAULT '[]';
ALTER TABLE evidence_statements ADD COLUMN proposed_actor TEXT;
CREATE TABLE IF NOT EXISTS evidence_proposed_actors (
    id          TEXT NOT NULL,               -- the id the actor would get
    scenario    TEXT NOT NULL,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,               -- person, organisation
    member_of   TEXT NOT NULL,               -- JSON list of actor ids
    roles       TEXT NOT NULL,               -- JSON list of titles seen with the name
    statements  INTEGER NOT NULL,            -- how many statements it speaks in
    status      TEXT NOT NULL DEFAULT 'proposed',   -- proposed, accepted, rejected
    added       TEXT NOT NULL,
    PRIMARY KEY (scenario, id)
);
"""),
    (3, "candidates set aside as no statement, with the reason", """
ALTER TABLE evidence_statements ADD COLUMN set_aside TEXT;
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


def _source_id(conn: sqlite3.Connection, parsed) -> tuple[str, bool]:
    """``(id, new)`` the source of ``parsed`` has or will have: the stored one for the same
    bytes, else its own id — with the first 8 hex digits of its hash appended when another file
    took that id. Renames ``parsed.source`` accordingly."""
    doc = parsed.document
    existing = source_by_hash(conn, doc.content_hash)
    if existing:
        return existing, False
    sid = parsed.source.id
    if conn.execute("SELECT 1 FROM evidence_sources WHERE id = ?", (sid,)).fetchone():
        sid = f"{sid}-{doc.content_hash[:8]}"
        parsed.source = parsed.source.model_copy(update={"id": sid})
    return sid, True


def _insert_source(conn: sqlite3.Connection, parsed, sid: str) -> None:
    doc, source = parsed.document, parsed.source
    conn.execute(
        "INSERT INTO evidence_sources (id, content_hash, path, media_type, language, source, "
        "card, segments, original, added) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (sid, doc.content_hash, doc.path, doc.media_type, doc.language,
         source.model_dump_json(exclude_none=True), json.dumps(parsed.card, ensure_ascii=False),
         json.dumps([s.to_dict() for s in parsed.segments], ensure_ascii=False),
         doc.original, _now()))


def add_source(conn: sqlite3.Connection, parsed) -> tuple[str, bool]:
    """Store a :class:`~accord.evidence.provenance.ParsedSource`; ``(id, newly added)``.

    The same bytes are stored once. A different file whose name gives an id already taken gets
    the id with the first 8 hex digits of its hash appended.
    """
    with transaction(conn):
        sid, new = _source_id(conn, parsed)
        if new:
            _insert_source(conn, parsed, sid)
    return sid, new


def add_statements(conn: sqlite3.Connection, statements) -> int:
    """Store statements (already present ones are left alone); return how many were new."""
    with transaction(conn):
        return _insert_statements(conn, statements)


def _insert_statements(conn: sqlite3.Connection, statements) -> int:
    from accord.evidence.extract import EXTRACTOR_VERSION

    added = 0
    now = _now()
    for st in statements:
        cur = conn.execute(
            'INSERT OR IGNORE INTO evidence_statements (id, source_id, scenario, speaker, '
            'speaker_name, reported_by, issues, about, quote, sentence, start, "end", '
            'sentence_start, sentence_end, date, date_text, date_precision, segment, rule, verb, '
            'confidence, language, file, dates, extractor, added, kind, speaker_kind, speakers, '
            'statement_date, article_date, support, proposed_actor, set_aside) VALUES '
            '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '
            '?, ?, ?, ?, ?, ?, ?, ?)',
            (st.id, st.source, st.scenario, st.speaker, st.speaker_name, st.reported_by,
             json.dumps(st.issues), json.dumps(st.about), st.quote, st.text, st.start, st.end,
             st.sentence_start, st.sentence_end, st.date.isoformat() if st.date else None,
             st.date_text, st.date_precision, st.segment, st.rule, st.verb, st.confidence,
             st.language, st.file, json.dumps(st.dates, ensure_ascii=False),
             EXTRACTOR_VERSION, now, st.kind, st.speaker_kind,
             json.dumps(st.speakers, ensure_ascii=False),
             st.statement_date.isoformat() if st.statement_date else None,
             st.article_date.isoformat() if st.article_date else None,
             json.dumps(st.support), json.dumps(st.proposed_actor, ensure_ascii=False)
             if st.proposed_actor else None, st.set_aside))
        if st.kind != "set_aside":  # a candidate set aside is stored, but is no statement
            added += cur.rowcount
        if cur.rowcount and st.proposed_actor and st.scenario:
            _propose(conn, st.scenario, st.proposed_actor, now)
    return added


def _actor_id(name: str) -> str:
    import unicodedata

    from accord.scenario.io import slug

    folded = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return slug(folded).replace("-", "_").lower()


def _propose(conn: sqlite3.Connection, scenario: str, actor: dict, now: str) -> None:
    aid = _actor_id(actor["name"])
    row = conn.execute("SELECT member_of, roles FROM evidence_proposed_actors WHERE scenario = ? "
                       "AND id = ?", (scenario, aid)).fetchone()
    if row is None:
        conn.execute("INSERT INTO evidence_proposed_actors (id, scenario, name, kind, member_of, "
                     "roles, statements, added) VALUES (?, ?, ?, ?, ?, ?, 1, ?)",
                     (aid, scenario, actor["name"], actor["kind"],
                      json.dumps(actor.get("member_of", [])), json.dumps(actor.get("roles", [])),
                      now))
        return
    member_of = list(dict.fromkeys(json.loads(row[0]) + actor.get("member_of", [])))
    roles = list(dict.fromkeys(json.loads(row[1]) + actor.get("roles", [])))
    conn.execute("UPDATE evidence_proposed_actors SET statements = statements + 1, member_of = ?, "
                 "roles = ? WHERE scenario = ? AND id = ?",
                 (json.dumps(member_of), json.dumps(roles), scenario, aid))


def list_proposed_actors(conn: sqlite3.Connection, scenario: str | None = None,
                         status: str | None = "proposed") -> list[dict[str, Any]]:
    """Speakers the scenario lacks, proposed as new actors (most statements first)."""
    where, args = [], []
    if scenario:
        where.append("scenario = ?")
        args.append(scenario)
    if status:
        where.append("status = ?")
        args.append(status)
    sql = "SELECT * FROM evidence_proposed_actors"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY statements DESC, id"
    return [{"id": r["id"], "scenario": r["scenario"], "name": r["name"], "kind": r["kind"],
             "member_of": json.loads(r["member_of"]), "roles": json.loads(r["roles"]),
             "statements": r["statements"], "status": r["status"]}
            for r in conn.execute(sql, args)]


def set_proposal_status(conn: sqlite3.Connection, scenario: str, actor_id: str,
                        status: str) -> dict[str, Any]:
    """Mark a proposed actor accepted or rejected. Accepting also attributes its stored
    statements to the new actor id."""
    from accord.errors import AccordError

    row = conn.execute("SELECT name FROM evidence_proposed_actors WHERE scenario = ? AND id = ?",
                       (scenario, actor_id)).fetchone()
    if row is None:
        raise AccordError(f"no proposed actor {actor_id!r} for scenario {scenario!r}; expected "
                          "an id shown by `accord evidence actors`")
    with transaction(conn):
        conn.execute("UPDATE evidence_proposed_actors SET status = ? WHERE scenario = ? AND id = ?",
                     (status, scenario, actor_id))
        if status == "accepted":
            conn.execute("UPDATE evidence_statements SET speaker = ?, speaker_kind = 'actor' "
                         "WHERE scenario = ? AND speaker IS NULL AND speaker_name = ?",
                         (actor_id, scenario, row[0]))
    return next(p for p in list_proposed_actors(conn, scenario, None) if p["id"] == actor_id)


def add_file(conn: sqlite3.Connection, path: str | Path, scenario, extractor=None, *,
             document=None) -> AddedFile:
    """Read, locate, extract and store one file, attributing with ``scenario``'s actors.
    ``document``: the file already read by :func:`accord.evidence.ingest.read_document` (a
    caller that reads every file before storing any)."""
    from accord.evidence.extract import Extractor
    from accord.evidence.ingest import read_document
    from accord.evidence.provenance import parse_provenance

    doc = document if document is not None else read_document(path)
    existing = source_by_hash(conn, doc.content_hash)
    parsed = parse_provenance(doc, source_id=existing)
    # The source and its statements are stored in one transaction: a run killed half-way
    # (kill -9 between two commits once left a source without its statements, and nothing said
    # so) stores nothing, and running it again stores both. Extraction, the slow part, runs
    # before the write lock is taken, on the id the source will have.
    sid, _ = _source_id(conn, parsed)
    statements = (extractor or Extractor(scenario)).extract(parsed)
    with transaction(conn):
        again, new = _source_id(conn, parsed)
        if again != sid:  # another process stored a source under that id meanwhile
            raise AccordError(f"{path}: another process stored evidence at the same time; "
                              "expected one `accord evidence add` at a time — run it again")
        if new:
            _insert_source(conn, parsed, sid)
        for st in statements:
            st.source = sid
        added = _insert_statements(conn, statements)
    total = conn.execute("SELECT count(*) FROM evidence_statements WHERE source_id = ? AND "
                         "scenario IS ? AND kind != 'set_aside'", (sid, scenario.id)).fetchone()[0]
    return AddedFile(str(path), sid, new, added, total)


_COLUMNS = ("id", "source_id", "scenario", "kind", "speaker", "speaker_name", "speaker_kind",
            "speakers", "reported_by", "issues", "about", "quote", "sentence", "start", "end",
            "sentence_start", "sentence_end", "date", "statement_date", "article_date",
            "date_text", "date_precision", "segment", "rule", "verb", "confidence", "language",
            "file", "dates", "support", "proposed_actor", "set_aside")


def _statement(row: sqlite3.Row) -> dict[str, Any]:
    d = {k: row[k] for k in _COLUMNS}
    for k in ("issues", "about", "dates", "speakers", "support"):
        d[k] = json.loads(d[k])
    d["proposed_actor"] = json.loads(d["proposed_actor"]) if d["proposed_actor"] else None
    return d


def list_statements(conn: sqlite3.Connection, *, actor: str | None = None,
                    issue: str | None = None, source: str | None = None,
                    scenario: str | None = None, kind: str | None = "statement") -> list[dict[str, Any]]:
    """Stored statements in source order, filtered by speaker (actor id or name), issue id,
    source id, scenario id and kind ("statement", "analysis" — the author's own —,
    "set_aside" — found by the rules but no statement, with the reason — or None for all)."""
    where, args = [], []
    if kind:
        where.append("kind = ?")
        args.append(kind)
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
                        "(SELECT count(*) FROM evidence_statements t WHERE t.source_id = s.id "
                        "AND t.kind != 'set_aside') AS n "
                        "FROM evidence_sources s ORDER BY s.id").fetchall()
    return [{"id": r["id"], "path": r["path"], "content_hash": r["content_hash"],
             "language": r["language"], "source": json.loads(r["source"]), "statements": r["n"]}
            for r in rows]


def counts(conn: sqlite3.Connection) -> tuple[int, int]:
    """(sources, statements) stored."""
    return (conn.execute("SELECT count(*) FROM evidence_sources").fetchone()[0],
            conn.execute("SELECT count(*) FROM evidence_statements "
                         "WHERE kind != 'set_aside'").fetchone()[0])
