"""Print a passage's id, lang, title, scenario and text — nothing else (no labels, no notes).

The second labeller reads passages only through this script, so that the first labeller's
statements and notes stay unseen until the second labelling is finished.

    python benchmarks/evidence/second_labeller/show.py ID [ID …]
"""

import json
import os
import sys
from pathlib import Path

EVIDENCE = Path(__file__).resolve().parents[1]
CACHE = Path(os.environ.get("ACCORD_EVIDENCE_CACHE", EVIDENCE / "cache"))


def passage_file(pid: str) -> Path:
    for split in ("dev", "heldout"):
        path = EVIDENCE / split / f"{pid}.json"
        if path.exists():
            return path
    raise SystemExit(f"no passage {pid!r}")


def text_of(pid: str) -> tuple[dict, str]:
    record = json.loads(passage_file(pid).read_text(encoding="utf-8"))
    text = record["text"] if "text" in record else (CACHE / f"{pid}.txt").read_text(encoding="utf-8")
    return {k: record.get(k) for k in ("id", "lang", "title", "scenario")}, text


if __name__ == "__main__":
    for pid in sys.argv[1:]:
        meta, text = text_of(pid)
        print(f"##### {meta['id']} | {meta['lang']} | {meta['scenario']} | {meta['title']}")
        print(text)
        print()
