"""``accord report``: one self-contained HTML file about a scenario."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from accord.cli.app import app
from accord.cli.common import DEFAULT_SCENARIO, console


@app.command("report")
def report_cmd(
    scenario: str = typer.Argument(DEFAULT_SCENARIO, help="built-in id, file, or stored id "
                                   "(with --db)"),
    output: Path = typer.Option(Path("report.html"), "--output", "-o", help="HTML file to write"),
    seed: int = typer.Option(0, "--seed", min=0, max=2**64 - 1),
    model: list[str] = typer.Option(None, "--model", "-m",
                                    help="model name (repeatable; default: every registered model)"),
    db: Optional[Path] = typer.Option(None, "--db", help="read SCENARIO's current version from "
                                      "this store (as the web workbench shows it)"),
) -> None:
    """Write the scenario, its evidence, every model's forecast and the charts to one HTML file."""
    from accord.report import write_report

    version = None
    if db is not None:
        from accord.store import Store
        from accord.store.scenarios import resolve

        store = Store(db)
        with store.connection() as conn:
            entry = resolve(conn, scenario)
        store.close()
        s, version = entry.scenario, entry.version
    else:
        from accord.cli.common import load_scenario_arg

        s = load_scenario_arg(scenario)
    path = write_report(s, output, version=version, seed=seed, models=model or None)
    console.print(f"{path}: report on {s.title} ({path.stat().st_size / 1e6:.1f} MB, "
                  "self-contained)", soft_wrap=True)
