"""benchmarks/evidence/recache.py on a synthetic passage record in tmp_path (no network): a page
text given with its leading " date …" line is cut at the recorded offsets, checked against the
recorded SHA-256 and written to the cache; a wrong page text is refused with the passage id."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RECACHE = ROOT / "benchmarks" / "evidence" / "recache.py"

PAGE = "Header line\n\nThe passage „with“ typographic quotes\u00a0and a dash – ends here.\nTail text."


@pytest.fixture(scope="module")
def rc():
    spec = importlib.util.spec_from_file_location("evidence_recache", RECACHE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def evidence(tmp_path: Path) -> Path:
    start = PAGE.index("The passage")
    end = PAGE.index("Tail") - 1
    passage = PAGE[start:end]
    for split in ("dev", "heldout"):
        (tmp_path / split).mkdir()
    record = {"id": "xx-t-01", "text_source": {
        "url": "https://example.org/a", "of": "page text", "offsets": [start, end],
        "chars": len(passage), "sha256": hashlib.sha256(passage.encode()).hexdigest()},
        "statements": []}
    (tmp_path / "dev" / "xx-t-01.json").write_text(json.dumps(record), encoding="utf-8")
    (tmp_path / "heldout" / "xx-open.json").write_text(
        json.dumps({"id": "xx-open", "text": "committed"}), encoding="utf-8")
    return tmp_path


def test_add_strips_date_line_and_writes_both_files(rc, evidence: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    how = rc.add(" date 2024-01 " + PAGE + "\n", "xx-t-01", cache, evidence)
    assert "date line removed" in how
    assert (cache / "xx-t-01.txt").read_text(encoding="utf-8").startswith("The passage „with“")
    assert (cache / "pages" / "xx-t-01.txt").read_text(encoding="utf-8").startswith("Header")
    assert rc.status(cache, ["dev", "heldout"], evidence) == {
        "committed": ["xx-open"], "verified": ["xx-t-01"], "mismatch": [], "missing": []}


def test_wrong_page_text_is_refused_naming_the_id(rc, evidence: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    wrong = PAGE.replace("\u00a0", " ")  # a non-breaking space typed as a plain one
    with pytest.raises(rc.RecacheError, match="xx-t-01: SHA-256 mismatch"):
        rc.add(wrong, "xx-t-01", cache, evidence)
    assert not cache.exists()
    assert rc.status(cache, ["dev"], evidence)["missing"] == ["xx-t-01"]


def test_command_line(rc, evidence: Path, tmp_path: Path, capsys):
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    cache = tmp_path / "cache"
    argv = ["--evidence", str(evidence)]
    assert rc.main([*argv, "add", str(page), "xx-t-01", "--cache", str(cache)]) == 0
    assert rc.main([*argv, "add", str(page), "nope", "--cache", str(cache)]) == 2
    assert rc.main([*argv, "status", "--cache", str(cache), "--split", "dev"]) == 0
    assert "verified    1  xx-t-01" in capsys.readouterr().out
