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
    """The validated built-in: from its entry in the cache folder when one was made from these
    very bytes by this very code (:mod:`accord.scenario.builtin.validated`), else parsed from
    the YAML and kept there for the next run."""
    from accord.scenario.builtin.validated import entry_key, keep_validated, read_validated
    from accord.scenario.io.files import decode_text, read_bytes

    path = builtin_path(scenario_id)
    data = read_bytes(path)   # hashed and parsed from the same bytes: no window for an edit
    try:
        key = entry_key(data)
    except Exception:  # noqa: BLE001 - e.g. sources not readable as files: no cache, that's all
        key = None
    scenario = None if key is None else read_validated(scenario_id, key)
    if scenario is None:
        from accord.scenario.io.yaml import scenario_from_yaml_text

        scenario = scenario_from_yaml_text(decode_text(data, str(path)), file=str(path))
        if key is not None:
            keep_validated(scenario_id, key, scenario)
    return scenario


def load_builtin(scenario_id: str):
    """A fresh copy of a built-in scenario (callers may modify it)."""
    return _load(scenario_id).model_copy(deep=True)


def builtin_summary(scenario_id: str) -> dict:
    """Title, date and counts of a built-in scenario, without validating it on every call.

    ``accord scenarios`` lists these; validating the scenarios for it would import pydantic
    and take most of a second. The summary is kept in the cache folder
    (:func:`accord._cache.cache_dir`) under the SHA-256 of the scenario file's bytes: an edited
    file has another hash and is read and summarised afresh.

    >>> builtin_summary("ec-emissions-1994")["actors"]
    10
    """
    import hashlib

    from accord._cache import read_json, write_json

    path = builtin_path(scenario_id)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    name = f"builtin-{scenario_id}-{digest[:24]}.json"
    data = read_json(name)
    if isinstance(data, dict) and data.get("sha256") == digest and data.get("id") == scenario_id:
        return data
    s = load_builtin(scenario_id)
    data = {"id": scenario_id, "title": s.title, "date": str(s.date) if s.date else None,
            "actors": len(s.actors), "issues": len(s.issues), "stances": len(s.stances),
            "evidence": len(s.evidence), "sha256": digest}
    write_json(name, data)
    return data
