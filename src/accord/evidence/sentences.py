"""Sentences of a parsed source: paragraphs, headings, sentence ends, and quotes.

Only the parts of a source that can hold statements are split (the body and a reposter's
opinion; never titles, bylines, source cards or boilerplate). Offsets are into the normalised
text (:class:`~accord.evidence.ingest.Document`), in which every double quotation mark is '"'.

A sentence ends at ``.``, ``!``, ``?`` or ``…`` (with the closing quotes and brackets after it)
when the next word starts a sentence: a capital letter, a digit, an opening quote or a list
bullet. It does not end after an abbreviation ("Dr.", "z. B.", "U.S.", "Jan."), an initial
("Y. Ushakov"), or a German ordinal before a month or a lower-case word ("am 6. Januar",
"der 3. Punkt"). News pages put section headings on a line of their own without final
punctuation ("Moscow Signals Territorial Demands"); such a line is a paragraph of its own and
marked as a heading, so that it is neither glued to the next sentence nor read as a statement.
A rule-based splitter is all this needs: it is what spaCy's sentencizer does, without loading
spaCy (seconds at start-up).

>>> from accord.evidence.ingest import document_from_text
>>> from accord.evidence.provenance import parse_provenance
>>> p = parse_provenance(document_from_text(
...     'Er sagte: "Wir ziehen nicht ab. Nie." Danach ging er am 6. Januar zu Dr. Weber.',
...     language="de"))
>>> [s.text for s in split_sentences(p)]
['Er sagte: "Wir ziehen nicht ab.', 'Nie."', 'Danach ging er am 6. Januar zu Dr. Weber.']
>>> quote_regions('Er sagte: "Wir ziehen nicht ab. Nie." Danach ging er.')
[(11, 36)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from accord.evidence.lexicon import MONTHS
from accord.evidence.provenance import ParsedSource, Segment

STATEMENT_SEGMENTS = ("body", "reposter_opinion")

# Words after which a full stop does not end the sentence (compared in lower case, without the
# dot). German and English titles, Latin and German abbreviations, months.
ABBREVIATIONS = frozenset("""
dr prof mr mrs ms mx st sr jr gen col lt capt maj sgt rev hon gov sen rep pres vs etc al approx
ca bzw usw vgl ggf inkl zzgl evtl sog ehem bspw nr abs art kap tel str jh jhd mio mrd bzw ua
z b u a d h o ä s i e g co inc ltd corp no dept fig ed eds vol pp
jan feb mär mar apr jun jul aug sep sept okt oct nov dez dec
""".split())
_FINAL = ".!?…"
_CLOSING = '"\')]»'
_ORDINAL_NEXT = re.compile(r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) +
                           r")\b", re.IGNORECASE)
_WORD_BEFORE = re.compile(r"([^\W\d_]+(?:\.[^\W\d_]+)*|\d+)$")


@dataclass
class Sentence:
    start: int  # normalised offsets
    end: int
    text: str
    segment: Segment
    paragraph: int = 0
    heading: bool = False   # a section heading on a line of its own


def split_sentences(parsed: ParsedSource, labels=STATEMENT_SEGMENTS) -> list[Sentence]:
    """Sentences of the segments with the given labels.

    Paragraphs are separated by blank lines, and by line breaks after sentence-final
    punctuation (many blogs put one paragraph per line); a line break inside a sentence (the
    reposter's verse-like lines) does not end it, but a short line without final punctuation
    followed by a line that starts with a capital is a heading of its own.
    """
    doc = parsed.document
    out: list[Sentence] = []
    n_para = 0
    for seg in parsed.segments:
        if seg.label not in labels:
            continue
        for p_start, p_end, heading in _paragraphs(doc.text, seg.start, seg.end):
            para = doc.text[p_start:p_end]
            for s, e in ([(0, len(para))] if heading else sentence_spans(para)):
                out.append(Sentence(p_start + s, p_start + e, para[s:e], seg, n_para, heading))
            n_para += 1
    return out


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence of one paragraph, without surrounding white space.

    >>> t = 'Witkoff said the U.S. side was ready. "It holds." Y. Ushakov agreed… on 1. Februar.'
    >>> [t[s:e] for s, e in sentence_spans(t)]
    ['Witkoff said the U.S. side was ready.', '"It holds."', 'Y. Ushakov agreed… on 1. Februar.']
    """
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        if ch not in _FINAL:
            i += 1
            continue
        end = i + 1
        while end < n and text[end] in _FINAL:
            end += 1
        # closing quotes and brackets belong to the sentence they close
        quotes_open = text.count('"', 0, i) % 2 == 1  # a quote may open sentences before
        while end < n and text[end] in _CLOSING:
            if text[end] == '"' and not quotes_open:
                break
            if text[end] == '"':
                quotes_open = False
            end += 1
        j = end
        while j < n and text[j].isspace():
            j += 1
        if j == end or j >= n:       # no space after it, or the end of the paragraph
            i = end
            continue
        if _ends_here(text, start, i, j):
            spans.append((start, end))
            start = j
        i = end
    if start < n:
        spans.append((start, n))
    return [s for s in (_trim(text, a, b) for a, b in spans) if s[0] < s[1]]


def _ends_here(text: str, start: int, stop: int, nxt: int) -> bool:
    """Whether the punctuation at ``stop`` ends the sentence begun at ``start``, the next one
    starting at ``nxt``."""
    follower = text[nxt]
    if follower.islower() or follower in ",;:)]":
        return False  # "… the talks, … and then", "Nie? sagte er"
    if text[stop] != ".":
        return True
    word = _WORD_BEFORE.search(text, start, stop)
    if word is None:
        return True
    w = word.group(1)
    if w.isdigit():
        # a German ordinal: "am 6. Januar", "der 3. Punkt" (a year or amount ends a sentence)
        return not (len(w) <= 2 and _ORDINAL_NEXT.match(text, nxt))
    if len(w) == 1 and w.isalpha() or "." in w and all(len(x) <= 2 for x in w.split(".")):
        return False  # an initial ("Y. Ushakov"), "U.S.", "z.B." (not "netzpolitik.org")
    return w.lower() not in ABBREVIATIONS


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _ends_sentence(text: str) -> bool:
    t = text.rstrip()
    return bool(t) and (t[-1] in _FINAL or t[-1] in _CLOSING and len(t) > 1 and t[-2] in _FINAL
                        or t[-1] == ":")


def _heading_line(line: str, next_line: str | None) -> bool:
    """A short line without final punctuation, followed by a line that starts a sentence."""
    words = line.split()
    if not words or len(words) > 10 or _ends_sentence(line) or line.rstrip()[-1:] in ",;–-":
        return False
    return bool(next_line) and next_line.lstrip()[:1].isupper()


def _paragraphs(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """(start, end, is-heading) of the paragraphs in ``text[start:end]``."""
    out: list[tuple[int, int, bool]] = []
    lines: list[tuple[int, int]] = []
    pos = start
    for line in text[start:end].split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    cur_start: int | None = None
    prev_end = start
    for k, (ls, le) in enumerate(lines):
        line = text[ls:le]
        if not line.strip():
            if cur_start is not None:
                out.append((cur_start, prev_end, False))
                cur_start = None
            continue
        nxt = next((text[a:b] for a, b in lines[k + 1:] if text[a:b].strip()), None)
        blank_after = k + 1 < len(lines) and not text[lines[k + 1][0]:lines[k + 1][1]].strip()
        if cur_start is None and _heading_line(line, nxt):
            s, e = _trim(text, ls, le)
            out.append((s, e, True))
            continue
        if cur_start is None:
            cur_start = ls
        elif _ends_sentence(text[cur_start:prev_end]):
            out.append((cur_start, prev_end, False))
            if _heading_line(line, nxt) and not blank_after:
                s, e = _trim(text, ls, le)
                out.append((s, e, True))
                cur_start = None
                continue
            cur_start = ls
        prev_end = le
    if cur_start is not None:
        out.append((cur_start, prev_end, False))
    return [(a, b, h) for a, b, h in (( *_trim(text, a, b), h) for a, b, h in out) if a < b]


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Contents of double-quoted passages (normalised text: every double quote is '"')."""
    idx = [i for i, ch in enumerate(text) if ch == '"']
    return [(idx[k] + 1, idx[k + 1]) for k in range(0, len(idx) - 1, 2)]


def quote_regions(text: str) -> list[tuple[int, int]]:
    """Quoted passages of a paragraph, which may run over several sentences."""
    return quote_spans(text)


def inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)
