"""Uncertainty commands: ensemble, sensitivity, score."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Optional

import typer

from accord.cli.app import app
from accord.cli.common import (DEFAULT_SCENARIO, Table, TableOrJson, console, emit_json,
                               err_console, fmt, load_scenario_arg, parse_params, styled)

_BARS = " ▁▂▃▄▅▆▇█"


class ExecutorKind(str, enum.Enum):
    process = "process"
    dask = "dask"
    inline = "inline"


def _spark(counts: list[int]) -> str:
    top = max(counts) or 1
    return "".join(_BARS[round(c / top * (len(_BARS) - 1))] for c in counts)


def _params(model: str, items: list[str]) -> dict:
    return parse_params(items).get(model, {})


@app.command("ensemble")
def ensemble_cmd(
    scenario: str = typer.Argument(DEFAULT_SCENARIO, help="built-in id or file"),
    model: str = typer.Option("compromise", "--model", "-m",
                              help="registered model, or 'deals' for the deal solver"),
    n: int = typer.Option(10_000, "-n", help="number of variants"),
    seed: int = typer.Option(0, "--seed", min=0, max=2**64 - 1),
    workers: Optional[int] = typer.Option(None, "--workers", help="default: one per core"),
    executor: ExecutorKind = typer.Option(ExecutorKind.process, "--executor",
                                          help="process pool, Dask cluster, or this process"),
    scheduler: Optional[str] = typer.Option(None, "--scheduler",
                                            help="Dask scheduler address (with --executor dask)"),
    out: Path = typer.Option(Path("ensembles"), "--out", help="folder for the Parquet + JSON"),
    chunk_size: Optional[int] = typer.Option(None, "--chunk-size",
                                             help="variants per chunk (changes the draws)"),
    param: list[str] = typer.Option(None, "--param", "-p", help="MODEL.NAME=VALUE (repeatable)"),
    format: TableOrJson = typer.Option(TableOrJson.table, "--format", "-f"),
    resume: bool = typer.Option(False, "--resume",
                                help="finish an interrupted or killed run of this ensemble "
                                     "from the chunks it left in --out"),
) -> None:
    """Monte Carlo ensemble: N variants drawn from the scenario's ranges, one model, summarised.

    The files are named after what defines them (model, N, seed, chunk size and a digest of
    the rest); an interrupted run keeps its finished chunks for --resume and never replaces a
    complete file."""
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                               TimeRemainingColumn)

    from accord.ensemble import DEAL_MODEL, run_ensemble
    from accord.whether.agreement import whether_record

    s = load_scenario_arg(scenario)
    whether = None if model == DEAL_MODEL else whether_record(s, seed)
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeRemainingColumn(), console=err_console.unwrap(), transient=True,
                        disable=not err_console.is_terminal)
    with progress:
        task = progress.add_task(f"{s.id} × {model}", total=n)
        result = run_ensemble(s, model, n, seed=seed, workers=workers, executor=executor.value,
                              scheduler=scheduler, out=out, chunk_size=chunk_size,
                              params=_params(model, param or []), resume=resume,
                              progress=lambda done, total: progress.update(task, completed=done),
                              whether=whether)
    if format == TableOrJson.json:
        emit_json({**result.summary, "parquet": str(result.parquet),
                   "summary_file": str(result.summary_path)})
    else:
        render_ensemble(s, result)
    if result.interrupted:  # what finished is written and summarised; the exit code says so
        err_console.print(f"interrupted: {result.n:,} of {n:,} variants finished, summarised in "
                          f"{str(result.parquet)}; run the same command with --resume "
                          "to finish the ensemble")
        raise typer.Exit(130)


def render_ensemble(s, result) -> None:
    summary = result.summary
    console.print(styled("[bold]{}[/bold] — {}, {} variants ({} uncertain inputs)", s.title,
                         summary["run"]["model"], f"{summary['variants']:,}",
                         len(summary["inputs"])))
    t = Table(title="Forecast distribution", title_justify="left")
    for col in ("issue", "mean", "std", "5%", "25%", "50%", "75%", "95%", "histogram"):
        t.add_column(col, justify="left" if col in ("issue", "histogram") else "right")
    for o in summary["outputs"]:
        q = o["quantiles"]
        t.add_row(o.get("issue", o["output"]), fmt(o["mean"]), fmt(o["std"]),
                  *[fmt(q[k]) for k in ("p5", "p25", "p50", "p75", "p95")],
                  _spark(o["histogram"]["counts"]))
    console.print(t)
    if summary.get("agreement"):
        console.print(f"P(agreement by {summary['agreement']['by'] or 'the horizon'}) = "
                      f"{summary['agreement']['probability']:.1%}")
    if summary.get("outcome_classes"):
        t = Table(title="Outcome classes (share of variants; with P(agreement))",
                  title_justify="left")
        t.add_column("class")
        t.add_column("share of variants", justify="right")
        t.add_column("× P(agreement)", justify="right")
        for c in summary["outcome_classes"]:
            share = "—" if c["probability"] is None else f"{c['probability']:.1%}"
            joint = c.get("probability_with_agreement")
            t.add_row(c["label"], share, "—" if joint is None else f"{joint:.1%}")
        if summary.get("no_agreement") is not None:
            t.add_row("No agreement by the horizon", "—", f"{summary['no_agreement']:.1%}")
        console.print(t)
    if "zone_of_agreement" in summary:
        console.print(f"zone of agreement exists in "
                      f"{summary['zone_of_agreement']['frequency']:.1%} of variants")
    rate = summary["variants"] / result.elapsed if result.elapsed else 0
    console.print(f"{str(result.parquet)} ({result.elapsed:.2f} s, {rate:,.0f} variants/s, "
                  f"{result.executor} × {result.workers})")


@app.command("sensitivity")
def sensitivity_cmd(
    scenario: str = typer.Argument(DEFAULT_SCENARIO, help="built-in id or file"),
    model: str = typer.Option("compromise", "--model", "-m"),
    sobol_n: int = typer.Option(4096, "--sobol-n", help="base sample size N (0: no Sobol)"),
    top: int = typer.Option(8, "--top", help="Sobol indices for this many inputs"),
    seed: int = typer.Option(0, "--seed", min=0, max=2**64 - 1),
    param: list[str] = typer.Option(None, "--param", "-p", help="MODEL.NAME=VALUE (repeatable)"),
    format: TableOrJson = typer.Option(TableOrJson.table, "--format", "-f"),
) -> None:
    """Which inputs move each forecast: tornado of one-at-a-time swings, Sobol indices."""
    from accord.ensemble.sensitivity import sensitivity

    s = load_scenario_arg(scenario)
    data = sensitivity(s, model, sobol_n=sobol_n, top=top, seed=seed,
                       params=_params(model, param or []))
    if format == TableOrJson.json:
        emit_json(data)
        return
    for name, rows in data["tornado"].items():
        t = Table(title=f"{name} — base {fmt(data['base'][name], 2)}",
                  title_justify="left")
        for col in ("input", "range", "at low", "at high", "swing", ""):
            t.add_column(col, justify="right" if col not in ("input", "") else "left")
        top_swing = max((r["swing"] or 0.0) for r in rows) or 1.0
        for r in rows[:10]:
            t.add_row(r["input"], f"{r['low']:g}–{r['high']:g}", fmt(r["at_low"], 2),
                      fmt(r["at_high"], 2), fmt(r["swing"], 2),
                      "█" * round((r["swing"] or 0.0) / top_swing * 20))
        console.print(t)
    if "sobol" in data:
        for name, entry in data["sobol"]["indices"].items():
            t = Table(title=f"Sobol indices, {name} (N = {data['sobol']['n']})",
                      title_justify="left")
            t.add_column("input")
            t.add_column("first order", justify="right")
            t.add_column("total", justify="right")
            for r in entry["indices"]:
                t.add_row(r["input"], fmt(r["first_order"], 3), fmt(r["total"], 3))
            console.print(t)


@app.command("score")
def score_cmd(ledger: Path = typer.Argument(..., help="forecast ledger (YAML)"),
              format: TableOrJson = typer.Option(TableOrJson.table, "--format", "-f")) -> None:
    """Score resolved forecasts in a ledger: Brier (0–2), ranked probability, log, baseline."""
    from accord.ensemble.scoring import load_ledger, score_ledger

    data = score_ledger(load_ledger(ledger))
    if format == TableOrJson.json:
        emit_json(data)
        return
    t = Table(title=data["title"] or str(ledger), title_justify="left")
    for col in ("forecaster", "forecasts", "Brier", "RPS", "log", "baseline"):
        t.add_column(col, justify="left" if col == "forecaster" else "right")
    for f in data["forecasters"]:
        t.add_row(f["forecaster"], str(f["forecasts"]), fmt(f["brier"], 3),
                  fmt(f["rps"], 3), fmt(f["log"], 3), fmt(f["baseline"], 1))
    console.print(t)
    t = Table(title="Scored forecasts", title_justify="left")
    for col in ("question", "forecaster", "date", "resolution", "p", "Brier", "RPS"):
        t.add_column(col)
    for r in data["scored"]:
        t.add_row(r["question"], r["forecaster"], r["date"],
                  r["resolution"], f"{r['probability']:.2f}", fmt(r["brier"], 3),
                  fmt(r["rps"], 3))
    console.print(t)
    if data["open_questions"]:
        console.print("open (not yet resolved): " + ", ".join(data["open_questions"]))
