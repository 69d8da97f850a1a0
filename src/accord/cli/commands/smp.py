"""``accord smp``: run KTAB's Spatial Model of Politics on a scenario, with KTAB's log if wanted."""

from __future__ import annotations

import enum
from typing import Optional

import typer

from accord.cli.app import app
from accord.cli.common import Table, console, emit_json, fmt, literal_value, load_scenario_arg


class SmpOutput(str, enum.Enum):
    table = "table"
    json = "json"
    log = "log"


def smp_params_from_cli(items: list[str], base: dict | None = None):
    """``["VotingRule=PropCbc", "max_turns=50"]`` (KTAB's or Accord's names) → SMPParams."""
    from accord.errors import AccordError
    from accord.models.base import get_model
    from accord.models.smp import KTAB_PARAM_NAMES

    values = dict(base or {})
    for item in items:
        name, eq, raw = item.partition("=")
        if not (eq and name):
            raise AccordError(f"--param {item!r}: expected NAME=VALUE, e.g. VotingRule=PropCbc "
                              "or max_turns=50")
        values[KTAB_PARAM_NAMES.get(name.strip(), name.strip())] = literal_value(raw)
    return get_model("smp").make_params(**values)


@app.command("smp")
def smp_cmd(
    scenario: str = typer.Argument(..., help="built-in id or scenario file (KTAB CSV/XML, "
                                   "YAML, …)"),
    seed: Optional[int] = typer.Option(None, "--seed", min=1, max=2**64 - 1,
                                       help="KTAB PRNG seed (default: the XML's "
                                       "prngSeed, else KTAB's 15455440707583219804)"),
    param: list[str] = typer.Option(None, "--param", "-p",
                                    help="NAME=VALUE, KTAB's name (VotingRule=PropCbc) or "
                                         "Accord's (voting_rule=PropCbc); repeatable"),
    format: SmpOutput = typer.Option(SmpOutput.table, "--format", "-f"),
    replay: Optional[str] = typer.Option(None, "--replay-log", help="a KTAB log of this scenario: "
                                         "replay the thread order it records (bargain queues, "
                                         "order of random draws)"),
) -> None:
    """Run KTAB's SMP: positions and winning probabilities at every state, KTAB's stopping rule."""
    import numpy as np

    from accord.models.smp import KTAB_PARAM_NAMES, run_smp_arrays
    from accord.models.smp_log import ktab_log, parse_ktab_schedule
    from accord.scenario.io.ktab import ktab_settings

    s = load_scenario_arg(scenario)
    settings = ktab_settings(s)
    base = {KTAB_PARAM_NAMES.get(k, k): v for k, v in settings.parameters.items()}
    if seed is not None:
        base["seed"] = seed
    elif settings.seed:
        base["seed"] = settings.seed
    params = smp_params_from_cli(param or [], base)
    arrays = s.to_arrays()
    accommodation = None
    if settings.ideal_adjustment:
        index = {a.name: k for k, a in enumerate(s.actors)}
        accommodation = np.eye(len(s.actors))
        for who, ref, adj in settings.ideal_adjustment:
            accommodation[index[who], index[ref]] = adj
    schedule = None
    if replay:
        from pathlib import Path

        from accord.errors import AccordError

        try:
            schedule = parse_ktab_schedule(Path(replay).read_text(encoding="utf-8",
                                                                  errors="replace"))
        except OSError as exc:
            raise AccordError(f"{replay}: cannot read the KTAB log ({exc.strerror}); expected "
                              "a log written by KTAB's smpc") from None
    result = run_smp_arrays(arrays, params, accommodation, schedule)
    run = result.run
    active = np.flatnonzero(result.active)
    names = [s.actors[i].name for i in active]
    dims = [i.name for i in s.issues]
    if format == SmpOutput.log:
        for line in ktab_log(run, names, dims, params.min_delta_ratio, params.min_sig_delta):
            print(line)
        return
    if format == SmpOutput.json:
        from dataclasses import asdict

        from accord.record import run_record

        emit_json({
            "scenario": s.id, "states": run.n_states, "params": asdict(params),
            "actors": [s.actors[i].id for i in active], "issues": [i.id for i in s.issues],
            "fractional_change": [float(v) for v in run.fractional_change],
            "positions": [{s.actors[i].id: {issue.id: float(result.positions[t, i, k])
                                            for k, issue in enumerate(s.issues)}
                           for i in active} for t in range(run.n_states)],
            "win_probability": [{s.actors[i].id: float(run.win_probability[t, n])
                                 for n, i in enumerate(active)} for t in range(run.n_states)],
            "final_positions": {s.actors[i].id: {issue.id: float(result.positions[-1, i, k])
                                                 for k, issue in enumerate(s.issues)}
                                for i in active},
            "forecast": {issue.id: float(result.forecast[k]) for k, issue in enumerate(s.issues)},
            "run": run_record("smp", s, params=asdict(params), seed=params.seed,
                              replay_log=replay),
        })
        return
    t = Table(title=f"{s.title}: KTAB SMP, {run.n_states} states", title_justify="left")
    t.add_column("actor")
    for issue in s.issues:
        t.add_column(f"{issue.name} start", justify="right")
        t.add_column("final", justify="right")
    t.add_column("P(win) final", justify="right")
    for n, i in enumerate(active):
        row = [s.actors[i].name]
        for k in range(len(s.issues)):
            row += [fmt(result.positions[0, i, k]), fmt(result.positions[-1, i, k])]
        row.append(fmt(run.win_probability[-1, n], 4))
        t.add_row(*row)
    console.print(t)
    console.print("expected outcome: " + ", ".join(
        f"{issue.name} {fmt(result.forecast[k])}" for k, issue in enumerate(s.issues)))
