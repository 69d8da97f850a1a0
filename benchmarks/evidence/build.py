"""Write the passage files and the local text cache from the labeller's working files.

The labeller keeps, per retrieved page, the page text as retrieved (``page``), the first and
last characters of the passage cut from it (``begin``, ``end``), the metadata and the labels in
YAML files under ``cache/authoring/`` (git-ignored: they hold page text whose licence may be
unclear). This script

- cuts each passage out of its page and records its character offsets and SHA-256;
- writes ``cache/<id>.txt`` (the passage) and ``cache/pages/<id>.txt`` (the page as retrieved);
- writes ``dev/<id>.json`` or ``heldout/<id>.json``: the passage's record by the labelling
  rules, with the text itself only where the licence allows it (``open: true``);
- assigns the split of new passages (a committed passage keeps its split): within each stratum
  (language × Russia–Ukraine or not), passages ordered by negotiation and a hash of their id,
  every second or third one held out so that 40 % are held out and every negotiation is spread
  over both parts.

    python benchmarks/evidence/build.py

Statements in the working files are a block of text, so that spans need no quoting::

    - SPEAKER | SPEAKER AS IN THE TEXT | REPORTED_BY or - | ISSUE | STANCE HINT | h or m
      q: the quote span
      sp: a support span (any number of these lines)

and ``notes`` a block of lines starting with "- ".

The second to eighth held-out sets (README.md, "Second held-out set" … "Eighth held-out set")
are built apart, so that the assignment of ``dev/`` and ``heldout/`` never moves::

    python benchmarks/evidence/build.py heldout2 [--cache DIR]
    python benchmarks/evidence/build.py heldout3 [--cache DIR]
    python benchmarks/evidence/build.py heldout4 [--cache DIR]
    python benchmarks/evidence/build.py heldout5 [--cache DIR]
    python benchmarks/evidence/build.py heldout6 [--cache DIR]
    python benchmarks/evidence/build.py heldout7 [--cache DIR]
    python benchmarks/evidence/build.py heldout8 [--cache DIR]

reads only ``cache/authoring/<split>/*.yaml`` (same format; ``page_file`` may name a file beside
the YAML holding the page text as retrieved, its leading `` date …`` line removed here) and
writes only ``<split>/<id>.json`` and the passage and page texts into ``cache/`` and, with
``--cache`` or ``ACCORD_EVIDENCE_CACHE``, into that folder too. It refuses an id or a URL that a
passage of an earlier set already has (heldout2: ``dev/``, ``heldout/``; heldout3: those,
``heldout2/`` and ``second_labeller/``; heldout4: those and ``heldout3/``; heldout5: those and
``heldout4/``; heldout6: those and ``heldout5/``; heldout7: those and ``heldout6/``; heldout8: those
and ``heldout7/``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

from ruamel.yaml import YAML

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from dataset import DatasetError, sha256  # noqa: E402 - beside this script
from recache import DATE_LINE  # noqa: E402 - beside this script

AUTHORING = HERE / "cache" / "authoring"
MAIN_SPLITS = ("dev", "heldout")  # assigned by main(); the sealed sets by build_sealed()
# a sealed set → the folders whose ids and URLs it may not reuse
EARLIER = {"heldout2": MAIN_SPLITS,
           "heldout3": (*MAIN_SPLITS, "heldout2", "second_labeller"),
           "heldout4": (*MAIN_SPLITS, "heldout2", "heldout3", "second_labeller"),
           "heldout5": (*MAIN_SPLITS, "heldout2", "heldout3", "heldout4", "second_labeller"),
           "heldout6": (*MAIN_SPLITS, "heldout2", "heldout3", "heldout4", "heldout5",
                        "second_labeller"),
           "heldout7": (*MAIN_SPLITS, "heldout2", "heldout3", "heldout4", "heldout5",
                        "heldout6", "second_labeller"),
           "heldout8": (*MAIN_SPLITS, "heldout2", "heldout3", "heldout4", "heldout5",
                        "heldout6", "heldout7", "second_labeller")}
HELDOUT_SHARE = 0.4
RETRIEVED = ("the page text as the search tool's stored-pages corpus returned it (from the "
             "page's beginning; its leading ' date …' line removed)")


def cut(entry: dict) -> tuple[str, int, int]:
    page, begin, end = entry["page"], entry["begin"], entry["end"]
    start = page.find(begin)
    if start < 0 or page.find(begin, start + 1) >= 0:
        raise DatasetError(f"{entry['id']}: begin {begin[:40]!r} not found once in the page")
    stop = page.find(end, start)
    if stop < 0:
        raise DatasetError(f"{entry['id']}: end {end[:40]!r} not found after begin")
    return page[start:stop + len(end)], start, stop + len(end)


def parse_statements(block: str, pid: str) -> list[dict]:
    statements: list[dict] = []
    for line in (block or "").splitlines():
        if not line.strip():
            continue
        if line.startswith("- "):
            head = [f.strip() for f in line[2:].split(" | ")]
            if len(head) != 6 or head[5] not in ("h", "m"):
                raise DatasetError(f"{pid}: bad statement head {line!r}")
            statements.append({
                "speaker": head[0], "speaker_surface": head[1],
                "reported_by": None if head[2] == "-" else head[2], "issue": head[3],
                "stance_hint": head[4], "quote_span": None, "support_spans": [],
                "confidence": "medium" if head[5] == "m" else "high"})
        elif line.startswith("  q: ") and statements:
            statements[-1]["quote_span"] = line[5:]
        elif line.startswith("  sp: ") and statements:
            statements[-1]["support_spans"].append(line[6:])
        else:
            raise DatasetError(f"{pid}: cannot read statement line {line!r}")
    for st in statements:
        if not st["quote_span"]:
            raise DatasetError(f"{pid}: statement of {st['speaker']} has no quote span")
    return statements


def parse_notes(block: str) -> list[str]:
    notes: list[str] = []
    for line in (block or "").splitlines():
        if line.startswith("- "):
            notes.append(line[2:].strip())
        elif line.strip() and notes:
            notes[-1] += " " + line.strip()
    return notes


def record(entry: dict, text: str, start: int, stop: int) -> dict:
    statements = parse_statements(entry.get("statements"), entry["id"])
    rec = {k: entry.get(k) for k in ("id", "lang", "negotiation", "scenario", "url", "title",
                                     "date", "licence")}
    rec["date"] = str(rec["date"]) if rec["date"] else None
    if entry.get("open"):
        rec["text"] = text
        rec["sha256"] = sha256(text)
    else:
        rec["text_source"] = {"url": entry["url"], "of": RETRIEVED, "offsets": [start, stop],
                              "chars": len(text), "sha256": sha256(text)}
    rec["statements"] = statements
    rec["unlabeled_notes"] = parse_notes(entry.get("notes"))
    return rec


def committed_splits(splits: tuple[str, ...] = MAIN_SPLITS) -> dict[str, str]:
    """The split of every passage already committed: it never moves."""
    return {p.stem: s for s in splits for p in (HERE / s).glob("*.json")}


def assign_splits(entries: list[dict], fixed: dict[str, str]) -> dict[str, str]:
    """Keep the committed split of known passages; spread new ones over the strata so that
    each stratum (language × Russia–Ukraine or not) stays near HELDOUT_SHARE held out."""
    strata: dict[tuple[str, bool], list[dict]] = {}
    for e in entries:
        strata.setdefault((e["lang"], e["negotiation"] == "russia-ukraine"), []).append(e)
    split = {}
    for members in strata.values():
        members.sort(key=lambda e: (e["negotiation"],
                                    hashlib.sha256(e["id"].encode()).hexdigest()))
        held = sum(fixed.get(e["id"]) == "heldout" for e in members)
        for k, e in enumerate(members):
            if e["id"] in fixed:
                split[e["id"]] = fixed[e["id"]]
                continue
            placed = sum(1 for m in members[:k] if m["id"] in split or m["id"] in fixed)
            want = int((placed + 1) * HELDOUT_SHARE) - held
            split[e["id"]] = "heldout" if want > 0 else "dev"
            held += split[e["id"]] == "heldout"
    return split


def main() -> int:
    yaml = YAML(typ="safe")
    entries = []
    for path in sorted(AUTHORING.glob("*.yaml")):
        entries.extend(yaml.load(path.read_text(encoding="utf-8")) or [])
    if not entries:
        raise DatasetError(f"no working files in {AUTHORING}: nothing to build (the committed "
                           "passage files are left as they are)")
    ids = [e["id"] for e in entries]
    if len(ids) != len(set(ids)):
        raise DatasetError(f"duplicate passage ids: {sorted({i for i in ids if ids.count(i) > 1})}")
    split = assign_splits(entries, committed_splits())
    (HERE / "cache" / "pages").mkdir(parents=True, exist_ok=True)
    for s in MAIN_SPLITS:
        (HERE / s).mkdir(exist_ok=True)
        for old in (HERE / s).glob("*.json"):
            old.unlink()
    for e in entries:
        text, start, stop = cut(e)
        (HERE / "cache" / f"{e['id']}.txt").write_text(text, encoding="utf-8")
        (HERE / "cache" / "pages" / f"{e['id']}.txt").write_text(e["page"], encoding="utf-8")
        out = HERE / split[e["id"]] / f"{e['id']}.json"
        out.write_text(json.dumps(record(e, text, start, stop), ensure_ascii=False, indent=1)
                       + "\n", encoding="utf-8")
    print(f"{len(entries)} passages: "
          + ", ".join(f"{s} {sum(v == s for v in split.values())}" for s in MAIN_SPLITS))
    return 0


def _committed_urls(splits: tuple[str, ...] = MAIN_SPLITS) -> dict[str, str]:
    """URL → id of every passage in ``splits`` (a sealed set's passages must be new)."""
    urls = {}
    for s in splits:
        for path in (HERE / s).glob("*.json"):
            urls[json.loads(path.read_text(encoding="utf-8"))["url"]] = path.stem
    return urls


def build_sealed(split: str, extra_cache: Path | None = None) -> int:
    """Write <split>/<id>.json and the cached texts from cache/authoring/<split>/*.yaml, for a
    sealed held-out set ("heldout2" … "heldout8")."""
    yaml = YAML(typ="safe")
    folder = AUTHORING / split
    entries = []
    for path in sorted(folder.glob("*.yaml")):
        for e in yaml.load(path.read_text(encoding="utf-8")) or []:
            if "page_file" in e:
                e["page"] = (folder / e.pop("page_file")).read_text(encoding="utf-8")
            e["page"] = DATE_LINE.sub("", e["page"], count=1)
            entries.append(e)
    if not entries:
        raise DatasetError(f"no working files in {folder}")
    ids = [e["id"] for e in entries]
    if len(ids) != len(set(ids)):
        raise DatasetError(f"duplicate passage ids: {sorted({i for i in ids if ids.count(i) > 1})}")
    taken, urls = committed_splits(EARLIER[split]), _committed_urls(EARLIER[split])
    for e in entries:
        if e["id"] in taken:
            raise DatasetError(f"{e['id']}: already a {taken[e['id']]} passage")
        if e["url"] in urls:
            raise DatasetError(f"{e['id']}: URL already used by {urls[e['url']]}")
    caches = [HERE / "cache"] + ([extra_cache] if extra_cache else [])
    (HERE / split).mkdir(exist_ok=True)
    for e in entries:
        text, start, stop = cut(e)
        for c in caches:
            (c / "pages").mkdir(parents=True, exist_ok=True)
            (c / f"{e['id']}.txt").write_text(text, encoding="utf-8")
            (c / "pages" / f"{e['id']}.txt").write_text(e["page"], encoding="utf-8")
        out = HERE / split / f"{e['id']}.json"
        out.write_text(json.dumps(record(e, text, start, stop), ensure_ascii=False, indent=1)
                       + "\n", encoding="utf-8")
    stale = sorted(p.stem for p in (HERE / split).glob("*.json") if p.stem not in ids)
    print(f"{len(entries)} {split} passages written"
          + (f"; committed but not in the working files (left alone): {stale}" if stale else ""))
    return 0


def cli(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("what", nargs="?", choices=["main", *EARLIER], default="main",
                    help="main: dev/ and heldout/ (default); heldout2 … heldout8: the second "
                         "to eighth held-out sets")
    ap.add_argument("--cache", type=Path, default=None,
                    help="heldout2–8: also write the texts here (default $ACCORD_EVIDENCE_CACHE)")
    args = ap.parse_args(argv)
    if args.what in EARLIER:
        env = os.environ.get("ACCORD_EVIDENCE_CACHE")
        return build_sealed(args.what, args.cache or (Path(env) if env else None))
    return main()


if __name__ == "__main__":
    sys.exit(cli())
