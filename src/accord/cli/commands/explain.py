"""``accord explain``: why a model lands where it does, and what happened in one round.

Prints :func:`accord.explain` through :func:`accord.context.explain.explain_context`: per issue
the pivotal actor, the inputs that move the forecast most with the evidence behind them, the
actors stuck apart; then, for a model with an interaction log, the round's offers and every
ordered pair. ``--format json`` prints :func:`accord.explain`'s dict.
"""

from __future__ import annotations

from typing import Optional

import typer

from accord.cli.app import app
from accord.cli.common import (DEFAULT_SCENARIO, ONE_MODEL_HELP, PARAM_HELP, SCENARIO_HELP,
                               SEED_HELP, TABLE_JSON_HELP, Table, TableOrJson, console, emit_json,
                               load_scenario_arg, parse_params, styled)


def _num(v) -> str:
    return "—" if v is None else f"{v:.3f}".rstrip("0").rstrip(".")


@app.command("explain")
def explain_cmd(
    scenario: str = typer.Argument(DEFAULT_SCENARIO, help=SCENARIO_HELP, metavar="SCENARIO"),
    model: str = typer.Option("eum", "--model", "-m", help=ONE_MODEL_HELP, metavar="MODEL"),
    round_no: int = typer.Option(1, "--round", "-r", help="round whose offers to show (1 = the "
                                 "first round of offers; models with an interaction log)"),
    issue: Optional[str] = typer.Option(None, "--issue", "-i", help="only this issue (id)"),
    top: int = typer.Option(5, "--top", "-n", min=1, help="inputs listed per issue as the ones "
                            "that move the forecast most"),
    seed: int = typer.Option(0, "--seed", min=0, max=2**64 - 1, help=SEED_HELP),
    format: TableOrJson = typer.Option(TableOrJson.table, "--format", "-f", help=TABLE_JSON_HELP),
    param: list[str] = typer.Option(None, "--param", "-p", help=PARAM_HELP,
                                    metavar="MODEL.NAME=VALUE"),
) -> None:
    """Why a model lands where it does: the pivotal actor of a weighted-median forecast (for
    any other model what it rests on: the win-set of the status quo and the choice in it, the
    weighted mean and the largest weight shares, …), the stances and evidence that move
    the forecast most, the actors stuck apart; then one round's offers (who challenged whom,
    which offers were taken)."""
    from accord.api import explain
    from accord.context.explain import explain_context

    s = load_scenario_arg(scenario)
    data = explain(s, model, round_no, issue, parse_params(param or [], [model]), seed=seed,
                   top=top)
    if format == TableOrJson.json:
        emit_json(data)
        return
    ctx = explain_context(s, data)
    console.print(styled("[bold]Why {} lands where it does[/bold] on {}", ctx["model_title"],
                         ctx["title"]))
    console.print(styled("[dim]What moves it: {}.[/dim]", ctx["method"]))
    for r in ctx["reasons"]:
        label = f" (≈ {r['label']})" if r["label"] else ""
        console.print(styled("\n[bold]{}[/bold]: forecast {}{}", r["name"], _num(r["forecast"]),
                             label))
        if r["pivot_text"]:
            console.print(f"  Pivotal: {r['pivot_text']}")
        if r["basis_text"]:  # not a median model: the win-set, the mean, … decide
            console.print(f"  Rests on: {r['basis_text']}")
        if r["drivers"]:
            t = Table(title="  What moves it most", title_justify="left")
            for col in ("input", "range", "at low", "at high", "swing", "evidence"):
                t.add_column(col, prose=col == "input",
                             justify="right" if col in ("at low", "at high", "swing") else "left")
            cited: dict[str, dict] = {}
            for d in r["drivers"]:
                ev = "\n".join(e["id"] for e in d["evidence"]) or \
                    styled("[red]none cited[/red]")
                cited.update({e["id"]: e for e in d["evidence"]})
                t.add_row(d["label"], f"{_num(d['low'])}–{_num(d['high'])}",
                          _num(d["at_low"]), _num(d["at_high"]), _num(d["swing"]), ev)
            console.print(t)
            for e in cited.values():
                said = f"{e['speaker']}: " if e["speaker"] else ""
                quote = f"“{' '.join(e['quote'].split())}”" if e["quote"] else "(not in the scenario)"
                console.print(styled("    [dim]{}[/dim]  {}", e["id"], said + quote))
        else:
            console.print("  No single input moves it within its range.")
        for st in r["stuck"][:3]:
            console.print(f"  Stuck: {st['text']}")
        if len(r["stuck"]) > 3:
            console.print(f"  Stuck: {len(r['stuck']) - 3} more pairs (--format json lists all)")
    if not ctx["pairs"]:
        return
    for item in ctx["rounds"]:
        console.print(styled("\n[bold]Round {}[/bold] of {} on [bold]{}[/bold]: median {} → {}, "
                             "mean {} → {}", round_no, model, item["name"],
                             _num(item.get("median_before")), _num(item.get("median_after")),
                             _num(item.get("mean_before")), _num(item.get("mean_after"))))
        for text in item["moves"] or ["Nobody moves in this round."]:
            console.print(f"  • {text}")
        t = Table(title=f"Every ordered pair, round {round_no}, {item['name']}",
                  title_justify="left")
        # E^i(U_ij) and E^j(U_ji) of Scholz et al.'s fig. 6, i = actor, j = other.
        for col in ("actor", "other", "EU actor", "EU other", "octant", "offer", "taken"):
            t.add_column(col, justify="right" if col.startswith(("EU", "offer")) else "left")
        for e in ctx["pairs_named"]:
            if e["issue"] != item["issue"]:
                continue
            t.add_row(e["actor_name"], e["other_name"], f"{e['eu_actor']:+.3f}",
                      f"{e['eu_other']:+.3f}", e["octant"], _num(e["offer"]),
                      "yes" if e["taken"] else "")
        console.print(t)
