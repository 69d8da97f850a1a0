"""Uncertainty commands: ensemble, sensitivity, score."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Optional

import typer

from accord.cli.app import app
from accord.cli.common import (DEFAULT_SCENARIO, ENSEMBLE_MODEL_HELP, SCENARIO_HELP, SEED_HELP,
                               TABLE_JSON_HELP, Table, TableOrJson, console, emit_json,
                               err_console, fmt, load_scenario_arg, parse_params, styled)

PARAM_HELP = ("MODEL.NAME=VALUE, a parameter of the model other than its paper's default "
              "(repeatable); parameters: {params}")

_BARS = " ▁▂▃▄▅▆▇█"


class ExecutorKind(str, enum.Enum):
    process = "process"
    dask = "dask"
    inline = "inline"


def _spark(counts: list[int]) -> str:
    top = max(counts) or 1
    return "".join(_BARS[round(c / top * (len(_BARS) - 1))] for c in counts)


def _params(model: str, items: list[str]) -> dict:
    return parse_params(items, [model]).get(model, {})


@app.command("ensemble")
def ensemble_cmd(
    scenario: str = typer.Argument(DEFAULT_SCENARIO, help=SCENARIO_HELP, metavar="SCENARIO"),
    model: str = typer.Option("compromise", "--model", "-m", help=ENSEMBLE_MODEL_HELP,
                              metavar="MODEL"),
    n: int = typer.Option(10_000, "-n", help="number of variants drawn from the scenario's "
                          "plausible ranges"),
    seed: int = typer.Option(0, "--seed", min=0, max=2**64 - 1, help=SEED_HELP),
    workers: Optional[int] = typer.Option(None, "--workers", help="processes (or Dask workers) "
                                          "running chunks; default: one per core"),
    executor: ExecutorKind = typer.Option(ExecutorKind.process, "--executor",
                                          help="process pool, Dask cluster, or this process"),
    scheduler: Optional[str] = typer.Option(None, "--scheduler",
                                            help="Dask scheduler address (with --executor dask)"),
    out: Optional[Path] = typer.Option(None, "--out", help="folder for the Parquet file of "
                                       "variants and its JSON summary (default: ensembles/ "
                                       "beside the store, see `accord serve --help`)"),
    chunk_size: Optional[int] = typer.Option(None, "--chunk-size",
                                             help="variants per chunk (changes the draws)"),
    param: list[str] = typer.Option(None, "--param", "-p", help=PARAM_HELP,
                                    metavar="MODEL.NAME=VALUE"),
    format: TableOrJson = typer.Option(TableOrJson.table, "--format", "-f", help=TABLE_JSON_HELP),
    resume: bool = typer.Option(False, "--resume",
                                help="finish an interrupted or killed run of this ensemble "
                                     "from the chunks it left in --out"),
) -> None:
    """Monte Carlo ensemble: N variants drawn from the scenario's ranges, one model, summarised;
    the variants go to a Parquet file whose path is printed.

    The files are named after what defines them (model, N, seed, chunk size and a digest of
    the rest); an interrupted run keeps its finished chunks for --resume and never replaces a
    complete file."""
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                               TimeRemainingColumn)

    from accord.ensemble import DEAL_MODEL, run_ensemble
    from accord.whether.agreement import whether_record

    s = load_scenario_arg(scenario)
    if out is None:
        from accord.store import default_output_dir

        out = default_output_dir("ensembles")
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


#: Decimals of an output whose range is [0, 1] in the distribution table (1 for the rest).
SHARE_DIGITS = 3


def render_ensemble(s, result) -> None:
    from accord.context.ensemble import ensemble_context

    data = ensemble_context(s, result.summary)
    console.print(styled("[bold]{}[/bold] — {}, {} variants ({} uncertain inputs)", s.title,
                         data["run"]["model"], f"{data['variants']:,}", len(data["inputs"])))
    t = Table(title="Forecast distribution", title_justify="left")
    for col in ("issue", "mean", "std", "p5", "p25", "p50", "p75", "p95", "histogram"):
        t.add_column(col, justify="left" if col in ("issue", "histogram") else "right")
    for o in data["outputs_named"]:
        q = o["quantiles"]
        # a share of 0–1 (the deal solver's zone and zone_share) needs three decimals: a zone
        # of 1 % of the outcomes printed as "0.0" beside "exists in 100 % of variants"
        d = SHARE_DIGITS if (o.get("low"), o.get("high")) == (0.0, 1.0) else 1
        t.add_row(o["label"], fmt(o["mean"], d), fmt(o["std"], d),
                  *[fmt(q[k], d) for k in ("p5", "p25", "p50", "p75", "p95")],
                  _spark(o["histogram"]["counts"]))
    console.print(t)
    if data["whether"]:
        console.print(styled("[bold]{}[/bold]", data["whether"]["line"]))
    render_families(data)
    if "zone_of_agreement" in data:
        console.print(f"zone of agreement exists in "
                      f"{data['zone_of_agreement']['frequency']:.1%} of variants")
    rate = data["variants"] / result.elapsed if result.elapsed else 0
    console.print(f"{data['variants']:,} variants in {result.elapsed:.2f} s ({rate:,.0f}/s, "
                  f"{result.executor} × {result.workers}); written to", soft_wrap=True)
    console.print(f"  {str(Path(result.parquet).resolve())}", soft_wrap=True)
    console.print(f"  {str(Path(result.summary_path).resolve())}", soft_wrap=True)


def render_families(data: dict) -> None:
    """Outcome classes, one table per family, each summing to at most 100 %, and what they
    are conditional on (:mod:`accord.context.ensemble`)."""
    for family in data["families"]:
        t = Table(title=f"Outcome classes: {family['about']}", title_justify="left",
                  caption=f"{family['none']:.1%} of variants in none of these"
                  if family["none"] > 1e-9 else None)
        t.add_column("class", prose=True)
        t.add_column("probability", justify="right")
        t.add_column("variants", justify="right")
        whether = data.get("whether")
        if whether:
            t.add_column("× P(agreement)", justify="right")
        for c in family["classes"]:
            row = [c["label"], f"{c['probability']:.1%}", f"{c['count']:,}"]
            if whether:
                joint = c.get("probability_with_agreement")
                row.append("—" if joint is None else f"{joint:.1%}")
            t.add_row(*row)
        if whether and whether["no_agreement"] is not None:
            t.add_row("No agreement by the horizon", "—", "—", f"{whether['no_agreement']:.1%}")
        console.print(t)
    if data["note"]:
        console.print(styled("[dim]{}[/dim]", data["note"]))


@app.command("sensitivity")
def sensitivity_cmd(
    scenario: str = typer.Argument(DEFAULT_SCENARIO, help=SCENARIO_HELP, metavar="SCENARIO"),
    model: str = typer.Option("compromise", "--model", "-m", help=ENSEMBLE_MODEL_HELP,
                              metavar="MODEL"),
    sobol_n: int = typer.Option(4096, "--sobol-n", help="base sample size N of the Sobol "
                                "design, N(k + 2) model runs (0: no Sobol indices)"),
    top: int = typer.Option(8, "--top", min=1, help="Sobol indices for this many inputs, the largest "
                            "swings of each forecast"),
    seed: int = typer.Option(0, "--seed", min=0, max=2**64 - 1, help=SEED_HELP),
    param: list[str] = typer.Option(None, "--param", "-p", help=PARAM_HELP,
                                    metavar="MODEL.NAME=VALUE"),
    executor: ExecutorKind = typer.Option(ExecutorKind.inline, "--executor",
                                          help="where the Sobol design's batches run: this "
                                          "process, a process pool or a Dask cluster (the same "
                                          "numbers)"),
    workers: Optional[int] = typer.Option(None, "--workers", help="processes (or Dask workers); "
                                          "default: one per core"),
    scheduler: Optional[str] = typer.Option(None, "--scheduler",
                                            help="Dask scheduler address (with --executor dask)"),
    format: TableOrJson = typer.Option(TableOrJson.table, "--format", "-f", help=TABLE_JSON_HELP),
) -> None:
    """Which inputs move each forecast: tornado of one-at-a-time swings, Sobol indices."""
    from accord.ensemble.sensitivity import sensitivity

    s = load_scenario_arg(scenario)
    data = sensitivity(s, model, sobol_n=sobol_n, top=top, seed=seed,
                       params=_params(model, param or []),
                       executor=executor.value,
                       workers=workers, scheduler=scheduler)
    if format == TableOrJson.json:
        emit_json(data)
        return
    from accord.context.names import input_label

    for name, rows in data["tornado"].items():
        t = Table(title=f"{input_label(s, name)} — base {fmt(data['base'][name], 2)}"
                  f" (10 largest swings of {len(rows)})", title_justify="left")
        for col in ("input", "range", "at low", "at high", "swing", ""):
            t.add_column(col, justify="right" if col not in ("input", "") else "left",
                         prose=col == "input")
        top_swing = max((r["swing"] or 0.0) for r in rows) or 1.0
        for r in rows[:10]:
            t.add_row(input_label(s, r["input"]), f"{r['low']:g}–{r['high']:g}",
                      fmt(r["at_low"], 2), fmt(r["at_high"], 2), fmt(r["swing"], 2),
                      "█" * round((r["swing"] or 0.0) / top_swing * 20))
        console.print(t)
    if "sobol" in data:
        for name, entry in data["sobol"]["indices"].items():
            t = Table(title=f"Sobol indices, {input_label(s, name)} "
                      f"(N = {data['sobol']['n']})", title_justify="left")
            t.add_column("input", prose=True)
            t.add_column("first order", justify="right")
            t.add_column("total", justify="right")
            for r in entry["indices"]:
                t.add_row(input_label(s, r["input"]), fmt(r["first_order"], 3),
                          fmt(r["total"], 3))
            console.print(t)


@app.command("score")
def score_cmd(ledger: Path = typer.Argument(..., help="forecast ledger (YAML): questions, "
                                            "forecasts with dates, resolutions",
                                            metavar="LEDGER"),
              format: TableOrJson = typer.Option(TableOrJson.table, "--format", "-f",
                                                 help=TABLE_JSON_HELP)) -> None:
    """Score resolved forecasts in a ledger: Brier (0–2), ranked probability, log, baseline."""
    from accord.ensemble.scoring import load_ledger, score_ledger

    data = score_ledger(load_ledger(ledger))
    if format == TableOrJson.json:
        emit_json(data)
        return
    t = Table(title=(data["title"] or str(ledger)), title_justify="left")
    for col in ("forecaster", "forecasts", "Brier", "RPS", "log", "baseline"):
        t.add_column(col, justify="left" if col == "forecaster" else "right")
    for f in data["forecasters"]:
        t.add_row(f["forecaster"], str(f["forecasts"]), fmt(f["brier"], 3),
                  fmt(f["rps"], 3), fmt(f["log"], 3), fmt(f["baseline"], 1))
    console.print(t)
    t = Table(title="Scored forecasts", title_justify="left")
    for col in ("question", "forecaster", "date", "resolution", "p", "Brier", "RPS"):
        t.add_column(col, prose=col in ("question", "resolution"),
                     justify="right" if col in ("p", "Brier", "RPS") else "left")
    for r in data["scored"]:
        t.add_row(r["question"], r["forecaster"], r["date"],
                  (r["resolution"]), f"{r['probability']:.2f}", fmt(r["brier"], 3),
                  fmt(r["rps"], 3))
    console.print(t)
    if data["open_questions"]:
        console.print("open (not yet resolved): " + ", ".join(data["open_questions"]))
