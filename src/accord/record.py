"""The run record: what produced an output, built in one place for every JSON Accord writes.

Every result Accord writes as JSON — ``accord forecast``, ``accord deals``, ``accord simulate``,
ensembles and sensitivity analyses, the stored runs of the web workbench — carries the same
record under the key ``"run"``: the command, the scenario's id and content hash (SHA-256 of
its canonical JSON, :meth:`accord.scenario.model.Scenario.content_hash`), the parameters, the
seed (``None`` where nothing is random) and Accord's version, plus what the command adds (the
models of a forecast; the size and chunk size of an ensemble). With the same scenario
content, parameters, seed and version, the rest of the output is byte-identical
(``docs/randomness.md``).

>>> import accord
>>> rec = run_record("forecast", accord.load("ec-emissions-1994"), seed=0, params={},
...                  models=["compromise"])
>>> list(rec)
['command', 'scenario', 'scenario_hash', 'models', 'params', 'seed', 'accord_version']
>>> rec["scenario"], len(rec["scenario_hash"])
('ec-emissions-1994', 64)
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

RECORD_KEYS = ("command", "scenario", "scenario_hash", "models", "model", "params", "seed",
               "accord_version")


def run_record(command: str, scenario=None, *, params: Mapping[str, Any] | None = None,
               seed: int | None = None, models: Sequence[str] | None = None,
               model: str | None = None, **extra: Any) -> dict[str, Any]:
    """The run record of one command's output (see the module docstring).

    Parameters
    ----------
    command : str
        What produced the output: ``"forecast"``, ``"deals"``, ``"simulate"``, ``"ensemble"``,
        ``"sensitivity"``…
    scenario : Scenario, optional
        The scenario it ran on (its id and content hash are recorded).
    params : mapping, optional
        Every parameter that shaped the output, JSON-able (``{}`` when there are none).
    seed : int, optional
        The seed of its random streams (:mod:`accord.randomness`); ``None`` if it draws nothing.
    models, model : optional
        The models of a forecast, or the one model of an ensemble.
    **extra
        What the command adds (an ensemble's ``n`` and ``chunk_size``), after the above.

    Returns
    -------
    dict
        JSON-able, keys in a fixed order, so that equal runs give equal bytes.

    Examples
    --------
    >>> run_record("simulate", seed=3, params={"rounds": 10})["seed"]
    3
    """
    from accord._version import __version__

    record: dict[str, Any] = {"command": command}
    if scenario is not None:
        record["scenario"] = scenario.id
        record["scenario_hash"] = scenario.content_hash()
    if models is not None:
        record["models"] = list(models)
    if model is not None:
        record["model"] = model
    record["params"] = dict(params or {})
    record["seed"] = seed
    record.update(extra)
    record["accord_version"] = __version__
    return record
