"""Stored runs: what was run on which scenario version, and the exact JSON it produced.

A run keeps the scenario id, version and content hash, the models, parameters, seed and Accord
version, and the result as the very text that was produced (:func:`result_text`, the same
bytes ``accord forecast -f json`` prints), so reopening a run gives back identical bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import sqlite3
from dataclasses import dataclass
from typing import Any

from accord.store.db import is_sqlite_int, transaction


@dataclass(frozen=True)
class Run:
    id: int
    kind: str
    scenario_id: str
    scenario_version: int
    scenario_hash: str
    models: list[str]
    params: dict[str, Any]
    seed: int
    accord_version: str
    created: str
    result: str | None = None   # None in listings, which leave the large text out

    def data(self) -> dict[str, Any]:
        return json.loads(self.result) if self.result is not None else {}


def result_text(result: dict[str, Any]) -> str:
    """The canonical JSON text of a result, as ``accord forecast -f json`` writes it to a pipe
    or a file (:func:`accord.cli.common.emit_json`): compact. Runs stored before that change
    keep their indented text; they are returned as stored."""
    return json.dumps(result, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"


def _row(r: sqlite3.Row, with_result: bool) -> Run:
    return Run(r["id"], r["kind"], r["scenario_id"], r["scenario_version"], r["scenario_hash"],
               json.loads(r["models"]), json.loads(r["params"]), r["seed"], r["accord_version"],
               r["created"], r["result"] if with_result else None)


def save_forecast_run(conn: sqlite3.Connection, forecast, *, scenario_version: int,
                      models: list[str], result: dict[str, Any] | None = None) -> int:
    """Store an :class:`accord.api.Forecast` and return the run id. ``result`` is the JSON to
    keep (default ``forecast.to_dict()``; ``accord forecast -f json`` adds the summary); its
    run record (:mod:`accord.record`) fills the columns."""
    data = result if result is not None else forecast.to_dict()
    record = data["run"]
    return _save(conn, "forecast", record["scenario"], scenario_version,
                 record["scenario_hash"], models, record["params"], record["seed"],
                 record["accord_version"], data)


def save_ensemble_run(conn: sqlite3.Connection, summary: dict[str, Any], *, scenario_id: str,
                      scenario_version: int) -> int:
    """Store an ensemble's summary (``EnsembleResult.summary``: its definition, quantiles,
    histograms and outcome classes) as a run of kind ``ensemble``; the run id."""
    e = summary["run"]
    return _save(conn, "ensemble", scenario_id, scenario_version, e["scenario_hash"],
                 [e["model"]], {e["model"]: e.get("params", {}), "n": e["n"]}, e["seed"],
                 e["accord_version"], summary)


def _save(conn, kind: str, scenario_id: str, version: int, content_hash: str,
          models: list[str], params: dict, seed: int, accord_version: str,
          result: dict[str, Any]) -> int:
    text = result_text(result)
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    with transaction(conn):
        cur = conn.execute(
            "INSERT INTO runs (kind, scenario_id, scenario_version, scenario_hash, models, params, "
            "seed, accord_version, created, result) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (kind, scenario_id, version, content_hash, json.dumps(models),
             json.dumps(params, sort_keys=True), seed, accord_version, now, text))
        return int(cur.lastrowid)


def get_run(conn: sqlite3.Connection, run_id: int) -> Run | None:
    """The stored run ``run_id``, or None (also for an id no SQLite row can have)."""
    if not is_sqlite_int(run_id):
        return None
    r = conn.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
    return _row(r, True) if r else None


def list_runs(conn: sqlite3.Connection, scenario_id: str | None = None,
              limit: int = 500) -> list[Run]:
    cols = ("id, kind, scenario_id, scenario_version, scenario_hash, models, params, seed, "
            "accord_version, created")
    if scenario_id is None:
        rows = conn.execute(f"SELECT {cols} FROM runs ORDER BY id DESC LIMIT ?", (limit,))
    else:
        rows = conn.execute(f"SELECT {cols} FROM runs WHERE scenario_id = ? ORDER BY id DESC "
                            "LIMIT ?", (scenario_id, limit))
    return [_row(r, False) for r in rows]


def run_forecasts(run: Run) -> dict[tuple[str, str], tuple[float | None, list | None]]:
    """Per (model, issue): what the run says the outcome will be, and its spread.

    A forecast run gives each model's point forecast (no spread); an ensemble run gives its
    model's median forecast over the variants, with the 5th and 95th percentiles as the spread
    (outputs other than issue forecasts, such as the deal solver's zone, have no counterpart).
    """
    data = run.data()
    if run.kind != "ensemble":
        return {(f["model"], f["issue"]): (f.get("value"), None)
                for f in data.get("forecasts", [])}
    model = data.get("run", {}).get("model", "")
    out = {}
    for o in data.get("outputs", []):
        if o.get("output", "").startswith("forecast[") and o.get("issue"):
            q = o.get("quantiles", {})
            out[(model, o["issue"])] = (q.get("p50"), [q.get("p5"), q.get("p95")])
    return out


def run_basis(run: Run) -> str:
    """What a run's column in a comparison holds, in words."""
    if run.kind != "ensemble":
        return "point forecast at the stated numbers"
    data = run.data()
    return (f"median of {data.get('variants', 0):,} variants (ensemble, model "
            f"{data.get('run', {}).get('model', '?')})")


def compare_runs(a: Run, b: Run) -> list[dict[str, Any]]:
    """Per model and issue: the value in each run and ``b − a`` (None where either is missing).

    Runs of different kinds (a forecast and an ensemble) are compared on what both have: the
    ensemble's model, each issue's point forecast beside the ensemble's median
    (:func:`run_forecasts`); a row is kept only where both runs have a value (so too for two
    ensembles: of different models, they have nothing in common). An ensemble's
    side also carries ``a_range`` / ``b_range``, its 5th and 95th percentiles.

    >>> ra = Run(1, "forecast", "s", 0, "h", [], {}, 0, "0", "", json.dumps(
    ...     {"forecasts": [{"model": "m", "issue": "x", "value": 40.0}]}))
    >>> rb = Run(2, "forecast", "s", 1, "h2", [], {}, 0, "0", "", json.dumps(
    ...     {"forecasts": [{"model": "m", "issue": "x", "value": 42.5}]}))
    >>> compare_runs(ra, rb)
    [{'model': 'm', 'issue': 'x', 'a': 40.0, 'b': 42.5, 'difference': 2.5}]
    >>> rc = Run(3, "ensemble", "s", 1, "h2", ["m"], {}, 0, "0", "", json.dumps(
    ...     {"run": {"model": "m"}, "variants": 9, "outputs": [{"output": "forecast[x]",
    ...      "issue": "x", "quantiles": {"p5": 30.0, "p50": 41.0, "p95": 50.0}}]}))
    >>> compare_runs(ra, rc)
    [{'model': 'm', 'issue': 'x', 'a': 40.0, 'b': 41.0, 'difference': 1.0, 'b_range': [30.0, 50.0]}]
    """
    va, vb = run_forecasts(a), run_forecasts(b)
    keys = list(va) + [k for k in vb if k not in va]
    # only what both runs forecast is comparable when either is an ensemble (it runs one
    # model: two ensembles of different models gave a column of blanks each)
    if a.kind != b.kind or a.kind == "ensemble":
        keys = [k for k in keys if k in va and k in vb]
    rows = []
    for model, issue in keys:
        (x, x_range), (y, y_range) = va.get((model, issue), (None, None)), \
            vb.get((model, issue), (None, None))
        diff = y - x if x is not None and y is not None and math.isfinite(y - x) else None
        row = {"model": model, "issue": issue, "a": x, "b": y, "difference": diff}
        if x_range is not None:
            row["a_range"] = x_range
        if y_range is not None:
            row["b_range"] = y_range
        rows.append(row)
    return rows


def comparable(a: Run, b: Run, rows: list[dict[str, Any]]) -> str | None:
    """A sentence on what two runs of different kinds have in common; None for the same kind,
    except two ensembles with no issue forecast of the same model.

    >>> ra = Run(1, "forecast", "s", 0, "h", ["m", "n"], {}, 0, "0", "", "{}")
    >>> rb = Run(2, "ensemble", "s", 0, "h", ["m"], {}, 0, "0", "", "{}")
    >>> comparable(ra, rb, [{"model": "m"}])
    'Run 1 is a forecast, run 2 an ensemble: only model m is in both runs (run 1 also has n).'
    """
    if a.kind == b.kind and (a.kind != "ensemble" or rows):
        return None
    head = (f"Run {a.id} is {_a(a.kind)}, run {b.id} {_a(b.kind)}" if a.kind != b.kind else
            f"Runs {a.id} and {b.id} are ensembles")
    models = sorted({r["model"] for r in rows})
    if not models:
        return (f"{head}: nothing to compare — they have no issue forecast of the same model in "
                f"common (run {a.id}: {', '.join(a.models) or 'none'}; run {b.id}: "
                f"{', '.join(b.models) or 'none'}).")
    sentence = (f"{head}: only model{'s' if len(models) > 1 else ''} {', '.join(models)} "
                f"{'are' if len(models) > 1 else 'is'} in both runs")
    extra = [(run.id, [m for m in run.models if m not in models]) for run in (a, b)]
    extra = [f"run {i} also has {', '.join(ms)}" for i, ms in extra if ms]
    return sentence + (f" ({'; '.join(extra)})." if extra else ".")


def _a(kind: str) -> str:
    return f"{'an' if kind[:1] in 'aeiou' else 'a'} {kind}"
