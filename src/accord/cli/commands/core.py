"""Core commands: scenarios, show, validate, forecast."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from accord.cli.app import app
from accord.cli.common import (DEFAULT_SCENARIO, FORMAT_HELP, MODEL_HELP, PARAM_HELP,
                               SCENARIO_HELP, SEED_HELP, OutputFormat, Table, console, emit_csv,
                               emit_json, fmt, load_scenario_arg, parse_params, styled,
                               title_line)


@app.command("scenarios")
def scenarios_cmd(format: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f",
                                                      help=FORMAT_HELP)) -> None:
    """List the built-in scenarios with title, date and size."""
    list_scenarios(format)


def scenarios_fast_path(args: list[str]) -> bool:
    """``accord scenarios [-f FORMAT]`` without building the command line: Typer (≥ 0.20)
    imports pydantic to coerce any option, which is most of this command's time, and the list
    needs nothing of it (:func:`accord.scenario.builtin.builtin_summary`). False for anything
    else (help, a bad value), which the full command line then handles and reports."""
    if not args:
        fmt = "table"
    elif len(args) == 2 and args[0] in ("--format", "-f"):
        fmt = args[1]
    elif len(args) == 1 and args[0].startswith("--format="):
        fmt = args[0].split("=", 1)[1]
    else:
        return False
    if fmt not in OutputFormat._value2member_map_:
        return False
    list_scenarios(OutputFormat(fmt))
    return True


def list_scenarios(format: OutputFormat) -> None:
    from accord.scenario.builtin import builtin_ids, builtin_summary

    rows = [{k: v for k, v in builtin_summary(sid).items() if k != "sha256"}
            for sid in builtin_ids()]
    if format == OutputFormat.json:
        emit_json(rows)
        return
    if format == OutputFormat.csv:
        emit_csv(rows)
        return
    t = Table(title="Built-in scenarios")
    columns = ("id", "title", "date", "actors", "issues", "evidence")  # stances: json, csv
    for col in columns:
        t.add_column(col, prose=col == "title",
                     justify="right" if col in ("actors", "issues", "evidence") else "left")
    for r in rows:
        t.add_row(*[str(r[c]) if r[c] is not None else "—" for c in columns])
    console.print(t)


def no_evidence_note(s) -> str | None:
    """One line for a scenario that cites no evidence at all (a format that carries none):
    said once, instead of flagging every number as unsupported."""
    if s.evidence:
        return None
    return ("This scenario cites no evidence (its file format carries none): every position, "
            "salience and capability is unsupported until evidence is added.")


@app.command("show")
def show_cmd(scenario: str = typer.Argument(DEFAULT_SCENARIO, help=SCENARIO_HELP,
                                            metavar="SCENARIO"),
             format: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f",
                                                 help=FORMAT_HELP)) -> None:
    """Show a scenario: actors, issues with their anchors, stances with evidence counts."""
    s = load_scenario_arg(scenario)
    if format == OutputFormat.json:
        emit_json(s.model_dump(mode="json", exclude_none=True))
        return
    if format == OutputFormat.csv:
        emit_csv([{"actor": st.actor, "issue": st.issue, "position": st.position,
                   "salience": st.salience, "evidence": len(st.evidence)} for st in s.stances])
        return
    console.print(styled("[bold]{}[/bold]  ({}{})", s.title, s.id,
                         ", as of " + str(s.date) if s.date else ""))
    if s.description:
        console.print(s.description)
    note = no_evidence_note(s)
    if note:
        console.print(styled("[yellow]{}[/yellow]", note))
    t = Table(title="Actors")
    for col in ("id", "name", "kind", "capability", "aliases", "members"):
        t.add_column(col, prose=col in ("aliases", "members"),
                     justify="right" if col == "capability" else "left")
    for a in s.actors:
        try:
            cap = fmt(s.capability(a.id), 2)
        except KeyError:
            cap = "—"
        t.add_row(a.id, a.name, a.kind, cap, ", ".join(a.aliases[:4]),
                  (", ".join(a.members)))
    console.print(t)
    names = {a.id: a.name for a in s.actors}
    for issue in s.issues:
        t = Table(title=f"{issue.name} ({issue.id}, {issue.low:g}–{issue.high:g})",
                  caption=(" · ".join(f"{a.value:g} = {a.label}" for a in issue.anchors)))
        for col in ("actor", "position", "salience", "evidence", "nearest anchor"):
            t.add_column(col, prose=col == "nearest anchor",
                         justify="right" if col in ("position", "salience") else "left")
        for st in s.stances:
            if st.issue == issue.id:
                flag = (str(len(st.evidence)) if st.evidence else
                        "0" if note else styled("[red]0 (unsupported)[/red]"))
                t.add_row(names.get(st.actor, st.actor), fmt(st.position),
                          fmt(st.salience, 2), flag, (issue.anchor_label(st.position) or ""))
        console.print(t)


@app.command("validate")
def validate_cmd(file: Path = typer.Argument(..., help="scenario file in any supported format",
                                             metavar="FILE"),
                 format: Optional[str] = typer.Option(
                     None, "--input-format", help="read the file as this format instead of "
                     "telling it from its content and extension: yaml, ktab-csv, ktab-xml, "
                     "decide, simple-csv, genius, geniusweb")) -> None:
    """Check a scenario file; print the first problem with file, line and field (exit 2)."""
    s = load_scenario_arg(str(file), format=format)
    unsupported = sum(1 for st in s.stances if not st.evidence)
    typer.echo(f"{file}: valid — {len(s.actors)} actors, {len(s.issues)} issues, "
               f"{len(s.stances)} stances ({unsupported} without evidence)")


@app.command("forecast")
def forecast_cmd(
    scenario: str = typer.Argument(DEFAULT_SCENARIO, help=SCENARIO_HELP, metavar="SCENARIO"),
    model: list[str] = typer.Option(None, "--model", "-m", help=MODEL_HELP, metavar="MODEL"),
    format: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help=FORMAT_HELP),
    seed: int = typer.Option(0, "--seed", min=0, max=2**64 - 1, help=SEED_HELP),
    param: list[str] = typer.Option(None, "--param", "-p", help=PARAM_HELP,
                                    metavar="MODEL.NAME=VALUE"),
) -> None:
    """What the models say: a summary first (the range across models per issue, where each
    lands in words, the status quo, the chance of agreement, models that did not converge),
    then every model's forecast per issue."""
    from accord.api import forecast
    from accord.context.forecast import forecast_json

    s = load_scenario_arg(scenario)
    fc = forecast(s, models=model or None, seed=seed, params=parse_params(param or []))
    data = forecast_json(fc)
    summary = data["summary"]
    if format == OutputFormat.json:
        emit_json(data)
        return
    if format == OutputFormat.csv:
        emit_csv([{k: f.get(k) for k in ("model", "issue", "value", "label")}
                  for f in data["forecasts"]])
        return
    render_forecast_table(s, fc, summary)


def render_summary(summary: dict) -> None:
    """The summary on top of a forecast (:func:`accord.context.forecast.forecast_summary`)."""
    a = summary["agreement"]
    if a is not None:
        console.print(styled("[bold]{}[/bold]", a["line"] or ""))
    t = Table(title="Summary: where the models land", title_justify="left")
    t.add_column("issue")
    t.add_column("range", justify="right")
    t.add_column("where the models land", prose=True)
    with_sq = any(i["status_quo"] is not None for i in summary["issues"])
    if with_sq:
        t.add_column("status quo", justify="right")
        t.add_column("zone", justify="right")
    for i in summary["issues"]:
        lo, hi = i["range"] or (None, None)
        span = "—" if lo is None else (fmt(lo) if lo == hi else f"{fmt(lo)}–{fmt(hi)}")
        where = "\n".join(
            f"{', '.join(g['models'])}: ≈ {g['anchor']['label']} ({g['anchor']['value']:g})"
            if g["anchor"] else ", ".join(g["models"]) for g in i["where"])
        row = [i["name"], span, where]
        if with_sq:
            zone = "none" if i["zone"] is None else f"{fmt(i['zone'][0])}–{fmt(i['zone'][1])}"
            if i["zone"] is None and i["blocking"]:
                zone += " (" + (", ".join(i["blocking"])) + ")"
            row += [fmt(i["status_quo"]), zone if i["status_quo"] is not None else "—"]
        t.add_row(*row)
    console.print(t)
    if summary["unstable"]:
        names = {i["id"]: i["name"] for i in summary["issues"]}
        console.print(styled("[yellow]Did not converge:[/yellow] {}", "; ".join(
            f"{u['model']} on {names.get(u['issue'], u['issue'])} ({u['text']})"
            for u in summary["unstable"])))


def render_forecast_table(s, fc, summary: dict | None = None) -> None:
    from accord.context.forecast import forecast_summary
    from accord.context.names import with_names

    summary = summary or forecast_summary(fc)
    console.print(title_line(s))
    render_summary(summary)
    for issue, item in zip(s.issues, summary["issues"]):
        t = Table(title=f"{issue.name}  ({issue.low:g}–{issue.high:g})",
                  title_justify="left")
        t.add_column("model")
        t.add_column("if agreement" if summary["agreement"] else "forecast", justify="right")
        t.add_column("nearest anchor", prose=True)
        show_conv = any(f["converged"] is not None for f in item["forecasts"])
        if show_conv:
            t.add_column("converged", prose=True)
        for f in item["forecasts"]:
            row = [f["model"], fmt(f["value"]),
                   (f["anchor"]["label"]) if f["anchor"] else ""]
            if show_conv:
                row.append("—" if f["converged"] is None else "yes" if f["converged"] else
                           styled("[yellow]{}[/yellow]", f.get("convergence", "no")))
            t.add_row(*row)
        console.print(t)
    for name, res in fc.results.items():
        text = res.details.get("summary") if res.details else None
        if text:
            console.print(styled("[bold]{}[/bold]: {}", name, with_names(s, text)))
