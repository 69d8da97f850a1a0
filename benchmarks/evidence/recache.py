"""Rebuild the local text cache of a passage from its page text as retrieved again.

A passage without ``text`` records ``text_source`` = {url, offsets [start, end), chars,
sha256}: its text is ``page[start:end]`` of the page text as the stored-pages corpus returns it,
with the leading `` date …`` line removed (see README.md). Given that page text again (a file,
or ``-`` for stdin) this cuts the passage, checks its SHA-256 and writes ``CACHE/<id>.txt``
(the passage) and ``CACHE/pages/<id>.txt`` (the page, as cut from)::

    python benchmarks/evidence/recache.py add PAGE.txt ID --cache DIR
    python benchmarks/evidence/recache.py status --cache DIR
        [--split dev|heldout|heldout2|heldout3|heldout4|heldout5|heldout6|heldout7|heldout8]

``add`` tries the page as given and with a leading `` date …`` line removed, each with its
trailing whitespace as given, without a final newline and stripped; if no variant's offsets give
the recorded checksum it looks for a window of ``chars`` characters with that checksum elsewhere
in the page (and says so). It writes nothing unless the checksum matches.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from dataset import ALL, SPLITS, sha256  # noqa: E402 - beside this script

DATE_LINE = re.compile(r"\A[ \t]*date[ \t]+\S*[ \t]*\n?")  # " date 2024-01 " before the text


class RecacheError(ValueError):
    """The page text does not give the recorded passage."""


def find_record(pid: str, evidence: Path = HERE) -> tuple[str, dict]:
    for split in SPLITS:
        path = evidence / split / f"{pid}.json"
        if path.exists():
            return split, json.loads(path.read_text(encoding="utf-8"))
    raise RecacheError(f"{pid}: no passage file {pid}.json in {evidence}/"
                       + ", /".join(SPLITS))


def variants(page: str) -> Iterator[tuple[str, str]]:
    """(description, page text) candidates, the documented form first."""
    heads = []
    undated = DATE_LINE.sub("", page, count=1)
    if undated != page:
        heads.append(("date line removed", undated))
    heads.append(("as given", page))
    seen = set()
    for name, head in heads:
        for tail, text in (("", head), (", final newline removed", head.removesuffix("\n")),
                           (", trailing whitespace stripped", head.rstrip())):
            if text not in seen:
                seen.add(text)
                yield name + tail, text


def cut(pid: str, page: str, source: dict) -> tuple[str, str, str]:
    """(passage, page text it was cut from, how) whose SHA-256 is the recorded one."""
    start, end = source["offsets"]
    want, chars = source["sha256"], source.get("chars", end - start)
    tried = []
    for how, text in variants(page):
        passage = text[start:end]
        if sha256(passage) == want:
            return passage, text, how
        tried.append((how, text, passage))
    for how, text in variants(page):
        for s in range(0, len(text) - chars + 1):
            if sha256(text[s:s + chars]) == want:
                return text[s:s + chars], text, f"{how}, found at [{s}, {s + chars}) not {start}"
    how, text, passage = tried[0]
    raise RecacheError(
        f"{pid}: SHA-256 mismatch: page[{start}:{end}] ({how}; page {len(text)} chars, passage "
        f"{len(passage)} of {chars}) hashes to {sha256(passage)[:16]}…, recorded "
        f"{want[:16]}…; passage begins {passage[:40]!r}, ends {passage[-40:]!r}")


def add(page: str, pid: str, cache: Path, evidence: Path = HERE) -> str:
    """Write ``cache/<id>.txt`` and ``cache/pages/<id>.txt``; return how the page was cut."""
    _, record = find_record(pid, evidence)
    if "text_source" not in record:
        raise RecacheError(f"{pid}: the passage's text is committed; it needs no cache")
    passage, text, how = cut(pid, page, record["text_source"])
    (cache / "pages").mkdir(parents=True, exist_ok=True)
    (cache / f"{pid}.txt").write_text(passage, encoding="utf-8")
    (cache / "pages" / f"{pid}.txt").write_text(text, encoding="utf-8")
    return how


def status(cache: Path, splits: list[str], evidence: Path = HERE) -> dict[str, list[str]]:
    """Passage ids by state: committed, verified, mismatch, missing."""
    out: dict[str, list[str]] = {"committed": [], "verified": [], "mismatch": [], "missing": []}
    for split in splits:
        for path in sorted((evidence / split).glob("*.json")):
            record = json.loads(path.read_text(encoding="utf-8"))
            pid = record["id"]
            if "text_source" not in record:
                out["committed"].append(pid)
                continue
            cached = cache / f"{pid}.txt"
            if not cached.exists():
                out["missing"].append(pid)
            elif sha256(cached.read_text(encoding="utf-8")) == record["text_source"]["sha256"]:
                out["verified"].append(pid)
            else:
                out["mismatch"].append(pid)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--evidence", type=Path, default=HERE, help=argparse.SUPPRESS)
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("add", help="cut, verify and cache one passage from its page text")
    a.add_argument("page", help="the page text as retrieved (a file, or - for stdin)")
    a.add_argument("id")
    a.add_argument("--cache", type=Path, required=True)
    s = sub.add_parser("status", help="which passages are cached and verified")
    s.add_argument("--cache", type=Path, required=True)
    s.add_argument("--split", choices=SPLITS)
    args = ap.parse_args(argv)
    try:
        if args.cmd == "add":
            page = (sys.stdin.read() if args.page == "-"
                    else Path(args.page).read_text(encoding="utf-8"))
            how = add(page, args.id, args.cache, args.evidence)
            print(f"{args.id}: verified ({how}); wrote {args.cache / (args.id + '.txt')}")
            return 0
        result = status(args.cache, [args.split] if args.split else list(ALL), args.evidence)
        for state, ids in result.items():
            print(f"{state:9} {len(ids):3d}  {' '.join(ids)}")
        return 1 if result["missing"] or result["mismatch"] else 0
    except RecacheError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
