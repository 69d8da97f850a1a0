"""The whatif command: change some numbers, compare P(agreement), zones and forecasts."""

from __future__ import annotations

import typer

from accord.cli.app import app
from accord.cli.common import (DEFAULT_SCENARIO, MODEL_HELP, SCENARIO_HELP, SEED_HELP,
                               TABLE_JSON_HELP, Table, TableOrJson, console, emit_json, fmt,
                               load_scenario_arg, styled, title_line)


@app.command("whatif")
def whatif_cmd(
    scenario: str = typer.Argument(DEFAULT_SCENARIO, help=SCENARIO_HELP, metavar="SCENARIO"),
    set_: list[str] = typer.Option(None, "--set", help="TARGET.FIELD=VALUE (repeatable): "
                                   "ACTOR.FIELD (capability, reservation, win_probability, cost, "
                                   "per_period_win, per_period_cost, discount), "
                                   "ACTOR.ISSUE.FIELD (position, salience, capability, red_line) "
                                   "or ISSUE.FIELD (status_quo, credibility); 'none' removes a "
                                   "red line or a status quo", metavar="TARGET.FIELD=VALUE"),
    intervene: list[str] = typer.Option(None, "--intervene", help="ROUND:PARTY.FIELD=VALUE in the "
                                        "simulated talks behind the time to agreement (implies "
                                        "--simulate), as in accord simulate",
                                        metavar="ROUND:PARTY.FIELD=VALUE"),
    model: list[str] = typer.Option(None, "--model", "-m", help=MODEL_HELP, metavar="MODEL"),
    variants: int = typer.Option(1000, "--variants", min=0, max=1_000_000,
                                 help="ensemble draws behind P(agreement)"),
    fallback: str = typer.Option("stated", "--fallback",
                                 help="what no deal is worth: 'stated', 'fearon' or 'attrition'"),
    simulate: bool = typer.Option(False, "--simulate", help="also require simulated talks to "
                                  "agree before the horizon (needs round_days)"),
    seed: int = typer.Option(0, "--seed", min=0, max=2**64 - 1, help=SEED_HELP),
    format: TableOrJson = typer.Option(TableOrJson.table, "--format", "-f", help=TABLE_JSON_HELP),
) -> None:
    """What if: P(agreement), every issue's zone and every model's forecast before and after
    the changes, with the differences (e.g. --set russia.donbas.red_line=none)."""
    from accord.errors import AccordError
    from accord.whatif import whatif

    if not set_ and not intervene:
        raise AccordError("nothing to change; expected at least one --set TARGET.FIELD=VALUE or "
                          "--intervene ROUND:PARTY.FIELD=VALUE")
    s = load_scenario_arg(scenario)
    result = whatif(s, set_ or [], models=model or None, seed=seed, variants=variants,
                    fallback=fallback, interventions=intervene or [], simulate=simulate)
    if format == TableOrJson.json:
        emit_json(result.to_dict())
        return
    _render(s, result)


def _render(s, r) -> None:
    console.print(title_line(s))
    for c in r.changes:
        console.print(f"set {c.text} (was {fmt(c.before, 2) if c.before is not None else 'none'})")
    for iv in r.interventions:
        console.print(f"intervene {iv}")
    console.print(styled("[bold]before:[/bold] {}", r.before.whether_line()))
    console.print(styled("[bold]after:[/bold]  {}", r.after.whether_line()))
    diff = r.differences()
    t = Table(title="Zones (status quo; zone or who blocks it)", title_justify="left")
    for col in ("issue", "before", "after"):
        t.add_column(col)
    for issue in s.issues:
        wb, wa = r.before.agreement.issues[issue.id], r.after.agreement.issues[issue.id]
        mark = " *" if issue.id in diff.get("issues", {}) else ""
        t.add_row(issue.name + mark, _zone(s, wb), _zone(s, wa))
    console.print(t)
    t = Table(title="Forecasts if agreement (after − before)", title_justify="left")
    t.add_column("model")
    t.add_column("issue")
    for col in ("before", "after", "change"):
        t.add_column(col, justify="right")
    for name, row in diff["forecasts"].items():
        for issue in s.issues:
            if issue.id in row:
                b, a = r.before.value(name, issue.id), r.after.value(name, issue.id)
                d = row[issue.id]
                t.add_row(name, issue.name, fmt(b), fmt(a), "—" if d is None else f"{d:+.1f}")
    if t.row_count:
        console.print(t)
    else:
        console.print("No model's forecast changes.")


def _zone(s, w) -> str:
    sq = "—" if w.status_quo is None else f"{w.status_quo:g}"
    if w.decided_by:
        return f"SQ {sq}; decided by {s.actor(w.decided_by).name}"
    if w.zone is None:
        who = ", ".join(s.actor(a).name for a in w.blocking) or "—"
        return f"SQ {sq}; no zone (blocking: {who})"
    return f"SQ {sq}; zone {w.zone_text}"
