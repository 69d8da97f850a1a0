"""``accord smp`` and ``accord forecast`` without Typer, for the command lines they mostly get.

Building the command line costs more than some runs of these commands: importing Typer and the
command modules, and Typer's coercion of each option, which imports pydantic (together some
50–150 ms; `accord smp FILE --format log` on a 7-actor KTAB file does a few milliseconds of
work: issue 18). :func:`run_direct` reads the arguments itself when they are all of the plain
forms below and calls the command's body (the same function the Typer command calls); for
anything else — ``--help``, an unknown option, a value Typer would reject or convert otherwise,
``-fjson`` and other packed forms — it returns None and the full command line runs, so every
help text and usage error is Typer's own, as before.

Accepted: the command name, at most one positional argument (the scenario; not starting with
``-``), and options as ``--name VALUE``, ``--name=VALUE`` or ``-x VALUE``, each value not
starting with ``-``; integers as Python's ``int`` reads them and inside the option's range (what
click checks); choices spelled exactly; a non-repeatable option at most once.
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Any, Callable

from accord.cli.common import DEFAULT_SCENARIO, OutputFormat


class SmpOutput(str, enum.Enum):
    table = "table"
    json = "json"
    log = "log"


# --- the options' defaults and ranges (the Typer commands read them from here) -----------------

SEED_RANGE = (0, 2**64 - 1)          # forecast's --seed
SMP_SEED_RANGE = (1, 2**64 - 1)      # smp's --seed (KTAB's PRNG takes no 0)
VARIANTS_RANGE = (0, 1_000_000)
DEFAULT_VARIANTS = 1000
DEFAULT_FALLBACK = "stated"


# --- the argument reader -----------------------------------------------------------------------


def _int_in(lo: int, hi: int) -> Callable[[str], int | None]:
    def convert(text: str) -> int | None:
        try:
            value = int(text)
        except ValueError:
            return None
        return value if lo <= value <= hi else None
    return convert


def _choice(enum_type) -> Callable[[str], Any]:
    return lambda text: enum_type(text) if text in enum_type._value2member_map_ else None


def _text(text: str) -> str:
    return text


#: Per command: option spelling → (parameter, converter, repeatable); a converter returning
#: None rejects the value (the full command line then reports it). ``None`` as converter: a flag.
OPTIONS: dict[str, dict[str, tuple[str, Callable[[str], Any] | None, bool]]] = {
    "smp": {
        "--seed": ("seed", _int_in(*SMP_SEED_RANGE), False),
        "--param": ("param", _text, True), "-p": ("param", _text, True),
        "--format": ("format", _choice(SmpOutput), False),
        "-f": ("format", _choice(SmpOutput), False),
        "--replay-log": ("replay", _text, False),
    },
    "forecast": {
        "--model": ("model", _text, True), "-m": ("model", _text, True),
        "--format": ("format", _choice(OutputFormat), False),
        "-f": ("format", _choice(OutputFormat), False),
        "--seed": ("seed", _int_in(*SEED_RANGE), False),
        "--param": ("param", _text, True), "-p": ("param", _text, True),
        "--variants": ("variants", _int_in(*VARIANTS_RANGE), False),
        "--fallback": ("fallback", _text, False),
        "--simulate": ("simulate", None, False),
    },
}


def parse(command: str, args: list[str]) -> dict[str, Any] | None:
    """The parameters of ``command`` from ``args`` (after the command name), or None when any
    of them is not of the plain forms this module takes (see the module docstring)."""
    spec = OPTIONS[command]
    values: dict[str, Any] = {}
    positional: list[str] = []
    k = 0
    while k < len(args):
        arg = args[k]
        k += 1
        if not arg.startswith("-"):
            positional.append(arg)
            continue
        name, eq, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if name not in spec:
            return None
        param, convert, repeatable = spec[name]
        if param in values and not repeatable:
            return None
        if convert is None:  # a flag: no value
            if eq:
                return None
            values[param] = True
            continue
        if not eq:
            if k >= len(args):
                return None
            value = args[k]
            k += 1
        if value.startswith("-"):
            return None
        converted = convert(value)
        if converted is None:
            return None
        if repeatable:
            values.setdefault(param, []).append(converted)
        else:
            values[param] = converted
    if len(positional) > 1:
        return None
    if positional:
        values["scenario"] = positional[0]
    return values


def run_direct(args: list[str]) -> tuple[bool, Any]:
    """Run ``args`` (``["smp", …]`` or ``["forecast", …]``) without Typer if it can be:
    ``(True, None)`` when it ran, ``(False, None)`` when the full command line must."""
    if not args or args[0] not in OPTIONS:
        return False, None
    values = parse(args[0], args[1:])
    if values is None:
        return False, None
    if args[0] == "smp" and "scenario" not in values:
        return False, None
    # the options not given take the bodies' defaults, the ones the Typer commands show
    (smp if args[0] == "smp" else forecast)(**values)
    return True, None


# --- the commands' bodies (the Typer commands call these too) ------------------------------------


def smp_params_from_cli(items: list[str], base: dict | None = None):
    """``["VotingRule=PropCbc", "max_turns=50"]`` (KTAB's or Accord's names) → SMPParams."""
    from accord.cli.common import literal_value
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


def _light(ref: str, reader: str):
    """The file ``ref`` read without the scenario model by ``accord.scenario.io.{reader}_read``'s
    ``read_light``, or None: a built-in id, another format, anything wrong."""
    if "/" not in ref:
        from accord.scenario.builtin import builtin_ids

        if ref in builtin_ids():
            return None
    import importlib

    return importlib.import_module(f"accord.scenario.io.{reader}_read").read_light(Path(ref))


def _light_ktab(ref: str):
    """A KTAB file's light stand-in (:func:`accord.scenario.io.ktab_read.read_light`) or None."""
    return _light(ref, "ktab")


def _light_decide(ref: str):
    """A decide file's light stand-in (:func:`accord.scenario.io.decide_read.read_light`) or
    None."""
    return _light(ref, "decide")


def smp(scenario: str, seed: int | None = None, param: list[str] = (),
        format: SmpOutput = SmpOutput.table, replay: str | None = None) -> None:
    """Run KTAB's SMP: positions and winning probabilities at every state, KTAB's stopping rule."""
    import numpy as np

    from accord.cli.common import Table, console, emit_json, fmt, load_scenario_arg
    from accord.models.smp import KTAB_PARAM_NAMES, run_smp_arrays
    from accord.models.smp_log import ktab_log, parse_ktab_schedule
    from accord.scenario.io.ktab_read import ktab_settings

    # The log and the table need the names and the arrays only: a KTAB file gives them without
    # the validated scenario (the JSON's run record hashes the scenario itself).
    s = _light_ktab(scenario) if format != SmpOutput.json else None
    if s is None:
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
        import sys

        # One write instead of a print() per line (the same bytes).
        lines = ktab_log(run, names, dims, params.min_delta_ratio, params.min_sig_delta)
        sys.stdout.write("".join(line + "\n" for line in lines))
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
    console.print("expected outcome: " + (", ".join(
        f"{issue.name} {fmt(result.forecast[k])}" for k, issue in enumerate(s.issues))))


def forecast(scenario: str = DEFAULT_SCENARIO, model: list[str] = (),
             format: OutputFormat = OutputFormat.table, seed: int = SEED_RANGE[0],
             param: list[str] = (), variants: int = DEFAULT_VARIANTS,
             fallback: str = DEFAULT_FALLBACK, simulate: bool = False) -> None:
    """Whether the parties agree by the horizon, and where each model says they settle (the
    body of ``accord forecast``: see its help)."""
    from accord.api import forecast as run_forecast
    from accord.cli.common import emit_csv, emit_json, load_scenario_arg, parse_params
    from accord.context.forecast import forecast_json, forecast_summary

    # A decide file needs no validated scenario for a forecast: its light stand-in holds the
    # same values (and builds the validated one if anything asks for more). Not for
    # --simulate, whose talks read the deal tables the stand-in does not hold.
    s = _light_decide(scenario) if not simulate else None
    if s is None:
        s = load_scenario_arg(scenario)
    params = {}
    if param:  # the models the forecast runs, asked only when a -p needs checking
        from accord.models.base import default_models

        params = parse_params(param, list(model) or [m.name for m in default_models()])
    fc = run_forecast(s, models=model or None, seed=seed, params=params,
                      variants=variants, fallback=fallback, simulate=simulate)
    if format == OutputFormat.json:
        emit_json(forecast_json(fc))
        return
    # The table and the CSV read no round-by-round positions: the dict without them
    data = fc.to_dict(rounds=False)
    if format == OutputFormat.csv:
        emit_csv([{k: f.get(k) for k in ("model", "issue", "value", "label")}
                  for f in data["forecasts"]])
        return
    from accord.cli.commands.core import render_forecast_table

    render_forecast_table(s, fc, forecast_summary(fc, data))
