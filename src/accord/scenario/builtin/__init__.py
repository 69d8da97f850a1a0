"""Scenarios that ship with Accord.

>>> "ec-emissions-1994" in builtin_ids()
True
"""

from __future__ import annotations

import os
from functools import lru_cache
from importlib import resources
from pathlib import Path

from accord.errors import AccordError


def _dir() -> Path:
    return Path(str(resources.files(__name__)))


def builtin_ids() -> list[str]:
    return sorted(p.stem for p in _dir().glob("*.yaml"))


def builtin_path(scenario_id: str) -> Path:
    path = _dir() / f"{scenario_id}.yaml"
    if not path.exists():
        raise AccordError(f"no built-in scenario {scenario_id!r}; expected one of: "
                          f"{', '.join(builtin_ids())} (or a path to a scenario file)")
    return path


def source_text_path(filename: str) -> Path:
    """A source text packaged with the built-in scenarios (e.g. the seed articles)."""
    return _dir() / "sources" / filename


@lru_cache(maxsize=None)
def _load(scenario_id: str):
    from accord.scenario.io.yaml import load_yaml

    return load_yaml(builtin_path(scenario_id))


def load_builtin(scenario_id: str):
    """A fresh copy of a built-in scenario (callers may modify it)."""
    return _load(scenario_id).model_copy(deep=True)


def _cache_dir() -> Path | None:
    """``ACCORD_CACHE_DIR`` (default ``$XDG_CACHE_HOME/accord`` or ``~/.cache/accord``); an
    empty value, or a folder that cannot be written, keeps nothing on disk."""
    root = os.environ.get("ACCORD_CACHE_DIR")
    if root is None:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        root = os.path.join(base, "accord")
    return Path(root) if root else None


def builtin_summary(scenario_id: str) -> dict:
    """Title, date and counts of a built-in scenario, without validating it on every call.

    ``accord scenarios`` lists these; validating the scenarios for it would import pydantic
    and take most of a second. The summary is kept in the cache folder (see
    :func:`_cache_dir`) under the SHA-256 of the scenario file's bytes: an edited file has
    another hash and is read and summarised afresh.

    >>> builtin_summary("ec-emissions-1994")["actors"]
    10
    """
    import hashlib
    import json

    path = builtin_path(scenario_id)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    cache = _cache_dir()
    entry = cache / f"builtin-{scenario_id}-{digest[:24]}.json" if cache else None
    if entry is not None:
        try:
            data = json.loads(entry.read_text(encoding="utf-8"))
            if data.get("sha256") == digest and data.get("id") == scenario_id:
                return data
        except (OSError, ValueError):
            pass
    s = load_builtin(scenario_id)
    data = {"id": scenario_id, "title": s.title, "date": str(s.date) if s.date else None,
            "actors": len(s.actors), "issues": len(s.issues), "stances": len(s.stances),
            "evidence": len(s.evidence), "sha256": digest}
    if entry is not None:
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            tmp = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(data), encoding="utf-8")
            tmp.replace(entry)
        except OSError:
            pass
    return data
