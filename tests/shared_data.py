"""Where the shared test data is: ``ACCORD_SHARED``, else ``../shared`` beside the repository.

The shared folder holds the inputs and oracles the tests check Accord against (KTAB's logs,
decide-exchange-model runs, NegMAS outputs, the seed articles). Tests find it only through
here, never through an absolute path:

- ``shared_path("data", "ktab")`` — the path, for module-level constants and parametrize lists;
- ``needs_shared("data/ktab/SOE-Pol-Comp.csv", ...)`` — a mark saying a test needs those
  files; when one is missing the test is skipped on a developer's machine and **fails in CI**
  (``CI`` set to anything but ``""``, ``0``, ``false`` or ``no``), so an oracle test can never
  silently stop testing;
- ``require_shared(*parts)`` — the same check inside a test or fixture, returning the path;
- the ``shared_data`` fixture (``tests/conftest.py``) — the folder itself, checked likewise.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def shared_root() -> Path:
    """``$ACCORD_SHARED`` if set, else the ``shared`` folder beside the repository root."""
    env = os.environ.get("ACCORD_SHARED")
    return Path(env).expanduser().resolve() if env else (REPO.parent / "shared").resolve()


def shared_path(*parts: str) -> Path:
    """A path inside the shared folder (not checked: see :func:`needs_shared`)."""
    return shared_root().joinpath(*parts)


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def missing(*parts: str) -> str | None:
    """Why the shared path ``parts`` cannot be used, or None when it exists."""
    path = shared_path(*parts)
    if path.exists():
        return None
    return (f"shared test data {path} is missing (set ACCORD_SHARED to the shared folder, or put "
            f"it at {REPO.parent / 'shared'})")


def require_shared(*parts: str) -> Path:
    """The shared path ``parts``; skip the test when it is missing, fail it in CI."""
    why = missing(*parts)
    if why is not None:
        if in_ci():
            pytest.fail(why, pytrace=False)
        pytest.skip(why)
    return shared_path(*parts)


def needs_shared(*paths: str) -> pytest.MarkDecorator:
    """Mark a test (or a module, as ``pytestmark``) as needing these shared paths, each given
    relative to the shared folder ("data/ktab", "oracles/negmas/dinner_oracle.json")."""
    return pytest.mark.shared_data(*paths)
