"""YAML, the authoring format: human-editable, diffable, and validated with located errors.

Errors name the file, the line, the field path, what was wrong and what is expected:

    talks.yaml:42: stances[3].salience: 1.7 is outside [0, 1]; expected a number in [0, 1]

Round trip: ``load(save(load(f))) == load(f)``.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from accord.errors import ScenarioError
from accord.scenario.io import Format, register_format
from accord.scenario.io.files import read_text
from accord.scenario.io.trees import MAX_DEPTH, check_document
from accord.scenario.model import Scenario

_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def parse_field_path(field: str) -> tuple:
    """``'stances[3].salience'`` → ``('stances', 3, 'salience')``."""
    parts: list = []
    for name, index in _PATH_PART.findall(field):
        parts.append(int(index) if index else name)
    return tuple(parts)


def format_field_path(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def line_of(tree: Any, loc: tuple) -> int | None:
    """1-based line of the deepest node of ``loc`` that exists in a ruamel round-trip tree."""
    node, line = tree, None
    for part in loc:
        try:
            if isinstance(node, CommentedMap) and part in node:
                line = node.lc.key(part)[0] + 1
                node = node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
                line = node.lc.item(part)[0] + 1
                node = node[part]
            else:
                break
        except (AttributeError, KeyError, TypeError, IndexError):
            break
    if line is None and hasattr(tree, "lc"):
        line = tree.lc.line + 1
    return line


def _plain(node: Any) -> Any:
    """ruamel's commented containers → plain dicts and lists (dates stay dates)."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if type(node).__name__ == "ScalarFloat":
        return float(node)
    if type(node).__name__ in ("ScalarInt", "ScalarBoolean"):
        return int(node) if type(node).__name__ == "ScalarInt" else bool(node)
    if hasattr(node, "__class__") and node.__class__.__name__ in ("LiteralScalarString",
                                                                  "FoldedScalarString",
                                                                  "DoubleQuotedScalarString",
                                                                  "SingleQuotedScalarString"):
        return str(node)
    if type(node).__name__ == "TimeStamp":
        return node.date() if (node.hour, node.minute, node.second) == (0, 0, 0) else node
    return node


def _expected(err: dict) -> str:
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    msg = err.get("msg", "invalid value")
    got = err.get("input")
    shown = repr(got) if not isinstance(got, (dict, list)) else type(got).__name__
    if kind == "extra_forbidden":
        return f"unknown key {err['loc'][-1]!r}; expected only the documented keys of this entry"
    if kind == "missing":
        return f"required key {err['loc'][-1]!r} is missing"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return f"{shown} is out of range; {msg.lower()}"
    if kind == "finite_number":
        return f"{shown} is not a finite number; expected a real number (no NaN or infinity)"
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return f"{shown} has the wrong type; {msg.lower()}"
    if kind == "literal_error":
        return f"{shown} is not allowed; expected {msg.removeprefix('Input should be ')}"
    if kind == "value_error":
        return str(ctx.get("error", msg))
    return f"{shown}: {msg}"


def validation_errors(exc: ValidationError, tree: Any, file: str | None) -> list[ScenarioError]:
    out = []
    for err in exc.errors():
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        out.append(ScenarioError(format_field_path(loc) or None, _expected(err), file=file,
                                 line=line_of(tree, loc)))
    return out


def read_tree(text: str, file: str | None):
    yaml = YAML(typ="rt")
    try:
        tree = yaml.load(text)
    except RecursionError:
        raise ScenarioError(None, f"nested too deeply to read; expected a scenario's few levels "
                            f"(at most {MAX_DEPTH})", file=file) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = (exc.problem or "not valid YAML").strip()
        raise ScenarioError(None, f"YAML syntax error: {problem}; expected valid YAML",
                            file=file, line=line) from None
    except Exception as exc:  # ruamel raises a few unmarked errors (e.g. duplicate keys)
        raise ScenarioError(None, f"YAML error: {str(exc).splitlines()[0]}", file=file) from None
    # Aliases are references until something walks the tree: bound what they stand for before
    # anything does (accord.scenario.io.trees; a "billion laughs" file is 800 bytes).
    try:
        check_document(tree, file)
    except ScenarioError as exc:
        line = line_of(tree, parse_field_path(exc.field)) if exc.field else None
        raise exc.located(line=line) from None
    if tree is None:
        raise ScenarioError(None, "the file is empty; expected a scenario with id, title, actors, "
                            "issues and stances", file=file, line=1)
    if not isinstance(tree, dict):
        raise ScenarioError(None, f"the top level is a {type(_plain(tree)).__name__}; expected a "
                            "mapping with id, title, actors, issues and stances", file=file, line=1)
    return tree


def scenario_from_yaml_text(text: str, file: str | None = None) -> Scenario:
    """Parse and validate; raise :class:`ScenarioError` (the first problem, located)."""
    tree = read_tree(text, file)
    try:
        return Scenario.model_validate(_plain(tree))
    except ValidationError as exc:
        errors = validation_errors(exc, tree, file)
        raise errors[0] from None
    except ScenarioError as exc:
        loc = parse_field_path(exc.field) if exc.field else ()
        raise exc.located(file=file, line=line_of(tree, loc)) from None


def all_problems(text: str, file: str | None = None) -> list[ScenarioError]:
    """Every schema problem at once (for editors and `accord validate`), [] when valid."""
    try:
        tree = read_tree(text, file)
        Scenario.model_validate(_plain(tree))
    except ScenarioError as exc:
        return [exc]
    except ValidationError as exc:
        return validation_errors(exc, tree, file)
    return []


def load_yaml(path: Path) -> Scenario:
    path = Path(path)
    return scenario_from_yaml_text(read_text(path), file=str(path))


def _clean(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in obj.items() if v not in (None, [], {})}
    if isinstance(obj, list):
        return [_clean(v) for v in obj]
    return obj


def scenario_to_yaml_text(scenario: Scenario) -> str:
    data = _clean(scenario.model_dump(mode="json", exclude_defaults=False))
    yaml = YAML()
    yaml.default_flow_style = False
    yaml.width = 100
    yaml.allow_unicode = True
    buf = io.StringIO()
    yaml.dump(data, buf)
    return buf.getvalue()


def save_yaml(scenario: Scenario, path: Path) -> None:
    # Write to a temporary file and rename: a failure never leaves a half-written scenario.
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(scenario_to_yaml_text(scenario), encoding="utf-8")
    tmp.replace(path)


def _sniff(path: Path, head: str) -> bool:
    if path.suffix.lower() in (".yaml", ".yml"):
        return True
    return bool(re.search(r"^(id|title|actors|issues|stances):", head, flags=re.M))


register_format(Format("yaml", (".yaml", ".yml"), _sniff, load_yaml, save_yaml,
                       "Accord's own scenario format", priority=10))
