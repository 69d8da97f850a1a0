"""Core commands: scenarios, show, validate, forecast."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from accord.cli.app import app
from accord.cli.common import (DEFAULT_SCENARIO, OutputFormat, Table, console, emit_csv, emit_json,
                               fmt, load_scenario_arg, parse_params, styled, title_line)


@app.command("scenarios")
def scenarios_cmd(format: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f")) -> None:
    """List the built-in scenarios with title and size."""
    from accord.scenario.builtin import builtin_ids, load_builtin

    rows = []
    for sid in builtin_ids():
        s = load_builtin(sid)
        rows.append({"id": sid, "title": s.title, "date": str(s.date) if s.date else None,
                     "actors": len(s.actors), "issues": len(s.issues), "stances": len(s.stances),
                     "evidence": len(s.evidence)})
    if format == OutputFormat.json:
        emit_json(rows)
        return
    if format == OutputFormat.csv:
        emit_csv(rows)
        return
    t = Table(title="Built-in scenarios")
    for col in ("id", "title", "date", "actors", "issues", "stances", "evidence"):
        t.add_column(col)
    for r in rows:
        t.add_row(*[str(r[c]) if r[c] is not None else "—" for c in r])
    console.print(t)


@app.command("show")
def show_cmd(scenario: str = typer.Argument(DEFAULT_SCENARIO, help="built-in id or file"),
             format: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f")) -> None:
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
    t = Table(title="Actors")
    for col in ("id", "name", "kind", "capability", "aliases", "members"):
        t.add_column(col)
    for a in s.actors:
        try:
            cap = fmt(s.capability(a.id), 2)
        except KeyError:
            cap = "—"
        t.add_row(a.id, a.name, a.kind, cap, ", ".join(a.aliases[:4]), ", ".join(a.members))
    console.print(t)
    for issue in s.issues:
        t = Table(title=f"{issue.name} ({issue.id}, {issue.low:g}–{issue.high:g})",
                  caption=" · ".join(f"{a.value:g} = {a.label}" for a in issue.anchors))
        for col in ("actor", "position", "salience", "evidence", "nearest anchor"):
            t.add_column(col)
        for st in s.stances:
            if st.issue == issue.id:
                flag = evidence_cell(len(st.evidence), basis_flag(s, st.evidence))
                t.add_row(st.actor, fmt(st.position), fmt(st.salience, 2), flag,
                          issue.anchor_label(st.position) or "")
        console.print(t)
    names = {a.id: a.name for a in s.actors}
    from accord.scenario.commitments import scenario_commitments

    terms = scenario_commitments(s)
    if terms:
        t = Table(title="Commitments: who delivers what, when, how credibly")
        for col in ("term", "delivered by", "when", "credibility", "depends on", "evidence"):
            t.add_column(col)
        for _, issue, option, c in terms:
            when = str(c.date) if c.when == "date" else c.when.replace("_", " ")
            cred = fmt(c.credibility, 2) + (f" [{fmt(c.credibility_range[0], 2)}, "
                                            f"{fmt(c.credibility_range[1], 2)}]"
                                            if c.credibility_range else "")
            ev = evidence_cell(len(c.evidence), basis_flag(s, c.evidence))
            t.add_row(issue.id + (f".{option}" if option else ""),
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
def validate_cmd(file: Path = typer.Argument(..., help="scenario file in any supported format"),
                 format: Optional[str] = typer.Option(None, "--input-format",
                                                      help="force an input format")) -> None:
    """Check a scenario file; print the first problem with file, line and field (exit 2)."""
    s = load_scenario_arg(str(file), format=format)
    unsupported = sum(1 for st in s.stances if not st.evidence)
    typer.echo(f"{file}: valid — {len(s.actors)} actors, {len(s.issues)} issues, "
               f"{len(s.stances)} stances ({unsupported} without evidence)")


@app.command("forecast")
def forecast_cmd(
    scenario: str = typer.Argument(DEFAULT_SCENARIO, help="built-in id or file"),
    model: list[str] = typer.Option(None, "--model", "-m", help="model name (repeatable)"),
    format: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f"),
    seed: int = typer.Option(0, "--seed", min=0, max=2**64 - 1),
    param: list[str] = typer.Option(None, "--param", "-p",
                                    help="MODEL.NAME=VALUE parameter override (repeatable)"),
    variants: int = typer.Option(1000, "--variants", min=0, max=1_000_000,
                                 help="ensemble draws behind P(agreement)"),
    fallback: str = typer.Option("stated", "--fallback", help="what no deal is worth: 'stated', "
                                 "'fearon' or 'attrition'"),
    simulate: bool = typer.Option(False, "--simulate", help="also require simulated talks to "
                                  "agree before the horizon (needs round_days)"),
) -> None:
    """Whether the parties agree by the horizon, and where each model says they settle if
    they do: P(agreement), status quo and zone per issue, every model's forecast."""
    from accord.api import forecast

    s = load_scenario_arg(scenario)
    fc = forecast(s, models=model or None, seed=seed, params=parse_params(param or []),
                  variants=variants, fallback=fallback, simulate=simulate)
    data = fc.to_dict()
    if format == OutputFormat.json:
        emit_json(data)
        return
    if format == OutputFormat.csv:
        emit_csv([{k: f.get(k) for k in ("model", "issue", "value", "label")}
                  for f in data["forecasts"]])
        return
    render_forecast_table(s, fc)


def render_forecast_table(s, fc) -> None:
    models = list(fc.results)
    console.print(title_line(s))
    if fc.agreement is not None:
        console.print(styled("[bold]{}[/bold]", with_names(s, fc.whether_line())))
    conv = {m: fc.convergence(m) for m in models}
    for k, issue in enumerate(s.issues):
        caption = None
        if fc.agreement is not None:
            w = fc.agreement.issues[issue.id]
            sq = "none stated" if w.status_quo is None else fmt(w.status_quo)
            caption = f"status quo {sq}; {w.headline}"
        t = Table(title=f"{issue.name}  [{issue.low:g}–{issue.high:g}]", title_justify="left",
                  caption=caption, caption_justify="left")
        t.add_column("model")
        t.add_column("if agreement", justify="right")
        t.add_column("nearest anchor")
        t.add_column("converged")
        for m in models:
            v = fc.value(m, issue.id)
            c = conv[m]
            if v != v:   # NaN: a status-quo model on an issue without a status quo
                t.add_row(m, "—", "no status quo stated", "—")
                continue
            t.add_row(m, fmt(v), issue.anchor_label(v) or "",
                      "yes" if c.converged[k] else styled("[yellow]{}[/yellow]", c.describe(k)))
        console.print(t)
    classes = fc.outcome_classes()
    if classes:
        from accord.api import NO_AGREEMENT

        labels = {oc.id: oc.label for oc in s.outcome_classes} | {NO_AGREEMENT: "No agreement"}
        t = Table(title="Outcome classes (P(agreement) × where each model puts it; "
                        "no agreement = 1 − P)", title_justify="left")
        t.add_column("class")
        for m in models:
            t.add_column(m, justify="right")
        for cid, label in labels.items():
            t.add_row(label, *[f"{classes[m][cid]:.0%}" for m in models])
        console.print(t)
    for name, res in fc.results.items():
        summary = res.details.get("summary") if res.details else None
        if summary:
            console.print(styled("[bold]{}[/bold]: {}", name, with_names(s, summary)))


def with_names(s, text: str) -> str:
    """Models see only ids; analysts read names ("russia … arms_aid" → "Russia … Arms supplies")."""
    import re

    names = {a.id: a.name for a in s.actors} | {i.id: i.name for i in s.issues}
    if not names:
        return text
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(k) for k in
                                                   sorted(names, key=len, reverse=True)) + r")(?![\w-])")
    return pattern.sub(lambda m: names[m.group(1)], text)
