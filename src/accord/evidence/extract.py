"""Statements: who said (or did, or is claimed to want) what, on which issue, when — with the span.

Rules, German and English, over spaCy's blank pipelines (a sentencizer; no trained model, no
download):

1. *Attributed speech and stances.* A speech verb ("sagte", "bestätigte", "told"), stance verb
   ("forderte", "weigert sich", "lehnte … ab", "refused") or deliberation verb ("diskutieren",
   "weighs") makes its subject the speaker. The subject is the actor mention right before the
   verb (auxiliaries may intervene: "Trump hat es vermieden"), else right after it (German
   inversion: "weigert sich Selenskyj", English "said Rubio"), else the nearest one earlier in
   the clause; mentions after a preposition, genitive attributes ("der Rückzug der Ukraine"),
   possessives and adjectives never speak. Coordinated subjects ("Witkoff und Kushner") all
   speak. A personal pronoun subject ("er erklärte") is the last person who spoke.
2. *According to.* "laut X", "X zufolge", "according to X" make X the source: the speaker when
   nothing else in the sentence speaks, otherwise the reporter of what the others say.
3. *Hearsay and inference.* "Berichte, wonach …", "angeblich", "reportedly" lower the
   confidence and mark the statement as reported by unnamed reports. An inference frame
   ("deutet darauf hin, dass Putin … erwägt", "Russland scheint …") turns a stance into the
   author's claim *about* the actor: the author is the speaker.
4. *Authors' claims.* A body sentence nobody is quoted in is the author's own statement when it
   names an actor and an issue, or an actor and a word of stance ("interessiert", "bereit",
   "Forderungen", "Position", "willing"), or when the author speaks in the first person about an
   actor or issue.
5. *Reposters.* Sentences of a reposter's opinion block are the reposter's statements, never the
   author's.

Issues come from the keyword lexicon (``lexicon/issues.yaml``) mapped onto the scenario's issues
by id, name and codes, plus words from each scenario issue's own name and anchors. Dates are
resolved against the source's date; a statement's date is the date expression in its main
clause (the part before "dass"/"that" or the quote), else it is left to the source's date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache

from accord.evidence.gazetteer import Gazetteer, Mention
from accord.evidence.lexicon import find_dates, load, rule_language
from accord.evidence.provenance import ParsedSource, Segment
from accord.scenario.model import Evidence, Scenario

EXTRACTOR_VERSION = 1
STATEMENT_SEGMENTS = ("body", "reposter_opinion")

# --- spaCy ------------------------------------------------------------------------------------


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


# --- rule data --------------------------------------------------------------------------------


@dataclass
class _Rules:
    verbs: re.Pattern
    verb_forms: list[tuple[re.Pattern, str, str, str | None]]  # (forms, kind, lemma, particle)
    according_before: re.Pattern | None
    according_after: re.Pattern | None
    hearsay: re.Pattern
    inference: re.Pattern
    complement: re.Pattern
    first_person: re.Pattern
    stance_words: re.Pattern
    prepositions: set[str]
    auxiliaries: set[str]
    pronouns: set[str]
    breaks: re.Pattern
    hypothetical: re.Pattern
    subjunctive: re.Pattern | None
    conditional: re.Pattern
    lang: str


_HYPOTHETICAL = {
    "de": r"würde|würden|könnte|könnten|dürfte|dürften|möglicherweise|vielleicht|eventuell|wäre|wären",
    "en": r"would|could|might|may|possibly|perhaps",
}
# German Konjunktiv I (and the Konjunktiv II forms that stand in for it): the mood of
# reported speech
_SUBJUNCTIVE_DE = (r"sei|seien|seiest|werde|habe|könne|müsse|solle|wolle|dürfe|gebe|"
                   r"könnten|würden|müssten|sollten|wären|hätten")
# a stance inside a condition ("provided the United States offered a backstop") is not taken
_CONDITIONAL = {
    "de": r"falls|sofern|vorausgesetzt|unter der Bedingung|nur wenn",
    "en": r"if|unless|provided|providing|as long as|on condition",
}
_PREPOSITIONS = {
    "de": "mit gegen an am auf für über von vom zu zur zum zwischen in im ins aus bei beim nach um "
          "unter vor durch ohne seitens gegenüber hinsichtlich wegen trotz bezüglich neben hinter "
          "statt anstelle innerhalb außerhalb".split(),
    "en": "with against on to for about between in into from of at over under towards toward "
          "without among amid within via than like upon".split(),
}
_AUXILIARIES = {
    "de": "hat haben hatte hatten habe hätte hätten ist sind war waren sei seien wird werden wurde "
          "wurden würde würden es sich auch nun dann zuvor bereits erneut weiterhin jedoch zudem "
          "außerdem ebenfalls nicht noch schon bisher immer öffentlich mehrfach ausdrücklich "
          "kürzlich jetzt heute gestern erst ihn ihm ihr ihnen sie daher".split(),
    "en": "has have had is was were are been be will would also then again already has not "
          "never still publicly repeatedly recently now today yesterday explicitly however "
          "further reportedly".split(),
}
_PRONOUNS = {"de": {"er", "sie"}, "en": {"he", "she"}}
_STANCE_WORDS = {
    "de": r"interessiert\w*|Interesse\w*|bereit\w*|Bereitschaft|Position\w*|Haltung\w*|Weigerung\w*|"
          r"Forderung\w*|Kompromiss\w*|Zustimmung\w*|Ablehnung\w*|Maximalziel\w*|Ziel(?:e|en)?|"
          r"will|wollen|wollte|wollten|glaub\w*|besteh\w* darauf|verlang\w*|Angebot\w*|"
          r"Vorschl[aä]g\w*|Bedingung\w*|Zugeständnis\w*|nicht\s+hinnehmen|abweichen",
    "en": r"interested|interests?|ready|willing\w*|readiness|position\w*|stance\w*|refusal\w*|"
          r"demands?|compromise\w*|consent\w*|goals?|aims?|wants?|believ\w*|insist\w*|offer\w*|"
          r"proposal\w*|conditions?|concession\w*|red lines?",
}
_BREAKS = {
    "de": r"[;(]|\)|\s[–—]\s|,\s*(?=(?:während|obwohl|aber|doch|jedoch|sondern|wobei|weil|da|denn|"
          r"nachdem|bevor|wenn|falls|sodass|so dass|und|oder)\b)|\b(?:dass|ob|wonach)\b",
    "en": r"[;(]|\)|\s[–—]\s|,\s*(?=(?:while|whereas|although|but|because|since|and|or|after|before|"
          r"when|if)\b)|\b(?:that|whether)\b",
}


@lru_cache(maxsize=None)
def rules(language: str) -> _Rules:
    lang = rule_language(language)
    data = load("verbs")[lang]
    parts = []
    info: list[tuple[re.Pattern, str, str, str | None]] = []
    for kind in ("speech", "stance", "deliberation"):
        for entry in data.get(kind, []):
            for forms, particle in ((entry.get("forms", []), None),
                                    (entry.get("split", {}).get("forms", []),
                                     entry.get("split", {}).get("particle"))):
                if not forms:
                    continue
                alt = "(?:" + "|".join(forms) + ")"
                parts.append(alt)
                info.append((re.compile(alt, re.IGNORECASE), kind, entry["lemma"], particle))
    verbs = re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", re.IGNORECASE)

    def alt(key, flags=re.IGNORECASE):
        items = data.get(key) or []
        return re.compile(r"(?<![\w])(?:" + "|".join(items) + r")(?![\w])", flags) if items else None

    return _Rules(
        verbs=verbs, verb_forms=info,
        according_before=alt("according_to_before"),
        according_after=alt("according_to_after"),
        hearsay=alt("hearsay"), inference=alt("inference"), complement=alt("complement"),
        first_person=alt("first_person", 0),
        stance_words=re.compile(r"(?<![\w])(?:" + _STANCE_WORDS[lang] + r")(?![\w])"),
        prepositions=set(_PREPOSITIONS[lang]), auxiliaries=set(_AUXILIARIES[lang]),
        pronouns=_PRONOUNS[lang],
        breaks=re.compile(_BREAKS[lang], re.IGNORECASE),
        hypothetical=re.compile(r"(?<![\w])(?:" + _HYPOTHETICAL[lang] + r")(?![\w])", re.IGNORECASE),
        subjunctive=re.compile(r"(?<![\w])(?:" + _SUBJUNCTIVE_DE + r")(?![\w])")
        if lang == "de" else None,
        conditional=re.compile(r"(?<![\w])(?:" + _CONDITIONAL[lang] + r")(?![\w])", re.IGNORECASE),
        lang=lang)


# --- issues -----------------------------------------------------------------------------------

_STOPWORDS = set("""der die das des dem den ein eine einer eines einem einen und oder für von mit zu
zur zum auf aus bei nach über unter vor nicht the a an of and or for to on in with from by at as
is are be its their all any only""".split())


_GENERIC_WORDS = {"foreign", "military", "status", "security", "political", "general", "control",
                  "question", "issue", "future", "support", "national", "international", "frozen",
                  "western", "eastern", "current", "together", "agreement", "administration"}


def _term_matches(term: str, issue, hay: str, codes: set[str], by_code: bool) -> bool:
    is_code = (term[:1].isupper() and any(ch.isupper() for ch in term[1:])) or len(term) <= 3
    if by_code:
        return is_code and term.lower() in codes
    if is_code:
        return term.lower() == issue.id.lower()
    return term.lower() in hay


@dataclass
class IssueMatcher:
    """Keyword patterns per scenario issue id, and the lexicon entries each issue took."""

    patterns: dict[str, list[re.Pattern]]
    lexicon_keys: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def for_scenario(cls, scenario: Scenario) -> "IssueMatcher":
        from accord.evidence.gazetteer import skeleton

        lexicon = load("issues")
        # words naming an actor ("Ukraine" in "Security guarantees for Ukraine") say nothing
        # about the issue
        actor_words = {skeleton(w) for a in scenario.actors for n in [a.name, *a.aliases, a.id]
                       for w in re.findall(r"[^\W\d_]+", n)}
        for entry in load("places").values():
            for n in [*entry.get("names", []), *entry.get("metonyms", [])]:
                actor_words.update(skeleton(w) for w in re.findall(r"[^\W\d_]+", n))
        patterns: dict[str, list[re.Pattern]] = {}
        keys: dict[str, list[str]] = {}
        for issue in scenario.issues:
            hay = " ".join([issue.id, issue.name]).lower()
            codes = {c.lower() for c in issue.codes}
            rx: list[str] = []
            matched_keys: list[str] = []
            # the issue's id and name choose the lexicon entries; its codes only when they
            # choose none (codes are shared: DdrDemil is both troops and army size)
            for by_code in (False, True):
                for key, entry in lexicon.items():
                    if any(_term_matches(term, issue, hay, codes, by_code)
                           for term in entry.get("match", [])):
                        matched_keys.append(key)
                        rx += [r"(?<![\w])" + k for k in entry.get("keywords", [])]
                        rx += [k for k in entry.get("infix", [])]
                if matched_keys:
                    break
            # the issue's own words: the content words of its name, and the proper names and
            # acronyms in its anchor labels ("PURL", "Tomahawks", "Congress")
            own = [w for w in re.findall(r"[^\W\d_]{6,}", issue.name)
                   if w.lower() not in _GENERIC_WORDS]
            for label in [a.label for a in issue.anchors] + [o.label for o in issue.options]:
                words = re.findall(r"[^\W\d_]+", label)
                own += [w for w in words[1:] if len(w) >= 4 and (w.isupper() or w[0].isupper())]
            for word in own:
                if word.lower() not in _STOPWORDS and skeleton(word) not in actor_words:
                    rx.append(r"(?<![\w])" + re.escape(word) + r"\w*")
            patterns[issue.id] = [re.compile(p, re.IGNORECASE) for p in dict.fromkeys(rx)]
            keys[issue.id] = matched_keys
        return cls(patterns, keys)

    def find(self, text: str) -> list[str]:
        return [issue for issue, pats in self.patterns.items() if any(p.search(text) for p in pats)]


# --- statements -------------------------------------------------------------------------------


@dataclass
class Statement:
    """One attributed statement, located in the original text of its source."""

    source: str
    speaker: str | None
    speaker_name: str
    reported_by: str | None
    issues: list[str]
    about: list[str]
    text: str                     # the sentence (or clause) in the original text
    quote: str                    # original[start:end]
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    date: dt.date | None
    date_text: str | None
    date_precision: str
    segment: str
    rule: str
    verb: str | None
    confidence: float
    language: str | None
    file: str | None = None
    scenario: str | None = None
    dates: list[dict] = field(default_factory=list)

    @property
    def id(self) -> str:
        key = f"{self.source}|{self.scenario}|{self.start}|{self.end}|{self.speaker or self.speaker_name}"
        return "st-" + hashlib.sha1(key.encode()).hexdigest()[:12]

    def to_dict(self) -> dict:
        d = asdict(self)
        d["id"] = self.id
        d["date"] = self.date.isoformat() if self.date else None
        return d

    def to_evidence(self) -> Evidence:
        """The statement as a scenario :class:`Evidence` item."""
        return Evidence(id=self.id, source=self.source, quote=self.quote,
                        speaker=self.speaker or self.speaker_name, reported_by=self.reported_by,
                        date=self.date, note=f"{self.rule}; confidence {self.confidence:.2f}")


@dataclass
class _Verb:
    start: int
    end: int
    text: str
    kind: str
    lemma: str


@dataclass
class _Candidate:
    speakers: list[Mention]
    verb: _Verb | None
    rule: str
    confidence: float
    reported_by: str | None = None
    clause_start: int = 0
    main_end: int = 0
    demoted: bool = False
    complement_end: int = -1
    is_tag: bool = False          # a closing speech tag: speaks for the whole sentence


class Extractor:
    """Statement extraction for one scenario (its actors and issues)."""

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self.gazetteer = Gazetteer(scenario)
        self.issues = IssueMatcher.for_scenario(scenario)

    def extract(self, parsed: ParsedSource) -> list[Statement]:
        doc = parsed.document
        lang = doc.language or "en"
        R = rules(lang)
        ref = parsed.reference_date
        author = parsed.source.author or f"author of {parsed.source.id}"
        reposter = parsed.source.reposted_by or "reposter"
        author_actor = self.gazetteer.resolve(author) if parsed.source.author else None
        out: list[Statement] = []
        last_person: Mention | None = None
        prev_speech: tuple[int, list[Mention]] | None = None
        learned: dict[str, tuple[str, str]] = {}
        for sent in split_sentences(parsed):
            in_opinion = sent.segment.label == "reposter_opinion"
            mentions = self.gazetteer.find(sent.text, fuzzy=bool(R.verbs.search(sent.text)),
                                           learned=learned)
            quotes = _quote_spans(sent.text)
            kept = self._candidates(sent, mentions, quotes, R, lang, last_person, prev_speech,
                                    in_opinion)
            speech = [c for c in kept if c.verb is not None and c.verb.kind == "speech"]
            prev_speech = None
            if len(kept) == 1 and (speech and len(speech[0].speakers) == 1 or
                                   kept[0].rule == "reported-speech-continued"):
                prev_speech = (sent.paragraph, kept[0].speakers)
            if not kept and self._author_claim(sent.text, mentions, R, in_opinion):
                kept = [_Candidate([], None, "reposter-opinion" if in_opinion else "author-claim",
                                   0.45 if in_opinion else 0.5, main_end=len(sent.text))]
            for c in kept:
                out.extend(self._statements(parsed, sent, c, mentions, quotes, kept, ref,
                                            author=reposter if in_opinion else author,
                                            author_actor=None if in_opinion else author_actor))
            persons = [m for m in mentions if m.kind == "person" and m.actor and m.speaker_ok]
            if persons:
                last_person = persons[-1]
        return _dedupe(out)

    # --- pieces -------------------------------------------------------------------------------

    def _candidates(self, sent: Sentence, mentions, quotes, R: _Rules, lang: str,
                    last_person: Mention | None, prev_speech, in_opinion: bool) -> list[_Candidate]:
        """The attributions a sentence supports (rules 1–3 and 5 of the module docstring)."""
        text = sent.text
        verbs = self._verbs(text, R, quotes, rule_language(lang))
        cands = self._attributed(text, mentions, verbs, quotes, R, lang, last_person)
        acc = self._according_to(text, mentions, quotes, R)
        if acc is not None:
            source = acc.speakers[0]
            if not cands:
                cands = [acc]
            for c in cands:
                if c is not acc and (source.actor is None or
                                     source.actor not in {m.actor for m in c.speakers}):
                    c.reported_by = source.name
        if R.hearsay and R.hearsay.search(text):
            for c in cands:
                if c.reported_by is None and c.rule != "according-to":
                    c.reported_by = "unnamed reports"
                    c.confidence -= 0.15
        if in_opinion:
            # the reposter speaks here: what actors "have to" do is the reposter's view
            return []
        kept = [c for c in cands if not c.demoted]
        if not kept and prev_speech is not None and prev_speech[0] == sent.paragraph and \
                R.subjunctive is not None and R.subjunctive.search(text) and \
                not (R.first_person and R.first_person.search(text)):
            # German indirect speech runs on in the subjunctive: "…, sagte Trump. Die
            # Europäer könnten Waffen kaufen." is still Trump
            kept = [_Candidate(prev_speech[1], None, "reported-speech-continued", 0.5)]
        return kept

    def _verbs(self, text: str, R: _Rules, quotes: list[tuple[int, int]],
               lang: str) -> list[_Verb]:
        out = []
        for m in R.verbs.finditer(text):
            if _inside(m.start(), quotes):
                continue
            word = m.group(0)
            # German nouns are capitalised: "Sagen" mid-sentence is not a verb
            if lang == "de" and word[:1].isupper() and text[:m.start()].strip() and \
                    not text[:m.start()].rstrip().endswith(('"', ":")):
                continue
            # English nouns look like verbs ("for promises", "the demands")
            if lang == "en" and re.search(r"\b(?:a|an|the|for|of|his|her|their|its|our|my|your|"
                                          r"new|these|those|such|no|any|some|all|many)\s+$",
                                          text[:m.start()], re.IGNORECASE):
                continue
            # one form may belong to several verbs ("wies … hin", "wies … zurück"): the first
            # whose particle (if it has one) follows in the same clause
            tail = text[m.end():]
            stop = re.search(r"[,;]\s*(?:dass|ob|weil|während|obwohl)\b|[.!?]", tail)
            scope = tail[: stop.start()] if stop else tail
            for form_rx, kind, lemma, particle in R.verb_forms:
                if not form_rx.fullmatch(word):
                    continue
                if particle and not re.search(r"(?<![\w-])" + particle + r"(?![\w-])", scope):
                    continue
                out.append(_Verb(m.start(), m.end(), word, kind, lemma))
                break
        return out

    def _eligible(self, text: str, m: Mention, quotes, R: _Rules, lang: str) -> bool:
        if not m.speaker_ok or _inside(m.start, quotes):
            return False
        before = re.findall(r"[\w'’]+", text[:m.start])
        if before:
            w1 = before[-1].lower()
            if w1 in R.prepositions:
                return False
            if len(before) >= 2 and w1 in ("der", "des", "dem", "den", "die", "the") and \
                    before[-2].lower() in R.prepositions:
                return False
            # genitive attribute: "der Rückzug der Ukraine", "die Zustimmung Russlands"
            if rule_language(lang) == "de" and w1 in ("der", "des") and len(before) >= 2 and \
                    before[-2][:1].isupper() and re.search(
                        re.escape(before[-2]) + r"\s+" + re.escape(before[-1]) + r"\s*$",
                        text[:m.start]) and len(before) > 2:
                return False
        # possessive: "Russlands Zustimmung", "Russia's consent"; a possessed office
        # ("Germany's chancellor") is a mention of its own and speaks
        if m.how == "office":
            return True
        if rule_language(lang) == "en":
            return not re.search(r"['’]s?$", m.text)
        genitive = m.text.endswith("s") and not m.name.endswith("s") and \
            m.how in ("surname", "name", "alias", "metonym")
        return not (genitive and re.match(r"\s+(?:\w+\s+)?[A-ZÄÖÜ]\w+", text[m.end:m.end + 40]))

    def _attributed(self, text, mentions, verbs, quotes, R: _Rules, lang,
                    last_person) -> list[_Candidate]:
        cands: list[_Candidate] = []
        breaks = [m.end() for m in R.breaks.finditer(text) if not _inside(m.start(), quotes)]
        # the source after "laut"/"according to" reports; it is not the subject of the verbs
        acc = self._according_to(text, mentions, quotes, R)
        reporters = {id(m) for m in acc.speakers} if acc else set()
        eligible = [m for m in mentions if self._eligible(text, m, quotes, R, lang)
                    and id(m) not in reporters]
        infer = [m.start() for m in R.inference.finditer(text)] if R.inference else []
        for v in verbs:
            window = max([b for b in breaks if b <= v.start] + [0])
            subj, adjacent = self._subject(text, v, eligible, window, R)
            conf = {"speech": 0.85, "stance": 0.75, "deliberation": 0.7}[v.kind]
            if not adjacent and self._pronoun_subject(text, v, R):
                # "…, he said": the pronoun next to the verb beats a name further back
                persons = [m for m in eligible if m.kind == "person" and m.end <= v.start]
                antecedent = persons[-1] if persons else last_person
                if antecedent is not None:
                    subj = [antecedent]
                    conf -= 0.3
            if not subj:
                continue
            conf = min(conf, *(0.5 + 0.5 * m.confidence for m in subj)) if subj else conf
            if any(m.how == "fuzzy" for m in subj):
                conf -= 0.2
            c = _Candidate(subj, v, f"{v.kind}-verb", round(conf, 2), clause_start=min(
                window, min(m.start for m in subj)), main_end=self._main_end(text, v, quotes, R))
            if v.kind != "speech" and (any(i < v.start for i in infer) or
                                       self._hypothetical(text, subj, v, R) or
                                       R.conditional.search(text, window, v.start)):
                c.demoted = True
            # nested report: "X sagte, dass Y fordert" — Y's stance is reported by X (only when
            # Y's clause is the one X's complementiser opened, not a later "während …" clause)
            for outer in cands:
                if outer.verb and outer.verb.kind == "speech" and not outer.demoted and \
                        outer.complement_end == window and window > outer.verb.end:
                    c.reported_by = outer.speakers[0].name
            if R.complement:
                comp = R.complement.search(text, v.end)
                if comp and not re.search(r"[.;!?]", text[v.end:comp.start()]):
                    c.complement_end = comp.end()
            if any({x.actor or x.name for x in c.speakers} == {x.actor or x.name for x in o.speakers}
                   for o in cands):
                continue
            cands.append(c)
        return _speech_tag(text, cands)

    def _subject(self, text, v: _Verb, eligible: list[Mention], window: int,
                 R: _Rules) -> tuple[list[Mention], bool]:
        """The subject mentions of verb ``v`` and whether they stand right next to it."""
        before = [m for m in eligible if m.end <= v.start and m.start >= window]
        after = [m for m in eligible if m.start >= v.end]
        chosen = self._passive_agent(text, v, eligible, window, R)
        if chosen is None and before:
            m = before[-1]
            gap = re.findall(r"[\w'’]+", text[m.end:v.start])
            punct = re.search(r"[,;:()\"]", text[m.end:v.start])
            if not punct and all(w.lower() in R.auxiliaries for w in gap) and len(gap) <= 3:
                chosen = m
        # inversion: German V2 ("weigert sich Selenskyj"), English only in speech tags
        # (", said Rubio"), not in "Zelensky, in Davos, said Ukraine needed …"
        if chosen is None and after and (R.lang == "de" or re.search(r"[,\"]\s*$", text[:v.start])
                                         and re.match(r"\s*(?:[,.;:!?]|$)", text[after[0].end:])):
            m = after[0]
            gap = re.findall(r"[\w'’]+", text[v.end:m.start])
            if not re.search(r"[,;:()\"]", text[v.end:m.start]) and len(gap) <= 2 and \
                    all(w.lower() in R.auxiliaries or w.lower() in ("der", "die", "das", "the")
                        for w in gap):
                chosen = m
        adjacent = chosen is not None
        if chosen is None and before:
            chosen = before[-1]
        if chosen is None:
            return [], False
        group = [chosen]
        if chosen not in eligible:  # a passive agent after "von"
            return group, adjacent
        # coordinated subjects: "Steve Witkoff und Jared Kushner"
        idx = eligible.index(chosen)
        k = idx
        while k > 0 and re.fullmatch(r"\s*(?:,|und|and|sowie|as well as|,\s*and)\s*",
                                     text[eligible[k - 1].end:eligible[k].start]):
            k -= 1
            group.insert(0, eligible[k])
        k = idx
        while k + 1 < len(eligible) and eligible[k + 1].end <= v.start and re.fullmatch(
                r"\s*(?:,|und|and|sowie)\s*", text[eligible[k].end:eligible[k + 1].start]):
            k += 1
            group.append(eligible[k])
        return group, adjacent

    def _passive_agent(self, text, v: _Verb, mentions: list[Mention], window: int,
                       R: _Rules) -> Mention | None:
        """The agent of a passive: "was rejected by Kyiv", "wurde von Kiew abgelehnt"."""
        if R.lang == "en":
            m = re.match(r"\s+by\s+(?:the\s+)?", text[v.end:])
            if m:
                return next((x for x in mentions if x.start == v.end + m.end()), None)
            return None
        if not re.search(r"\b(?:wurde|wurden|wird|werden|worden)\b", text[window:v.start]):
            return None
        agents = [x for x in self.gazetteer.find(text)
                  if window <= x.start and x.end <= v.start and x.speaker_ok and
                  re.search(r"\b(?:von|vom)\s+(?:dem\s+|der\s+|den\s+)?$", text[window:x.start])]
        return agents[-1] if agents else None

    def _hypothetical(self, text, subj: list[Mention], v: _Verb, R: _Rules) -> bool:
        """A conditional ("der Russland möglicherweise zustimmen würde", "could accept") is the
        author's speculation, not the actor's stance."""
        lo = min(m.end for m in subj) if subj and subj[0].end <= v.start else v.start
        tail = re.split(r"[,;:.!?()]", text[v.end:], maxsplit=1)[0]
        around = text[lo:v.start] + " " + " ".join(re.findall(r"[\w']+", tail)[:2])
        return bool(R.hypothetical.search(around))

    def _pronoun_subject(self, text, v: _Verb, R: _Rules) -> bool:
        before = re.findall(r"[\w'’]+", text[:v.start])[-2:]
        after = re.findall(r"[\w'’]+", text[v.end:])[:1]
        return any(w.lower() in R.pronouns for w in before[-1:] + after) and \
            not (before and before[-1] == "Sie")

    def _main_end(self, text, v: _Verb, quotes, R: _Rules) -> int:
        """Where the reported content starts after the verb: a complementiser or a quote."""
        ends = [len(text)]
        if R.complement:
            m = R.complement.search(text, v.end)
            if m:
                ends.append(m.start())
        ends += [q[0] - 1 for q in quotes if q[0] > v.end]
        colon = text.find(":", v.end)
        if colon >= 0:
            ends.append(colon)
        return min(ends)

    def _according_to(self, text, mentions, quotes, R: _Rules) -> _Candidate | None:
        if R.according_before:
            for m in R.according_before.finditer(text):
                if _inside(m.start(), quotes):
                    continue
                nxt = [x for x in mentions if x.start >= m.end() and re.fullmatch(
                    r"\s*(?:(?:dem|der|des|den|von|vom|im|in der|the|by|from|in)\s+)*",
                    text[m.end():x.start])]
                if nxt:
                    return _Candidate([nxt[0]], _Verb(m.start(), m.end(), m.group(0), "speech",
                                                      "according to"),
                                      "according-to", 0.8, clause_start=m.start(),
                                      main_end=nxt[0].end)
        if R.according_after:
            for m in R.according_after.finditer(text):
                prev = [x for x in mentions if x.end <= m.start() and
                        re.fullmatch(r"\s*", text[x.end:m.start()])]
                if prev:
                    return _Candidate([prev[-1]], _Verb(m.start(), m.end(), m.group(0), "speech",
                                                        "according to"),
                                      "according-to", 0.8, clause_start=prev[-1].start,
                                      main_end=m.end())
        return None

    def _author_claim(self, text, mentions, R: _Rules, in_opinion: bool) -> bool:
        if text.rstrip().endswith("?") and not in_opinion:
            return False
        actors = [m for m in mentions if m.actor is not None]
        issues = self.issues.find(text)
        first_person = bool(R.first_person and R.first_person.search(text))
        if in_opinion:
            return bool(actors or issues)
        stance = bool(R.stance_words.search(text))
        return bool(actors and issues) or bool(actors and stance) or len(issues) >= 2 or \
            bool(first_person and (issues or (actors and stance)))

    def _statements(self, parsed: ParsedSource, sent: Sentence, c: _Candidate, mentions,
                    quotes, all_cands, ref, *, author: str,
                    author_actor: str | None) -> list[Statement]:
        doc = parsed.document
        text = sent.text
        # the clause this statement covers: up to where the next candidate's clause starts
        starts = sorted({x.clause_start for x in all_cands})
        whole = len(all_cands) == 1 or c.is_tag
        c_start = 0 if whole else c.clause_start
        nxt = [s for s in starts if s > c_start]
        c_end = len(text) if whole or not nxt else nxt[0]
        while c_end > c_start and text[c_end - 1] in " ,;–—":
            c_end -= 1
        clause = text[c_start:c_end]
        # a direct quote in the clause after the verb is the statement's quote
        # (after the verb: "sagte: „…“"; or just before it: "“…,” he told reporters")
        inside = [(s, e) for s, e in quotes if c_start <= s and e <= c_end and e - s >= 3]
        q = None
        if c.verb is not None:
            q = next(((s, e) for s, e in inside if s >= c.verb.start), None) or \
                next(((s, e) for s, e in reversed(inside) if e <= c.verb.start and
                      not re.search(r"[.!?]\s", text[e + 1:c.verb.start])), None)
        span = (q[0], q[1]) if q and c.verb is not None else (c_start, c_end)
        o_start, o_end = doc.to_original(sent.start + span[0], sent.start + span[1])
        s_start, s_end = doc.to_original(sent.start, sent.end)
        issues = self.issues.find(clause) or (self.issues.find(text) if len(all_cands) == 1 else [])
        speaker_ids = {m.actor for m in c.speakers}
        about = list(dict.fromkeys(m.actor for m in mentions if m.actor and m.actor not in
                                   speaker_ids and c_start <= m.start < c_end))
        dates = [d for d in find_dates(clause, ref, doc.language)]
        main = [d for d in dates if d.start < (c.main_end - c_start)
                and not _inside(d.start + c_start, quotes)] if c.verb else []
        if main:
            date, date_text, precision = main[0].date, main[0].text, main[0].precision
        else:
            date, date_text, precision = ref, None, "source"
        demote = c.demoted
        out = []
        speakers = c.speakers if c.speakers and not demote else [None]
        for m in speakers:
            if m is None:
                speaker, name = author_actor, author
                rule = c.rule if not demote else "author-claim"
                if demote:
                    about = list(dict.fromkeys([x.actor for x in c.speakers if x.actor] + about))
                conf = 0.5 if demote else c.confidence
                reported_by = None
            else:
                speaker, name = m.actor, m.name
                rule, conf = c.rule, c.confidence
                reported_by = c.reported_by or author
                if speaker is not None and speaker == author_actor:
                    reported_by = None
            out.append(Statement(
                source=parsed.source.id, speaker=speaker, speaker_name=name,
                reported_by=reported_by, issues=issues, about=about,
                text=doc.original[s_start:s_end], quote=doc.original[o_start:o_end],
                start=o_start, end=o_end, sentence_start=s_start, sentence_end=s_end,
                date=date, date_text=date_text, date_precision=precision,
                segment=sent.segment.label, rule=rule, verb=c.verb.text if c.verb else None,
                confidence=round(max(0.05, min(conf, 0.99)), 2), language=doc.language,
                file=doc.path, scenario=self.scenario.id,
                dates=[{"text": d.text, "date": d.date.isoformat() if d.date else None,
                        "precision": d.precision} for d in dates]))
        return out


def _dedupe(statements: list[Statement]) -> list[Statement]:
    seen: set[str] = set()
    out = []
    for s in statements:
        if s.id not in seen:
            seen.add(s.id)
            out.append(s)
    return out


def _speech_tag(text: str, cands: list[_Candidate]) -> list[_Candidate]:
    """A closing speech tag reports everything before it: in "Moskau besteht darauf, dass …,
    sagte Lawrow." Lawrow reports Russia's stance (and is not reported by it)."""
    if len(cands) < 2:
        return cands
    tag = cands[-1]
    if tag.verb is None or tag.verb.kind != "speech":
        return cands
    start = min(tag.verb.start, *(m.start for m in tag.speakers))
    end = max(tag.verb.end, *(m.end for m in tag.speakers))
    if not re.search(r"[,\"]\s*$", text[:start]) or re.search(r"[,;:\"]", text[end:].rstrip(" .!?")):
        return cands
    tag.reported_by = None
    tag.clause_start = start
    tag.is_tag = True
    for c in cands[:-1]:
        c.reported_by = tag.speakers[0].name
    return cands


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Contents of double-quoted passages (normalised text: every double quote is '"')."""
    idx = [i for i, ch in enumerate(text) if ch == '"']
    return [(idx[k] + 1, idx[k + 1]) for k in range(0, len(idx) - 1, 2)]


def extract_statements(parsed: ParsedSource, scenario: Scenario,
                       extractor: Extractor | None = None) -> list[Statement]:
    """Every statement in a parsed source, with speakers and issues from ``scenario``."""
    return (extractor or Extractor(scenario)).extract(parsed)


def statements_json(statements: list[Statement]) -> str:
    return json.dumps([s.to_dict() for s in statements], ensure_ascii=False, indent=2)


# --- evaluation against hand annotations ---------------------------------------------------------


def _name_key(name: str | None) -> str:
    return " ".join((name or "").lower().split())


def evaluate(annotations: list[dict], statements: list[Statement], original: str,
             extractor: Extractor) -> dict:
    """Precision and recall of ``statements`` against hand-annotated ones of the same text.

    An annotation (``speaker``, ``text`` — a substring of its sentence, unique in the text —
    optional ``issues`` as lexicon keys) is found when a statement has the same speaker (the
    scenario actor the annotated name resolves to, else the same name) and its sentence
    overlaps the annotated text. Each statement matches at most one annotation. Issue
    precision and recall are computed over the matched pairs, on lexicon keys.
    """
    gaz = extractor.gazetteer
    spans = []
    for a in annotations:
        start = original.find(a["text"])
        if start < 0 or original.find(a["text"], start + 1) >= 0:
            raise ValueError(f"annotation text {a['text']!r} must occur exactly once in the source")
        spans.append((start, start + len(a["text"])))
    used: set[int] = set()
    matched: list[tuple[dict, Statement]] = []
    missed: list[dict] = []
    for a, (s, e) in zip(annotations, spans):
        actor = gaz.resolve(a["speaker"])
        hit = None
        for k, st in enumerate(statements):
            if k in used or not (st.sentence_start < e and s < st.sentence_end):
                continue
            same = st.speaker == actor if actor else \
                _name_key(st.speaker_name) == _name_key(a["speaker"]) and st.speaker is None
            if same:
                hit = k
                break
        if hit is None:
            missed.append(a)
        else:
            used.add(hit)
            matched.append((a, statements[hit]))
    spurious = [st for k, st in enumerate(statements) if k not in used]
    tp_i = fp_i = fn_i = 0
    for a, st in matched:
        got = {key for i in st.issues for key in extractor.issues.lexicon_keys.get(i, [])}
        want = set(a.get("issues") or [])
        tp_i += len(got & want)
        fp_i += len(got - want)
        fn_i += len(want - got)
    n_pred, n_gold = len(statements), len(annotations)
    return {
        "annotated": n_gold, "extracted": n_pred, "matched": len(matched),
        "precision": len(matched) / n_pred if n_pred else 1.0,
        "recall": len(matched) / n_gold if n_gold else 1.0,
        "issue_precision": tp_i / (tp_i + fp_i) if tp_i + fp_i else 1.0,
        "issue_recall": tp_i / (tp_i + fn_i) if tp_i + fn_i else 1.0,
        "missed": missed, "spurious": spurious, "pairs": matched,
    }
