"""YAML, the authoring format: human-editable, diffable, and validated with located errors.

Errors name the file, the line, the field path, what was wrong and what is expected:

    talks.yaml:42: stances[3].salience: 1.7 is outside [0, 1]; expected a number in [0, 1]

Round trip: ``load(save(load(f))) == load(f)``.

Two parsers, one meaning. A valid file is read by libyaml through PyYAML's C loader
(:func:`fast_plain`, about 20× faster than a round-trip parse: 13 ms against 277 ms for the
89 KiB built-in talks), with YAML 1.2's scalar rules as ruamel applies them (``no`` and ``on``
are strings, ``1e3`` is a number). Anything the fast path cannot decide exactly as ruamel does —
a duplicate key, a merge key, an octal or underscored number, a timestamp with a time, a
``%YAML`` directive, a syntax error — and any file that fails validation are read again by
ruamel's round-trip parser, which alone knows every node's line: error messages are located
exactly as before. Aliases may not expand past :data:`MAX_NODES` nodes (a "billion laughs"
file is refused before anything walks it), nor refer to themselves. A scenario is plain data:
an explicit tag other than YAML's own plain ones (``!!python/object…``, ``!custom``) is refused
with its line (:func:`check_tags`).
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from accord.errors import ScenarioError
from accord.scenario.io import Format, register_format
from accord.scenario.io.files import read_text
from accord.scenario.io.sniffers import sniff_yaml as _sniff
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
    from ruamel.yaml.comments import CommentedMap, CommentedSeq  # ruamel only to locate

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
    if kind == "too_short" and isinstance(got, list):
        # pydantic's "List should have at least 1 item after validation, not 0"
        n = ctx.get("min_length", 1)
        return (f"{len(got)} entr{'y' if len(got) == 1 else 'ies'}; expected at least {n} "
                f"entr{'y' if n == 1 else 'ies'}")
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


#: The explicit tags a scenario may carry: YAML's own for plain values, which change nothing
#: a plain scalar or collection could not say.
PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{t}"
                       for t in ("str", "int", "float", "bool", "null", "map", "seq"))
# Where a tag could start: "!" after a blank or flow indicator, or a %TAG directive. Only a file
# with one is parsed for events (a "!" inside a quoted or plain scalar is then let through).
_TAG_HINT = re.compile(r"(?:^|[\s\[\]{},:?-])!|^%TAG", re.M)


def _shown_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag


def check_tags(text: str, file: str | None = None) -> None:
    r"""Refuse a document with an explicit tag other than :data:`PLAIN_TAGS`, naming its line.

    ruamel's round-trip parser keeps unknown tags as tagged objects, so a ``!!python/…`` node
    reached validation and was refused for a wrong reason ("list has the wrong type", a
    missing title); a scenario has no use for tags, and one naming a Python object is a file
    that was never a scenario.

    >>> check_tags("id: x\ntitle: !!str 1994\n")        # YAML's own plain tags are data
    >>> try:
    ...     check_tags("id: x\ntitle: !!python/object/apply:os.system [ls]\n", "x.yaml")
    ... except ScenarioError as exc:
    ...     print(exc.format()[:74])
    x.yaml:2: YAML tag '!!python/object/apply:os.system': tags are not allowed
    """
    if not _TAG_HINT.search(text):
        return
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        for event in yaml.parse(text, Loader=loader):
            tag = getattr(event, "tag", None)
            if tag is not None and tag not in PLAIN_TAGS:
                raise ScenarioError(None, f"YAML tag {_shown_tag(tag)!r}: tags are not allowed in "
                                    "a scenario; expected plain values "
                                    "(mappings, lists, strings, numbers, dates) without a tag",
                                    file=file, line=event.start_mark.line + 1)
    except yaml.YAMLError:
        return  # a syntax error: ruamel says where, with its own words


def read_tree(text: str, file: str | None):
    """ruamel's round-trip tree of ``text``, which knows every node's line."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError

    check_tags(text, file)
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
        bad = _impossible_date(text) if isinstance(exc, ValueError) else None
        if bad is not None:  # YAML reads 2025-02-30 as a date, and the calendar refuses it
            line, key, value = bad
            raise ScenarioError(key, f"{value} is not a date ({str(exc).splitlines()[0]}); "
                                "expected YYYY-MM-DD, a day that exists", file=file,
                                line=line) from None
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


#: Most nodes a document may have once its aliases are expanded (the built-in talks have ~8,000).
MAX_NODES = 1_000_000


_DATE_ITEM = re.compile(r"(?:([\w-]+)\s*:\s*)?(?<![\w.-])(\d{4})-(\d\d?)-(\d\d?)(?![\w.-])")


def _impossible_date(text: str) -> tuple[int, str, str] | None:
    """(line, key, value) of the first ``key: YYYY-MM-DD`` whose day does not exist."""
    import datetime as dt

    for n, line in enumerate(text.splitlines(), 1):
        for m in _DATE_ITEM.finditer(line):
            try:
                dt.date(*map(int, m.groups()[1:]))
            except ValueError:
                return n, m.group(1) or "date", "-".join(m.groups()[1:])
    return None


class _Undecided(Exception):
    """The fast path met something only the round-trip parser reads exactly as before."""


# YAML 1.2 core schema as ruamel resolves plain scalars (the regexes of ruamel.yaml.resolver
# for version (1, 2)); what a regex accepts but the plain forms below do not goes to ruamel.
_RESOLVERS_1_2 = [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:float", r"""^(?:
         [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""", "-+0123456789."),
    ("tag:yaml.org,2002:int", r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$""", "-+0123456789"),
    ("tag:yaml.org,2002:merge", r"^(?:<<)$", "<"),
    ("tag:yaml.org,2002:null", r"^(?: ~ |null|Null|NULL | )$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:timestamp", r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
        (?:[Tt]|[ \t]+)[0-9][0-9]?
        :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""", "0123456789"),
    ("tag:yaml.org,2002:value", r"^(?:=)$", "="),
]
_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_PLAIN_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*(?:[eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+"
                          r"|\.[0-9]+(?:[eE][-+][0-9]+)?)")
_PLAIN_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def _fast_loader_class():
    """PyYAML's C loader with YAML 1.2 scalars; built on first use (PyYAML loads lazily)."""
    global _FAST_LOADER
    if _FAST_LOADER is not None:
        return _FAST_LOADER
    import datetime as dt

    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader where libyaml is built

    class FastLoader(base):
        yaml_implicit_resolvers: dict = {}
        yaml_constructors = dict(base.yaml_constructors)

        def construct_yaml_int(self, node):
            value = self.construct_scalar(node)
            if not _PLAIN_INT.fullmatch(value):
                raise _Undecided(value)
            return int(value)

        def construct_yaml_float(self, node):
            value = self.construct_scalar(node)
            if not _PLAIN_FLOAT.fullmatch(value):
                raise _Undecided(value)
            return float(value)

        def construct_yaml_timestamp(self, node):
            m = _PLAIN_DATE.fullmatch(self.construct_scalar(node))
            if m is None:
                raise _Undecided("timestamp")
            try:
                return dt.date(*map(int, m.groups()))
            except ValueError:  # 2025-02-30: the validating path names the line and field
                raise _Undecided("timestamp") from None

        def construct_undecided(self, node):
            raise _Undecided(node.tag)

        def flatten_mapping(self, node):
            for key, _ in node.value:
                if key.tag in ("tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"):
                    raise _Undecided(key.tag)

        def construct_mapping(self, node, deep=False):
            self.flatten_mapping(node)
            mapping = {}
            for key_node, value_node in node.value:
                key = self.construct_object(key_node, deep=deep)
                if not isinstance(key, str) or key in mapping:
                    raise _Undecided("key")  # ruamel names the duplicate and its line
                mapping[key] = self.construct_object(value_node, deep=deep)
            return mapping

    for tag, pattern, first in _RESOLVERS_1_2:
        FastLoader.add_implicit_resolver(tag, re.compile(pattern, re.X), list(first))
    for tag, method in [("int", FastLoader.construct_yaml_int),
                        ("float", FastLoader.construct_yaml_float),
                        ("timestamp", FastLoader.construct_yaml_timestamp),
                        ("set", FastLoader.construct_undecided),
                        ("omap", FastLoader.construct_undecided),
                        ("pairs", FastLoader.construct_undecided),
                        ("binary", FastLoader.construct_undecided)]:
        FastLoader.add_constructor(f"tag:yaml.org,2002:{tag}", method)
    _FAST_LOADER = FastLoader
    return FastLoader


_FAST_LOADER = None


def check_expansion(root, file: str | None = None, limit: int = MAX_NODES) -> None:
    r"""Refuse a node graph whose aliases expand to more than ``limit`` nodes, or that refers
    to itself (``&a [*a]``): either would make every later walk of it blow up.

    >>> import yaml
    >>> bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    ...     f"{k}: &{k} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
    ...     for p, k in zip("abcdefgh", "bcdefghi"))
    >>> check_expansion(yaml.compose(bomb, Loader=yaml.SafeLoader), "bomb.yaml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    accord.errors.ScenarioError: bomb.yaml:6: YAML aliases expand this document past 1,000,000 nodes; ...

    (``f``, on line 6, is the first node past the limit: 1 + 10 · 111,111 = 1,111,111 nodes.)
    """
    sizes: dict[int, int] = {}
    open_: set[int] = set()

    def size(node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_:
            raise ScenarioError(None, "a YAML alias refers to the node that contains it; "
                                "expected a scenario without recursive aliases", file=file,
                                line=node.start_mark.line + 1)
        open_.add(key)
        total = 1
        if isinstance(node.value, list):
            for item in node.value:
                if isinstance(item, tuple):
                    total += size(item[0]) + size(item[1])
                else:
                    total += size(item)
                if total > limit:
                    raise ScenarioError(None, f"YAML aliases expand this document past "
                                        f"{limit:,} nodes; expected a scenario without alias "
                                        "bombs", file=file, line=node.start_mark.line + 1)
        open_.discard(key)
        sizes[key] = total
        return total

    size(root)


def fast_plain(text: str, file: str | None = None) -> Any:
    r"""The document as plain Python data through the C parser, or None when only the
    round-trip parser can read it exactly (see the module docstring).

    >>> fast_plain("answer: no\nshare: 1e3\nwhen: 2026-01-30\n")
    {'answer': 'no', 'share': 1000.0, 'when': datetime.date(2026, 1, 30)}
    >>> fast_plain("a: 1\na: 2\n") is None        # a duplicate key: ruamel says where
    True
    """
    import yaml

    if re.search(r"^%YAML", text, flags=re.M):
        return None  # a version directive changes the scalar rules: ruamel applies it
    loader = _fast_loader_class()(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        check_expansion(node, file)
        return loader.construct_document(node)
    except (_Undecided, yaml.YAMLError, RecursionError):
        return None
    finally:
        loader.dispose()


def scenario_from_yaml_text(text: str, file: str | None = None) -> Scenario:
    """Parse and validate; raise :class:`ScenarioError` (the first problem, located)."""
    plain = fast_plain(text, file)
    if isinstance(plain, dict):
        try:
            check_document(plain, file)  # depth, control characters (lines from ruamel below)
            return Scenario.model_validate(plain)
        except (ValidationError, ScenarioError):
            pass  # read it again below, with every node's line, to say where
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
    from ruamel.yaml import YAML

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


register_format(Format("yaml", (".yaml", ".yml"), _sniff, load_yaml, save_yaml,
                       "Accord's own scenario format", priority=10))
