"""`accord serve` itself: it starts, serves the pages and listens on the loopback address only."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening_addresses(port: int) -> set[str]:
    """Local addresses in LISTEN state on ``port``, from /proc/net/tcp (Linux)."""
    out = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.split(":")
            if state == "0A" and int(port_hex, 16) == port:
                out.add(address)
    return out


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="needs Linux /proc/net/tcp")
def test_serve_binds_to_loopback_by_default(tmp_path):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", "from accord.cli import main; main()", "serve",
                             "--port", str(port), "--db", str(tmp_path / "accord.db")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/scenarios", timeout=2)
                break
            except httpx.HTTPError:
                assert proc.poll() is None, proc.stderr.read().decode()
                assert time.monotonic() < deadline, "accord serve did not start"
                time.sleep(0.1)
        assert r.status_code == 200 and "ec-emissions-1994" in r.text
        # 0100007F is 127.0.0.1 in /proc's little-endian hex; 00000000 would be every address.
        assert listening_addresses(port) == {"0100007F"}
        assert (tmp_path / "accord.db").exists()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
