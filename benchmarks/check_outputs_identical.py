"""Prove that a change leaves Accord's outputs bit-identical: dump every output, then compare.

``dump`` runs every registered model (default parameters and the parameter variants that
matter: exchange Random Rate and random tie-breaks, the EUM's published variants, SMP's
options…) unbatched and batched on every built-in scenario and every shared case in
``../shared/data`` (EC emissions, KTAB, decide, GENIUS/ANAC and GeniusWeb domains), the deal
solver on each deal space, simulated negotiations (both protocols, batches of strategy
profiles), ensembles and sensitivity, and the JSON of the CLI commands (forecast, trades,
explain, deals, simulate, ensemble), and writes all of it to one JSON file. Floats are written
with ``repr``, which round-trips exactly; large arrays as the SHA-256 of their bytes beside a
few exact statistics. Run-record metadata (the ``"run"`` block: version, hash, timestamps) is
left out: it is not an output of the computation.

``compare`` lists every difference between two dumps (path, old value, new value), and the
outputs present in only one of them. Exit status 0 means identical (outputs present in only
one dump are listed but do not fail the comparison unless ``--strict`` is given).

Dump another checkout by putting its ``src`` first on the path, e.g. the state of main at a
commit::

    git archive 51e0191 | (mkdir -p /tmp/base && tar -x -C /tmp/base)
    PYTHONPATH=/tmp/base/src .venv/bin/python benchmarks/check_outputs_identical.py dump \\
        --label 51e0191 /tmp/outputs-51e0191.json
    .venv/bin/python benchmarks/check_outputs_identical.py dump /tmp/outputs-new.json
    .venv/bin/python benchmarks/check_outputs_identical.py compare /tmp/outputs-51e0191.json \\
        /tmp/outputs-new.json

The shared data are found through ``ACCORD_SHARED``, else ``../shared`` beside the repository.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any, Callable

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SEED = 20240611              # the seed of every run in the dump (fixed, arbitrary)
LARGE = 40                   # cases with more actors run each model's default parameters only
BIG = 4096                   # arrays with more elements are stored as a hash + statistics
LONG = 20_000                # lists whose JSON is longer are stored as a hash + their first item

# --- the parameter variants that matter, per model -----------------------------------------------

VARIANTS: dict[str, dict[str, dict[str, Any]]] = {
    "compromise": {"default": {}},
    "median": {"default": {}},
    "nash": {"default": {}, "linear-loss": {"loss_exponent": 1.0}},
    "eum": {
        "default": {},
        "as-printed": dict(probability="pairwise", vote_exponent="linear", perspective="own",
                           leading_salience="printed", offer_selection="by_type"),
        "replication": dict(capitulation="replication", rounds=10),
        "capitulation-replication": dict(capitulation="replication"),
        "by-type": dict(offer_selection="by_type"),
        "least-move": dict(offer_selection="least_move"),
        "no-risk": dict(risk=False),
        "q-half": dict(q=0.5),
        "mean": dict(forecast="mean"),
        "tolerance": dict(tolerance=1e-3, rounds=20),
    },
    "exchange": {
        "default": {},
        "random-rate": dict(variant="random-rate"),
        "random-tie": dict(tie_break="random"),
        "random-rate-random-tie": dict(variant="random-rate", tie_break="random"),
        "four-rounds": dict(rounds=4),
        "weights": dict(salience_weight=0.2, fixed_weight=0.3),
    },
    "smp": {
        "default": {},
        "stochastic": dict(state_transition="Stochastic"),
        "no-commit": dict(third_party_commit="NoCommit"),
        "full-commit": dict(third_party_commit="FullCommit"),
        "s1p1": dict(inter_vec_brgn="S1P1"),
        "s2pmax": dict(inter_vec_brgn="S2PMax"),
        "pw-comp": dict(bargn_model="PWCompInterp"),
        "init-rcvr": dict(bargn_model="InitRcvrInterp"),
        "markov": dict(pce_model="MarkovIncentive"),
        "binary-vote": dict(voting_rule="Binary", victory_prob_model="Square"),
        "range-max": dict(big_r_range="Max", big_r_adjust="Half"),
    },
}
# Models added after this script was written run with their default parameters.
DEFAULT_VARIANTS = {"default": {}}


def shared_dir() -> Path:
    env = os.environ.get("ACCORD_SHARED")
    return Path(env) if env else ROOT.parent / "shared"


# --- exact, JSON-able values ------------------------------------------------------------------


def exact(value: Any) -> Any:
    """A JSON-able copy of ``value``; floats stay floats (``repr`` round-trips them exactly)."""
    if isinstance(value, np.ndarray):
        if value.dtype == object:
            return [exact(v) for v in value.tolist()]
        if value.size > BIG:
            return array_digest(value)
        return {"dtype": str(value.dtype), "shape": list(value.shape),
                "values": exact(value.tolist())}
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, dict):
        return {str(k): exact(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [exact(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)           # JSON has no NaN/inf: a string that compares exactly
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if hasattr(value, "__dataclass_fields__"):
        return {k: exact(getattr(value, k)) for k in value.__dataclass_fields__}
    return repr(value)


def bounded(value: Any) -> Any:
    """``value`` with every list whose JSON is longer than ``LONG`` characters replaced by the
    SHA-256 of that JSON, its length and its first item (interaction logs of large cases)."""
    if isinstance(value, dict):
        return {k: bounded(v) for k, v in value.items()}
    if isinstance(value, list):
        text = json.dumps(value, sort_keys=True)
        if len(text) <= LONG:
            return value
        return {"list_sha256": hashlib.sha256(text.encode()).hexdigest(), "len": len(value),
                "first": bounded(value[0])}
    return value


def array_digest(a: np.ndarray) -> dict[str, Any]:
    a = np.ascontiguousarray(a)
    finite = a[np.isfinite(a)] if a.dtype.kind == "f" else a
    out = {"dtype": str(a.dtype), "shape": list(a.shape),
           "sha256": hashlib.sha256(a.tobytes()).hexdigest()}
    if finite.size:
        out.update(min=finite.min().item(), max=finite.max().item(),
                   sum=float(np.sum(finite, dtype=np.float64)))
    return out


# Run-record blocks and fields (what produced an output, not the output): left out of the dump.
RECORD_BLOCKS = ("run", "ensemble", "elapsed")
RECORD_FIELDS = ("scenario", "scenario_hash", "model", "params", "seed", "accord_version")


def without_run(data: Any) -> Any:
    """JSON output without its run record (``"run"``), which describes the run, not its output."""
    if isinstance(data, dict):
        return {k: without_run(v) for k, v in data.items() if k != "run"}
    if isinstance(data, list):
        return [without_run(v) for v in data]
    return data


# --- the dump ----------------------------------------------------------------------------------


class Dump:
    def __init__(self, only: str | None = None):
        self.outputs: dict[str, Any] = {}
        self.timings: dict[str, float] = {}
        self.only = tuple(only.split(",")) if only else None

    def record(self, key: str, compute: Callable[[], Any]) -> None:
        if self.only and not key.startswith(self.only):
            return
        t0 = time.perf_counter()
        try:
            value = bounded(exact(compute()))
        except Exception as exc:  # an error is an output too (same message before and after)
            value = {"error": type(exc).__name__, "message": str(exc).splitlines()[0][:500]
                     if str(exc) else "", "where": _where(exc)}
        self.outputs[key] = value
        self.timings[key] = time.perf_counter() - t0


def _where(exc: BaseException) -> str:
    tb = traceback.extract_tb(exc.__traceback__)
    return f"{Path(tb[-1].filename).name}:{tb[-1].name}" if tb else ""


def model_cases(shared: Path) -> dict[str, Callable[[], Any]]:
    """Scenario cases by name: every built-in, every shared file a reader accepts."""
    import accord
    from accord.scenario.builtin import builtin_ids

    cases: dict[str, Callable[[], Any]] = {}
    for sid in builtin_ids():
        cases[f"builtin/{sid}"] = lambda sid=sid: accord.load(sid)
    data = shared / "data"
    files = [data / "eum" / "EC_emissions_BDM1994.csv", data / "decide" / "sample_data.txt",
             data / "decide" / "cop21.csv", data / "decide" / "copenhagen_with_errors.csv"]
    files += sorted((data / "ktab").glob("*.csv")) + sorted((data / "ktab").glob("*.xml"))
    files += sorted(p for p in (data / "genius").glob("*/*") if p.is_dir())
    for path in files:
        cases[str(path.relative_to(data))] = lambda path=path: accord.load(path)
    return cases


def _reraise(exc: BaseException):
    raise exc


def jittered_batch(arrays, size: int, seed: int):
    """``size`` variants of ``arrays`` with positions, saliences and capabilities jittered."""
    rng = np.random.default_rng(seed)
    span = arrays.high - arrays.low
    pos = np.clip(arrays.position + rng.uniform(-0.1, 0.1, (size,) + arrays.position.shape) * span,
                  arrays.low, arrays.high)
    sal = np.clip(arrays.salience * rng.uniform(0.8, 1.2, (size,) + arrays.salience.shape), 0, 1)
    cap = arrays.capability * rng.uniform(0.8, 1.2, (size,) + arrays.capability.shape)
    return arrays.with_values(position=pos, salience=sal, capability=cap)


def result_dict(res) -> dict[str, Any]:
    out: dict[str, Any] = {"forecast": res.forecast}
    if res.rounds is not None:
        out["rounds"] = {"positions": res.rounds.positions, "median": res.rounds.median,
                         "mean": res.rounds.mean, "extra": res.rounds.extra}
    if res.details:
        out["details"] = res.details
    return out


def dump_models(d: Dump, cases: dict[str, Callable[[], Any]]) -> None:
    from accord.models import available_models

    for case, load in cases.items():
        try:
            scenario = load()
            arrays = scenario.to_arrays()
        except Exception as exc:
            d.record(f"load/{case}", lambda exc=exc: _reraise(exc))
            continue
        d.record(f"load/{case}", lambda arrays=arrays: {"actors": list(arrays.actor_ids),
                                          "issues": list(arrays.issue_ids),
                                          "position": arrays.position, "salience": arrays.salience,
                                          "capability": arrays.capability,
                                          "has_stance": arrays.has_stance, "low": arrays.low,
                                          "high": arrays.high})
        batch = jittered_batch(arrays, 3, seed=11)
        # The large synthetic KTAB cases (80 and 160 actors) run the default parameters only.
        large = arrays.n_actors > LARGE
        for spec in available_models():
            variants = VARIANTS.get(spec.name, DEFAULT_VARIANTS)
            for vname, overrides in variants.items():
                if large and vname != "default":
                    continue
                def one(spec=spec, overrides=overrides, arrays=arrays):
                    res = spec.run(arrays, spec.make_params(**overrides),
                                   np.random.default_rng(SEED))
                    return result_dict(res)

                def batched(spec=spec, overrides=overrides, batch=batch):
                    res = spec.run(batch, spec.make_params(**overrides),
                                   np.random.default_rng(SEED))
                    out = {"forecast": res.forecast}
                    if res.rounds is not None:
                        out["positions"] = res.rounds.positions
                    return out

                d.record(f"model/{spec.name}/{vname}/{case}", one)
                d.record(f"model-batch/{spec.name}/{vname}/{case}", batched)


def dump_forecast_api(d: Dump, cases) -> None:
    import accord

    for case in ("builtin/ec-emissions-1994", "builtin/ukraine-talks-2026-01",
                 "decide/sample_data.txt"):
        if case in cases:
            d.record(f"api-forecast/{case}",
                     lambda case=case: without_run(accord.forecast(cases[case](), seed=3).to_dict()))


def genius_folders(shared: Path) -> list[Path]:
    return sorted(p for p in (shared / "data" / "genius").glob("*/*") if p.is_dir())


def dump_deals(d: Dump, shared: Path) -> None:
    import accord
    from accord.deals.solutions import analyse
    from accord.deals.space import OutcomeSpace
    from accord.scenario.builtin import builtin_ids

    spaces: dict[str, Callable[[], Any]] = {}
    for sid in builtin_ids():
        for fallback in ("stated", "fearon", "attrition"):
            spaces[f"builtin/{sid}/{fallback}"] = (
                lambda sid=sid, fb=fallback: OutcomeSpace.from_scenario(accord.load(sid),
                                                                        fallback=fb))
        spaces[f"builtin/{sid}/levels3"] = (
            lambda sid=sid: OutcomeSpace.from_scenario(accord.load(sid), levels=3))
    for folder in genius_folders(shared):
        name = str(folder.relative_to(shared / "data"))
        if "anac" in name:
            spaces[f"{name}/from_genius"] = lambda f=folder: OutcomeSpace.from_genius(f)
            spaces[f"{name}/raw"] = lambda f=folder: OutcomeSpace.from_genius(f, normalise=False)
        spaces[f"{name}/from_scenario"] = (
            lambda f=folder: OutcomeSpace.from_scenario(accord.load(f)))

    for name, make in spaces.items():
        def analysis(make=make, disagreement="reservation", powers=None):
            space = make()
            out = {"parties": list(space.party_ids), "issues": list(space.issue_ids),
                   "n_outcomes": int(space.n_outcomes), "reservation": space.reservation,
                   "utilities": space.utilities()}
            if powers == "skewed":
                powers = [float(k + 1) for k in range(space.n_parties)]
            out["analysis"] = analyse(space, powers=powers, disagreement=disagreement).to_dict()
            return out

        d.record(f"deals/{name}", analysis)
        d.record(f"deals-floor/{name}", lambda make=make: analysis(make, "floor"))
        d.record(f"deals-powers/{name}", lambda make=make: analysis(make, powers="skewed"))
        d.record(f"deals-trades/{name}", lambda make=make: _trades(make()))


def _trades(space) -> list[dict[str, Any]]:
    from accord.deals.trades import package_trades

    reference = {issue: 0 for issue in space.issue_ids}     # the first option of every issue
    try:
        found = package_trades(space, reference, top=8)
    except Exception:
        reference = space.describe(0)
        found = package_trades(space, reference, top=8)
    return [{"outcome": int(t.outcome), "gains": t.gains, "acceptable": bool(t.acceptable),
             "text": t.describe(space)} for t in found]


def dump_war_and_adjusted_winner(d: Dump) -> None:
    from accord.deals import war
    from accord.deals.adjusted_winner import adjusted_winner

    d.record("war/fearon", lambda: [war.fearon_range(p, ca, cb) for p, ca, cb in
                                    ((0.6, 0.1, 0.05), (0.3, 0.0, 0.2), (0.5, 0.3, 0.3))])
    d.record("war/attrition", lambda: [war.attrition_values(q, c, dl) for q, c, dl in
                                       (((0.05, 0.03), (0.01, 0.01), 0.95),
                                        ((0.2, 0.1), (0.05, 0.02), 0.9))])
    d.record("war/optimism", lambda: [war.mutual_optimism(*a) for a in
                                      ((0.7, 0.6, 0.1, 0.1), (0.5, 0.4, 0.05, 0.05))])
    d.record("war/commitment", lambda: war.commitment_problem([0.6, 0.5, 0.35, 0.2], 0.9, 0.1,
                                                              0.05))
    d.record("adjusted-winner", lambda: adjusted_winner(
        ["a", "b", "c", "d"], [40, 30, 20, 10], [10, 20, 45, 25], parties=("A", "B")).to_dict())


def dump_simulate(d: Dump, shared: Path) -> None:
    from accord.simulate import simulate, simulate_batch, strategy_profiles
    from accord.simulate.simulation import deal_space_of

    targets = {"builtin/ukraine-talks-2026-01": "ukraine-talks-2026-01",
               "builtin/ec-emissions-1994": "ec-emissions-1994"}
    for folder in genius_folders(shared):
        targets[str(folder.relative_to(shared / "data"))] = folder
    for name, ref in targets.items():
        for protocol in ("alternating", "mediator"):
            d.record(f"simulate/{protocol}/{name}", lambda ref=ref, protocol=protocol: without_run(
                simulate(ref, rounds=60, seed=5, protocol=protocol).to_dict()))

        def batch(ref=ref):
            space = deal_space_of(ref)
            rows = strategy_profiles(["boulware", "linear", "conceder", "tit_for_tat", "pareto"],
                                     space.n_parties)[:24]
            out = {}
            for protocol in ("alternating", "mediator"):
                r = simulate_batch(space, rows, rounds=40, seeds=np.arange(len(rows)),
                                   protocol=protocol)
                tr = r.trace
                out[protocol] = {
                    "agreement": r.agreement, "payoff": r.payoff, "discounted": r.discounted,
                    "pareto_distance": r.pareto_distance, "nash_distance": r.nash_distance,
                    "nash_outcome": r.nash_outcome, "summary": r.summary(),
                    "trace": {k: getattr(tr, k) for k in ("actions", "offers", "targets",
                                                          "table", "table_utility", "end_round",
                                                          "end_reservation")}}
            return out

        d.record(f"simulate-batch/{name}", batch)
    d.record("simulate/interventions/ukraine", lambda: without_run(simulate(
        "ukraine-talks-2026-01", {"russia": "boulware"}, rounds=40, seed=1,
        interventions=["10:ukraine.reservation=0.3"]).to_dict()))


def dump_ensembles(d: Dump) -> None:
    import pyarrow.parquet as pq

    import accord
    from accord.ensemble import run_ensemble, with_ranges
    from accord.ensemble.sensitivity import sensitivity
    from accord.models import available_models

    ec = with_ranges(accord.load("ec-emissions-1994"), position=0.1)
    talks = accord.load("ukraine-talks-2026-01")
    runs = [(spec.name, {}) for spec in available_models()]
    runs += [("exchange", {"variant": "random-rate"}), ("exchange", {"tie_break": "random"}),
             ("smp", {"state_transition": "Stochastic"}), ("deals", {})]
    for scen_name, scenario in (("ec-emissions-1994", ec), ("ukraine-talks-2026-01", talks)):
        for model, params in runs:
            label = model + "".join(f"-{k}={v}" for k, v in params.items())

            def ens(scenario=scenario, model=model, params=params):
                with tempfile.TemporaryDirectory() as tmp:
                    n = 40 if model in ("deals", "smp", "eum") else 120
                    r = run_ensemble(scenario, model, n, seed=7, executor="inline", out=tmp,
                                     chunk_size=n // 3, params=params or None)
                    table = pq.read_table(r.parquet).to_pydict()
                    return {"table": table, "summary": without_run(
                        {k: v for k, v in r.summary.items() if k not in RECORD_BLOCKS})}

            d.record(f"ensemble/{label}/{scen_name}", ens)
        d.record(f"sensitivity/compromise/{scen_name}", lambda scenario=scenario: without_run(
            _outputs_only(sensitivity(scenario, "compromise", sobol_n=256, seed=2))))
        d.record(f"sensitivity/exchange-rr/{scen_name}", lambda scenario=scenario: without_run(
            _outputs_only(sensitivity(scenario, "exchange", sobol_n=0, seed=2,
                                      params={"variant": "random-rate"}))))


def _outputs_only(data: dict[str, Any]) -> dict[str, Any]:
    """A sensitivity result without the run-record fields it carried at the top level before
    the record moved under ``"run"``."""
    return {k: v for k, v in data.items() if k not in RECORD_FIELDS}


def dump_cli(d: Dump, shared: Path) -> None:
    """The JSON the CLI prints (run records left out)."""
    from accord.cli import main

    def run_cli(args: list[str]) -> Any:
        out, err = io.StringIO(), io.StringIO()
        code = 0
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main(args)
            except SystemExit as exc:
                code = exc.code or 0
        text = out.getvalue()
        try:
            body: Any = without_run(json.loads(text))
        except ValueError:
            body = text
        return {"exit": code, "stdout": body, "stderr": " ".join(err.getvalue().split())}

    data = shared / "data"
    sample, cop21 = str(data / "decide" / "sample_data.txt"), str(data / "decide" / "cop21.csv")
    dinner = str(data / "genius" / "anac2015" / "group2-dinner")
    commands = {
        "forecast/talks": ["forecast", "--format", "json"],
        "forecast/ec-eum": ["forecast", "ec-emissions-1994", "--model", "eum", "--format", "json"],
        "forecast/sample-rr": ["forecast", sample, "--model", "exchange", "-p",
                               "exchange.variant=random-rate", "--format", "json", "--seed", "4"],
        "trades/talks": ["trades", "--format", "json"],
        "trades/sample": ["trades", sample, "--top", "5", "--format", "json"],
        "trades/cop21-rr": ["trades", cop21, "--model", "random-rate", "--format", "json",
                            "--seed", "9"],
        "explain/ec": ["explain", "ec-emissions-1994", "--round", "2", "--format", "json"],
        "deals/talks": ["deals", "--format", "json"],
        "deals/dinner": ["deals", dinner, "--format", "json"],
        "simulate/talks": ["simulate", "--format", "json", "--rounds", "30"],
        "simulate/dinner-mediator": ["simulate", dinner, "--protocol", "mediator", "--format",
                                     "json", "--seed", "3"],
        "war/attrition": ["war", "attrition", "--q-a", "0.05", "--q-b", "0.03", "--c-a", "0.01",
                          "--c-b", "0.01", "--discount", "0.95", "--format", "json"],
    }
    for name, args in commands.items():
        d.record(f"cli/{name}", lambda args=args: run_cli(args))


def provenance(label: str | None) -> dict[str, Any]:
    import accord

    src = Path(accord.__file__).resolve().parent
    commit = None
    with contextlib.suppress(Exception):
        commit = subprocess.run(["git", "-C", str(src), "rev-parse", "HEAD"], capture_output=True,
                                text=True, check=True).stdout.strip()
    return {"accord": str(src), "accord_version": getattr(accord, "__version__", None),
            "git_commit": label or commit, "python": platform.python_version(),
            "numpy": np.__version__, "machine": platform.machine()}


def dump(path: Path, only: str | None = None, label: str | None = None) -> None:
    shared = shared_dir()
    if not (shared / "data").is_dir():
        sys.exit(f"no shared data at {shared}; set ACCORD_SHARED")
    d = Dump(only)
    t0 = time.perf_counter()
    cases = model_cases(shared)
    sections = {"models": lambda: dump_models(d, cases),
                "api": lambda: dump_forecast_api(d, cases),
                "deals": lambda: dump_deals(d, shared),
                "war": lambda: dump_war_and_adjusted_winner(d),
                "simulate": lambda: dump_simulate(d, shared),
                "ensembles": lambda: dump_ensembles(d),
                "cli": lambda: dump_cli(d, shared)}
    for name, section in sections.items():
        t1 = time.perf_counter()
        section()
        print(f"{name}: {time.perf_counter() - t1:.1f} s", flush=True)
    meta = provenance(label) | {"seconds": round(time.perf_counter() - t0, 1),
                           "outputs": len(d.outputs),
                           "errors": sum(1 for v in d.outputs.values()
                                         if isinstance(v, dict) and "error" in v)}
    path.write_text(json.dumps({"meta": meta, "outputs": d.outputs}, sort_keys=True,
                               allow_nan=False) + "\n", encoding="utf-8")
    slow = sorted(d.timings.items(), key=lambda kv: -kv[1])[:8]
    print(f"{meta['outputs']} outputs ({meta['errors']} of them errors) from {meta['accord']} "
          f"in {meta['seconds']} s → {path}")
    print("slowest: " + ", ".join(f"{k} {v:.1f}s" for k, v in slow))


# --- the comparison ----------------------------------------------------------------------------


def differences(a: Any, b: Any, path: str = "") -> list[tuple[str, Any, Any]]:
    """Every place where ``a`` and ``b`` differ, exactly (``1.0 != 1.0000000000000002``)."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in sorted(set(a) | set(b)):
            if k not in a:
                out.append((f"{path}/{k}", "<absent>", _short(b[k])))
            elif k not in b:
                out.append((f"{path}/{k}", _short(a[k]), "<absent>"))
            else:
                out.extend(differences(a[k], b[k], f"{path}/{k}"))
        return out
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [(f"{path}[len]", len(a), len(b))]
        out = []
        for k, (x, y) in enumerate(zip(a, b)):
            out.extend(differences(x, y, f"{path}[{k}]"))
        return out
    if type(a) is not type(b) or a != b:
        return [(path, _short(a), _short(b))]
    return []


def _short(v: Any) -> Any:
    text = json.dumps(v) if not isinstance(v, str) else v
    return v if len(text) <= 120 else text[:117] + "..."


def compare(old_path: Path, new_path: Path, limit: int, strict: bool) -> int:
    old = json.loads(old_path.read_text(encoding="utf-8"))
    new = json.loads(new_path.read_text(encoding="utf-8"))
    print(f"old: {old['meta'].get('git_commit')} ({old['meta']['outputs']} outputs)")
    print(f"new: {new['meta'].get('git_commit')} ({new['meta']['outputs']} outputs)")
    a, b = old["outputs"], new["outputs"]
    only_old, only_new = sorted(set(a) - set(b)), sorted(set(b) - set(a))
    changed = {}
    for key in sorted(set(a) & set(b)):
        diff = differences(a[key], b[key])
        if diff:
            changed[key] = diff
    for label, keys in (("only in old", only_old), ("only in new", only_new)):
        if keys:
            print(f"{len(keys)} outputs {label}:")
            for k in keys:
                print(f"  {k}")
    total = sum(len(v) for v in changed.values())
    print(f"{len(changed)} of {len(set(a) & set(b))} common outputs differ ({total} values)")
    shown = 0
    for key, diff in changed.items():
        print(f"* {key}: {len(diff)} differences")
        for p, x, y in diff[:max(1, limit)]:
            print(f"    {p}: {x!r} → {y!r}")
            shown += 1
    if changed or (strict and (only_old or only_new)):
        return 1
    print("identical")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("dump", help="run everything and write the outputs to a JSON file")
    p.add_argument("out", type=Path)
    p.add_argument("--only", help="only outputs whose key starts with one of these "
                   "(comma-separated, e.g. model/exchange,model-batch/exchange,cli)")
    p.add_argument("--label", help="what the dump is of (default: the git commit of the code run)")
    c = sub.add_parser("compare", help="list every difference between two dumps")
    c.add_argument("old", type=Path)
    c.add_argument("new", type=Path)
    c.add_argument("--limit", type=int, default=5, help="differences shown per output")
    c.add_argument("--strict", action="store_true",
                   help="outputs present in only one dump count as differences")
    args = parser.parse_args(argv)
    if args.command == "dump":
        dump(args.out, args.only, args.label)
        return 0
    return compare(args.old, args.new, args.limit, args.strict)


if __name__ == "__main__":
    sys.exit(main())
