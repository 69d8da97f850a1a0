"""The built-in scenarios' validated form, kept in Accord's cache folder between runs.

Parsing the built-in talks' YAML and validating it is most of what ``accord forecast`` waits
for before any model runs; the result never changes while neither the file nor the code that
reads it does. So the validated scenario is kept as JSON (pydantic's own dump, which validates
back to an equal model in a few milliseconds, without a YAML parser), in the cache folder of
:func:`accord._cache.cache_dir` (``ACCORD_CACHE_DIR``, else ``$XDG_CACHE_HOME/accord``, else
``~/.cache/accord``).

An entry is found by its key, :func:`entry_key`: the SHA-256 of the YAML file's bytes together
with a fingerprint of the code that turns them into a scenario (every module of
``accord.scenario``, ``accord.errors``, Accord's and pydantic's versions). An edited file or an
edited reader has another key, so an entry is never stale. Each entry starts with one line of
JSON (key, scenario id, SHA-256 of the rest) and the rest is the scenario: a truncated, edited
or foreign file fails one of these checks, is ignored (the YAML is read as before) and is
written again. Any problem with the cache folder is the same as having no cache.

Only the built-ins are kept: a user's file is read afresh every time, so that its errors are
reported with their file, line and field exactly as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - for type checkers only
    from accord.scenario.model import Scenario

#: Changes when the layout of an entry changes (older entries then have another key).
ENTRY_FORMAT = 1


@lru_cache(maxsize=1)
def code_fingerprint() -> bytes:
    """SHA-256 of what decides how a YAML file becomes a scenario: the source of every module
    of ``accord.scenario`` (readers, model, validators), ``accord.errors``, Accord's version and
    pydantic's. A change to any of them gives every entry another key."""
    import pydantic
    import pydantic_core

    package = Path(__file__).resolve().parents[2]   # src/accord
    files = sorted((package / "scenario").rglob("*.py"))
    files += [package / "errors.py", package / "_version.py"]
    h = hashlib.sha256(f"pydantic {pydantic.VERSION} {pydantic_core.__version__}\n".encode())
    for path in files:
        h.update(path.relative_to(package).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.digest()


def entry_key(yaml_bytes: bytes) -> str:
    """The key of the entry for a built-in file with these bytes, under the code running now.

    >>> entry_key(b"id: x") == entry_key(b"id: x") != entry_key(b"id: y")
    True
    """
    h = hashlib.sha256(f"accord built-in scenario, entry format {ENTRY_FORMAT}\n".encode())
    h.update(hashlib.sha256(yaml_bytes).digest())
    h.update(code_fingerprint())
    return h.hexdigest()


def entry_path(scenario_id: str) -> Path | None:
    """Where the entry of a built-in is kept (one per scenario), or None without a cache."""
    from accord._cache import cache_dir

    root = cache_dir()
    return None if root is None else root / f"scenario-{scenario_id}.json"


def read_validated(scenario_id: str, key: str) -> "Scenario | None":
    """The scenario kept for ``scenario_id`` under ``key``, or None (no cache, no entry, an
    entry for other bytes or other code, or one that fails its checksum or validation).

    Parameters
    ----------
    scenario_id : str
        The built-in's id.
    key : str
        :func:`entry_key` of the file's bytes.

    Returns
    -------
    Scenario or None
    """
    path = entry_path(scenario_id)
    if path is None:
        return None
    # Any failure here (unreadable folder, bad JSON, a payload pydantic rejects) means "read the
    # YAML": the cache may only make loading faster, never make it fail.
    try:
        raw = path.read_bytes()
        header, _, payload = raw.partition(b"\n")
        meta = json.loads(header)
        if not (isinstance(meta, dict) and meta.get("key") == key
                and meta.get("id") == scenario_id
                and meta.get("payload_sha256") == hashlib.sha256(payload).hexdigest()):
            return None
        from accord.scenario.model import Scenario

        scenario = Scenario.model_validate_json(payload)
    except Exception:  # noqa: BLE001 - see above
        return None
    return scenario if scenario.id == scenario_id else None


def keep_validated(scenario_id: str, key: str, scenario: "Scenario") -> None:
    """Keep ``scenario`` as the entry of ``scenario_id`` under ``key`` (written whole, through
    a temporary file and a rename, or not at all; silently nothing when the folder cannot be
    written)."""
    path = entry_path(scenario_id)
    if path is None:
        return
    payload = scenario.model_dump_json().encode("utf-8")
    header = json.dumps({"key": key, "id": scenario_id,
                         "payload_sha256": hashlib.sha256(payload).hexdigest()})
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(header.encode("utf-8") + b"\n" + payload)
        tmp.replace(path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
