"""``accord serve``: the web workbench on this machine."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from accord.cli.app import app
from accord.cli.common import err_console, styled

#: Seconds a stopping server (Ctrl-C, SIGTERM) waits for requests in progress before it
#: cancels them; work abandoned then stops at its next checkpoint.
SHUTDOWN_SECONDS = 5


@app.command("serve")
def serve_cmd(
    host: str = typer.Option("127.0.0.1", "--host",
                             help="address to listen on (default: this machine only)"),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="port to listen on"),
    db: Optional[Path] = typer.Option(None, "--db", help="SQLite store (default: $ACCORD_DB or "
                                      "accord.db in the user data directory)"),
    # at most the 64 MiB every scenario reader accepts (accord.scenario.io.files): inf passed
    # and died converting to bytes, and a larger limit only lets in what the readers refuse
    max_upload_mib: float = typer.Option(2.0, "--max-upload-mib", min=0.01, max=64,
                                         help="largest scenario upload accepted (MiB)"),
    allow_host: list[str] = typer.Option(None, "--allow-host",
                                         help="another host name requests may use (e.g. a "
                                              "reverse proxy's), repeatable"),
) -> None:
    """Run the web workbench (scenarios, evidence, edits, forecasts, runs) in the browser.

    It answers only requests addressed to the names it is served under (DNS rebinding), and
    stops within a few seconds of Ctrl-C or SIGTERM, whatever requests are running."""
    import uvicorn

    from accord.store import default_db_path
    from accord.web.app import create_app
    from accord.web.guard import LOOPBACK, allowed_hosts

    path = db or default_db_path()
    if host not in LOOPBACK:
        err_console.print(styled("[yellow]warning:[/yellow] listening on {}: anyone who can "
                                 "reach this address can read and edit your scenarios", host))
    hosts = allowed_hosts(host, allow_host or [])
    web = create_app(path, max_upload=int(max_upload_mib * 1024 * 1024), hosts=hosts, port=port)
    shown = f"[{host}]" if ":" in host else host
    err_console.print(f"Accord workbench on http://{shown}:{port}/  (store: {path})")
    server = uvicorn.Server(uvicorn.Config(web, host=host, port=port, log_level="warning",
                                           timeout_graceful_shutdown=SHUTDOWN_SECONDS))
    # SIGTERM: uvicorn lets requests finish for SHUTDOWN_SECONDS, cancels the rest, then
    # re-raises the signal, which ends the process whatever threads are still busy. Ctrl-C
    # comes back here as KeyboardInterrupt, and busy threads must not hold up the exit.
    interrupted = False
    try:
        server.run()
    except KeyboardInterrupt:
        interrupted = True
    finally:
        web.state.jobs.stopping.set()
        web.state.store.close()
    _exit_despite_busy_threads(130 if interrupted else 0)
    if interrupted:
        raise KeyboardInterrupt


def _exit_despite_busy_threads(code: int, grace: float = 2.0) -> None:
    """Leave even if a worker thread is still busy (a request the server gave up on): Python
    would otherwise wait for it at exit, and a stopped server would not stop."""
    import os
    import sys
    import threading
    import time

    deadline = time.monotonic() + grace
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and not thread.daemon:
            thread.join(max(0.0, deadline - time.monotonic()))
    busy = [t for t in threading.enumerate()
            if t is not threading.current_thread() and not t.daemon and t.is_alive()]
    if busy:
        err_console.print(f"stopped; {len(busy)} request(s) still running were abandoned")
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
