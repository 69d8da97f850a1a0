"""Words with their lemma and part of speech: the grammar the statement rules read.

The Hanover Tagger (HanTa; Wartena 2019, LGPL-3.0-or-later, on PyPI with its German and English
models inside the wheel, ~3 MB of the 14 MB wheel) lemmatises and tags each token with an HMM
over morphemes and tags. It runs offline and is loaded once per language (about 0.6 s). HanTa
is pure Python and analyses a word in about a quarter of a millisecond; news repeats its words,
so each tagger keeps the analysis of every word form it has seen (a dict per process) and a
sentence costs little more than its Viterbi pass.

Tags are reduced to a small common set (:data:`COARSE`) so that the rules read the same in both
languages: ``VERB`` (full verbs; ``finite`` says whether the form is finite), ``AUX`` (be, have,
werden, sein, haben), ``MODAL``, ``NOUN``, ``PROPN``, ``PRON``, ``DET``, ``ADJ``, ``ADV``,
``ADP``, ``CCONJ``, ``SCONJ``, ``PART`` (German separable particles and "zu", "not"), ``NUM``,
``PUNCT``, ``X``.

References
----------
Wartena, C. (2019). A probabilistic morphology model for German lemmatization. Proceedings of
KONVENS 2019, 40–49.

Examples
--------
>>> [(t.text, t.lemma, t.pos) for t in tag("Lawrow wies die Forderung zurück.", "de")]
... # doctest: +NORMALIZE_WHITESPACE
[('Lawrow', 'Lawrow', 'PROPN'), ('wies', 'weisen', 'VERB'), ('die', 'der', 'DET'),
 ('Forderung', 'Forderung', 'NOUN'), ('zurück', 'zurück', 'PART'), ('.', '.', 'PUNCT')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from accord.evidence.lexicon import rule_language

# A token: a word (letters, digits, inner hyphens, apostrophes, abbreviation dots as in "U.S."),
# or one punctuation character.
_TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}"                                   # U.S., U.N.
    r"|\d+(?:[.,:]\d+)*\.?(?=\s+[a-zäöü]|\s+(?:Januar|Februar|März|April|Mai|Juni|Juli|August|"
    r"September|Oktober|November|Dezember)\b)"           # German ordinals "1. Februar"
    r"|[^\W_]+(?:-[^\W_]+|['’](?![sS]\b)[^\W_]+)*"        # words, compounds, O'Brien
    r"|['’][sS]\b"                                       # the possessive of Russia's
    r"|\S", re.UNICODE)

_DE = {
    "VV(FIN)": ("VERB", True), "VV(INF)": ("VERB", False), "VV(PP)": ("VERB", False),
    "VV(IZU)": ("VERB", False), "VV(IMP)": ("VERB", True),
    "VA(FIN)": ("AUX", True), "VA(INF)": ("AUX", False), "VA(PP)": ("AUX", False),
    "VA(IMP)": ("AUX", True),
    "VM(FIN)": ("MODAL", True), "VM(INF)": ("MODAL", False), "VM(PP)": ("MODAL", False),
    "NN": ("NOUN", False), "NNA": ("NOUN", False), "NNI": ("NOUN", False),
    "NE": ("PROPN", False), "ACR_NE": ("PROPN", False), "ACR_NN": ("NOUN", False),
    "PPER": ("PRON", False), "PRF": ("PRON", False), "PDS": ("PRON", False),
    "PIS": ("PRON", False), "PPOSS": ("PRON", False), "PRELS": ("PRON", False),
    "PWS": ("PRON", False),
    "ART": ("DET", False), "PDAT": ("DET", False), "PIAT": ("DET", False),
    "PPOSAT": ("DET", False), "PRELAT": ("DET", False), "PWAT": ("DET", False),
    "ADJ(A)": ("ADJ", False), "ADJ(D)": ("ADJ", False), "CARD": ("NUM", False),
    "ADV": ("ADV", False), "PROAV": ("ADV", False), "PWAV": ("ADV", False),
    "APPR": ("ADP", False), "APPRART": ("ADP", False), "APPO": ("ADP", False),
    "APZR": ("ADP", False),
    "KON": ("CCONJ", False), "KOKOM": ("CCONJ", False), "KOUS": ("SCONJ", False),
    "KOUI": ("SCONJ", False),
    "PTKVZ": ("PART", False), "PTKZU": ("PART", False), "PTKNEG": ("PART", False),
    "PTKA": ("PART", False), "PTKANT": ("PART", False),
    "$,": ("PUNCT", False), "$.": ("PUNCT", False), "$(": ("PUNCT", False),
}
_EN = {
    "VVB": ("VERB", True), "VVD": ("VERB", True), "VVZ": ("VERB", True),
    "VVI": ("VERB", False), "VVN": ("VERB", False), "VVG": ("VERB", False),
    "VM0": ("MODAL", True),
    "NN0": ("NOUN", False), "NN1": ("NOUN", False), "NN2": ("NOUN", False),
    "NP0": ("PROPN", False),
    "PNP": ("PRON", False), "PNI": ("PRON", False), "PNQ": ("PRON", False),
    "EX0": ("PRON", False),
    "AT0": ("DET", False), "DT0": ("DET", False), "DTQ": ("DET", False), "DPS": ("DET", False),
    "AJ0": ("ADJ", False), "AJC": ("ADJ", False), "AJS": ("ADJ", False), "ORD": ("ADJ", False),
    "CRD": ("NUM", False),
    "AV0": ("ADV", False), "AVQ": ("ADV", False), "AVP": ("PART", False),
    "PRP": ("ADP", False), "PRF": ("ADP", False),
    "CJC": ("CCONJ", False), "CJS": ("SCONJ", False), "CJT": ("SCONJ", False),
    "TO0": ("PART", False), "XX0": ("PART", False), "POS": ("PART", False),
    "PUN": ("PUNCT", False), "PUQ": ("PUNCT", False), "PUL": ("PUNCT", False),
    "PUR": ("PUNCT", False),
}
COARSE = ("VERB", "AUX", "MODAL", "NOUN", "PROPN", "PRON", "DET", "ADJ", "ADV", "ADP", "CCONJ",
          "SCONJ", "PART", "NUM", "PUNCT", "X")


@dataclass(frozen=True, slots=True)
class Token:
    """One token of a sentence: offsets into the sentence's text, form, lemma, tags."""

    start: int
    end: int
    text: str
    lemma: str
    pos: str          # coarse tag (COARSE)
    tag: str          # the tagger's own tag (STTS for German, BNC C5 for English)
    finite: bool = False

    @property
    def lower(self) -> str:
        return self.text.lower()


def _english_tag(tag: str, word: str) -> tuple[str, bool]:
    if tag[:2] in ("VB", "VD", "VH"):       # be, do, have
        return "AUX", tag[2:] in ("B", "D", "Z")
    if word in ('"', "'"):
        return "PUNCT", False
    return _EN.get(tag, ("X", False))


class _Tagger:
    """One HanTa model with per-word memory (see the module docstring)."""

    def __init__(self, language: str):
        from HanTa import HanoverTagger as ht

        self.language = language
        self.model = ht.HanoverTagger("morphmodel_ger.pgz" if language == "de"
                                      else "morphmodel_en.pgz")
        tag_word = self.model._tag_word
        analyse = self.model._analyze
        seen: dict = {}
        lemmas: dict = {}

        # HanTa's Viterbi pass asks for each word's tag probabilities, and its lemmatiser for
        # each (word, tag)'s morphemes; both depend on nothing but their arguments.
        def remembered_tags(word, cutoff=5, casesensitive=True, conditional=False):
            key = (word, cutoff, casesensitive, conditional)
            hit = seen.get(key)
            if hit is None:
                hit = seen[key] = tag_word(word, cutoff, casesensitive, conditional)
            return hit

        def remembered_analysis(word, pos, taglevel=1):
            key = (word, pos, taglevel)
            hit = lemmas.get(key)
            if hit is None:
                hit = lemmas[key] = analyse(word, pos, taglevel)
            return hit

        self.model._tag_word = remembered_tags
        self.model._analyze = remembered_analysis

    def tag(self, text: str) -> list[Token]:
        return self.tag_spans([(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)])

    def tag_spans(self, spans: list[tuple[int, int, str]]) -> list[Token]:
        if not spans:
            return []
        words = [w for _, _, w in spans]
        tagged = self.model.tag_sent(words, taglevel=1)
        out = []
        for (s, e, w), (_, lemma, tag) in zip(spans, tagged):
            if self.language == "de":
                pos, finite = _DE.get(tag, ("X", False))
                if w in ('"', "'"):
                    pos = "PUNCT"
            else:
                pos, finite = _english_tag(tag, w)
                if lemma == w.lower() and pos == "PROPN":
                    lemma = w
            out.append(Token(s, e, w, lemma, pos, tag, finite))
        return out


@lru_cache(maxsize=None)
def tagger(language: str) -> _Tagger:
    """The tagger for a text's language (German or English; loaded once per process)."""
    return _Tagger(rule_language(language))


def tag(text: str, language: str | None) -> list[Token]:
    """Tokens of ``text`` with lemma and coarse part of speech (offsets into ``text``)."""
    return tagger(language or "en").tag(text)


def tag_words(words: list[str], language: str | None) -> list[Token]:
    """Tokens for words tokenised elsewhere (a treebank's), offsets into ``" ".join(words)``."""
    spans, pos = [], 0
    for w in words:
        spans.append((pos, pos + len(w), w))
        pos += len(w) + 1
    return tagger(language or "en").tag_spans(spans)
