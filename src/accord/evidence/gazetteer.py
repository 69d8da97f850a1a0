"""Finding the scenario's actors in a text: names in any transliteration and case, role phrases,
capitals and institutions standing for states, and news media.

Names are compared through a *skeleton* that forgets the differences between German and English
transliterations of Slavic names and German genitive endings: ``Selenskyj``, ``Selenskyjs``,
``Zelensky`` and ``Zelenskyy`` share the skeleton ``selenski``; ``Peskow``/``Peskov``,
``Uschakow``/``Ushakov``, ``Witkoff``/``Witkow`` likewise. So a scenario only needs one spelling
of a name; the variants come for free.

Role phrases come from the scenario (``Actor.roles``, matched with German adjective and noun
endings: "der russische Präsident" also finds "dem russischen Präsidenten") and from the general
office lexicon (``lexicon/roles.yaml``): an office with a country ("Kremlsprecher",
"US-Außenminister", "Präsident der Ukraine") denotes the scenario person of that country whose
roles name the same office, or else the country itself.

>>> from accord.scenario.model import Actor, Issue, Scenario
>>> s = Scenario(id="t", title="t", issues=[Issue(id="x", name="x")], actors=[
...     Actor(id="russia", name="Russia", aliases=["Russland"]),
...     Actor(id="zelensky", name="Volodymyr Zelensky", kind="person", member_of=[]),
...     Actor(id="peskov", name="Dmitry Peskov", kind="person", member_of=["russia"],
...           roles=["Kremlsprecher"])])
>>> g = Gazetteer(s)
>>> [(m.text, m.actor) for m in g.find("Kremlsprecher Dmitri Peskow wies Selenskyjs Angebot zurück.")]
[('Kremlsprecher Dmitri Peskow', 'peskov'), ('Selenskyjs', 'zelensky')]
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import lru_cache

from accord.evidence.lexicon import load
from accord.scenario.model import Actor, Scenario

_WORD = re.compile(r"[^\W\d_][^\W_]*(?:['’][^\W\d_]+)?", re.UNICODE)


@lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """A transliteration-blind key for a name token.

    >>> [skeleton(w) for w in ["Selenskyj", "Zelensky", "Uschakow", "Ushakov", "Witkoff", "Arachamija", "Arakhamia"]]
    ['selenski', 'selenski', 'ushakov', 'ushakov', 'vitkov', 'arahamia', 'arahamia']
    """
    w = unicodedata.normalize("NFKD", word.lower())
    w = "".join(c for c in w if not unicodedata.combining(c))
    w = w.replace("'", "").replace("’", "").replace("ß", "ss")
    for a, b in (("tsch", "ch"), ("sch", "sh"), ("zh", "sh"), ("kh", "h"), ("ch", "h"), ("ph", "f"),
                 ("w", "v"), ("z", "s"), ("ck", "k"), ("j", "y"), ("iya", "ia"), ("iy", "y"),
                 ("yy", "y"), ("ye", "e"), ("ya", "ia"), ("yu", "iu"), ("ou", "u")):
        w = w.replace(a, b)
    w = re.sub(r"(.)\1+", r"\1", w)
    w = re.sub(r"of$", "ov", w)
    w = re.sub(r"y$", "i", w)
    return w


def _capital_optional(pattern: str) -> str:
    """A German adjective pattern that also matches at the start of a sentence
    ("russisch\\w*" → "[Rr]ussisch\\w*")."""
    first = pattern[:1]
    return f"[{first.upper()}{first}]{pattern[1:]}" if first.islower() else pattern


_ARTICLE_BEFORE = re.compile(r"(?:\b(?:der|die|des|dem|den|the|The|Der|Die)\s+)$")


def _with_article(text: str, start: int) -> int:
    """The start of a mention with the article right before it ("dem russischen Präsidenten",
    "die Financial Times")."""
    m = _ARTICLE_BEFORE.search(text, max(0, start - 5), start)
    return m.start() if m else start


def _inside_word(text: str, start: int, hyphen: bool = False) -> bool:
    """Whether a match starting at ``start`` begins inside a word (or after a hyphen)."""
    if start == 0:
        return False
    ch = text[start - 1]
    return ch.isalnum() or ch == "_" or hyphen and ch == "-"


_LEADING_BOUNDARY = ("(?<![\\w])", "(?<![\\w-])")


@lru_cache(maxsize=None)
def _fast(rx: re.Pattern) -> tuple[re.Pattern, bool]:
    """The pattern without its leading word-boundary look-behind, which keeps the regex engine
    from skipping ahead to the literal that starts a name (every pattern would read every
    character); the caller checks the boundary. Returns (pattern, whether "-" also bounds)."""
    for k, lead in enumerate(_LEADING_BOUNDARY):
        if rx.pattern.startswith(lead):
            return re.compile(rx.pattern[len(lead):], rx.flags), k == 1
    return rx, False


def _genitive_stems(token: str) -> list[str]:
    """The token and what it would be without a German or English possessive ending."""
    out = [token]
    for suffix in ("'s", "’s", "'", "’", "s"):
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            out.append(token[: -len(suffix)])
    return out


# One-word aliases that are also pronouns, articles or prepositions in German or English: a
# scenario may list "He" for He Lifeng, but "He added" is a pronoun.
_FUNCTION_WORDS = frozenset("""he she it we i you they me him her us them his its our li an in
on at as to so do be is am or if no die der das den dem des er es sie wir ich ihr man ein eine
im um zu ob""".split())

_INSTITUTIONS = (r"Beamte\w*|Regierung\w*|Behörde\w*|Diplomat\w*|Unterhändler\w*|Delegation\w*|"
                 r"Seite|Führung|Militärs?|Streitkräfte\w*|Armee|Verhandlungsführer\w*|Quellen|"
                 r"[Oo]fficials?|[Gg]overnment|[Aa]uthorities|[Dd]iplomats?|[Nn]egotiators?|"
                 r"[Dd]elegation|[Ss]ide|[Ll]eadership|[Mm]ilitary|[Ff]orces|[Aa]rmy|[Ss]ources")


# a personal name right after an office: two or three capitalised words
_APPOSITION = re.compile(r"\s+([A-ZÄÖÜ][a-zäöüß'’-]+(?:\s+[A-ZÄÖÜ][a-zäöüß'’-]+){1,2})(?=[\s,.;:]|$)")


@dataclass(frozen=True)
class Mention:
    """An actor (or medium) named in the text."""

    start: int
    end: int
    text: str
    actor: str | None      # scenario actor id, None for a medium or person outside the scenario
    name: str              # display name: the actor's name, the medium's, the role phrase
    kind: str              # person, state, organisation, coalition, media
    how: str               # name, surname, alias, role, office, metonym, adjective, media, fuzzy
    confidence: float
    speaker_ok: bool = True  # adjectives ("russische") mention an actor but never speak
    member_of: str | None = None  # a person outside the scenario: the state their office names


def _role_regex(phrase: str) -> str:
    """A role phrase with German inflection: adjectives take any ending, nouns -s/-n/-en/-es."""
    parts = []
    words = re.split(r"\s+", phrase.strip())
    # an English title of two or more words is lower-cased where it does not stand before the
    # name ("Commerce Secretary Howard Lutnick", "the commerce secretary said")
    lowered = len(words) > 1 and all(w.isascii() for w in words)
    for tok in words:
        esc = re.escape(tok)
        if tok[:1].islower() and re.search(r"(?:e|er|en|es|em)$", tok) and len(tok) > 4:
            stem = re.sub(r"(?:e|er|en|es|em)$", "", tok)
            parts.append(re.escape(stem) + r"(?:e|er|en|es|em)")
        elif tok[:1].isupper() and tok[-1:].isalpha():
            head = f"[{tok[0]}{tok[0].lower()}]" + re.escape(tok[1:]) if lowered and \
                not tok.isupper() else esc
            parts.append(head + r"(?:s|n|en|es|in)?")
        else:
            parts.append(esc)
    return r"\s+".join(parts)


def _levenshtein1(a: str, b: str) -> bool:
    """True when a and b differ by exactly one insertion, deletion or substitution."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = j = diff = 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            i += 1
            j += 1
            continue
        diff += 1
        if diff > 1:
            return False
        if len(a) == len(b):
            i += 1
        j += 1
    return diff + (len(b) - j) + (len(a) - i) == 1


class Gazetteer:
    """All the ways a text can name the actors of one scenario."""

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self.actors: dict[str, Actor] = {a.id: a for a in scenario.actors}
        self._names: dict[tuple[str, ...], tuple[str, str, bool]] = {}  # skeletons → actor, how, exact-case
        self._surnames: dict[str, str] = {}
        self._acronyms: dict[str, str] = {}
        self._patterns: list[tuple[re.Pattern, str | None, str, str, float, bool]] = []
        # offices qualified by a country ("Kremlsprecher", "Präsident der Ukraine"): patterns
        # whose named groups say the office and the country, and who that office is
        self._offices: list[re.Pattern] = []
        self._office_of: dict[tuple[str, str], tuple[str, str, float]] = {}
        self._media: list[tuple[re.Pattern, list[tuple[str | None, str]]]] = []
        self.country_actor: dict[str, str] = {}
        self._build_names()
        self._build_countries()
        self._build_roles()
        self._build_media()

    # --- building -------------------------------------------------------------------------

    def _build_names(self) -> None:
        for a in self.scenario.actors:
            names = [a.name, *a.aliases]
            for n, name in enumerate(names):
                tokens = _WORD.findall(name)
                if not tokens:
                    continue
                if len(tokens) == 1 and tokens[0].isupper() and len(tokens[0]) <= 5:
                    self._acronyms.setdefault(tokens[0], a.id)
                    continue
                if len(tokens) == 1 and tokens[0].lower() in _FUNCTION_WORDS:
                    continue  # "He" (He Lifeng), "Li": a pronoun or article, not a name
                key = tuple(skeleton(t) for t in tokens)
                self._names.setdefault(key, (a.id, "name" if n == 0 else "alias", False))
                if a.kind == "person" and len(tokens) >= 2 and len(tokens[-1]) >= 3:
                    self._surnames.setdefault(skeleton(tokens[-1]), a.id)
            if re.fullmatch(r"[A-Za-z]{2,5}", a.id) and a.id.upper() not in self._acronyms and \
                    a.kind != "person":
                self._acronyms.setdefault(a.id.upper(), a.id)

    def _match_actor_by_names(self, names: list[str]) -> str | None:
        keys = {tuple(skeleton(t) for t in _WORD.findall(n)) for n in names}
        raw = {n for n in names}
        for a in self.scenario.actors:
            if a.kind == "person":
                continue
            own = [a.name, *a.aliases, a.id]
            if any(tuple(skeleton(t) for t in _WORD.findall(n)) in keys for n in own) or \
                    any(n in raw for n in own if n.isupper()):
                return a.id
        return None

    def _build_countries(self) -> None:
        for code, entry in load("places").items():
            names = [*entry.get("names", []), *entry.get("metonyms", [])]
            actor = self._match_actor_by_names(names)
            if actor is None:
                self._add_place(entry)
                continue
            self.country_actor[code] = actor
            for n in entry.get("names", []):
                self._add_literal(n, actor, "alias", 0.9)
            for n in entry.get("metonyms", []):
                self._add_literal(n, actor, "metonym", 0.8)
            for adj in entry.get("adjectives", []):
                adj = _capital_optional(adj)  # "Ukrainische und russische Unterhändler"
                # "russische Beamte", "Russian officials": a state's people speak for it
                rx = re.compile(r"(?<![\w-])" + adj + r"\s+(?:" + _INSTITUTIONS + r")(?![\w])")
                self._patterns.append((rx, actor, self.actors[actor].name, "metonym", 0.7, True))
                rx = re.compile(r"(?<![\w-])" + adj + r"(?![\w])")
                self._patterns.append((rx, actor, self.actors[actor].name, "adjective", 0.6, False))

    def _add_place(self, entry: dict) -> None:
        """A state the scenario lacks: its names and capitals speak as that state (named in
        English, no actor id); "Omani officials" are its unnamed officials."""
        english = entry.get("en") or entry["names"][0]
        for n in [*entry.get("names", []), *entry.get("metonyms", [])]:
            flags = 0 if n.isupper() or len(n) <= 3 else re.IGNORECASE
            body = r"\s+".join(re.escape(t) for t in n.split())
            suffix = r"(?:s|es)?" if not n.isupper() and n[-1:].isalpha() else ""
            rx = re.compile(r"(?<![\w])" + body + suffix + r"(?![\w])", flags)
            self._patterns.append((rx, None, english, "place", 0.7, True))
        for adj in entry.get("adjectives", []):
            rx = re.compile(r"(?<![\w-])" + _capital_optional(adj) + r"(?![\w])")
            self._patterns.append((rx, None, english, "place-adjective", 0.5, False))

    def _add_literal(self, name: str, actor: str, how: str, confidence: float) -> None:
        flags = 0 if name.isupper() or len(name) <= 3 else re.IGNORECASE
        body = r"\s+".join(re.escape(t) for t in name.split())
        suffix = r"(?:s|es)?" if not name.isupper() and name[-1:].isalpha() else ""
        rx = re.compile(r"(?<![\w])" + body + suffix + r"(?![\w])", flags)
        self._patterns.append((rx, actor, self.actors[actor].name, how, confidence, True))

    def _country_qualifiers(self, lang_key: str) -> list[tuple[str, str, str]]:
        """(code, regex before the office, regex after the office) for each mapped country."""
        out = []
        for code, entry in load("places").items():
            if code not in self.country_actor:
                continue
            prefixes = [re.escape(p) for p in entry.get("prefixes", [])]
            adjs = [a.replace(r"\w*", "") for a in entry.get("adjectives", []) if "-" not in a]
            before = []
            if prefixes:
                before.append(r"(?:" + "|".join(prefixes) + r")-?")
            if adjs:
                # the article in front ("dem russischen Präsidenten") is added to the match by
                # _with_article: as a leading option it would make every position a start
                before.append(r"(?:" + "|".join(adjs) + r")(?:e|er|en|es|em)?\s+")
            names = [re.escape(n) for n in entry.get("names", []) if len(n) > 2]
            after = r"\s+(?:der|des|von|of(?:\s+the)?)\s+(?:" + "|".join(names) + r")s?" if names else ""
            out.append((code, "|".join(before), after))
        return out

    def _build_roles(self) -> None:
        # 1. the scenario's own role phrases
        for a in self.scenario.actors:
            for phrase in a.roles:
                rx = re.compile(r"(?<![\w])" + _role_regex(phrase) + r"(?![\w])")
                self._patterns.append((rx, a.id, a.name, "role", 0.85, True))
        # 2. general offices qualified by a country, and offices of a possessor
        roles = load("roles")
        qualifiers = self._country_qualifiers("de")
        offices = list(roles["offices"].items())
        for office, _ in offices:
            for code, _, _ in qualifiers:
                a = self.actors[self._resolve_office(office, self.country_actor[code])]
                self._office_of[(office, code)] = (a.id, a.name,
                                                   0.8 if a.kind == "person" else 0.6)
        # two patterns for all offices and countries, both named groups: "Kremlsprecher",
        # "der russische Präsident" (country before), "Präsident der Ukraine" (after). In a
        # compound the office loses its capital ("Kremlsprecher").
        compound = "|".join(
            f"(?P<o_{office}>" + "|".join(re.sub(r"^([A-ZÄÖÜ])",
                                                 lambda m: f"[{m.group(1)}{m.group(1).lower()}]", f)
                                          for f in forms["de"] + forms["en"]) + ")"
            for office, forms in offices)
        plain = "|".join(f"(?P<o_{office}>" + "|".join(forms["de"] + forms["en"]) + ")"
                         for office, forms in offices)
        before = "|".join(f"(?P<c_{code}>{b})" for code, b, _ in qualifiers if b)
        after = "|".join(f"(?P<c_{code}>{a[a.rindex('(?:'):]})" for code, _, a in qualifiers if a)
        if before:
            self._offices.append(re.compile(r"(?:" + before + r")(?:" + compound + r")(?![\w])"))
        if after:
            self._offices.append(re.compile(r"(?:" + plain + r")\s+(?:der|des|von|of(?:\s+the)?)"
                                            r"\s+(?:" + after + r")(?![\w])"))
        mods = "|".join(roles["possessive_modifiers"]["de"] + roles["possessive_modifiers"]["en"])
        offices = "|".join(f"(?P<{office}>" + "|".join(forms["de"] + forms["en"]) + ")"
                           for office, forms in roles["offices"].items())
        # "Putins engster Berater", "Germany's chancellor", "Russia's foreign minister"
        self._possessive = re.compile(
            r"(?P<owner>[A-ZÄÖÜ][\w’']+?)(?:s|'s|’s|')\s+(?:(?:" + mods + r")\s+)?(?:" +
            offices + r")(?![\w])")

    def _resolve_office(self, office: str, country: str) -> str:
        """The scenario person of ``country`` whose roles name ``office``; else the country."""
        forms = load("roles")["offices"][office]
        rx = re.compile("|".join(forms["de"] + forms["en"]), re.IGNORECASE)
        country_actor = self.actors[country]
        for a in self.scenario.actors:
            if a.kind != "person":
                continue
            belongs = country in a.member_of or a.id in country_actor.members
            if belongs and any(rx.search(r) for r in a.roles):
                return a.id
        return country

    def _build_media(self) -> None:
        """One pattern for every medium's names (the article before one is added by
        _with_article); short or upper-case names only in their own case ("AP", "FT")."""
        parts, payload = [], []
        for entry in load("media"):
            actor = self._match_actor_by_names([entry["name"], *entry["variants"]])
            for v in sorted(entry["variants"], key=len, reverse=True):
                body = r"\s+".join(re.escape(t) for t in v.split())
                if not (v.isupper() or len(v) <= 4):
                    body = f"(?i:{body})"
                parts.append(f"(?P<m{len(payload)}>{body})")
                payload.append((actor, entry["name"]))
        self._media.append((re.compile("(?:" + "|".join(parts) + r")(?![\w-])"), payload))

    # --- finding ----------------------------------------------------------------------------

    def resolve(self, name: str) -> str | None:
        """The scenario actor a free name denotes ("Dmitri Peskow", "Russland", "rubio"), or None."""
        if name in self.actors:
            return name
        for a in self.scenario.actors:
            if name.lower() in (a.id.lower(), a.name.lower()):
                return a.id
        tokens = _WORD.findall(name)
        if not tokens:
            return None
        hit = self._lookup_tokens(tokens, surnames=True)
        if hit:
            return hit[0]
        found = [m for m in self.find(name) if m.actor and m.start == 0 and m.end == len(name)]
        return found[0].actor if found else None

    def find(self, text: str, *, fuzzy: bool = False,
             learned: dict[str, tuple[str, str]] | None = None) -> list[Mention]:
        """Every actor mention in ``text``, longest first where they overlap, role runs merged
        into the name that follows them ("Kremlsprecher Dmitri Peskow").

        ``learned`` (one dict per document) carries names met in apposition to an office that
        the scenario does not know: after "British Prime Minister Keir Starmer" (the office
        denotes the United Kingdom), a later "Starmer" is found as the same speaker.
        """
        mentions = _merge(_longest(self._candidates(text, fuzzy)), text)
        if learned is None:
            return mentions
        return self._apply_learned(text, self._learn(text, mentions, learned), learned)

    def find_in_spans(self, text: str, spans: list[tuple[int, int]], *,
                      learned: dict[str, tuple[str, str]] | None = None) -> list[list[Mention]]:
        """:meth:`find` for each ``text[start:end]`` (offsets relative to the span), with the
        patterns run over ``text`` once: a document's sentences cost one pass, not one each."""
        found = sorted(self._candidates(text, False), key=lambda m: m.start)
        starts = [m.start for m in found]
        out = []
        for s, e in spans:
            k = bisect_left(starts, s)
            inside = []
            while k < len(found) and found[k].start < e:
                m = found[k]
                if m.end <= e:
                    inside.append(replace(m, start=m.start - s, end=m.end - s))
                k += 1
            sub = text[s:e]
            mentions = _merge(_longest(inside), sub)
            if learned is not None:
                mentions = self._apply_learned(sub, self._learn(sub, mentions, learned), learned)
            out.append(mentions)
        return out

    def _candidates(self, text: str, fuzzy: bool) -> list[Mention]:
        """Every match of every way of naming an actor, overlapping."""
        found: list[Mention] = []
        for rx in self._offices:
            for m in rx.finditer(text):
                if _inside_word(text, m.start()):
                    continue
                groups = {g[:2]: g[2:] for g, v in m.groupdict().items() if v is not None}
                actor, name, conf = self._office_of[(groups["o_"], groups["c_"])]
                start = _with_article(text, m.start())
                found.append(Mention(start, m.end(), text[start:m.end()], actor, name,
                                     self.actors[actor].kind, "office", conf, True))
        for rx, payload in self._media:
            for m in rx.finditer(text):
                if _inside_word(text, m.start(), hyphen=True):
                    continue
                actor, name = payload[int(m.lastgroup[1:])]
                start = _with_article(text, m.start())
                kind = self.actors[actor].kind if actor else "media"
                found.append(Mention(start, m.end(), text[start:m.end()], actor, name, kind,
                                     "media", 0.85, True))
        for rx, actor, name, how, conf, speaker_ok in self._patterns:
            fast, no_hyphen = _fast(rx)
            for m in fast.finditer(text):
                if m.start() > 0 and (text[m.start() - 1].isalnum() or
                                      text[m.start() - 1] == "_" or
                                      no_hyphen and text[m.start() - 1] == "-"):
                    continue
                kind = self.actors[actor].kind if actor else \
                    ("state" if how.startswith("place") else "media")
                found.append(Mention(m.start(), m.end(), m.group(0), actor, name, kind, how, conf,
                                     speaker_ok))
        for m in self._possessive.finditer(text):
            office = next(k for k, v in m.groupdict().items() if v and k != "owner")
            owner = self._lookup_tokens([m.group("owner")], surnames=True) or \
                self._lookup_place(m.group("owner"))
            if not owner:
                continue
            a = self.actors[owner[0]]
            if a.kind == "person":
                # someone's adviser or spokesperson: a person the scenario may not know
                found.append(Mention(m.start(), m.end(), m.group(0), None,
                                     f"{office.replace('_', ' ')} of {a.name}", "person",
                                     "office", 0.5, True))
            else:
                who = self.actors[self._resolve_office(office, a.id)]
                found.append(Mention(m.start(), m.end(), m.group(0), who.id, who.name, who.kind,
                                     "office", 0.8 if who.kind == "person" else 0.6, True))
        found.extend(self._token_mentions(text, fuzzy=fuzzy))
        return found

    def _learn(self, text: str, mentions: list[Mention],
               learned: dict[str, tuple[str, str]]) -> list[Mention]:
        """An office standing for a state, followed by a name nobody knows: a person the
        scenario lacks, who belongs to that state ("British Prime Minister Keir Starmer"). The
        person is never folded into the state."""
        out = []
        for k, m in enumerate(mentions):
            nxt = mentions[k + 1].start if k + 1 < len(mentions) else len(text)
            name = _APPOSITION.match(text, m.end, nxt)
            if m.how == "office" and m.kind != "person" and m.actor and name:
                full = name.group(1)
                learned[skeleton(full.split()[-1])] = (m.actor, full)
                m = replace(m, end=name.end(1), text=text[m.start:name.end(1)], name=full,
                            kind="person", actor=None, member_of=m.actor, how="learned")
            out.append(m)
        return out

    def _apply_learned(self, text: str, mentions: list[Mention],
                       learned: dict[str, tuple[str, str]]) -> list[Mention]:
        if not learned:
            return mentions
        extra = []
        for w in _WORD.finditer(text):
            if not w.group(0)[:1].isupper() or any(m.start <= w.start() < m.end for m in mentions):
                continue
            for stem in _genitive_stems(w.group(0)):
                hit = learned.get(skeleton(stem))
                if hit:
                    extra.append(Mention(w.start(), w.end(), w.group(0), None, hit[1], "person",
                                         "learned", 0.7, True, member_of=hit[0]))
                    break
        return sorted(mentions + extra, key=lambda m: m.start)

    def _lookup_place(self, name: str) -> tuple[str, str] | None:
        """A state or organisation by one of its names in the places lexicon ("Germany")."""
        for code, entry in load("places").items():
            if code in self.country_actor and name in entry.get("names", []) + entry.get("metonyms", []):
                return self.country_actor[code], "alias"
        if name in self._acronyms:
            return self._acronyms[name], "alias"
        return None

    def _lookup_tokens(self, tokens: list[str], *, surnames: bool = False) -> tuple[str, str] | None:
        for variants in _variant_product(tokens):
            hit = self._names.get(tuple(skeleton(t) for t in variants))
            if hit:
                return hit[0], hit[1]
            if surnames and len(variants) == 1 and skeleton(variants[0]) in self._surnames:
                return self._surnames[skeleton(variants[0])], "surname"
        return None

    def _token_mentions(self, text: str, *, fuzzy: bool) -> list[Mention]:
        words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]
        out: list[Mention] = []
        i = 0
        while i < len(words):
            s, e, w = words[i]
            if not w[:1].isupper():
                i += 1
                continue
            hit = None
            for n in range(min(4, len(words) - i), 0, -1):
                seq = words[i:i + n]
                # a name does not run across punctuation or line breaks
                if any(text[seq[k][1]:seq[k + 1][0]].strip() for k in range(n - 1)):
                    continue
                found = self._lookup_tokens([t for _, _, t in seq])
                if found:
                    hit = (n, found[0], found[1])
                    break
            if hit:
                n, actor, how = hit
                a = self.actors[actor]
                out.append(Mention(s, words[i + n - 1][1], text[s:words[i + n - 1][1]], actor,
                                   a.name, a.kind, how, 0.95, True))
                i += n
                continue
            if w in self._acronyms or (w.endswith("s") and w[:-1] in self._acronyms and w[:-1].isupper()):
                actor = self._acronyms.get(w) or self._acronyms[w[:-1]]
                a = self.actors[actor]
                out.append(Mention(s, e, w, actor, a.name, a.kind, "alias", 0.9, True))
                i += 1
                continue
            for stem in _genitive_stems(w):
                actor = self._surnames.get(skeleton(stem))
                if actor:
                    a = self.actors[actor]
                    out.append(Mention(s, e, w, actor, a.name, a.kind, "surname", 0.9, True))
                    break
            else:
                if fuzzy and len(w) >= 4:
                    sk = skeleton(w)
                    for sur, actor in self._surnames.items():
                        if len(sur) >= 5 and sur[0] == sk[0] and _levenshtein1(sk, sur):
                            a = self.actors[actor]
                            out.append(Mention(s, e, w, actor, a.name, a.kind, "fuzzy", 0.5, True))
                            break
            i += 1
        return out


def _variant_product(tokens: list[str]):
    """Token lists with the possessive ending taken off the last token (only the last one
    inflects: "Wladimir Putins")."""
    yield tokens
    for stem in _genitive_stems(tokens[-1])[1:]:
        yield [*tokens[:-1], stem]


def _longest(mentions: list[Mention]) -> list[Mention]:
    """Drop mentions inside longer ones (a role phrase over the country prefix inside it)."""
    mentions = sorted(mentions, key=lambda m: (m.start, -(m.end - m.start), -m.confidence))
    out: list[Mention] = []
    for m in mentions:
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out


def _merge(mentions: list[Mention], text: str) -> list[Mention]:
    """A run of role phrases directly before a name is one mention of the named actor
    ("US-Außenminister Marco Rubio", "Putins engster Berater Juri Uschakow")."""
    out: list[Mention] = []
    for m in mentions:
        if out and m.how in ("name", "alias", "surname") and m.kind == "person":
            prev = out[-1]
            gap = text[prev.end:m.start]
            if prev.how in ("role", "office") and re.fullmatch(r"\s*", gap) and \
                    (prev.actor in (None, m.actor) or prev.kind != "person"):
                # runs of roles ("Sondergesandten des US-Präsidenten") merge into the name
                k = len(out) - 1
                while k >= 1 and out[k - 1].how in ("role", "office") and re.fullmatch(
                        r"\s*(?:des|der|von|of(?: the)?)?\s*", text[out[k - 1].end:out[k].start]):
                    k -= 1
                start = out[k].start
                del out[k:]
                out.append(replace(m, start=start, text=text[start:m.end],
                                   confidence=max(m.confidence, prev.confidence)))
                continue
        out.append(m)
    return out
