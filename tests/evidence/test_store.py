"""SQLite store: WAL, migrations, content-hash identity, no duplicates on re-ingest."""

from __future__ import annotations

import shutil

import pytest

K, P = "000_e41624a6a8d50914.txt", "001_fb6bf0052e4176c4.txt"


@pytest.fixture()
def conn(tmp_path):
    from accord.store.evidence import connect_evidence

    c = connect_evidence(tmp_path / "accord.db")
    yield c
    c.close()


def test_wal_and_migrations(tmp_path, conn):
    from accord.store.evidence import MIGRATIONS, connect_evidence, migrate

    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    rows = conn.execute("SELECT version, description FROM evidence_schema_migrations").fetchall()
    assert [tuple(r) for r in rows] == [(v, d) for v, d, _ in MIGRATIONS]
    assert migrate(conn) == []  # nothing left to apply
    again = connect_evidence(tmp_path / "accord.db")
    assert again.execute("SELECT count(*) FROM evidence_schema_migrations").fetchone()[0] == len(MIGRATIONS)
    again.close()


def test_reingesting_the_same_file_adds_nothing(tmp_path, conn, scenario, extractor, article_path):
    from accord.store.evidence import add_file, counts, list_statements

    first = add_file(conn, article_path(K), scenario, extractor)
    assert first.new_source and first.statements_added == first.statements_total > 10
    before = counts(conn)
    again = add_file(conn, article_path(K), scenario, extractor)
    assert (again.source_id, again.new_source, again.statements_added) == (first.source_id, False, 0)
    # a copy of the same bytes under another name is the same source
    copy = tmp_path / "copy-of-korybko.txt"
    shutil.copy(article_path(K), copy)
    third = add_file(conn, copy, scenario, extractor)
    assert (third.source_id, third.new_source, third.statements_added) == (first.source_id, False, 0)
    assert counts(conn) == before == (1, first.statements_total)
    stored = [s for s in list_statements(conn, source=first.source_id, kind=None)
              if s["kind"] != "set_aside"]  # candidates set aside are stored, not counted
    assert len({s["id"] for s in stored}) == len(stored) == first.statements_total


def test_stored_statements_round_trip(conn, scenario, extractor, article_path, statements):
    from accord.store.evidence import add_file, get_source, get_statement, list_statements

    added = add_file(conn, article_path(P), scenario, extractor)
    stored = list_statements(conn, source=added.source_id, kind=None)
    assert sorted(s["quote"] for s in stored) == sorted(s.quote for s in statements[P])
    src = get_source(conn, added.source_id)
    assert src["source"]["translator"] == "Viktoriya Limbach"
    for s in stored:
        assert src["original"][s["start"]:s["end"]] == s["quote"]
        assert get_statement(conn, s["id"]) == s
    trump = list_statements(conn, actor="trump")
    assert trump and all(s["speaker"] == "trump" for s in trump)
    aid = list_statements(conn, issue="arms_aid")
    assert aid and all("arms_aid" in s["issues"] for s in aid)
    assert list_statements(conn, actor="Vitaly Portnikov") == list_statements(conn, actor="portnikov")


def test_a_version_2_store_migrates_and_keeps_its_rows(tmp_path):
    """A store written before migration 3 (set_aside) opens, migrates to 3, and keeps every row:
    its statements stay statements, counted and listed as before; proposed actors are kept."""
    import sqlite3

    from accord.store.evidence import MIGRATIONS, connect_evidence, counts, list_sources, \
        list_statements

    path = tmp_path / "accord.db"
    old = sqlite3.connect(path)
    old.execute("CREATE TABLE evidence_schema_migrations (version INTEGER PRIMARY KEY, "
                "description TEXT NOT NULL, applied TEXT NOT NULL)")
    for version, description, sql in MIGRATIONS[:2]:   # the schema as of 9fbd5de
        old.executescript(sql)
        old.execute("INSERT INTO evidence_schema_migrations VALUES (?, ?, ?)",
                    (version, description, "2026-01-30T00:00:00+00:00"))
    old.execute("INSERT INTO evidence_sources VALUES ('src1', 'h1', 'a.txt', 'text/plain', 'en', "
                "'{\"id\": \"src1\"}', '{}', '[]', 'Lavrov said no.', '2026-01-30')")
    # a v2 statement and a v2 analysis, written with the v2 columns only (no set_aside)
    for sid, kind in (("st1", "statement"), ("st2", "analysis")):
        old.execute(
            "INSERT INTO evidence_statements (id, source_id, scenario, speaker, speaker_name, "
            "reported_by, issues, about, quote, sentence, start, \"end\", sentence_start, "
            "sentence_end, date, date_text, date_precision, segment, rule, verb, confidence, "
            "language, file, dates, extractor, added, kind, speaker_kind, speakers, "
            "statement_date, article_date, support, proposed_actor) VALUES (?, 'src1', 'ru', "
            "'lavrov', 'Lavrov', NULL, '[\"process\"]', '[]', 'no', 'Lavrov said no.', 0, 15, 0, "
            "15, NULL, NULL, 'source', 'body', 'speech-verb', 'said', 0.9, 'en', 'a.txt', '[]', "
            "1, '2026-01-30', ?, 'actor', '[]', NULL, NULL, '[]', NULL)", (sid, kind))
    old.execute("INSERT INTO evidence_proposed_actors (id, scenario, name, kind, member_of, roles, "
                "statements, added) VALUES ('x', 'ru', 'X', 'person', '[]', '[]', 2, '2026')")
    old.commit()
    old.close()

    conn = connect_evidence(path)
    try:
        assert [r[0] for r in conn.execute("SELECT version FROM evidence_schema_migrations "
                                           "ORDER BY version")] == [1, 2, 3]
        assert counts(conn) == (1, 2)   # one source; a statement and an analysis, none set aside
        assert [s["id"] for s in list_statements(conn)] == ["st1"]
        every = list_statements(conn, kind=None)
        assert [(s["id"], s["kind"], s["set_aside"]) for s in every] == \
            [("st1", "statement", None), ("st2", "analysis", None)]
        assert list_statements(conn, kind="set_aside") == []
        assert [x["statements"] for x in list_sources(conn)] == [2]
        assert conn.execute("SELECT statements FROM evidence_proposed_actors").fetchone()[0] == 2
    finally:
        conn.close()
