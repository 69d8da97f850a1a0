"""Load benchmark of the web workbench (not a test): a fixed number of requests, then it stops.

Starts ``accord serve`` on a free loopback port with a temporary store, warms it up, then sends
``--requests`` GETs of the forecast page of a built-in scenario from ``--concurrency`` clients
at once (httpx, asyncio) and prints p50, p99 and requests per second. The forecast page runs
every registered model; the app caches each scenario version's results, so after the warm-up
the figures measure rendering and serving.

    .venv/bin/python benchmarks/bench_web.py [--requests 2000] [--concurrency 16]
        [--scenario ukraine-talks-2026-01] [--page forecast|scenario]
        [--server-cpu 0] [--client-cpu 1]

The server and the load client each get a core of their own (the server is started under
``taskset -c SERVER_CPU``, the client pins itself with ``sched_setaffinity``): sharing the two
cores, the client's own work lands in the server's tail latency. ``--server-cpu -1`` leaves
both unpinned (the old measurement, for comparison).

The load client is wrk when it is installed (Debian's package ``wrk``; ``--client httpx`` for
the Python client): httpx needs more CPU per request than the server (about 3 ms against 2 ms
for the 149 KiB forecast page), so on its own core it saturates first and its own queue shows
up as the server's latency (p50 21 ms, p99 300–350 ms with httpx against p99 about 50 ms with
wrk on the same server, quiet machine).

Target (issue 18): p99 ≤ 100 ms with 16 concurrent clients, the client on its own core.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int, cpu: int = -1) -> subprocess.Popen:
    cmd = [sys.executable, "-c", "from accord.cli import main; main()", "serve", "--host",
           "127.0.0.1", "--port", str(port), "--db", str(db)]
    if cpu >= 0:
        import shutil

        cmd = (["taskset", "-c", str(cpu)] if shutil.which("taskset") else []) + cmd
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/scenarios", timeout=1.0)
            return proc
        except httpx.HTTPError:
            if proc.poll() is not None:
                raise RuntimeError(f"accord serve exited: {proc.stderr.read().decode()}") from None
            time.sleep(0.1)
    proc.terminate()
    raise RuntimeError("accord serve did not start within 30 s")


async def load(url: str, requests: int, concurrency: int) -> tuple[list[float], float, int]:
    latencies: list[float] = []
    failures = 0
    queue: asyncio.Queue[int] = asyncio.Queue()
    for k in range(requests):
        queue.put_nowait(k)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async def client_loop(client: httpx.AsyncClient) -> None:
        nonlocal failures
        while True:
            try:
                queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            t0 = time.perf_counter()
            r = await client.get(url)
            latencies.append(time.perf_counter() - t0)
            if r.status_code != 200:
                failures += 1

    async with httpx.AsyncClient(limits=limits, timeout=30.0) as client:
        t0 = time.perf_counter()
        await asyncio.gather(*(client_loop(client) for _ in range(concurrency)))
        elapsed = time.perf_counter() - t0
    return latencies, elapsed, failures


def wrk_load(url: str, seconds: int, concurrency: int, cpu: int) -> dict:
    """The same page under wrk (a C load client: about a tenth of httpx's CPU per request, so
    the client's own queue does not become the latency measured). Runs for ``seconds``; its
    latency distribution and request count, parsed from ``--latency``'s report."""
    import re
    import shutil

    cmd = ["wrk", "-t1", f"-c{concurrency}", f"-d{seconds}s", "--latency", url]
    if cpu >= 0 and shutil.which("taskset"):
        cmd = ["taskset", "-c", str(cpu)] + cmd
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout

    def ms(text: str) -> float:
        value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
        return float(value) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[unit]

    pct = {int(q): ms(v) for q, v in re.findall(r"^\s+(\d+)%\s+(\S+)$", out, re.M)}
    stats = re.search(r"Latency\s+(\S+)\s+(\S+)\s+(\S+)", out)
    n = int(re.search(r"(\d+) requests in", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"p50": pct[50], "p90": pct[90], "p99": pct[99], "max": ms(stats.group(3)),
            "requests": n, "rate": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "failures": int(errors.group(1)) if errors else 0}


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process (Linux /proc), to tell server cost from waiting."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def load_average() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def main(argv: list[str] | None = None) -> int:
    from accord.scenario.builtin import builtin_ids

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--concurrency", type=int, default=16)
    default = "ukraine-talks-2026-01" if "ukraine-talks-2026-01" in builtin_ids() \
        else "ec-emissions-1994"
    ap.add_argument("--scenario", default=default)
    ap.add_argument("--page", choices=["forecast", "scenario"], default="forecast")
    ap.add_argument("--server-cpu", type=int, default=0, help="core for the server (-1: none)")
    ap.add_argument("--client-cpu", type=int, default=1, help="core for the load client")
    ap.add_argument("--client", choices=["wrk", "httpx"], default=None,
                    help="load client (default: wrk when installed, else httpx)")
    ap.add_argument("--seconds", type=int, default=10, help="how long wrk runs")
    args = ap.parse_args(argv)
    import shutil

    client = args.client or ("wrk" if shutil.which("wrk") else "httpx")
    pinned = args.server_cpu >= 0 and hasattr(os, "sched_setaffinity") and \
        len(os.sched_getaffinity(0)) > 1
    if pinned:
        os.sched_setaffinity(0, {args.client_cpu})

    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        proc = start_server(Path(tmp) / "accord.db", port, args.server_cpu if pinned else -1)
        try:
            path = f"/scenarios/{args.scenario}" + ("/forecast" if args.page == "forecast" else "")
            url = f"http://127.0.0.1:{port}{path}"
            t0 = time.perf_counter()
            first = httpx.get(url, timeout=120.0)
            cold = time.perf_counter() - t0
            first.raise_for_status()
            load_before = load_average()
            cpu0 = cpu_seconds(proc.pid)
            client0 = time.process_time()
            if client == "wrk":
                w = wrk_load(url, args.seconds, args.concurrency,
                             args.client_cpu if pinned else -1)
            else:
                latencies, elapsed, failures = asyncio.run(
                    load(url, args.requests, args.concurrency))
            cpu1 = cpu_seconds(proc.pid)
            client_cpu = time.process_time() - client0
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    if client == "httpx":
        ms = [x * 1000 for x in latencies]
        w = {"p50": statistics.median(ms), "p90": percentile(ms, 90), "p99": percentile(ms, 99),
             "max": max(ms), "requests": len(ms), "rate": len(ms) / elapsed,
             "failures": failures}
    runs = (f"for {args.seconds} s" if client == "wrk"
            else f"over {elapsed:.2f} s")
    print(f"accord serve, GET {path}  ({len(first.content) / 1024:.0f} KiB page; "
          f"cold first request {cold * 1000:.0f} ms, models computed)")
    print(f"{client}, {args.concurrency} concurrent connections {runs}: {w['requests']} requests, "
          f"{w['failures']} failures, {os.cpu_count()} CPUs; "
          + (f"server on core {args.server_cpu}, client on core {args.client_cpu}" if pinned
             else "not pinned"))
    print(f"p50 {w['p50']:.1f} ms   p90 {w['p90']:.1f} ms   p99 {w['p99']:.1f} ms   "
          f"max {w['max']:.1f} ms")
    print(f"{w['rate']:.1f} requests/s")
    if cpu0 is not None and cpu1 is not None:
        # wrk is a process of its own: this process's CPU time is only the client's for httpx
        client_part = (f"; client CPU {1000 * client_cpu / w['requests']:.2f} ms"
                       if client == "httpx" else "")
        print(f"server CPU {1000 * (cpu1 - cpu0) / w['requests']:.2f} ms per request "
              f"(one process, one event loop){client_part}")
    print(f"load average before / after: {load_before} / {load_average()} "
          "(other work on the machine inflates the tail)")
    print(f"target p99 ≤ 100 ms: {'met' if w['p99'] <= 100 else 'NOT met'} "
          f"({100 / w['p99']:.2f}× the target's budget)")
    return 0 if w["failures"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
