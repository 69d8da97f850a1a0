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
from accord.evidence.speakers import role_head
from accord.evidence.tagging import Token, tag
from accord.scenario.model import Scenario

PROCESS = "process"
# what one word of the talks themselves weighs against the words of a scenario issue (a name
# word weighs 2, an anchor or description word 1)
PROCESS_WEIGHT = 2.0
# what a content word of an issue's own name (or id) weighs; an anchor, option or description
# word weighs 1
NAME_WEIGHT = 2.0
# round 6: a word of the talks with a scenario issue as its topic counts for the issue alone
TALKS_ON_AN_ISSUE = True
# round 6: the soft English "c" folds to "s" (see stem_text)
SOFT_C = True
# prepositions that give the topic of talks ("talks on", "Gespräche über")
_TOPIC_PREPOSITIONS = frozenset({"on", "about", "over", "regarding", "concerning", "über",
                                 "zu", "zum", "zur", "um", "wegen"})
OTHER = "other"
# whether the keyword lexicon of war-ending talks (lexicon/issues.yaml) adds its keywords; the
# evaluation turns it off to see the scenario's own words alone (benchmarks/eval_issue.py)
KEYWORD_LEXICON = True
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
who whom whose which what when where whether how why open opened hold holds held last short
tie tied far end ends aim aims demand demands talk talks use used pay paid return returned lead
leads line ease eased lift lifted flow remove removed expand expanded halt halted pass passed
sell sold incl include decide decided repeat core south north east west western eastern reach
reached agree agreed agrees effective able need needs want wants set sets put
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
    w = stem_text(word)
    return w[:6] if len(w) > 6 else w


@dataclass
class IssueMatcher:
    """The vocabulary of each issue (scenario issues, then ``process``) and its keyword patterns.

    ``stems`` are cognate keys (:func:`stem`) of the scenario's own English words; ``words``
    the glossary's German words for them, folded whole (:func:`stem_text`) and matched as a
    word or a part of a German compound, never cut to a stem (``Unterstützung`` must not match
    ``unterzeichnen``).
    """

    stems: dict[str, dict[str, float]]                 # issue → stem → weight
    patterns: dict[str, list[re.Pattern]]              # issue → keyword patterns (lexicon)
    lexicon_keys: dict[str, list[str]] = field(default_factory=dict)
    process: dict[str, frozenset[str]] = field(default_factory=dict)  # language → stems
    words: dict[str, dict[str, float]] = field(default_factory=dict)  # issue → folded word → w

    @classmethod
    def for_scenario(cls, scenario: Scenario) -> "IssueMatcher":
        actor_words = _actor_words(scenario)
        glossary = load("glossary")
        stems: dict[str, dict[str, float]] = {}
        words: dict[str, dict[str, float]] = {}
        for issue in scenario.issues:
            weights: dict[str, float] = {}
            german: dict[str, float] = {}
            # (text, weight, whether its verbs count): an issue's name says what it is about;
            # its anchors and options are positions on it; its description also explains it
            # in general words ("whether any limits are agreed"), so only its nouns count
            texts = [(issue.name, NAME_WEIGHT, True),
                     (issue.id.replace("_", " "), NAME_WEIGHT, True)]
            texts += [(a.label, 1.0, True) for a in issue.anchors]
            texts += [(o.label, 1.0, True) for o in issue.options]
            if issue.description:
                texts.append((issue.description, 1.0, False))
            for text, weight, verbs in texts:
                for lemma, pos in _content_lemmas(text):
                    if lemma.lower() in _GENERIC or skeleton(lemma) in actor_words or \
                            pos == "VERB" and not verbs:
                        continue
                    s = stem(lemma)
                    if len(s) >= 3:
                        weights[s] = max(weights.get(s, 0.0), weight)
                    for word in glossary.get(lemma.lower(), []):
                        folded = _noun_base(stem_text(word))
                        # a cognate ("Garantie" for "guarantee") is already the stem's
                        if len(folded) >= 3 and stem(word) != s:
                            german[folded] = max(german.get(folded, 0.0), weight)
            stems[issue.id] = weights
            words[issue.id] = german
        # a key shared by half the issues or more tells them apart no better than chance
        n = len(scenario.issues)
        if n >= 3:
            for table in (stems, words):
                counts: dict[str, int] = {}
                for w in table.values():
                    for key in w:
                        counts[key] = counts.get(key, 0) + 1
                for w in table.values():
                    for key in [k for k in w if counts[k] * 2 >= n]:
                        del w[key]
        patterns, keys = _lexicon_patterns(scenario)
        process = {lang: frozenset(stem(w) for w in words_)
                   for lang, words_ in load("process").items()}
        return cls(stems, patterns, keys, process, words)

    def scores(self, tokens: list[Token], claimed=None) -> dict[str, float]:
        """Issue → evidence weight in the tokens (scenario issues only); each term of an issue
        counts once. ``claimed(k)`` gives the issue whose longer keyword phrase holds token
        ``k`` (its words count for no other issue)."""
        hits: set[tuple[str, str, str]] = set()
        for k, t in enumerate(tokens):
            if (t.pos in _CONTENT or t.text[:1].isupper()) and not _in_title(tokens, k):
                owner = claimed(k) if claimed else None
                # a verb is no compound of an English stem: "geplant" is not "ge" + "plant"
                # (round 5); its German words still count inside it ("zuzusichern")
                hits |= {h for h in self._word_hits(t.lemma, t.text, t.pos != "VERB")
                         if owner is None or h[0] == owner}
        total: dict[str, float] = {}
        for issue, table, key in hits:
            weight = (self.stems if table == "stem" else self.words)[issue][key]
            total[issue] = total.get(issue, 0.0) + weight
        # in the scenario's order, so that ties break the same way in every run
        return {issue: total[issue] for issue in self.stems if issue in total}

    def _word_hits(self, lemma: str, text: str,
                   compound: bool = True) -> frozenset[tuple[str, str, str]]:
        """(issue, "stem" or "word", term) for every issue term one word matches: by its stem,
        inside a German compound ("Sicherheitsgarantien") or as its head ("Autozölle");
        remembered per word form (news repeats its words)."""
        cache = self.__dict__.setdefault("_hits", {})
        key = (lemma, text, compound)
        hit = cache.get(key)
        if hit is not None:
            return hit
        stems = {stem(lemma), stem(text)}
        folded = stem_text(text) if len(text) >= 7 else None
        whole = {stem_text(lemma), _noun_base(stem_text(text))}
        found = []
        for issue, weights in self.stems.items():
            for s in weights:
                if s in stems or folded is not None and (
                        len(s) >= 5 and s in folded[2:] and compound or
                        len(s) >= 4 and folded.endswith(s) and len(folded) > len(s) + 2):
                    found.append((issue, "stem", s))
            for g in self.words.get(issue, {}):
                if g in whole or folded is not None and len(g) >= 4 and folded != g and (
                        folded.startswith(g) and len(g) >= 5 or folded.endswith(g) or
                        len(g) >= 6 and g in folded) or \
                        folded is not None and _modifier_of_general_head(folded, g):
                    found.append((issue, "word", g))
            if folded is not None:
                found += [(issue, "stem", s) for s in weights
                          if (issue, "stem", s) not in found and
                          _modifier_of_general_head(folded, s)]
        hit = cache[key] = frozenset(found)
        return hit

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
        """Issue → weight: the scenario's words and the lexicon's keywords. The longest
        keyword phrase wins: words inside one issue's phrase ("withdraw its troops from" is
        territory) count for no other issue ("troops")."""
        spans = self.keyword_spans(text)
        phrases = [(a, b, i) for i, found in spans.items() for a, b in found
                   if " " in text[a:b].strip()]
        claimed = None
        if phrases and tokens:
            base = tokens[0].start - max(0, text.find(tokens[0].text))

            def claimed(k: int) -> str | None:
                a, b = tokens[k].start - base, tokens[k].end - base
                return next((i for pa, pb, i in phrases if pa <= a and b <= pb), None)
        scores = self.scores(tokens, claimed)
        for issue, found in spans.items():
            if any(not any(pa <= a and b <= pb and pb - pa > b - a and i != issue
                           for pa, pb, i in phrases) for a, b in found):
                scores[issue] = scores.get(issue, 0.0) + 2.0
        return scores

    def keyword_spans(self, text: str) -> dict[str, list[tuple[int, int]]]:
        """Issue → the character spans of its lexicon keywords in ``text``."""
        found = self.keyword_issues(text)
        if not found:
            return {}
        cache = self.__dict__.setdefault("_spans", {})
        out = cache.get(text)
        if out is None:
            if len(cache) > 4096:
                cache.clear()
            out = cache[text] = {issue: [m.span() for p in self.patterns[issue]
                                         for m in p.finditer(text)] for issue in found}
        return out

    def keyword_issues(self, text: str) -> list[str]:
        """The issues whose lexicon keywords occur in ``text``."""
        cache = self.__dict__.setdefault("_keywords", {})
        hit = cache.get(text)
        if hit is None:
            if len(cache) > 4096:
                cache.clear()
            hit = cache[text] = [i for i, pats in self.patterns.items()
                                 if any(p.search(text) for p in pats)]
        return hit

    def best(self, text: str, tokens: list[Token], language: str | None,
             process_tokens: list[Token] | None = None) -> str | None:
        """The one issue a statement is about: the best-scoring scenario issue, unless the
        talks themselves (``process``) have more words in it; None if neither has any.
        ``process_tokens``: the words counted for ``process``, if not ``tokens``."""
        scores = {i: v for i, v in self.all_scores(text, tokens).items() if v >= 2.0}
        counted = tokens if process_tokens is None else process_tokens
        if scores and TALKS_ON_AN_ISSUE:
            # round 6: "negotiations on security guarantees", "Verhandlungen über die Zölle":
            # talks whose topic is a scenario issue are about that issue, not the talks
            counted = self._without_talks_on_an_issue(counted, language)
        process = PROCESS_WEIGHT * self.process_words(counted, language)
        if not scores and not process:
            return None
        top = max(scores, key=lambda i: (scores[i], -list(self.stems).index(i)), default=None)
        if top is None or process > scores[top]:
            return PROCESS
        return top

    def _without_talks_on_an_issue(self, tokens: list[Token],
                                   language: str | None) -> list[Token]:
        """The tokens less each word of the talks whose prepositional object ("on", "über",
        "zu", … and up to four words after it) holds a scenario issue's words."""
        lang = rule_language(language)
        words = self.process.get(lang, frozenset())
        drop = set()
        for k, t in enumerate(tokens[:-2]):
            if stem(t.lemma) not in words and stem(t.text) not in words:
                continue
            if tokens[k + 1].lower not in _TOPIC_PREPOSITIONS:
                continue
            after = tokens[k + 2:k + 6]
            if any(self._word_hits(a.lemma, a.text, a.pos != "VERB") for a in after
                   if a.pos in _CONTENT or a.text[:1].isupper()):
                drop.add(k)
        return [t for k, t in enumerate(tokens) if k not in drop] if drop else tokens

    def process_words(self, tokens: list[Token], language: str | None) -> int:
        """How many distinct words of the talks themselves the tokens have (German compounds
        by their head: "Atomgespräche")."""
        lang = rule_language(language)
        words = self.process.get(lang, frozenset())
        found = set()
        for t in tokens:
            key = stem(t.lemma)
            if key in words or stem(t.text) in words:
                found.add(key)
            elif lang == "de" and t.pos == "NOUN" and len(t.text) >= 9:
                folded = stem_text(t.text)
                head = next((w for w in words if len(w) >= 5 and w in folded[3:]), None)
                if head:
                    found.add(head)
        return len(found)

    def is_process(self, tokens: list[Token], language: str | None) -> bool:
        return self.process_words(tokens, language) > 0


def stem_text(word: str) -> str:
    """The whole word folded as :func:`stem` folds it, without cutting it (for compounds)."""
    w = unicodedata.normalize("NFKD", word.lower())
    w = "".join(c for c in w if not unicodedata.combining(c))
    # British and American spellings ("defence"/"defense", "licence"/"license") and the German
    # "z" of "Finanz", "Allianz" meet at "nse"
    for a, b in (("nce", "nse"), ("ph", "f"), ("th", "t"), ("gu", "g"), ("qu", "kw")):
        w = w.replace(a, b)
    if SOFT_C:
        # round 6: an English "c" before e, i, y is the German "z" ("licence"/"Lizenz",
        # "process"/"Prozess", "commerce"/"Kommerz"), elsewhere its "k"
        w = re.sub(r"c(?=[eiy])", "s", w)
    for a, b in (("c", "k"), ("z", "s"), ("y", "i"), ("ß", "ss")):
        w = w.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", w)


@lru_cache(maxsize=4096)
def _content_lemmas(text: str) -> tuple[tuple[str, str], ...]:
    """Content words of a scenario text, lemmatised, with their part of speech. Short texts
    (an issue's name) give no reliable language, so the English reading comes first and the
    German one is added for capitalised words (German nouns)."""
    out = []
    for lang in ("en", "de"):
        for t in tag(text, lang):
            if lang == "de" and not t.text[:1].isupper():
                continue
            if t.pos in _CONTENT and len(t.text) >= 3 and t.lower not in _STOP and t.text.isalpha():
                out.append((t.lemma if t.pos != "PROPN" else t.text, t.pos))
    return tuple(dict.fromkeys(out))


# Heads of German compounds that say only what kind of thing their modifier is ("Zollstreit",
# "Zollfrage", "Hilfslieferungen", "Sanktionspaket"): the modifier is the topic, however
# short ("Zoll" is too short to look for inside any compound: "Auto" would find "Autobahn").
# Folded as stem_text folds them.
_GENERAL_HEADS = ("streit", "frage", "tema", "politik", "gesprach", "verhandlung", "abkom",
                  "einigung", "konflikt", "debat", "kompromis", "paket", "regelung", "plan",
                  "vorschlag", "forderung", "lieferung", "guter", "krieg", "deal", "erhohung",
                  "senkung", "aufskhub", "stop", "verbot", "sahlung", "kontrol", "resgelung",
                  "polit")
_LINKS = ("", "s", "es", "n", "en", "e")


def _modifier_of_general_head(folded: str, modifier: str) -> bool:
    """Whether a folded German compound is ``modifier`` (with a linking element) before a
    general head ("solstreit": "sol" + "streit")."""
    if len(modifier) < 3 or not folded.startswith(modifier):
        return False
    rest = folded[len(modifier):]
    return any(rest[len(link):].startswith(h) and rest.startswith(link)
               for link in _LINKS for h in _GENERAL_HEADS)


def _noun_base(folded: str) -> str:
    """A folded German noun without its plural or case ending ("solle" → "sol" is too short
    to cut, "garantien" → "garantie")."""
    for ending in ("en", "n", "e", "s"):
        if folded.endswith(ending) and len(folded) - len(ending) >= 4:
            return folded[: -len(ending)]
    return folded


def _in_title(tokens: list[Token], k: int) -> bool:
    """Whether word ``k`` ends a capitalised office ("Secretary of the Army", "Ministry of
    Energy"): it names a person's office, not the issue."""
    if not tokens[k].text[:1].isupper():
        return False
    j = k - 1
    if j >= 0 and tokens[j].lower == "the":
        j -= 1
    if j < 1 or tokens[j].lower != "of":
        return False
    head = tokens[j - 1]
    return head.text[:1].isupper() and (bool(role_head(head.text, "en")) or
                                        head.lower in ("department", "ministry", "office"))


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
    lexicon = load("issues") if KEYWORD_LEXICON else {}
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
