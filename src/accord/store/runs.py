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


def compare_runs(a: Run, b: Run) -> list[dict[str, Any]]:
    """Per model and issue: the value in each run and ``b − a`` (None where either is missing).

    >>> ra = Run(1, "forecast", "s", 0, "h", [], {}, 0, "0", "", json.dumps(
    ...     {"forecasts": [{"model": "m", "issue": "x", "value": 40.0}]}))
    >>> rb = Run(2, "forecast", "s", 1, "h2", [], {}, 0, "0", "", json.dumps(
    ...     {"forecasts": [{"model": "m", "issue": "x", "value": 42.5}]}))
    >>> compare_runs(ra, rb)
    [{'model': 'm', 'issue': 'x', 'a': 40.0, 'b': 42.5, 'difference': 2.5}]
    """
    def values(run: Run) -> dict[tuple[str, str], float | None]:
        return {(f["model"], f["issue"]): f.get("value") for f in run.data().get("forecasts", [])}

    va, vb = values(a), values(b)
    keys = list(va) + [k for k in vb if k not in va]
    rows = []
    for model, issue in keys:
        x, y = va.get((model, issue)), vb.get((model, issue))
        diff = y - x if x is not None and y is not None and math.isfinite(y - x) else None
        rows.append({"model": model, "issue": issue, "a": x, "b": y, "difference": diff})
    return rows
