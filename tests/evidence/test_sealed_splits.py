"""The evidence sets labelled after the first one: heldout2 to heldout8
(benchmarks/evidence/heldoutN/, README "Second/Third/Fourth/Fifth/Sixth/Seventh/Eighth held-out
set (heldoutN)").

heldout2 was demoted to development data in round 6, heldout3 and heldout4 in round 7, and
heldout5 (labelled in round 7 to judge it, scored twice in aggregate) in round 8, and heldout6
(labelled in round 8 to judge it, scored twice in aggregate) in round 9, and heldout7 (labelled
to judge round 9, it judged round 10, scored twice in aggregate) after round 10 (all on 3 December
2026): they may be read and their errors listed, but they stay named splits that
``dataset.py`` reads only when asked for by name (not in ``all``), which is what these tests
check, with their records and counts. heldout8, labelled on 3 December 2026 after heldout7
judged round 10, is sealed: it judges the next round.

Their passages' texts are not in the repository (unclear licences): without the local cache
these tests check only the committed records — fields, offsets, SHA-256 hex, issues valid for
each passage's scenario, new URLs, the language balance and the counts of the README's table.
With the cache (``ACCORD_EVIDENCE_CACHE`` or ``benchmarks/evidence/cache/``) they also load the
split and run ``check`` on it: every span exact and unique, every checksum right. Nothing is
skipped. No label content is asserted, only shape and counts.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EVIDENCE = ROOT / "benchmarks" / "evidence"
FIELDS = {"speaker", "speaker_surface", "reported_by", "issue", "stance_hint", "quote_span",
          "support_spans", "confidence"}
#: each sealed set, its README heading, and the folders labelled before it (its URLs are new
#: against all of them)
SEALED = {
    "heldout2": ("Second", ("dev", "heldout", "second_labeller")),
    "heldout3": ("Third", ("dev", "heldout", "heldout2", "second_labeller")),
    "heldout4": ("Fourth", ("dev", "heldout", "heldout2", "heldout3", "second_labeller")),
    "heldout5": ("Fifth", ("dev", "heldout", "heldout2", "heldout3", "heldout4",
                           "second_labeller")),
    "heldout6": ("Sixth", ("dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5",
                           "second_labeller")),
    "heldout7": ("Seventh", ("dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5",
                             "heldout6", "second_labeller")),
    "heldout8": ("Eighth", ("dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5",
                            "heldout6", "heldout7", "second_labeller")),
}


@pytest.fixture(scope="module", params=list(SEALED))
def split(request):
    return request.param


@pytest.fixture(scope="module")
def records(ds, split):
    files = ds.passage_files(split)
    assert files, f"no {split} passage files"
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in files}


def readme_table(split: str) -> dict[str, list[int]]:
    """negotiation → [de passages, de statements, en passages, en statements] (and "all")."""
    text = (EVIDENCE / "README.md").read_text(encoding="utf-8")
    heading = f"## {SEALED[split][0]} held-out set ({split})"
    section = text.split(heading, 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip().strip("*") for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and all(c.isdigit() for c in cells[1:]):
            rows[cells[0]] = [int(c) for c in cells[1:]]
    assert "all" in rows, f"README {split} table has no 'all' row"
    return rows


def test_split_is_registered_but_not_default(ds, split):
    assert split in ds.SPLITS
    assert split not in ds.ALL
    assert ds.load.__defaults__[0] == "dev"


def test_records_are_well_formed(records, split):
    ident = re.compile(rf"^(de|en)-[a-z]+-h{split[-1]}\d\d$")
    for pid, rec in records.items():
        m = ident.match(pid)
        assert m and rec["id"] == pid and rec["lang"] == m.group(1), pid
        assert "text" not in rec and rec["licence"].startswith("unclear"), pid
        src = rec["text_source"]
        start, end = src["offsets"]
        assert 0 <= start < end and end - start == src["chars"], pid
        assert 1000 <= src["chars"] <= 2000, pid
        assert re.fullmatch(r"[0-9a-f]{64}", src["sha256"]), pid
        assert src["url"] == rec["url"], pid
        assert rec["statements"], pid
        for st in rec["statements"]:
            assert FIELDS <= set(st), pid
            assert st["quote_span"] and all(st["support_spans"]), pid
            assert st["confidence"] in ("high", "medium"), pid


def test_issues_are_valid_for_each_scenario(ds, records):
    from accord.api import load as load_scenario

    issues = {}
    for pid, rec in records.items():
        ref = rec["scenario"]
        if ref not in issues:
            issues[ref] = {i.id for i in load_scenario(ds.scenario_path(ref)).issues}
        for st in rec["statements"]:
            assert st["issue"] in issues[ref] | set(ds.EXTRA_ISSUES), (pid, st["issue"])


def test_urls_are_new(records, split):
    used = set()
    for folder in SEALED[split][1]:
        for path in (EVIDENCE / folder).glob("*.json"):
            used.add(json.loads(path.read_text(encoding="utf-8"))["url"])
    assert not {rec["url"] for rec in records.values()} & used
    assert len({rec["url"] for rec in records.values()}) == len(records)


def test_counts_match_readme_and_languages_are_balanced(records, split):
    got: dict[str, list[int]] = {}
    for rec in records.values():
        k = 0 if rec["lang"] == "de" else 2
        for key in (rec["negotiation"], "all"):
            row = got.setdefault(key, [0, 0, 0, 0])
            row[k] += 1
            row[k + 1] += len(rec["statements"])
    assert got == readme_table(split)
    by_lang = Counter(rec["lang"] for rec in records.values())
    assert by_lang["de"] == by_lang["en"]


def test_split_loads_and_checks_when_the_cache_is_present(ds, records, split):
    cache = ds.cache_dir()
    if all((cache / f"{pid}.txt").exists() for pid in records):
        passages = ds.check([split])
        assert {p.id for p in passages} == set(records)
        assert all(p.split == split for p in passages)
        table = readme_table(split)
        assert sum(len(p.labels) for p in passages) == table["all"][1] + table["all"][3]
    else:  # no cache: the records alone (the other tests) are what can be checked
        assert not any("text" in rec for rec in records.values())


def test_the_sealed_sets_errors_are_never_listed(ds, tmp_path, capsys):
    """heldout8 (labelled after heldout7 judged round 10, to judge the next round) is scored
    in aggregate only: ``score -v`` refuses it before reading anything (eval_evidence.py passes
    it no -v either)."""
    assert ds.SEALED == ("heldout8",)
    results = tmp_path / "none.json"      # never read: the refusal comes first
    with pytest.raises(SystemExit) as exc:
        ds.main(["score", str(results), "--split", "heldout8", "-v"])
    assert exc.value.code == 2 and "sealed" in capsys.readouterr().err


def test_eval_evidence_scores_the_sealed_set_in_aggregate_only():
    """``eval_evidence.py --heldout8`` exists, and heldout8 is not among the splits whose
    errors ``-v`` may list (nor among those train_evidence.py reads)."""
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import eval_evidence

    assert "heldout8" in {split for split, _ in eval_evidence.HELD_OUT_FLAGS}
    assert "heldout8" not in eval_evidence.DEVELOPMENT_SPLITS
