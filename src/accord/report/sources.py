"""Source texts and the place of a quote in them, for showing evidence in context.

Only texts packaged with Accord are read (``accord.scenario.builtin.source_text_path``): a
``file`` named by an imported scenario is never opened, so an upload cannot make the server
show a file from its disk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from accord.scenario.model import Scenario, Source

# How much text to show on either side of a quote: enough for its paragraph.
CONTEXT_CHARS = 1200


@dataclass(frozen=True)
class Excerpt:
    """Text around a quote: ``before`` + ``quote`` + ``after`` (all plain text, escaped later)."""

    before: str
    quote: str
    after: str
    cut_before: bool
    cut_after: bool


@dataclass(frozen=True)
class Provenance:
    """Who wrote, translated and passed on a source, as the analyst needs to weigh it."""

    label: str
    value: str


def packaged_text(source: Source) -> str | None:
    """The text of a source packaged with Accord, or None."""
    if not source.file:
        return None
    from accord.scenario.builtin import source_text_path

    name = Path(source.file).name
    if name != source.file.split("/")[-1] or name in ("", ".", ".."):
        return None
    path = source_text_path(name)
    root = source_text_path("x").parent.resolve()
    try:
        if path.resolve().parent != root or not path.is_file():
            return None
    except OSError:
        return None
    return _read(str(path))


@lru_cache(maxsize=64)
def _read(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Start and end of ``quote`` in ``text``: verbatim, else ignoring whitespace differences.

    >>> find_quote("Er sagte:  es ist\\nso.", "es ist so")
    (11, 20)
    """
    k = text.find(quote)
    if k >= 0:
        return k, k + len(quote)
    words = quote.split()
    if not words:
        return None
    m = re.search(r"\s+".join(re.escape(w) for w in words), text)
    return (m.start(), m.end()) if m else None


def excerpt(text: str, quote: str, context: int = CONTEXT_CHARS) -> Excerpt | None:
    span = find_quote(text, quote)
    if span is None:
        return None
    start, end = span
    lo = max(0, start - context)
    hi = min(len(text), end + context)
    # Cut at line breaks so the excerpt starts and ends with whole paragraphs where possible.
    if lo > 0:
        nl = text.find("\n", lo, start)
        lo = nl + 1 if nl >= 0 else lo
    if hi < len(text):
        nl = text.rfind("\n", end, hi)
        hi = nl if nl >= 0 else hi
    return Excerpt(text[lo:start], text[start:end], text[end:hi], lo > 0, hi < len(text))


def provenance(source: Source) -> list[Provenance]:
    from accord.scenario.reliability import source_summary

    summary = source_summary(source)
    rows = [("Title", source.title), ("Author", source.author), ("Translator", source.translator),
            ("Original language", source.original_language), ("Language held", source.language),
            ("Published", source.published), ("Originally published", source.original_published),
            ("Platform", source.platform), ("Kind", source.kind), ("Form", source.form),
            ("Chain", summary["chain"]), ("Leaning", summary["leaning"]),
            ("Reliability", f"{summary['reliability']:g} ({summary['reliability_reason']})"),
            ("Reposted by", source.reposted_by),
            ("Reposter's own comment", source.reposter_opinion), ("Note", source.note)]
    return [Provenance(label, str(value)) for label, value in rows if value not in (None, "")]


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an http(s) link, else None (a ``javascript:`` URL must never be a link)."""
    if url and re.match(r"^https?://", url.strip(), flags=re.I):
        return url.strip()
    return None


@dataclass(frozen=True)
class EvidenceView:
    id: str
    quote: str
    translation: str | None
    speaker: str | None
    reported_by: str | None
    date: str | None
    note: str | None
    source: Source | None
    source_url: str | None
    provenance: list[Provenance]
    excerpt: Excerpt | None
    text_available: bool


def evidence_view(scenario: Scenario, evidence_id: str) -> EvidenceView:
    """Everything shown for one evidence item; KeyError when the id is unknown."""
    ev = scenario.evidence_item(evidence_id)
    try:
        source = scenario.source(ev.source)
    except KeyError:
        source = None
    text = packaged_text(source) if source else None
    return EvidenceView(
        id=ev.id, quote=ev.quote, translation=ev.translation, speaker=ev.speaker,
        reported_by=ev.reported_by, date=str(ev.date) if ev.date else None, note=ev.note,
        source=source, source_url=safe_url(source.url) if source else None,
        provenance=provenance(source) if source else [],
        excerpt=excerpt(text, ev.quote) if text else None, text_available=text is not None)
