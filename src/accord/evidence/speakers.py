"""Who can speak in a sentence, and which of them is the subject of a cue.

*Speaker phrases* are the noun phrases that can say something: the scenario's actors as the
gazetteer finds them (names, roles, offices, capitals), persons the scenario lacks (proper
names, with the title or office before them: "Bundeskanzler Friedrich Merz", "Japanese Prime
Minister Shigeru Ishiba"), unnamed sources ("a senior official", "ranghohe Diplomaten" →
"unnamed officials", "unnamed diplomats"), groups ("both delegations"), news media, and role
nouns ("der Sprecher", "the envoy") that the text resolves to a person named nearby.

The *subject* of a cue is chosen by the clause's structure, not by distance:

* German main clauses put the finite verb second: the subject is the phrase in front of it
  (the Vorfeld) unless that phrase is dative or accusative, in a prepositional phrase or a
  genitive attribute; then it is the first phrase after the verb ("Am Montag lehnte der Kreml
  … ab"). Subordinate clauses ("dass Russland … fordert") and relative clauses ("Lawrow, der …
  ablehnte") have their subject after the conjunction, or in the antecedent.
* English has the subject before the verb group (auxiliaries and adverbs may intervene, and an
  apposition between commas: "Peskov, the Kremlin spokesman, said"); after it only in tags
  (", said Rubio") and passives with "by".
* Coordinated phrases ("Witkoff und Kushner") speak together.
* Personal pronouns ("er", "she") and role nouns are resolved only when exactly one person is
  a candidate (see :class:`Discourse`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from accord.evidence.gazetteer import Mention, skeleton
from accord.evidence.lexicon import load, rule_language
from accord.evidence.tagging import Token

# Heads of role nouns (matched at the end of a German compound, "Kremlsprecher",
# "Handelskommissar"; English as words). A closed class, not a list of people.
_ROLE_HEADS = {
    "de": ("sprecher", "sprecherin", "minister", "ministerin", "präsident", "präsidentin",
           "kanzler", "kanzlerin", "berater", "beraterin", "gesandte", "gesandter", "kommissar",
           "kommissarin", "chef", "chefin", "sekretär", "sekretärin", "botschafter",
           "botschafterin", "vorsitzende", "vorsitzender", "führer", "unterhändler",
           "beauftragte", "beauftragter", "senator", "senatorin", "abgeordnete", "abgeordneter",
           "premier", "staatschef", "regierungschef", "bürgermeister", "gouverneur", "direktor",
           "leiter", "leiterin", "diplomat", "verhandlungsführer", "generalsekretär"),
    "en": ("spokesman", "spokeswoman", "spokesperson", "minister", "president", "chancellor",
           "adviser", "advisor", "aide", "envoy", "commissioner", "chief", "secretary",
           "ambassador", "chair", "chairman", "chairwoman", "leader", "negotiator", "senator",
           "lawmaker", "premier", "mayor", "governor", "director", "head", "representative",
           "diplomat", "official", "prime minister"),
}
# Nouns of unnamed sources and their plural in English (how labels name them).
_UNNAMED = {
    "de": {"beamte": "officials", "beamter": "officials", "diplomat": "diplomats",
           "quelle": "sources", "insider": "insiders", "regierungsvertreter": "government officials",
           "regierungsbeamte": "government officials", "vertreter": "officials",
           "mitarbeiter": "officials", "kreis": "sources", "regierungskreis": "sources",
           "verhandlungskreis": "sources", "diplomatenkreis": "diplomats",
           "unterhändler": "negotiators", "funktionär": "officials", "offizielle": "officials"},
    "en": {"official": "officials", "diplomat": "diplomats", "source": "sources",
           "insider": "insiders", "person": "people", "people": "people", "aide": "aides",
           "negotiator": "negotiators", "officer": "officers"},
}
# Nouns of the sides of a negotiation (with a nationality they are the state).
_SIDES = {
    "de": {"seite", "delegation", "regierung", "führung", "verhandlungsdelegation",
           "verhandlungsteam", "team", "parteien"},
    "en": {"side", "delegation", "government", "leadership", "team", "party", "parties",
           "administration"},
}
_GROUP_DETERMINERS = {"beide", "beiden", "both", "alle", "all", "two"}
_ORG_WORDS = re.compile(
    r"(?:Ministerium|Kommission|Regierung|Partei|Parlament|Rat|Bank|Agentur|Behörde|Amt|Ausschuss|"
    r"Ministry|Commission|Government|Party|Parliament|Council|Bank|Agency|Office|Committee|"
    r"Department|Union|Organi[sz]ation|Institute|Fund|Group|Association|Federation|Forum)\b")
_NOT_DATIVE = {"dem", "den", "einem", "einen", "ihm", "ihn", "diesem", "diesen"}
_PRONOUNS = {"de": {"er", "sie"}, "en": {"he", "she"}}
_REFLEXIVE = {"sich", "es", "dies", "das", "ihr", "ihm"}
_TEMPORAL = re.compile(
    r"(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag|Woche|Wochenende|Monat|"
    r"Jahr|Morgen|Abend|Nacht|Tag|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"week|weekend|month|year|morning|evening|night|day|Januar|Februar|März|April|Mai|Juni|"
    r"Juli|August|September|Oktober|November|Dezember|January|February|March|June|July|"
    r"October|December)\w*$", re.IGNORECASE)


@dataclass
class Phrase:
    """A noun phrase that can speak: tokens ``[first, last]`` of its sentence."""

    first: int
    last: int
    start: int               # character offsets in the sentence
    end: int
    actor: str | None        # scenario actor id
    name: str                # canonical name ("Dmitry Peskov", "unnamed US officials")
    kind: str                # person, state, organisation, coalition, media, unnamed, group,
                             # role, pronoun
    how: str                 # gazetteer's how, or: unknown-name, unnamed, group, role, pronoun
    confidence: float
    role: str | None = None  # the role noun's head ("sprecher", "spokesman")
    member_of: str | None = None   # the state an unknown person's office names
    title: str | None = None       # the title/office text before an unknown name

    @property
    def key(self) -> str:
        return self.actor or self.name


def role_head(word: str, language: str) -> str | None:
    """The role noun a word ends in ("Kremlsprecher" → "sprecher"), or None."""
    w = word.lower()
    for head in sorted(_ROLE_HEADS[rule_language(language)], key=len, reverse=True):
        if w == head or (rule_language(language) == "de" and w.endswith(head) and len(w) > len(head) + 2) \
                or w.endswith("-" + head):
            return head
    return None


@lru_cache(maxsize=None)
def _nationalities() -> list[tuple[re.Pattern, str, str]]:
    """(adjective pattern, place code, English name of the place) from the places lexicon."""
    out = []
    for code, entry in load("places").items():
        english = next((n for n in entry.get("names", []) if re.fullmatch(r"[A-Z][\w .]+", n)
                        and n.isascii()), code)
        for adj in entry.get("adjectives", []):
            out.append((re.compile(r"(?:" + adj + r")$", re.IGNORECASE), code, english))
        for p in entry.get("prefixes", []):
            out.append((re.compile(re.escape(p) + r"$", re.IGNORECASE), code, english))
    return out


def nationality(word: str) -> tuple[str, str] | None:
    """(place code, English short name) of a nationality adjective or prefix ("russische" →
    RU), else None."""
    for rx, code, english in _nationalities():
        if rx.match(word):
            return code, english
    return None


_SHORT = {"US": "US", "RU": "Russian", "UA": "Ukrainian", "UK": "British", "FR": "French",
          "DE": "German", "EU": "EU", "CN": "Chinese", "TR": "Turkish", "AE": "Emirati",
          "NATO": "NATO", "EUROPE": "European"}


_SHORT_BY_NAME = {"United States": "US", "Russia": "Russian", "Ukraine": "Ukrainian",
                  "United Kingdom": "British", "France": "French", "Germany": "German",
                  "European Union": "EU", "China": "Chinese"}


def _phrase_from_tokens(tokens: list[Token], first: int, last: int, **kw) -> Phrase:
    return Phrase(first, last, tokens[first].start, tokens[last].end, **kw)


def _token_span(tokens: list[Token], start: int, end: int) -> tuple[int, int] | None:
    idx = [k for k, t in enumerate(tokens) if t.start < end and start < t.end]
    return (idx[0], idx[-1]) if idx else None


def speaker_phrases(text: str, tokens: list[Token], mentions: list[Mention], language: str,
                    country_actor: dict[str, str]) -> list[Phrase]:
    """Every phrase of a sentence that can be a speaker, in order, not overlapping."""
    lang = rule_language(language)
    out: list[Phrase] = []
    taken: set[int] = set()
    for m in mentions:
        if not m.speaker_ok:
            continue
        span = _token_span(tokens, m.start, m.end)
        if span is None:
            continue
        first, last = span
        ph = Phrase(first, last, m.start, m.end, m.actor, m.name, m.kind, m.how, m.confidence,
                    member_of=m.member_of)
        if m.how == "learned" and m.member_of and " " in m.text:
            ph.title = m.text[: m.text.rfind(m.name)].strip() or None
        # "russische Beamte", "US officials": unnamed sources of that state, not the state
        head = tokens[last].lemma.lower()
        if m.how == "metonym" and head in _UNNAMED[lang]:
            ph = replace(ph, actor=None, name=_unnamed_name(tokens, first, last, lang),
                         kind="unnamed", how="unnamed")
        if m.how in ("role", "office") or role_head(tokens[first].text, lang):
            ph.role = role_head(tokens[first].text, lang) or role_head(tokens[last].text, lang)
        out.append(ph)
        taken.update(range(first, last + 1))
    out += _unknown_names(tokens, taken, lang, country_actor)
    for ph in out[len(mentions):]:
        taken.update(range(ph.first, ph.last + 1))
    out += _common_noun_phrases(tokens, taken, lang)
    out.sort(key=lambda p: p.first)
    return _nationality_of_unnamed(tokens, out, lang)


def _nationality_of_unnamed(tokens: list[Token], phrases: list[Phrase], lang: str) -> list[Phrase]:
    """"a senior US official": the state named right before unnamed sources is their
    nationality, not a speaker of its own."""
    out: list[Phrase] = []
    for ph in phrases:
        if ph.kind == "unnamed" and out and out[-1].kind == "state" and out[-1].actor and \
                all(tokens[k].pos in ("ADJ",) for k in range(out[-1].last + 1, ph.first)):
            state = out.pop()
            nat = state.name if state.name.isupper() else state.name
            plural = ph.name.split()[-1]
            first = state.first
            while first - 1 >= 0 and tokens[first - 1].pos in ("DET", "ADJ"):
                first -= 1
            ph = replace(ph, first=first, start=tokens[first].start,
                         name=f"unnamed {_SHORT_BY_NAME.get(nat, nat)} {plural}")
        out.append(ph)
    return out


def _unnamed_name(tokens: list[Token], first: int, last: int, lang: str) -> str:
    plural = _UNNAMED[lang].get(tokens[last].lemma.lower(), "sources")
    nat = None
    for k in range(first, last):
        hit = nationality(tokens[k].text)
        if hit:
            nat = _SHORT.get(hit[0], hit[1])
    return f"unnamed {nat + ' ' if nat else ''}{plural}"


def _unknown_names(tokens: list[Token], taken: set[int], lang: str,
                   country_actor: dict[str, str]) -> list[Phrase]:
    """Runs of proper names nobody knows, with the title or office in front of them."""
    out = []
    i = 0
    n = len(tokens)
    while i < n:
        t = tokens[i]
        if i in taken or not _namelike(t, i, tokens, lang):
            i += 1
            continue
        j = i
        while j + 1 < n and j + 1 not in taken and _namelike(tokens[j + 1], j + 1, tokens, lang):
            j += 1
        # title words inside an English run ("Prime Minister Shigeru Ishiba")
        names = [k for k in range(i, j + 1) if not role_head(tokens[k].text, lang) and
                 not nationality(tokens[k].text) and tokens[k].lower not in ("prime", "foreign",
                                                                              "trade", "defence",
                                                                              "defense", "vice")]
        if not names:
            i = j + 1
            continue
        first = i
        # a title before the run: "Bundeskanzler", "EU-Handelskommissar", "Senator", "Japanese"
        k = i - 1
        while k >= 0 and k not in taken and (role_head(tokens[k].text, lang) or
                                             nationality(tokens[k].text) or
                                             (tokens[k].pos == "ADJ" and k + 1 < n and
                                              role_head(tokens[k + 1].text, lang))):
            first = k
            k -= 1
        name_first = names[0]
        name = " ".join(tokens[k].text for k in range(name_first, j + 1))
        titled = first < name_first
        member_of = None
        for k in range(first, name_first):
            hit = nationality(tokens[k].text)
            if hit and hit[0] in country_actor:
                member_of = country_actor[hit[0]]
        joined = " ".join(tokens[k].text for k in range(first, j + 1))
        if _ORG_WORDS.search(joined):
            kind = "organisation"
        elif titled or j > name_first:
            kind = "person"
        else:
            kind = "unknown"
        # a sentence-initial capitalised common word is no name
        if kind == "unknown" and (name_first == 0 or tokens[name_first].pos != "PROPN"):
            i = j + 1
            continue
        title = " ".join(tokens[k].text for k in range(first, name_first)) or None
        out.append(_phrase_from_tokens(
            tokens, first, j, actor=None, name=name, kind=kind, how="unknown-name",
            confidence=0.7 if kind != "unknown" else 0.5,
            role=role_head(tokens[name_first - 1].text, lang) if titled else None,
            member_of=member_of, title=title))
        i = j + 1
    return out


def _namelike(t: Token, i: int, tokens: list[Token], lang: str) -> bool:
    w = t.text
    if not w[:1].isupper() or not any(c.isalpha() for c in w):
        return False
    if t.pos == "PROPN":
        return True
    # German capitalises every noun: only tagged proper names count, and English title words
    return lang == "en" and bool(role_head(w, lang)) and i + 1 < len(tokens) and \
        tokens[i + 1].text[:1].isupper()


def _common_noun_phrases(tokens: list[Token], taken: set[int], lang: str) -> list[Phrase]:
    """Unnamed sources, groups and bare role nouns ("a senior official", "beide Seiten",
    "der Sprecher")."""
    out = []
    for i, t in enumerate(tokens):
        if i in taken or t.pos != "NOUN":
            continue
        lemma = t.lemma.lower()
        # the determiners and adjectives in front
        first = i
        while first - 1 >= 0 and first - 1 not in taken and \
                tokens[first - 1].pos in ("DET", "ADJ", "NUM"):
            first -= 1
        words = {tokens[k].lower for k in range(first, i)}
        indefinite = bool(words & {"ein", "eine", "einer", "a", "an", "mehrere", "several",
                                   "some", "einige", "two", "zwei", "drei", "three"}) or \
            first == i or t.text.endswith(("s", "n", "e")) and not words & {"der", "die", "das",
                                                                           "the", "dem", "des"}
        if words & _GROUP_DETERMINERS and lemma in _SIDES[lang]:
            out.append(_phrase_from_tokens(tokens, first, i, actor=None, name="both sides",
                                           kind="group", how="group", confidence=0.6))
            continue
        if lemma in _UNNAMED[lang] and lemma not in ("person",) or \
                (lemma in ("people", "person") and i + 1 < len(tokens) and
                 tokens[i + 1].lower in ("familiar", "close", "briefed", "with")):
            if not indefinite and not words & {"beteiligte", "involved"}:
                continue
            out.append(_phrase_from_tokens(tokens, first, i, actor=None,
                                           name=_unnamed_name(tokens, first, i, lang),
                                           kind="unnamed", how="unnamed", confidence=0.6))
            continue
        head = role_head(t.text, lang)
        if head and not indefinite:
            out.append(_phrase_from_tokens(tokens, first, i, actor=None, name=t.text, kind="role",
                                           how="role", confidence=0.4, role=head))
    return out


# --- the subject of a cue ------------------------------------------------------------------------

_BOUNDARY = {",", ";", ":", "(", ")", "–", "—", '"'}


def _clause_bounds(tokens: list[Token], i: int) -> tuple[int, int]:
    """[start, end) of the clause around token ``i``: from after the last boundary (punctuation,
    subordinating conjunction, relative pronoun) before it to the next one after it."""
    start = 0
    for k in range(i - 1, -1, -1):
        t = tokens[k]
        if t.text in _BOUNDARY or t.pos == "SCONJ" or t.tag in ("PRELS", "KOUS"):
            start = k if t.pos == "SCONJ" or t.tag in ("PRELS",) else k + 1
            break
    end = len(tokens)
    for k in range(i + 1, len(tokens)):
        t = tokens[k]
        if t.text in _BOUNDARY or t.pos == "SCONJ" or t.tag == "PRELS":
            end = k
            break
    return start, end


def eligible(tokens: list[Token], ph: Phrase, lang: str) -> bool:
    """Whether a phrase can be a subject: not inside a prepositional phrase, not a genitive
    attribute or possessive, not marked dative/accusative."""
    k = ph.first - 1
    while k >= 0 and tokens[k].pos in ("DET", "ADJ", "NUM") and tokens[k].lower not in _NOT_DATIVE:
        k -= 1
    if k >= 0 and tokens[k].pos == "ADP" and tokens[k].lower not in ("laut", "by", "von", "vom"):
        return False
    if lang == "de":
        if ph.first > 0 and tokens[ph.first - 1].lower in _NOT_DATIVE:
            return False
        if ph.first > 1 and tokens[ph.first - 1].lower in ("der", "des") and \
                tokens[ph.first - 2].pos == "NOUN":
            return False  # "der Rückzug der Ukraine"
        last = tokens[ph.last]
        if last.text.endswith("s") and ph.kind not in ("unnamed", "group") and \
                ph.last + 1 < len(tokens) and tokens[ph.last + 1].pos in ("NOUN", "ADJ") and \
                tokens[ph.last + 1].text[:1].isupper() and ph.how not in ("office", "role"):
            return False  # "Russlands Zustimmung"
    else:
        if ph.last + 1 < len(tokens) and tokens[ph.last + 1].text in ("'s", "’s", "'", "’"):
            return False
        if ph.first > 0 and tokens[ph.first - 1].lower == "of":
            return False
    return True


@dataclass
class Subject:
    phrases: list[Phrase]
    pronoun: int | None = None      # token index of a pronoun subject
    passive: bool = False
    position: str = "before"        # before, after (inversion), passive, relative


def subject_of(tokens: list[Token], verb: int, phrases: list[Phrase], lang: str) -> Subject | None:
    """The subject of the (cue) verb at token ``verb``, or None when it is no speaker phrase."""
    lang = rule_language(lang)
    at = {k: p for p in phrases for k in range(p.first, p.last + 1)}
    start, end = _clause_bounds(tokens, verb)
    # the finite verb of the verb group (the cue may be a participle or an infinitive)
    anchor = verb
    if not tokens[verb].finite:
        for k in range(verb - 1, start - 1, -1):
            if tokens[k].finite and tokens[k].pos in ("AUX", "MODAL", "VERB"):
                anchor = k
                break
    passive = _passive(tokens, anchor, verb, lang)
    if passive is not None:
        agent = next((p for p in phrases if p.first == passive), None)
        return Subject(_coordinated(tokens, agent, phrases), passive=True, position="passive") \
            if agent else None
    if lang == "de":
        return _german_subject(tokens, anchor, verb, start, end, at, phrases)
    return _english_subject(tokens, anchor, verb, start, end, at, phrases)


def _passive(tokens, anchor, verb, lang) -> int | None:
    """Token index of the agent phrase of a passive ("von Kiew abgelehnt", "rejected by Kyiv")."""
    t = tokens[verb]
    if lang == "en":
        if t.tag != "VVN" or not any(tokens[k].lemma == "be" for k in range(max(0, verb - 3), verb)):
            return None
        k = verb + 1
        if k < len(tokens) and tokens[k].lower == "by":
            k += 1
            while k < len(tokens) and tokens[k].pos == "DET":
                k += 1
            return k
        return None
    if t.tag != "VV(PP)":
        return None
    start, _ = _clause_bounds(tokens, verb)
    if not any(tokens[k].lemma == "werden" for k in range(start, min(len(tokens), verb + 3))):
        return None
    for k in range(start, verb):
        if tokens[k].lower in ("von", "vom"):
            j = k + 1
            while j < verb and tokens[j].pos in ("DET", "ADJ"):
                j += 1
            return j
    return None


def _coordinated(tokens: list[Token], ph: Phrase | None, phrases: list[Phrase]) -> list[Phrase]:
    """The phrase and those joined to it by "und"/"and"/commas ("Witkoff und Kushner")."""
    if ph is None:
        return []
    group = [ph]
    idx = phrases.index(ph)

    def link(a: Phrase, b: Phrase) -> str | None:
        between = [t.lower for t in tokens[a.last + 1:b.first]]
        if between in (["und"], ["and"], ["sowie"], [",", "and"], ["as", "well", "as"]):
            return "and"
        return "," if between == [","] else None

    # a comma joins only in a list that ends with "und"/"and" ("A, B und C")
    k = idx
    while k > 0 and phrases[k - 1].kind != "pronoun":
        sep = link(phrases[k - 1], phrases[k])
        if sep is None or (sep == "," and not _ends_with_and(k, link, phrases)):
            break
        k -= 1
        group.insert(0, phrases[k])
    k = idx
    while k + 1 < len(phrases):
        sep = link(phrases[k], phrases[k + 1])
        if sep is None or (sep == "," and not _ends_with_and(k + 1, link, phrases)):
            break
        k += 1
        group.append(phrases[k])
    return group


def _ends_with_and(k: int, link, phrases: list[Phrase]) -> bool:
    """Whether the list continues from phrase ``k`` to an "and"."""
    while k + 1 < len(phrases):
        sep = link(phrases[k], phrases[k + 1])
        if sep == "and":
            return True
        if sep is None:
            return False
        k += 1
    return False


def _german_subject(tokens, anchor, verb, start, end, at, phrases) -> Subject | None:
    first = tokens[start] if start < len(tokens) else None
    # relative clause: "Lawrow, der die Forderung ablehnte" — the antecedent speaks
    if first is not None and first.tag == "PRELS" and first.lower in ("der", "die", "welcher",
                                                                       "welche"):
        k = start - 1
        while k >= 0 and tokens[k].text == ",":
            k -= 1
        if k in at and eligible(tokens, at[k], "de"):
            return Subject(_coordinated(tokens, at[k], phrases), position="relative")
        # an object relative ("eine Forderung, die Kiew ablehnt"): the subject follows
        return _first_after(tokens, start + 1, verb, at, phrases, "de")
    subordinate = first is not None and first.pos == "SCONJ"
    if subordinate:
        return _first_after(tokens, start + 1, verb, at, phrases, "de")
    # main clause: the Vorfeld
    if anchor - start == 1 and tokens[start].pos == "PRON" and tokens[start].lower in _PRONOUNS["de"]:
        return Subject([], pronoun=start)
    pre = [at[k] for k in range(start, anchor) if k in at]
    pre = list({id(p): p for p in pre}.values())
    cand = [p for p in pre if eligible(tokens, p, "de")]
    if cand:
        ph = cand[0] if len(cand) == 1 or cand[-1].last != anchor - 1 else cand[-1]
        # the Vorfeld holds the subject only when nothing but the phrase (and its apposition)
        # stands there; "Nach Ansicht Moskaus lehnt Kiew ab" has Kiew after the verb
        in_cand = {k for p in cand for k in range(p.first, p.last + 1)}
        rest = [tokens[k] for k in range(start, anchor) if k not in in_cand]
        if ph.last == anchor - 1 or all(t.pos in ("DET", "ADJ", "ADV", "PUNCT", "CCONJ")
                                        for t in rest):
            return Subject(_coordinated(tokens, ph, phrases))
    if any(tokens[k].pos in ("PROPN", "NOUN") and k not in at and not _temporal(tokens[k])
           and not _in_pp(tokens, k, start) for k in range(start, anchor)) and not cand:
        # a noun subject that cannot speak stands in the Vorfeld ("Der Plan sieht vor")
        # — unless a speaker stands right after the verb (object first: "Die Forderung
        # Russlands lehnte Kiew ab")
        if _nominative_vorfeld(tokens, start, anchor):
            j = anchor + 1
            while j < len(tokens) and tokens[j].pos == "DET":
                j += 1
            if j in at and eligible(tokens, at[j], "de"):
                return Subject(_coordinated(tokens, at[j], phrases), position="after")
            return None
    # pronoun right after the verb ("sagte er")
    if anchor + 1 < len(tokens) and tokens[anchor + 1].lower in _PRONOUNS["de"] and \
            tokens[anchor + 1].pos == "PRON":
        return Subject([], pronoun=anchor + 1, position="after")
    return _first_after(tokens, anchor + 1, end, at, phrases, "de", after_verb=True)


def _temporal(t: Token) -> bool:
    return bool(_TEMPORAL.match(t.text))


def _in_pp(tokens, k, start) -> bool:
    j = k - 1
    while j >= start and tokens[j].pos in ("DET", "ADJ", "NUM", "NOUN"):
        j -= 1
    return j >= start and tokens[j].pos == "ADP"


def _nominative_vorfeld(tokens, start, anchor) -> bool:
    """Whether the Vorfeld starts with an article-led noun phrase that may be nominative."""
    t = tokens[start]
    return t.pos == "DET" and t.lower in ("der", "die", "das", "ein", "eine", "the", "a", "an") \
        or t.pos in ("NOUN", "PROPN") and not _temporal(t)


def _first_after(tokens, begin, limit, at, phrases, lang, after_verb=False) -> Subject | None:
    in_pp = False
    steps = 0
    k = begin
    while k < min(limit, len(tokens)) and steps < 10:
        t = tokens[k]
        if k in at:
            ph = at[k]
            if eligible(tokens, ph, lang) and not in_pp:
                return Subject(_coordinated(tokens, ph, phrases),
                               position="after" if after_verb else "before")
            k = ph.last + 1
            in_pp = False
            steps += 1
            continue
        if t.pos == "PRON" and t.lower in _PRONOUNS[lang] and not in_pp:
            return Subject([], pronoun=k, position="after" if after_verb else "before")
        if t.pos == "ADP":
            in_pp = True
        elif t.pos in ("NOUN", "PROPN", "PRON"):
            if in_pp or _temporal(t) or t.lower in _REFLEXIVE:
                in_pp = False
            else:
                return None  # another noun is the subject
        elif t.pos in ("VERB",) or t.text in _BOUNDARY:
            return None
        k += 1
        steps += 1
    return None


def _english_subject(tokens, anchor, verb, start, end, at, phrases) -> Subject | None:
    # walk left over the verb group (auxiliaries, modals, adverbs, "not")
    k = anchor - 1
    while k >= 0 and (tokens[k].pos in ("AUX", "MODAL", "ADV", "PART") and
                      tokens[k].text not in ("'s", "’s")) and k not in at:
        k -= 1
    if k >= 0 and k in at and eligible(tokens, at[k], "en"):
        return Subject(_coordinated(tokens, at[k], phrases))
    if k >= 0 and tokens[k].pos == "PRON" and tokens[k].lower in _PRONOUNS["en"]:
        return Subject([], pronoun=k)
    if k >= 0 and tokens[k].lower in ("they", "we", "i", "it", "who", "which", "that"):
        if tokens[k].lower == "who" and k - 1 >= 0:
            j = k - 1
            while j >= 0 and tokens[j].text == ",":
                j -= 1
            if j in at and eligible(tokens, at[j], "en"):
                return Subject(_coordinated(tokens, at[j], phrases), position="relative")
        return None
    # an apposition or parenthetical between commas: "Peskov, the Kremlin spokesman, said"
    if k >= 0 and tokens[k].text in (",", ")"):
        for j in range(k - 1, max(-1, k - 14), -1):
            if tokens[j].text in (",", "("):
                if j - 1 >= 0 and (j - 1) in at and eligible(tokens, at[j - 1], "en"):
                    ph = at[j - 1]
                    # "Russia wants peace, Trump said": the comma ends a clause, not an apposition
                    if not any(tokens[x].pos in ("VERB",) and tokens[x].finite
                               for x in range(j + 1, k)):
                        return Subject(_coordinated(tokens, ph, phrases))
                break
    # inversion in speech tags: '…," said Rubio' / ", said the Kremlin spokesman"
    before = tokens[anchor - 1].text if anchor > 0 else ""
    if before in (",", '"') or anchor == 0:
        j = verb + 1
        while j < len(tokens) and tokens[j].pos == "DET":
            j += 1
        if j in at and eligible(tokens, at[j], "en"):
            ph = at[j]
            nxt = tokens[ph.last + 1].text if ph.last + 1 < len(tokens) else "."
            if nxt in (",", ".", ";", ":", "!", "?") or tokens[ph.last + 1].pos in ("ADP", "SCONJ"):
                return Subject(_coordinated(tokens, ph, phrases), position="after")
    return None


# --- the discourse: who spoke before, which role names whom ---------------------------------------


@dataclass
class Discourse:
    """What a document has said so far, for pronouns, role nouns and learned names."""

    persons: list[list[Phrase]] = field(default_factory=list)   # person phrases per sentence
    roles: dict[str, set[str]] = field(default_factory=dict)    # role head → person keys
    by_key: dict[str, Phrase] = field(default_factory=dict)
    surnames: dict[str, Phrase] = field(default_factory=dict)   # skeleton → unknown person

    def remember(self, phrases: list[Phrase]) -> None:
        persons = [p for p in phrases if p.kind == "person"]
        self.persons.append(persons)
        for p in persons:
            self.by_key[p.key] = p
            if p.role:
                self.roles.setdefault(p.role, set()).add(p.key)
            if p.actor is None and " " in p.name:
                self.surnames[skeleton(p.name.split()[-1])] = p

    def new_paragraph(self) -> None:
        self.persons.append([])

    def pronoun(self, current: list[Phrase], before: int) -> Phrase | None:
        """The one person a pronoun at token ``before`` can mean: the persons earlier in its
        sentence, else in the previous sentence; None unless exactly one."""
        here = {p.key: p for p in current if p.kind == "person" and p.last < before}
        if not here and self.persons:
            here = {p.key: p for p in self.persons[-1]}
        return next(iter(here.values())) if len(here) == 1 else None

    def role(self, ph: Phrase) -> Phrase | None:
        keys = self.roles.get(ph.role or "", set())
        if len(keys) == 1:
            return self.by_key[next(iter(keys))]
        return None

    def known_surname(self, ph: Phrase) -> Phrase | None:
        if ph.kind in ("unknown", "person") and " " not in ph.name:
            return self.surnames.get(skeleton(ph.name))
        return None
