"""Whether the evidence extractor's ISSUE choice generalises: leave-one-negotiation-out.

All development passages (``dev``, ``heldout``, ``heldout2``, demoted to development data on 3
December 2026 in round 6, ``heldout3``, ``heldout4``, demoted the same day in round 7,
``heldout5``, demoted in round 8, ``heldout6``, demoted in round 9, and ``heldout7``, demoted
after round 10: 143 with their texts in the cache of round 10) are extracted once and scored one negotiation at a
time. For each negotiation (the fold left out) it prints the speaker+issue precision and recall
and, crucially, the *right-issue share*: of the labels matched at the speaker level (right
speaker, right sentence), how many are also matched with the labelled issue. The rules have no
fitted parameters, so each fold's figure is an out-of-negotiation figure for whatever the rules
learned from the other negotiations — except where a word list was written on the negotiation's
own passages: the built-in war scenario's keyword lexicon (``lexicon/issues.yaml``) was written
on Russia–Ukraine passages, so that fold is also printed without it (``--no-keyword-lexicon``
scores every fold so).

``--confusion`` lists, over the speaker matches whose issue is wrong, labelled issue → chosen
issue (counts; ``scenario`` for any scenario issue), and ``-v`` each such pair with its
sentence (all of these are development passages now).

    ACCORD_EVIDENCE_CACHE=/work/evidence-dev8 .venv/bin/python benchmarks/eval_issue.py [--confusion] [-v]

``--splits dev,heldout3`` restricts the passages (all seven by default); the rows ``ALL <split>``
give each set's figure, so that a change written on one set is judged on the others.

Constants of the issue choice can be overridden for an experiment with ``--set NAME=VALUE``
(``accord.evidence.issues`` module attributes, or ``extract.NAME``), so that a fitted constant is chosen on the
other negotiations' folds only.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks" / "evidence"))
sys.path.insert(0, str(ROOT / "benchmarks"))

# the development splits of eval_evidence.py (never the sealed set)
SPLITS = ("dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6",
          "heldout7")


def load_all(splits=SPLITS):
    from eval_evidence import load_split

    passages, missing = [], []
    for split in splits:
        p, m = load_split(split)
        passages += p
        missing += m
    return passages, missing


def _issue_kind(issue: str) -> str:
    return issue if issue in ("process", "other") else "scenario"


def fold_table(passages, rows):
    """(fold name, language, speaker Counts, speaker+issue Counts) per negotiation."""
    import dataset

    result = dataset.score(passages, rows)
    by_source = dataset.group_rows(rows)
    table = defaultdict(lambda: {"speaker": dataset.Counts(), "issue": dataset.Counts()})
    for p in passages:
        for level in ("speaker", "issue"):
            c = dataset.Counts(len(result["pairs"][level][p.id]), len(by_source.get(p.id, [])),
                               len(p.labels))
            for key in ((p.negotiation, "all"), (p.negotiation, p.lang), ("ALL", "all"),
                        ("ALL", p.lang), ("ALL " + p.split, "all")):
                table[key][level].add(c)
    return table, result


def print_table(title, table):
    print(f"\n== {title}")
    print(f"{'negotiation (fold left out)':28} {'lang':4} {'spk+iss P':>9} {'R':>5} {'F1':>5} "
          f"{'spk R':>5} {'spk m.':>6} {'iss m.':>6} {'right-issue share':>17} {'labels':>6}")
    keys = sorted(k for k in table if not k[0].startswith("ALL")) + \
        sorted(k for k in table if k[0].startswith("ALL"))
    for key in keys:
        s, i = table[key]["speaker"], table[key]["issue"]
        share = i.matched / s.matched if s.matched else float("nan")
        print(f"{key[0]:28} {key[1]:4} {i.precision:9.2f} {i.recall:5.2f} {i.f1:5.2f} "
              f"{s.recall:5.2f} {s.matched:6d} {i.matched:6d} {share:17.2f} {i.labelled:6d}")
    # the mean over folds weighs each negotiation once (Russia–Ukraine is half the labels)
    folds = [k for k in table if not k[0].startswith("ALL") and k[1] == "all"]
    shares = [table[k]["issue"].matched / table[k]["speaker"].matched for k in folds
              if table[k]["speaker"].matched]
    recalls = [table[k]["issue"].recall for k in folds]
    print(f"mean over {len(folds)} folds: right-issue share {sum(shares) / len(shares):.2f}, "
          f"speaker+issue R {sum(recalls) / len(recalls):.2f}")


def confusion(passages, rows, result, verbose):
    """Labelled → chosen issue over speaker matches that the issue level lost."""
    import dataset

    by_source = dataset.group_rows(rows)
    counts = Counter()
    for p in passages:
        mine = by_source.get(p.id, [])
        good = {a for a, _ in result["pairs"]["issue"][p.id]}
        for a, b in result["pairs"]["speaker"][p.id]:
            if a in good:
                continue
            lab, row = p.labels[a], mine[b]
            got = ",".join(row.get("issues") or []) or "-"
            counts[(_issue_kind(lab.issue), _issue_kind(got))] += 1
            if verbose:
                print(f"  {p.id:14} want {lab.issue:20} got {got:20} | "
                      f"{row.get('sentence', '')[:150]!r}")
    print("\n== right speaker, wrong issue: labelled → chosen (kinds)")
    for (want, got), n in counts.most_common():
        print(f"  {want:9} → {got:9} {n:4d}")


def _set(name: str, value: str) -> None:
    """Set a constant of ``accord.evidence.issues`` (``NAME``) or of another evidence module
    (``extract.NAME``); an empty value is False."""
    import importlib

    module, _, attr = name.rpartition(".")
    mod = importlib.import_module(f"accord.evidence.{module or 'issues'}")
    setattr(mod, attr, type(getattr(mod, attr))(value))


def grid(passages, spec, lexicon):
    """Leave-one-negotiation-out choice of one constant of the issue choice."""
    from accord.evidence import issues as issues_mod
    from eval_evidence import extract_passages

    name, values = spec.split("=", 1)
    issues_mod.KEYWORD_LEXICON = lexicon
    tables = {}
    for v in values.split(","):
        _set(name, v)
        with tempfile.TemporaryDirectory() as tmp:
            rows = extract_passages(passages, Path(tmp))
        tables[v], _ = fold_table(passages, rows)
        print_table(f"{name} = {v} (keyword lexicon {'on' if lexicon else 'off'})", tables[v])
    folds = sorted({k[0] for k in next(iter(tables.values())) if not k[0].startswith("ALL")})
    print(f"\n== {name} chosen leave-one-negotiation-out (most speaker+issue matches, then "
          "fewest extractions, on the other folds)")
    import dataset

    spk, iss = dataset.Counts(), dataset.Counts()
    for fold in folds:
        def others(v, fold=fold):
            t = tables[v]
            m = sum(t[(f, "all")]["issue"].matched for f in folds if f != fold)
            e = sum(t[(f, "all")]["issue"].extracted for f in folds if f != fold)
            return (m, -e)
        best = max(tables, key=others)
        s, i = tables[best][(fold, "all")]["speaker"], tables[best][(fold, "all")]["issue"]
        spk.add(s)
        iss.add(i)
        print(f"{fold:28} {name} = {best:6} spk+iss P {i.precision:.2f} R {i.recall:.2f}  "
              f"right-issue share {i.matched}/{s.matched}")
    print(f"{'pooled':28} spk+iss P {iss.precision:.2f} R {iss.recall:.2f}  right-issue share "
          f"{iss.matched}/{spk.matched} = {iss.matched / spk.matched:.2f}")
    return 0


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--confusion", action="store_true")
    ap.add_argument("-v", action="store_true", help="list the lost issue matches")
    ap.add_argument("--no-keyword-lexicon", action="store_true",
                    help="score without lexicon/issues.yaml (the scenario's own words only)")
    ap.add_argument("--splits", default=",".join(SPLITS),
                    help="comma-separated splits to read (default: all development splits)")
    ap.add_argument("--lexicon-only", action="store_true",
                    help="score with the keyword lexicon only (one extraction run)")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    ap.add_argument("--grid", metavar="NAME=V1,V2,...",
                    help="choose one constant leave-one-negotiation-out: for each fold, the "
                         "value with the most speaker+issue matches on the other folds, scored "
                         "on the fold")
    args = ap.parse_args(argv)
    from accord.evidence import issues as issues_mod
    from eval_evidence import extract_passages

    for item in args.set:
        name, value = item.split("=", 1)
        _set(name, value)
    splits = tuple(args.splits.split(","))
    passages, missing = load_all(splits)
    print(f"{len(passages)} passages read ({', '.join(splits)}), {len(missing)} skipped; "
          f"load average {os.getloadavg()[0]:.2f}")
    if args.grid:
        return grid(passages, args.grid, not args.no_keyword_lexicon)
    variants = [("with the keyword lexicon", False), ("without the keyword lexicon", True)]
    if args.no_keyword_lexicon:
        variants = variants[1:]
    elif args.lexicon_only:
        variants = variants[:1]
    for title, off in variants:
        issues_mod.KEYWORD_LEXICON = not off
        t0 = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp:
            rows = extract_passages(passages, Path(tmp))
        table, result = fold_table(passages, rows)
        print_table(f"{title} ({time.perf_counter() - t0:.0f} s)", table)
        if args.confusion or args.v:
            confusion(passages, rows, result, args.v)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
