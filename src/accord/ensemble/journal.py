"""An ensemble's files: a name that says what defines it, one writer at a time, and a journal of
finished chunks so that an interrupted or killed run loses nothing and resumes.

**Names.** ``OUT/NAME.parquet`` and ``OUT/NAME.json``, with NAME
``{scenario}-{model}-n{N}-seed{S}-c{chunk size}-{digest}``: the digest is the first 10 hex digits
of the SHA-256 of everything that defines the ensemble's content — the scenario's content hash,
the model and its parameters, the uncertain inputs with their ranges and distributions (after
any overrides), N, the seed, the chunk size and Accord's version. Another parameter, another
scenario version or another chunking is another file; the same definition is the same file,
always with the same bytes.

**One writer.** A run holds ``OUT/NAME.lock`` (an ``flock``, released by the system whatever
ends the process, ``kill -9`` included) for as long as it writes any of NAME's files. A second
run of the same ensemble into the same folder is refused at once with a message; two runs of
different ensembles never share a file.

**The journal.** Each chunk's outputs, once computed, are written to ``OUT/NAME.parts/chunk-K``
(raw float64, written to a temporary name and renamed, so a file there is whole) before
anything else is done with the chunk. Its inputs are not: a chunk's draws are a function of the
seed, the chunk's index and size alone (:mod:`accord.ensemble.executors`), so resuming draws
them again — a journal of outputs only costs a few percent of the run, where one of the inputs
too doubled what a run writes. The Parquet file is written beside it as
``NAME.parquet.partial`` and renamed to ``NAME.parquet`` only when every chunk is in it; the
journal is then removed. An interrupted run (Ctrl-C) or a killed one therefore never replaces a
complete file, and leaves its finished chunks in the journal; ``run_ensemble(..., resume=True)``
(``accord ensemble --resume``) reads them back and computes only the others. The journal's
manifest (``manifest.json``) holds the run record, and a journal is only resumed by the run it
belongs to. Resumed or not, the same ensemble gives the same bytes.

>>> key = definition_key({"scenario_hash": "ab", "model": "compromise", "n": 10, "seed": 1,
...                       "chunk_size": 4, "params": {}})
>>> len(key), key == definition_key({"seed": 1, "n": 10, "model": "compromise",
...                                  "params": {}, "chunk_size": 4, "scenario_hash": "ab"})
(10, True)
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any, Iterator

import numpy as np

from accord.errors import AccordError

#: What defines an ensemble's content (the keys of the run record that go into its name).
DEFINING = ("scenario_hash", "model", "params", "inputs", "n", "seed", "chunk_size",
            "accord_version")


def definition_key(run: dict[str, Any]) -> str:
    """The first 10 hex digits of the SHA-256 of the defining part of a run record."""
    defining = {k: run.get(k) for k in DEFINING}
    blob = json.dumps(defining, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:10]


def ensemble_name(run: dict[str, Any]) -> str:
    """``{scenario}-{model}-n{N}-seed{S}-c{chunk size}-{digest}`` (see the module docstring)."""
    return (f"{run['scenario']}-{run['model']}-n{run['n']}-seed{run['seed']}-"
            f"c{run['chunk_size']}-{definition_key(run)}")


def check_output_folder(out: Path) -> Path:
    """``out`` as a folder this process can write to (created if missing); a one-line
    :class:`AccordError` when it is a file or cannot be written."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise AccordError(f"--out {out}: is a file; expected a folder for the ensemble's "
                          "Parquet and JSON files")
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / f".accord-write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise AccordError(f"--out {out}: cannot be written ({exc.strerror or exc}); expected a "
                          "folder this user can write to") from None
    return out


def check_disk(out: Path, n: int, columns: int, journaled: int) -> None:
    """Refuse a run whose files cannot fit: N rows of ``columns`` float64 values, and of the
    ``journaled`` outputs the journal holds meanwhile."""
    need = n * (columns + journaled) * 8
    free = shutil.disk_usage(out).free
    if need > free:
        raise AccordError(f"-n {n:,}: the ensemble's files need about {need / 1e9:,.1f} GB in "
                          f"{out}, which has {free / 1e9:,.1f} GB free; expected fewer variants "
                          "or another --out")


@contextlib.contextmanager
def exclusive(lock_path: Path) -> Iterator[None]:
    """Hold ``lock_path`` for the block; a one-line :class:`AccordError` if another process
    holds it (that run is writing the same ensemble)."""
    import fcntl

    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            raise AccordError(f"{lock_path.with_suffix('')}: another run (process {holder}) is "
                              "writing this ensemble now; expected one run per ensemble at a "
                              "time — wait for it, or write elsewhere with --out") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock; the file stays (removing it would race a new holder)


class Journal:
    """The finished chunks of one ensemble run, on disk (see the module docstring)."""

    def __init__(self, folder: Path, run: dict[str, Any], space, output_names: list[str]):
        self.folder = Path(folder)
        self.run = run
        self.space = space
        self.output_names = list(output_names)
        self.manifest = self.folder / "manifest.json"

    def chunk_size_of(self, index: int) -> int:
        size, n = self.run["chunk_size"], self.run["n"]
        return max(0, min(size, n - index * size))

    def exists(self) -> bool:
        return self.manifest.exists()

    def start(self) -> None:
        """An empty journal for this run (any earlier one is discarded)."""
        self.discard()
        self.folder.mkdir(parents=True)
        tmp = self.manifest.with_name("manifest.json.tmp")
        tmp.write_text(json.dumps({"key": definition_key(self.run), "run": self.run},
                                  ensure_ascii=False, sort_keys=True), encoding="utf-8")
        tmp.replace(self.manifest)

    def matches(self) -> bool:
        try:
            stored = json.loads(self.manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return stored.get("key") == definition_key(self.run) and stored.get("run") == self.run

    def finished(self) -> list[int]:
        """Indices of the chunks whose files are whole (the right size), in order."""
        out = []
        for path in self.folder.glob("chunk-*"):
            if path.suffix == ".tmp":
                continue
            try:
                index = int(path.name.removeprefix("chunk-"))
            except ValueError:
                continue
            size = self.chunk_size_of(index)
            if size and path.stat().st_size == 8 * size * len(self.output_names):
                out.append(index)
        return sorted(out)

    def record(self, chunk) -> None:
        """Write one finished chunk's outputs (float64), whole or not at all."""
        path = self.folder / f"chunk-{chunk.index:08d}"
        tmp = path.with_name(path.name + ".tmp")
        with open(tmp, "wb") as f:
            for name in self.output_names:
                np.ascontiguousarray(chunk.outputs[name], dtype=np.float64).tofile(f)
        tmp.replace(path)

    def read(self, index: int):
        """The :class:`~accord.ensemble.executors.ChunkResult` of a journaled chunk: its
        outputs from the journal, its inputs drawn again exactly as the chunk drew them."""
        from accord.ensemble.executors import ChunkResult, chunk_seed

        size = self.chunk_size_of(index)
        data = np.fromfile(self.folder / f"chunk-{index:08d}", dtype=np.float64).reshape(-1, size)
        draw_seed, _ = chunk_seed(self.run["seed"], index).spawn(2)
        values = self.space.draw_values(size, np.random.default_rng(draw_seed))
        return ChunkResult(index, index * self.run["chunk_size"], values,
                           {name: data[j] for j, name in enumerate(self.output_names)})

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
