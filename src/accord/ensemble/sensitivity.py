"""Which uncertain inputs move the forecasts: one-at-a-time swings and Sobol indices.

**Swings (tornado).** Each input in turn is set to the low and the high end of its range, every
other input at its stated value; the swing is the distance between the two forecasts. Ranked by
swing, the inputs of one forecast make its tornado diagram. The 2K + 1 variants (K inputs and
the base case) run as batched calls.

**Sobol indices.** The ``top`` inputs by swing of every forecast are varied together in one
design (every other input held at its stated value); for each forecast the indices of its own
top inputs are reported: the first-order index S_i (the share of the forecast's variance that
input i explains alone) and the total index ST_i (its share including every interaction), as
shares of the variance when all the chosen inputs vary. They are estimated from two independent
sample matrices A and B (N × k, drawn from the inputs' distributions by inverse CDF) and the k
matrices A_B^(i) (A with column i taken from B):

    S_i  = mean(f(B) · (f(A_B^(i)) − f(A))) / V          Saltelli et al. (2010), eq. (b)
    ST_i = mean((f(A) − f(A_B^(i)))²) / (2 V)            Jansen (1999)

with V the variance of f over A and B together and f centred on its mean over A and B.
N(k + 2) model runs, in batches of one ensemble chunk.

References: Saltelli, Annoni, Azzini, Campolongo, Ratto & Tarantola (2010), "Variance based
sensitivity analysis of model output. Design and estimator for the total sensitivity index",
Computer Physics Communications 181, 259–270; Jansen (1999), Computer Physics Communications
117, 35–43.

For a model that is linear in independent inputs, f = Σ a_i x_i, both indices equal
a_i² Var(x_i) / Σ a_j² Var(x_j); the tests check this against the compromise model.
"""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np

from accord.ensemble.executors import default_chunk_size, make_runner
from accord.ensemble.results import finite_or_none
from accord.ensemble.sample import InputSpace
from accord.errors import AccordError
from accord.randomness import derived_seed, stream
from accord.record import run_record


def swings(space: InputSpace, runner, seed: int = 0) -> dict[str, Any]:
    """One-at-a-time swings and the tornado ranking per output."""
    K = len(space.inputs)
    values = np.tile(space.base_values, (2 * K + 1, 1))
    ks = np.arange(K)
    # the extremes an input can take: a position is kept to its actor's fixed red line
    values[1 + 2 * ks, ks] = space.admissible_lows
    values[2 + 2 * ks, ks] = space.admissible_highs
    outputs = evaluate(space, runner, values, stream(seed))
    base, tornado = {}, {}
    for name, f in outputs.items():
        base[name] = finite_or_none(f[0])
        rows = []
        for k, x in enumerate(space.inputs):
            at_low, at_high = f[1 + 2 * k], f[2 + 2 * k]
            swing = abs(at_high - at_low)
            rows.append({"input": x.name, "low": float(values[1 + 2 * k, k]),
                         "high": float(values[2 + 2 * k, k]),
                         "at_low": finite_or_none(at_low), "at_high": finite_or_none(at_high),
                         "swing": finite_or_none(swing)})
        rows.sort(key=lambda r: (-(r["swing"] if r["swing"] is not None else -1.0), r["input"]))
        tornado[name] = rows
    return {"base": base, "tornado": tornado}


def top_inputs(tornado: Mapping[str, list[dict]], k: int) -> dict[str, list[str]]:
    """Per output, the ``k`` inputs with the largest swing on it (none that leave it unmoved)."""
    return {name: [r["input"] for r in rows if r["swing"]][:k] for name, rows in tornado.items()}


def evaluate(space: InputSpace, runner, values: np.ndarray,
             rng: np.random.Generator) -> dict[str, np.ndarray]:
    """The runner's outputs for an (n, K) input matrix, in batches of one chunk's size."""
    size = default_chunk_size(space)
    parts = [runner(space.apply(values[start:start + size]), rng)
             for start in range(0, values.shape[0], size)]
    return {name: np.concatenate([np.asarray(p[name], dtype=float) for p in parts])
            for name in parts[0]}


def _run_batch(space: InputSpace, runner, values: np.ndarray, seed: int,
               index: int) -> dict[str, np.ndarray]:
    """One batch of the Sobol design, on its own stream: the same numbers on any worker."""
    return {name: np.asarray(v, dtype=float)
            for name, v in runner(space.apply(values), stream(seed, 1, index)).items()}


def evaluate_design(space: InputSpace, runner, values: np.ndarray, seed: int,
                    executor=None, workers: int | None = None,
                    scheduler: str | None = None) -> dict[str, np.ndarray]:
    """The runner's outputs for the (n, K) design, in batches of one chunk's size, batch ``b``
    on ``stream(seed, 1, b)``; the batches run in this process (``executor`` None) or on any
    executor of :func:`accord.ensemble.executors.open_executor` (a process pool, a Dask
    cluster), with the same numbers either way."""
    size = default_chunk_size(space)
    starts = range(0, values.shape[0], size)
    if executor is None:
        parts = [_run_batch(space, runner, values[a:a + size], seed, b)
                 for b, a in enumerate(starts)]
    else:
        from accord.ensemble import wait_first, worker_result
        from accord.ensemble.executors import open_executor

        with open_executor(executor, workers, scheduler) as (ex, _):
            futures = [ex.submit(_run_batch, space, runner, values[a:a + size], seed, b)
                       for b, a in enumerate(starts)]
            pending = set(futures)
            while pending:
                _, pending = wait_first(ex, pending)
            parts = [worker_result(fut, f"Sobol batch {b}") for b, fut in enumerate(futures)]
    return {name: np.concatenate([p[name] for p in parts]) for name in parts[0]}


def sobol(space: InputSpace, runner, inputs: list[str], n: int = 4096, seed: int = 0,
          report: Mapping[str, list[str]] | None = None, executor=None,
          workers: int | None = None, scheduler: str | None = None) -> dict[str, Any]:
    """First-order (Saltelli 2010) and total (Jansen 1999) Sobol indices of ``inputs``.

    One design varies every input in ``inputs`` (the others at their stated values);
    ``report`` names, per output, the inputs whose indices to report (default: all).
    ``executor`` (``process``, ``dask``, ``inline`` or an Executor) runs the design's batches
    (:func:`evaluate_design`); the indices do not depend on it.
    """
    if n < 2:
        raise AccordError(f"--sobol-n {n}: expected at least 2")
    if n > MAX_SOBOL_N:  # N × (K + 2) model runs, an (N, K) matrix of draws per block
        raise AccordError(f"--sobol-n {n:,}: expected at most {MAX_SOBOL_N:,} (it sets the "
                          "size of the sample and of every array drawn from it)")
    cols = [space.names.index(i) for i in inputs]
    k = len(cols)
    if k == 0:
        return {"n": n, "inputs": [], "indices": {}}
    rng = stream(seed, 0)                   # the design's draws; stream(seed, 1, b) feeds
    #                                         the model on batch b
    a = space.from_unit(rng.random((n, k)), cols)
    b = space.from_unit(rng.random((n, k)), cols)
    values = np.tile(space.base_values, ((k + 2) * n, 1))
    blocks = [a, b]
    for i in range(k):
        ab = a.copy()
        ab[:, i] = b[:, i]
        blocks.append(ab)
    values[:, cols] = np.concatenate(blocks)
    outputs = evaluate_design(space, runner, values, seed, executor, workers, scheduler)
    indices = {}
    for name, f in outputs.items():
        f = f.reshape(k + 2, n)
        ok = np.isfinite(f).all(axis=0)
        # Centring leaves every estimator's expectation unchanged (E f(A_B) = E f(A)) and
        # removes the noise a large mean adds to Saltelli's product (as SALib does).
        f = f[:, ok] - np.concatenate([f[0, ok], f[1, ok]]).mean()
        fa, fb, fab = f[0], f[1], f[2:]
        var = np.var(np.concatenate([fa, fb]))
        wanted = set(inputs if report is None else report.get(name, []))
        rows = []
        for i, name_i in enumerate(inputs):
            if name_i not in wanted:
                continue
            if var > 0:
                first = float(np.mean(fb * (fab[i] - fa)) / var)
                total = float(np.mean((fa - fab[i]) ** 2) / (2 * var))
            else:
                first = total = None
            rows.append({"input": name_i, "first_order": first, "total": total})
        rows.sort(key=lambda r: (-(r["first_order"] or 0.0), r["input"]))
        indices[name] = {"variance": float(var), "n_defined": int(ok.sum()), "indices": rows}
    return {"n": n, "inputs": list(inputs), "indices": indices}


#: The largest Sobol base sample: 10⁹ asked for 358 GiB; 10⁵ is 25 times the default.
MAX_SOBOL_N = 100_000


def sensitivity(scenario, model: str = "compromise", *, sobol_n: int = 4096, top: int = 8,
                seed: int = 0, params: Mapping[str, Any] | None = None,
                overrides: Mapping[str, tuple] | None = None,
                distribution: str | None = None, executor=None, workers: int | None = None,
                scheduler: str | None = None) -> dict[str, Any]:
    """Tornado per forecast and Sobol indices of the ``top`` inputs; ``sobol_n=0`` skips Sobol.

    ``executor``, ``workers``, ``scheduler``: where the Sobol design runs (see :func:`sobol`);
    the swings (2K + 1 variants) run here."""
    from accord.scenario import load

    if sobol_n > MAX_SOBOL_N:  # the flag first: a run too large is refused before anything
        raise AccordError(f"--sobol-n {sobol_n:,}: expected at most {MAX_SOBOL_N:,} (it sets "
                          "the size of the sample and of every array drawn from it)")
    scenario = load(scenario)
    space = InputSpace.from_scenario(scenario, overrides, distribution, require=True)
    runner = make_runner(model, scenario, params)
    # The swings and the Sobol design take integer seeds: parts 1 and 0 of the run's seed.
    out: dict[str, Any] = swings(space, runner, derived_seed(seed, 1))
    if sobol_n:
        chosen = top_inputs(out["tornado"], top)
        union = [i for i in space.names if any(i in c for c in chosen.values())]
        out["sobol"] = sobol(space, runner, union, sobol_n, derived_seed(seed, 0), report=chosen,
                             executor=executor, workers=workers, scheduler=scheduler)
    out["run"] = run_record("sensitivity", scenario, model=model, params=dict(params or {}),
                            seed=seed, sobol_n=sobol_n, top=top,
                            overrides={k: list(v) for k, v in (overrides or {}).items()},
                            distribution=distribution)
    return out

