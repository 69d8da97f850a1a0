"""Train the evidence decision models (issue choice, keep or drop) on the development passages.

The rules find candidate statements; ``accord.evidence.decision`` weighs two decisions over
them (which issue; whether the candidate is kept). This script fits both on the *development*
part of the labelled set (``benchmarks/evidence/dev/``; the held-out part is never read), and

1. reports the figures of a cross-validation by passage (each fold's models fitted on the
   other folds' passages, the fold's statements decided and merged by them, then scored one
   to one) — the honest figure for passages the models did not see;
2. reports the figures on the development passages with the models fitted on all of them (the
   figure a tuned model reaches on what it was tuned on: optimistic);
3. writes the weights fitted on all development passages to
   ``src/accord/evidence/lexicon/decision.json`` (``--write``) — only worth it when the
   cross-validated figures beat the rules alone; with the 37 development passages they do not,
   and no weights are shipped.

Training targets, from the labels (``shared/evidence-labelling.md``): a candidate that has the
labelled speaker in a labelled sentence teaches the issue model the labelled issue(s) of that
sentence (the likelihood of any of them, so a sentence with two labels counts both); the keep
model learns whether the candidate, with the issue the issue model gives it, matches a label at
the speaker+issue level. Both are L2-penalised (``--l2``); the keep threshold is 0.5 (keep what
is more likely right than wrong), not tuned.

    .venv/bin/python benchmarks/train_evidence.py [--folds 5] [--l2 1.0] [--write]

Needs the local text cache for the passages whose licence is unclear (``ACCORD_EVIDENCE_CACHE``).
"""

from __future__ import annotations

import argparse
import copy
import random
import sys
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks" / "evidence"))

OUT = ROOT / "src" / "accord" / "evidence" / "lexicon" / "decision.json"


def candidates_of(passages):
    """(passage, extractor, candidates) per passage: the rules' candidates, not yet decided."""
    import dataset
    from accord.api import load as load_scenario
    from accord.evidence.extract import Extractor, set_aside
    from accord.evidence.ingest import document_from_text
    from accord.evidence.provenance import parse_provenance

    extractors = {}
    out = []
    for p in passages:
        if p.scenario not in extractors:
            extractors[p.scenario] = Extractor(load_scenario(dataset.scenario_path(p.scenario)),
                                               decision=False)
        ex = extractors[p.scenario]
        parsed = parse_provenance(document_from_text(p.text, language=p.lang))
        parsed.source.id = p.id
        # every candidate as the extractor has it before deciding: the kinds round 7 sets
        # aside are set aside here too (they take part in the merge, not in the models)
        cands = set_aside(ex.extract(parsed, candidates=True))
        for c in cands:
            c.source = p.id
        out.append((p, ex, cands))
    return out


def _row(st) -> dict:
    return {"source_id": st.source, "speaker": st.speaker, "speaker_name": st.speaker_name,
            "speakers": st.speakers, "issues": st.issues, "start": st.start, "end": st.end,
            "sentence_start": st.sentence_start, "sentence_end": st.sentence_end}


def label_issues(p, st) -> set[str]:
    """The issues of the labels whose speaker and sentence the candidate has."""
    import dataset

    row = _row(st)
    return {lab.issue for lab in p.labels
            if dataset.compatible(lab, row, p.scenario, "speaker")}


# --- the two models -------------------------------------------------------------------------


def _names(dicts) -> list[str]:
    return sorted({k for d in dicts for k in d})


def fit_issue_model(examples, l2: float) -> dict[str, float]:
    """Conditional logit: each example is (options: issue → features, targets: set of issues);
    maximise log Σ_{t ∈ targets} p(t) − l2/2 ‖w‖²."""
    names = _names(f for opts, _ in examples for f in opts.values())
    index = {n: k for k, n in enumerate(names)}
    data = []
    for opts, targets in examples:
        issues = list(opts)
        x = np.zeros((len(issues), len(names)))
        for r, i in enumerate(issues):
            for k, v in opts[i].items():
                x[r, index[k]] = v
        y = np.array([i in targets for i in issues], dtype=float)
        data.append((x, y))

    def loss(w):
        total, grad = 0.5 * l2 * w @ w, l2 * w
        for x, y in data:
            s = x @ w
            s -= s.max()
            e = np.exp(s)
            p = e / e.sum()
            pt = (p * y).sum()
            total -= np.log(pt)
            # d(-log Σ_t p_t)/dw = Σ_i p_i x_i − Σ_t (p_t / pt) x_t
            grad = grad + p @ x - ((p * y) / pt) @ x
        return total, grad

    res = minimize(loss, np.zeros(len(names)), jac=True, method="L-BFGS-B")
    return {n: round(float(w), 4) for n, w in zip(names, res.x)}


def fit_keep_model(examples, l2: float) -> dict[str, float]:
    """Logistic regression: each example is (features, kept?)."""
    names = _names(f for f, _ in examples)
    index = {n: k for k, n in enumerate(names)}
    x = np.zeros((len(examples), len(names)))
    for r, (f, _) in enumerate(examples):
        for k, v in f.items():
            x[r, index[k]] = v
    y = np.array([t for _, t in examples], dtype=float)
    penalty = np.array([0.0 if n == "bias" else l2 for n in names])

    def loss(w):
        z = np.clip(x @ w, -30, 30)
        p = 1 / (1 + np.exp(-z))
        eps = 1e-12
        total = -(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps)).sum()
        total += 0.5 * (penalty * w * w).sum()
        grad = x.T @ (p - y) + penalty * w
        return total, grad

    res = minimize(loss, np.zeros(len(names)), jac=True, method="L-BFGS-B")
    return {n: round(float(w), 4) for n, w in zip(names, res.x)}


def fit(data, l2: float, threshold: float):
    """Both models on the given (passage, extractor, candidates) triples."""
    from accord.evidence.decision import DecisionModel

    issue_examples = []
    for p, _, cands in data:
        for st in cands:
            if st.kind != "statement" or st.candidate is None:
                continue
            targets = label_issues(p, st) & set(st.candidate.options)
            if targets and st.candidate.rank == 0:
                issue_examples.append((st.candidate.options, targets))
    model = DecisionModel(fit_issue_model(issue_examples, l2), {}, threshold)
    keep_examples = []
    for p, ex, cands in data:
        for st in cands:
            if st.kind != "statement" or st.candidate is None:
                continue
            issue, f = ex.weigh(st, model)
            keep_examples.append((f, issue in label_issues(p, st)))
    model.keep_weights = fit_keep_model(keep_examples, l2)
    return model


def decided_rows(data, model) -> list[dict]:
    """The statements the extractors give with ``model``, merged, as scorer rows."""
    from accord.evidence.extract import _merge

    rows = []
    for _, ex, cands in data:
        keep = ex.decision
        ex.decision = model
        try:
            sts = _merge(ex.decide(copy.deepcopy(cands)), ex.gazetteer.actors)
        finally:
            ex.decision = keep
        rows += [_row(st) for st in sts if st.kind == "statement"]
    return rows


def report(title: str, passages, rows) -> None:
    import dataset

    result = dataset.score(passages, rows)
    print(f"\n{title}")
    print(f"{'group':18} {'level':14} {'P':>5} {'R':>5} {'F1':>5} {'match':>6} {'extr.':>6} "
          f"{'labels':>6}")
    for level, name in (("speaker", "speaker"), ("issue", "speaker+issue")):
        for g, c in sorted(result["levels"][level].items()):
            if g.startswith("negotiation"):
                continue
            print(f"{g:18} {name:14} {c.precision:5.2f} {c.recall:5.2f} {c.f1:5.2f} "
                  f"{c.matched:6d} {c.extracted:6d} {c.labelled:6d}")


def load_development():
    """Every development passage whose text is there (``DEVELOPMENT_SPLITS`` of
    ``eval_evidence.py``; the sealed set is never read), with its split, and the count of those
    skipped because their text is not in the cache."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import dataset
    from eval_evidence import DEVELOPMENT_SPLITS, load_split

    assert not set(DEVELOPMENT_SPLITS) & set(dataset.SEALED), "a sealed set among the training"
    passages, split_of, skipped = [], {}, 0
    for split in DEVELOPMENT_SPLITS:
        got, missing = load_split(split)
        passages += got
        split_of.update({p.id: split for p in got})
        skipped += len(missing)
    return passages, split_of, skipped


def cross_validate(data, fold_of, args, nested: bool) -> list[dict]:
    """Rows of every fold's passages, decided by models fitted on the other folds (and, if
    ``nested``, the threshold chosen by an inner leave-one-fold-out on those other folds)."""
    rows = []
    for f in sorted(set(fold_of.values())):
        train = [d for d in data if fold_of[d[0].id] != f]
        test = [d for d in data if fold_of[d[0].id] == f]
        threshold = args.threshold
        if nested:
            threshold = inner_threshold(train, {d[0].id: fold_of[d[0].id] for d in train}, args)
        rows += decided_rows(test, fit(train, args.l2, threshold))
    return rows


THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)


def inner_threshold(data, fold_of, args) -> float:
    """The keep threshold with the best speaker+issue F1 under leave-one-fold-out on ``data``
    alone (the outer fold's passages never seen): the nested choice."""
    import dataset

    passages = [d[0] for d in data]
    probs = []  # (fold's rows decided at threshold 0, each with its keep probability)
    for f in sorted(set(fold_of.values())):
        train = [d for d in data if fold_of[d[0].id] != f]
        test = [d for d in data if fold_of[d[0].id] == f]
        model = fit(train, args.l2, 0.0)
        probs.append((test, model))
    best, best_f1 = args.threshold, -1.0
    for t in THRESHOLDS:
        rows = []
        for test, model in probs:
            model.threshold = t
            rows += decided_rows(test, model)
        f1 = dataset.score(passages, rows)["levels"]["issue"]["all"].f1
        if f1 > best_f1 + 1e-9:
            best, best_f1 = t, f1
    return best


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--nested", action="store_true",
                    help="also choose the threshold inside each outer fold (nested CV)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--write", action="store_true", help=f"write {OUT.relative_to(ROOT)}")
    args = ap.parse_args(argv)

    passages, split_of, skipped = load_development()
    data = candidates_of(passages)
    n_cand = sum(1 for _, _, c in data for st in c if st.kind == "statement")
    n_labels = sum(len(p.labels) for p in passages)
    counts = {s: sum(1 for p in passages if split_of[p.id] == s) for s in dict.fromkeys(
        split_of.values())}
    print(f"{len(passages)} development passages with a text ({skipped} skipped: text not in "
          f"the cache), {n_labels} labels, {n_cand} candidates; by set: "
          + ", ".join(f"{s} {n}" for s, n in counts.items()))
    report("rules alone (no decision models)", passages, decided_rows(data, None))

    # leave one labelled set out: the sets were labelled at different times by different
    # people, so a set the models never saw is the honest stand-in for unseen text
    by_set = {p.id: split_of[p.id] for p in passages}
    report("cross-validated, leave one labelled set out (models never saw the set scored; "
           f"threshold {args.threshold})", passages, cross_validate(data, by_set, args, False))

    # by passage, stratified by language
    order = sorted(range(len(data)), key=lambda k: (data[k][0].lang, data[k][0].id))
    random.Random(args.seed).shuffle(order)
    order.sort(key=lambda k: data[k][0].lang)
    by_passage = {data[k][0].id: n % args.folds for n, k in enumerate(order)}
    report(f"cross-validated, {args.folds} folds by passage (threshold {args.threshold})",
           passages, cross_validate(data, by_passage, args, False))
    if args.nested:
        report("cross-validated, leave one labelled set out, threshold chosen inside each "
               "outer fold (nested)", passages, cross_validate(data, by_set, args, True))

    model = fit(data, args.l2, args.threshold)
    model.trained_on = (
        "benchmarks/train_evidence.py: development splits "
        + ", ".join(f"{s} ({n} passages)" for s, n in counts.items())
        + f"; {len(passages)} passages, {n_labels} labels, {n_cand} candidates; "
        f"l2={args.l2}, threshold {args.threshold} (not tuned); heldout7 never read")
    report("fitted on all development passages and scored on them (optimistic)", passages,
           decided_rows(data, model))
    print("\nissue weights:", model.issue_weights)
    print("keep weights:", model.keep_weights)
    if args.write:
        OUT.write_text(model.to_json() + "\n", encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
