"""XML for the scenario readers (KTAB, GENIUS): an element tree with line numbers, read safely.

What the standard library's parsers leave to the caller, and this module refuses or bounds:

- **Entity declarations** (``<!ENTITY …>``): a 3 KB document of nested entities expands to
  gigabytes ("billion laughs"). Scenario formats have no use for them; a document that declares
  one is refused with its line.
- **External entities and skipped entities**: never fetched, never silently dropped — a
  reference to one is refused with its line.
- **Text**: gathered in pieces and joined once per element, so a long text costs linear time
  (appending to a string per parser callback made a valid 1.6 MB KTAB file take minutes).
- **Size**: the file is read through :func:`accord.scenario.io.files.read_bytes`, with its
  bound and its messages.

Encodings are the XML rules (expat's): UTF-8, UTF-16 with a byte-order mark, or what the XML
declaration names.

>>> import pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "a.xml"
>>> _ = path.write_text("<a>\\n  <b x='1'>one</b>\\n  <b>two</b>\\n</a>\\n")
>>> root = parse_xml(path, "a test document")
>>> [(b.get("x"), b.text, b.line) for b in root.findall("b")]
[('1', 'one', 2), (None, 'two', 3)]
>>> _ = path.write_text('<!DOCTYPE a [<!ENTITY x "xx">]><a>&x;</a>')
>>> parse_xml(path, "a test document")
Traceback (most recent call last):
...
accord.errors.ScenarioError: ...a.xml:1: declares the entity 'x'; expected a test document
without entity declarations (they can expand without bound)
"""

from __future__ import annotations

import re
import xml.parsers.expat
from pathlib import Path
from typing import Iterator

from accord.errors import ScenarioError
from accord.scenario.io.files import (CONTROL, control_message, decode_text, encoding_of,
                                     read_bytes)


class XmlNode:
    """One element: ``tag``, ``attrs``, ``line`` (1-based), ``text`` and ``children``."""

    __slots__ = ("tag", "attrs", "line", "children", "text", "_parts")

    def __init__(self, tag: str, attrs: dict[str, str], line: int):
        self.tag, self.attrs, self.line = tag, attrs, line
        self.children: list[XmlNode] = []
        self.text = ""
        self._parts: list[str] = []

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.attrs.get(name, default)

    def findall(self, tag: str) -> list["XmlNode"]:
        """The children named ``tag``."""
        return [c for c in self.children if c.tag == tag]

    def find(self, tag: str) -> "XmlNode | None":
        """The first child named ``tag``."""
        return next((c for c in self.children if c.tag == tag), None)

    def iter(self, tag: str | None = None) -> Iterator["XmlNode"]:
        """This element and every descendant (named ``tag``), in document order, without
        recursion (a deeply nested file cannot exhaust Python's stack)."""
        stack = [self]
        while stack:
            node = stack.pop()
            if tag is None or node.tag == tag:
                yield node
            stack.extend(reversed(node.children))

    def find_deep(self, tag: str) -> "XmlNode | None":
        """The first descendant named ``tag`` (``.//tag``)."""
        return next((n for n in self.iter(tag) if n is not self), None)


_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._\-]+)["']""")


_UTF16_XML = (b"<\x00?\x00", b"\x00<\x00?")


def _check_utf8(data: bytes, file: str) -> None:
    """A document in UTF-8 (no byte-order mark for another encoding, no other encoding
    declared) must be UTF-8: say which byte is not, where expat would only say "invalid token"."""
    if encoding_of(data)[0] != "utf-8" or data[:4] in _UTF16_XML:
        return  # a BOM, or UTF-16 without one, which XML tells from "<?" (XML 1.0, F.1)
    declared = _DECLARED.match(data)
    if declared and declared.group(1).lower().replace(b"_", b"-") not in (b"utf-8", b"utf8"):
        return
    decode_text(data, file)


class _Refused(Exception):
    def __init__(self, message: str, line: int):
        self.message, self.line = message, line


def parse_xml(path: str | Path, what: str, *, data: bytes | None = None) -> XmlNode:
    """The root element of the XML file ``path``; a located :class:`ScenarioError` if it is not
    well-formed or uses what the module docstring refuses. ``what`` names the expected document
    in messages ("a KTAB <Scenario> document"); ``data``, when given, is the file's content
    (already read)."""
    path = Path(path)
    data = read_bytes(path) if data is None else data
    _check_utf8(data, str(path))
    codec, skip = encoding_of(data)
    if codec.startswith("utf-32"):  # expat reads UTF-8 and UTF-16 only: hand it UTF-8
        data = decode_text(data, str(path)).encode("utf-8")
        parser = xml.parsers.expat.ParserCreate("UTF-8")  # overrides the declaration
    else:
        parser = xml.parsers.expat.ParserCreate()
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True
    roots: list[XmlNode] = []
    stack: list[XmlNode] = []

    def refuse(message: str):
        raise _Refused(message, parser.CurrentLineNumber)

    def start(tag, attrs):
        for value in attrs.values():
            control = CONTROL.search(value)
            if control:
                refuse(f"<{tag}>: {control_message(control.group())}")
        node = XmlNode(tag, attrs, parser.CurrentLineNumber)
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)

    def end(tag):
        node = stack.pop()
        node.text, node._parts = "".join(node._parts), []
        control = CONTROL.search(node.text)
        if control:  # a character reference such as &#x9b; gets past the text check
            refuse(f"<{tag}>: {control_message(control.group())}")

    def chars(data):
        if stack:
            stack[-1]._parts.append(data)

    def entity_declared(name, is_parameter, *_):
        refuse(f"declares the entity {name!r}; expected {what} without entity declarations "
               "(they can expand without bound)")

    def external(context, base, system_id, public_id):
        refuse(f"refers to the external entity {system_id or public_id!r}, which is never read; "
               f"expected {what} with its content in the file")

    def skipped(name, is_parameter):
        refuse(f"uses the entity {name!r}, which is not defined in the file; expected {what} "
               "without entities")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.EntityDeclHandler = entity_declared
    parser.ExternalEntityRefHandler = external
    parser.SkippedEntityHandler = skipped
    try:
        parser.Parse(data, True)
    except _Refused as exc:
        raise ScenarioError(None, exc.message, file=str(path), line=exc.line) from None
    except (LookupError, ValueError):  # no codec of the name the declaration gives
        declared = _DECLARED.match(data)
        name = declared.group(1).decode("ascii", "replace") if declared else "?"
        raise ScenarioError(None, f"declares the encoding {name!r}, which is not known; expected "
                            "UTF-8 (or an encoding Python knows)", file=str(path), line=1) \
            from None
    except xml.parsers.expat.ExpatError as exc:
        why = xml.parsers.expat.errors.messages[exc.code]
        raise ScenarioError(None, f"not well-formed XML ({why}); expected {what}",
                            file=str(path), line=exc.lineno) from None
    if not roots:
        raise ScenarioError(None, f"no element; expected {what}", file=str(path), line=1)
    return roots[0]
