"""Statements: who said what, on which issue, when — each with its exact span.

A *statement* is one (speaker, issue) with the span that says it: a position, demand,
proposal, condition, assessment or announcement attributed in the text to an identifiable
speaker by direct speech, indirect speech (German Konjunktiv included) or a stance predicate
("X demands / rejects / proposes"). The steps, per sentence of the body:

1. tag the words (:mod:`accord.evidence.tagging`), find the cues by lemma and part of speech
   (:mod:`accord.evidence.cues`) and the phrases that can speak (:mod:`accord.evidence.speakers`);
2. choose each cue's subject by the clause's structure; resolve pronouns and role nouns only
   where one person fits; "laut X" / "according to X" name the source when nothing else speaks
   and the intermediary otherwise ("told Interfax" too);
3. a closing speech tag (", sagte Lawrow") speaks for the whole sentence; a stance inside an
   inference frame or a hypothetical ("scheint", "could") is the author's analysis, not the
   actor's stance; a stance nested in someone else's reported speech is theirs to report;
4. quotes that run over several sentences, and German reported speech that runs on in the
   Konjunktiv, stay with their speaker;
5. the issue comes from the statement's own words, else its sentence, else the sentence before
   it when this one refers back ("dies", "this"), else the built-in ``process`` issue (the talks
   themselves), else ``other`` for a stance predicate; a speech verb with none of these is no
   statement;
6. one statement per (speaker, issue): the same point made again in the text becomes a support
   span of the first, most explicit one.

Sentences nobody is said to speak in are not statements. When the author names an actor and an
issue with a word of stance, the sentence is kept as the author's *analysis* (``kind =
"analysis"``, speaker the author): never an actor's statement. A reposter's opinion block is
the reposter's analysis. Candidates of the kinds that were almost never a statement on unseen
text (:mod:`accord.evidence.keep`) are returned too, as ``kind = "set_aside"`` with the reason
in ``set_aside``: never an actor's statement either.

Speakers the scenario lacks (a minister named with a title, a group, unnamed sources) keep
their name and kind; named persons and organisations among them are *proposed* as new actors
(``proposed_actor``), with the state their office names as ``member_of``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import asdict, dataclass, field, replace

from accord.evidence.cues import Cue, clause_end, find_cues, konjunktiv_one
from accord.evidence.decision import DecisionModel, keep_features, shipped_model
from accord.evidence.gazetteer import Gazetteer
from accord.evidence.issues import OTHER, PROCESS, IssueMatcher
from accord.evidence import keep
from accord.evidence.keep import set_aside_because
from accord.evidence.lexicon import find_dates, load, rule_language
from accord.evidence.provenance import ParsedSource
from accord.evidence.sentences import STATEMENT_SEGMENTS, Sentence, split_sentences
from accord.evidence.speakers import (THIRD_PERSON, Discourse, Phrase, apposed_person,
                                      coordinated,
                                      main_subject, nationality, role_head, role_key,
                                      shares_subject, speaker_phrases, subject_of)
from accord.evidence.tagging import Token, tag
from accord.scenario.model import Evidence, Scenario

__all__ = ["EXTRACTOR_VERSION", "Extractor", "Statement", "extract_statements",
           "statements_json", "split_sentences", "STATEMENT_SEGMENTS"]

EXTRACTOR_VERSION = 2

_HYPOTHETICAL = {"de": {"würde", "würden", "könnte", "könnten", "möglicherweise", "vielleicht",
                        "eventuell", "wäre", "wären", "dürfte", "dürften"},
                 "en": {"would", "could", "might", "may", "possibly", "perhaps"}}
_WISH = {"de": {"würde": {"gern", "gerne"}, "würden": {"gern", "gerne"}},
         "en": {"would": {"like", "prefer", "love"}}}
_CONDITIONAL = {"de": {"falls", "sofern", "vorausgesetzt", "wenn", "ob"},
                "en": {"if", "unless", "provided", "providing", "whether"}}
_ANAPHORS = {"de": {"dies", "diese", "dieser", "dieses", "darauf", "dazu", "dagegen",
                    "dafür", "davon", "damit", "darüber", "solche", "solch", "thema", "frage",
                    "bericht", "plan", "vorschlag", "entwurf", "forderung", "angebot"},
             "en": {"this", "these", "it", "its", "such", "thereby", "issue", "matter", "topic",
                    "question", "report", "plan", "proposal", "draft", "demand", "offer"}}
_STANCE_WORDS = {
    "de": r"interessiert\w*|Interesse\w*|bereit\w*|Bereitschaft|Position\w*|Haltung\w*|"
          r"Weigerung\w*|Forderung\w*|Kompromiss\w*|Zustimmung\w*|Ablehnung\w*|Ziel(?:e|en)?|"
          r"will|wollen|wollte|wollten|besteh\w* darauf|verlang\w*|Angebot\w*|Vorschl[aä]g\w*|"
          r"Bedingung\w*|Zugeständnis\w*|nicht\s+hinnehmen|abweichen|rote Linie\w*",
    "en": r"interested|interests?|ready|willing\w*|readiness|position\w*|stance\w*|refusal\w*|"
          r"demands?|compromise\w*|consent\w*|goals?|aims?|wants?|insist\w*|offer\w*|"
          r"proposal\w*|conditions?|concession\w*|red lines?",
}
# the Konjunktiv II forms that replace a Konjunktiv I identical to the indicative (plural)
_ERSATZ = {"hätten", "würden", "könnten", "müssten", "dürften"}
_KONJUNKTIV_TWO = {"könnten", "würden", "müssten", "sollten", "hätten", "wären", "dürften"}
_FIRST_PERSON = {"de": {"ich", "mir", "mich", "wir", "uns"}, "en": {"i", "me", "we", "us"}}
# "told Interfax", "sagte der Agentur TASS", "in an interview with", "gegenüber dem Spiegel"
_TO_MEDIUM = {"de": {"gegenüber", "im", "in", "dem", "der", "mit"},
              "en": {"to", "with", "told", "in", "an", "interview"}}


# --- statements -------------------------------------------------------------------------------


@dataclass
class Statement:
    """One attributed statement (or the author's analysis), located in the original text."""

    source: str
    speaker: str | None           # scenario actor id (None: not in the scenario, or joint)
    speaker_name: str
    reported_by: str | None       # an intermediary the text names (a medium, "unnamed reports")
    issues: list[str]             # one scenario issue id, or "process" / "other"
    about: list[str]
    text: str                     # the sentence in the original text
    quote: str                    # original[start:end]
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    date: dt.date | None          # when it was said: the statement's date, else the article's
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
    kind: str = "statement"       # statement; analysis (the author's or reposter's own); or
                                  # set_aside (found, but no statement: keep.py says why)
    speaker_kind: str = "actor"   # actor, person, organisation, media, unnamed, group,
                                  # unknown, author, reposter
    speakers: list[str] = field(default_factory=list)   # each speaker: actor id or name
    statement_date: dt.date | None = None   # the date the text gives for the statement
    article_date: dt.date | None = None     # the source's (or original's) publication date
    support: list[dict] = field(default_factory=list)   # other spans making the same point
    proposed_actor: dict | None = None      # a speaker the scenario lacks, as a new actor
    issue_from: str = "content"   # where the issue was found: content (what was said),
                                  # sentence, context (the sentence before), default
    candidate: _Candidate | None = field(default=None, repr=False, compare=False)
    kept: float | None = None     # the keep model's probability that the statement is right
    set_aside: str | None = None  # why a candidate is no statement (kind "set_aside")

    @property
    def id(self) -> str:
        key = (f"{self.source}|{self.scenario}|{self.start}|{self.end}|"
               f"{self.speaker or self.speaker_name}|{','.join(self.issues)}")
        return "st-" + hashlib.sha1(key.encode()).hexdigest()[:12]

    def to_dict(self) -> dict:
        d = {k: v for k, v in asdict(self).items() if k != "candidate"}
        d["id"] = self.id
        d["source_id"] = self.source
        for k in ("date", "statement_date", "article_date"):
            d[k] = getattr(self, k).isoformat() if getattr(self, k) else None
        return d

    def to_evidence(self) -> Evidence:
        """The statement as a scenario :class:`Evidence` item."""
        return Evidence(id=self.id, source=self.source, quote=self.quote,
                        speaker=self.speaker or self.speaker_name, reported_by=self.reported_by,
                        date=self.date, note=f"{self.rule}; confidence {self.confidence:.2f}")


_HOW_FEATURES = ("role-resolved", "surname", "unknown-name", "both-sides", "institution",
                 "learned", "office", "role", "metonym", "place")


@dataclass
class _Candidate:
    """What the decision models read of a statement before it is decided (not stored)."""

    options: dict[str, dict[str, float]]   # issue → features (decision.issue_probabilities)
    rule: str
    how: set[str]                          # how its speakers were found
    quoted: bool                           # the span is a direct quote
    siblings: int                          # attributions in its sentence
    tag_position: bool
    sentence: int = 0                      # the sentence's ordinal in the document
    rank: int = 0                          # 1 for the second issue of the same attribution
    # round 10: what the keep model reads besides (decision.keep_features' ``extra``)
    extra: dict[str, float] = field(default_factory=dict)


@dataclass
class _Attribution:
    """A cue (or frame) with the phrases that speak through it, within one sentence."""

    speakers: list[Phrase]
    cue: Cue | None
    rule: str
    confidence: float
    clause_start: int = 0           # token index where its clause starts
    reported_by: str | None = None
    tag_position: bool = False      # a closing speech tag (", sagte Lawrow")
    analysis: bool = False          # the author's inference about the speakers
    via_pronoun: bool = False       # the speaker was a pronoun, resolved
    shared: bool = False            # the subject of the clause before (coordination)
    tokens: tuple[int, int] | None = None  # a nominal statement's own tokens [first, last]


@dataclass
class _Sent:
    sent: Sentence
    tokens: list[Token]
    phrases: list[Phrase]
    quotes: list[tuple[int, int]]   # quoted character spans within the sentence
    inside_quote: bool              # starts inside a quote opened in an earlier sentence
    ends_open: bool                 # ends inside a quote that goes on
    parties: list[tuple[int, str]] = field(default_factory=list)  # (offset, actor) of states
    index: int = 0                  # the sentence's ordinal in the document
    # round 10, what the decision models read of the text around it: the issue scores of
    # every sentence of the text (one list, shared), the text's main issue, the sentence before
    context: list[dict[str, float]] = field(default_factory=list, repr=False)
    text_top: str | None = None
    before: _Sent | None = field(default=None, repr=False)


class Extractor:
    """Statement extraction for one scenario (its actors and issues). Build once, reuse."""

    def __init__(self, scenario: Scenario, decision: DecisionModel | None | bool = True):
        self.scenario = scenario
        # the issue and keep models (accord.evidence.decision): the shipped weights by default
        # (none ship since round 10: the rules' own choices), False for the rules' own choices
        self.decision = shipped_model() if decision is True else (decision or None)
        self.gazetteer = Gazetteer(scenario)
        self.issues = IssueMatcher.for_scenario(scenario)
        self._media = {e["name"] for e in load("media")}
        # the issue of signing or ratifying the agreement as a whole, if the scenario has one
        self._approval = next((i.id for i in scenario.issues if _APPROVAL_ISSUE.search(i.name)),
                              None)
        # the offices of the scenario's persons ("Präsident der Ukraine" → president), so that
        # "the President" can name the one met before under his name
        self._actor_roles = {
            a.id: {role_key(role_head(w, lang)) for r in a.roles for w in r.split()
                   for lang in ("de", "en") if role_head(w, lang)}
            for a in scenario.actors if a.kind == "person"}

    # --- the document ---------------------------------------------------------------------------

    def extract(self, parsed: ParsedSource, *, candidates: bool = False) -> list[Statement]:
        """The statements of a parsed source, with the author's analyses and the candidates
        set aside (their ``kind`` says which); ``candidates=True`` gives every candidate
        before the decision models and the merge (what ``benchmarks/train_evidence.py``
        trains on)."""
        doc = parsed.document
        lang = rule_language(doc.language)
        author = parsed.source.author or f"author of {parsed.source.id}"
        reposter = parsed.source.reposted_by or "reposter"
        discourse = Discourse(actor_roles=self._actor_roles)
        learned: dict[str, tuple[str, str]] = {}
        out: list[Statement] = []
        sents = self._sentences(parsed, lang, learned)
        # round 10: each sentence's issue scores, read by the issue model as the context a
        # statement stands in (the sentences before and after it, the text as a whole)
        # (kept on the sentences, not on the extractor, which is shared between documents)
        context = [self.issues.all_scores(s.sent.text, s.tokens) for s in sents]
        totals = {i: sum(sc.get(i, 0.0) for sc in context) for i in self.issues.stems}
        text_top = max(totals, key=totals.get) if totals and max(totals.values()) else None
        for k, s in enumerate(sents):
            s.context, s.text_top = context, text_top
            s.before = sents[k - 1] if k else None
        prev: _Sent | None = None
        prev_attr: list[_Attribution] = []
        prev_issues: list[str] = []
        topic_age = 0
        last_speech: tuple[list[Phrase], int] | None = None  # who spoke last, in which sentence
        pending: list[_Sent] = []       # sentences inside a quote whose speaker comes later
        recent: dict[tuple, tuple[str, int]] = {}  # speakers → their last issue, sentence
        open_speakers: list[Phrase] = []
        turn: list[Phrase] = []          # the speaker of a transcript's turn ("RUBIO: …")
        last_unnamed: tuple[Phrase, int] | None = None  # the last unnamed source with a state
        for k, s in enumerate(sents):
            new_para = prev is None or prev.sent.paragraph != s.sent.paragraph
            if new_para:
                discourse.new_paragraph()
                pending, open_speakers, prev_attr = [], [], []
                prefix = _turn_prefix(s)
                if prefix is not None:
                    turn = prefix
            self._resolve_references(s, discourse)
            last_unnamed = _resolve_bare_unnamed(s, k, last_unnamed)
            self._resolve_sides(s, sents[max(0, k - 3):k], sents[:k])
            self._resolve_negotiators(s, sents[max(0, k - 3):k])
            self._resolve_numbered(s, sents[max(0, k - 3):k])
            in_opinion = s.sent.segment.label == "reposter_opinion"
            attrs = [] if in_opinion or s.sent.heading else \
                self._attributions(s, lang, discourse, last_speech[0] if last_speech and
                                   k - last_speech[1] <= 2 else ())
            stated = [a for a in attrs if not a.analysis]
            reported = lang == "de" and not s.quotes and konjunktiv_one(s.tokens)
            if lang == "de" and not s.quotes and not reported and last_speech and \
                    k - last_speech[1] == 1 and any(t.lower in _ERSATZ and t.finite
                                                    for t in s.tokens):
                # right after reported speech, the Konjunktiv II that stands in where the
                # Konjunktiv I looks like the indicative ("sie hätten", "sie würden") goes on
                # reporting it
                reported = True
            # round 8: a speech verb in the indicative whose subject the rules do not know
            # ("Die Grünen monieren zudem, …", "Die Zeitung hatte berichtet, dass …")
            # introduces another source: what follows is not the last speaker's
            new_report = lang == "de" and _new_report(s.tokens, stated)
            if new_report:
                reported = False
            if reported and last_speech and k - last_speech[1] <= 3 and not in_opinion and \
                    all(a.cue is not None and (a.cue.kind != "speech" or (
                        k - last_speech[1] == 1 and _only_subjunctive(s.tokens)))
                        for a in stated):
                # German reported speech runs on in the Konjunktiv I, even over a paragraph or
                # a bullet; a stance in it ("Europa sei bereit …", "Beide Seiten hätten sich
                # geeinigt") is what the speaker reports; round 8: so is a speech verb right
                # after it whose every finite verb is subjunctive ("Der ukrainische Präsident
                # werde sich am Montag dazu äußern": the adviser reports what comes next)
                stated = [_Attribution(last_speech[0], None, "reported-speech-continued", 0.6)]
            if not stated and s.inside_quote and open_speakers:
                stated = [_Attribution(open_speakers, None, "quote-continued", 0.7)]
            elif not stated and (s.inside_quote or s.ends_open):
                pending.append(s)
            elif not stated and prev_attr and not new_para and not in_opinion and \
                    not new_report:
                stated = self._continuation(s, prev_attr, lang)
            if not [a for a in stated if a.tokens is None] and not in_opinion and \
                    _points_to_source(s.tokens, lang):
                # "Demnach …", "According to the statement, …": the source named just before
                source = prev_attr[-1].speakers if prev_attr and not new_para else \
                    last_speech[0] if last_speech and k - last_speech[1] <= 2 else None
                if source:
                    stated = [_Attribution(source, None, "reported-speech-continued", 0.6)] + \
                        stated
            if not stated and turn and not in_opinion and not s.sent.heading:
                stated = [_Attribution(turn, None, "speaker-turn", 0.7)]
            sentence_issues = sorted((i for i in self.issues.stems
                                      if context[k].get(i, 0.0) >= 2.0),
                                     key=lambda i: -context[k][i])  # scenario_issues
            if prev_issues and s.tokens and s.tokens[0].lower in _DEMONSTRATIVES[lang]:
                sentence_issues = prev_issues  # "Dies …" keeps the topic it points back to
            speech = [a for a in stated if a.cue is None or a.cue.kind == "speech"]
            if speech:
                last_speech = (speech[-1].speakers, k)
            for a in stated:
                made = self._statements(parsed, s, a, stated, lang, prev_issues, recent)
                for st in made:
                    if st.kind == "statement":
                        recent[_who(a.speakers)] = (st.issues[0], k)
                out += made
            # a quote that closes here with its tag attributes the sentences it spans
            if stated and pending:
                for p in pending:
                    for a in stated:
                        out += self._statements(parsed, p, _Attribution(
                            a.speakers, None, "quote-continued", 0.7), [], lang, prev_issues)
                pending = []
            if s.ends_open and stated:
                open_speakers = stated[-1].speakers
            elif not s.ends_open:
                open_speakers = []
            if not stated:
                analysis = [a for a in attrs if a.analysis]
                if in_opinion or analysis or self._author_analysis(s, lang):
                    out += self._analysis(parsed, s, lang, reposter if in_opinion else author,
                                          "reposter" if in_opinion else "author", analysis,
                                          prev_issues)
            discourse.remember([p for p in s.phrases if p.kind == "person"] +
                               [p for a in stated for p in a.speakers if p.kind == "person"])
            discourse.spoke([p for a in stated for p in a.speakers], s.phrases,
                            _main_subject_person(s, lang))
            prev_attr = stated if stated else ([] if not s.inside_quote else prev_attr)
            # the topic: the issues of the last sentence that named one, for two sentences
            if sentence_issues:
                prev_issues, topic_age = sentence_issues, 0
            else:
                topic_age += 1
                if topic_age > 2:
                    prev_issues = []
            prev = s
        # round 10: how often each speaker speaks in the text (a speaker of one sentence is more
        # often a misreading than one the text keeps quoting)
        often: dict[str, int] = {}
        for st in out:
            if st.candidate is not None:
                often[st.speaker or st.speaker_name] = often.get(
                    st.speaker or st.speaker_name, 0) + 1
        for st in out:
            if st.candidate is not None:
                st.candidate.extra["once"] = float(often[st.speaker or st.speaker_name] == 1)
        if candidates:
            return out
        return _merge(self.decide(set_aside(out)), self.gazetteer.actors)

    def decide(self, statements: list[Statement]) -> list[Statement]:
        """Each candidate's issue and whether it is kept, by the decision models (unchanged
        without them)."""
        model = self.decision
        if model is None:
            return statements
        out = []
        for st in statements:
            c = st.candidate
            if st.kind != "statement" or c is None:
                out.append(st)
                continue
            issue, features = self.weigh(st, model)
            f = c.options[issue]
            st.issues = [issue]
            st.issue_from = "content" if f.get("content") or f.get("process_content") else \
                "sentence" if f.get("sentence") or f.get("process_sentence") else \
                "context" if f.get("topic") or f.get("near") else "default"
            st.kept = round(model.keep_probability(features), 3)
            if st.kept >= model.threshold:
                out.append(st)
        return out

    def weigh(self, st: Statement, model: DecisionModel) -> tuple[str, dict[str, float]]:
        """A candidate's issue by the issue model, and what the keep model reads of it with
        that issue (also what ``benchmarks/train_evidence.py`` fits the keep model on)."""
        c = st.candidate
        probs = model.issue_probabilities(c.options)
        ranked = sorted(probs, key=lambda i: (probs[i], i in self.issues.stems), reverse=True)
        issue = ranked[min(c.rank, len(ranked) - 1)]
        structural = next((i for i, f in c.options.items() if f.get("rules_structural")), None)
        if STRUCTURAL_STANDS and structural is not None and c.rank == 0:
            # the rules read this issue from the sentence's grammar (an apposition, the
            # agreement as a whole), which the model's word counts do not see: their choice
            # stands (a topic carried from the sentences before is the model's to weigh: the
            # rules' carried topic was right for 38 of 75 candidates of the development sets)
            issue = structural
        f = c.options[issue]
        others = [probs[i] for i in ranked if i != issue]
        return issue, keep_features(
            c.rule, st.speaker_kind, c.how, issue, probs[issue], c.quoted,
            bool(st.reported_by), c.siblings, c.tag_position, bool(f.get("content")), c.rank,
            extra=c.extra, agrees=bool(f.get("rules") or f.get("rules_second")),
            margin=probs[issue] - max(others, default=0.0))

    def _sentences(self, parsed: ParsedSource, lang: str, learned) -> list[_Sent]:
        out = []
        open_quote = False
        last_para = None
        sentences = split_sentences(parsed)
        found = self.gazetteer.find_in_spans(parsed.document.text,
                                             [(x.start, x.end) for x in sentences],
                                             learned=learned)
        starts_inside = _paragraphs_opening_inside(sentences)
        surnames: set[str] = set()
        for sent, mentions in zip(sentences, found):
            if sent.paragraph != last_para:
                open_quote = sent.paragraph in starts_inside
                last_para = sent.paragraph
            text = sent.text
            tokens = tag(text, lang)
            if lang == "en":
                tokens = _english_names(tokens)
            if surnames:
                # round 5: a surname the text introduced with a full name is a name wherever
                # it recurs ("Tusk said", "Stubb said": the English tagger reads nouns)
                tokens = [replace(t, pos="PROPN", finite=False, lemma=t.text)
                          if t.pos in ("NOUN", "VERB", "ADJ") and t.text in surnames
                          else t for t in tokens]
            phrases = _bracketed(tokens, self._leaders(tokens, self._offices(
                tokens, speaker_phrases(text, tokens, mentions, lang,
                                        self.gazetteer.country_actor), lang), lang))
            surnames |= {tokens[p.last].text for p in phrases if p.kind == "person" and
                         p.last > p.first and tokens[p.last].text[:1].isupper()}
            marks = [i for i, ch in enumerate(text) if ch == '"']
            quotes = []
            inside = open_quote
            pos = 0
            for m in marks:
                if inside:
                    quotes.append((pos, m))
                pos = m + 1
                inside = not inside
            if inside:
                quotes.append((pos, len(text)))
            parties = [(m.start, m.actor) for m in mentions if m.actor and
                       self.gazetteer.actors[m.actor].kind in ("state", "coalition",
                                                               "organisation")]
            out.append(_Sent(sent, tokens, phrases, quotes, open_quote, inside, parties,
                             len(out)))
            open_quote = inside
        return out

    # --- speakers --------------------------------------------------------------------------------

    def _resolve_references(self, s: _Sent, discourse: Discourse) -> None:
        """Role nouns ("der Sprecher") and surnames of persons named earlier in full."""
        for i, ph in enumerate(s.phrases):
            if ph.how == "definite-unnamed":
                who = discourse.definite_unnamed(ph)
                if who is not None:
                    s.phrases[i] = replace(ph, name=who.name, kind="unnamed", how="unnamed",
                                           confidence=0.5)
            elif (ph.kind == "role" or ph.how == "role" or _someones_office(s.tokens, ph)) \
                    and (named := next(
                        (p for p in s.phrases if p.first == ph.last + 1 and p.kind == "person"
                         and p.how not in ("role", "office")), None)) is not None:
                # round 7: a role noun right before a name is the name's title ("Der
                # SPD-Vorsitzende Lars Klingbeil"), never another holder of the role; round 8:
                # so is someone's office ("Selenskyjs Berater Dmytro Lytwyn", "Trump-Sprecherin
                # Karoline Leavitt"): the person named speaks, not the one whose office it is
                s.phrases[i] = _as(ph, named, how="title")
            elif ph.kind == "role":
                who = apposed_person(s.tokens, s.phrases, ph.last)
                if who is not None:
                    s.phrases[i] = _as(ph, who, how="apposition")
                    if s.phrases[i].member_of is None and who.actor is None:
                        # the office's state: "der Sondergesandte des russischen Präsidenten"
                        s.phrases[i].member_of = self._state_named(s, ph.first, who.first)
                    continue
                who = discourse.role(ph)
                if who is not None:
                    s.phrases[i] = _as(ph, who, how="role-resolved")
            elif ph.kind == "unnamed" or ph.how in ("spokesperson", "institution"):
                # round 7: a person named in apposition to a spokesperson, an institution or
                # an unnamed source speaks ("sagte der Sprecher des Kreml, Dmitri Peskow";
                # "ein anderer Hamas-Funktionär, Osama Hamdan, …")
                who = apposed_person(s.tokens, s.phrases, ph.last)
                if who is not None:
                    s.phrases[i] = _as(ph, who, how="apposition")
            elif ph.how == "unknown-name" and ph.kind == "person" and (known := next(
                    (p for p in s.phrases if p.first == ph.last + 1 and p.kind == "person" and
                     p.actor is not None and p.how in ("alias", "surname", "name")),
                    None)) is not None:
                # round 8: given names the scenario does not list, right before a known
                # person's alias ("Luiz Inácio Lula da Silva" with the alias "Lula") are that
                # person's
                s.phrases[i] = _as(ph, known, how="name")
            elif ph.how == "unknown-name":
                who = discourse.known_surname(ph)
                if who is not None:
                    s.phrases[i] = _as(ph, who, how="surname")

    def _state_named(self, s: _Sent, first: int, last: int) -> str | None:
        """The state a stretch of tokens names (a state's adjective or name), or None."""
        for k in range(first, last):
            hit = nationality(s.tokens[k].text)
            if hit and hit[0] in self.gazetteer.country_actor:
                return self.gazetteer.country_actor[hit[0]]
        return next((p.actor for p in s.phrases if first <= p.first < last and
                     p.kind == "state" and p.actor), None)

    def _resolve_numbered(self, s: _Sent, before: list[_Sent]) -> None:
        """"The three Member States", "die drei größten EU-Staaten", "the two governments": the
        coordination of exactly that many parties named last ("France, Germany and Italy") —
        in this sentence before the phrase, else in the nearest sentence before it that has
        one; unresolved, the words are left as they were."""
        tokens = s.tokens
        for i, t in enumerate(tokens):
            n = _NUMBERS.get(t.lower)
            if n is None or i == 0 or tokens[i - 1].lower not in _DEFINITE or t.pos != "NUM":
                continue
            j = i + 1
            while j < len(tokens) and tokens[j].pos == "ADJ":
                j += 1
            if j + 1 < len(tokens) and tokens[j + 1].pos == "NOUN" and \
                    _PARTY_NOUNS.search(tokens[j + 1].text):
                j += 1  # a noun before the head: "Member States"
            if j >= len(tokens) or tokens[j].pos != "NOUN" or not _PARTY_NOUNS.search(
                    tokens[j].text):
                continue
            start = tokens[i - 1].start
            groups = [g for g in _coordinations(s) if g[0] < start]
            pools = [groups] + [_coordinations(b) for b in reversed(before)]
            group = next((g[1] for pool in pools for g in reversed(pool) if len(g[1]) == n),
                         None)
            if group is None:
                continue
            ph = Phrase(i - 1, j, start, tokens[j].end, None, " + ".join(
                self.gazetteer.actors[a].name for a in group), "group", "numbered", 0.6,
                parties=list(group))
            s.phrases = [p for p in s.phrases if p.last < i - 1 or p.first > j] + [ph]
            s.phrases.sort(key=lambda p: p.first)

    def _resolve_sides(self, s: _Sent, before: list[_Sent], document: list[_Sent] = ()) -> None:
        """"Both sides", "beide Seiten": the two parties named last — in this sentence before
        the phrase, else in the nearest sentence before it that names two (states, coalitions
        or organisations of the scenario); else the parties the text named most so far, made
        up to two with the scenario's first parties (a scenario lists the parties to the talks
        first)."""
        for i, ph in enumerate(s.phrases):
            if ph.how != "group":
                continue
            pools = [[a for off, a in s.parties if off < ph.start]]
            pools += [[a for _, a in b.parties] for b in reversed(before)]
            two = next((t for t in (list(dict.fromkeys(pool))[:2] for pool in pools)
                        if len(t) == 2), None)
            if two is None:
                two = self._main_parties(s, ph, document)
            if two is None:
                continue
            s.phrases[i] = replace(ph, actor=None, name=" + ".join(
                self.gazetteer.actors[a].name for a in two), how="both-sides",
                kind="group", parties=two)

    def _main_parties(self, s: _Sent, ph: Phrase, document: list[_Sent]) -> list[str] | None:
        """The two parties a text is about: those it named most before ``ph`` (first named
        first on a tie), made up to two from the scenario's first states, coalitions and
        organisations that are no one's members."""
        named = [a for b in document for _, a in b.parties] + \
            [a for off, a in s.parties if off < ph.start]
        count: dict[str, int] = {}
        for a in named:
            count[a] = count.get(a, 0) + 1
        ranked = sorted(count, key=lambda a: (-count[a], named.index(a)))[:2]
        for a in self.scenario.actors:
            if len(ranked) >= 2:
                break
            if a.kind != "person" and not a.member_of and a.id not in ranked:
                ranked.append(a.id)
        return ranked if len(ranked) == 2 else None

    def _resolve_negotiators(self, s: _Sent, before: list[_Sent]) -> None:
        """"Die Unterhändler", "the negotiators" with no unnamed source of theirs named before:
        the parties coordinated last ("Union und SPD", "the US and China") — in this sentence
        before the phrase, else in the nearest of the sentences before that has such a run."""
        for i, ph in enumerate(s.phrases):
            if ph.how != "definite-unnamed" or not ph.name.endswith("negotiators") or \
                    ph.name != "unnamed negotiators":
                continue
            side = _side_frame(s, ph.first)
            if side is not None:
                # "On the European Parliament side, the negotiators would like …"
                s.phrases[i] = replace(ph, actor=side.actor, name=side.name, kind=side.kind,
                                       how="side", confidence=0.5)
                continue
            groups = [g for g in _coordinations(s) if g[0] < ph.start]
            pools = [groups] + [_coordinations(b) for b in reversed(before)]
            group = next((g[1] for pool in pools for g in reversed(pool)), None)
            if group is None:
                continue
            s.phrases[i] = replace(ph, actor=None, name=" + ".join(
                self.gazetteer.actors[a].name for a in group), how="negotiators",
                kind="group", parties=list(group), confidence=0.5)

    def _attributions(self, s: _Sent, lang: str, discourse: Discourse,
                      source_before: list[Phrase] = ()) -> list[_Attribution]:
        tokens, phrases = s.tokens, s.phrases
        if _delegation_list(s):
            return []  # who sits at the table is no one's stance (labelling rules)
        # a name in quotation marks ('die "Financial Times"') is a name, not a quote
        quotes = [q for q in s.quotes if not any(p.start <= q[0] and q[1] <= p.end
                                                 for p in phrases)]
        quoted = {k for k, t in enumerate(tokens) if _inside(t.start, quotes)}
        usable = [p for p in phrases if p.first not in quoted]
        cues = [c for c in find_cues(tokens, lang) if c.index not in quoted]
        source, source_end = self._according_to(tokens, usable, lang)
        attrs: list[_Attribution] = []
        candidates = [p for p in usable if p is not source]
        unresolved: list[int] = []   # speech cues whose speaker is an unresolved pronoun
        for cue in cues:
            if _infinitive(tokens, cue.index, lang):
                continue  # "… zu unterstützen", "to support": the content of another verb
            subj = subject_of(tokens, cue.index, candidates, lang)
            shared = False
            if subj is None and shares_subject(tokens, cue.index, lang):
                subj, shared = main_subject(tokens, cue.index, candidates, lang), True
            if subj is None and cue.kind == "speech" and source_before and \
                    _document_subject(tokens, cue.index, lang):
                # "the statement added": the document of the source just named speaks for it
                attrs.append(_Attribution(list(source_before), cue, "speech-verb", 0.6,
                                          clause_start=_clause_start(tokens, cue.index)))
                continue
            if subj is None:
                continue
            speakers = subj.phrases
            conf = {"speech": 0.85, "stance": 0.75, "deliberation": 0.65}[cue.kind]
            if shared:
                conf -= 0.05
            if subj.pronoun is not None:
                if cue.kind == "speech":
                    unresolved.append(cue.index)  # still frames what it says (see _nested)
                if tokens[subj.pronoun].lower not in THIRD_PERSON:
                    continue  # "ich", "wir": the text's own voice, not an actor named in it
                who = discourse.pronoun(usable, subj.pronoun,
                                        [p for a in attrs for p in a.speakers])
                if who is None:
                    continue
                if cue.kind == "speech":
                    unresolved.remove(cue.index)
                speakers = [who]
                conf -= 0.15
            speakers = [p for p in speakers if p.kind not in ("role",)]
            if not speakers:
                continue
            agent = _acting_person(tokens, cue.index, candidates)
            if agent is not None and all(p.kind in ("state", "organisation", "coalition")
                                         for p in speakers):
                speakers = [agent]  # "Die USA hatten durch Trumps Gesandten Driscoll … angeboten"
            conf = min(conf, *(0.5 + 0.5 * p.confidence for p in speakers))
            a = _Attribution(speakers, cue, f"{cue.kind}-verb", round(conf, 2),
                             # a resolved pronoun's clause starts at the pronoun: its
                             # antecedent may stand in an earlier sentence
                             clause_start=(subj.pronoun if subj.pronoun is not None else
                                           min(p.first for p in speakers))
                             if subj.position != "after" and not shared
                             else _clause_start(tokens, cue.index),
                             tag_position=cue.kind == "speech" and
                             _is_tag(tokens, cue.index, speakers, subj.position,
                                     subj.pronoun),
                             via_pronoun=subj.pronoun is not None, shared=shared)
            if a.tag_position and subj.position != "after" and any(
                    o.cue is not None and o.cue.kind == "speech" and not o.analysis and
                    _in_complement(tokens, o.cue.index, a) for o in attrs):
                # round 5: "Peskow sagte, Moskau halte an seinen Forderungen fest" — a clause
                # after a comma is the complement of the speech verb before it (reported
                # speech), not a closing tag that would speak for the whole sentence
                a.tag_position = False
            if cue.kind != "speech" and self._hedged(tokens, cue, speakers, lang):
                a.analysis = True
            if any({p.key for p in a.speakers} == {p.key for p in o.speakers} and not o.analysis
                   for o in attrs) and not (shared and lang == "en" and
                                            tokens[cue.index].tag == "VVG"):
                # (", noting that …", ", adding that …": the same speaker's clause of its own,
                # which may be on an issue of its own)
                continue
            attrs.append(a)
        if not [a for a in attrs if not a.analysis]:
            introduced = _colon_quote(s, candidates)
            if introduced is not None:
                attrs.append(introduced)
        nominal = self._nominal(s, lang, candidates, quoted, attrs)
        for m in [a for a in attrs if a.cue is not None and a.cue.kind == "speech" and
                  len(a.speakers) == 1 and (_is_medium(a.speakers[0]) or
                                            a.speakers[0].name in self._media)]:
            about = [n for n in nominal if n.cue.index > m.cue.index]
            if about:
                # "Die FT berichtete über die US-Forderung": the demand's owner speaks, the
                # medium passed it on
                attrs.remove(m)
                for n in about:
                    n.reported_by = m.speakers[0].name
        attrs += nominal
        attrs = [self._reported_by_medium(tokens, a, candidates, lang) for a in attrs]
        attrs = self._nested(tokens, attrs, lang, unresolved)
        # "laut X" / "according to X": X speaks when nobody else does, else X passed it on
        if source is not None:
            stated = [a for a in attrs if not a.analysis]
            if not stated or not _is_medium(source) and all(
                    a.cue is None or a.cue.kind != "speech" or a.rule == "media-report"
                    for a in stated):
                # "Dem US-Präsidenten zufolge verpflichtet sich China …": what the source says
                # (a medium only passes on what the sentence's own speaker says)
                # round 8: a coordinated source speaks jointly ("nach Angaben der USA und
                # der Ukraine", "according to Washington and Kyiv")
                joint = coordinated(tokens, source, usable)
                attrs = [a for a in attrs if a.analysis] + [_Attribution(
                    joint, None, "according-to", 0.75, clause_start=joint[0].first)]
            else:
                for a in attrs:
                    if source.key not in {p.key for p in a.speakers}:
                        a.reported_by = source.name
        for a in attrs:
            if a.reported_by is None and a.cue is not None:
                a.reported_by = self._medium_after(tokens, a, usable, lang)
        if _hearsay(s.sent.text, lang):
            for a in attrs:
                if a.reported_by is None and a.rule != "according-to":
                    a.reported_by = "unnamed media reports" if _media_hearsay(s.sent.text) \
                        else "unnamed reports"
                    a.confidence = round(a.confidence - 0.15, 2)
        return attrs

    def _offices(self, tokens: list[Token], phrases: list[Phrase], lang: str) -> list[Phrase]:
        """A person's office or spokesperson speaks for the person's government, as "the
        Kremlin" does for Russia (the labelling rules: states and governments → the state):
        "Zelensky's office", "the office of Prime Minister X", "a spokesperson for X",
        "Selenskyjs Büro", "das Büro von Selenskyj", "ein Sprecher Selenskyjs". A person with no
        state the scenario knows keeps the statement."""
        heads = _OFFICE_HEADS[lang]
        out = []
        for ph in phrases:
            if ph.kind != "person":
                out.append(ph)
                continue
            first, last = ph.first, ph.last
            k = ph.last + 1
            if k < len(tokens) and tokens[k].text in ("'s", "’s", "'", "’"):
                k += 1
            genitive = k > ph.last + 1 or tokens[ph.last].text in ("'s", "’s") or \
                lang == "de" and tokens[ph.last].text.endswith("s")
            if genitive and k < len(tokens) and tokens[k].lower in heads:
                last = k  # "Zelensky's office", "Selenskyjs Büro"
            else:
                # "the office of X", "a spokesperson for X", "das Büro von X", "ein Sprecher
                # Selenskyjs" (titles of the person between)
                j = ph.first - 1
                if j >= 0 and tokens[j].lower in ("of", "for", "von", "des") and \
                        j - 1 >= 0 and tokens[j - 1].lower in heads:
                    first = j - 1
                elif lang == "de" and j >= 0 and tokens[j].lower in heads and \
                        tokens[ph.last].text.endswith("s") and ph.first == ph.last:
                    first = j
                else:
                    out.append(ph)
                    continue
                while first > 0 and tokens[first - 1].pos in ("DET", "ADJ"):
                    first -= 1
            state = None
            if ph.actor and ph.actor in self.gazetteer.actors:
                state = next(iter(self.gazetteer.actors[ph.actor].member_of or ()), None)
            elif ph.member_of:
                state = ph.member_of
            span = dict(first=first, last=last, start=tokens[first].start, end=tokens[last].end)
            if state in self.gazetteer.actors:
                a = self.gazetteer.actors[state]
                out = [p for p in out if p.last < first]
                out.append(replace(ph, actor=a.id, name=a.name, kind=a.kind, how="office",
                                   role=None, title=None, **span))
            else:
                out = [p for p in out if p.last < first]
                out.append(replace(ph, how="office", **span))
        return out

    def _leaders(self, tokens: list[Token], phrases: list[Phrase], lang: str) -> list[Phrase]:
        """The leaders of a state, organisation or coalition speak as it does: "EU leaders",
        "European leaders" (where the scenario has an actor for Europe), "the leaders of the
        coalition of the willing", "die Staats- und Regierungschefs der EU", "europäische
        Staats- und Regierungschefs" — a joint statement of the group, not of a person."""
        out = list(phrases)
        for i, t in enumerate(tokens):
            if t.pos != "NOUN" or t.lemma.lower() not in _LEADER_HEADS[lang] and not (
                    lang == "en" and t.lower == "heads" and i + 2 < len(tokens) and
                    tokens[i + 1].lower == "of" and tokens[i + 2].lower in ("state",
                                                                             "government")):
                continue
            if any(p.first <= i <= p.last for p in out):
                continue
            last = i + 2 if t.lower == "heads" else i
            if last + 1 < len(tokens) and (tokens[last + 1].pos == "PROPN" or any(
                    p.first == last + 1 and p.kind == "person" for p in out)):
                continue  # a title before a name: "Russian leader Vladimir Putin"
            first = i
            # "Staats- und Regierungschefs": the coordinated first half of the compound
            if lang == "de" and i >= 3 and tokens[i - 1].lower == "und" and \
                    tokens[i - 2].text == "-":
                first = i - 3
            owner = next((p for p in out if p.last == first - 1 and
                          p.kind in ("state", "organisation", "coalition") and p.actor), None)
            if owner is None and first > 0 and tokens[first - 1].pos == "ADJ":
                hit = nationality(tokens[first - 1].text)
                actor = self.gazetteer.country_actor.get(hit[0]) if hit else None
                if actor in self.gazetteer.actors:
                    a = self.gazetteer.actors[actor]
                    owner = Phrase(first - 1, first - 1, tokens[first - 1].start,
                                   tokens[first - 1].end, a.id, a.name, a.kind, "leaders", 0.6)
            if owner is None:
                # "the leaders of the coalition", "die Staats- und Regierungschefs der EU"
                j = last + 1
                if j < len(tokens) and tokens[j].lower in ("of", "der", "des"):
                    j += 1
                    while j < len(tokens) and tokens[j].pos == "DET":
                        j += 1
                    owner = next((p for p in out if p.first == j and p.actor and
                                  p.kind in ("state", "organisation", "coalition")), None)
                if owner is None:
                    continue
                start = first
            else:
                start = owner.first
            while start > 0 and tokens[start - 1].pos in ("DET", "ADJ"):
                start -= 1
            end = max(last, owner.last)
            out = [p for p in out if p.last < start or p.first > end]
            out.append(replace(owner, first=start, last=end, start=tokens[start].start,
                               end=tokens[end].end, how="leaders", role=None))
        out.sort(key=lambda p: p.first)
        return out

    def _nominal(self, s: _Sent, lang: str, phrases: list[Phrase], quoted: set[int],
                 attrs: list[_Attribution]) -> list[_Attribution]:
        """Statements made through a noun of stance with its owner: "Putins Forderung, dass
        …", "Russia's demand for …", "die Forderung Russlands", "the proposal by Moscow", "die
        russische Forderung" (the labelling rules: a demand or proposal attributed in the
        passage to an identifiable actor). The statement's span is the noun phrase with its
        complement; the owner speaks (medium confidence, as the rules say of such cases)."""
        tokens = s.tokens
        out = []
        for i, t in enumerate(tokens):
            if t.pos != "NOUN" or i in quoted:
                continue
            head = t.lemma.lower()
            prefix = None
            if "-" in t.text:  # "US-Forderung", "Kreml-Vorschlag": the prefix owns it
                prefix, head = t.text.rsplit("-", 1)
                head = head.lower()
            if head not in _STANCE_NOUNS[lang] and head.rstrip("s") not in _STANCE_NOUNS[lang]:
                continue
            owner = self._owner(tokens, i, phrases, lang, s) if prefix is None else \
                self._prefix_owner(tokens, i, prefix)
            if owner is None or owner.kind not in ("person", "state", "organisation",
                                                   "coalition") or \
                    any(owner.key in {p.key for p in a.speakers} for a in attrs):
                continue
            first = min(i, owner.first)
            while first > 0 and tokens[first - 1].pos in ("DET", "ADJ"):
                first -= 1
            last = max(i, owner.last)
            # the complement: "nach einem Plan B", "for the whole Donbas", ", dass die Ukraine …"
            end = min(clause_end(tokens, last), next(
                (k for k in range(last + 1, len(tokens)) if tokens[k].finite), len(tokens)))
            if end < len(tokens) and tokens[end].text == "," and end + 1 < len(tokens) and \
                    tokens[end + 1].pos == "SCONJ" and tokens[end + 1].lower in ("dass", "that"):
                end = clause_end(tokens, end + 1)
            elif end < len(tokens) and tokens[end].finite and end - 1 > last and \
                    (tokens[end - 1].lower in ("that", "which") or tokens[end - 1].tag == "PRELS"):
                # round 8: a relative clause on the complement is part of it ("Putin's
                # demands for parts of Ukraine that remain under Kyiv's control in its eastern
                # Donbas")
                end = clause_end(tokens, end)
            out.append(_Attribution([owner], Cue(i, t.lemma, "stance", None, False), "nominal",
                                    0.55, clause_start=first, tokens=(first, max(last,
                                                                                 end - 1))))
        return out

    def _prefix_owner(self, tokens, i, prefix: str) -> Phrase | None:
        """The state a compound's prefix names ("US-Forderung"), as a phrase on the word."""
        hit = nationality(prefix) or nationality(prefix + "-")
        actor = self.gazetteer.country_actor.get(hit[0]) if hit else \
            self.gazetteer.resolve(prefix)
        if actor is None or actor not in self.gazetteer.actors:
            return None
        a = self.gazetteer.actors[actor]
        return Phrase(i, i, tokens[i].start, tokens[i].end, actor, a.name,
                      a.kind if a.kind in ("state", "organisation", "coalition", "person")
                      else "state", "prefix", 0.6)

    def _owner(self, tokens, i, phrases, lang, s: _Sent) -> Phrase | None:
        """Whose a noun of stance is: a possessive genitive before it ("Putins", "Russia's"),
        a genitive or "von"/"of"/"by" phrase after it, or a state's adjective before it."""
        before = next((p for p in phrases if p.last == i - 1), None)
        if before is not None and (tokens[i - 1].text in ("'s", "’s") or lang == "de" and
                                   tokens[i - 1].text.endswith("s") and
                                   tokens[i - 1].pos == "PROPN"):
            return before
        k = i + 1
        if k < len(tokens) and tokens[k].lower in ("von", "of", "by", "des", "der", "from"):
            k += 1
            while k < len(tokens) and tokens[k].pos in ("DET", "ADJ") and \
                    not any(p.first == k for p in phrases):
                k += 1
            hit = next((p for p in phrases if p.first == k), None)
            if hit is not None and (tokens[i + 1].lower not in ("des", "der") or
                                    tokens[hit.last].text.endswith("s") or hit.kind != "person"):
                return hit
        if i > 0 and tokens[i - 1].pos == "ADJ":
            hit = nationality(tokens[i - 1].text)
            actor = self.gazetteer.country_actor.get(hit[0]) if hit else None
            if actor is not None:
                a = self.gazetteer.actors[actor]
                return Phrase(i - 1, i - 1, tokens[i - 1].start, tokens[i - 1].end, actor,
                              a.name, "state", "adjective", 0.6)
        return None

    def _according_to(self, tokens, phrases, lang) -> tuple[Phrase | None, int]:
        words = [t.lower for t in tokens]
        data = load("cues")["according_to"][lang]
        if lang == "de":
            # ", so Trump." / ", so der US-Präsident": a closing attribution
            for i, w in enumerate(words):
                if w != "so" or i == 0 or tokens[i - 1].text not in (",", '"'):
                    continue
                j = i + 1
                while j < len(tokens) and tokens[j].pos in ("DET", "ADJ"):
                    j += 1
                hit = _phrase_at(phrases, i + 1, j)
                if hit is not None and (hit.last + 1 >= len(tokens) or
                                        tokens[hit.last + 1].pos in ("PUNCT", "ADP", "ADV")):
                    return hit, hit.last
            # "hieß es aus Moskau", "aus Hamas-Kreisen hieß es": the source of the hearsay
            if any(t.lemma == "heißen" for t in tokens) and "es" in words:
                for i, w in enumerate(words):
                    if w == "aus":
                        j = i + 1
                        while j < len(tokens) and tokens[j].pos in ("DET", "ADJ"):
                            j += 1
                        hit = _phrase_at(phrases, i + 1, j)
                        if hit is not None:
                            return hit, hit.last
        for phrase in data["before"]:
            parts = phrase.lower().split()
            for i in range(len(words) - len(parts) + 1):
                if words[i:i + len(parts)] != parts:
                    continue
                if parts == ["wie"] or parts == ["as"]:
                    # "wie X berichtete" is a cue of its own; "as" is too common
                    continue
                j = i + len(parts)
                while j < len(tokens) and (tokens[j].pos in ("DET", "ADJ") or
                                           tokens[j].lower in ("von", "des", "der", "of", "the",
                                                               "aus")):
                    j += 1
                hit = _phrase_at(phrases, i + len(parts), j)
                if hit is None and j + 1 < len(tokens) and tokens[j].pos == "NOUN" and \
                        role_head(tokens[j].text, lang):
                    # round 8: a title the gazetteer left out of the name ("laut Präsident
                    # Wolodymyr Selenskyj")
                    hit = _phrase_at(phrases, j + 1, j + 1)
                    if hit is not None and hit.kind != "person":
                        hit = None
                if hit is not None:
                    return hit, hit.last
        for phrase in data["after"]:
            for i, w in enumerate(words):
                if w == phrase and i > 0:
                    hit = next((p for p in phrases if p.last == i - 1), None)
                    if hit is not None and (phrase != "nach" or i + 1 == len(words) or
                                            tokens[i + 1].text in (",", ".")):
                        return hit, i
        return None, -1

    def _reported_by_medium(self, tokens, a: _Attribution, phrases, lang) -> _Attribution:
        """"Channel 12 berichtete, Israel warte auf …", "Reuters reported that Moscow
        rejected …": the subject of what a medium reports speaks, the medium passed it on. A
        medium that reports no one's words ("Russian media reported that buffer zones were
        considered") stays the candidate's speaker, and such a candidate is no statement
        (round 7, :mod:`accord.evidence.keep`)."""
        if a.cue is None or a.cue.kind != "speech" or len(a.speakers) != 1 or \
                not _is_medium(a.speakers[0]):
            return a
        k = a.cue.index + 1
        while k < len(tokens) and tokens[k].text not in (",", ":") and \
                tokens[k].pos != "SCONJ" and k - a.cue.index < 6:
            k += 1
        if k >= len(tokens) or a.tag_position:
            return a
        k += 1
        if k < len(tokens) and tokens[k].pos == "SCONJ":
            k += 1
        while k < len(tokens) and tokens[k].pos in ("DET", "ADJ"):
            k += 1
        who = next((p for p in phrases if p.first == k and p.kind not in ("role", "media")), None)
        if who is None or not any(t.finite for t in tokens[who.last + 1:who.last + 6]):
            return a
        return _Attribution([who], a.cue, "media-report", round(a.confidence - 0.1, 2),
                            clause_start=who.first, reported_by=a.speakers[0].name)

    def _medium_after(self, tokens, a: _Attribution, phrases, lang) -> str | None:
        """A medium the cue's clause names as the addressee ("told Interfax", "sagte der
        Agentur TASS", "in an interview with Politico")."""
        i = a.cue.index
        end = min(len(tokens), i + 9)
        for p in phrases:
            if p.kind != "media" or p in a.speakers or not (i < p.first < end):
                continue
            if any(tokens[k].text in (",", ";", ":", '"') or tokens[k].pos == "SCONJ"
                   for k in range(i + 1, p.first)):
                continue
            return p.name
        return None

    def _hedged(self, tokens, cue: Cue, speakers, lang) -> bool:
        """A stance in an inference frame, a hypothetical or a condition: the author's
        analysis ("Russland scheint … abzulehnen", "Moscow could accept", "if Kyiv agrees")."""
        words = [t.lower for t in tokens]
        start = min(p.first for p in speakers)
        lo = max(0, start - 6)
        window = words[lo:min(len(words), cue.index + 3)]
        # "would like", "would prefer", "würde gern": a wish stated now, not a hypothetical
        window = [w for k, w in enumerate(window, lo) if not _WISH.get(lang, {}).get(w, set()) &
                  set(words[k + 1:k + 3])]
        if set(window) & _HYPOTHETICAL[lang]:
            return True
        if set(words[:cue.index]) & _CONDITIONAL[lang]:
            return True
        # a conditional clause with the verb first: ", sollte die Ukraine nicht einlenken",
        # "should Kyiv refuse"
        clause = _clause_start(tokens, cue.index)
        if words[clause:clause + 1] and words[clause] in ("sollte", "sollten", "should", "were",
                                                          "hätte", "wäre", "had"):
            return True
        inference = load("cues")["inference"][lang]
        head = " ".join(words[:cue.index + 2])
        lemmas = " ".join(t.lemma.lower() for t in tokens[:cue.index + 2])
        return any(re.search(r"(?<!\w)" + re.escape(f.lower()) + r"(?!\w)", text)
                   for f in inference for text in (head, lemmas))

    def _nested(self, tokens, attrs: list[_Attribution], lang,
                unresolved: list[int] = ()) -> list[_Attribution]:
        """A closing speech tag speaks for the sentence; a stance inside another speaker's
        reported speech is part of what that speaker said — even when who that is stays
        open ("hatte er angekündigt, dass Vertreter der USA … verhandeln wollen")."""
        attrs = [a for a in attrs if not any(
            a.cue and k < a.cue.index and _in_complement(tokens, k, a) for k in unresolved)]
        tags = [a for a in attrs if a.tag_position and not a.analysis]
        if tags and self._passes_on(tags[-1]):
            # round 7: a medium's closing tag ("…, Interfax reported", "…, reports Reuters")
            # passes on what the sentence's own speaker says; it does not speak for the
            # sentence
            medium = tags[-1]
            others = [a for a in attrs if a is not medium and not a.analysis and
                      not self._passes_on(a)]
            if others:
                for a in others:
                    a.reported_by = a.reported_by or medium.speakers[0].name
                attrs = [a for a in attrs if a is not medium]
                tags = [a for a in attrs if a.tag_position and not a.analysis]
        if tags:
            last = tags[-1]
            return [a for a in attrs if a is last or a.analysis or a.tokens is not None or
                    a.cue and a.cue.index > last.cue.index]
        kept: list[_Attribution] = []
        for a in attrs:
            outer = next((o for o in kept if o.cue and o.cue.kind == "speech" and not o.analysis
                          and a.cue and o.cue.index < a.cue.index and
                          _in_complement(tokens, o.cue.index, a)), None)
            if outer is not None and {p.key for p in outer.speakers} != {p.key for p in a.speakers}:
                continue
            kept.append(a)
        return kept

    def _passes_on(self, a: _Attribution) -> bool:
        """Whether an attribution's only speaker is a news medium."""
        return len(a.speakers) == 1 and (_is_medium(a.speakers[0]) or
                                         a.speakers[0].name in self._media)

    def _continuation(self, s: _Sent, prev_attr: list[_Attribution], lang) -> list[_Attribution]:
        """German indirect speech that runs on in the Konjunktiv I after a speech verb, and a
        sentence that is one whole quote right after a quoted speaker."""
        speech = [a for a in prev_attr if a.cue is None or a.cue.kind == "speech"]
        words = {t.lower for t in s.tokens}
        if lang == "de" and not s.quotes and not words & _FIRST_PERSON[lang] and \
                _plan_modal(s.tokens):
            # a plan or offer goes on with "soll": "Außerdem soll ein Sondervermögen …
            # geschaffen werden", "Im Gegenzug sollte die Ukraine …" — what the speaker of the
            # plan said
            plans = [a for a in prev_attr if not a.analysis and a.tokens is None and (
                a.cue is None or a.cue.kind == "speech" or a.cue.lemma in _PLAN_CUES)]
            if len(plans) == 1:
                return [_Attribution(plans[0].speakers, None, "reported-speech-continued", 0.55)]
        if len(speech) != 1:
            return []
        if words & _FIRST_PERSON[lang] and not s.quotes:
            return []
        text = s.sent.text.strip()
        # Konjunktiv I, or the Konjunktiv II that stands in for it where the two would look
        # alike ("die Europäer könnten")
        if lang == "de" and not s.quotes and (konjunktiv_one(s.tokens) or any(
                t.lower in _KONJUNKTIV_TWO and t.finite for t in s.tokens)):
            return [_Attribution(speech[0].speakers, None, "reported-speech-continued", 0.6)]
        if text.startswith('"') and text.rstrip(".!?").endswith('"') and len(s.quotes) == 1:
            return [_Attribution(speech[0].speakers, None, "quote-continued", 0.65)]
        return []

    # --- statements ------------------------------------------------------------------------------

    def _statements(self, parsed: ParsedSource, s: _Sent, a: _Attribution,
                    siblings: list[_Attribution], lang: str,
                    prev_issues: list[str], recent: dict | None = None) -> list[Statement]:
        doc = parsed.document
        text = s.sent.text
        tokens = s.tokens
        # the attribution's part of the sentence: from its clause to the next one's
        starts = sorted({x.clause_start for x in siblings if x is not a and not x.tag_position
                         and x.tokens is None})
        clausal = [x for x in siblings if x.tokens is None]  # nominal ones keep to their words
        whole = (len(clausal) <= 1 or a.tag_position or a.cue is None) and a.tokens is None
        t0 = 0 if whole else a.clause_start
        nxt = [x for x in starts if x > t0]
        t1 = len(tokens) if whole or not nxt else nxt[0]
        if a.tokens is not None:
            t0, t1 = a.tokens[0], a.tokens[1] + 1  # a nominal statement: its noun phrase
        elif whole and a.cue is not None:
            adverbial = _adverbial_clause(tokens, a, lang)
            if adverbial is not None:
                # "…, after Trump expressed hope for a ceasefire": the speaker's words are
                # the adverbial clause, not the narrator's main clause around it
                t0, t1 = adverbial
        c_start = tokens[t0].start if tokens and t0 < len(tokens) else 0
        c_end = tokens[t1 - 1].end if tokens and t1 > 0 else len(text)
        # a direct quote in the clause is the statement's span
        span = (c_start, c_end)
        # a name in quotation marks (a newspaper's title: 'die "Financial Times"') is no quote
        inside = [(q0, q1) for q0, q1 in s.quotes if c_start <= q0 and q1 <= c_end + 1 and
                  q1 - q0 >= 3 and not any(p.start <= q0 and q1 <= p.end for p in s.phrases)]
        if a.cue is not None and inside:
            cue_at = tokens[a.cue.index].start
            q = next(((q0, q1) for q0, q1 in inside if q0 >= cue_at), None) or inside[-1]
            span = q
        elif a.cue is None and s.quotes and a.rule in ("quote-continued", "quote-introduced"):
            span = max(s.quotes, key=lambda q: q[1] - q[0])
        span = (span[0], min(span[1], len(text)))
        while span[1] > span[0] and text[span[1] - 1] in " ,;":
            span = (span[0], span[1] - 1)
        content_tokens = [t for t in tokens if span[0] <= t.start < span[1]]
        content = text[span[0]:span[1]]
        speaker_keys = {p.actor for p in a.speakers}
        about = list(dict.fromkeys(p.actor for p in s.phrases if p.actor and p.actor not in
                                   speaker_keys and span[0] <= p.start < span[1]))
        # round 5: the speaker's own title names no issue ("the EU's climate commissioner
        # Wopke Hoekstra said …", "Handelskommissar …"); it still counts for the talks
        # ("the delegation presented a draft")
        titled = [(p.start, p.end) for p in a.speakers if p.start >= span[0] and
                  p.end <= span[1] and p.last > p.first and not a.via_pronoun and
                  any(q is p for q in s.phrases)]
        if titled:
            issue_text = "".join(" " if any(b0 <= span[0] + x < b1 for b0, b1 in titled)
                                 else ch for x, ch in enumerate(content))
            issue_tokens = [t for t in content_tokens if not any(b0 <= t.start < b1
                                                                 for b0, b1 in titled)]
            best = self.issues.best(issue_text, issue_tokens, lang,
                                    _reported_clause(content_tokens, tokens, a) or
                                    content_tokens)
        else:
            best = self.issues.best(content, content_tokens, lang,
                                    _reported_clause(content_tokens, tokens, a))
        issue_from = "content"
        # round 10: the rules' issue read from the sentence's grammar (a noun of stance in
        # apposition, a stance on the agreement as a whole), not from counting issue words
        structural = False
        aside = None
        appositive = _appositive_start(tokens, a)
        if appositive is not None:
            # "– eine zentrale russische Forderung", ", a demand Kyiv rejects": a noun of stance
            # in apposition to what the sentence said before it is about that
            before = [t for t in tokens[:appositive] if t.text not in ("–", "—", ",")]
            if before:
                lead = self.issues.best(text[:tokens[appositive].start], before, lang)
                if lead is not None and lead != PROCESS:
                    best = lead
                    structural = True
        own_sentence = span != (0, len(text)) and (len(siblings) <= 1 or whole) and \
            a.tokens is None
        if best is None and own_sentence:
            best, issue_from = self.issues.best(text, tokens, lang), "sentence"
        if self._approval is not None and best != self._approval and \
                self._on_the_agreement(content, content_tokens, lang):
            # "Frankreich ist gegen das Handelsabkommen", "called for a delay to … the signing
            # of the agreement": a stance on the agreement as a whole is on its approval
            best, issue_from = self._approval, "content"
            structural = True
        issues = [best] if best else []
        if CONTEXT_DEMONSTRATIVE and prev_issues and tokens and \
                tokens[0].lower in _DEMONSTRATIVES[lang] and \
                not (a.tokens is not None and a.tokens[0] > 0):
            # "Dies könne auf NATO-Gebiet geschehen", "Solche Einheiten seien ein Ziel": a
            # sentence that opens on a demonstrative goes on about what the one before was
            # about, whatever other words it uses
            best, issues, issue_from = prev_issues[0], prev_issues[:1], "context"
            structural = False  # the topic carried, not this sentence's grammar
        if best and best != PROCESS and SECOND_ISSUE and issue_from != "context":
            # one sentence carrying two issues ("Kyiv rejects ceding territory or a deal
            # without guarantees") gives two statements
            # gives two statements — each issue the main one of its own conjunct (the rules:
            # "two labels with different sub-spans"); two issue words in one noun phrase ("a
            # withdrawal of troops from the Donbas") are one point
            scores = self.issues.all_scores(content, content_tokens)
            leads = self._conjunct_issues(text, content_tokens)
            second = sorted((i for i in scores if i != best and scores[i] >= 2.0 and
                             scores[i] * 2 >= scores.get(best, 0.0) and i in leads and
                             best in leads),
                            key=lambda i: -scores[i])
            issues += second[:1]
        if not issues and prev_issues:
            # the running topic only where the statement points back to it ("das Thema sei
            # erledigt", "reiterated its opposition"); a topic carried without such a word was
            # wrong four times in five on the development passages
            clause = [t for t in tokens if c_start <= t.start < c_end]
            last = (recent or {}).get(_who(a.speakers))
            if CONTEXT_ANAPHOR and ({t.lower for t in clause} & _ANAPHORS[lang] or
                                    a.rule.endswith("-continued") or
                                    # round 8: a demonstrative pronoun as the object ("Kiew
                                    # lehnt das kategorisch ab"), not the article "das"
                                    any(t.tag == "PDS" for t in clause)):
                issues, issue_from = prev_issues[:1], "context"
            elif CONTEXT_SAME_SPEAKER and last is not None and s.index - last[1] <= 2:
                # the same speaker went on from a statement just before: the same point
                issues, issue_from = [last[0]], "context"
            else:
                # a topic carried without such a word was wrong four times in five on the
                # development passages, and a new speaker's words with no issue of their own
                # were right one time in three as `process`: no statement — round 8: set
                # aside with the topic it would have carried, not dropped (keep.py's design)
                issues, issue_from = prev_issues[:1], "context"
                aside = None if keep.KEEP_TOPIC_ONLY else keep.TOPIC_ONLY
        if not issues and aside is None:
            issue_from = "default"
            stance = re.search(r"(?<!\w)(?:" + _STANCE_WORDS[lang] + r")(?!\w)", content)
            if a.cue is not None and a.cue.kind == "stance" or \
                    a.rule == "speaker-turn" and (stance or about):
                issues = [OTHER]
            elif a.rule != "speaker-turn":
                issues = [PROCESS]
            else:
                return []
        options = self._issue_options(content, content_tokens, text if own_sentence else
                                      content, tokens if own_sentence else content_tokens,
                                      prev_issues, a, lang, s)
        for n, issue in enumerate(issues[:2]):
            # round 10: the rules' own choice is a feature of the issue model, which learns
            # where to depart from it (the second issue of one attribution apart)
            options.setdefault(issue, {"scenario": 1.0})[
                "rules" if n == 0 else "rules_second"] = 1.0
        if structural and issues:
            options[issues[0]]["rules_structural"] = 1.0
        extra = {f"cue:{a.cue.kind if a.cue else 'none'}": 1.0, f"lang:{lang}": 1.0,
                 **({f"lemma:{lang}:{a.cue.lemma.lower()}": 1.0} if a.cue and CUE_LEMMA
                    else {}),
                 f"from:{issue_from}": 1.0, "first_sentence": float(s.index == 0),
                 "whole_sentence": float(span == (0, len(text)) or
                                         (c_start, c_end) == (0, len(text))),
                 "other_speaker": float(any(_who(x.speakers) != _who(a.speakers)
                                            for x in siblings if x is not a)),
                 "short": float(len(content_tokens) < 8),
                 "about_actor": float(bool(about)),
                 # how far the speaker stands from its predicate (a far name is more often
                 # another clause's), and the speaker named in the sentence before
                 "far": float(a.cue is not None and any(
                     any(q is p for q in s.phrases) and
                     min(abs(p.first - a.cue.index), abs(p.last - a.cue.index)) > 6
                     for p in a.speakers)),
                 "speaker_before": float(s.before is not None and any(
                     p.actor and p.actor in {q.actor for q in s.before.phrases}
                     for p in a.speakers))}
        o_start, o_end = doc.to_original(s.sent.start + span[0], s.sent.start + span[1])
        s_start, s_end = doc.to_original(s.sent.start, s.sent.end)
        ref = parsed.reference_date
        date, date_text, precision, dates = _statement_date(text, tokens, a, s.quotes, ref, lang)
        speaker, name, kind, proposed = self._speaker(a.speakers)
        stmt_date = date
        out = []
        for issue in issues:
            out.append(Statement(
                source=parsed.source.id, speaker=speaker, speaker_name=name,
                reported_by=a.reported_by, issues=[issue], about=about,
                text=doc.original[s_start:s_end], quote=doc.original[o_start:o_end],
                start=o_start, end=o_end, sentence_start=s_start, sentence_end=s_end,
                date=stmt_date or ref, date_text=date_text,
                date_precision=precision if stmt_date else "source",
                segment=s.sent.segment.label, rule=a.rule,
                verb=tokens[a.cue.index].text if a.cue else None,
                confidence=round(max(0.05, min(a.confidence, 0.99)), 2), language=doc.language,
                file=doc.path, scenario=self.scenario.id, dates=dates, kind="statement",
                speaker_kind=kind, speakers=[x for p in a.speakers
                                             for x in (p.parties or [p.actor or p.name])],
                statement_date=stmt_date, article_date=ref,
                proposed_actor=proposed if aside is None else None,
                issue_from=issue_from, set_aside=aside))
            if aside is not None:
                out[-1].kind = "set_aside"
            out[-1].candidate = _Candidate(
                options, a.rule, {p.how for p in a.speakers if p.how in _HOW_FEATURES} |
                ({"pronoun"} if a.via_pronoun else set()) | ({"shared"} if a.shared else set()),
                span != (c_start, c_end), len(siblings), a.tag_position, s.index,
                len(out) - 1, extra)
        return out

    def _on_the_agreement(self, text: str, tokens: list[Token], lang: str) -> bool:
        """Whether a statement takes a stance on the agreement as a whole: it names the
        agreement ("das Handelsabkommen", "the deal"), a word of opposing, backing, signing or
        delaying it, and no other scenario issue once the agreement's own words are set aside
        ("Handelsabkommen" is no word of trade here)."""
        nouns = [t for t in tokens if t.pos in ("NOUN", "PROPN") and (
            t.lemma.lower() in _AGREEMENT_NOUNS or lang == "de" and
            re.search(r"(?:abkommen|vertrag|vertrags|abkommens)$", t.text.lower()))]
        approving = any(t.lemma.lower() in _APPROVING for t in tokens)
        if not (nouns and _AGREEMENT_STANCE.search(text) or approving):
            return False  # ("noch nicht bereit, zuzustimmen": approving it, the agreement unsaid)
        rest = [t for t in tokens if t not in nouns]
        scores = self.issues.all_scores(" ".join(t.text for t in rest), rest)
        return not any(v >= 2.0 for i, v in scores.items() if i != self._approval)

    def _conjunct_issues(self, text: str, tokens: list[Token]) -> set[str]:
        """The issues that lead a conjunct of the statement: its words split at coordinating
        conjunctions ("und", "and", "sowie", "or"), semicolons and colons, each part's
        best-scoring scenario issue."""
        parts: list[list[Token]] = [[]]
        for t in tokens:
            if t.pos == "CCONJ" or t.text in (";", ":"):
                parts.append([])
            else:
                parts[-1].append(t)
        out = set()
        for part in parts:
            if not part:
                continue
            scores = self.issues.all_scores(text[part[0].start:part[-1].end], part)
            top = max(scores, key=lambda i: scores[i], default=None)
            if top is not None and scores[top] >= 2.0:
                out.add(top)
        return out

    def _issue_options(self, content, content_tokens, sentence, sentence_tokens,
                       prev_issues: list[str], a: _Attribution,
                       lang: str, s: _Sent | None = None) -> dict[str, dict[str, float]]:
        """The issues a statement may be on, with what the issue model reads of each (see
        :mod:`accord.evidence.decision`): scenario issues its words, its sentence or the
        running topic name, and always ``process`` and ``other``."""
        in_content = self.issues.all_scores(content, content_tokens)
        in_sentence = self.issues.all_scores(sentence, sentence_tokens)
        top = max(in_content, key=in_content.get, default=None)
        patterns = set(self.issues.keyword_issues(content))
        context = s.context if s is not None else None
        index = s.index if s is not None else 0
        options: dict[str, dict[str, float]] = {}
        for issue in self.issues.stems:
            c = in_content.get(issue, 0.0)
            extra = max(0.0, in_sentence.get(issue, 0.0) - c)
            topic = 1.0 if prev_issues[:1] == [issue] else 0.5 if issue in prev_issues else 0.0
            # round 10: the sentences around it — the issue named only in the sentence
            # before or after
            near = max((context[j].get(issue, 0.0) for j in (index - 1, index + 1)
                        if 0 <= j < len(context)), default=0.0) if context else 0.0
            if not (c or extra or topic or near >= 2.0):
                continue
            options[issue] = {"scenario": 1.0, "content": min(c, 6.0) / 2,
                              "content_top": float(issue == top and c >= 2.0),
                              "sentence": min(extra, 6.0) / 2, "topic": topic,
                              "keyword": float(issue in patterns)}
            if context:
                # … and the text as a whole: its running subject
                named = sum(1 for sc in context if sc.get(issue, 0.0) >= 2.0)
                options[issue].update({"near": min(near, 6.0) / 2,
                                       "text_share": named / len(context),
                                       "text_top": float(s.text_top == issue)})
        strong = any(v >= 2.0 for v in in_content.values())
        pc = self.issues.process_words(content_tokens, lang)
        ps = max(0, self.issues.process_words(sentence_tokens, lang) - pc)
        options[PROCESS] = {"process": 1.0, "process_content": min(pc, 3),
                            "process_sentence": min(ps, 3), "process_none": float(not strong)}
        options[OTHER] = {"other": 1.0, "other_stance": float(bool(a.cue) and
                                                              a.cue.kind == "stance"),
                          "other_none": float(len(options) == 1)}
        if LEMMA_FEATURES:
            # round 10: the statement's own words for the two options every scenario shares
            # (the talks themselves, nothing of the scenario), so that what is learned on one
            # negotiation carries to another ("constructive", "meeting" against "demand")
            for t in content_tokens:
                if t.pos in ("NOUN", "VERB", "ADJ") and len(t.lemma) > 2:
                    w = f"{lang}:{t.lemma.lower()}"
                    options[PROCESS][f"process_w:{w}"] = 1.0
                    options[OTHER][f"other_w:{w}"] = 1.0

        return options

    def _speaker(self, phrases: list[Phrase]) -> tuple[str | None, str, str, dict | None]:
        """(actor id, name, kind, proposed actor) for the speaking phrases."""
        if len(phrases) == 1 and phrases[0].parties:
            return None, phrases[0].name, "group", None
        names = list(dict.fromkeys(
            self.gazetteer.actors[p.actor].name if p.actor else p.name for p in phrases))
        if len({p.key for p in phrases}) > 1:
            return None, " + ".join(names), "group", None
        p = phrases[0]
        if p.actor is not None:
            return p.actor, self.gazetteer.actors[p.actor].name, "actor", None
        kind = p.kind if p.kind in ("person", "organisation", "media", "unnamed", "group",
                                    "unknown", "state") else "unknown"
        proposed = None
        if kind in ("person", "organisation", "unknown", "state"):
            proposed = {"name": p.name, "kind": "person" if kind == "unknown" else kind,
                        "member_of": [p.member_of] if p.member_of else [],
                        "roles": [p.title] if p.title else []}
        return None, p.name, kind, proposed

    # --- the author's analysis ---------------------------------------------------------------------

    def _author_analysis(self, s: _Sent, lang: str) -> bool:
        text = s.sent.text
        if text.rstrip().endswith("?"):
            return False
        actors = [p for p in s.phrases if p.actor is not None]
        if not actors:
            return False
        issues = self.issues.scenario_issues(text, s.tokens)
        stance = re.search(r"(?<!\w)(?:" + _STANCE_WORDS[lang] + r")(?!\w)", text)
        return bool(issues) and bool(stance or len(issues) >= 2)

    def _analysis(self, parsed, s: _Sent, lang, who: str, kind: str, frames, prev_issues):
        doc = parsed.document
        text = s.sent.text
        issues = self.issues.scenario_issues(text, s.tokens) or \
            ([PROCESS] if self.issues.is_process(s.tokens, lang) else [OTHER])
        o_start, o_end = doc.to_original(s.sent.start, s.sent.end)
        about = list(dict.fromkeys(p.actor for p in s.phrases if p.actor))
        author_actor = self.gazetteer.resolve(who) if kind == "author" and \
            parsed.source.author else None
        ref = parsed.reference_date
        return [Statement(
            source=parsed.source.id, speaker=author_actor, speaker_name=who, reported_by=None,
            issues=[i], about=about, text=doc.original[o_start:o_end],
            quote=doc.original[o_start:o_end], start=o_start, end=o_end, sentence_start=o_start,
            sentence_end=o_end, date=ref, date_text=None, date_precision="source",
            segment=s.sent.segment.label, rule="reposter-opinion" if kind == "reposter" else
            ("author-inference" if frames else "author-analysis"),
            verb=None, confidence=0.45, language=doc.language, file=doc.path,
            scenario=self.scenario.id, kind="analysis", speaker_kind=kind,
            speakers=[author_actor or who], statement_date=None, article_date=ref)
            for i in issues]


# --- helpers ----------------------------------------------------------------------------------


# Capitalised words before a name that are a title, not a given name
_TITLE_WORDS = {"prime", "foreign", "trade", "defence", "defense", "vice", "general", "deputy",
                "special", "chief", "acting", "senior", "state", "secretary", "president",
                "minister", "house", "street"}
# Nouns of a person's office that speak for the person's government (round 5).
_OFFICE_HEADS = {
    "en": {"office", "spokesperson", "spokesman", "spokeswoman", "administration", "press"},
    "de": {"büro", "sprecher", "sprecherin", "präsidialamt", "amt", "präsidentenbüro"},
}


# Nouns of a group's leaders (round 5): "EU leaders", "europäische Staats- und Regierungschefs".
_LEADER_HEADS = {
    "en": {"leader", "leaders"},
    "de": {"regierungschef", "staatschef", "führer", "spitze", "anführer", "staatenlenker"},
}


def _bracketed(tokens: list[Token], phrases: list[Phrase]) -> list[Phrase]:
    """A short bracket right after a person's name is about the person — party, age, group
    ("Merz (CDU) sagte", "Axel Voss (EPP) said", "Witkoff (68)") — and belongs to the name's
    phrase, so that the verb after it finds its subject (round 5)."""
    out = list(phrases)
    for ph in phrases:
        k = ph.last + 1
        if ph.kind != "person" or k >= len(tokens) or tokens[k].text != "(":
            continue
        close = next((j for j in range(k + 1, min(len(tokens), k + 6))
                      if tokens[j].text == ")"), None)
        if close is None or any(t.finite for t in tokens[k + 1:close]):
            continue
        out = [p for p in out if not k < p.first < close]
        out[out.index(ph)] = replace(ph, last=close, end=tokens[close].end)
    return out


def _english_names(tokens: list[Token]) -> list[Token]:
    """English capitalises a word inside a sentence only in a name: a capitalised word right
    after a given name that the tagger read as a common noun or verb ("Alexander Stubb met":
    "stub"; "Donald Tusk": "tusk") is the surname. Not in a heading in title case, where
    every word is capitalised."""
    if not any(t.text.islower() and t.pos in ("VERB", "AUX", "ADP") for t in tokens):
        return tokens  # a heading in title case
    out = list(tokens)
    for i, t in enumerate(tokens):
        prev = tokens[i - 1] if i else None
        if prev is None or t.pos not in ("NOUN", "VERB") or not t.text.isalpha() or \
                not t.text[:1].isupper() or not t.text[1:].islower() or \
                prev.pos != "PROPN" or not prev.text[:1].isupper() or \
                role_head(prev.text, "en") or role_head(t.text, "en") or \
                prev.lower in _TITLE_WORDS or nationality(prev.text):
            continue
        out[i] = replace(t, pos="PROPN", finite=False, lemma=t.text)
    return out


def _new_report(tokens: list[Token], stated: list[_Attribution]) -> bool:
    """Whether a German sentence has a speech verb in the indicative, outside quotes, that no
    attribution of the sentence accounts for: it introduces a source of its own."""
    own = {a.cue.index for a in stated if a.cue is not None}
    for cue in find_cues(tokens, "de"):
        if cue.kind != "speech" or cue.index in own:
            continue
        t = tokens[cue.index]
        finite = cue.index if t.finite else next(
            (k for k in range(cue.index - 1, max(-1, cue.index - 8), -1)
             if tokens[k].finite and tokens[k].pos in ("AUX", "MODAL")), None)
        if finite is None or tokens[finite].lower in _ERSATZ or \
                konjunktiv_one(tokens[max(0, finite - 1):finite + 1]):
            continue
        return True
    return False


def _only_subjunctive(tokens: list[Token]) -> bool:
    """Whether every finite verb of a German sentence is in Konjunktiv I (or the Konjunktiv II
    that stands in for it): the sentence reports, none of its verbs introduces anything."""
    finite = [k for k, t in enumerate(tokens) if t.finite and t.pos in ("VERB", "AUX", "MODAL")]
    return bool(finite) and all(tokens[k].lower in _ERSATZ or
                                konjunktiv_one(tokens[max(0, k - 1):k + 1]) for k in finite)


def _someones_office(tokens: list[Token], ph: Phrase) -> bool:
    """Whether a phrase names someone's office rather than the one who holds it: "Selenskyjs
    Berater" (the gazetteer's possessive office of a person, no actor of its own) or the owner
    inside a compound whose head is a role noun ("Trump" in "Trump-Sprecherin", "SPD" in
    "SPD-Chef")."""
    if ph.kind == "person" and ph.how == "office" and ph.actor is None:
        return True
    # (any owner: "Trump-Sprecherin", "SPD-Chef Lars Klingbeil", "Kreml-Sprecher")
    word = tokens[ph.last].text
    return "-" in word and tokens[ph.last].start + len(word) > ph.end and \
        role_head(word[word.rindex("-") + 1:], "de") is not None


def _as(ph: Phrase, who: Phrase, how: str) -> Phrase:
    """``ph`` standing for the person ``who`` (a role noun or surname resolved)."""
    from dataclasses import replace

    return replace(ph, actor=who.actor, name=who.name, kind=who.kind, how=how,
                   member_of=who.member_of, title=who.title,
                   confidence=min(ph.confidence + 0.3, who.confidence))


# An issue on signing or ratifying the agreement as a whole (by its name), and what a stance on
# the agreement as a whole names (see Extractor._on_the_agreement)
_APPROVAL_ISSUE = re.compile(r"\b(?:sign\w*|ratif\w*|approv\w*|Unterzeichnung|Ratifizierung|"
                             r"Zustimmung)\b", re.IGNORECASE)
_APPROVING = {"zustimmen", "ratifizieren", "approve", "ratify", "veto"}
_AGREEMENT_NOUNS = {"abkommen", "vertrag", "agreement", "deal", "pact", "treaty", "accord"}
_AGREEMENT_STANCE = re.compile(
    r"\b(?:gegen|against|oppos\w*|reject\w*|ablehn\w*|lehnt\w*|block\w*|sign\w*|"
    r"unterzeichn\w*|unterschreib\w*|ratif\w*|delay\w*|verschieb\w*|verzöger\w*|"
    r"zustimm\w*|Zustimmung|approv\w*|support\w*|unterstütz\w*|veto\w*|boykott\w*)\b",
    re.IGNORECASE)

_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "zwei": 2, "drei": 3, "vier": 4,
            "fünf": 5}
_DEFINITE = {"the", "these", "those", "die", "der", "den", "diese", "dieser", "diesen"}
_PARTY_NOUNS = re.compile(r"(?:states|countries|governments|nations|capitals|allies|parties|"
                          r"Staaten|Ländern?|Regierungen|Hauptstädte|Partner|Parteien)$",
                          re.IGNORECASE)


def _side_frame(s: _Sent, before: int) -> Phrase | None:
    """The party of a frame of sides before token ``before``: "On the European Parliament
    side", "on Russia's side", "auf Seiten der Ukraine", "seitens der EU", "auf russischer
    Seite" is not one (an adjective: the gazetteer's)."""
    tokens = s.tokens
    parties = [p for p in s.phrases if p.actor and p.kind in ("state", "coalition",
                                                              "organisation") and
               p.last < before]
    for p in parties:
        words = [t.lower for t in tokens[max(0, p.first - 3):p.first]]
        after = [t.lower for t in tokens[p.last + 1:p.last + 3]]
        if tokens[p.last].lower == "side":  # the phrase took the noun in: "… Parliament side"
            after = ["side"] + after
        if words[-2:] == ["on", "the"] and after[:1] == ["side"] or \
                words[-1:] == ["on"] and after[:2] in (["'s", "side"], ["’s", "side"]) or \
                words[-1:] in (["seitens"],) or words[-2:] in (["seitens", "der"],
                                                                ["seitens", "des"]) or \
                words[-3:] in (["auf", "seiten", "der"], ["auf", "seiten", "des"]) or \
                words[-1:] == ["aufseiten"] or words[-2:] in (["aufseiten", "der"],
                                                               ["aufseiten", "des"]):
            return p
    return None


def _resolve_bare_unnamed(s: _Sent, k: int, last: tuple[Phrase, int] | None
                          ) -> tuple[Phrase, int] | None:
    """"Nach Angaben aus israelischen Kreisen … Es handle sich um …, sagte ein Insider": an
    unnamed source with no state of its own ("ein Insider", "a source") right after unnamed
    sources of a state (this sentence or the one before) is one of them. Returns the last
    unnamed source with a state, for the next sentence."""
    for i, ph in enumerate(s.phrases):
        if ph.kind != "unnamed" or ph.how != "unnamed":
            continue
        if len(ph.name.split()) > 2:  # "unnamed Israeli officials": a state of its own
            last = (ph, k)
        elif last is not None and k - last[1] <= 1 and ph.name.split()[-1] in _BARE_SOURCES:
            s.phrases[i] = replace(ph, name=last[0].name)
    return last


# Unnamed sources that name no office of their own ("an insider", "a source"), in the plural
# that unnamed sources are named by
_BARE_SOURCES = {"insiders", "sources"}


def _coordinations(s: _Sent) -> list[tuple[int, tuple[str, ...]]]:
    """Runs of states, coalitions and organisations of the scenario joined only by commas and
    "and"/"und" ("France, Germany and Italy"): (character offset, actor ids) per run."""
    parties = [p for p in s.phrases if p.actor and p.kind in ("state", "coalition",
                                                              "organisation")]
    runs: list[list[Phrase]] = []
    for p in parties:
        if runs and all(s.tokens[k].text == "," or s.tokens[k].pos == "CCONJ"
                        for k in range(runs[-1][-1].last + 1, p.first)) and \
                runs[-1][-1].last + 1 < p.first:
            runs[-1].append(p)
        else:
            runs.append([p])
    out = []
    for run in runs:
        ids = tuple(dict.fromkeys(p.actor for p in run))
        if len(ids) >= 2:
            out.append((run[0].start, ids))
    return out


def _paragraphs_opening_inside(sentences: list[Sentence]) -> set:
    """Paragraphs that begin inside a quotation whose opening mark the page lost: an odd
    number of quotation marks, the first of them a closing one — glued to the word or
    punctuation before it and followed by a space, punctuation or the end ('… itself", say
    the three countries')."""
    marks: dict = {}
    for sent in sentences:
        text = sent.text
        for k, ch in enumerate(text):
            if ch == '"':
                before = text[k - 1] if k > 0 else " "
                after = text[k + 1] if k + 1 < len(text) else " "
                marks.setdefault(sent.paragraph, []).append(
                    not before.isspace() and (after.isspace() or after in ",.;:!?"))
    return {para for para, closing in marks.items() if len(closing) % 2 == 1 and closing[0]}


# Nouns that name a stance of their owner ("Putins Forderung", "Russia's proposal"); not
# nouns of mere speech ("Interview", "Brief"), which say nothing of a position by themselves.
_STANCE_NOUNS = {
    "de": {"forderung", "vorschlag", "angebot", "ablehnung", "weigerung", "zusage", "drohung",
           "aufruf", "appell", "bedingung", "einschätzung", "warnung", "ultimatum",
           "vorbedingung", "kernforderung", "hauptforderung", "friedensvorschlag"},
    "en": {"demand", "proposal", "offer", "rejection", "refusal", "pledge", "threat", "call",
           "appeal", "condition", "precondition", "assessment", "warning", "ultimatum"},
}


# round 6: the talks' words in a statement's frame are not what it is about (_reported_clause)
FRAME_IS_NO_PROCESS = True


def _reported_clause(content_tokens: list[Token], tokens: list[Token],
                     a: "_Attribution") -> list[Token] | None:
    """Round 6: the words of what was said, without its frame, for counting the talks' words:
    "said ahead of the talks that discussions would focus on the Donbas" is about the Donbas,
    the talks are when it was said. The words after the speech verb's "that"/"dass"; None
    (all of them) where there is no such clause."""
    if not FRAME_IS_NO_PROCESS or a.cue is None or not content_tokens:
        return None
    cue_at = tokens[a.cue.index].start
    for k, t in enumerate(content_tokens):
        if t.start > cue_at and t.pos == "SCONJ" and t.lower in ("dass", "that") and \
                k + 1 < len(content_tokens):
            return content_tokens[k + 1:]
    return None


# the issue from the context (round 6: switches for benchmarks/eval_issue.py --set, so that
# each carry-over can be scored leave-one-negotiation-out; all on as in round 5): a sentence
# opening on a demonstrative, a statement pointing back ("das Thema"), the same speaker going on
CONTEXT_DEMONSTRATIVE = True
CONTEXT_ANAPHOR = True
CONTEXT_SAME_SPEAKER = True

_DEMONSTRATIVES = {"de": {"dies", "diese", "dieser", "dieses", "diesen", "solche", "solcher",
                           "solches", "solchen"},
                    "en": {"this", "these", "such"}}
_DOCUMENTS = {"de": {"bericht", "erklärung", "dokument", "papier", "schreiben", "mitteilung",
                     "stellungnahme", "entwurf", "brief"},
              "en": {"report", "statement", "document", "paper", "letter", "declaration",
                     "communique", "communiqué", "readout", "draft"}}


# Stance cues that state a plan or an offer, whose content may go on in the next sentence with
# "soll" (see _continuation)
_PLAN_CUES = {"anbieten", "vorschlagen", "ankündigen", "fordern", "verlangen", "vorsehen",
              "planen", "vorlegen", "vereinbaren", "einigen", "beschließen", "zusagen",
              "versprechen", "in Aussicht stellen"}


def _plan_modal(tokens: list[Token]) -> bool:
    """Whether a German sentence's main clause reports a plan with "soll"/"sollen"/"sollte"
    after its Vorfeld (not verb-first: "Sollte Kiew ablehnen, …" is a condition)."""
    for k, t in enumerate(tokens):
        if t.finite and t.pos in ("VERB", "AUX", "MODAL"):
            return k > 0 and t.lower in ("soll", "sollen", "sollte", "sollten") and \
                not any(x.pos == "SCONJ" or x.text == "," for x in tokens[:k])
    return False


def _document_subject(tokens: list[Token], cue: int, lang: str) -> bool:
    """Whether an English speech verb's subject is a document named by a definite article
    ("the statement added", "the report said")."""
    if lang != "en":
        return False
    k = cue - 1
    while k >= 0 and tokens[k].pos in ("AUX", "ADV"):
        k -= 1
    return k >= 1 and tokens[k].lower in _DOCUMENTS["en"] and \
        tokens[k - 1].lower in ("the", "this", "that")


_ADVERBIAL = {"de": {"nachdem", "bevor", "als", "weil", "obwohl", "während", "seit", "seitdem"},
              "en": {"after", "before", "when", "while", "because", "although", "since", "as",
                     "once"}}


def _adverbial_clause(tokens: list[Token], a: _Attribution, lang: str) -> tuple[int, int] | None:
    """[start, end) of the adverbial clause ("after …", "nachdem …") the attribution's cue and
    speakers stand in, when the sentence's main clause is outside it; else None."""
    first = min([a.cue.index] + [p.first for p in a.speakers])
    k = first - 1
    while k >= 0 and tokens[k].pos in ("DET", "ADJ", "PROPN", "NOUN") and \
            tokens[k].text not in (",", ";"):
        k -= 1
    if k < 0 or tokens[k].lower not in _ADVERBIAL[lang] or tokens[k].pos not in ("SCONJ",
                                                                                   "ADP"):
        return None
    end = next((j for j in range(a.cue.index + 1, len(tokens)) if tokens[j].text in (",", ";")),
               len(tokens))
    if k == 0 and end >= len(tokens) - 1:
        return None  # the whole sentence is the clause
    return k, end


def _who(speakers: list[Phrase]) -> tuple:
    return tuple(sorted(p.key for p in speakers))


def _appositive_start(tokens: list[Token], a: _Attribution) -> int | None:
    """Where a noun of stance in apposition to what comes before it starts (its dash or
    comma), for a nominal statement or a relative clause on one ("– eine zentrale russische
    Forderung", "eine Forderung, die Kiew ablehnt"); else None."""
    if a.tokens is not None:
        first = a.tokens[0]
    elif a.cue is not None and 3 <= a.clause_start < len(tokens):
        # a relative clause ("…, die Kiew ablehnt"): its antecedent, the noun before the comma
        k = a.clause_start
        if tokens[k].tag not in ("PRELS", "PRELAT") and tokens[k].lower not in ("which", "that"):
            k -= 1
        if k < 3 or tokens[k - 1].text != "," or not (
                tokens[k].tag in ("PRELS", "PRELAT") or tokens[k].lower in ("which", "that")):
            return None
        noun = tokens[k - 2]
        if noun.pos != "NOUN" or noun.lemma.lower().split("-")[-1] not in \
                _STANCE_NOUNS["de"] | _STANCE_NOUNS["en"]:
            return None
        first = k - 2
        while first > 0 and tokens[first - 1].pos in ("DET", "ADJ"):
            first -= 1
    else:
        return None
    if first < 2 or tokens[first - 1].text not in ("–", "—", ",", ":"):
        return None
    if tokens[first].lower not in ("ein", "eine", "einer", "a", "an", "one"):
        return None
    return first - 1


def _points_to_source(tokens: list[Token], lang: str) -> bool:
    """Whether a sentence opens with a frame that points back to the source just named:
    "Demnach", "Demzufolge", "Dem Bericht zufolge", "Laut der Erklärung", "According to the
    statement" (a document of the speaker's, named by a definite article)."""
    words = [t.lower for t in tokens[:6]]
    if words[:1] in (["demnach"], ["demzufolge"]):
        return True
    if lang == "en" and words[:2] == ["according", "to"] and len(words) > 3:
        return words[2] in ("the", "this", "that") and words[3] in _DOCUMENTS["en"]
    if lang == "de":
        if words[:1] == ["laut"] and len(words) > 2 and words[1] in ("dem", "der", "diesem",
                                                                     "dieser"):
            return words[2] in _DOCUMENTS["de"]
        if len(words) > 2 and words[0] in ("dem", "der") and words[1] in _DOCUMENTS["de"] and \
                words[2] == "zufolge":
            return True
    return False


def _main_subject_person(s: _Sent, lang: str) -> Phrase | None:
    """The person that is the subject of the sentence's first finite verb outside a
    subordinate clause, or None."""
    depth = 0
    for k, t in enumerate(s.tokens):
        if t.pos == "SCONJ" or t.tag in ("PRELS", "KOUS"):
            depth = 1
        elif t.text in (",", ";", ":"):
            depth = 0
        if depth or not t.finite or t.pos not in ("VERB", "AUX", "MODAL"):
            continue
        subj = subject_of(s.tokens, k, s.phrases, lang)
        if subj is not None and len(subj.phrases) == 1:
            return subj.phrases[0] if subj.phrases[0].kind == "person" else None
        return None
    return None


def _phrase_at(phrases: list[Phrase], earliest: int, k: int) -> Phrase | None:
    """The phrase that covers token ``k`` and starts no earlier than ``earliest`` (a phrase
    takes in the adjectives a frame's own scan skipped: "aus israelischen Kreisen")."""
    return next((p for p in phrases if earliest <= p.first <= k <= p.last), None)


def _turn_prefix(s: _Sent) -> list[Phrase] | None:
    """The speaker of a transcript's turn: a paragraph that starts "SECRETARY RUBIO:" or
    "Y. Ushakov:" gives its speaker; one that starts "QUESTION:" ends the turn ([]); None when
    the paragraph has no such prefix."""
    tokens = s.tokens
    colon = next((k for k, t in enumerate(tokens[:7]) if t.text == ":"), None)
    if colon is None or colon == 0 or s.sent.text[:1] == '"':
        return None
    if not all(t.text[:1].isupper() or t.text == "." for t in tokens[:colon]):
        return None
    if tokens[0].lower in ("question", "frage", "q", "moderator", "interviewer", "journalist",
                           "reporter", "host"):
        return []  # the interviewer's turn ends the speaker's
    # a transcript writes its speakers in capitals ("SECRETARY RUBIO:") or with an initial
    # ("Y. Ushakov:"); "Merz: …" in a news page is a heading or a quote's lead-in
    if not (any(t.text.isupper() and len(t.text) > 1 for t in tokens[:colon]) or
            any(t.text == "." for t in tokens[:colon])):
        return None
    who = [p for p in s.phrases if p.last < colon and p.kind not in ("role", "unnamed", "group")]
    if who and who[-1].kind in ("state", "coalition") or not who and any(
            t.pos == "PROPN" for t in tokens[:colon]):
        return None  # a dateline ("New Delhi:", "MOSKAU:"), not a speaker's turn
    return who[-1:] if who else []


_MEDIA_WORDS = re.compile(r"(?:Sender|Zeitung|Fernsehen|Agentur|Medien|Medium|Portal|Blatt|"
                          r"newspaper|broadcaster|channel|agency|outlet|media|television|daily|"
                          r"network)\b", re.IGNORECASE)


def _is_medium(ph: Phrase) -> bool:
    """A news medium: one the media lexicon knows, unnamed media, or a name titled as one
    ("der Fernsehsender Channel 12")."""
    return ph.kind == "media" or ph.kind == "unnamed" and ph.name.endswith(" media") or \
        bool(ph.title and _MEDIA_WORDS.search(ph.title))


_DELEGATION = re.compile(r"[Dd]elegation|\bteam\b|Teilnehmer|participants|composed of|"
                         r"bestehen|bestand|consist|headed by|led by|angeführt|am Tisch|"
                         r"at the table|attended|teilgenommen|nahmen teil", re.IGNORECASE)


_COMPOSITION = re.compile(
    r"\b(?:[Dd]elegation\w*|team|Verhandlungsteam\w*)\b[^.;:]{0,60}?\b(?:featured|was composed of|"
    r"consisted of|comprised|bestand aus|setzte sich aus|gehörten)\b|"
    r"\b(?:bestand|besteht|bestehen|bestanden)\b[^.;:]{0,40}?[Dd]elegation\w*\b[^.;:]{0,60}?\baus\b")


def _delegation_list(s: _Sent) -> bool:
    """A sentence that lists who takes part (three or more persons and a word of delegations,
    participants or composition): the labelling rules leave delegation lists out."""
    persons = {p.key for p in s.phrases if p.kind == "person" or p.how == "unknown-name"}
    if len(persons) >= 3 and _DELEGATION.search(s.sent.text):
        return True
    # "Russia's delegation featured … officials, headed by Igor Kostyukov": a delegation's
    # make-up, whoever reports it (not "led by": "the delegation, led by X, said …" speaks)
    return bool(_COMPOSITION.search(s.sent.text))


def _acting_person(tokens: list[Token], cue: int, phrases: list[Phrase]) -> Phrase | None:
    """The person a state acts through in the cue's clause ("durch Trumps Gesandten Dan
    Driscoll", "through its envoy Steve Witkoff"), or None."""
    start = _clause_start(tokens, cue)
    end = next((k for k in range(cue + 1, len(tokens)) if tokens[k].text in (",", ";", ":")),
               len(tokens))
    for k in range(start, end):
        if tokens[k].lower in ("durch", "through", "via"):
            hit = next((p for p in phrases if k < p.first <= k + 4 and p.kind == "person"), None)
            if hit is not None:
                return hit
    return None


def _infinitive(tokens: list[Token], i: int, lang: str) -> bool:
    """Whether the cue at ``i`` is an infinitive with "zu"/"to" (the content of another
    predicate: "warf Moskau vor, die Ukraine zu drängen", "agreed to support")."""
    t = tokens[i]
    if lang == "de":
        return t.tag == "VV(IZU)" or t.tag == "VV(INF)" and i > 0 and tokens[i - 1].tag == "PTKZU"
    return t.tag == "VVI" and i > 0 and tokens[i - 1].lower == "to"


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def _clause_start(tokens: list[Token], i: int) -> int:
    for k in range(i - 1, -1, -1):
        if tokens[k].text in (",", ";", ":", '"') or tokens[k].pos == "SCONJ":
            return k + 1
    return 0


_QUOTE_MARKS = "\"'„“”«»‚‘’"


def _colon_quote(s: _Sent, phrases: list[Phrase]) -> _Attribution | None:
    """Round 7: a direct quote introduced by a colon speaks for the subject of the clause
    before it, whatever its verb ("Klingbeil klang ähnlich: „Wir sind … vorangekommen“",
    "Merz struck an upbeat tone: "We have …""): the first speaker phrase of the clause
    before the colon that is not inside a prepositional phrase. None where the colon opens
    no quote or nobody stands before it."""
    tokens = s.tokens
    colon = next((k for k, t in enumerate(tokens) if t.text == ":"), None)
    if colon is None or colon + 1 >= len(tokens) or tokens[colon + 1].text not in _QUOTE_MARKS:
        return None
    if not any(q0 <= tokens[colon + 1].end and q1 > tokens[colon + 1].end for q0, q1 in s.quotes):
        return None
    clause = 0
    for k in range(colon - 1, -1, -1):
        if tokens[k].text in (".", ";", ":") or tokens[k].text in _QUOTE_MARKS:
            clause = k + 1
            break
    who = next((p for p in phrases if clause <= p.first < colon and
                p.kind not in ("role", "media", "unknown", "pronoun") and
                (p.first == 0 or tokens[p.first - 1].pos != "ADP" and
                 not (p.first >= 2 and tokens[p.first - 2].pos == "ADP" and
                      tokens[p.first - 1].pos == "DET"))), None)
    if who is None:
        return None
    return _Attribution([who], None, "quote-introduced", 0.7, clause_start=who.first)


def _is_tag(tokens: list[Token], i: int, speakers: list[Phrase], position: str,
            pronoun: int | None = None) -> bool:
    """Whether the speech cue at ``i`` is a closing tag (", sagte Lawrow", '," he said',
    ", Lavrov told TASS"): its clause follows a comma or quote, and nothing after it opens
    another clause. A speaker reached through a pronoun ("…, he said") is placed at the
    pronoun (round 7: its antecedent's position is in an earlier sentence)."""
    first = i if position in ("after", "passive") or not speakers else \
        min(i, pronoun) if pronoun is not None else min(i, min(p.first for p in speakers))
    k = first - 1
    steps = 0
    # the subject's own determiners and modifiers ("the EU trade commissioner")
    while k >= 0 and steps < 4 and (tokens[k].pos in ("AUX", "ADV", "DET", "ADJ") or
                                    position != "after" and tokens[k].pos in ("NOUN", "PROPN")):
        k -= 1
        steps += 1
    if k <= 0 or tokens[k].text not in (",", '"'):
        return False
    if tokens[k].text == "," and not any(t.finite or t.text in ('"', "'") or t.pos == "PUNCT"
                                         and t.text in ("”", "“", "«", "»") for t in tokens[:k]):
        # round 5: a tag closes a clause; "In Geneva, Cassis said …", "Am Montag, …" open
        # with a phrase that has no verb of its own
        return False
    return not any(tokens[j].text in (",", ";", ":") or tokens[j].pos == "SCONJ"
                   for j in range(i + 1, len(tokens)))


def _complement_between(tokens: list[Token], outer: int, inner_first: int) -> bool:
    """Whether the clause starting at token ``inner_first`` is the complement of the speech
    verb at ``outer``: it opens right after the verb, its complementiser, comma or colon
    ("sagte, Russland fordere", "said that Russia demanded", "said Russia demanded")."""
    k = outer + 1
    while k < inner_first and (tokens[k].pos in ("ADV", "PART", "PRON", "ADP", "DET", "NOUN",
                                                  "PROPN", "NUM", "ADJ") and k - outer <= 5
                               and tokens[k].text not in (",", ";", ":", ".")):
        k += 1  # "sagte am Montag im Interview"
    if k < inner_first and (tokens[k].text in (",", ":") or tokens[k].pos == "SCONJ"):
        k += 1
        if k < inner_first and tokens[k].pos == "SCONJ":
            k += 1
        # "erklärte, auch Deutschland sei bereit", "sagte, die Europäische Union sei …"
        while k < inner_first and tokens[k].pos in ("ADV", "DET", "ADJ", "PART") and \
                inner_first - k <= 3:
            k += 1
    return k == inner_first


def _in_complement(tokens: list[Token], outer: int, a: _Attribution) -> bool:
    """Whether attribution ``a`` stands in the complement of the speech verb at ``outer``: its
    speakers open that clause, or the clause opens with "dass"/"that" and its subject starts
    later in it ("angekündigt, dass Vertreter der USA, der Ukraine und Russlands … verhandeln
    wollen": the subject's first phrase is "Ukraine")."""
    first = min(p.first for p in a.speakers)
    if a.via_pronoun or not outer < first < len(tokens):
        # a speaker reached through a pronoun (or a shared subject) stands where its antecedent
        # is, perhaps in an earlier sentence: its position says nothing about this verb's
        # complement (and indexing this sentence with it failed on unseen text)
        return False
    if _complement_between(tokens, outer, first):
        return True
    for d in range(first - 1, outer, -1):
        t = tokens[d]
        if t.finite or t.text in (";", ":"):
            return False
        if t.pos == "SCONJ" and t.lower in ("dass", "that"):
            return _complement_between(tokens, outer, d + 1) or \
                _complement_between(tokens, outer, d)
    return False


def _hearsay(text: str, lang: str) -> bool:
    return any(re.search(r"(?<!\w)" + re.escape(h) + r"(?!\w)", text, re.IGNORECASE)
               for h in load("cues")["hearsay"][lang] if len(h) > 4)


def _media_hearsay(text: str) -> bool:
    return bool(re.search(r"Medienbericht|media report|press report|Presseberichte", text,
                          re.IGNORECASE))


def _statement_date(text, tokens, a: _Attribution, quotes, ref, lang):
    """The date of the statement: a date expression in the cue's own clause (before the
    reported content), resolved against the article's date; dates inside what was said are
    listed but are not the statement's date."""
    found = find_dates(text, ref, lang)
    dates = [{"text": d.text, "date": d.date.isoformat() if d.date else None,
              "precision": d.precision} for d in found]
    if a.cue is None or not found:
        return None, None, "source", dates
    cue_at = tokens[a.cue.index].start
    # the reported content starts at the first complementiser, colon or quote after the cue
    content = len(text)
    for t in tokens[a.cue.index + 1:]:
        if t.pos == "SCONJ" or t.text in (":", '"', ","):
            content = t.start
            break
    begin = tokens[a.clause_start].start if a.clause_start < len(tokens) else 0
    for d in found:
        if _inside(d.start, quotes):
            continue
        if (begin <= d.start < content and d.start >= min(begin, cue_at)) or \
                (a.tag_position and d.start > cue_at):
            return d.date, d.text, d.precision, dates
    return None, None, "source", dates


_FROM_RANK = {"content": 0, "sentence": 1, "context": 2, "default": 3}
_RULE_RANK = {"speech-verb": 0, "stance-verb": 1, "according-to": 2, "deliberation-verb": 3,
              "quote-continued": 4, "reported-speech-continued": 5}


SECOND_ISSUE = True
#: round 10: the statement's lemmas as features of ``process`` and ``other``, its cue's lemma
#: as a feature of keeping it (decision models only; the rules never read them)
LEMMA_FEATURES = True
CUE_LEMMA = True
#: round 10: where the rules read the issue from the sentence's grammar, the issue model does
#: not overrule them (decision models only)
STRUCTURAL_STANDS = True

# How many sentences apart the same speaker's statements on the same issue may be to count as
# one statement (see _merge).
MERGE_WINDOW = 1


# Speech verbs that go on with what the speaker was saying ("he added", "fügte hinzu"): a
# statement made with one continues the speaker's point on the same issue a few sentences on
_ADDING = {"added", "adds", "adding", "fügte", "fügt", "ergänzte", "ergänzt"}


def set_aside(statements: list[Statement]) -> list[Statement]:
    """Round 7: kinds of candidate that were almost never a statement on unseen text are set
    aside with the reason, not dropped (keep.py). Changes and returns ``statements``."""
    for st in statements:
        if st.kind == "statement" and (
                why := set_aside_because(st.rule, st.speaker_kind, st.issues)):
            st.kind, st.set_aside, st.proposed_actor = "set_aside", why, None
    return statements


def _ordinal(st: Statement) -> int:
    return st.candidate.sentence if st.candidate is not None else 0


def _lead_to_spokesperson(statements: list[Statement], actors) -> dict[int, Statement]:
    """Statements of a state or organisation whose named member (spokesperson, minister,
    leader) states the same issue later in the text: the labelling rules make the lead
    sentence a support span of the person's statement. Returns statement id → the person's
    statement it folds into."""
    into: dict[int, Statement] = {}
    for st in statements:
        if st.kind != "statement" or not st.speaker or st.speaker_kind != "actor" or \
                actors[st.speaker].kind == "person" or _ordinal(st) > 1:
            continue  # only the lead: the text's first two sentences
        for later in statements:
            if later.kind != "statement" or later.issues != st.issues or \
                    later.sentence_start <= st.sentence_start:
                continue
            member_of = (actors[later.speaker].member_of if later.speaker and
                         actors[later.speaker].kind == "person" else
                         (later.proposed_actor or {}).get("member_of", []))
            if st.speaker in member_of:
                into[id(st)] = later
                break
    return into


def _merge(statements: list[Statement], actors=None) -> list[Statement]:
    """One statement per (kind, speaker, issue): the most explicit one (a direct quote, then a
    speech verb, then …), the others its support spans. A state's or organisation's lead
    sentence goes to its named member who states the same later (see
    :func:`_lead_to_spokesperson`)."""
    into = _lead_to_spokesperson(statements, actors) if actors else {}
    groups: dict[tuple, list[Statement]] = {}
    last: dict[tuple, tuple[tuple, int]] = {}   # key → (group key, its last sentence)
    spoke: dict[str, set[int]] = {}             # speaker → the sentences they speak in
    for st in statements:
        spoke.setdefault(into.get(id(st), st).speaker or into.get(id(st), st).speaker_name,
                         set()).add(_ordinal(st))
    for st in sorted(statements, key=lambda x: (_ordinal(x), x.start)):
        if id(st) in into:
            continue  # a lead sentence joins its spokesperson's statement, however far on
        key = (st.kind, st.speaker or st.speaker_name, st.issues[0] if st.issues else None)
        # the same point made again soon is support; made again far on, it is a new statement
        # (a point made again is mostly said in the very next sentence)
        at = _ordinal(st)
        group, end = last.get(key, (None, -10 ** 9))
        added = (st.verb or "").lower() in _ADDING and at - end <= 3
        if group is None or at - end > MERGE_WINDOW and not added and not all(
                k in spoke.get(key[1], ()) for k in range(end + 1, at)):
            group = (*key, at)
        last[key] = (group, at)
        groups.setdefault(group, []).append(st)
    out = []
    for group in groups.values():
        folded = [st for st in statements if id(st) in into and into[id(st)] in group]
        best = min(group, key=lambda s: (_FROM_RANK.get(s.issue_from, 3),
                                         s.quote == s.text and s.rule != "according-to",
                                         _RULE_RANK.get(s.rule, 6), s.start))
        best.support = [{"start": s.start, "end": s.end, "sentence_start": s.sentence_start,
                         "sentence_end": s.sentence_end}
                        for s in group + folded if s is not best and
                        (s.start, s.end) != (best.start, best.end)]
        if not best.reported_by:
            best.reported_by = next((s.reported_by for s in group if s.reported_by), None)
        out.append(best)
    out.sort(key=lambda s: (s.sentence_start, s.start, s.speaker_name, s.issues))
    return out


def extract_statements(parsed: ParsedSource, scenario: Scenario,
                       extractor: Extractor | None = None) -> list[Statement]:
    """Every statement in a parsed source, with speakers and issues from ``scenario``; the
    author's analyses (``kind = "analysis"``) and the candidates set aside as no statement
    (``kind = "set_aside"``, the reason in ``set_aside``) are in the list too."""
    return (extractor or Extractor(scenario)).extract(parsed)


def statements_json(statements: list[Statement]) -> str:
    return json.dumps([s.to_dict() for s in statements], ensure_ascii=False, indent=2)
