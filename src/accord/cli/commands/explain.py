"""``accord explain``: what happened between the actors in one round of an iterative model.

Reads the interaction log an iterative model leaves in ``details["log"]`` (the expected-utility
model: every ordered pair's expected utilities, octant, offer and whether it was taken) and
prints it as sentences and a table, or as JSON.
"""

from __future__ import annotations

from typing import Optional

import typer
from rich.table import Table

from accord.cli.app import app
from accord.cli.common import (DEFAULT_SCENARIO, TableOrJson, console, emit_json, load_scenario_arg,
                               parse_params, styled)
from accord.errors import AccordError


def _round_log(scenario, model: str, round_no: int, issue: str | None, params: dict):
    """The log entries of one round (and issue), with the run they came from."""
    from accord.api import forecast

    issue_ids = [i.id for i in scenario.issues]
    if issue is not None and issue not in issue_ids:
        raise AccordError(f"--issue {issue!r}: no such issue in {scenario.id}; expected one of: "
                          f"{', '.join(issue_ids)}")
    fc = forecast(scenario, models=[model], params=params)
    result = fc.results[model]
    log = (result.details or {}).get("log")
    if log is None:
        raise AccordError(f"--model {model!r} keeps no interaction log to explain; expected an "
                          f"iterative model with one, e.g. eum")
    ran = int(result.details.get("rounds_run", 0))
    if not 1 <= round_no <= ran:
        raise AccordError(f"--round {round_no}: the {model} run on {scenario.id} has rounds 1–{ran}"
                          f" (round 1 is the first round of offers)")
    wanted = [issue] if issue else issue_ids
    entries = [e for e in log if e["round"] == round_no and e["issue"] in wanted]
    return result, wanted, entries


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
    s = load_scenario_arg(scenario)
    result, issues, entries = _round_log(s, model, round_no, issue, parse_params(param or []))
    issue_ids = [i.id for i in s.issues]
    rounds = result.rounds
    summary = []
    for iid in issues:
        k = issue_ids.index(iid)
        summary.append({"issue": iid,
                        "median_before": float(rounds.median[round_no - 1, k]),
                        "median_after": float(rounds.median[round_no, k]),
                        "mean_before": float(rounds.mean[round_no - 1, k]),
                        "mean_after": float(rounds.mean[round_no, k]),
                        "moves": [e["sentence"] for e in entries
                                  if e["issue"] == iid and e["taken"]]})
    if format == TableOrJson.json:
        emit_json({"scenario": s.id, "model": model, "round": round_no, "issues": summary,
                   "pairs": entries})
        return
    for item in summary:
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
