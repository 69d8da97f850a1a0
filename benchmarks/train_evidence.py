"""Train the evidence decision models (issue choice, keep or drop) on the development passages.

The rules find candidate statements; ``accord.evidence.decision`` weighs two decisions over
them (which issue; whether the candidate is kept). This script fits both on every development
split whose passages have a text (``DEVELOPMENT_SPLITS`` of ``eval_evidence.py``: dev, heldout,
heldout2 … heldout6; the texts of unclear licence from ``ACCORD_EVIDENCE_CACHE``, those missing
skipped and counted; the sealed set, ``dataset.SEALED``, is never read), and prints, beside
the rules alone on the same passages, speaker and speaker+issue P / R / F1 / matched /
extracted / labels, overall and per language:

1. a cross-validation **leaving one labelled set out** (the models fitted on the other sets,
   the set's statements decided and merged by them, then scored one to one): the sets were
   labelled at different times by different people, so this is the honest figure for a set
   the models never saw;
2. a cross-validation by passage (``--folds``, stratified by language);
3. with ``--nested``, both again with the keep threshold chosen inside each outer fold (the
   best speaker+issue F1 over ``THRESHOLDS`` under an inner leave-one-set-out on the outer
   fold's training sets only), and the threshold of the shipped model chosen the same way on
   all sets; without it the threshold is ``--threshold`` (0.5: keep what is more likely right
   than wrong), not tuned;
4. speaker+issue by set, the rules beside the cross-validated models;
5. the figures on the development passages with the models fitted on all of them (what a
   model reaches on what it was fitted on: optimistic);
6. with ``--write``, the weights fitted on all of them to
   ``src/accord/evidence/lexicon/decision.json``, with the splits, passages, labels and
   candidates they were fitted on and how the threshold was set in its ``trained_on``.

Training targets, from the labels (``shared/evidence-labelling.md``): a candidate that has the
labelled speaker in a labelled sentence teaches the issue model the labelled issue(s) of that
sentence (the likelihood of any of them, so a sentence with two labels counts both); the keep
model learns whether the candidate, with the issue the issue model gives it, matches a label at
the speaker+issue level. Both are L2-penalised (``--l2``); a feature seen in fewer than
``MIN_COUNT`` training candidates (a word, a cue lemma) gets no weight.

    ACCORD_EVIDENCE_CACHE=/work/evidence-dev9 .venv/bin/python benchmarks/train_evidence.py \
        [--folds 5] [--l2 1.0] [--threshold 0.5] [--nested] [--write]
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


MIN_COUNT = 3  # a feature seen in fewer training candidates gets no weight


def _names(dicts) -> list[str]:
    """The features of the training examples, those seen fewer than MIN_COUNT times left out
    (word features: a word seen once or twice would only learn its passage)."""
    seen: dict[str, int] = {}
    for d in dicts:
        for k, v in d.items():
            if v:
                seen[k] = seen.get(k, 0) + 1
    return sorted(k for k, n in seen.items() if n >= MIN_COUNT or ":" not in k)


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
                if k in index:
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
            if k in index:
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
        # The weights ship with Accord: a text whose licence forbids commercial use (CC BY-NC)
        # is scored by eval_evidence.py but not trained on, so that nothing fitted on it ships.
        got = [p for p in got if "-NC" not in p.licence]
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
            print(f"  (fold {f}: threshold {threshold} chosen on the other folds)")
        rows += decided_rows(test, fit(train, args.l2, threshold))
    return rows


THRESHOLDS = (0.0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)


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
    import dataset

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
    rules_rows = decided_rows(data, None)
    report("rules alone (no decision models)", passages, rules_rows)

    # leave one labelled set out: the sets were labelled at different times by different
    # people, so a set the models never saw is the honest stand-in for unseen text
    by_set = {p.id: split_of[p.id] for p in passages}
    rows = cross_validate(data, by_set, args, False)
    report("cross-validated, leave one labelled set out (models never saw the set scored; "
           f"threshold {args.threshold}, not tuned)", passages, rows)
    # by passage, stratified by language
    order = sorted(range(len(data)), key=lambda k: (data[k][0].lang, data[k][0].id))
    random.Random(args.seed).shuffle(order)
    order.sort(key=lambda k: data[k][0].lang)
    by_passage = {data[k][0].id: n % args.folds for n, k in enumerate(order)}
    report(f"cross-validated, {args.folds} folds by passage (threshold {args.threshold}, "
           "not tuned)", passages, cross_validate(data, by_passage, args, False))
    threshold, how = args.threshold, "not tuned"
    if args.nested:
        print(f"\nleave one labelled set out, threshold chosen in each outer fold from "
              f"{THRESHOLDS} by an inner leave-one-set-out on the other sets:")
        rows = cross_validate(data, by_set, args, True)
        report("cross-validated, leave one labelled set out, threshold nested", passages, rows)
        print("\n5 folds by passage, threshold chosen the same way inside each outer fold:")
        report("cross-validated, 5 folds by passage, threshold nested", passages,
               cross_validate(data, by_passage, args, True))
        # the shipped model's threshold: the same inner choice, on all the sets
        threshold = inner_threshold(data, by_set, args)
        how = "chosen by leave-one-set-out on these sets, as inside the reported nested CV"
        print(f"\nthreshold for the model fitted on all sets: {threshold}")
    by_set_table(passages, split_of, rules_rows, rows)

    model = fit(data, args.l2, threshold)
    model.trained_on = (
        "benchmarks/train_evidence.py"
        + (" --nested" if args.nested else "") + ": development splits "
        + ", ".join(f"{s} ({n} passages)" for s, n in counts.items())
        + f" with a text in the cache ({skipped} without); {len(passages)} passages, "
        f"{n_labels} labels, {n_cand} candidates; l2={args.l2}, features seen in fewer than "
        f"{MIN_COUNT} candidates left out; keep threshold {threshold} ({how}); "
        + (f"the sealed set ({', '.join(dataset.SEALED)}) never read" if dataset.SEALED
           else "no set was sealed (every labelled set had judged a round before)")
        + "; texts whose licence forbids commercial use (CC BY-NC) not trained on")
    report("fitted on all development passages and scored on them (optimistic)", passages,
           decided_rows(data, model))
    print(f"\n{len(model.issue_weights)} issue weights, {len(model.keep_weights)} keep weights")
    print("trained_on:", model.trained_on)
    if args.write:
        OUT.write_text(model.to_json() + "\n", encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


def by_set_table(passages, split_of, rules_rows, model_rows) -> None:
    """Speaker+issue matched / extracted per labelled set: the rules alone beside the models
    that never saw the set."""
    import dataset

    print("\nby set, speaker+issue (matched / extracted / labels): rules alone | "
          "models, leave one set out (as in the last table of that kind above)")
    for split in dict.fromkeys(split_of.values()):
        ps = [p for p in passages if split_of[p.id] == split]
        ids = {p.id for p in ps}
        out = []
        for rows in (rules_rows, model_rows):
            c = dataset.score(ps, [r for r in rows if r["source_id"] in ids])
            c = c["levels"]["issue"]["all"]
            out.append(f"{c.matched:4d} / {c.extracted:4d} / {c.labelled:4d} "
                       f"(P {c.precision:.2f} R {c.recall:.2f})")
        print(f"{split:10} {out[0]} | {out[1]}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
