"""Which issue a sentence is about, from the scenario's own words.

Each scenario issue gets its vocabulary from what the scenario says about it: the content words
(nouns, proper names, adjectives, verbs — by the tagger's part of speech, lemmatised) of its
name (weight 2), its anchor and option labels and its description (weight 1). A word that names
an actor says nothing about the issue; a word shared by half the issues or more says little.
So a scenario a user writes for trade, climate or coalition talks is matched without any new
word list. Words are compared through a *stem* that forgets inflection and the usual
German/English spelling differences (``Sanktionen``/``sanctions``, ``Garantien``/``guarantees``,
``Territorium``/``territory``), and German compounds are searched for the stems inside them
(``Sicherheitsgarantien``). The bilingual glossary (``lexicon/glossary.yaml``) adds the German
words of general negotiation vocabulary that are no cognates (``tariff`` → ``Zoll``).

The issue lexicon of war-ending talks (``lexicon/issues.yaml``) still adds its keywords to the
scenario issues whose id or name it recognises (the built-in scenario's ``donbas`` takes
*territory*).

Two issues are built in: ``process`` — the talks themselves (venues, rounds, delegations,
envoys, progress, "constructive") — and ``other``, for a stance on something the scenario has
no issue for.

>>> from accord.scenario.model import Actor, Anchor, Issue, Scenario
>>> s = Scenario(id="t", title="t", actors=[Actor(id="eu", name="European Union")], issues=[
...     Issue(id="tariffs", name="Tariffs on cars", anchors=[Anchor(value=0, label="No tariffs"),
...           Anchor(value=100, label="25 % tariff on all imported cars")]),
...     Issue(id="steel", name="Steel quotas", description="Quotas on steel and aluminium imports")])
>>> m = IssueMatcher.for_scenario(s)
>>> m.find("Brüssel lehnt neue Autozölle ab.", "de"), m.find("a quota for aluminium", "en")
(['tariffs'], ['steel'])
>>> m.find("The next round of talks is in Geneva.", "en")
['process']
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from accord.evidence.gazetteer import skeleton
from accord.evidence.lexicon import load, rule_language
from accord.evidence.tagging import Token, tag
from accord.scenario.model import Scenario

PROCESS = "process"
OTHER = "other"
BUILTIN_ISSUES = (PROCESS, OTHER)

_CONTENT = {"NOUN", "PROPN", "ADJ", "VERB"}
# words that carry no issue in any negotiation: scale words, quantities, generic nouns
_GENERIC = set("""
foreign military status security political general control question issue future support
national international current together agreement administration full fully partial partly
only some more less all any none kind level part side sides case terms term deal deals plan
plans option options position positions process state states country countries party parties
government governments first second third final new old other same whole rest main major
minor large small high low keep kept make made take taken give given remain remains stay
allow allowed existing current within without under above after before during per cent
percent year years month months day days time times way ways point points form forms issue
including include includes included matter matters question questions possible
wird werden keine kein alle allen ganz nur mehr weniger Teil Seite Fall Frage Punkt Form Art
Jahr Jahre Monat Monate bleiben bleibt halten geben nehmen machen
""".lower().split())
_STOP = set("""der die das des dem den ein eine einer eines einem einen und oder für von mit zu zur
zum auf aus bei nach über unter vor nicht the a an of and or for to on in with from by at as is
are be its their all any only no not""".split())


def stem(word: str) -> str:
    """A spelling- and inflection-blind key for comparing content words across German and
    English.

    >>> [stem(w) for w in ["Sanktionen", "sanctions", "Garantien", "guarantees", "Territorium", "territory"]]
    ['sankti', 'sankti', 'garant', 'garant', 'terito', 'terito']
    """
    w = unicodedata.normalize("NFKD", word.lower())
    w = "".join(c for c in w if not unicodedata.combining(c))
    for a, b in (("ph", "f"), ("th", "t"), ("gu", "g"), ("qu", "kw"), ("c", "k"), ("z", "s"),
                 ("y", "i"), ("ß", "ss")):
        w = w.replace(a, b)
    w = re.sub(r"(.)\1+", r"\1", w)
    return w[:6] if len(w) > 6 else w


@dataclass
class IssueMatcher:
    """Stems and keyword patterns per issue id (scenario issues, then ``process``)."""

    stems: dict[str, dict[str, float]]                 # issue → stem → weight
    patterns: dict[str, list[re.Pattern]]              # issue → keyword patterns (lexicon)
    lexicon_keys: dict[str, list[str]] = field(default_factory=dict)
    process: dict[str, frozenset[str]] = field(default_factory=dict)  # language → stems

    @classmethod
    def for_scenario(cls, scenario: Scenario) -> "IssueMatcher":
        actor_words = _actor_words(scenario)
        glossary = load("glossary")
        stems: dict[str, dict[str, float]] = {}
        for issue in scenario.issues:
            weights: dict[str, float] = {}
            texts = [(issue.name, 2.0), (issue.id.replace("_", " "), 2.0)]
            texts += [(a.label, 1.0) for a in issue.anchors]
            texts += [(o.label, 1.0) for o in issue.options]
            if issue.description:
                texts.append((issue.description, 1.0))
            for text, weight in texts:
                for lemma in _content_lemmas(text):
                    if lemma.lower() in _GENERIC or skeleton(lemma) in actor_words:
                        continue
                    for word in [lemma, *glossary.get(lemma.lower(), [])]:
                        s = stem(word)
                        if len(s) >= 3:
                            weights[s] = max(weights.get(s, 0.0), weight)
            stems[issue.id] = weights
        # a stem shared by half the issues or more tells them apart no better than chance
        n = len(scenario.issues)
        if n >= 3:
            counts: dict[str, int] = {}
            for w in stems.values():
                for s in w:
                    counts[s] = counts.get(s, 0) + 1
            for w in stems.values():
                for s in [s for s in w if counts[s] * 2 >= n]:
                    del w[s]
        patterns, keys = _lexicon_patterns(scenario)
        process = {lang: frozenset(stem(w) for w in words)
                   for lang, words in load("process").items()}
        return cls(stems, patterns, keys, process)

    def scores(self, tokens: list[Token]) -> dict[str, float]:
        """Issue → evidence weight in the tokens (scenario issues only)."""
        words = [t for t in tokens if t.pos in _CONTENT or t.text[:1].isupper()]
        token_stems = {stem(t.lemma) for t in words} | {stem(t.text) for t in words}
        # German compounds: the stem inside the word ("Sicherheitsgarantien") or as its head
        # ("Autozölle")
        folded = [stem_text(t.text) for t in words if len(t.text) >= 7]
        out: dict[str, float] = {}
        for issue, weights in self.stems.items():
            score = 0.0
            for s, w in weights.items():
                if s in token_stems or any(
                        (len(s) >= 5 and s in x[2:]) or
                        (len(s) >= 4 and x.endswith(s) and len(x) > len(s) + 2)
                        for x in folded):
                    score += w
            if score:
                out[issue] = score
        return out

    def find(self, text: str, language: str | None = None,
             tokens: list[Token] | None = None) -> list[str]:
        """Issue ids a text is about: scenario issues first; else ``process`` if it is about
        the talks; else nothing."""
        if tokens is None:
            tokens = tag(text, language)
        found = self.scenario_issues(text, tokens)
        if found:
            return found
        return [PROCESS] if self.is_process(tokens, language) else []

    def scenario_issues(self, text: str, tokens: list[Token]) -> list[str]:
        """The scenario issues with enough evidence in the text, best first."""
        scores = self.all_scores(text, tokens)
        return sorted((i for i in self.stems if scores.get(i, 0.0) >= 2.0),
                      key=lambda i: -scores[i])

    def all_scores(self, text: str, tokens: list[Token]) -> dict[str, float]:
        scores = self.scores(tokens)
        for issue, pats in self.patterns.items():
            if any(p.search(text) for p in pats):
                scores[issue] = scores.get(issue, 0.0) + 2.0
        return scores

    def best(self, text: str, tokens: list[Token], language: str | None) -> str | None:
        """The one issue a statement is about: the best-scoring scenario issue, unless the
        talks themselves (``process``) have more words in it; None if neither has any."""
        scores = {i: v for i, v in self.all_scores(text, tokens).items() if v >= 2.0}
        process = 2.0 * self.process_words(tokens, language)
        if not scores and not process:
            return None
        top = max(scores, key=lambda i: (scores[i], -list(self.stems).index(i)), default=None)
        if top is None or process > scores[top]:
            return PROCESS
        return top

    def process_words(self, tokens: list[Token], language: str | None) -> int:
        words = self.process.get(rule_language(language), frozenset())
        return len({stem(t.lemma) for t in tokens if stem(t.lemma) in words or
                    stem(t.text) in words})

    def is_process(self, tokens: list[Token], language: str | None) -> bool:
        return self.process_words(tokens, language) > 0


def stem_text(word: str) -> str:
    """The whole word folded as :func:`stem` folds it, without cutting it (for compounds)."""
    w = unicodedata.normalize("NFKD", word.lower())
    w = "".join(c for c in w if not unicodedata.combining(c))
    for a, b in (("ph", "f"), ("th", "t"), ("gu", "g"), ("qu", "kw"), ("c", "k"), ("z", "s"),
                 ("y", "i"), ("ß", "ss")):
        w = w.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", w)


@lru_cache(maxsize=4096)
def _content_lemmas(text: str) -> tuple[str, ...]:
    """Content words of a scenario text, lemmatised. Short texts (an issue's name) give no
    reliable language, so the English reading comes first and the German one is added for
    capitalised words (German nouns)."""
    out = []
    for lang in ("en", "de"):
        for t in tag(text, lang):
            if lang == "de" and not t.text[:1].isupper():
                continue
            if t.pos in _CONTENT and len(t.text) >= 3 and t.lower not in _STOP and t.text.isalpha():
                out.append(t.lemma if t.pos != "PROPN" else t.text)
    return tuple(dict.fromkeys(out))


def _actor_words(scenario: Scenario) -> set[str]:
    words = {skeleton(w) for a in scenario.actors for n in [a.name, *a.aliases, a.id]
             for w in re.findall(r"[^\W\d_]+", n)}
    for entry in load("places").values():
        for n in [*entry.get("names", []), *entry.get("metonyms", [])]:
            words.update(skeleton(w) for w in re.findall(r"[^\W\d_]+", n))
    return words


_GENERIC_NAME_WORDS = {"foreign", "military", "status", "security", "political", "general",
                       "control", "question", "issue", "future", "support", "national",
                       "international", "frozen", "western", "eastern", "current", "together",
                       "agreement", "administration"}


def _term_matches(term: str, issue, hay: str, codes: set[str], by_code: bool) -> bool:
    is_code = (term[:1].isupper() and any(ch.isupper() for ch in term[1:])) or len(term) <= 3
    if by_code:
        return is_code and term.lower() in codes
    if is_code:
        return term.lower() == issue.id.lower()
    return term.lower() in hay


def _lexicon_patterns(scenario: Scenario) -> tuple[dict[str, list[re.Pattern]], dict[str, list[str]]]:
    """Keyword patterns of the issue lexicon entries a scenario issue's id or name chooses
    (its codes only when they choose none: codes are shared, DdrDemil is troops and army)."""
    lexicon = load("issues")
    patterns: dict[str, list[re.Pattern]] = {}
    keys: dict[str, list[str]] = {}
    for issue in scenario.issues:
        hay = " ".join([issue.id, issue.name]).lower()
        codes = {c.lower() for c in issue.codes}
        rx: list[str] = []
        matched: list[str] = []
        for by_code in (False, True):
            for key, entry in lexicon.items():
                if any(_term_matches(term, issue, hay, codes, by_code)
                       for term in entry.get("match", [])):
                    matched.append(key)
                    rx += [r"(?<![\w])" + k for k in entry.get("keywords", [])]
                    rx += list(entry.get("infix", []))
            if matched:
                break
        patterns[issue.id] = [re.compile(p, re.IGNORECASE) for p in dict.fromkeys(rx)]
        keys[issue.id] = matched
    return patterns, keys
