"""`accord evidence add` stores a source and its statements in one transaction: a process
killed between the two (kill -9) leaves neither, and the next run stores both (issue 19)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from accord.scenario.builtin import source_text_path
from accord.store.evidence import add_file, connect_evidence, counts

ARTICLE = "000_e41624a6a8d50914.txt"  # a seed article packaged with Accord


@pytest.mark.slow
def test_a_kill_between_source_and_statements_stores_nothing(tmp_path):
    db = tmp_path / "accord.db"
    # A child process adds the article and is killed (SIGKILL: no clean-up, no rollback code)
    # the moment the first statement is written — after the source row, inside the transaction.
    child = textwrap.dedent(f"""
        import os, signal
        import accord.store.evidence as ev
        from accord.api import load
        from accord.scenario.builtin import source_text_path
        real = ev._insert_statements
        def killed(conn, statements):
            assert conn.execute("SELECT count(*) FROM evidence_sources").fetchone()[0] == 1
            os.kill(os.getpid(), signal.SIGKILL)
        ev._insert_statements = killed
        conn = ev.connect_evidence({str(db)!r})
        ev.add_file(conn, source_text_path({ARTICLE!r}), load("ukraine-talks-2026-01"))
    """)
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True)
    assert done.returncode == -9, done.stderr
    conn = connect_evidence(db)
    assert counts(conn) == (0, 0)  # no source without its statements
    from accord.api import load

    added = add_file(conn, source_text_path(ARTICLE), load("ukraine-talks-2026-01"))
    assert added.new_source and added.statements_added == added.statements_total > 0
    assert counts(conn) == (1, added.statements_total)
    conn.close()
