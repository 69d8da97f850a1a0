"""Core commands: scenarios, show, validate, forecast."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from accord.cli.app import app
from accord.cli.common import (DEFAULT_SCENARIO, FORMAT_HELP, MODEL_HELP, PARAM_HELP,
                               SCENARIO_HELP, SEED_HELP, OutputFormat, Table, console, emit_csv,
                               emit_json, fallback_line, fmt, load_scenario_arg, styled,
                               title_line)
from accord.cli.direct import (DEFAULT_FALLBACK, DEFAULT_VARIANTS, SEED_RANGE, VARIANTS_RANGE,
                               forecast)


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
    from accord.scenario.reliability import basis_flag, source_summary

    if format == OutputFormat.csv:
        emit_csv([{"actor": st.actor, "issue": st.issue, "position": st.position,
                   "salience": st.salience, "evidence": len(st.evidence),
                   "flag": basis_flag(s, st.evidence) or ""} for st in s.stances])
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
                flag = "0" if note and not st.evidence else \
                    evidence_cell(len(st.evidence), basis_flag(s, st.evidence))
                t.add_row(names.get(st.actor, st.actor), fmt(st.position),
                          fmt(st.salience, 2), flag, (issue.anchor_label(st.position) or ""))
        console.print(t)
    names = {a.id: a.name for a in s.actors}
    from accord.scenario.commitments import scenario_commitments

    terms = scenario_commitments(s)
    if terms:
        t = Table(title="Commitments: who delivers what, when, how credibly")
        for col in ("term", "delivered by", "when", "credibility", "depends on", "evidence"):
            t.add_column(col, prose=col in ("delivered by", "depends on"))
        for _, issue, option, c in terms:
            when = str(c.date) if c.when == "date" else c.when.replace("_", " ")
            cred = fmt(c.credibility, 2) + (f" [{fmt(c.credibility_range[0], 2)}, "
                                            f"{fmt(c.credibility_range[1], 2)}]"
                                            if c.credibility_range else "")
            ev = evidence_cell(len(c.evidence), basis_flag(s, c.evidence))
            t.add_row(issue.name + (f" ({option})" if option else ""),
                      ", ".join(names.get(a, a) for a in c.by), when, cred,
                      "; ".join(c.conditions), ev)
        console.print(t)
    flagged = [(f"capability {c.actor}" + (f" on {c.issue}" if c.issue else ""), c.evidence)
               for c in s.capabilities] + \
        [(f"outside option {o.actor}", o.evidence) for o in s.outside_options]
    weak_rows = [(what, basis_flag(s, ev)) for what, ev in flagged]
    weak_rows = [(what, f) for what, f in weak_rows if f]
    if weak_rows:
        t = Table(title="Other numbers resting on a single partisan or second-hand source")
        t.add_column("number")
        t.add_column("rests on")
        for what, f in weak_rows:
            t.add_row(what, f)
        console.print(t)
    if s.sources:
        t = Table(title="Sources")
        for col in ("id", "kind", "chain", "leaning", "reliability"):
            t.add_column(col)
        for src in s.sources:
            sm = source_summary(src)
            t.add_row(src.id, sm["kind"] + (f" ({src.form})" if src.form else ""), sm["chain"],
                      sm["leaning"], f"{sm['reliability']:g}")
        console.print(t)


def evidence_cell(n: int, weak: str | None):
    """How many evidence items a number cites; red when none, with the weak-basis flag below."""
    if not n:
        return styled("[red]0 (unsupported)[/red]")
    if weak:
        return styled("{}\n[yellow]{}[/yellow]", n, weak)
    return str(n)


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
    seed: int = typer.Option(SEED_RANGE[0], "--seed", min=SEED_RANGE[0], max=SEED_RANGE[1],
                             help=SEED_HELP),
    param: list[str] = typer.Option(None, "--param", "-p", help=PARAM_HELP,
                                    metavar="MODEL.NAME=VALUE"),
    variants: int = typer.Option(DEFAULT_VARIANTS, "--variants", min=VARIANTS_RANGE[0],
                                 max=VARIANTS_RANGE[1],
                                 help="ensemble draws behind P(agreement)"),
    fallback: str = typer.Option(DEFAULT_FALLBACK, "--fallback", help="what no deal is worth: 'stated', "
                                 "'fearon' or 'attrition'"),
    simulate: bool = typer.Option(False, "--simulate", help="also require simulated talks to "
                                  "agree before the horizon (needs round_days)"),
) -> None:
    """Whether the parties agree by the horizon, and where each model says they settle if
    they do: a summary first (P(agreement by the horizon), per issue the range across models,
    where each lands in words, the status quo and the zone with who closes it, the models that
    did not converge), then every model's forecast per issue and the outcome classes."""
    forecast(scenario, model or [], format, seed, param or [], variants, fallback, simulate)


def render_summary(summary: dict, fallback: str | None = None) -> None:
    """The summary on top of a forecast (:func:`accord.context.forecast.forecast_summary`):
    its first line is the whether line, then ``fallback`` (:func:`accord.cli.common.fallback_line`)
    if given."""
    from accord.context.forecast import zone_text

    a = summary["agreement"]
    if a is not None:
        console.print(styled("[bold]{}[/bold]", a["line"] or ""))
        if fallback:
            console.print(fallback)
    t = Table(title="Summary: where the models land", title_justify="left")
    t.add_column("issue")
    t.add_column("range", justify="right")
    t.add_column("where the models land", prose=True)
    with_sq = summary["agreement"] is not None
    if with_sq:
        t.add_column("status quo", justify="right")
        t.add_column("zone of agreement", prose=True)
    for i in summary["issues"]:
        lo, hi = i["range"] or (None, None)
        span = "—" if lo is None else (fmt(lo) if lo == hi else f"{fmt(lo)}–{fmt(hi)}")
        where = "\n".join(
            f"{', '.join(g['models'])}: ≈ {g['anchor']['label']} ({g['anchor']['value']:g})"
            if g["anchor"] else ", ".join(g["models"]) for g in i["where"])
        row = [i["name"], span, where]
        if with_sq:
            zone = zone_text(i["zone"], i.get("zone_closed"))
            if i.get("note"):
                zone += f" {i['note']}"
            elif i["why"]:
                zone += f": {i['why']}"
            row += ["none stated" if i["status_quo"] is None else fmt(i["status_quo"]), zone]
        t.add_row(*row)
    console.print(t)
    for n in summary["zone_notes"]:
        console.print(f"{n['mark']} {n['text']}")
    if summary["unstable"]:
        console.print(styled("[yellow]{}[/yellow]", "Did not converge:"))
        for g in summary["unstable_by_model"]:
            console.print(f"  {g['model']}: " + "; ".join(f"{u['name']} ({u['why']})"
                                                          for u in g["issues"]))


def render_outcome_classes(families: list[dict], models: list[str]) -> None:
    """The forecast's outcome classes, one table per family, each column summing to 100 %
    (:func:`accord.context.forecast.outcome_class_families`)."""
    for family in families:
        t = Table(title=f"Outcome classes: {family['about']} (P(agreement) in the class where "
                        "the model puts the outcome; no agreement = 1 − P)", title_justify="left")
        t.add_column("class", prose=True)
        for m in models:
            t.add_column(m, justify="right")
        for c in family["classes"]:
            t.add_row(c["label"], *[f"{c['by_model'][m]:.0%}" for m in models])
        console.print(t)


def render_forecast_table(s, fc, summary: dict | None = None) -> None:
    from accord.context.forecast import forecast_summary, outcome_class_families
    from accord.context.names import actor_name, with_names

    summary = summary or forecast_summary(fc)
    console.print(title_line(s))
    agreement = getattr(fc, "agreement", None)
    # which rule valued no deal: --fallback fearon on a scenario without war numbers falls
    # back to the stated reservation (or 0), and printed the same as --fallback stated
    render_summary(summary, None if agreement is None else
                   fallback_line(agreement.fallback_used, lambda p: actor_name(s, p)))
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
            anchor = f["anchor"]["label"] if f["anchor"] else f.get("note", "")
            row = [f["model"], fmt(f["value"]), anchor]
            if show_conv:
                row.append("—" if f["converged"] is None or f["value"] is None else
                           "yes" if f["converged"] else
                           styled("[yellow]{}[/yellow]", f.get("convergence", "no")))
            t.add_row(*row)
        console.print(t)
    render_outcome_classes(outcome_class_families(fc), list(fc.results))
    for name, res in fc.results.items():
        text = res.details.get("summary") if res.details else None
        if text:
            # only the spans the model marked as ids: an id may be a word ("it", "at")
            console.print(styled("[bold]{}[/bold]: {}", name, with_names(
                s, text, res.details.get("summary_ids", []))))
