"""Precision and recall of the statement extractor against the hand annotations.

Runs ``accord.evidence`` on the two seed articles and the English test article and compares the
statements with ``tests/evidence/annotations.yaml`` (see :func:`accord.evidence.extract.evaluate`
for what counts as a match). Prints P/R per article and overall, issue-label P/R on the matched
statements, and with ``-v`` every miss and every statement nobody annotated.

    .venv/bin/python benchmarks/eval_evidence.py [SCENARIO] [-v]

SCENARIO defaults to the built-in ``ukraine-talks-2026-01``; ``tests/evidence/talks-mini.yaml``
checks that the rules do not lean on the built-in scenario's long alias lists.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests" / "evidence"


def main(argv: list[str]) -> int:
    from accord.api import load
    from accord.evidence.extract import Extractor, evaluate
    from accord.evidence.ingest import read_document
    from accord.evidence.provenance import parse_provenance
    from accord.scenario.builtin import source_text_path

    verbose = "-v" in argv
    args = [a for a in argv if a != "-v"]
    scenario = load(args[0] if args else "ukraine-talks-2026-01")
    annotations = YAML(typ="safe").load((TESTS / "annotations.yaml").read_text("utf-8"))["sources"]
    t0 = time.perf_counter()
    extractor = Extractor(scenario)
    totals = {"matched": 0, "extracted": 0, "annotated": 0}
    issue_counts = [0, 0, 0]
    print(f"scenario {scenario.id}")
    print(f"{'article':32} {'P':>5} {'R':>5} {'match':>6} {'extr.':>6} {'annot.':>6} "
          f"{'issueP':>7} {'issueR':>7}")
    for name, items in annotations.items():
        path = TESTS / name if (TESTS / name).exists() else source_text_path(name)
        doc = read_document(path)
        statements = extractor.extract(parse_provenance(doc))
        r = evaluate(items, statements, doc.original, extractor)
        for k in totals:
            totals[k] += r[k]
        for a, st in r["pairs"]:
            got = {k for i in st.issues for k in extractor.issues.lexicon_keys.get(i, [])}
            want = set(a.get("issues") or [])
            issue_counts[0] += len(got & want)
            issue_counts[1] += len(got - want)
            issue_counts[2] += len(want - got)
        print(f"{name:32} {r['precision']:5.2f} {r['recall']:5.2f} {r['matched']:6d} "
              f"{r['extracted']:6d} {r['annotated']:6d} {r['issue_precision']:7.2f} "
              f"{r['issue_recall']:7.2f}")
        if verbose:
            for a in r["missed"]:
                print(f"    missed   {a['speaker']}: {a['text']}")
            for st in r["spurious"]:
                print(f"    spurious {st.speaker or st.speaker_name} ({st.rule}): "
                      f"{' '.join(st.text.split())[:100]}")
    tp, fp, fn = issue_counts
    print(f"{'overall':32} {totals['matched'] / totals['extracted']:5.2f} "
          f"{totals['matched'] / totals['annotated']:5.2f} {totals['matched']:6d} "
          f"{totals['extracted']:6d} {totals['annotated']:6d} {tp / (tp + fp):7.2f} "
          f"{tp / (tp + fn):7.2f}")
    print(f"({time.perf_counter() - t0:.2f} s including spaCy and lingua start-up)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
