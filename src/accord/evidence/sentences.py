"""Sentences of a parsed source: paragraphs, spaCy's rule-based sentencizer, and quotes.

Only the parts of a source that can hold statements are split (the body and a reposter's
opinion; never titles, bylines, source cards or boilerplate). Offsets are into the normalised
text (:class:`~accord.evidence.ingest.Document`), in which every double quotation mark is '"'.

>>> from accord.evidence.ingest import document_from_text
>>> from accord.evidence.provenance import parse_provenance
>>> p = parse_provenance(document_from_text(
...     'Er sagte: "Wir ziehen nicht ab. Nie." Danach ging er.', language="de"))
>>> [s.text for s in split_sentences(p)]
['Er sagte: "Wir ziehen nicht ab.', 'Nie."', 'Danach ging er.']
>>> quote_regions('Er sagte: "Wir ziehen nicht ab. Nie." Danach ging er.')
[(11, 36)]
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from accord.evidence.lexicon import rule_language
from accord.evidence.provenance import ParsedSource, Segment

STATEMENT_SEGMENTS = ("body", "reposter_opinion")

@lru_cache(maxsize=None)
def nlp(language: str):
    """A blank spaCy pipeline with a sentencizer (built once per language, cached)."""
    import spacy

    pipe = spacy.blank(rule_language(language))
    pipe.add_pipe("sentencizer")
    return pipe


@dataclass
class Sentence:
    start: int  # normalised offsets
    end: int
    text: str
    segment: Segment
    paragraph: int = 0


_FINAL = '.!?:…‼"\''


def split_sentences(parsed: ParsedSource, labels=STATEMENT_SEGMENTS) -> list[Sentence]:
    """Sentences of the segments with the given labels.

    Paragraphs are separated by blank lines, and by line breaks after sentence-final
    punctuation (many blogs put one paragraph per line); a line break inside a sentence (the
    reposter's verse-like lines) does not end it. spaCy's sentencizer splits each paragraph; a
    piece that starts in lower case is glued back to the previous one.
    """
    doc = parsed.document
    pipe = nlp(doc.language or "en")
    out: list[Sentence] = []
    for seg in parsed.segments:
        if seg.label not in labels:
            continue
        for p_start, p_end in _paragraphs(doc.text, seg.start, seg.end):
            para = doc.text[p_start:p_end]
            pieces: list[list[int]] = []
            for sent in pipe(para).sents:
                s, e = sent.start_char, sent.end_char
                while s < e and para[s].isspace():
                    s += 1
                while e > s and para[e - 1].isspace():
                    e -= 1
                if s == e:
                    continue
                if pieces and (para[s].islower() or not _ends_sentence(para[pieces[-1][0]:pieces[-1][1]])):
                    pieces[-1][1] = e
                else:
                    pieces.append([s, e])
            # spaCy leaves an opening quote at the end of the previous sentence ('holds. "')
            for k in range(len(pieces) - 1):
                s, e = pieces[k]
                if e - s > 2 and para[e - 1] == '"' and para[e - 2].isspace() and \
                        para[s:e].count('"') % 2 == 1:
                    pieces[k + 1][0] = e - 1
                    e -= 1
                    while e > s and para[e - 1].isspace():
                        e -= 1
                    pieces[k][1] = e
            n_para = len({x.paragraph for x in out})
            for s, e in pieces:
                out.append(Sentence(p_start + s, p_start + e, para[s:e], seg, n_para))
    return out


def _ends_sentence(text: str) -> bool:
    t = text.rstrip()
    return bool(t) and t[-1] in _FINAL


def _paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = start
    cur_start = None
    prev_end = start  # set before it is read: a paragraph is open only after a line
    for line in text[start:end].split("\n"):
        ls, le = pos, pos + len(line)
        pos = le + 1
        if not line.strip():
            if cur_start is not None:
                out.append((cur_start, prev_end))
                cur_start = None
            continue
        if cur_start is None:
            cur_start = ls
        elif _ends_sentence(text[cur_start:prev_end]):
            out.append((cur_start, prev_end))
            cur_start = ls
        prev_end = le
    if cur_start is not None:
        out.append((cur_start, prev_end))
    return out




def quote_spans(text: str) -> list[tuple[int, int]]:
    """Contents of double-quoted passages (normalised text: every double quote is '"')."""
    idx = [i for i, ch in enumerate(text) if ch == '"']
    return [(idx[k] + 1, idx[k + 1]) for k in range(0, len(idx) - 1, 2)]


def quote_regions(text: str) -> list[tuple[int, int]]:
    """Quoted passages of a paragraph, which may run over several sentences."""
    return quote_spans(text)


def inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)
