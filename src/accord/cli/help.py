"""Option help that names what the option accepts: model names, parameter names.

``--model`` should list the models and ``--param`` their parameters, but the list lives in the
model registry, which imports NumPy and every model module (hundreds of milliseconds). The
help strings therefore hold placeholders — ``{models}``, ``{params}``, ``{ensemble_models}``,
``{smp_params}`` — that :func:`fill` replaces only when help is shown, and only in the command
whose help is asked for; every other run never pays for them. The texts are kept in the cache
folder (``ACCORD_CACHE_DIR``, default ``~/.cache/accord``) under a hash of the model modules'
source, so after the first time a command's help imports no NumPy either.

The option descriptions every command shares are here too, so they read the same everywhere.
"""

from __future__ import annotations

SCENARIO_HELP = ("built-in scenario id (see `accord scenarios`) or a scenario file: YAML, KTAB "
                 "CSV/XML, decide CSV, Actor,Capability,Position,Salience CSV, GeniusWeb JSON")
MODEL_HELP = "model to run (repeatable; default: every model of the default forecast): {models}"
ONE_MODEL_HELP = "the model to run: {models}"
ENSEMBLE_MODEL_HELP = "the model each variant runs: {ensemble_models}"
PARAM_HELP = ("MODEL.NAME=VALUE, a model parameter other than its paper's default "
              "(repeatable); parameters: {params}")
FORMAT_HELP = "table (to read), json (everything, for programs) or csv (one row per number)"
TABLE_JSON_HELP = "table (to read) or json (everything, for programs)"
SEED_HELP = "seed of the run's random numbers: the same seed gives the same output"


def _models() -> list:
    from accord.models.base import available_models

    return available_models()


def _param_names(spec) -> list[str]:
    import dataclasses

    return [f.name for f in dataclasses.fields(spec.params)]


def models_text() -> str:
    return ", ".join(f"{m.name} ({m.title})" for m in _models())


def ensemble_models_text() -> str:
    return models_text() + ", deals (the deal solver: zone of agreement and deals)"


def params_text() -> str:
    parts = []
    for m in _models():
        names = _param_names(m)
        parts.append(f"{m.name}: {', '.join(names) if names else 'none'}")
    return "; ".join(parts)


def smp_params_text() -> str:
    from accord.models.base import get_model
    from accord.models.smp import KTAB_PARAM_NAMES

    accord_names = _param_names(get_model("smp"))
    return (f"Accord's names: {', '.join(accord_names)}; KTAB's names: "
            f"{', '.join(sorted(KTAB_PARAM_NAMES))}")


PLACEHOLDERS = {"models": models_text, "params": params_text,
                "ensemble_models": ensemble_models_text, "smp_params": smp_params_text}


def _cache_name() -> str:
    """The cache entry's name for this version of the model modules."""
    import hashlib
    import importlib.util
    from pathlib import Path

    from accord._version import __version__

    digest = hashlib.sha256(__version__.encode())
    # Found, not imported: importing accord.models imports NumPy.
    models_dir = Path(importlib.util.find_spec("accord.models").origin).parent
    for path in sorted(models_dir.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return f"help-{digest.hexdigest()[:24]}.json"


def placeholder_texts() -> dict[str, str]:
    """Every placeholder's text, from the cache when the model modules are unchanged."""
    from accord._cache import read_json, write_json

    name = _cache_name()
    texts = read_json(name)
    if not isinstance(texts, dict):
        texts = {key: make() for key, make in PLACEHOLDERS.items()}
        write_json(name, texts)
    return texts


def _command_of(root, argv: list[str]):
    """The (sub)command ``argv`` names: ``["evidence", "add", "--help"]`` → evidence add."""
    cmd = root
    for token in argv:
        if token.startswith("-"):
            break
        sub = getattr(cmd, "commands", {}).get(token)
        if sub is None:
            break
        cmd = sub
    return cmd


def fill(root, argv: list[str]) -> None:
    """Replace the placeholders in the help of the command ``argv`` asks help for."""
    if "--help" not in argv:
        return
    cmd = _command_of(root, argv)
    texts = None
    for param in getattr(cmd, "params", []):
        text = getattr(param, "help", None)
        if not text or "{" not in text:
            continue
        texts = texts or placeholder_texts()
        for key, value in texts.items():
            text = text.replace("{" + key + "}", value)
        param.help = text
