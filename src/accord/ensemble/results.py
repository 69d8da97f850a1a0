"""Ensembles on disk: one Parquet file per ensemble, a JSON summary beside it, DuckDB on top.

The Parquet file holds one row per variant: ``variant`` (its index in the ensemble), ``chunk``,
one column per uncertain input (the value drawn, named as in
:func:`accord.ensemble.sample.list_inputs`) and one per output (``forecast[ISSUE]`` for a
model; ``zone`` and ``zone_share`` for the deal solver). Chunks are written in chunk order, one
row group each, so the same ensemble gives the same file whatever ran it. The file's metadata
(key ``accord.ensemble``) records the run — scenario id and hash, model, parameters, seed,
chunk size, the inputs with their ranges, the outputs and the outcome classes — so the summary
can be recomputed from the file alone (:func:`load_ensemble`).

The summary and any ad-hoc question are DuckDB queries over the file
(:meth:`EnsembleResult.query`, table name ``variants``). The summary runs DuckDB on one thread:
a floating-point sum depends on the order of its terms, and one thread over the same file in
the same row-group order always adds in the same order, so the JSON is byte-identical from run
to run and executor to executor.

Forecasts that are undefined (NaN: e.g. every weight drawn as zero) are left out of the
statistics (``n_defined`` counts the rest) and fall in no outcome class.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from accord.errors import AccordError

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
HISTOGRAM_BINS = 20
METADATA_KEY = b"accord.ensemble"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def finite_or_none(x) -> float | None:
    """A finite float, or None (JSON has no NaN)."""
    if x is None:
        return None
    x = float(x)
    return x if np.isfinite(x) else None


class EnsembleWriter:
    """Writes chunks as row groups of one Parquet file (``PATH.partial`` until closed)."""

    def __init__(self, path: Path, input_names: list[str], output_names: list[str],
                 run: dict[str, Any]):
        self.path = Path(path)
        self.partial = self.path.with_name(self.path.name + ".partial")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fields = [pa.field("variant", pa.int64()), pa.field("chunk", pa.int32())]
        fields += [pa.field(n, pa.float64()) for n in [*input_names, *output_names]]
        meta = {METADATA_KEY: json.dumps(run, ensure_ascii=False, sort_keys=True).encode()}
        self.schema = pa.schema(fields, metadata=meta)
        self.input_names, self.output_names = input_names, output_names
        # Random draws do not compress; skipping the codec saves CPU in the writing process.
        self._writer = pq.ParquetWriter(self.partial, self.schema, compression="none",
                                          use_dictionary=False)
        self.rows = 0

    def write(self, chunk) -> None:
        n = len(chunk)
        cols = [pa.array(np.arange(chunk.start, chunk.start + n, dtype=np.int64)),
                pa.array(np.full(n, chunk.index, dtype=np.int32))]
        cols += [pa.array(np.ascontiguousarray(chunk.values[:, k]))
                 for k in range(chunk.values.shape[1])]
        cols += [pa.array(np.asarray(chunk.outputs[name], dtype=float))
                 for name in self.output_names]
        self._writer.write_table(pa.Table.from_arrays(cols, schema=self.schema), row_group_size=n)
        self.rows += n

    def close(self) -> Path:
        self._writer.close()
        self.partial.replace(self.path)
        return self.path

    def abort(self) -> None:
        self._writer.close()
        self.partial.unlink(missing_ok=True)


def read_run(path: Path) -> dict[str, Any]:
    """The run record stored in an ensemble file's metadata."""
    meta = pq.read_schema(path).metadata or {}
    if METADATA_KEY not in meta:
        raise AccordError(f"{path}: not an Accord ensemble (no {METADATA_KEY.decode()} metadata); "
                          "expected a file written by `accord ensemble`")
    return json.loads(meta[METADATA_KEY])


def connect(path: Path, threads: int | None = None):
    """A DuckDB connection with the ensemble file as view ``variants``."""
    import duckdb

    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads TO {int(threads)}")
    literal = "'" + str(Path(path)).replace("'", "''") + "'"
    con.execute(f"CREATE VIEW variants AS SELECT * FROM read_parquet({literal})")
    return con


def summarise(path: Path, run: dict[str, Any] | None = None) -> dict[str, Any]:
    """The summary of an ensemble file: per-output distributions, outcome classes, zone."""
    path = Path(path)
    run = run or read_run(path)
    con = connect(path, threads=1)
    try:
        n_rows = con.execute("SELECT count(*) FROM variants").fetchone()[0]
        q = "[" + ", ".join(repr(x) for x in QUANTILES) + "]"
        outputs = []
        for out in run["outputs"]:
            c = _ident(out["name"])
            ok = f"isfinite({c})"
            n_def, mean, std, quant = con.execute(
                f"SELECT count(*) FILTER (WHERE {ok}), avg({c}) FILTER (WHERE {ok}), "
                f"stddev_samp({c}) FILTER (WHERE {ok}), "
                f"quantile_cont({c}, {q}) FILTER (WHERE {ok}) FROM variants").fetchone()
            lo, hi = out["low"], out["high"]
            bins = HISTOGRAM_BINS
            counts = [0] * bins
            for b, k in con.execute(
                    f"SELECT least(greatest(floor(({c} - {lo!r}) / {hi - lo!r} * {bins}), 0), "
                    f"{bins - 1})::INTEGER AS b, count(*) FROM variants WHERE {ok} "
                    "GROUP BY b ORDER BY b").fetchall():
                counts[b] = k
            entry = {"output": out["name"], **{k: v for k, v in out.items() if k != "name"},
                     "n_defined": n_def, "mean": finite_or_none(mean), "std": finite_or_none(std),
                     "quantiles": {f"p{round(p * 100)}": finite_or_none(v)
                                   for p, v in zip(QUANTILES, quant or [None] * len(QUANTILES))},
                     "histogram": {"edges": [lo + (hi - lo) * k / bins for k in range(bins + 1)],
                                   "counts": counts}}
            outputs.append(entry)
        summary: dict[str, Any] = {
            "ensemble": {k: run[k] for k in ("scenario", "scenario_hash", "model", "params",
                                             "seed", "n", "chunk_size", "accord_version")},
            "variants": n_rows,
            "complete": n_rows == run["n"],
            "file": path.name,
            "inputs": run["inputs"],
            "outputs": outputs,
        }
        classes = []
        columns = {o["name"] for o in run["outputs"]}
        for oc in run.get("outcome_classes", []):
            if any(f"forecast[{issue}]" not in columns for issue in oc["ranges"]):
                continue  # the deal solver forecasts no issue
            conds = [f"{_ident('forecast[' + issue + ']')} BETWEEN {lo!r} AND {hi!r}"
                     for issue, (lo, hi) in oc["ranges"].items()]
            k = con.execute(f"SELECT count(*) FILTER (WHERE {' AND '.join(conds)}) "
                            "FROM variants").fetchone()[0]
            classes.append({"id": oc["id"], "label": oc["label"], "count": k,
                            "probability": k / n_rows if n_rows else None})
        if classes:
            summary["outcome_classes"] = classes
        if any(o["name"] == "zone" for o in run["outputs"]):
            k = con.execute("SELECT count(*) FILTER (WHERE zone > 0) FROM variants").fetchone()[0]
            summary["zone_of_agreement"] = {"count": k,
                                            "frequency": k / n_rows if n_rows else None}
        return summary
    finally:
        con.close()


def write_summary(summary: dict[str, Any], path: Path) -> Path:
    Path(path).write_text(json.dumps(summary, ensure_ascii=False, indent=2, allow_nan=False)
                          + "\n", encoding="utf-8")
    return Path(path)


@dataclass
class EnsembleResult:
    """An ensemble on disk: its Parquet file, its JSON summary, and how the run went.

    ``elapsed``, ``executor`` and ``workers`` describe this run only and are kept out of the
    summary (which must not depend on them).
    """

    parquet: Path
    summary_path: Path
    summary: dict[str, Any]
    elapsed: float | None = None
    executor: str | None = None
    workers: int | None = None
    interrupted: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return self.summary["variants"]

    def query(self, sql: str) -> pa.Table:
        """Run SQL on the ensemble (table ``variants``) and return an Arrow table.

        >>> # result.query('SELECT avg("forecast[donbas]") FROM variants WHERE ...')
        """
        con = connect(self.parquet)
        try:
            cursor = con.execute(sql)
            # newer DuckDB renamed fetch_arrow_table (deprecated) to to_arrow_table
            fetch = getattr(cursor, "to_arrow_table", None) or cursor.fetch_arrow_table
            return fetch()
        finally:
            con.close()

    def column(self, name: str) -> np.ndarray:
        return pq.read_table(self.parquet, columns=[name]).column(name).to_numpy()


def load_ensemble(path: "str | Path") -> EnsembleResult:
    """An ensemble file written earlier, with its summary recomputed from the file."""
    path = Path(path)
    if not path.exists():
        raise AccordError(f"{path}: no such ensemble file; expected a .parquet file written by "
                          "`accord ensemble`")
    summary = summarise(path)
    return EnsembleResult(path, path.with_suffix(".json"), summary)
