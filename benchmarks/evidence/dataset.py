"""The labelled evidence set: passages, their labels, and the one-to-one scorer.

Each passage is one JSON file in ``dev/``, ``heldout/``, ``heldout2/``, ``heldout3/``,
``heldout4/``, ``heldout5/``, ``heldout6/``, ``heldout7/`` or ``heldout8/`` beside this module, labelled by the
rules in ``shared/evidence-labelling.md`` (see README.md here).
``heldout2/`` to ``heldout8/`` are a second, a third, a fourth, a fifth, a sixth, a seventh and an
eighth, later held-out set (README.md, "Second held-out set" … "Eighth held-out set"): each is read
only when asked for by name (``--split heldout2``, ``load("heldout8")``), never by ``check``'s default
``all``.
Openly licensed passages carry their ``text``; the others carry only ``text_source`` (the URL's
page text as retrieved, the character offsets of the passage in it, and the SHA-256 of the
passage) and their text is read from a local, git-ignored cache (``cache/<id>.txt``;
``ACCORD_EVIDENCE_CACHE`` overrides the folder), checked against the checksum.

Scoring follows the labelling rules: within a passage every label may be matched by at most one
extracted statement and every extracted statement by at most one label (maximum bipartite
matching). A label and an extraction are compatible when

- the speakers are the same (names resolved through the passage's scenario: actor ids, names
  and aliases; a surname alone matches the full name of a person the scenario does not know;
  unnamed sources match unnamed sources of the same kind, e.g. "unnamed US officials" and
  "unnamed officials"),
- the extraction's sentence (``sentence_start``..``sentence_end``, else ``start``..``end``)
  overlaps the label's ``quote_span`` or one of its ``support_spans``, and
- at the issue level, the label's issue is among the extraction's ``issues`` (an extraction
  with no issues counts as ``other``).

Precision is matched / extracted, recall matched / labelled, both per level.

Command line (the held-out parts are never read unless asked for by name; ``all`` is dev and
heldout, not heldout2, heldout3, heldout4, heldout5, heldout6, heldout7 or heldout8)::

    python benchmarks/evidence/dataset.py check            # spans, issues, checksums, counts
    python benchmarks/evidence/dataset.py check --split heldout2
    python benchmarks/evidence/dataset.py check --split heldout3
    python benchmarks/evidence/dataset.py check --split heldout4
    python benchmarks/evidence/dataset.py check --split heldout5
    python benchmarks/evidence/dataset.py check --split heldout6
    python benchmarks/evidence/dataset.py check --split heldout7
    python benchmarks/evidence/dataset.py check --split heldout8
    python benchmarks/evidence/dataset.py export OUT --split dev   # OUT/<id>.txt per passage
    python benchmarks/evidence/dataset.py score RESULTS.json --split dev [-v]

``RESULTS.json`` is the output of ``accord evidence list --format json`` (a list of statements
with ``source_id``, ``speaker``, ``speaker_name``, ``issues``, ``start``, ``end``,
``sentence_start``, ``sentence_end``; ``source_id`` is the stem of the file the statement came
from, i.e. the passage id when the files of ``export`` were added).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SPLITS = ("dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6",
          "heldout7", "heldout8")
ALL = ("dev", "heldout")  # what ``check --split all`` reads: heldout2–8 only when named
#: labelled to judge a round: scored in aggregate only, its errors never listed (``score -v``).
#: heldout8, labelled on 3 December 2026 after heldout7 judged round 10, judges the next round.
SEALED: tuple[str, ...] = ("heldout8",)
EXTRA_ISSUES = ("process", "other")
BUILTIN = {"ukraine-talks-2026-01"}


class DatasetError(ValueError):
    """A passage file, its cached text or an extraction file is not as expected."""


@dataclass
class Label:
    speaker: str
    speaker_surface: str
    reported_by: str | None
    issue: str
    stance_hint: str
    quote_span: str
    support_spans: list[str]
    confidence: str
    spans: list[tuple[int, int]] = field(default_factory=list)  # quote first, then supports


@dataclass
class Passage:
    id: str
    lang: str
    negotiation: str
    scenario: str
    url: str
    title: str
    date: str | None
    licence: str
    split: str
    text: str
    labels: list[Label]
    unlabeled_notes: list[str]

    @property
    def russia_ukraine(self) -> bool:
        return self.negotiation == "russia-ukraine"


def cache_dir() -> Path:
    return Path(os.environ.get("ACCORD_EVIDENCE_CACHE", HERE / "cache"))


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _span_offsets(text: str, span: str, where: str) -> tuple[int, int]:
    start = text.find(span)
    if not span or start < 0:
        raise DatasetError(f"{where}: span is not a substring of the passage: {span[:80]!r}")
    if text.find(span, start + 1) >= 0:
        raise DatasetError(f"{where}: span occurs more than once in the passage: {span[:80]!r}")
    return start, start + len(span)


def _passage_text(record: dict, path: Path, cache: Path) -> str:
    if "text" in record:
        text = record["text"]
    else:
        cached = cache / f"{record['id']}.txt"
        if not cached.exists():
            raise DatasetError(
                f"{path}: the licence of this passage is unclear, so its text is not in the "
                f"repository; expected it in the local cache {cached} (see README.md)")
        text = cached.read_text(encoding="utf-8")
    want = record.get("text_source", {}).get("sha256") or record.get("sha256")
    if want and sha256(text) != want:
        raise DatasetError(f"{path}: the passage text does not match its SHA-256 checksum")
    return text


def read_passage(path: Path, cache: Path | None = None) -> Passage:
    """Read one passage file, its text (from the file or the cache) and resolve its spans."""
    record = json.loads(path.read_text(encoding="utf-8"))
    text = _passage_text(record, path, cache or cache_dir())
    labels = []
    for k, st in enumerate(record["statements"]):
        where = f"{path.name} statement {k}"
        label = Label(st["speaker"], st["speaker_surface"], st.get("reported_by"), st["issue"],
                      st.get("stance_hint", ""), st["quote_span"], list(st.get("support_spans", [])),
                      st.get("confidence", "high"))
        label.spans = [_span_offsets(text, s, where)
                       for s in [label.quote_span, *label.support_spans]]
        labels.append(label)
    return Passage(record["id"], record["lang"], record["negotiation"], record["scenario"],
                   record["url"], record["title"], record.get("date"), record["licence"],
                   path.parent.name, text, labels, list(record.get("unlabeled_notes", [])))


def passage_files(split: str) -> list[Path]:
    if split not in SPLITS:
        raise DatasetError(f"unknown split {split!r}; expected one of {', '.join(SPLITS)}")
    return sorted((HERE / split).glob("*.json"))


def load(split: str = "dev", cache: Path | None = None) -> list[Passage]:
    """All passages of one split ("dev", "heldout", "heldout2" … "heldout8"), with text and
    resolved spans."""
    return [read_passage(p, cache) for p in passage_files(split)]


def scenario_path(ref: str) -> str | Path:
    return ref if ref in BUILTIN else HERE / "scenarios" / f"{ref}.yaml"


# ---- speakers --------------------------------------------------------------------------------

def normalise(name: str) -> str:
    """Case, accents, hyphens and dots folded: "al-Busaidi" ~ "Al Busaidi", "U.S." ~ "US"."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = s.replace("-", " ").replace(".", "").replace("’", "'")
    return " ".join(s.split())


@cache
def name_index(scenario_ref: str) -> tuple[dict[str, str], dict[str, str]]:
    """(normalised name or alias → actor id, actor id → name) for a scenario."""
    from accord.api import load as load_scenario

    scenario = load_scenario(scenario_path(scenario_ref))
    index: dict[str, str] = {}
    names: dict[str, str] = {}
    for actor in scenario.actors:
        names[actor.id] = actor.name
        for n in [actor.name, *actor.aliases]:
            index.setdefault(normalise(n), actor.id)
    for actor in scenario.actors:  # ids last: a name never loses to an id
        index.setdefault(normalise(actor.id), actor.id)
    return index, names


def _key(name: str, index: dict[str, str]) -> str:
    n = normalise(name)
    return f"actor:{index[n]}" if n in index else f"name:{n}"


def label_speakers(label: Label, scenario_ref: str) -> frozenset[str]:
    index, _ = name_index(scenario_ref)
    return frozenset(_key(part, index) for part in label.speaker.split(" + "))


def extraction_speakers(row: dict, scenario_ref: str) -> frozenset[str]:
    """Speaker keys of an extracted statement: ``speakers`` if given, else ``speaker`` (an actor
    id) or ``speaker_name``."""
    index, names = name_index(scenario_ref)
    parts: list[str] = []
    for s in row.get("speakers") or []:
        parts.append(s if isinstance(s, str) else (s.get("id") or s.get("name") or ""))
    if not parts:
        if row.get("speaker"):
            parts = [row["speaker"]]
        elif row.get("speaker_name"):
            parts = row["speaker_name"].split(" + ")
    keys = set()
    for p in parts:
        keys.add(f"actor:{p}" if p in names else _key(p, index))
    return frozenset(keys)


# German and English romanise Slavic, Arabic and Persian names differently ("Andrij" /
# "Andrii", "Dmitrijew" / "Dmitriev", "Araghtschi" / "Araghchi", "Selenskyj" / "Zelenskyy").
# The labelling rules name a person "by their usual English spelling" so that these variants are
# one speaker; a German passage's spelling of a person the scenario does not know is the same
# speaker, so names are compared through this folding. Applied in order to a normalised word.
_ROMANISATION = (("tsch", "ch"), ("sch", "sh"), ("zh", "sh"), ("kh", "h"), ("w", "v"),
                 ("z", "s"), ("ts", "s"), ("j", "y"), ("ye", "e"), ("iy", "i"), ("ii", "i"),
                 ("yy", "y"))


def romanised(word: str) -> str:
    """A word with the spelling differences of German and English romanisation folded.

    >>> [romanised(w) for w in ("andrij", "andrii", "dmitrijew", "dmitriev", "selenskyj",
    ...                         "zelenskyy", "araghtschi", "araghchi", "witkoff", "vitkoff")]
    ['andri', 'andri', 'dmitriev', 'dmitriev', 'selenski', 'selenski', 'araghchi', 'araghchi', \
'vitkov', 'vitkov']
    """
    for a, b in _ROMANISATION:
        word = word.replace(a, b)
    word = "".join(c for k, c in enumerate(word) if k == 0 or c != word[k - 1])
    if word.endswith("of"):
        word = word[:-2] + "ov"
    return word[:-1] + "i" if word.endswith("y") else word


def _same_person(want: str, got: str) -> bool:
    """One key each: equal, a surname for a full name not in the scenario, or unnamed sources
    of the same kind (the last word: officials, diplomats, sources …). Names the scenario
    lacks are compared word by word through :func:`romanised`."""
    if want == got:
        return True
    if not (want.startswith("name:") and got.startswith("name:")):
        return False
    w, g = want[5:].split(), got[5:].split()
    if w and g and w[0] == "unnamed" and g[0] == "unnamed":
        return w[-1].removesuffix("s") == g[-1].removesuffix("s")  # "official(s)"
    w, g = [romanised(x) for x in w], [romanised(x) for x in g]
    return w == g or len(g) == 1 and len(w) > 1 and w[-1] == g[0]


def same_speaker(want: frozenset[str], got: frozenset[str]) -> bool:
    if len(want) != len(got):
        return False
    rest = list(got)
    for w in sorted(want):
        hit = next((g for g in rest if _same_person(w, g)), None)
        if hit is None:
            return False
        rest.remove(hit)
    return True


# ---- matching ----------------------------------------------------------------------------------

def _sentence(row: dict) -> tuple[int, int]:
    s, e = row.get("sentence_start"), row.get("sentence_end")
    if s is None or e is None:
        s, e = row.get("start"), row.get("end")
    if s is None or e is None:
        raise DatasetError(f"extraction without offsets: {json.dumps(row)[:200]}")
    return int(s), int(e)


def compatible(label: Label, row: dict, scenario_ref: str, level: str) -> bool:
    if not same_speaker(label_speakers(label, scenario_ref), extraction_speakers(row, scenario_ref)):
        return False
    s, e = _sentence(row)
    if not any(max(s, a) < min(e, b) for a, b in label.spans):
        return False
    if level == "issue":
        return label.issue in (row.get("issues") or ["other"])
    return True


def max_matching(edges: list[list[int]], n_right: int) -> list[tuple[int, int]]:
    """Maximum bipartite matching (Kuhn's augmenting paths): ``edges[i]`` lists the right-hand
    nodes compatible with left-hand node ``i``; returns the matched (left, right) pairs.

    >>> sorted(max_matching([[0, 1], [0]], 2))
    [(0, 1), (1, 0)]
    """
    owner = [-1] * n_right

    def augment(i: int, seen: list[bool]) -> bool:
        for j in edges[i]:
            if not seen[j]:
                seen[j] = True
                if owner[j] < 0 or augment(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in range(len(edges)):
        augment(i, [False] * n_right)
    return [(i, j) for j, i in enumerate(owner) if i >= 0]


def match_passage(passage: Passage, rows: list[dict], level: str) -> list[tuple[int, int]]:
    """(label index, extraction index) pairs of a maximum one-to-one matching."""
    edges = [[j for j, row in enumerate(rows) if compatible(lab, row, passage.scenario, level)]
             for lab in passage.labels]
    return max_matching(edges, len(rows))


@dataclass
class Counts:
    matched: int = 0
    extracted: int = 0
    labelled: int = 0

    def add(self, other: Counts) -> None:
        self.matched += other.matched
        self.extracted += other.extracted
        self.labelled += other.labelled

    @property
    def precision(self) -> float:
        return self.matched / self.extracted if self.extracted else float("nan")

    @property
    def recall(self) -> float:
        return self.matched / self.labelled if self.labelled else float("nan")

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r > 0 else 0.0


def group_rows(rows: Iterable[dict]) -> dict[str, list[dict]]:
    by_source: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        if "source_id" not in row:
            raise DatasetError(f"extraction without source_id: {json.dumps(row)[:200]}")
        by_source[row["source_id"]].append(row)
    return by_source


def score(passages: list[Passage], rows: Iterable[dict]) -> dict[str, Any]:
    """Counts per level ("speaker", "issue") overall, per language and per negotiation.

    Extractions whose ``source_id`` is not one of ``passages`` are ignored (their number is
    returned as ``ignored``)."""
    by_source = group_rows(rows)
    ids = {p.id for p in passages}
    result: dict[str, Any] = {"ignored": sum(len(v) for k, v in by_source.items() if k not in ids),
                              "levels": {}, "pairs": {}}
    for level in ("speaker", "issue"):
        groups: dict[str, Counts] = defaultdict(Counts)
        pairs = {}
        for p in passages:
            mine = by_source.get(p.id, [])
            pairs[p.id] = match_passage(p, mine, level)
            c = Counts(len(pairs[p.id]), len(mine), len(p.labels))
            for g in ("all", f"lang:{p.lang}", f"negotiation:{p.negotiation}"):
                groups[g].add(c)
        result["levels"][level] = dict(groups)
        result["pairs"][level] = pairs
    return result


# ---- command line ------------------------------------------------------------------------------

def check(splits: Iterable[str]) -> list[Passage]:
    """Read every passage (raising on a bad span, checksum or issue id) and return them."""
    passages = []
    for split in splits:
        for path in passage_files(split):
            p = read_passage(path)
            if not 1000 <= len(p.text) <= 2000:
                raise DatasetError(f"{path}: {len(p.text)} characters; expected 1,000–2,000")
            from accord.api import load as load_scenario
            issues = {i.id for i in load_scenario(scenario_path(p.scenario)).issues}
            for k, lab in enumerate(p.labels):
                if lab.issue not in issues | set(EXTRA_ISSUES):
                    raise DatasetError(f"{path} statement {k}: issue {lab.issue!r} is not in "
                                       f"scenario {p.scenario} nor {EXTRA_ISSUES}")
                if lab.confidence not in ("high", "medium"):
                    raise DatasetError(f"{path} statement {k}: confidence {lab.confidence!r}")
            passages.append(p)
    return passages


def _table(passages: list[Passage]) -> str:
    rows: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for p in passages:
        for key in [(p.split, "all"), (p.split, f"lang {p.lang}"),
                    (p.split, f"negotiation {p.negotiation}"), ("total", "all"),
                    ("total", f"lang {p.lang}"), ("total", f"negotiation {p.negotiation}")]:
            rows[key][0] += 1
            rows[key][1] += len(p.labels)
    out = [f"{'split':8} {'group':36} {'passages':>8} {'statements':>10}"]
    for (split, group), (n, m) in sorted(rows.items()):
        out.append(f"{split:8} {group:36} {n:8d} {m:10d}")
    return "\n".join(out)


def _print_scores(result: dict[str, Any]) -> None:
    print(f"{'group':34} {'level':8} {'P':>6} {'R':>6} {'F1':>6} {'match':>6} {'extr.':>6} "
          f"{'labels':>6}")
    for level, groups in result["levels"].items():
        for g, c in sorted(groups.items(), key=lambda kv: (kv[0] != "all", kv[0])):
            print(f"{g:34} {level:8} {c.precision:6.2f} {c.recall:6.2f} {c.f1:6.2f} "
                  f"{c.matched:6d} {c.extracted:6d} {c.labelled:6d}")
    if result["ignored"]:
        print(f"({result['ignored']} extracted statements from other sources ignored)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("check", help="validate every passage and print the counts")
    c.add_argument("--split", choices=[*SPLITS, "all"], default="all")
    e = sub.add_parser("export", help="write each passage's text to OUT/<id>.txt")
    e.add_argument("out", type=Path)
    e.add_argument("--split", choices=SPLITS, default="dev")
    s = sub.add_parser("score", help="score `accord evidence list --format json` output")
    s.add_argument("results", type=Path)
    s.add_argument("--split", choices=SPLITS, default="dev")
    s.add_argument("-v", action="store_true", help="list missed labels and unmatched extractions")
    args = ap.parse_args(argv)
    if args.cmd == "score" and args.v and args.split in SEALED:
        ap.error(f"{args.split} is sealed: scored in aggregate only, its errors are not listed "
                 "(-v is for the development splits)")
    try:
        if args.cmd == "check":
            passages = check(ALL if args.split == "all" else [args.split])
            print(_table(passages))
            print(f"all spans exact and unique; {len(passages)} passages checked")
        elif args.cmd == "export":
            args.out.mkdir(parents=True, exist_ok=True)
            for p in load(args.split):
                (args.out / f"{p.id}.txt").write_text(p.text, encoding="utf-8")
            print(f"wrote {len(passage_files(args.split))} passages to {args.out}")
        else:
            passages = load(args.split)
            data = json.loads(args.results.read_text(encoding="utf-8"))
            rows = data.get("statements", data) if isinstance(data, dict) else data
            result = score(passages, rows)
            print(f"split {args.split}: {len(passages)} passages")
            _print_scores(result)
            if args.v:
                _explain(passages, group_rows(rows), result)
    except DatasetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def _explain(passages: list[Passage], by_source: dict[str, list[dict]], result: dict) -> None:
    for p in passages:
        rows = by_source.get(p.id, [])
        pairs = result["pairs"]["issue"][p.id]
        got_l = {i for i, _ in pairs}
        got_r = {j for _, j in pairs}
        for i, lab in enumerate(p.labels):
            if i not in got_l:
                print(f"  {p.id} missed   {lab.speaker} [{lab.issue}]: {lab.quote_span[:90]}")
        for j, row in enumerate(rows):
            if j not in got_r:
                s, e = _sentence(row)
                who = row.get("speaker") or row.get("speaker_name")
                print(f"  {p.id} spurious {who} {row.get('issues')}: "
                      f"{' '.join(p.text[s:e].split())[:90]}")


def iter_labels(passages: Iterable[Passage]) -> Iterator[tuple[Passage, Label]]:
    for p in passages:
        for lab in p.labels:
            yield p, lab


if __name__ == "__main__":
    sys.exit(main())
