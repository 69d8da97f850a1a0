"""``accord report``: one self-contained HTML file about a scenario, and where it went."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from accord.cli.app import app
from accord.cli.common import DEFAULT_SCENARIO, MODEL_HELP, SEED_HELP, console


@app.command("report")
def report_cmd(
    scenario: str = typer.Argument(DEFAULT_SCENARIO, help="built-in id, file, or stored id "
                                   "(with --db)", metavar="SCENARIO"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="HTML file to write "
                                          "(default: reports/SCENARIO.html beside the store, "
                                          "never the current folder unasked)"),
    seed: int = typer.Option(0, "--seed", min=0, max=2**64 - 1, help=SEED_HELP),
    model: list[str] = typer.Option(None, "--model", "-m", help=MODEL_HELP, metavar="MODEL"),
    variants: int = typer.Option(2000, "--variants", "-n", min=0, max=100_000,
                                 help="variants of the ensemble behind the uncertainty section, "
                                 "run when the report is made (0: no uncertainty section)"),
    ensemble_model: list[str] = typer.Option(None, "--ensemble-model", metavar="MODEL",
                                             help="model(s) the uncertainty section's ensemble "
                                             "runs (repeatable; default: compromise and eum)"),
    db: Optional[Path] = typer.Option(None, "--db", help="read SCENARIO's current version from "
                                      "this store (as the web workbench shows it)"),
) -> None:
    """Write one self-contained HTML file (opens offline): a one-screen summary, contents,
    every model's forecast, the uncertainty, deals, trades, a simulation, the scenario and its
    evidence grouped by source. Prints where it was written."""
    from accord.cli.common import output_file
    from accord.report import write_report

    if output is not None:  # its folders are made below, as for the default
        output_file(output, "--output", folder_must_exist=False)
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
    if output is None:
        from accord.store import default_output_dir

        output = default_output_dir("reports") / f"{s.id}.html"
    output.parent.mkdir(parents=True, exist_ok=True)
    path = write_report(s, output, version=version, seed=seed, models=model or None,
                        variants=variants, ensemble_models=ensemble_model or None)
    console.print(f"Report on {s.title} ({path.stat().st_size / 1e6:.1f} MB, "
                  "self-contained) written to", soft_wrap=True)
    console.print(f"  {str(path.resolve())}", soft_wrap=True)
