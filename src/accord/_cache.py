"""Accord's cache folder: small files that spare a command work it has done before.

``ACCORD_CACHE_DIR`` (default ``$XDG_CACHE_HOME/accord`` or ``~/.cache/accord``); an empty value
keeps nothing on disk. Every entry is keyed by a hash of what it was made from, so an entry
never goes stale: a changed input has another name. A folder that cannot be written, or an
entry that cannot be read, is the same as no cache.

>>> import tempfile, os, pathlib
>>> os.environ["ACCORD_CACHE_DIR"] = tempfile.mkdtemp()
>>> write_json("x.json", {"a": 1}); read_json("x.json")
{'a': 1}
>>> del os.environ["ACCORD_CACHE_DIR"]
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def cache_dir() -> Path | None:
    root = os.environ.get("ACCORD_CACHE_DIR")
    if root is None:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        root = os.path.join(base, "accord")
    return Path(root) if root else None


def read_json(name: str) -> Any | None:
    """The entry ``name``, or None when there is none (or no cache)."""
    root = cache_dir()
    if root is None:
        return None
    try:
        return json.loads((root / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(name: str, data: Any) -> None:
    """Keep ``data`` as the entry ``name`` (written whole or not at all)."""
    root = cache_dir()
    if root is None:
        return
    entry = root / name
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        tmp.replace(entry)
    except OSError:
        pass
