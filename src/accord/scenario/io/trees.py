"""Bounds on a parsed YAML or JSON document, checked before anything walks it.

A YAML parser builds an alias (``*a``) as a second reference to the anchored node, so an
800-byte file of nested aliases ("billion laughs") parses into a few dozen objects — and
expands to 10⁹ values the moment anything walks it as a tree: converting it to plain data,
validating it, dumping it. :func:`check_document` counts the values the document stands for
*as a tree* without expanding it (each distinct node once, with its expanded size remembered),
and refuses a document that stands for more than :data:`MAX_VALUES` values, nests deeper than
:data:`MAX_DEPTH` levels, or contains itself (``&a [*a]``). It works on what any loader
returns — ruamel's round-trip containers, PyYAML's or the C-accelerated loader's dicts and
lists, ``json.loads`` output — so the guard holds whichever parser read the text. It also
refuses a text value holding a control character (a YAML ``"\\e"`` or a JSON ``"\\u001b"``
escape is an ESC all the same), naming the field.

>>> check_document({"a": [1, 2, {"b": 3}]}, "s.yaml")  # {}, a, [], 1, 2, {}, b, 3
8
>>> x = [0] * 10
>>> bomb = [x] * 10
>>> for _ in range(6):
...     bomb = [bomb] * 10
>>> check_document({"lol": bomb}, "s.yaml")
Traceback (most recent call last):
...
accord.errors.ScenarioError: s.yaml: the document stands for more than 1,000,000 values once its
aliases are expanded; expected a scenario without aliases that multiply (a "billion laughs" file?)
"""

from __future__ import annotations

from accord.errors import ScenarioError
from accord.scenario.io.files import CONTROL, control_message

#: Values (mappings, sequences, keys and scalars) a document may stand for once its aliases are
#: expanded. The 2026 talks, the largest built-in scenario, has about 6,000.
MAX_VALUES = 1_000_000
#: Levels of nested mappings and sequences. A scenario nests six deep (deal_space → issues →
#: options → values → …); Python's own recursion limit is about 1,000 frames.
MAX_DEPTH = 64


def _children(node) -> list | None:
    if isinstance(node, dict):
        return list(node.items())
    if isinstance(node, (list, tuple)):
        return list(enumerate(node))
    return None


def _path(stack, key) -> str:
    parts = [frame[4] for frame in stack[1:]] + [key]
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out


def _check_text(value, stack, key, file) -> None:
    if isinstance(value, str):
        control = CONTROL.search(value)
        if control:
            raise ScenarioError(_path(stack, key) or None, control_message(control.group()),
                                file=file)


def check_document(document, file: str | None, *, max_values: int = MAX_VALUES,
                   max_depth: int = MAX_DEPTH) -> int:
    """The number of values ``document`` stands for as a tree; a located
    :class:`~accord.errors.ScenarioError` past the bounds of the module docstring."""
    sizes: dict[int, int] = {}       # id of a finished container → its expanded size
    # A stack of [container, its children, next child, size so far]; no recursion.
    root_children = _children(document)
    if root_children is None:
        return 1
    on_path = {id(document)}
    stack = [[document, root_children, 0, 1 + (len(document) if isinstance(document, dict)
                                                else 0), None]]
    while True:
        frame = stack[-1]
        node, children, k, size, _ = frame
        if k < len(children):
            frame[2] = k + 1
            key, child = children[k]
            _check_text(key, stack, key, file)
            _check_text(child, stack, key, file)
            grandchildren = _children(child)
            if grandchildren is None:
                frame[3] += 1
            elif id(child) in sizes:
                frame[3] += sizes[id(child)]
            elif id(child) in on_path:
                raise ScenarioError(None, "the document contains itself (an alias inside its own "
                                    "anchor); expected a scenario without recursive aliases",
                                    file=file)
            else:
                if len(stack) >= max_depth:
                    raise ScenarioError(None, f"nested more than {max_depth} levels deep; "
                                        "expected a scenario's few levels of mappings and lists",
                                        file=file)
                on_path.add(id(child))
                stack.append([child, grandchildren, 0,
                              1 + (len(child) if isinstance(child, dict) else 0), key])
                continue
        else:
            stack.pop()
            on_path.discard(id(node))
            sizes[id(node)] = size
            if not stack:
                total = size
                break
            stack[-1][3] += size
        if stack[-1][3] > max_values:
            raise ScenarioError(None, f"the document stands for more than {max_values:,} values "
                                "once its aliases are expanded; expected a scenario without "
                                "aliases that multiply (a \"billion laughs\" file?)", file=file)
    if total > max_values:
        raise ScenarioError(None, f"the document stands for more than {max_values:,} values "
                            "once its aliases are expanded; expected a scenario without aliases "
                            "that multiply (a \"billion laughs\" file?)", file=file)
    return total
