"""``accord serve``: the web workbench on this machine."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from accord.cli.app import app
from accord.cli.common import err_console, styled


@app.command("serve")
def serve_cmd(
    host: str = typer.Option("127.0.0.1", "--host",
                             help="address to listen on (default: this machine only)"),
    port: int = typer.Option(8000, "--port", min=1, max=65535),
    db: Optional[Path] = typer.Option(None, "--db", help="SQLite store (default: $ACCORD_DB or "
                                      "accord.db in the user data directory)"),
    max_upload_mib: float = typer.Option(2.0, "--max-upload-mib", min=0.01,
                                         help="largest scenario upload accepted"),
) -> None:
    """Run the web workbench (scenarios, evidence, edits, forecasts, runs) in the browser."""
    import uvicorn

    from accord.store import default_db_path
    from accord.web.app import create_app

    path = db or default_db_path()
    if host not in ("127.0.0.1", "localhost", "::1"):
        err_console.print(styled("[yellow]warning:[/yellow] listening on {}: anyone who can "
                                 "reach this address can read and edit your scenarios", host))
    web = create_app(path, max_upload=int(max_upload_mib * 1024 * 1024))
    err_console.print(f"Accord workbench on http://{host}:{port}/  (store: {path})")
    uvicorn.run(web, host=host, port=port, log_level="warning")
