"""A census of the evidence extractor's errors, by category and language (round 7).

Every development passage of the named splits is extracted once and scored one-to-one and
sentence-located (``dataset.score``). Each extraction that is not matched at the speaker+issue
level and each label that is not is put in one category:

- *wrong issue* (c): matched at the speaker level (right speaker, right sentence), not with the
  labelled issue; the confusion is printed by kind (scenario issue, ``process``, ``other``);
- *split* / *merged* (d): the same speaker in the same sentence, but the label is already
  matched by another extraction (split) or the extraction by another label (merged);
- *wrong speaker* (a/b): a label in the extraction's sentence, with another speaker;
- *elsewhere* (b): the same speaker, in a sentence the label does not cover;
- *spurious, nothing labelled there* (a): no label in the sentence at all (author's
  background, non-speech, a sentence the labeller left out); by the extraction's speaker kind;
- *missed, nothing extracted* (b): no extraction in the label's sentences; by the kind of the
  labelled speaker (a scenario actor, joint "A + B", unnamed sources, a person or body the
  scenario lacks).

It also prints the speaker+issue precision by the extraction's ``rule`` and ``confidence``, to
see which decisions are worth keeping.

    ACCORD_EVIDENCE_CACHE=/work/evidence-dev8 .venv/bin/python benchmarks/eval_census.py \\
        --splits heldout5 [-v]   (round 7: heldout3,heldout4)
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks" / "evidence"))
sys.path.insert(0, str(ROOT / "benchmarks"))


def _kind(issue: str) -> str:
    return issue if issue in ("process", "other") else "scenario"


def _overlaps(row, label, dataset) -> bool:
    s, e = dataset._sentence(row)
    return any(max(s, a) < min(e, b) for a, b in label.spans)


def label_kind(label, scenario, dataset) -> str:
    """The kind of a labelled speaker: actor, joint, unnamed, other (not in the scenario)."""
    if " + " in label.speaker:
        return "joint"
    if label.speaker.lower().startswith("unnamed"):
        return "unnamed"
    keys = dataset.label_speakers(label, scenario)
    return "actor" if all(k.startswith("actor:") for k in keys) else "not in scenario"


def census(passages, rows, verbose=False):
    """(category, language) → count, for extractions ("X …") and labels ("L …")."""
    import dataset

    result = dataset.score(passages, rows)
    by_source = dataset.group_rows(rows)
    out: Counter = Counter()
    lines = []
    for p in passages:
        mine = by_source.get(p.id, [])
        iss = result["pairs"]["issue"][p.id]
        spk = dict(result["pairs"]["speaker"][p.id])
        spk_r = {b: a for a, b in spk.items()}
        got_l = {a for a, _ in iss}
        got_x = {b for _, b in iss}
        for j, row in enumerate(mine):
            if j in got_x:
                continue
            compat = [i for i, lab in enumerate(p.labels)
                      if dataset.compatible(lab, row, p.scenario, "speaker")]
            if j in spk_r and spk_r[j] not in got_l:
                lab = p.labels[spk_r[j]]
                got = ",".join(row.get("issues") or []) or "other"
                cat = f"X wrong issue {_kind(lab.issue)}→{_kind(got)}"
            elif compat:
                cat = "X split (label matched by another)"
            elif any(_overlaps(row, lab, dataset) for lab in p.labels):
                cat = "X wrong speaker (label there)"
            elif any(dataset.same_speaker(dataset.label_speakers(lab, p.scenario),
                                          dataset.extraction_speakers(row, p.scenario))
                     for lab in p.labels):
                cat = "X elsewhere (speaker labelled in another sentence)"
            else:
                cat = f"X nothing labelled there ({row.get('speaker_kind')})"
            out[(cat, p.lang)] += 1
            s, e = dataset._sentence(row)
            who = row.get("speaker") or row.get("speaker_name")
            lines.append(f"{p.id:12} {cat[:34]:34} {who} {row.get('issues')} "
                         f"[{row.get('rule')} {row.get('confidence')}]: "
                         f"{' '.join(p.text[s:e].split())[:140]}")
        for i, lab in enumerate(p.labels):
            if i in got_l:
                continue
            if i in spk and spk[i] not in got_x:
                row = mine[spk[i]]
                got = ",".join(row.get("issues") or []) or "other"
                cat = f"L wrong issue {_kind(lab.issue)}→{_kind(got)}"
            elif any(dataset.compatible(lab, row, p.scenario, "speaker") for row in mine):
                cat = "L merged (extraction matched by another)"
            elif any(_overlaps(row, lab, dataset) for row in mine):
                cat = "L wrong speaker (extraction there)"
            elif any(dataset.same_speaker(dataset.label_speakers(lab, p.scenario),
                                          dataset.extraction_speakers(row, p.scenario))
                     for row in mine):
                cat = "L elsewhere (speaker extracted in another sentence)"
            else:
                cat = f"L nothing extracted ({label_kind(lab, p.scenario, dataset)})"
            out[(cat, p.lang)] += 1
            lines.append(f"{p.id:12} {cat[:34]:34} {lab.speaker} [{lab.issue}] "
                         f"({lab.confidence}): {' '.join(lab.quote_span.split())[:140]}")
    if verbose:
        print("\n".join(sorted(lines, key=lambda x: x[13:47])))
    return out, result


def by_rule(passages, rows, result):
    """Speaker+issue precision by the extraction's rule and confidence."""
    import dataset

    by_source = dataset.group_rows(rows)
    tab = defaultdict(lambda: [0, 0])
    for p in passages:
        good = {b for _, b in result["pairs"]["issue"][p.id]}
        for j, row in enumerate(by_source.get(p.id, [])):
            for key in (f"rule {row.get('rule')}", f"confidence {row.get('confidence')}",
                        f"kind {row.get('speaker_kind')}"):
                tab[key][0] += j in good
                tab[key][1] += 1
    return tab


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--splits", default="heldout5")
    ap.add_argument("-v", action="store_true", help="list every error with its category")
    args = ap.parse_args(argv)
    from eval_evidence import DEVELOPMENT_SPLITS, extract_passages, load_split

    passages = []
    for split in args.splits.split(","):
        if split not in DEVELOPMENT_SPLITS:
            ap.error(f"{split} is not a development split")
        passages += load_split(split)[0]
    with tempfile.TemporaryDirectory() as tmp:
        rows = extract_passages(passages, Path(tmp))
    out, result = census(passages, rows, args.v)
    print(f"\n{len(passages)} passages ({args.splits}); load average {os.getloadavg()[0]:.2f}")
    print(f"{'category':58} {'de':>4} {'en':>4} {'all':>4}")
    for cat in sorted({c for c, _ in out}):
        de, en = out[(cat, "de")], out[(cat, "en")]
        print(f"{cat:58} {de:4d} {en:4d} {de + en:4d}")
    c = result["levels"]["issue"]["all"]
    print(f"speaker+issue: {c.matched} matched / {c.extracted} extracted / {c.labelled} labels "
          f"(P {c.precision:.2f} R {c.recall:.2f})")
    print(f"\n{'rule / confidence / speaker kind':40} {'right':>5} {'extr.':>5} {'P':>5}")
    for key, (good, n) in sorted(by_rule(passages, rows, result).items()):
        print(f"{key:40} {good:5d} {n:5d} {good / n:5.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
