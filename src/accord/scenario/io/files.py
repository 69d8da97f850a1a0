"""A scenario file's bytes and text, read in one place with stated bounds.

Every reader gets its input through :func:`read_bytes` or :func:`read_text`, so what the disk
or the encoding does wrong — a directory where a file was expected, a file that cannot be
opened, a file over :data:`MAX_INPUT_BYTES`, bytes that are not text — becomes one located
:class:`~accord.errors.ScenarioError` (``file:line: what was wrong; what is expected``) instead
of a traceback.

Text is UTF-8, as every format Accord reads specifies or assumes. A byte-order mark says
otherwise and is honoured: UTF-8 with a BOM (what spreadsheet programs write), UTF-16 and
UTF-32 in either byte order. Anything else that is not UTF-8 — a latin-1 or Windows-1252 file,
UTF-16 without a BOM — is refused with the line and the byte, never guessed at or decoded
with replacement characters (DESIGN: nothing is silently changed).

>>> decode_text("Actor\\n".encode("utf-16"), "a.csv")
'Actor\\n'
>>> decode_text(b"Actor\\nM\\xfcnchen,1\\n", "a.csv")
Traceback (most recent call last):
...
accord.errors.ScenarioError: a.csv:2: byte 0xfc at column 2 is not UTF-8; expected UTF-8 text
(save the file as UTF-8; latin-1 and Windows-1252 are not guessed)
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from accord.errors import ScenarioError

MIB = 1024 * 1024
#: The largest scenario file any reader accepts. The largest public example (a GENIUS profile
#: of NegMAS's collection) is 2.2 MB; KTAB's largest is 11 KB.
MAX_INPUT_BYTES = 64 * MIB

# UTF-32 first: its little-endian BOM begins with UTF-16's.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))


def read_bytes(path: str | Path, *, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of the file ``path``; a located :class:`ScenarioError` when there are none."""
    path = Path(path)
    if path.is_dir():
        raise ScenarioError(None, "is a directory; expected a scenario file (a folder only for "
                            "GENIUS or GeniusWeb: a domain and one profile per party)",
                            file=str(path))
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise ScenarioError(None, f"cannot be read ({exc.strerror or type(exc).__name__}); "
                            "expected a readable scenario file", file=str(path)) from None
    if len(data) > limit:
        raise ScenarioError(None, f"is larger than {limit / MIB:g} MiB; expected a scenario file "
                            "under that size", file=str(path))
    return data


def encoding_of(data: bytes) -> tuple[str, int]:
    """``(codec, length of its byte-order mark)``: from a BOM, else UTF-8."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, len(bom)
    return "utf-8", 0


def decode_text(data: bytes, file: str) -> str:
    """``data`` as text (see the module docstring); a located error when it is not text."""
    codec, skip = encoding_of(data)
    try:
        text = data[skip:].decode(codec)
    except UnicodeDecodeError as exc:
        if codec != "utf-8":
            raise ScenarioError(None, f"not valid {codec.upper()} text (byte {skip + exc.start}) "
                                f"although it starts with a {codec.upper()} byte-order mark; "
                                "expected text in one encoding", file=file) from None
        at = skip + exc.start
        line_start = data.rfind(b"\n", 0, at) + 1
        line = data.count(b"\n", 0, at) + 1
        if b"\x00" in data[:4096]:
            raise ScenarioError(None, "holds NUL bytes: UTF-16 without a byte-order mark, or not "
                                "text at all; expected UTF-8 text", file=file, line=line) \
                from None
        raise ScenarioError(None, f"byte 0x{data[at]:02x} at column {at - line_start + 1} is not "
                            "UTF-8; expected UTF-8 text (save the file as UTF-8; latin-1 and "
                            "Windows-1252 are not guessed)", file=file, line=line) from None
    nul = text.find("\x00")
    if nul >= 0:
        raise ScenarioError(None, "holds NUL bytes: UTF-16 without a byte-order mark, or not "
                            "text at all; expected UTF-8 text", file=file,
                            line=text.count("\n", 0, nul) + 1)
    control = CONTROL.search(text)
    if control:
        raise ScenarioError(None, control_message(control.group()), file=file,
                            line=text.count("\n", 0, control.start()) + 1)
    return text


#: Control characters other than tab, line feed and carriage return (C0, DEL, C1). None belongs
#: in a scenario, and ESC (U+001B) or CSI (U+009B) in a name would drive the terminal that
#: prints it (colours, hyperlinks, a cleared screen).
CONTROL = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f]")


def control_message(char: str) -> str:
    return (f"holds the control character U+{ord(char):04X}; expected plain text (tabs and line "
            "breaks only)")


def read_text(path: str | Path, *, limit: int = MAX_INPUT_BYTES) -> str:
    """The text of the file ``path`` (see the module docstring)."""
    return decode_text(read_bytes(path, limit=limit), str(path))


def head_text(path: str | Path, size: int = 4096) -> str:
    """The first ``size`` bytes of ``path`` as text, for sniffing a format ("" for a folder or a
    file that cannot be read: the loader then says why). Lenient: undecodable bytes become
    U+FFFD here, and only here — the loader itself decodes strictly."""
    path = Path(path)
    if path.is_dir():
        return ""
    try:
        with open(path, "rb") as fh:
            data = fh.read(size)
    except OSError:
        return ""
    codec, skip = encoding_of(data)
    if data[:4] == b"<\x00?\x00":  # UTF-16 XML without a BOM (XML 1.0, appendix F.1)
        codec = "utf-16-le"
    elif data[:4] == b"\x00<\x00?":
        codec = "utf-16-be"
    return data[skip:].decode(codec, errors="replace")
