"""`accord backtest`: every model against cases whose outcome is known, beside the baselines."""

from __future__ import annotations

import os
from typing import Optional

import typer

from accord.cli.app import app
from accord.cli.common import (TABLE_JSON_HELP, Table, TableOrJson, console, emit_json, fmt, styled,
                               parse_params)


# Bounds on the flags that size the work: a bootstrap holds resamples × cases numbers.
MAX_RESAMPLES = 100_000
#: Fewest bootstrap resamples --resamples takes. A 95 % percentile interval's ends are the
#: 2.5 % and 97.5 % order statistics of the resampled differences: with B resamples 0.025·B lie
#: beyond each end, so at B ≤ 40 an end is the extreme draw itself and at B = 1 the "interval"
#: is one draw that may not even contain the estimate. 200 leaves 5 draws past each end; below
#: that the ends jump from seed to seed (Efron & Tibshirani 1993, An Introduction to the
#: Bootstrap, advise about 1000 for percentile intervals; the default is 2000).
MIN_RESAMPLES = 200
MAX_ENSEMBLE = 1_000_000


def _names(items: list[str] | None) -> list[str] | None:
    if not items:
        return None
    return [n.strip() for item in items for n in item.split(",") if n.strip()]


def _interval(d: dict) -> str:
    if d.get("low") is None:
        return "—"
    return f"[{d['low']:+.2f}, {d['high']:+.2f}]"


def _signed(x: float | None) -> str:
    return "—" if x is None else f"{x:+.2f}"


def _label(name: str, row: dict) -> str:
    return "recommended" if row["kind"] == "recommended" else name


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.0f}%"


@app.command("backtest")
def backtest_cmd(
    file: str = typer.Argument(..., help="DEU file (Dataset_DEU_III.csv or the tab-separated "
                                          "copy), 'builtin', or a built-in id with a known outcome"),
    models: Optional[list[str]] = typer.Option(None, "--models", "-m",
                                               help="models to score (comma-separated or "
                                                    "repeated; default: every registered model)"),
    folds: int = typer.Option(5, "--folds", help="K for the cross-validation by proposal "
                                                 "(0: skip)"),
    format: TableOrJson = typer.Option(TableOrJson.table, "--format", "-f", help=TABLE_JSON_HELP),
    seed: int = typer.Option(0, "--seed", min=0, max=2**64 - 1,
                             help="seeds the models, the folds and the bootstrap"),
    resamples: int = typer.Option(2000, "--resamples",
                                  help=f"bootstrap resamples of proposals, at least "
                                       f"{MIN_RESAMPLES}: a 95 % percentile interval needs "
                                       f"draws beyond each end (0.025 × resamples of them; "
                                       f"about 1000 are advised)"),
    workers: Optional[int] = typer.Option(None, "--workers",
                                          help="processes for the models run case by case "
                                               "(default: one per core)"),
    ensembles: int = typer.Option(0, "--ensembles", help="variants per ensemble to score the "
                                                         "outcome-class probabilities of cases "
                                                         "that define classes (0: skip)"),
    param: Optional[list[str]] = typer.Option(None, "--param", "-p",
                                              help="MODEL.NAME=VALUE (repeatable)"),
) -> None:
    """Score every model's forecasts against real outcomes (MAE, median AE, RMSE, ±5/±10 shares,
    a bootstrap interval of the MAE difference to the salience-weighted mean), by procedure and
    voting rule, with the recommended forecast and its cross-validation."""
    from accord.validity import backtest
    from accord.errors import AccordError

    if folds < 0 or folds == 1:
        raise AccordError(f"--folds {folds}: expected 0 (no cross-validation) or at least 2")
    if workers is None:
        workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    if not MIN_RESAMPLES <= resamples <= MAX_RESAMPLES:
        raise AccordError(f"--resamples {resamples}: expected {MIN_RESAMPLES} to "
                          f"{MAX_RESAMPLES:,} (a 95 % percentile interval needs at least "
                          f"{MIN_RESAMPLES} resamples, {MIN_RESAMPLES // 40} beyond each end)")
    if not 1 <= workers <= 256:
        raise AccordError(f"--workers {workers}: expected 1 to 256")
    if not 0 <= ensembles <= MAX_ENSEMBLE:
        raise AccordError(f"--ensembles {ensembles}: expected 0 (skip) to {MAX_ENSEMBLE:,}")
    names = _names(models)
    if param and names is None:
        from accord.models.base import available_models

        run = sorted(m.name for m in available_models())
    else:
        run = names
    result = backtest(file, names, folds=folds, seed=seed, resamples=resamples,
                      workers=workers, params=parse_params(param or [], run),
                      ensembles=ensembles)
    if format == TableOrJson.json:
        emit_json(result.to_dict())
        return
    render_backtest(result)


def render_backtest(result) -> None:
    from rich import box

    s = result.summary
    console.print(styled("[bold]{}[/bold]", result.dataset.name))
    console.print(f"Scoreable issues: {s['scoreable_issues']} of {s['issues']}, in "
                  f"{s['cases_with_scoreable_issues']} of {s['cases']} cases. Errors in "
                  f"{s['error_unit']}.")
    t = Table(box=box.SIMPLE_HEAD, title_justify="left")
    t.add_column("forecast", no_wrap=True)
    for col in ("n", "MAE", "median AE", "RMSE", "±5", "±10"):
        t.add_column(col, justify="right", no_wrap=True)
    for name, row in s["models"].items():
        t.add_row(_label(name, row), str(row["n"]), fmt(row["mae"], 2),
                  fmt(row["median_ae"], 2), fmt(row["rmse"], 2), _pct(row["within_5"]),
                  _pct(row["within_10"]))
    console.print(t)
    b = s["bootstrap"]
    t = Table(box=box.SIMPLE_HEAD, title_justify="left",
              title=f"MAE minus the salience-weighted mean's, on the same issues; 95 % interval "
                    f"from {b['resamples']} bootstrap resamples of whole cases")
    t.add_column("forecast", no_wrap=True)
    for col in ("issues", "Δ MAE", "95 % interval"):
        t.add_column(col, justify="right", no_wrap=True)
    for name, row in s["models"].items():
        if name == s["reference"]:
            continue
        d = row["mae_difference"]
        t.add_row(_label(name, row), str(d["n"]), _signed(d["difference"]), _interval(d))
    console.print(t)
    rec = s["recommended"]
    console.print(styled("recommended = {}: chosen once by cross-validation on the DEU training "
                         "file — " + ("[yellow]this is that file: its row is in-sample for the "
                                      "choice[/yellow]" if rec["in_sample"]
                                      else "nothing was fitted on this file"),
                         rec.get("combination", rec["name"])))
    for key, title in (("procedure", "By procedure (MAE, n)"),
                       ("voting_rule", "By Council voting rule (MAE, n)")):
        groups = s["breakdown"].get(key)
        if not groups:
            continue
        t = Table(box=box.SIMPLE_HEAD, title=title, title_justify="left")
        t.add_column("forecast", no_wrap=True)
        for g in groups:
            t.add_column(g, justify="right", no_wrap=True)
        for name, row in s["models"].items():
            t.add_row(_label(name, row),
                      *[f"{fmt(groups[g][name]['mae'], 2)} ({groups[g][name]['n']})" for g in groups])
        console.print(t)
    cv = s.get("cross_validation")
    if cv and "skipped" in cv:
        console.print(f"Cross-validation skipped: {cv['skipped']}")
    elif cv:
        nest = cv["nested"]
        d = nest["difference"]
        console.print(
            f"Cross-validation on this file ({cv['folds']} folds by proposal, seed {cv['seed']}, "
            f"{cv['candidates']} candidates): lowest CV MAE {cv['chosen_cv_mae']:.2f} by "
            f"{cv['chosen']} — a figure that flatters, since it made the choice.")
        console.print(
            f"Nested cross-validation (the choice repeated without the issues it scores): MAE "
            f"{nest['mae']:.2f} against {nest['reference_mae']:.2f}: Δ {_signed(d['difference'])} "
            f"{_interval(d)}.")
    ens = s.get("ensembles")
    for case in (ens or {}).get("cases", []):
        c = ens["convention"]
        t = Table(box=box.SIMPLE_HEAD, title_justify="left",
                  title=f"{case['case']}: outcome classes {', '.join(case['classes'])}; happened: "
                        f"{case['happened']} — ensembles of {c['n']} (positions ±"
                        f"{100 * c['position']:g} % of the scale, saliences ±{c['salience']:g}, "
                        f"capabilities ±{100 * c['capability']:g} % where no range is stated)")
        t.add_column("model", no_wrap=True)
        for col in ("P(happened)", "Brier", "RPS", "log", "baseline"):
            t.add_column(col, justify="right", no_wrap=True)
        for name, m in case["models"].items():
            t.add_row(name, fmt(m["p_happened"], 3), fmt(m["brier"], 3), fmt(m["rps"], 3),
                      fmt(m["log"], 2), fmt(m["baseline"], 0))
        console.print(t)
    if ens is not None and not ens.get("cases"):
        console.print("No case defines outcome classes with a known outcome: no ensembles scored.")
    for note in s.get("notes", []):
        console.print(styled("[dim]{}[/dim]", note))
