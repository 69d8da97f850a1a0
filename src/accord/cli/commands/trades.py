"""``accord trades``: the quid pro quo, in words — the most profitable exchanges of positions."""

from __future__ import annotations

import enum

import typer

from accord.cli.app import app
from accord.cli.common import (DEFAULT_SCENARIO, Table, TableOrJson, console, emit_json,
                               load_scenario_arg, styled)


class Variant(str, enum.Enum):
    equal_gain = "equal-gain"
    random_rate = "random-rate"


@app.command("trades")
def trades_cmd(
    scenario: str = typer.Argument(DEFAULT_SCENARIO, help="built-in id or file"),
    model: Variant = typer.Option(Variant.equal_gain, "--model", "-m",
                                  help="exchange rate: equal gain or random rate"),
    top: int = typer.Option(10, "--top", "-n", min=1, help="how many trades to list"),
    format: TableOrJson = typer.Option(TableOrJson.table, "--format", "-f"),
    seed: int = typer.Option(0, "--seed", min=0, max=2**64 - 1, help="seed for the random rate"),
) -> None:
    """List the most profitable trades of positions (Stokman's exchange model, round 1)."""
    from accord.api import trades

    s = load_scenario_arg(scenario)
    rows = trades(s, model.value, top, seed)
    if format == TableOrJson.json:
        emit_json({"scenario": s.id, "model": model.value, "trades": rows})
        return
    if not rows:
        console.print("No exchange of positions would leave both sides better off.")
        return
    t = Table(title=f"{s.title}: most profitable trades ({model.value})", title_justify="left",
              show_lines=True)
    t.add_column("#", justify="right")
    t.add_column("trade")
    # a scenario without deferred terms has credible gains equal to the face gains: one column
    weigh = any(i.commitment is not None and i.commitment.credibility < 1 for i in s.issues)
    t.add_column("gain at face value" if weigh else "gain", justify="right")
    if weigh:
        t.add_column("credibility-weighted", justify="right")
    names = {a.id: a.name for a in s.actors}
    for r in rows:
        cells = [str(r["rank"]), r["text"], f"{r['gain']:.3f}"]
        if weigh:
            cred = r["credible"]
            weighted = "\n".join(f"{v:.3f} ({names.get(a, a)})" for a, v in cred["gains"].items())
            deferred = [f"{i} κ={k:g}" for i, k in cred["credibility"].items() if k < 1]
            cells.append(styled("{}\n[dim]{}[/dim]", weighted, ", ".join(deferred)) if deferred
                         else weighted)
        t.add_row(*cells)
    console.print(t)
    if not weigh:
        console.print("No issue has a deferred commitment: every gain is at face value.")
