"""Cues: the predicates that attribute what follows to their subject, found by lemma and part of
speech ("sagte", "wies … zurück", "told", "rule out"), and the frames around them ("laut X",
"according to X", hearsay, the author's inference, German reported speech).

A word is a cue when the tagger reads it as a verb and its lemma is in ``lexicon/cues.yaml``.
For German separable verbs the particle the tagger finds later in the clause is joined to the
stem first, so "wies … zurück" is *zurückweisen* (a stance) and "wies … hin" *hinweisen* (speech),
and "stimmte … zu" is *zustimmen* while a bare "stimmte" is no cue. English phrasal verbs take
the particle that follows ("ruled out", "called for").

>>> from accord.evidence.tagging import tag
>>> toks = tag("Lawrow wies die Forderung zurück und sagte, Moskau stimme nicht zu.", "de")
>>> [(toks[c.index].text, c.lemma, c.kind) for c in find_cues(toks, "de")]
[('wies', 'zurückweisen', 'stance'), ('sagte', 'sagen', 'speech'), ('stimme', 'zustimmen', 'stance')]
>>> toks = tag("Washington ruled out new sanctions, the envoy said.", "en")
>>> [(toks[c.index].text, c.lemma, c.kind) for c in find_cues(toks, "en")]
[('ruled', 'rule out', 'stance'), ('said', 'say', 'speech')]
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from accord.evidence.lexicon import load, rule_language
from accord.evidence.tagging import Token

KINDS = ("speech", "stance", "deliberation")
# tokens that close the clause a separable particle can belong to
_CLAUSE_END = {",", ";", ":", ".", "!", "?", '"', "(", ")", "–", "—"}


@dataclass(frozen=True)
class Cue:
    """A cue in a sentence: the verb's token index, its full lemma, its kind."""

    index: int
    lemma: str
    kind: str                     # speech, stance, deliberation, nominal
    particle: int | None = None   # token index of a separated German particle
    finite: bool = True           # whether the cue word itself is a finite verb


@dataclass(frozen=True)
class CueLexicon:
    kinds: dict[str, str]         # lemma → kind
    nominal: frozenset[str]
    phrasal: dict[str, set[str]]  # English base verb → particles
    light: dict[str, list[tuple[tuple[str, ...], str]]]  # light verb → (phrase words, kind)


@lru_cache(maxsize=None)
def lexicon(language: str) -> CueLexicon:
    lang = rule_language(language)
    data = load("cues")[lang]
    kinds: dict[str, str] = {}
    phrasal: dict[str, set[str]] = {}
    for kind in KINDS:  # speech wins over stance wins over deliberation for lemmas in two lists
        for lemma in data.get(kind, []):
            kinds.setdefault(lemma, kind)
            if " " in lemma:
                base, particle = lemma.split(" ", 1)
                phrasal.setdefault(base, set()).add(particle)
    light = {verb: [(tuple(w.lower() for w in phrase.split()), kind)
                    for phrase, kind in phrases.items()]
             for verb, phrases in (load("cues").get("light", {}).get(lang) or {}).items()}
    return CueLexicon(kinds, frozenset(data.get("nominal", [])), phrasal, light)


def _light_phrase(tokens: list[Token], i: int, options) -> tuple[str, str, int] | None:
    """The noun or particle phrase a light verb at ``i`` takes in its clause ("stellte …
    in Aussicht"): (phrase, kind, index of its last word), or None."""
    start = i
    while start > 0 and tokens[start - 1].text not in _CLAUSE_END and \
            tokens[start - 1].pos != "SCONJ":
        start -= 1
    end = clause_end(tokens, i)
    words = [t.lower for t in tokens]
    for phrase, kind in options:
        n = len(phrase)
        for k in range(start, end - n + 1):
            if k <= i < k + n:
                continue
            if tuple(words[k:k + n]) == phrase:
                return " ".join(phrase), kind, k + n - 1
    return None


def clause_end(tokens: list[Token], i: int) -> int:
    """Index of the first token after ``i`` that ends its clause (or len(tokens))."""
    for k in range(i + 1, len(tokens)):
        t = tokens[k]
        if t.text in _CLAUSE_END or t.pos == "SCONJ":
            return k
    return len(tokens)


def find_cues(tokens: list[Token], language: str, *, nominal: bool = False) -> list[Cue]:
    """The cues among ``tokens`` in order (``nominal`` adds utterance nouns)."""
    lang = rule_language(language)
    lex = lexicon(lang)
    out: list[Cue] = []
    used_particles: set[int] = set()
    for i, t in enumerate(tokens):
        if t.pos == "NOUN" and nominal and t.lemma in lex.nominal:
            out.append(Cue(i, t.lemma, "nominal", None, False))
            continue
        # "möchte" is the Konjunktiv II of "mögen" used as a polite "will" (to want)
        wish = lang == "de" and t.pos == "MODAL" and t.lower.startswith("möcht")
        if t.pos != "VERB" and not (t.pos == "MODAL" and t.lemma in ("wollen", "want")) and \
                not wish and not (t.pos == "AUX" and t.finite and t.lemma.lower() in lex.light):
            continue
        lemma = "wollen" if wish else t.lemma if lang == "de" else t.lemma.lower()
        if lang == "en" and t.tag == "VVN" and i > 0 and tokens[i - 1].pos in ("DET", "ADJ"):
            continue  # "the proposed deal": an adjective
        if lang == "en" and t.tag == "VVG" and i > 0 and tokens[i - 1].pos == "DET":
            continue
        # a participle before a noun is an adjective ("von der NATO unterstützte Garantien",
        # "US-backed guarantees")
        if t.tag in ("VV(PP)", "VVN", "VVG") and i + 1 < len(tokens) and (
                tokens[i + 1].pos == "NOUN" or tokens[i + 1].pos == "ADJ" and i + 2 < len(tokens)
                and tokens[i + 2].pos == "NOUN") and (lang == "en" or t.text[-1] in "enrs") and \
                not (lang == "en" and i > 0 and tokens[i - 1].pos == "AUX"):
            continue  # (after an auxiliary it is the verb: "is demanding stronger safeguards")
        if lang == "de" and i >= 2 and i + 1 < len(tokens) and tokens[i + 1].pos == "NOUN" and \
                any(tokens[k].lower in ("von", "vom", "durch") for k in range(max(0, i - 4), i)):
            continue  # "von der NATO unterstützte Garantien": an attributive participle
        if lang == "de":
            particle = None
            if t.finite:
                end = clause_end(tokens, i)
                # a particle belongs to the nearest finite verb before it ("betonte … und wies
                # darauf hin")
                end = next((k for k in range(i + 1, end) if tokens[k].finite and
                            tokens[k].pos == "VERB"), end)
                for k in range(end - 1, i, -1):
                    if tokens[k].tag == "PTKVZ" and k not in used_particles:
                        particle = k
                        break
            if particle is not None:
                joined = tokens[particle].lemma.lower() + lemma
                used_particles.add(particle)
                if joined in lex.kinds:
                    out.append(Cue(i, joined, lex.kinds[joined], particle, t.finite))
                    continue
                if tokens[particle].lower in ("an", "aus") and lemma in lex.light:
                    pass  # "geht davon aus": a light verb with its particle
                else:
                    continue  # "stimmte … zu" is not "stimmen"
            if lemma in lex.light:
                hit = _light_phrase(tokens, i, lex.light[lemma])
                if hit is not None:
                    out.append(Cue(i, f"{hit[0]} {lemma}", hit[1], hit[2], t.finite))
                    continue
            if lemma in lex.kinds:
                out.append(Cue(i, lemma, lex.kinds[lemma], None, t.finite))
            continue
        if lemma in lex.light:
            hit = _light_phrase(tokens, i, lex.light[lemma])
            if hit is not None and hit[2] > i:
                out.append(Cue(i, f"{lemma} {hit[0]}", hit[1], hit[2], t.finite))
                continue
        nxt = tokens[i + 1].lower if i + 1 < len(tokens) else ""
        if lemma in lex.phrasal and nxt in lex.phrasal[lemma]:
            full = f"{lemma} {nxt}"
            out.append(Cue(i, full, lex.kinds[full], i + 1, t.finite))
        elif lemma in lex.kinds:
            out.append(Cue(i, lemma, lex.kinds[lemma], None, t.finite))
    return out


def konjunktiv_one(tokens: list[Token]) -> bool:
    """Whether a German sentence has a finite verb in Konjunktiv I, the mood of reported speech
    ("sei", "habe", "werde", "könne", "stattfinde"): the 3rd person singular that ends in -e where
    the indicative ends in -t (the 1st person "ich habe" is excluded)."""
    for k, t in enumerate(tokens):
        if not t.finite or t.pos not in ("VERB", "AUX", "MODAL"):
            continue
        w = t.text.lower()
        if k > 0 and tokens[k - 1].lower == "ich":
            continue
        if w in ("sei", "seien", "habe", "werde", "könne", "müsse", "solle", "wolle", "dürfe",
                 "gebe", "wisse", "möge"):
            return True
        lemma = t.lemma.lower()
        if len(w) > 3 and lemma.endswith("en") and w == lemma[:-1] and w.endswith("e"):
            return True
    return False
