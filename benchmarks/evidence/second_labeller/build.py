"""Write the second labeller's passage files from the working files.

The working files (git-ignored, ``benchmarks/evidence/cache/second_labeller/*.py``; they quote
texts whose licence is unclear) each define ``P = {passage id: {"S": [statement tuples],
"N": [notes]}}`` with a statement tuple ``(speaker, speaker_surface, reported_by, issue,
stance_hint, quote_span, support_spans, confidence)``. For every passage this copies the
passage's metadata (never its labels or notes) from ``dev/`` or ``heldout/``, checks that every
span is an exact substring occurring once in the passage text and that every issue is in the
passage's scenario (or ``process`` / ``other``), and writes ``second_labeller/<id>.json`` in the
record shape of the first labeller's files.

    python benchmarks/evidence/second_labeller/build.py [--check]
"""

from __future__ import annotations

import json
import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
EVIDENCE = HERE.parent
sys.path.insert(0, str(EVIDENCE))
sys.path.insert(0, str(HERE))

from show import passage_file, text_of  # noqa: E402

WORK = EVIDENCE / "cache" / "second_labeller"
META = ("id", "lang", "negotiation", "scenario", "url", "title", "date", "licence", "text",
        "sha256", "text_source")
FIELDS = ("speaker", "speaker_surface", "reported_by", "issue", "stance_hint", "quote_span",
          "support_spans", "confidence")


def issues_of(scenario: str) -> set[str]:
    from dataset import EXTRA_ISSUES, scenario_path

    from accord.api import load

    return {i.id for i in load(scenario_path(scenario)).issues} | set(EXTRA_ISSUES)


def build(pid: str, entry: dict, write: bool = True) -> list[str]:
    record = json.loads(passage_file(pid).read_text(encoding="utf-8"))
    meta = {k: record[k] for k in META if k in record}
    _, text = text_of(pid)
    allowed = issues_of(meta["scenario"])
    errors, statements = [], []
    for k, row in enumerate(entry["S"]):
        if len(row) != len(FIELDS):
            errors.append(f"{pid} #{k}: {len(row)} fields")
            continue
        st = dict(zip(FIELDS, row))
        st["support_spans"] = list(st["support_spans"])
        for span in [st["quote_span"], *st["support_spans"]]:
            n = text.count(span) if span else 0
            if n != 1:
                errors.append(f"{pid} #{k}: span occurs {n} times: {span[:70]!r}")
        if st["issue"] not in allowed:
            errors.append(f"{pid} #{k}: issue {st['issue']!r} not in {sorted(allowed)}")
        if st["confidence"] not in ("high", "medium"):
            errors.append(f"{pid} #{k}: confidence {st['confidence']!r}")
        statements.append(st)
    if write and not errors:
        out = {**meta, "labeller": "second (evlabel2)", "statements": statements,
               "unlabeled_notes": list(entry.get("N", []))}
        (HERE / f"{pid}.json").write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n",
                                          encoding="utf-8")
    return errors


def main(argv: list[str]) -> int:
    entries: dict[str, dict] = {}
    for f in sorted(WORK.glob("*.py")):
        entries.update(runpy.run_path(str(f))["P"])
    errors = []
    for pid, entry in sorted(entries.items()):
        errors += build(pid, entry, write="--check" not in argv)
    for e in errors:
        print(e)
    print(f"{len(entries)} passages, {sum(len(e['S']) for e in entries.values())} statements, "
          f"{len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
