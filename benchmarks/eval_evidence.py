"""How well the evidence extractor finds who said what, on which issue, in which sentence.

1. **Labelled news passages** (``benchmarks/evidence/``, labelled by the rules in
   ``shared/evidence-labelling.md``; scorer: ``benchmarks/evidence/dataset.py``). Each passage
   is added with ``accord evidence add``'s code path (one extractor per scenario, the tagger
   loaded once) into a temporary store, and the statements of ``accord evidence list --format
   json`` (kind "statement"; the author's analyses are not statements) are scored one-to-one
   and sentence-located at the speaker and the speaker+issue level, per language, with the
   number of labels, overall, per language and for Russia–Ukraine vs the other negotiations,
   with all issues and with ``process`` (the talks themselves) set aside. The development part
   is what the rules were developed on; the first and second held-out sets (``--heldout``,
   ``--heldout2``) were demoted to development data on 3 December 2026 (round 6) and ``-v``
   lists their errors too; so were the third (``--heldout3``, labelled during round 5) and the
   fourth (``--heldout4``, labelled during round 6), demoted on 3 December 2026 (round 7) after
   they had been scored five times between them; and the fifth (``--heldout5``, labelled during
   round 7 for judging it, scored twice in aggregate by the lead) on 3 December 2026 (round 8),
   and the sixth (``--heldout6``, labelled during round 8 for judging it, scored twice in
   aggregate by the lead) on 3 December 2026 (round 9). The seventh (``--heldout7``), labelled
   for judging round 9, was demoted after it judged round 10 (``-v`` lists its errors). The
   eighth (``--heldout8``), labelled on 3 December 2026 to judge the next round, is sealed:
   reported separately, in aggregate only, by the lead, and never looked at while developing.
2. **GePaDe** (``shared/data/gepade/dev.json``, German parliamentary speech, CC BY-SA 4.0):
   cue detection F1 (the predicate token) and speaker F1 (the Source tokens of each gold cue,
   token overlap, as in the KONVENS 2023 shared task's role scoring), with verb cues only and
   with nominal cues ("Forderung", "Aussage") added. GePaDe's errors were looked at once (two
   changes followed: first-person subjects, zu-infinitives without a subject); nothing was
   tuned to its figures.

    .venv/bin/python benchmarks/eval_evidence.py [--heldout] [--heldout2] [--heldout3] [--heldout4]
        [--heldout5] [--heldout6] [--heldout7] [--heldout8] [--no-gepade] [-v]
        [--fold a|b]

``--fold a`` / ``--fold b`` score one fixed part of the development passages (``dev_fold``:
about a third is "b"), so that a rule can be written on one part and checked on the other.

Passages whose text may not be redistributed are read from the labeller's local cache
(``ACCORD_EVIDENCE_CACHE``, default ``benchmarks/evidence/cache``); those missing are skipped
and counted.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks" / "evidence"))

# the splits whose per-passage errors may be listed: dev, the two sets demoted in round 6, the
# two demoted in round 7, the one demoted in round 8, the one demoted in round 9 and heldout7,
# demoted after it judged round 10 (all on 3 December 2026)
DEVELOPMENT_SPLITS = ("dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5",
                      "heldout6", "heldout7")
# the held-out sets, each scored when its flag is given (--heldout, --heldout2, …)
HELD_OUT_FLAGS = (
    ("heldout", "also score the first held-out part (development data since round 6, "
                "3 December 2026; -v lists its errors)"),
    ("heldout2", "also score the second held-out set (development data since round 6, "
                 "3 December 2026; -v lists its errors)"),
    ("heldout3", "also score the third held-out set (development data since round 7, "
                 "3 December 2026; -v lists its errors)"),
    ("heldout4", "also score the fourth held-out set (development data since round 7, "
                 "3 December 2026; -v lists its errors)"),
    ("heldout5", "also score the fifth held-out set (development data since round 8, "
                 "3 December 2026; -v lists its errors)"),
    ("heldout6", "also score the sixth held-out set (development data since round 9, "
                 "3 December 2026; -v lists its errors)"),
    ("heldout7", "also score the seventh held-out set (development data since it judged "
                 "round 10, 3 December 2026; -v lists its errors)"),
    ("heldout8", "also score the eighth held-out set (sealed: labelled to judge the round "
                 "after round 10; report only, in aggregate, never its errors; do not tune "
                 "on it)"),
)


def shared_dir() -> Path:
    env = os.environ.get("ACCORD_SHARED")
    return Path(env) if env else ROOT.parent / "shared"


# --- labelled passages -------------------------------------------------------------------------


def extract_passages(passages, conn_dir: Path) -> list[dict]:
    """Add each passage as a file named by its id and list the stored statements (JSON rows)."""
    from accord.api import load as load_scenario
    from accord.evidence.extract import Extractor
    from accord.store.evidence import add_file, connect_evidence, list_statements

    import dataset

    extractors = {}
    conn = connect_evidence(conn_dir / "eval.db")
    rows: list[dict] = []
    try:
        for p in passages:
            if p.scenario not in extractors:
                s = load_scenario(dataset.scenario_path(p.scenario))
                extractors[p.scenario] = (s, Extractor(s))
            scenario, extractor = extractors[p.scenario]
            path = conn_dir / f"{p.id}.txt"
            path.write_text(p.text, encoding="utf-8")
            added = add_file(conn, path, scenario, extractor)
            rows += list_statements(conn, source=added.source_id, scenario=scenario.id)
    finally:
        conn.close()
    return rows


def dev_fold(ids: list[str]) -> dict[str, str]:
    """Passage id → "a" or "b": a fixed split of the development passages for developing a
    rule on one part and checking it on the other (cross-validation discipline within dev).
    Within each stratum (language × Russia–Ukraine or not, read from the id) the passages are
    ordered by a hash of their id and every third is "b" (about a third of dev)."""
    import hashlib

    strata: dict[tuple[str, bool], list[str]] = defaultdict(list)
    for pid in ids:
        strata[(pid[:2], "-ru-" in pid)].append(pid)
    out = {}
    for members in strata.values():
        members.sort(key=lambda x: hashlib.sha256(x.encode()).hexdigest())
        for k, pid in enumerate(members):
            out[pid] = "b" if k % 3 == 2 else "a"
    return out


def load_split(split: str, fold: str | None = None):
    import dataset

    passages, missing = [], []
    files = dataset.passage_files(split)
    if fold is not None:
        folds = dev_fold([f.stem for f in files])
        files = [f for f in files if folds[f.stem] == fold]
    for path in files:
        try:
            passages.append(dataset.read_passage(path))
        except dataset.DatasetError as exc:
            missing.append(f"{path.name}: {exc}")
    return passages, missing


def report_passages(split: str, verbose: bool, fold: str | None = None) -> None:
    import dataset

    passages, missing = load_split(split, fold)
    print(f"\n== {split} passages{f' (fold {fold})' if fold else ''}: {len(passages)} read"
          + (f", {len(missing)} skipped (text not in the cache)" if missing else ""))
    if not passages:
        return
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        rows = extract_passages(passages, Path(tmp))
    elapsed = time.perf_counter() - t0
    print(f"{'':13} {'group':14} {'level':14} {'P':>5} {'R':>5} {'F1':>5} {'match':>6} "
          f"{'extr.':>6} {'labels':>6}")
    for variant in ("all issues", "no process"):
        if variant == "all issues":
            kept, rows_kept = passages, rows
        else:
            # the talks themselves set aside: labels on `process` and statements given it
            kept = [dataclasses.replace(p, labels=[lab for lab in p.labels
                                                   if lab.issue != "process"])
                    for p in passages]
            rows_kept = [r for r in rows if r.get("issues") != ["process"]]
        result = dataset.score(kept, rows_kept)
        for level, name in (("speaker", "speaker"), ("issue", "speaker+issue")):
            for g, c in _groups(kept, rows_kept, result, level):
                print(f"{variant:13} {g:14} {name:14} {c.precision:5.2f} {c.recall:5.2f} "
                      f"{c.f1:5.2f} {c.matched:6d} {c.extracted:6d} {c.labelled:6d}")
        # heldout and heldout2 are development data since round 6, heldout3 and heldout4 since
        # round 7, heldout5 since round 8 (all 3 December 2026); later sets are never listed
        if variant == "all issues" and verbose and split in DEVELOPMENT_SPLITS:
            dataset._explain(passages, dataset.group_rows(rows), result)
    print(f"({elapsed:.1f} s for {len(passages)} passages, models included)")


def _groups(passages, rows, result, level):
    """(name, counts) overall, per language, and Russia–Ukraine vs the other negotiations."""
    import dataset

    levels = result["levels"][level]
    out = [("all", levels["all"])]
    out += [(g[5:], levels[g]) for g in sorted(levels) if g.startswith("lang:")]
    pairs = result["pairs"][level]
    by_source = dataset.group_rows(rows)
    for name, want in (("russia-ukraine", True), ("other talks", False)):
        c = dataset.Counts()
        for p in passages:
            if p.russia_ukraine == want:
                c.add(dataset.Counts(len(pairs[p.id]), len(by_source.get(p.id, [])),
                                     len(p.labels)))
        out.append((name, c))
    return out


# --- GePaDe -------------------------------------------------------------------------------------


def gepade_phrases(tokens):
    """Every noun chunk and personal pronoun as a possible speaker (GePaDe has no scenario)."""
    from accord.evidence.speakers import Phrase

    out, i = [], 0
    while i < len(tokens):
        t = tokens[i]
        if t.pos == "PRON" and t.tag in ("PPER", "PIS", "PDS", "PRELS"):
            out.append(Phrase(i, i, t.start, t.end, None, t.text, "person", "pronoun", 0.5))
            i += 1
            continue
        if t.pos in ("DET", "ADJ", "NUM", "NOUN", "PROPN"):
            j = i
            while j + 1 < len(tokens) and tokens[j + 1].pos in ("DET", "ADJ", "NUM", "NOUN",
                                                                 "PROPN") and \
                    not (tokens[j + 1].pos == "DET" and tokens[j].pos in ("NOUN", "PROPN")):
                j += 1
            if tokens[j].pos in ("NOUN", "PROPN"):
                out.append(Phrase(i, j, tokens[i].start, tokens[j].end, None,
                                  " ".join(x.text for x in tokens[i:j + 1]), "person", "chunk",
                                  0.5))
            i = j + 1
            continue
        i += 1
    return out


def report_gepade() -> None:
    from accord.evidence.cues import find_cues
    from accord.evidence.extract import _infinitive
    from accord.evidence.speakers import subject_of
    from accord.evidence.tagging import tag_words

    path = shared_dir() / "data" / "gepade" / "dev.json"
    if not path.exists():
        print(f"\n== GePaDe: {path} not found; skipped")
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    t0 = time.perf_counter()
    print(f"\n== GePaDe dev ({len(data)} sentences, German parliamentary speech; "
          "looked at, not tuned on)")
    print(f"{'cues':14} {'task':8} {'P':>5} {'R':>5} {'F1':>5} {'tp':>5} {'pred':>5} {'gold':>5}")
    for nominal in (False, True):
        cue = defaultdict(int)
        spk = defaultdict(int)
        for sent in data.values():
            words = sent["words"]
            gold = {int(k): a["roles"] for k, a in sent["annotations"].items()
                    if a["predicate"] != "_"}
            tokens = tag_words(words, "de")
            phrases = gepade_phrases(tokens)
            pred = {}
            for c in find_cues(tokens, "de", nominal=nominal):
                # as the extractor reads them: a nominal cue or a zu-infinitive ("beantragen
                # wir, den Antrag abzulehnen") has no subject of its own
                subj = subject_of(tokens, c.index, phrases, "de") \
                    if c.kind != "nominal" and not _infinitive(tokens, c.index, "de") else None
                src = set()
                if subj is not None:
                    for ph in subj.phrases:
                        src.update(range(ph.first, ph.last + 1))
                    if subj.pronoun is not None:
                        src.add(subj.pronoun)
                pred[c.index] = src
            cue["tp"] += len(set(pred) & set(gold))
            cue["pred"] += len(pred)
            cue["gold"] += len(gold)
            for k, roles in gold.items():
                want = {i for i, r in enumerate(roles) if r.endswith("-Source")}
                got = pred.get(k, set())
                spk["tp"] += len(want & got)
                spk["gold"] += len(want)
            for got in pred.values():
                spk["pred"] += len(got)
        for name, c in (("cue", cue), ("speaker", spk)):
            p = c["tp"] / c["pred"] if c["pred"] else 0.0
            r = c["tp"] / c["gold"] if c["gold"] else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            print(f"{'verbs+nouns' if nominal else 'verbs':14} {name:8} {p:5.2f} {r:5.2f} {f:5.2f} "
                  f"{c['tp']:5d} {c['pred']:5d} {c['gold']:5d}")
    print(f"({time.perf_counter() - t0:.1f} s)")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    for split, text in HELD_OUT_FLAGS:
        ap.add_argument(f"--{split}", action="store_true", help=text)
    ap.add_argument("--no-gepade", action="store_true")
    ap.add_argument("-v", action="store_true",
                    help="list misses and spurious extractions (the development splits)")
    ap.add_argument("--fold", choices=("a", "b"),
                    help="only one fold of the development passages (see dev_fold): develop a "
                         "rule on one, check it on the other")
    args = ap.parse_args(argv)
    asked = [split for split, _ in HELD_OUT_FLAGS if getattr(args, split)]
    if args.fold and asked:
        ap.error("--fold is for the development passages only")
    report_passages("dev", args.v, args.fold)
    for split in asked:
        # a sealed set (not among the development splits): aggregate only, never its errors
        report_passages(split, args.v and split in DEVELOPMENT_SPLITS)
    if not args.no_gepade:
        report_gepade()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
