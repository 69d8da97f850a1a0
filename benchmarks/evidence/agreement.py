"""Agreement between the two labellers of the evidence set — the ceiling for any extractor.

The first labeller's labels are in ``dev/`` and ``heldout/``; the second labeller's, made
independently from the passage text alone (``second_labeller/``, README.md), are in
``second_labeller/<id>.json``. Each labeller's labels are turned into "extracted statements"
(speaker, issue, the span it points at) and scored against the other's labels with the
project's own one-to-one scorer, :func:`dataset.score`: the same speaker, overlapping text,
and at the issue level the same issue. Scoring labeller 2 against labeller 1 gives precision =
share of labeller 2's labels that labeller 1 also has, recall = share of labeller 1's labels
that labeller 2 also has; the other direction swaps the two (the counts can differ by a few,
because overlap is tested between one side's located span and the other side's quote *and*
support spans).

Two ways of locating a labeller's statement as an "extraction":

- ``sentence`` (the headline figure): the sentence(s) the quote span lies in — what an
  extractor is scored with (its ``sentence_start``..``sentence_end``);
- ``quote``: the quote span itself, stricter (two labellers quoting different clauses of one
  sentence do not match).

Besides P/R/F1 it prints Cohen's kappa of the issue on the statements both labellers have
(paired at speaker level, same-issue pairs first), and sorts every label the other labeller
lacks into a kind of disagreement:

- ``issue``: the other has the statement (same speaker, same text) on another issue;
- ``granularity``: the other has a label of the same speaker whose quote or support spans
  overlap this label's, but it is paired with another label (one there for two here: merged
  vs split, or a point kept as a support span);
- ``speaker``: the other labelled this text (quote or support spans) only with a different
  speaker (canon or attribution);
- ``left out``: the other labelled nothing here for anyone.

    python benchmarks/evidence/agreement.py [--locate sentence|quote] [-v]

The held-out passages are read (agreement between labellers is not extraction development;
nothing here looks at an extractor's output).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import dataset  # noqa: E402
from dataset import Counts, Passage  # noqa: E402

SECOND = HERE / "second_labeller"

# Development passages on which docs/evidence.md ("Remaining errors", read by the second
# labeller before labelling) quotes a sentence and the first labeller's decision on it. The
# agreement is also printed without them; no held-out passage is among them.
GLIMPSED = frozenset({"de-coal-01", "de-gz-02", "de-mer-01", "de-ru-01", "de-ru-03", "de-ru-10",
                      "de-ru-12", "de-ru-15", "en-ai-01", "en-cop-03", "en-gz-01", "en-mer-01",
                      "en-ru-06"})


def load_pair() -> tuple[list[Passage], list[Passage]]:
    """(first labeller's passages, second labeller's), the same ids in the same order."""
    first = dataset.load("dev") + dataset.load("heldout")
    second = []
    for p in first:
        q = dataset.read_passage(SECOND / f"{p.id}.json")
        if q.text != p.text:
            raise dataset.DatasetError(f"{p.id}: the two labellers' texts differ")
        second.append(dataclasses.replace(q, split=p.split))
    return first, second


def _sentences(text: str) -> list[tuple[int, int]]:
    from accord.evidence.sentences import sentence_spans

    out, pos = [], 0
    for para in text.split("\n"):
        out += [(pos + s, pos + e) for s, e in sentence_spans(para)]
        pos += len(para) + 1
    return out


def as_rows(passage: Passage, locate: str) -> list[dict]:
    """One labeller's labels of a passage as extracted statements for :func:`dataset.score`."""
    sentences = _sentences(passage.text) if locate == "sentence" else []
    rows = []
    for lab in passage.labels:
        s, e = lab.spans[0]
        if locate == "sentence":
            hit = [(a, b) for a, b in sentences if a < e and s < b]
            if hit:
                s, e = min(s, hit[0][0]), max(e, hit[-1][1])
        rows.append({"source_id": passage.id, "speaker_name": lab.speaker, "issues": [lab.issue],
                     "sentence_start": s, "sentence_end": e})
    return rows


def without_process(passages: list[Passage]) -> list[Passage]:
    return [dataclasses.replace(p, labels=[lab for lab in p.labels if lab.issue != "process"])
            for p in passages]


GROUPS = ("all", "lang:de", "lang:en", "split:dev", "split:heldout", "talks:russia-ukraine",
          "talks:other")


def _group_keys(p: Passage) -> list[str]:
    return ["all", f"lang:{p.lang}", f"split:{p.split}",
            "talks:russia-ukraine" if p.russia_ukraine else "talks:other"]


def agreement(gold: list[Passage], other: list[Passage], locate: str) -> dict:
    """Counts per level and group, scoring ``other``'s labels as extractions against ``gold``."""
    rows = [r for p in other for r in as_rows(p, locate)]
    result = dataset.score(gold, rows)
    by_source = dataset.group_rows(rows)
    out: dict = {"levels": {}, "pairs": result["pairs"]}
    for level in ("speaker", "issue"):
        groups: dict[str, Counts] = defaultdict(Counts)
        for p in gold:
            c = Counts(len(result["pairs"][level][p.id]), len(by_source.get(p.id, [])),
                       len(p.labels))
            for g in _group_keys(p):
                groups[g].add(c)
        out["levels"][level] = groups
    return out


def cohen_kappa(pairs: list[tuple[str, str]]) -> float:
    """Cohen's kappa of two raters' categories over the same items.

    Observed agreement 3/4; chance agreement (2·1 + 2·3) / 4² = 1/2; kappa (3/4 − 1/2) / (1/2):

    >>> cohen_kappa([("a", "a"), ("a", "b"), ("b", "b"), ("b", "b")])
    0.5
    """
    n = len(pairs)
    if not n:
        return float("nan")
    observed = sum(a == b for a, b in pairs) / n
    ca, cb = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(ca[k] * cb[k] for k in ca) / n / n
    return (observed - expected) / (1 - expected) if expected < 1 else float("nan")


def paired(gold: list[Passage], other: list[Passage], locate: str) -> dict[str, list]:
    """Per passage, a one-to-one pairing of the two labellers' labels that prefers the same
    issue: the speaker+issue matching, then the speaker matching among the labels left over.
    Returns passage id -> [(gold index, other index, same issue?)]."""
    out = {}
    for p, q in zip(gold, other):
        rows = as_rows(q, locate)
        first = dataset.match_passage(p, rows, "issue")
        used_l, used_r = {i for i, _ in first}, {j for _, j in first}
        left = [i for i in range(len(p.labels)) if i not in used_l]
        right = [j for j in range(len(rows)) if j not in used_r]
        edges = [[k for k, j in enumerate(right)
                  if dataset.compatible(p.labels[i], rows[j], p.scenario, "speaker")]
                 for i in left]
        rest = [(left[a], right[b]) for a, b in dataset.max_matching(edges, len(right))]
        out[p.id] = [(i, j, True) for i, j in first] + [(i, j, False) for i, j in rest]
    return out


def disagreements(gold: list[Passage], other: list[Passage], locate: str) -> list[tuple]:
    """(passage, label index, kind, detail) for every label of ``gold`` that ``other`` lacks
    at the speaker+issue level."""
    pairing = paired(gold, other, locate)
    out = []
    for p, q in zip(gold, other):
        same = {i for i, _, ok in pairing[p.id] if ok}
        issue_only = {i: j for i, j, ok in pairing[p.id] if not ok}
        for i, lab in enumerate(p.labels):
            if i in same:
                continue
            if i in issue_only:
                out.append((p, i, "issue", f"{lab.issue} -> {q.labels[issue_only[i]].issue}"))
                continue
            # any of the other's spans (quote or support) on any of this label's spans
            overlapping = [j for j, theirs in enumerate(q.labels)
                           if any(max(a, c) < min(b, d) for a, b in lab.spans
                                  for c, d in theirs.spans)]
            same_speaker = [j for j in overlapping if dataset.same_speaker(
                dataset.label_speakers(lab, p.scenario),
                dataset.label_speakers(q.labels[j], p.scenario))]
            if same_speaker:
                out.append((p, i, "granularity", "the same speaker's label there is paired with "
                                                 "another one"))
            elif overlapping:
                names = sorted({q.labels[j].speaker for j in overlapping})
                out.append((p, i, "speaker", f"{lab.speaker} -> {' / '.join(names)}"))
            else:
                out.append((p, i, "left out", ""))
    return out


def _fmt(c: Counts) -> str:
    return (f"{c.precision:5.2f} {c.recall:5.2f} {c.f1:5.2f} {c.matched:6d} {c.extracted:6d} "
            f"{c.labelled:6d}")


def report(locate: str, verbose: bool) -> None:
    first, second = load_pair()
    n1, n2 = (sum(len(p.labels) for p in ps) for ps in (first, second))
    print(f"{len(first)} passages; labeller 1: {n1} labels, labeller 2: {n2} labels; "
          f"statements located by their {locate}")
    header = (f"{'gold':10} {'issues':11} {'group':22} {'level':14} {'P':>5} {'R':>5} {'F1':>5} "
              f"{'match':>6} {'extr.':>6} {'labels':>6}")
    for gold_name, gold, other in (("labeller 1", first, second), ("labeller 2", second, first)):
        print(f"\n== gold: {gold_name}, extractions: the other labeller's labels")
        print(header)
        for variant in ("all", "no process"):
            g, o = (gold, other) if variant == "all" else (without_process(gold),
                                                            without_process(other))
            res = agreement(g, o, locate)
            for level, name in (("speaker", "speaker"), ("issue", "speaker+issue")):
                for group in GROUPS:
                    c = res["levels"][level].get(group, Counts())
                    print(f"{gold_name:10} {variant:11} {group:22} {name:14} {_fmt(c)}")

    clean = [k for k, p in enumerate(first) if p.id not in GLIMPSED]
    sub1, sub2 = [first[k] for k in clean], [second[k] for k in clean]
    res = agreement(sub1, sub2, locate)
    print(f"\nwithout the {len(first) - len(clean)} passages whose first labels the second "
          f"labeller had glimpsed (GLIMPSED; gold: labeller 1):")
    for level, name in (("speaker", "speaker"), ("issue", "speaker+issue")):
        for group in ("all", "split:dev", "split:heldout"):
            c = res["levels"][level].get(group, Counts())
            print(f"{'labeller 1':10} {'all':11} {group:22} {name:14} {_fmt(c)}")

    # Cohen's kappa of the issue over the statements both have (labeller 1 as gold).
    pairing = paired(first, second, locate)
    pairs = [(p.labels[i].issue, q.labels[j].issue) for p, q in zip(first, second)
             for i, j, _ in pairing[p.id]]
    binary = [(a == "process", b == "process") for a, b in pairs]
    print(f"\nissue on the {len(pairs)} statements both labellers have (paired by speaker and text): "
          f"same issue {sum(a == b for a, b in pairs)}, Cohen's kappa {cohen_kappa(pairs):.2f}; "
          f"process vs substantive kappa {cohen_kappa(binary):.2f}")
    confusion = Counter((a, b) for a, b in pairs if a != b)
    print("issue changes (labeller 1 -> labeller 2): "
          + ", ".join(f"{a}->{b} {n}" for (a, b), n in confusion.most_common(12)))

    print("\nlabels the other labeller lacks at speaker+issue level, by kind of disagreement")
    for gold_name, gold, other in (("labeller 1", first, second), ("labeller 2", second, first)):
        found = disagreements(gold, other, locate)
        kinds = Counter(k for _, _, k, _ in found)
        by_lang = {lang: Counter(k for p, _, k, _ in found if p.lang == lang)
                   for lang in ("de", "en")}
        total = sum(len(p.labels) for p in gold)
        print(f"  of {gold_name}'s {total} labels, {len(found)} missing in the other's: "
              + ", ".join(f"{k} {kinds[k]}" for k in ("issue", "granularity", "speaker",
                                                       "left out"))
              + "  (de: " + ", ".join(f"{k} {by_lang['de'][k]}" for k in
                                      ("issue", "granularity", "speaker", "left out"))
              + "; en: " + ", ".join(f"{k} {by_lang['en'][k]}" for k in
                                     ("issue", "granularity", "speaker", "left out")) + ")")
        missing_process = sum(1 for p, i, _, _ in found if p.labels[i].issue == "process")
        print(f"    of them on `process`: {missing_process}; medium confidence: "
              f"{sum(1 for p, i, _, _ in found if p.labels[i].confidence == 'medium')}")
        if verbose:
            for p, i, kind, detail in found:
                lab = p.labels[i]
                print(f"    {p.id:10} {kind:11} {lab.speaker} [{lab.issue}] {detail}: "
                      f"{' '.join(lab.quote_span.split())[:90]}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--locate", choices=("sentence", "quote"), default="sentence",
                    help="where a labeller's statement is: its quote's sentence(s) or the quote")
    ap.add_argument("-v", action="store_true", help="list every disagreement")
    args = ap.parse_args(argv)
    try:
        report(args.locate, args.v)
    except dataset.DatasetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
