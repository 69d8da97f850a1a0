"""Reading sources: plain text and HTML files into a normalised text that remembers where it came from.

Every later step (provenance, sentences, statements) works on the *normalised* text, in which
typographic quotes are unified and runs of whitespace collapsed; every span it reports is mapped
back through :meth:`Document.to_original` so that ``document.original[start:end]`` is exactly the
passage in the file. For HTML the "original" is the article text trafilatura extracts from the
page (markup has no character offsets a reader could check against).

>>> doc = document_from_text("Er  sagte:\\u00a0„Nein“ .", language="de")
>>> doc.text
'Er sagte: "Nein".'
>>> start, end = doc.to_original(10, 16)
>>> doc.original[start:end]
'„Nein“'
"""

from __future__ import annotations

import codecs
import hashlib
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from accord.errors import AccordError

# The languages the detector chooses between: the languages of the talks' sources and their
# likely translations. A small set keeps lingua fast and its answers stable on short texts.
DETECTABLE_LANGUAGES = ("de", "en", "ru", "uk", "fr", "pl")

# Every double quotation mark becomes '"' and every single one "'": German „…“, »…«,
# French « … », English “…” all pair up the same way afterwards.
_DOUBLE_QUOTES = "„“”‟«»″〝〞＂"
_SINGLE_QUOTES = "‚‘’‛‹›′"
_SPACES = "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u2008\u3000\t\f\v"
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_CLOSING_PUNCT = ".,;:!?)"


@dataclass
class Document:
    """A source text as read from a file, and its normalised form with the offset map."""

    original: str
    text: str
    offsets: list[int] = field(repr=False)
    language: str | None = None
    path: str | None = None
    content_hash: str = ""
    media_type: str = "text/plain"
    meta: dict[str, str] = field(default_factory=dict)  # HTML metadata: author, published, title

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that the normalised span ``[start, end)`` came from."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span [{start}, {end}) outside the text (length {len(self.text)})")
        if start == end:
            return self.offsets[start], self.offsets[start]
        # end-1 is the last character inside the span; the original span ends just after it.
        return self.offsets[start], self.offsets[end - 1] + 1

    def to_normalised(self, original_offset: int) -> int:
        """The normalised offset of the first character at or after ``original_offset``."""
        return bisect_right(self.offsets, original_offset - 1, 0, len(self.text))


def normalise(original: str) -> tuple[str, list[int]]:
    """Unify quotes and whitespace; return the text and, per character, its original offset.

    Rules: quotation marks become ``"``/``'``; non-breaking and other spaces become ``' '``;
    invisible characters are dropped; ``\\r\\n`` becomes ``\\n``; runs of spaces collapse to one;
    spaces at line ends and before closing punctuation (``"sagte , dass"``) are dropped; more
    than one empty line collapses to one. The returned list has one entry per character of the
    text plus a final entry (the original length) for the end of the text.
    """
    chars: list[str] = []
    offs: list[int] = []
    n = len(original)
    i = 0
    while i < n:
        c = original[i]
        if c in _INVISIBLE:
            i += 1
            continue
        if c == "\r":
            if i + 1 < n and original[i + 1] == "\n":
                i += 1
                continue
            c = "\n"
        elif c in _DOUBLE_QUOTES:
            c = '"'
        elif c in _SINGLE_QUOTES:
            c = "'"
        elif c in _SPACES:
            c = " "
        if c == " " and (not chars or chars[-1] in " \n"):
            i += 1
            continue
        if c == "\n":
            while chars and chars[-1] == " ":
                chars.pop()
                offs.pop()
            if len(chars) >= 2 and chars[-1] == "\n" and chars[-2] == "\n":
                i += 1
                continue
        if c in _CLOSING_PUNCT and chars and chars[-1] == " " and len(chars) >= 2 \
                and chars[-2] not in " \n" + _CLOSING_PUNCT and not _is_ellipsis_gap(original, i):
            chars.pop()
            offs.pop()
        chars.append(c)
        offs.append(i)
        i += 1
    while chars and chars[-1] in " \n":
        chars.pop()
        offs.pop()
    offs.append(n)
    return "".join(chars), offs


def _is_ellipsis_gap(original: str, i: int) -> bool:
    """``"Punkt … ist"`` keeps its spaces: an ellipsis or dash standing alone is not punctuation
    glued to the previous word."""
    return original.startswith("...", i)


@lru_cache(maxsize=1)
def _detector():
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, c.upper()) for c in DETECTABLE_LANGUAGES]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language among :data:`DETECTABLE_LANGUAGES`, or None.

    The detector is built on first use and cached (building it takes about a second).
    """
    sample = text[:5000]
    if len(re.findall(r"\w", sample)) < 3:
        return None
    lang = _detector().detect_language_of(sample)
    return None if lang is None else lang.iso_code_639_1.name.lower()


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def document_from_text(original: str, *, path: str | None = None, language: str | None = None,
                       data: bytes | None = None, media_type: str = "text/plain") -> Document:
    text, offsets = normalise(original)
    digest = content_hash(data if data is not None else original.encode("utf-8"))
    return Document(original=original, text=text, offsets=offsets,
                    language=language or detect_language(text), path=path,
                    content_hash=digest, media_type=media_type)


#: What is accepted, for every refusal below.
ACCEPTED = ("expected an article as plain text or HTML, in UTF-8, UTF-16 or "
            "Windows-1252/Latin-1")

#: The opening bytes of what is most often sent by mistake, named in the refusal.
_SIGNATURES = ((b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
               (b"GIF87a", "a GIF image"), (b"GIF89a", "a GIF image"), (b"%PDF-", "a PDF"),
               (b"PK\x03\x04", "a zip archive (or a Word or OpenDocument file)"),
               (b"\x1f\x8b", "a gzip archive"), (b"\xd0\xcf\x11\xe0", "an old Office document"),
               # RTF is 7-bit text, so nothing below would stop it: its markup ("{\\rtf1\\ansi
               # \\deff0 {\\fonttbl …") was stored as the article's text
               (b"{\\rtf", "an RTF document: save it as plain text"))
# C0 control characters no article has (tab, line feed, vertical tab, form feed and carriage
# return are layout; ESC and Ctrl-Z appear at the ends of old DOS files, so one or two pass).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


_CHARSET = re.compile(rb"""<meta[^>]*charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


def _declared_charset(data: bytes) -> tuple[str, ...]:
    """The charset an HTML page declares in its first 4 KiB, when Python knows it (a Russian
    page in windows-1251 read as Windows-1252 was mojibake)."""
    m = _CHARSET.search(data[:4096])
    if m is None:
        return ()
    try:
        name = codecs.lookup(m.group(1).decode("ascii")).name
    except LookupError:
        return ()
    # as browsers do (WHATWG Encoding): a page labelled Latin-1 or ASCII is read as
    # Windows-1252, whose 0x80–0x9F are the typographic quotes and dashes, not controls
    return ("cp1252",) if name in ("iso8859-1", "ascii") else (name,)


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when the NUL bytes of the first 8,000 fall (95 % or more)
    on the odd or on the even bytes: the zero high byte of every Latin character in UTF-16
    written without its byte order mark (Windows tools and some exports do). Binary data has
    NUL bytes at both; a text of a script outside Latin-1 (Cyrillic, CJK) keeps its NULs at
    its spaces, digits and punctuation, still one parity."""
    if len(data) % 2:
        return None
    head = data[:8000]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd >= 19 * even:
        return "utf-16-le"
    if even >= 19 * odd:
        return "utf-16-be"
    return None


def check_text(data: bytes, path: Path | str) -> str:
    r"""The file's bytes as text, or an :class:`AccordError` naming the file when they are not
    an article: empty, binary (a NUL byte, as git decides; or a known file signature), or
    not decodable. UTF-8 first, then the charset an HTML page declares, then Windows-1252
    (a superset of Latin-1's printable characters); UTF-16 and UTF-32 with their byte order
    mark, and UTF-16 without one when its NUL bytes are the high bytes of its characters.

    Windows-1252 decodes almost any bytes, so a PNG or a PDF used to come through as a
    "text" of mojibake and was stored as a source with no statements. Text has no NUL byte
    (git's test for binary, on the first 8,000 bytes), and at most one control character in
    a hundred (tab, line and page breaks are not counted).

    >>> check_text("Le ministre a déclaré".encode("latin-1"), "a.txt")
    'Le ministre a déclaré'
    >>> check_text("Peskow sagte".encode("utf-16-le"), "a.txt")   # no byte order mark
    'Peskow sagte'
    >>> try:
    ...     check_text(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "chart.png")
    ... except AccordError as exc:
    ...     print(str(exc).split(";")[0])
    chart.png: is not text or HTML (it starts like a PNG image)
    """
    if not data.strip():
        raise AccordError(f"{path}: the file is empty; {ACCEPTED}")
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        encodings: tuple[str, ...] = ("utf-32",)  # before UTF-16: FF FE 00 00 starts with FF FE
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)  # its byte order mark says so; its NUL bytes are text
    else:
        for signature, kind in _SIGNATURES:
            if data.startswith(signature):
                raise AccordError(f"{path}: is not text or HTML (it starts like {kind}); "
                                  f"{ACCEPTED}")
        nul = data.find(b"\x00", 0, 8000)
        utf16 = _utf16_without_bom(data) if nul >= 0 else None
        if nul >= 0 and utf16 is None:
            raise AccordError(f"{path}: is not text or HTML (a NUL byte at byte {nul:,}: "
                              f"binary data); {ACCEPTED}")
        encodings = (utf16,) if utf16 else ("utf-8-sig", *_declared_charset(data), "cp1252")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise AccordError(f"{path}: cannot decode the file as {' or '.join(encodings)}; "
                          f"{ACCEPTED}")
    sample = text[:100_000]
    controls = len(_CONTROL.findall(sample))
    if controls > max(2, len(sample) // 100):
        raise AccordError(f"{path}: is not text or HTML ({controls:,} control characters in "
                          f"its first {len(sample):,}: binary data); {ACCEPTED}")
    return text


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise AccordError(f"{path}: no such file; expected a text or HTML file") from None
    except IsADirectoryError:
        raise AccordError(f"{path}: is a directory; expected a text or HTML file") from None


def _looks_like_html(path: Path, text: str) -> bool:
    if path.suffix.lower() in (".html", ".htm", ".xhtml"):
        return True
    head = text.lstrip()[:500].lower()
    return head.startswith("<!doctype html") or head.startswith("<html") or "<body" in head


def html_to_text(html: str, path: Path | str = "<html>") -> str:
    """The article text of an HTML page (trafilatura; comments and navigation left out)."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False,
                               favor_recall=True, output_format="txt")
    if not text:
        raise AccordError(f"{path}: no article text found in the HTML page; expected a page "
                          "with a readable main text (or save the article as plain text)")
    return text


_META = {
    "author": [("name", "author"), ("property", "article:author"), ("name", "byl"),
               ("name", "dc.creator"), ("name", "parsely-author"), ("name", "sailthru.author")],
    "published": [("property", "article:published_time"), ("name", "date"),
                  ("name", "dc.date"), ("itemprop", "datePublished"), ("name", "pubdate"),
                  ("name", "publish-date"), ("property", "og:published_time")],
    "title": [("property", "og:title"), ("name", "twitter:title")],
    "site": [("property", "og:site_name")],
    "url": [("property", "og:url")],
}


def html_metadata(html: str) -> dict[str, str]:
    """Author, publication date, title, site and URL from a page's ``<meta>`` tags and
    ``<title>`` (the article text itself carries none of them).

    >>> html_metadata('<html><head><title>Talks | News</title><meta name="author" '
    ...               'content="Jane Doe"><meta property="article:published_time" '
    ...               'content="2026-01-30T08:00:00Z"></head><body></body></html>')
    {'author': 'Jane Doe', 'published': '2026-01-30', 'title': 'Talks'}
    """
    import lxml.html

    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return {}
    out: dict[str, str] = {}
    for key, attrs in _META.items():
        for attr, value in attrs:
            hits = tree.xpath(f"//meta[translate(@{attr}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', "
                              f"'abcdefghijklmnopqrstuvwxyz')='{value}']/@content")
            hit = next((h.strip() for h in hits if h and h.strip()), None)
            if hit:
                out[key] = hit
                break
    if "title" not in out:
        titles = tree.xpath("//title/text()")
        if titles and titles[0].strip():
            out["title"] = titles[0].strip()
    if "title" in out:
        # "Headline | Site" / "Headline - Site": the site's name is not the title
        out["title"] = re.split(r"\s+[|–—-]\s+(?=[^|–—-]{2,40}$)", out["title"])[0].strip()
    if "published" in out:
        m = re.match(r"(\d{4}-\d{2}-\d{2})", out["published"])
        if m:
            out["published"] = m.group(1)
        else:
            del out["published"]
    return out


def read_document(path: str | Path, *, language: str | None = None) -> Document:
    """Read a plain-text or HTML file. The content hash is of the file's bytes."""
    path = Path(path)
    data = _read_bytes(path)
    raw = check_text(data, path)
    if _looks_like_html(path, raw):
        doc = document_from_text(html_to_text(raw, path), path=str(path), language=language,
                                 data=data, media_type="text/html")
        doc.meta = html_metadata(raw)
        return doc
    return document_from_text(raw, path=str(path), language=language, data=data)
