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
           "regierungskreis": "officials",
           "mitarbeiter": "officials", "kreis": "officials",
           "verhandlungskreis": "sources", "diplomatenkreis": "diplomats",
           "unterhändler": "negotiators", "funktionär": "officials", "offizielle": "officials",
           "medien": "media", "beobachter": "observers", "experte": "experts",
           "sicherheitskreis": "officials", "militärkreis": "officials",
           "mitglied": "members", "kabinettsmitglied": "cabinet members",
           "person": "sources"},
    "en": {"official": "officials", "diplomat": "diplomats", "source": "sources",
           "insider": "insiders", "person": "sources", "people": "sources", "aide": "aides",
           "negotiator": "negotiators", "officer": "officers", "media": "media",
           "observer": "observers", "analyst": "analysts", "expert": "experts",
           "member": "members"},
}
# Nouns of the sides of a negotiation (with a nationality they are the state).
_SIDES = {
    "de": {"seite", "delegation", "regierung", "führung", "verhandlungsdelegation",
           "verhandlungsteam", "team", "parteien"},
    "en": {"side", "delegation", "government", "leadership", "team", "party", "parties",
           "administration"},
}
_GROUP_DETERMINERS = {"beide", "beiden", "both", "alle", "all", "two"}
_MEMBERS = re.compile(r"-(?:Staaten|Länder|Mitglied\w*|Partner\w*|Bürger\w*)\b|"
                      r"\s+(?:member states|members|countries|member countries)\b")
_ORG_WORDS = re.compile(
    r"(?:Ministerium|Kommission|Regierung|Partei|Parlament|Rat|Bank|Agentur|Behörde|Amt|Ausschuss|"
    r"Ministry|Commission|Government|Party|Parliament|Council|Bank|Agency|Office|Committee|"
    r"Department|Union|Organi[sz]ation|Institute|Fund|Group|Association|Federation|Forum)\b")
_NOT_DATIVE = {"dem", "den", "einem", "einen", "ihm", "ihn", "diesem", "diesen"}
# Personal pronouns a clause's subject can be: the third person is resolved to a person named
# before (Discourse.pronoun); the first person and "man" speak for the text's own voice (in
# parliamentary speech, the speaker; in news, the author) and are never resolved.
_PRONOUNS = {"de": {"er", "sie", "ich", "wir", "man"}, "en": {"he", "she", "i", "we"}}
THIRD_PERSON = {"er", "sie", "he", "she"}
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
    parties: list[str] = field(default_factory=list)  # "both sides" resolved: two actor ids

    @property
    def key(self) -> str:
        return self.actor or self.name


# One key per office across German and English, so that "der Sprecher" can name the person
# introduced as "Kremlin spokesman" and "the President" the one met as "Präsident Selenskyj".
_ROLE_KEYS = {"sprecher": "spokesperson", "sprecherin": "spokesperson",
              "spokesman": "spokesperson", "spokeswoman": "spokesperson",
              "präsident": "president", "präsidentin": "president", "kanzler": "chancellor",
              "kanzlerin": "chancellor", "ministerin": "minister", "berater": "adviser",
              "beraterin": "adviser", "advisor": "adviser", "aide": "adviser",
              "gesandte": "envoy", "gesandter": "envoy", "kommissar": "commissioner",
              "kommissarin": "commissioner", "chefin": "chief", "chef": "chief", "head": "chief",
              "leiter": "chief", "leiterin": "chief", "sekretär": "secretary",
              "sekretärin": "secretary", "botschafter": "ambassador",
              "botschafterin": "ambassador", "vorsitzende": "chair", "vorsitzender": "chair",
              "chairman": "chair", "chairwoman": "chair", "unterhändler": "negotiator",
              "verhandlungsführer": "negotiator", "premier": "prime minister",
              "beauftragte": "envoy", "beauftragter": "envoy", "senatorin": "senator",
              "generalsekretär": "secretary-general"}


def role_key(head: str | None) -> str | None:
    """The language-neutral key of a role head ("Sprecher" and "spokesman" → "spokesperson")."""
    return _ROLE_KEYS.get(head, head) if head else None


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
        # the English adjective names a state's people ("unnamed Israeli officials")
        english = next((a for a in entry.get("adjectives", []) if a.isascii() and
                        a[:1].isupper() and a.isalpha()), entry.get("en") or code)
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
                  "European Union": "EU", "China": "Chinese", "Israel": "Israeli",
                  "Iran": "Iranian", "Qatar": "Qatari", "Egypt": "Egyptian"}
# the head of a German compound naming an actor's unnamed sources ("Hamas-Kreise",
# "US-Beamter", "Kreml-Insider"), its inflection folded to the lemma of _UNNAMED["de"]
_COMPOUND_SOURCE = re.compile(
    r"-(kreis|beamter?|diplomat|quelle|insider|vertreter|funktionär|unterhändler|mitarbeiter)"
    r"(?:e|en|er|n|s)?$")
# what links unnamed sources to the state they belong to, after them
_OF_STATE = {"des", "der", "aus dem", "aus der", "nahe der", "nahe dem", "of the", "of", "at the",
             "from the", "in the", "close to the", "close to", "nahe", "aus", "in"}


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
        if _MEMBERS.match(text, m.end) or not m.speaker_ok and m.how != "adjective":
            continue  # "EU-Staaten", "NATO-Länder": the members, not the organisation
        span = _token_span(tokens, m.start, m.end)
        if span is None:
            continue
        first, last = span
        ph = Phrase(first, last, m.start, m.end, m.actor, m.name, m.kind, m.how, m.confidence,
                    member_of=m.member_of)
        if not m.speaker_ok:
            # a state's adjective speaks only with the institution it qualifies ("das
            # russische Außenministerium", "the Russian delegation")
            ph = _institution_of(tokens, ph, lang)
            if ph.how != "institution":
                continue
        if m.how == "learned" and m.member_of and " " in m.text:
            ph.title = m.text[: m.text.rfind(m.name)].strip() or None
        # "russische Beamte", "US officials": unnamed sources of that state, not the state
        head = tokens[last].lemma.lower()
        source = _COMPOUND_SOURCE.search(tokens[last].text.lower()) if lang == "de" else None
        if source and m.end < tokens[last].end:
            # "Hamas-Kreisen", "Kreml-Kreise": officials of the actor, not the actor; round 7:
            # any unnamed source as the head of such a compound ("ein hochrangiger
            # US-Beamter", "dem Hamas-Vertreter", "ein Hamas-Funktionär")
            plural = _UNNAMED["de"].get(source.group(1), "officials")
            ph = replace(ph, actor=None, last=last, end=tokens[last].end, kind="unnamed",
                         how="unnamed",
                         name=f"unnamed {_SHORT_BY_NAME.get(m.name, m.name)} {plural}")
            out.append(ph)
            taken.update(range(ph.first, ph.last + 1))
            continue
        if m.how == "metonym" and head in _UNNAMED[lang]:
            ph = replace(ph, actor=None, name=_unnamed_name(tokens, first, last, lang),
                         kind="unnamed", how="unnamed")
        ph.role = next((h for k in range(first, last + 1)
                        if (h := role_head(tokens[k].text, lang))), None)
        if ph.kind in ("state", "organisation", "coalition"):
            ph = _institution_of(tokens, ph, lang)
            ph = _spokesperson_of(tokens, ph)
        out.append(ph)
        taken.update(range(ph.first, ph.last + 1))
    named = _unknown_names(tokens, taken, lang, country_actor, out)
    absorbed = {k for ph in named for k in range(ph.first, ph.last + 1)}
    out = [ph for ph in out if not absorbed & set(range(ph.first, ph.last + 1))] + named
    for ph in named:
        taken.update(range(ph.first, ph.last + 1))
    out += _common_noun_phrases(tokens, taken, lang)
    out.sort(key=lambda p: p.first)
    return _nationality_of_unnamed(tokens, out, lang)


# Nouns of a state's or organisation's institutions that speak for it ("the UAE's foreign
# ministry", "the UAE Ministry of Foreign Affairs", "Irans Außenministerium", "Russia's
# delegation"), matched at the end of a compound in German.
_INSTITUTION_HEADS = {
    "en": ("ministry", "government", "delegation", "office", "embassy", "mission", "team",
           "presidency", "administration", "cabinet", "leadership", "negotiators", "side"),
    "de": ("ministerium", "regierung", "delegation", "botschaft", "präsidialamt", "führung",
           "verhandlungsteam", "seite", "kabinett", "vertretung"),
}


_SPOKESPERSONS = {"spokesman", "spokeswoman", "spokesperson", "sprecher", "sprecherin"}


def _spokesperson_of(tokens: list[Token], ph: Phrase) -> Phrase:
    """An unnamed spokesperson of a state or institution speaks for it, as the state does ("a
    spokesman at Oman's foreign ministry", "ein Sprecher des russischen Außenministeriums"):
    the phrase is extended over the spokesperson. A named one is a person of their own."""
    k = ph.first - 1
    if k >= 1 and tokens[k].lower == "the" and tokens[k - 1].lower in ("at", "of", "for", "from"):
        k -= 1  # "a spokeswoman for the Russian foreign ministry"
    if k >= 0 and tokens[k].lower in ("des", "der"):
        k -= 1  # "ein Sprecher des …": the genitive's article, if the mention left it out
    elif k >= 0 and tokens[k].lower in ("at", "of", "for", "from"):
        k -= 1
    else:
        return ph
    if k < 0 or tokens[k].lower not in _SPOKESPERSONS or \
            ph.last + 1 < len(tokens) and tokens[ph.last + 1].pos == "PROPN":
        return ph
    first = k
    while first - 1 >= 0 and tokens[first - 1].pos in ("DET", "ADJ"):
        first -= 1
    return replace(ph, first=first, start=tokens[first].start, how="spokesperson")


def _institution_of(tokens: list[Token], ph: Phrase, lang: str) -> Phrase:
    """A state phrase extended over the institution it owns, unless a person's name follows
    ("Iran's Foreign Ministry spokesman Esmaeil Baghaei" is Baghaei)."""
    k = ph.last + 1
    if k < len(tokens) and tokens[k].text in ("'s", "’s", "'", "’"):
        k += 1
    head = None
    for j in range(k, min(len(tokens), k + 3)):
        w = tokens[j].lower
        if tokens[j].pos not in ("NOUN", "ADJ", "PROPN"):
            break
        if any(w == h or lang == "de" and w.endswith((h, h + "s")) for h in
               _INSTITUTION_HEADS[lang]):
            head = j
    if head is None:
        return ph
    last = head
    # "Ministry of Foreign Affairs"
    if last + 2 < len(tokens) and tokens[last + 1].lower == "of" and \
            tokens[last + 2].text[:1].isupper():
        last += 2
        while last + 1 < len(tokens) and tokens[last + 1].text[:1].isupper() and \
                tokens[last + 1].pos in ("NOUN", "PROPN", "ADJ"):
            last += 1
    if last + 1 < len(tokens) and (tokens[last + 1].pos == "PROPN" or
                                   role_head(tokens[last + 1].text, lang)):
        return ph  # a person (or an office before one) follows: they speak
    return replace(ph, last=last, end=tokens[last].end, how="institution")


def _nationality_of_unnamed(tokens: list[Token], phrases: list[Phrase], lang: str) -> list[Phrase]:
    """"a senior US official", "ein Vertreter des Weißen Hauses", "sources close to the
    Kremlin": the state named right before or after unnamed sources is their nationality, not
    a speaker of its own."""
    out: list[Phrase] = []
    skip: set[int] = set()
    for k, ph in enumerate(phrases):
        if k in skip:
            continue
        nxt = phrases[k + 1] if k + 1 < len(phrases) else None
        if ph.kind == "unnamed" and nxt is not None and nxt.kind == "state" and \
                " ".join(t.lower for t in tokens[ph.last + 1:nxt.first]) in _OF_STATE:
            nat = nxt.name
            plural = ph.name.split()[-1]
            ph = replace(ph, last=nxt.last, end=nxt.end,
                         name=f"unnamed {_SHORT_BY_NAME.get(nat, nat)} {plural}")
            skip.add(k + 1)
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
        if ph.kind == "unnamed":
            ph = _coordinated_nationalities(tokens, ph, out)
        out.append(ph)
    return out


_AND = {"und", "sowie", "and"}


def _coordinated_nationalities(tokens: list[Token], ph: Phrase, before: list[Phrase]) -> Phrase:
    """Round 7: "US and Ukrainian officials", "ukrainische und russische Unterhändler": the
    nationalities coordinated before one noun of unnamed sources qualify that one group (the
    officials of both), not a state that speaks beside them. A state phrase right before
    ("US") is taken into the group and dropped from ``before``."""
    if not (ph.first >= 2 and tokens[ph.first - 1].lower in _AND):
        return ph
    first = ph.first - 2
    names = []
    if before and before[-1].last == first and before[-1].kind == "state" and before[-1].actor:
        state = before.pop()
        names.append(_SHORT_BY_NAME.get(state.name, state.name))
        first = state.first
    elif tokens[first].pos == "ADJ" and nationality(tokens[first].text) is not None:
        code, english = nationality(tokens[first].text)
        names.append(_SHORT.get(code, english))
    else:
        return ph
    words = ph.name.split()
    inner = " ".join(words[1:-1])   # the phrase's own nationality, if it named one
    name = " ".join(["unnamed", *names, "and", inner, words[-1]]) if inner else \
        " ".join(["unnamed", *names, words[-1]])
    return replace(ph, first=first, start=tokens[first].start, name=name)


def _unnamed_name(tokens: list[Token], first: int, last: int, lang: str) -> str:
    plural = _UNNAMED[lang].get(tokens[last].lemma.lower(), "sources")
    nat = None
    for k in range(first, last):
        hit = nationality(tokens[k].text)
        if hit:
            nat = _SHORT.get(hit[0], hit[1])
    return f"unnamed {nat + ' ' if nat else ''}{plural}"


# Forms of address before a surname ("Mr. Netanyahu", "Frau Baerbock"): part of the phrase,
# not a name of their own.
# Nouns that title a news medium ("der Fernsehsender Channel 12", "the newspaper Haaretz").
_MEDIA_TITLE = re.compile(r"(?:sender|zeitung|agentur|portal|blatt|magazin|newspaper|"
                          r"broadcaster|channel|agency|outlet|daily|network)$", re.IGNORECASE)
# Words of an English title that are no part of the name after it ("Prime Minister Shigeru
# Ishiba", "NATO Secretary General Mark Rutte", "Deputy Foreign Minister …", "Special Envoy …")
_TITLE_WORDS = {"prime", "foreign", "trade", "defence", "defense", "vice", "general",
                "secretary-general", "deputy", "special", "chief", "acting", "senior", "state",
                "finance", "interior", "economy", "national", "security", "envoy"}
_HONORIFICS = {"mr", "mrs", "ms", "dr", "prof", "sir", "dame", "herr", "frau", "mister"}
# Particles inside personal names ("Ursula von der Leyen", "Ahmed bin Hamad", "Hans van den
# Broek"): the run starts at the first of them.
_NAME_PARTICLES = {"von", "van", "de", "di", "da", "bin", "ibn", "al", "el", "ben"}
_PARTICLE_FOLLOWERS = {"der", "den", "dem", "la", "le", "del", "des"}


def _unknown_names(tokens: list[Token], taken: set[int], lang: str,
                   country_actor: dict[str, str], known: list[Phrase] = ()) -> list[Phrase]:
    """Runs of proper names nobody knows, with the title or office in front of them. A state
    or organisation named in the title ("EU-Kommissionspräsidentin von der Leyen", "White
    House press secretary Karoline Leavitt") is the person's state, not a speaker of its own:
    the person's phrase covers it (the caller drops the state's phrase)."""
    owner = {k: p for p in known if p.kind in ("state", "organisation", "coalition")
             for k in range(p.first, p.last + 1)}
    out = []
    i = 0
    n = len(tokens)
    while i < n:
        t = tokens[i]
        if i in taken or not _namelike(t, i, tokens, lang) or t.lower in _HONORIFICS or \
                _WEEKDAY.fullmatch(t.text):
            i += 1
            continue
        j = i
        media = i > 0 and bool(_MEDIA_TITLE.search(tokens[i - 1].text))
        while j + 1 < n and j + 1 not in taken and (
                _namelike(tokens[j + 1], j + 1, tokens, lang) or
                media and tokens[j + 1].pos == "NUM"):  # "Channel 12"
            j += 1
        # round 5: a given name goes on over its surname's particles ("Ursula von der Leyen",
        # "Charles de Gaulle"), which would otherwise end the run and make two persons
        p = j + 1
        if p < n and tokens[p].lower in _NAME_PARTICLES and tokens[p].text[:1].islower():
            p += 1
            while p < n and tokens[p].lower in _PARTICLE_FOLLOWERS:
                p += 1
            if p < n and p not in taken and tokens[p].text[:1].isupper() and \
                    tokens[p].pos in ("PROPN", "NOUN") and not tokens[p].finite:
                j = p
                while j + 1 < n and j + 1 not in taken and \
                        _namelike(tokens[j + 1], j + 1, tokens, lang):
                    j += 1
        # "von der Leyen": lower-case particles before the name belong to it
        k = i - 1
        while k >= 0 and k not in taken and tokens[k].lower in _PARTICLE_FOLLOWERS:
            k -= 1
        if k >= 0 and k not in taken and tokens[k].lower in _NAME_PARTICLES and \
                tokens[k].text[:1].islower() and k < i - 1 or \
                k == i - 1 and k >= 0 and k not in taken and tokens[k].lower in _NAME_PARTICLES \
                and tokens[k].text[:1].islower():
            i = k
        # title words inside an English run ("Prime Minister Shigeru Ishiba")
        names = [k for k in range(i, j + 1) if not role_head(tokens[k].text, lang) and
                 tokens[k].lower not in _HONORIFICS and
                 not nationality(tokens[k].text) and tokens[k].lower not in _TITLE_WORDS]
        if not names:
            i = j + 1
            continue
        first = i
        # a title before the run: "Bundeskanzler", "EU-Handelskommissar", "Senator", "Japanese"
        k = i - 1
        state = None
        while k >= 0 and (k not in taken or k in owner and role_head(tokens[k].text, lang)) \
                and (role_head(tokens[k].text, lang) or _MEDIA_TITLE.search(tokens[k].text) or
                     nationality(tokens[k].text) or
                     tokens[k].lower in _HONORIFICS or
                     tokens[k].text == "." and k > 0 and tokens[k - 1].lower in _HONORIFICS or
                     tokens[k].pos in ("ADJ", "NOUN") and k + 1 == first and first < i and
                     role_head(tokens[k + 1].text, lang)):
            first = k
            state = owner.get(k, state)
            k -= 1
        if first < i and k >= 0 and k in owner and owner[k].last == first - 1:
            state = owner[k]  # "White House press secretary": the state before the title
            first = state.first
        name_first = names[0]
        name = " ".join(tokens[k].text for k in range(name_first, j + 1))
        titled = first < name_first
        member_of = state.actor if state is not None else None
        for k in range(first, name_first):
            hit = nationality(tokens[k].text)
            if hit and hit[0] in country_actor:
                member_of = country_actor[hit[0]]
        joined = " ".join(tokens[k].text for k in range(first, j + 1))
        if first < name_first and _MEDIA_TITLE.search(tokens[name_first - 1].text):
            kind = "media"  # "der Fernsehsender Channel 12"
        elif _ORG_WORDS.search(joined):
            kind = "organisation"
        elif titled or j > name_first:
            kind = "person"
        else:
            kind = "unknown"
        # a sentence-initial capitalised common word is no name, unless the tagger reads it
        # as one and a finite verb follows it ("Macron kündigte an", "Starmer said")
        if kind == "unknown" and (tokens[name_first].pos != "PROPN" or name_first == 0 and not (
                j + 1 < n and tokens[j + 1].finite)):
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
    if i > 0 and tokens[i - 1].pos == "NOUN" and _MEDIA_TITLE.search(tokens[i - 1].text):
        return True  # the name after "der Sender", "die Zeitung" ("Channel 12", "Haaretz")
    # "Kommissionspräsidentin von der Leyen": after a name's particles, and a title or a given
    # name before them, an unknown capitalised word is a surname the tagger took for a noun
    k = i - 1
    while k >= 0 and tokens[k].lower in _PARTICLE_FOLLOWERS:
        k -= 1
    if k >= 1 and k < i and tokens[k].lower in _NAME_PARTICLES and tokens[k].text.islower() and \
            (tokens[k - 1].pos == "PROPN" or role_head(tokens[k - 1].text, lang)):
        return True
    # round 5: English capitalises a common noun only in a name: after a given name, a
    # capitalised word the tagger read as a noun ("Donald Tusk": "tusk") is the surname
    if lang == "en" and t.pos == "NOUN" and i > 0 and tokens[i - 1].pos == "PROPN" and \
            tokens[i - 1].text[:1].isupper() and not role_head(tokens[i - 1].text, lang) and \
            not role_head(w, lang) and tokens[i - 1].lower not in _TITLE_WORDS and \
            not nationality(tokens[i - 1].text) and w[1:].islower():
        return True
    # round 5: a German noun between a title and a surname is a given name the tagger read as
    # a word ("Nato-Generalsekretär Mark Rutte": "Mark" the currency)
    if lang == "de" and t.pos == "NOUN" and 0 < i < len(tokens) - 1 and \
            tokens[i + 1].pos == "PROPN" and tokens[i + 1].text[:1].isupper() and \
            role_head(tokens[i - 1].text, lang) and not role_head(w, lang):
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
        if lemma not in _UNNAMED[lang] and lang == "de" and re.search(r"kreise?n?$", lemma) and \
                len(lemma) > 6:
            lemma = "regierungskreis"  # "Hamas-Kreisen", "Regierungskreisen": its officials
        # the determiners and adjectives in front
        first = i
        while first - 1 >= 0 and first - 1 not in taken and \
                tokens[first - 1].pos in ("DET", "ADJ", "NUM"):
            first -= 1
        if lang == "en" and lemma in _UNNAMED[lang] and first == i and i >= 2 and \
                i - 1 not in taken and tokens[i - 1].pos == "NOUN" and \
                tokens[i - 1].text.islower() and tokens[i - 2].pos in ("DET", "ADJ"):
            # round 5: a noun modifier of an unnamed source ("a senior administration
            # official", "a government source") belongs to its phrase
            first = i - 1
            while first - 1 >= 0 and first - 1 not in taken and \
                    tokens[first - 1].pos in ("DET", "ADJ", "NUM"):
                first -= 1
        words = {tokens[k].lower for k in range(first, i)}
        definite = {"der", "die", "das", "the", "dem", "des", "den", "this", "that", "these",
                    "dieser", "diese", "dieses", "jener"}
        indefinite = bool(words & {"ein", "eine", "einer", "a", "an", "mehrere", "several",
                                   "some", "einige", "two", "zwei", "drei", "three", "another",
                                   "one", "other", "weiterer", "weitere", "anderer", "andere",
                                   "senior", "ranghohe", "ranghoher"}) or \
            first == i or not words & definite  # a bare noun: "Russian media reported"
        if words & _GROUP_DETERMINERS and lemma in _SIDES[lang]:
            out.append(_phrase_from_tokens(tokens, first, i, actor=None, name="both sides",
                                           kind="group", how="group", confidence=0.6))
            continue
        if lemma in _UNNAMED[lang] and lemma not in ("person",) or \
                (lemma in ("people", "person") and i + 1 < len(tokens) and
                 tokens[i + 1].lower in ("familiar", "close", "briefed", "with")) or \
                lemma == "person" and i > 0 and tokens[i - 1].lower.startswith("vertraut"):
            if not indefinite and not words & {"beteiligte", "involved"}:
                # "the official", "der Beamte": the unnamed source named before, if any
                out.append(_phrase_from_tokens(tokens, first, i, actor=None,
                                               name=_unnamed_name(tokens, first, i, lang),
                                               kind="role", how="definite-unnamed",
                                               confidence=0.4))
                continue
            if lang == "de" and tokens[first].lower.startswith("vertraut"):
                # "mit den Gesprächen vertraute Personen": the attribute's phrase before it
                k = next((k for k in range(first - 1, max(first - 6, -1), -1)
                          if tokens[k].pos == "ADP"), None)
                if k is not None and all(tokens[j].pos in ("DET", "NOUN", "ADJ", "ADP")
                                         for j in range(k, first)) and k not in taken:
                    first = k
                    while first - 1 >= 0 and tokens[first - 1].pos == "DET":
                        first -= 1
            last = _postmodifier_end(tokens, i, lang) if lang == "en" else i
            out.append(_phrase_from_tokens(tokens, first, last, actor=None,
                                           name=_unnamed_name(tokens, first, i, lang),
                                           kind="unnamed", how="unnamed", confidence=0.6))
            continue
        head = role_head(t.text, lang)
        if head and not indefinite:
            out.append(_phrase_from_tokens(tokens, first, i, actor=None, name=t.text, kind="role",
                                           how="role", confidence=0.4, role=head))
    return out


# What an English unnamed source is said to be close to or to know about ("people familiar
# with the talks", "sources with knowledge of the matter", "officials briefed on the plan"):
# part of the source's phrase, so that the verb after it finds its subject.
_POSTMODIFIER = re.compile(r"(?:familiar|knowledgeable|briefed|involved|aware|"
                           r"with)$")


def _postmodifier_end(tokens: list[Token], head: int, lang: str) -> int:
    k = head + 1
    if k >= len(tokens) or not _POSTMODIFIER.match(tokens[k].lower):
        return head
    k += 1
    while k < len(tokens) and tokens[k].pos in ("ADP", "DET", "ADJ", "NOUN", "PROPN", "NUM",
                                                  "PART") and tokens[k].text not in ",;:" \
            and not tokens[k].finite:
        k += 1
    # the run ends at the clause's verb (or a comma before an apposition or inserted phrase)
    if k < len(tokens) and (tokens[k].finite or tokens[k].text == ",") and k - head <= 8:
        return k - 1
    return head


def apposed_person(tokens: list[Token], phrases: list[Phrase], last: int) -> Phrase | None:
    """The person named in apposition to an office that ends at token ``last``: "der
    Sondergesandte des russischen Präsidenten, Kirill Dmitrijew, …", "the Kremlin's envoy,
    Kirill Dmitriev, …" — after the office's own genitive attribute, a comma, the person's name,
    then a comma, a bracket or the clause's end; else None."""
    k = last + 1
    steps = 0
    while k < len(tokens) and steps < 8 and (
            tokens[k].pos in ("DET", "ADJ", "NOUN", "PROPN") or
            tokens[k].lower in ("of", "for", "at", "’s", "'s")):
        k += 1
        steps += 1
    if k >= len(tokens) or tokens[k].text != ",":
        return None
    name = next((p for p in phrases if p.first == k + 1 and p.kind == "person"), None)
    if name is None:
        return None
    after = tokens[name.last + 1] if name.last + 1 < len(tokens) else None
    if after is not None and after.text not in (",", "(", ".", ";", ":") and \
            after.pos not in ("VERB", "AUX", "MODAL"):
        return None
    return name


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


# English words that are prepositions or conjunctions: before a subject and its finite verb
# they open a clause ("… after Hamas expressed support for …"), not a prepositional phrase
_CLAUSE_PREPOSITIONS = {"after", "before", "since", "until", "once"}


def _verb_follows(tokens: list[Token], k: int) -> bool:
    """Whether a finite verb follows at ``k`` (after auxiliaries' adverbs: "had already said")."""
    while k < len(tokens) and tokens[k].pos == "ADV":
        k += 1
    return k < len(tokens) and tokens[k].finite and tokens[k].pos in ("VERB", "AUX", "MODAL")


def eligible(tokens: list[Token], ph: Phrase, lang: str) -> bool:
    """Whether a phrase can be a subject: not inside a prepositional phrase, not a genitive
    attribute or possessive, not marked dative/accusative."""
    k = ph.first - 1
    while k >= 0 and tokens[k].pos in ("DET", "ADJ", "NUM") and tokens[k].lower not in _NOT_DATIVE:
        k -= 1
    if k >= 0 and tokens[k].pos == "ADP" and tokens[k].lower not in ("laut", "by", "von", "vom") \
            and not (lang == "en" and tokens[k].lower in _CLAUSE_PREPOSITIONS and
                     _verb_follows(tokens, ph.last + 1)):
        return False
    if lang == "de":
        if ph.first > 0 and tokens[ph.first - 1].lower in _NOT_DATIVE:
            return False
        if ph.first > 1 and tokens[ph.first - 1].lower in ("der", "des") and \
                tokens[ph.first - 2].pos == "NOUN":
            return False  # "der Rückzug der Ukraine"
        last = tokens[ph.last]
        if last.text.endswith("s") and ph.first == ph.last and ph.first > 0 and \
                tokens[ph.first - 1].pos == "NOUN" and ph.how in ("unknown-name", "alias",
                                                                  "name", "place"):
            return False  # "nach dem Vorbild Libyens": a genitive attribute
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
    if start > 0 and start - 1 in at and tokens[start - 1].text == ")" and start < len(tokens) \
            and tokens[start].lower not in ("der", "die", "who", "which"):
        # "Merz (CDU) sagte": the bracket is part of the speaker's phrase, not a boundary
        start = _clause_bounds(tokens, at[start - 1].first)[0]
    # the finite verb of the verb group (the cue may be a participle or an infinitive)
    anchor = verb
    if not tokens[verb].finite:
        for k in range(verb - 1, start - 1, -1):
            if tokens[k].finite and tokens[k].pos in ("AUX", "MODAL", "VERB"):
                anchor = k
                break
        else:
            # a participle at the end of a clause whose auxiliary stands before a list with
            # commas ("hat Merz die Zusammenarbeit zwischen der Ukraine, den Partnern und den
            # USA hervorgehoben"): the auxiliary's clause is the cue's. (German: an English
            # participle after a comma heads a clause of its own, ", with Moscow demanding")
            for k in range(start - 1, -1, -1) if lang == "de" else ():
                t = tokens[k]
                if t.text == '"' and k + 1 < len(tokens) and tokens[k + 1].text != ",":
                    continue  # a quote inside the clause ('als "100 Prozent fertig" erklärt')
                if t.pos == "SCONJ" or t.tag == "PRELS" or t.text in (";", ":", '"'):
                    break
                if t.finite and t.pos in ("AUX", "MODAL"):
                    anchor = k
                    start, _ = _clause_bounds(tokens, k)
                    break
    passive = _passive(tokens, anchor, verb, lang)
    if passive is not None:
        # (round 8: or at the capitalised adjective of a name the walk skipped, "vom Weißen
        # Haus", "von den Vereinigten Staaten")
        agent = next((p for p in phrases if p.first == passive or p.first < passive <= p.last
                      and tokens[p.first].text[:1].isupper()), None)
        return Subject(_coordinated(tokens, agent, phrases), passive=True, position="passive") \
            if agent else None
    if lang == "de":
        return _german_subject(tokens, anchor, verb, start, end, at, phrases)
    return _english_subject(tokens, anchor, verb, start, end, at, phrases)


_COORDINATORS = {"und", "and", "sowie", "but", "aber", "doch", "then", "dann", "while"}
_SKIPPABLE = ("ADV", "AUX", "MODAL", "PART")


def shares_subject(tokens: list[Token], verb: int, lang: str) -> bool:
    """Whether the verb at ``verb`` has no subject of its own but shares the one of the clause
    before it: the second verb of a coordination ("Macron kündigte an … und versprach",
    "France is leading … and is demanding") or an English participle after a comma ("Russia
    provided few details, calling the talks …")."""
    k = verb - 1
    while k >= 0 and tokens[k].pos in _SKIPPABLE and tokens[k].lower not in _COORDINATORS:
        k -= 1
    if k >= 0 and tokens[k].lower in ("und", "and", "sowie", "but", "aber") and \
            tokens[verb].finite or k >= 0 and tokens[k].lower in ("and", "but") and \
            any(t.finite for t in tokens[k + 1:verb + 1]):
        return True
    if lang == "en" and k >= 1 and tokens[k].text == '"' and tokens[k - 1].text == ",":
        k -= 1  # '…,” noting that …': the comma closes a quote
    return lang == "en" and tokens[verb].tag == "VVG" and k >= 0 and tokens[k].text == "," and \
        any(t.finite and t.pos in ("VERB", "AUX") for t in tokens[:k])


def main_subject(tokens: list[Token], before: int, phrases: list[Phrase],
                 lang: str) -> Subject | None:
    """The subject of the first finite verb before token ``before`` (the clause a coordinated
    verb or a participle shares its subject with)."""
    for k in range(before):
        t = tokens[k]
        if t.finite and t.pos in ("VERB", "AUX", "MODAL"):
            return subject_of(tokens, k, phrases, lang)
    return None


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


_ARTICLES = {"the", "der", "die", "das", "den", "dem", "des"}


def _coordinated(tokens: list[Token], ph: Phrase | None, phrases: list[Phrase]) -> list[Phrase]:
    """The phrase and those joined to it by "und"/"and"/commas ("Witkoff und Kushner")."""
    if ph is None:
        return []
    group = [ph]
    idx = phrases.index(ph)

    def link(a: Phrase, b: Phrase) -> str | None:
        # an article before a member is not part of its name phrase ("France, the United
        # Kingdom and Ukraine", "Deutschland und die USA") and does not end the list
        between = [t.lower for t in tokens[a.last + 1:b.first] if t.lower not in _ARTICLES]
        if between in (["und"], ["and"], ["sowie"], [",", "and"], ["as", "well", "as"],
                       # round 8: "sowohl Frankreich als auch Italien" (also "wie auch")
                       ["als", "auch"], ["wie", "auch"], ["und", "auch"]):
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


def coordinated(tokens: list[Token], ph: Phrase, phrases: list[Phrase]) -> list[Phrase]:
    """The phrase and those coordinated with it ("nach Angaben der USA und der Ukraine")."""
    return _coordinated(tokens, ph, phrases)


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
    if first is not None and first.lower in ("der", "die") and start >= 3 and \
            tokens[start - 1].text == ")" and all(t.pos in ("PUNCT", "AUX", "MODAL")
                                                  for t in tokens[max(anchor, verb) + 1:end]):
        # "Witkoff (68) der zuvor … verwiesen hatte, …": a relative clause after a bracket
        # whose comma the page lost (the verb stands last)
        k = start - 2
        while k > 0 and tokens[k].text != "(" and start - k <= 4:
            k -= 1
        if tokens[k].text == "(" and k - 1 in at and at[k - 1].kind == "person":
            return Subject(_coordinated(tokens, at[k - 1], phrases), position="relative")
    subordinate = first is not None and first.pos == "SCONJ"
    if first is not None and first.lower == "wie" and tokens[anchor].finite and \
            all(t.pos == "PUNCT" for t in tokens[anchor + 1:end]):
        # ", wie die Unterhändler … verkündeten": a comment clause, its verb last
        subordinate = True
    if subordinate:
        return _first_after(tokens, start + 1, verb, at, phrases, "de")
    # main clause: the Vorfeld
    if anchor == start and start >= 4 and tokens[start - 1].text == ",":
        inserted = _before_insert(tokens, start - 1, at)
        if inserted is not None:
            return Subject(_coordinated(tokens, inserted, phrases), position="relative")
    if anchor - start == 1 and tokens[start].pos == "PRON" and tokens[start].lower in _PRONOUNS["de"]:
        return Subject([], pronoun=start)
    pre = [at[k] for k in range(start, anchor) if k in at]
    pre = list({id(p): p for p in pre}.values())
    cand = [p for p in pre if eligible(tokens, p, "de")]
    if tokens[start].lower in ("einen", "den", "diesen", "keinen") and cand and \
            cand[0].first > start:
        cand = []  # an accusative object stands in the Vorfeld ("Einen Verzicht … lehnt Iran ab")
    if len(cand) >= 2 and cand[0].role and cand[0].kind in ("state", "organisation",
                                                           "coalition") and \
            cand[1].kind == "person" and cand[1].first == cand[0].last + 1:
        # round 5: "SPD-Chef Lars Klingbeil forderte": the organisation is the person's title
        return Subject(_coordinated(tokens, cand[1], phrases))
    if cand and all(tokens[k].pos in ("DET", "ADJ", "NUM") for k in range(start, cand[0].first)):
        # the Vorfeld opens with the speaker; what follows is its modifier ("Quellen nahe der
        # amerikanischen Delegation berichteten", "Ein Vertreter des Weißen Hauses sagte")
        return Subject(_coordinated(tokens, cand[0], phrases))
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
            # object first ("Die Forderung Russlands lehnte Kiew ab") — not when the verb is
            # plural and the phrase after it one speaker ("Rund 35 Staaten unterstützen die
            # Ukraine")
            plural = tokens[anchor].text.endswith("en") and tokens[anchor].lower != "sein"
            if j in at and eligible(tokens, at[j], "de") and not (
                    plural and at[j].kind in ("person", "state", "organisation") and
                    len(_coordinated(tokens, at[j], phrases)) == 1):
                return Subject(_coordinated(tokens, at[j], phrases), position="after")
            return None
    # pronoun right after the verb ("sagte er")
    if anchor + 1 < len(tokens) and tokens[anchor + 1].lower in _PRONOUNS["de"] and \
            tokens[anchor + 1].pos == "PRON":
        return Subject([], pronoun=anchor + 1, position="after")
    return _first_after(tokens, anchor + 1, end, at, phrases, "de", after_verb=True)


def _before_insert(tokens, comma: int, at) -> Phrase | None:
    """Round 8: the Vorfeld's speaker when a relative clause or an apposition between commas
    stands between it and the verb ("Kiew, das noch 20 Prozent des Donbass kontrolliert, lehnt
    … ab"; "Die Sprecherin des Delegationsleiters, Diana Davitian, bestätigte"): the phrase
    before the insert, or the person named in apposition, when that phrase opens its clause."""
    c = comma - 1
    while c > 0 and comma - c <= 25 and tokens[c].text != ",":
        if tokens[c].text in _BOUNDARY or tokens[c].text in (";", ":"):
            return None
        c -= 1
    if c <= 0 or tokens[c].text != "," or c - 1 not in at:
        return None
    head = at[c - 1]
    first = tokens[c + 1]
    relative = first.tag == "PRELS" or first.tag == "APPR" and c + 2 < comma and \
        tokens[c + 2].tag == "PRELS"
    named = at.get(c + 1)
    apposed = named is not None and named.first == c + 1 and named.last == comma - 1 and \
        named.kind == "person"
    # an apposition without a verb of its own ("Diana Davitian, Sprecherin der ukrainischen
    # Delegationsleitung, bestätigte"): the phrase before it speaks
    noun_phrase = not relative and not apposed and first.pos in ("NOUN", "DET", "ADJ") and \
        not any(t.finite or t.tag == "PRELS" for t in tokens[c + 1:comma])
    if not (relative or apposed or noun_phrase):
        return None
    opening = _clause_bounds(tokens, head.first)[0]
    lead = next((at[k] for k in range(opening, c) if k in at), None)
    if apposed and lead is not None and all(t.pos in ("DET", "ADJ")
                                            for t in tokens[opening:lead.first]) and \
            (lead.kind in ("unnamed", "role") or lead.how in (
                "spokesperson", "institution", "office", "role", "apposition")):
        # the person named for an office or a spokesperson speaks ("Die Sprecherin des
        # Delegationsleiters Rustem Umjerow, Diana Davitian, bestätigte")
        return named
    if any(t.pos not in ("DET", "ADJ", "PUNCT") for t in tokens[opening:head.first]):
        return None  # the phrase is no Vorfeld of its own ("Nach Angaben Kiews, das …")
    return head if eligible(tokens, head, "de") else None


# A day of the week is never a person's name ("The Kremlin on Monday dismissed …")
_WEEKDAY = re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)days?|(?:Mon|Diens|Donners|Frei|Sams|"
                      r"Sonn)tag|Mittwoch")
_TIME_WORDS = {"on", "last", "this", "earlier", "later", "late", "early", "next", "in"}


def _temporal(t: Token) -> bool:
    return bool(_TEMPORAL.match(t.text))


def _in_pp(tokens, k, start) -> bool:
    j = k - 1
    while j >= start and tokens[j].pos in ("DET", "ADJ", "NUM", "NOUN"):
        j -= 1
    return j >= start and tokens[j].pos == "ADP"


def _nominative_vorfeld(tokens, start, anchor) -> bool:
    """Whether the Vorfeld starts with a noun phrase that may be nominative (led by an
    article, a number or a quantity: "Der Plan", "Rund 35 Staaten", "Mehr als die Hälfte")."""
    k = start
    while k < anchor and (tokens[k].pos in ("NUM", "ADV") or tokens[k].lower in ("als",)):
        k += 1
    if k >= anchor:
        return False
    t = tokens[k]
    return t.pos == "DET" and t.lower in ("der", "die", "das", "ein", "eine", "the", "a", "an") \
        or t.pos in ("NOUN", "PROPN", "ADJ") and not _temporal(t)


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
    if anchor >= 2 and tokens[anchor - 1].lower == "as" and tokens[verb].tag == "VVG":
        # round 5: "Peskov was quoted (by TASS) as saying …", "X was cited as saying": the
        # subject of the passive speaks
        j = anchor - 2
        while j > 0 and anchor - j <= 5 and tokens[j].lower not in ("quoted", "cited"):
            j -= 1
        if tokens[j].lower in ("quoted", "cited"):
            return _english_subject(tokens, j, j, start, end, at, phrases)
    # walk left over the verb group (auxiliaries, modals, adverbs, "not")
    k = anchor - 1
    while k >= 0 and (tokens[k].pos in ("AUX", "MODAL", "ADV", "PART") and
                      tokens[k].text not in ("'s", "’s") or
                      # round 8: "Witkoff himself confirmed"
                      tokens[k].lower in ("himself", "herself", "itself", "themselves")) and \
            k not in at:
        k -= 1
    # round 5: a time phrase between the subject and its verb ("The Kremlin on Monday
    # dismissed …", "Zelensky late on Sunday said …")
    j = k
    while j >= 0 and j not in at and k - j < 4 and (
            _temporal(tokens[j]) or tokens[j].lower in _TIME_WORDS):
        j -= 1
    if j < k and j >= 0 and j in at and any(_temporal(tokens[x]) for x in range(j + 1, k + 1)):
        k = j
    if k >= 0 and k in at and eligible(tokens, at[k], "en"):
        return Subject(_coordinated(tokens, at[k], phrases))
    if k >= 0 and k in at and tokens[verb].tag == "VVG" and at[k].first > 0 and \
            tokens[at[k].first - 1].lower == "with":
        return Subject(_coordinated(tokens, at[k], phrases))  # "with Moscow demanding …"
    if k >= 0 and tokens[k].pos == "PRON" and tokens[k].lower in _PRONOUNS["en"]:
        return Subject([], pronoun=k)
    if k >= 0 and tokens[k].lower in ("in", "turn") and k >= 2 and \
            tokens[k - 2].lower in ("who", "which") and tokens[k - 1].lower == "in":
        k -= 2  # "which in turn said"
    if k >= 0 and tokens[k].lower in ("they", "it", "who", "which", "that"):
        if tokens[k].lower in ("who", "which") and k - 1 >= 0:
            j = k - 1
            while j >= 0 and tokens[j].text == ",":
                j -= 1
            if j in at and eligible(tokens, at[j], "en"):
                return Subject(_coordinated(tokens, at[j], phrases), position="relative")
        return None
    # an apposition or parenthetical between commas: "Peskov, the Kremlin spokesman, said"
    if k >= 0 and tokens[k].text in (",", ")"):
        j = k
        while j > max(0, k - 24):
            j -= 1
            if tokens[j].text == ")" and j < k - 1:
                # round 8: a bracket inside a long apposition ("Egyptian Foreign Minister Badr
                # Abdelatty, speaking … alongside Palestinian Authority (PA) Prime Minister
                # Mohammad Mustafa, said"): skipped whole
                while j > 0 and tokens[j].text != "(":
                    j -= 1
                continue
            if k - j > 13 and tokens[j + 1].lower in ("which", "who", "that"):
                break  # only an apposition reaches this far back, no relative clause
            if tokens[j].text in (",", "(") and j + 1 < len(tokens) and \
                    tokens[j + 1].lower in ("which", "who", "that"):
                # "Qatar, Egypt and the United States, which are mediating the talks, said":
                # the antecedent of a relative clause between commas is the verb's subject
                # (round 5)
                if tokens[j].text == "," and j - 1 >= 0 and (j - 1) in at and \
                        eligible(tokens, at[j - 1], "en") and tokens[k].text == ",":
                    return Subject(_coordinated(tokens, at[j - 1], phrases))
                break  # "The three Member States, which had … , want": a relative clause
            if tokens[j].text in (",", "("):
                name = at.get(j + 1)
                if name is not None and name.last == k - 1 and name.kind == "person" and \
                        j - 1 >= 0 and (j - 1) not in at and tokens[j - 1].pos == "NOUN" and \
                        role_head(tokens[j - 1].text, "en"):
                    # "Putin's foreign policy adviser, Yuri Ushakov, said": the name in
                    # apposition to the office
                    return Subject([name])
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
            if nxt in (",", ".", ";", ":", "!", "?", "(") or \
                    tokens[ph.last + 1].pos in ("ADP", "SCONJ"):
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
    speakers: list[list[Phrase]] = field(default_factory=list)  # persons who spoke, per sentence
    unnamed: dict[str, Phrase] = field(default_factory=dict)    # "officials" → last such source
    subjects: list[Phrase | None] = field(default_factory=list)  # each sentence's subject person

    actor_roles: dict[str, set[str]] = field(default_factory=dict)  # scenario person → keys

    def remember(self, phrases: list[Phrase]) -> None:
        persons = [p for p in phrases if p.kind == "person"]
        self.persons.append(persons)
        for p in persons:
            self.by_key[p.key] = p
            keys = {role_key(p.role)} if p.role else set()
            keys |= self.actor_roles.get(p.actor or "", set())
            for key in keys:
                self.roles.setdefault(key, set()).add(p.key)
            if p.actor is None and " " in p.name:
                self.surnames[skeleton(p.name.split()[-1])] = p

    def spoke(self, phrases: list[Phrase], mentioned: list[Phrase] = (),
              subject: Phrase | None = None) -> None:
        """The speakers of the sentence just read (after :meth:`remember`), the unnamed
        sources it mentions and the person that is the subject of its main clause."""
        self.speakers.append([p for p in phrases if p.kind == "person"])
        self.subjects.append(subject if subject is not None and subject.kind == "person"
                             else None)
        for p in [*mentioned, *phrases]:
            if p.kind == "unnamed":
                self.unnamed[p.name.split()[-1]] = p

    def new_paragraph(self) -> None:
        """News paragraphs are a sentence or two: a pronoun that opens one still refers to
        the person of the paragraph before, so nothing is forgotten here."""

    def pronoun(self, current: list[Phrase], before: int,
                subjects: list[Phrase] = ()) -> Phrase | None:
        """The one person a pronoun at token ``before`` can mean: the persons earlier in its
        sentence (the subject of a cue before it, if several), else the person who spoke in
        the previous sentence, else the persons named there; None unless exactly one (the
        labelling rules leave out a sentence whose speaker is ambiguous)."""
        here = {p.key: p for p in current if p.kind == "person" and p.last < before}
        if len(here) > 1:
            spoke = {p.key: p for p in subjects if p.key in here}
            here = spoke if len(spoke) == 1 else here
        if not here:
            for pool in (self.speakers[-1:], self.persons[-1:]):
                if pool and pool[0]:
                    here = {p.key: p for p in pool[0]}
                    break
            # several persons before: the subject of the sentence before is the one a
            # subject pronoun continues (centering: the subject ranks first)
            last = self.subjects[-1] if self.subjects else None
            if len(here) > 1 and last is not None and last.key in here:
                return here[last.key]
        return next(iter(here.values())) if len(here) == 1 else None

    def definite_unnamed(self, ph: Phrase) -> Phrase | None:
        """"the official", "der Beamte": the unnamed source of that kind named before."""
        return self.unnamed.get(ph.name.split()[-1])

    def role(self, ph: Phrase) -> Phrase | None:
        keys = self.roles.get(role_key(ph.role) or "", set())
        if len(keys) == 1:
            return self.by_key[next(iter(keys))]
        return None

    def known_surname(self, ph: Phrase) -> Phrase | None:
        if ph.kind in ("unknown", "person") and " " not in ph.name:
            return self.surnames.get(skeleton(ph.name))
        if ph.kind in ("unknown", "person") and ph.name.split()[0].lower() in _NAME_PARTICLES:
            # "von der Leyen" after "Ursula von der Leyen" (round 5)
            hit = self.surnames.get(skeleton(ph.name.split()[-1]))
            return hit if hit is not None and hit.name.lower().endswith(ph.name.lower()) \
                else None
        return None
