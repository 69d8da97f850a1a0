"""``accord evidence add`` on 100 articles of about 5,000 characters, the models loaded once.

The articles are built from the two seed articles and the GePaDe sentences (German) and the
English test articles, cut into 5,000-character pieces with their own names so that each is a
new source; the run goes through the CLI's code path (one Extractor, one store) and prints the
time of the first article (tagger and detector start-up included) apart from the rest. Target:
under 20 s for the 100 on 2 cores. Prints ``uptime``'s load beside the figure, and the CPU
time of the run (what it costs on a quiet machine: the run is one process on one core).

    .venv/bin/python benchmarks/bench_evidence.py [N]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def corpus() -> list[str]:
    from accord.scenario.builtin import source_text_path

    texts = [source_text_path(n).read_text(encoding="utf-8")
             for n in ("000_e41624a6a8d50914.txt", "001_fb6bf0052e4176c4.txt")]
    texts += [(ROOT / "tests" / "evidence" / n).read_text(encoding="utf-8")
              for n in ("unseen_en.txt", "unseen_en2.txt", "unseen_de.txt")]
    gepade = Path(os.environ.get("ACCORD_SHARED", ROOT.parent / "shared")) / "data" / "gepade" / \
        "dev.json"
    if gepade.exists():
        sents = [" ".join(s["words"]) for s in json.loads(gepade.read_text("utf-8")).values()]
        texts.append("\n\n".join(" ".join(sents[k:k + 6]) for k in range(0, len(sents), 6)))
    return texts


def articles(n: int, size: int = 5000) -> list[str]:
    pool = "\n\n".join(corpus())
    out = []
    pos = 0
    for k in range(n):
        if pos + size > len(pool):
            pos = (k * 997) % max(1, len(pool) - size)
        piece = pool[pos:pos + size]
        pos += size
        # a distinct first line makes each file a distinct source (content hash)
        out.append(f"Article {k}\n\n{piece}")
    return out


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 100
    from accord.api import load
    from accord.evidence.extract import Extractor
    from accord.store.evidence import add_file, connect_evidence

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        paths = []
        for k, text in enumerate(articles(n)):
            p = tmp / f"article-{k:03d}.txt"
            p.write_text(text, encoding="utf-8")
            paths.append(p)
        t0 = time.perf_counter()
        c0 = time.process_time()
        scenario = load("ukraine-talks-2026-01")
        extractor = Extractor(scenario)
        conn = connect_evidence(tmp / "bench.db")
        first = None
        statements = 0
        for p in paths:
            added = add_file(conn, p, scenario, extractor)
            statements += added.statements_added
            if first is None:
                first = time.perf_counter() - t0
        total = time.perf_counter() - t0
        cpu = time.process_time() - c0
        conn.close()
    chars = sum(len(a) for a in articles(n))
    load_avg = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(f"evidence add: {n} articles, {chars} characters, {statements} statements")
    print(f"total {total:.1f} s (first article incl. model loading {first:.1f} s; "
          f"then {(total - first) / max(1, n - 1) * 1000:.0f} ms per article); target < 20 s")
    # the machine is shared: CPU time says what the run itself cost, whatever the load
    print(f"CPU time of the run {cpu:.1f} s (one process, one core)")
    print(f"load: {load_avg}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
