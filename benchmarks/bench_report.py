"""Benchmark: the HTML report's size and the cost of its templates (not a test).

    .venv/bin/python benchmarks/bench_report.py [--repeat 5] [--scenario ukraine-talks-2026-01]

1. Size of ``accord report`` for the scenario, split into plotly.js (inlined once), chart data,
   and the rest, with the reference: the full plotly.js bundle of the ``plotly`` package that
   the report inlined before (the charts are scatter and bar traces, which the basic bundle
   draws), and how many times each source's provenance is printed (once each now).
2. Compiling the report's templates in a fresh interpreter (CPU time, imports excluded), with
   and without the bytecode cache (``ACCORD_CACHE_DIR`` empty = none), run in turn; and the whole ``accord report``
   process both ways (wall, CPU, peak RSS from ``wait4``).
The machine is shared: the load average is printed; the lead re-runs this on a quiet machine.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import alternate, load, ratio  # noqa: E402

COMPILE = """
import time
import jinja2
from accord.report.templating import environment
t = time.process_time()
env = environment()
for name in env.list_templates():
    if name.endswith(".html"):
        env.get_template(name)
print(time.process_time() - t)
"""


def size_report(scenario: str) -> None:
    import accord
    from accord.report import plotly_js_path, render_report, report_plotly_js_path

    html = render_report(accord.load(scenario))
    total = len(html.encode())
    plotly = report_plotly_js_path().stat().st_size
    charts = sum(len(m.group(1).encode()) for m in re.finditer(
        r'<script type="application/json" data-plotly[^>]*>(.*?)</script>', html, re.S))
    full = plotly_js_path().stat().st_size
    print(f"1. `accord report {scenario}`: {total / 1e6:.2f} MB — plotly.js (basic bundle, "
          f"inlined {html.count('plotly.js (basic - minified)')}×) {plotly / 1e6:.2f} MB, chart "
          f"data {charts / 1e3:.0f} kB, the rest {(total - plotly - charts) / 1e3:.0f} kB")
    before = total - plotly + full
    print(f"   with the full plotly.js bundle ({full / 1e6:.2f} MB) it would be "
          f"{before / 1e6:.2f} MB: {ratio(before, total)} smaller now")
    blocks, sources = html.count('class="provenance'), html.count('id="src-')
    print(f"   sources' provenance blocks: {blocks} for {sources} sources (once each)")


def compile_and_run(scenario: str, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        warm_env = dict(os.environ, ACCORD_CACHE_DIR=str(cache))
        cold_env = dict(os.environ, ACCORD_CACHE_DIR="")
        # fill the cache once
        alternate({"fill": {"cmd": [sys.executable, "-c", COMPILE], "env": warm_env}}, 1)
        import subprocess

        cold, warm = [], []
        for _ in range(repeat):
            for env, into in ((cold_env, cold), (warm_env, warm)):
                out = subprocess.run([sys.executable, "-c", COMPILE], env=env,
                                     capture_output=True, text=True, check=True).stdout
                into.append(float(out.strip()))
        cold_ms, warm_ms = 1e3 * min(cold), 1e3 * min(warm)
        print(f"2. compiling every report template in a fresh interpreter (best of {repeat}): "
              f"no cache {cold_ms:.1f} ms, bytecode cache {warm_ms:.1f} ms "
              f"({ratio(cold_ms, warm_ms)})")
        out = Path(tmp) / "r.html"
        cmd = [sys.executable, "-m", "accord", "report", scenario, "-o", str(out)]
        runs = alternate({"no template cache": {"cmd": cmd, "env": cold_env},
                          "template cache": {"cmd": cmd, "env": warm_env}}, repeat)
        for s in runs.values():
            print(f"   accord report, {s.describe()}")
        a, b = runs["no template cache"], runs["template cache"]
        print(f"   whole process: {ratio(a.wall, b.wall)} wall, {ratio(a.cpu, b.cpu)} CPU")
    print(f"   {load()}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--scenario", default="ukraine-talks-2026-01")
    args = ap.parse_args(argv)
    size_report(args.scenario)
    compile_and_run(args.scenario, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
