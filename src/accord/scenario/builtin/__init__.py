"""Scenarios that ship with Accord.

>>> "ec-emissions-1994" in builtin_ids()
True
"""

from __future__ import annotations

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
