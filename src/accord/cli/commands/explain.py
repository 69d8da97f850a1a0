"""``accord explain``: what happened between the actors in one round of an iterative model.

Prints :func:`accord.explain` (the round's log, read from the model's ``details["log"]``) as
sentences and a table, or as JSON.
"""

from __future__ import annotations

from typing import Optional

import typer

from accord.cli.app import app
from accord.cli.common import (DEFAULT_SCENARIO, Table, TableOrJson, console, emit_json,
                               load_scenario_arg, parse_params, styled)


def _num(v) -> str:
    return "—" if v is None else f"{v:.3f}".rstrip("0").rstrip(".")


@app.command("explain")
def explain_cmd(
    scenario: str = typer.Argument(DEFAULT_SCENARIO, help="built-in id or file"),
    model: str = typer.Option("eum", "--model", "-m", help="iterative model with a log"),
    round_no: int = typer.Option(1, "--round", "-r", help="round (1 = the first round of offers)"),
    issue: Optional[str] = typer.Option(None, "--issue", "-i", help="only this issue"),
    format: TableOrJson = typer.Option(TableOrJson.table, "--format", "-f"),
    param: list[str] = typer.Option(None, "--param", "-p",
                                    help="MODEL.NAME=VALUE parameter override (repeatable)"),
) -> None:
    """Explain one round: who challenged whom, which offers were made, which were taken."""
    from accord.api import explain

    s = load_scenario_arg(scenario)
    data = explain(s, model, round_no, issue, parse_params(param or []))
    if format == TableOrJson.json:
        emit_json(data)
        return
    entries = data["pairs"]
    for item in data["issues"]:
        iid = item["issue"]
        console.print(styled("[bold]Round {}[/bold] of {} on [bold]{}[/bold]: median {} → {}, "
                             "mean {} → {}", round_no, model, iid, _num(item["median_before"]),
                             _num(item["median_after"]), _num(item["mean_before"]),
                             _num(item["mean_after"])))
        for text in item["moves"] or ["Nobody moves in this round."]:
            console.print(f"  • {text}")
        t = Table(title=f"Every ordered pair, round {round_no}, {iid}", title_justify="left")
        # E^i(U_ij) and E^j(U_ji) of Scholz et al.'s fig. 6, i = actor, j = other.
        for col in ("actor", "other", "EU actor", "EU other", "octant", "offer", "taken"):
            t.add_column(col, justify="right" if col.startswith(("EU", "offer")) else "left",
                         no_wrap=True)
        for e in entries:
            if e["issue"] != iid:
                continue
            t.add_row(e["actor"], e["other"], f"{e['eu_actor']:+.3f}", f"{e['eu_other']:+.3f}",
                      e["octant"], _num(e["offer"]), "yes" if e["taken"] else "")
        console.print(t)
