"""Who wrote a text, who translated and reposted it, and which parts of it are not the author's.

Reposted articles carry more than the article: a title and byline ("Andrew Korybko 30. Januar
2026"), a translator's source card at the end ("🔗 Originalquelle / Art der Quelle: … /
Autor: … / Deutsche Übersetzung von …"), a reposter's own opinion put in front ("‼Meine Meinung:
…‼") and the blog's boilerplate (WordPress comment forms, share boxes). :func:`parse_provenance`
labels each part with its span so that nothing the reposter wrote is ever attributed to the
article's author; the reposter's opinion is kept (labelled ``reposter_opinion``) because a
reposter's reading is itself evidence of how the article was received.

Segment labels: ``title``, ``byline``, ``body``, ``heading``, ``separator``,
``reposter_opinion``, ``boilerplate``, ``source_card``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from accord.evidence.ingest import Document
from accord.evidence.lexicon import find_dates, parse_date
from accord.scenario.model import Source

# --- source cards -------------------------------------------------------------------------------

# Field labels of translators' source cards (German blogs and their English equivalents). The
# value is the rest of the line, or the next line when the label ends the line.
CARD_FIELDS: dict[str, list[str]] = {
    "kind": [r"Art der Quelle", r"Quellenart", r"Source type", r"Type of source"],
    "original_title": [r"Titel des Originals", r"Originaltitel", r"Original title"],
    "author": [r"Autor(?:in)?", r"Verfasser(?:in)?", r"Author"],
    "original_published": [r"Veröffentlichung\s*/\s*Entstehung", r"Veröffentlich(?:ung|t am)",
                           r"Erscheinungsdatum", r"Datum", r"Published", r"Date"],
    "original_language": [r"Originalsprache", r"Sprache des Originals", r"Original language"],
    "platform": [r"Plattform\s*/\s*Quelle", r"Plattform", r"Platform"],
    "link": [r"Link zum Originaltext", r"Link zum Original", r"Link", r"Original link", r"URL"],
}
CARD_HEADER = re.compile(r"^\s*(?:🔗\s*)?(?:Originalquelle|Quelle des Originals|Original source)\s*:?\s*$",
                         re.IGNORECASE | re.MULTILINE)
_TRANSLATOR = re.compile(
    r"(?:(?:Deutsche|German|Englische|English)\s+)?(?:Übersetzung|Translation)\s+(?:\w+\s+)?"
    r"(?:von|by)\s+(?P<name>[^,\n]+?)\s*(?:,|\n|$)|(?:Übersetzt|Translated)\s+(?:von|by)\s+"
    r"(?P<name2>[^,\n]+?)\s*(?:,|\n|$)", re.IGNORECASE)
_PUBLISHED_ON = re.compile(r"(?:veröffentlicht|erschienen|published)\s+(?:auf|bei|on)\s*\n?\s*"
                           r"(?P<site>[^\s]+?)\.?\s*$", re.IGNORECASE | re.MULTILINE)

LANGUAGE_NAMES = {
    "ukrainisch": "uk", "ukrainian": "uk", "russisch": "ru", "russian": "ru", "englisch": "en",
    "english": "en", "deutsch": "de", "german": "de", "französisch": "fr", "french": "fr",
    "polnisch": "pl", "polish": "pl",
}
KIND_NAMES = {
    "artikel": "article", "article": "article", "video": "video", "videokommentar": "video commentary",
    "interview": "interview", "kommentar": "commentary", "kolumne": "column", "rede": "speech",
    "podcast": "podcast", "beitrag": "post", "post": "post", "transkript": "transcript",
}

# --- reposters' opinions and boilerplate -------------------------------------------------------

_OPINION_MARKS = "‼❗❕⚠👉✍💬"
OPINION_START = re.compile(
    r"^\s*(?P<mark>[" + _OPINION_MARKS + r"]\ufe0f?)?\s*(?:Meine Meinung|Meine Anmerkung|Mein Kommentar|"
    r"Anmerkung(?:\s+(?:des|der|vom))?\s+(?:Admins?|Redaktion|Übersetzer\w*|Blogbetreiber\w*|Herausgeber\w*)|"
    r"Kommentar\s+(?:des|der|vom)\s+(?:Admins?|Redaktion|Übersetzer\w*|Blogbetreiber\w*)|"
    r"Vorbemerkung|My (?:opinion|take|comment|two cents)|Editor'?s note|Admin'?s note|"
    r"Note from the (?:editor|admin))\s*:", re.IGNORECASE)
_FIRST_PERSON = re.compile(r"\b(?:ich|mich|mir|mein\w*|wir|uns|unser\w*|I|me|my|we|us|our)\b")

# A comment form or footer: from here to the end of the text nothing is the article.
FOOTER_START = re.compile(
    r"^\s*(?:Schreibe einen Kommentar|Kommentar verfassen|Kommentar hinterlassen|Hinterlasse einen "
    r"Kommentar|Leave a (?:Reply|comment)|Post a comment|Antwort hinterlassen|\d+ Kommentare?\b|"
    r"Ähnliche Beiträge|Related posts?|Das könnte dich auch interessieren|You may also like)",
    re.IGNORECASE)
# Single boilerplate lines: share boxes, likes, form fields, subscription prompts.
BOILERPLATE_LINE = re.compile(
    r"^\s*(?:Teilen(?: mit)?:?|Share(?: this)?:?|Diesen Beitrag teilen:?|Gefällt mir:?|Like this:?|"
    r"Gefällt mir Wird geladen\W*|Like Loading\W*|Wird geladen\W*|Loading\W*|Drucken|Print|"
    r"Facebook|Twitter|X|Telegram|WhatsApp|E-Mail|Email|LinkedIn|Reddit|Pinterest|VK|Mehr|More|"
    r"Deine E-Mail-Adresse wird nicht veröffentlicht\..*|Your email address will not be published\..*|"
    r"Erforderliche Felder sind mit \* markiert\.?|Required fields are marked \*\.?|"
    r"Kommentar \*?|Name \*?|E-Mail \*?|Website|Kommentar abschicken|Post Comment|"
    r"Abonnieren|Subscribe|Newsletter abonnieren\W*|Benachrichtige mich.*|Notify me.*|"
    r"(?:Meinen|Save my) (?:Namen|name).*)\s*$", re.IGNORECASE)
_SEPARATOR = re.compile(r"^\s*[-–—_*=•·~]{3,}\s*$")
_HEADING = re.compile(r"^\s*(?:\d{1,2}[.)]|[IVX]{1,4}\.)\s+\S")

# --- bylines ------------------------------------------------------------------------------------

_NAME = r"[A-ZÄÖÜ][\w'’.-]+(?:\s+(?:von|van|de|der|da|di|al)\s+)?(?:\s+[A-ZÄÖÜ][\w'’.-]+){1,3}"
BYLINE = re.compile(rf"^\s*(?:(?:Von|By|Autor:?|Author:?)\s+)?(?P<author>{_NAME})\s*[,|–—-]?\s*(?P<rest>.*)$")


@dataclass
class Segment:
    """A labelled part of the text; spans are in the normalised text and in the original."""

    label: str
    start: int
    end: int
    original_start: int
    original_end: int
    text: str

    def to_dict(self) -> dict:
        return {"label": self.label, "start": self.original_start, "end": self.original_end,
                "text": self.text}


@dataclass
class ParsedSource:
    """A document with its provenance: the :class:`Source`, labelled segments, the parsed card."""

    document: Document
    source: Source
    segments: list[Segment]
    card: dict[str, str] = field(default_factory=dict)
    byline: dict[str, str] = field(default_factory=dict)

    @property
    def reference_date(self) -> dt.date | None:
        """The date relative expressions count from: when the author wrote the text."""
        return self.source.original_published or self.source.published

    def segment_at(self, offset: int) -> Segment | None:
        """The segment holding normalised offset ``offset``."""
        for seg in self.segments:
            if seg.start <= offset < seg.end:
                return seg
        return None


@dataclass
class _Line:
    start: int
    end: int
    text: str
    label: str = "body"


def _lines(text: str) -> list[_Line]:
    out, pos = [], 0
    for raw in text.split("\n"):
        out.append(_Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return out


def parse_source_card(text: str) -> tuple[dict[str, str], int | None]:
    """The fields of a translator's source card and where the card starts (None if none).

    >>> card, _ = parse_source_card("Text.\\n🔗 Originalquelle\\nAutor: Vitaly Portnikov\\n"
    ...                             "Originalsprache: uk\\nDeutsche Übersetzung von Anna B.,\\n"
    ...                             "veröffentlicht auf\\nexample.blog.")
    >>> card == {"author": "Vitaly Portnikov", "original_language": "uk",
    ...          "translator": "Anna B.", "published_on": "example.blog"}
    True
    """
    start = None
    header = CARD_HEADER.search(text)
    if header:
        start = header.start()
    field_rx = {key: re.compile(r"^\s*(?:" + "|".join(labels) + r")\s*:[ \t]*(?P<value>.*)$",
                                re.IGNORECASE | re.MULTILINE)
                for key, labels in CARD_FIELDS.items()}
    region_start = start if start is not None else 0
    hits: dict[str, re.Match] = {}
    for key, rx in field_rx.items():
        for m in rx.finditer(text, region_start):
            hits.setdefault(key, m)
            break
    # Without a header, a card is at least two field lines close together near the end.
    if start is None:
        if len(hits) < 2:
            return {}, None
        first = min(m.start() for m in hits.values())
        if first < len(text) * 0.5:
            return {}, None
        start = first
    card: dict[str, str] = {}
    region = text[start:]
    for key, rx in field_rx.items():
        m = rx.search(region)
        if not m:
            continue
        value = m.group("value").strip()
        if not value:  # the value is on the next non-empty line
            nxt = region[m.end():].lstrip("\n").split("\n", 1)[0].strip()
            if nxt and not any(r.match(nxt) for r in field_rx.values()) and \
                    not _TRANSLATOR.match(nxt):
                value = nxt
        if value:
            card[key] = value
    tm = _TRANSLATOR.search(region)
    if tm:
        card["translator"] = (tm.group("name") or tm.group("name2")).strip()
    pm = _PUBLISHED_ON.search(region)
    if pm:
        card["published_on"] = pm.group("site").strip()
    return card, start


def parse_byline(line: str, ref: dt.date | None = None) -> dict[str, str] | None:
    """``"Andrew Korybko 30. Januar 2026"`` → author and date; None when the line is no byline.

    >>> parse_byline("Andrew Korybko 30. Januar 2026")
    {'author': 'Andrew Korybko', 'date': '2026-01-30', 'date_text': '30. Januar 2026'}
    >>> parse_byline("By Jane Doe, January 30, 2026")
    {'author': 'Jane Doe', 'date': '2026-01-30', 'date_text': 'January 30, 2026'}
    """
    line = line.strip()
    if not line or len(line) > 120 or line.endswith((".", "?", "!", ":")) and not \
            re.search(r"\d{4}\.?$", line):
        return None
    dates = [d for d in find_dates(line, ref) if d.date is not None and d.precision == "day"]
    m = BYLINE.match(line)
    explicit = bool(re.match(r"^\s*(?:Von|By|Autor:?|Author:?)\s", line))
    if m and (dates or explicit):
        author = m.group("author")
        if dates and dates[0].start < m.end("author"):
            author = line[:dates[0].start].strip(" ,|–—-")
            author = re.sub(r"^(?:Von|By|Autor:?|Author:?)\s+", "", author)
        rest = line[m.end("author"):]
        # the line must hold nothing but the name and the date
        leftover = rest
        for d in dates:
            leftover = leftover.replace(d.text, "")
        if re.sub(r"[\s,|–—\-]|\b(?:am|on|den|the|Uhr)\b|\d{1,2}:\d{2}", "", leftover):
            return None
        out = {"author": author}
        if dates:
            out["date"] = dates[0].date.isoformat()
            out["date_text"] = dates[0].text
        return out
    return None


def _mark_opinion(lines: list[_Line]) -> str | None:
    """Label the reposter's opinion block; return its text."""
    for i, line in enumerate(lines):
        if line.label != "body":
            continue
        m = OPINION_START.match(line.text)
        if not m:
            continue
        mark = m.group("mark")
        end = None
        if mark:
            # the block closes with the same mark ("‼Meine Meinung: … gespielt wird‼")
            base = mark[0]
            if base in line.text[m.end():]:
                end = i
            else:
                for j in range(i + 1, len(lines)):
                    if base in lines[j].text:
                        end = j
                        break
        if end is None:
            # no closing mark: the block runs while paragraphs read as the reposter's voice
            end = i
            j = i + 1
            while j < len(lines):
                if not lines[j].text.strip():
                    nxt = next((k for k in range(j + 1, len(lines)) if lines[k].text.strip()), None)
                    if nxt is None or not _opinion_like(lines[nxt].text):
                        break
                    j = nxt
                    continue
                if not _opinion_like(lines[j].text) and j > i + 1 and not lines[j - 1].text.strip():
                    break
                end = j
                j += 1
        for k in range(i, end + 1):
            lines[k].label = "reposter_opinion"
        return "\n".join(lines[k].text for k in range(i, end + 1))
    return None


def _opinion_like(text: str) -> bool:
    return bool(_FIRST_PERSON.search(text) or re.search(r"[?!]{2,}|[‼❗]", text)) or \
        len(text.strip()) < 60


def parse_provenance(doc: Document, *, source_id: str | None = None) -> ParsedSource:
    """Label the parts of ``doc`` and build its :class:`Source`."""
    text = doc.text
    lines = _lines(text)
    card, card_start = parse_source_card(text)
    if card_start is not None:
        for line in lines:
            if line.end > card_start:
                line.label = "source_card"
    # footers: a comment form ends the article; lone share/like lines are boilerplate anywhere
    footer = False
    for line in lines:
        if line.label != "body":
            continue
        if footer or FOOTER_START.match(line.text):
            footer = True
            line.label = "boilerplate"
        elif line.text.strip() and BOILERPLATE_LINE.match(line.text):
            line.label = "boilerplate"
    opinion = _mark_opinion(lines)
    # title and byline: among the first non-empty lines
    byline: dict[str, str] = {}
    head = [ln for ln in lines if ln.text.strip() and ln.label == "body"][:4]
    title_line = None
    for k, line in enumerate(head):
        parsed = parse_byline(line.text)
        if parsed:
            line.label = "byline"
            byline = parsed
            if k > 0 and head[0].label == "body" and _title_like(head[0].text):
                title_line = head[0]
            break
    if title_line is None and head and _title_like(head[0].text) and _followed_by_blank(lines, head[0]):
        title_line = head[0]
    if title_line is not None:
        title_line.label = "title"
    for idx, line in enumerate(lines):
        if line.label != "body" or not line.text.strip():
            continue
        if _SEPARATOR.match(line.text):
            line.label = "separator"
        elif _HEADING.match(line.text) and len(line.text) < 160 and _isolated(lines, idx):
            line.label = "heading"
    segments = _segments(doc, lines)
    source = _source(doc, card, byline, title_line.text.strip() if title_line else None,
                     opinion, source_id, segments)
    return ParsedSource(document=doc, source=source, segments=segments, card=card, byline=byline)


_DATELINE = re.compile(
    r"^\s*(?P<place>[A-ZÄÖÜ][\wÄÖÜäöüß.'’ -]{1,40}?)"
    r"(?:,?\s+(?P<date>\d{1,2}\.?\s+\w+\.?(?:\s+\d{4})?|\w{3,9}\.?\s+\d{1,2}(?:,\s*\d{4})?))?"
    r"\s*(?:\((?P<agency>[\w/ .-]{2,30})\)|/(?P<agency2>[A-Za-z]{2,10})/)?\s*[-–—]\s+")


def parse_dateline(text: str, ref: dt.date | None = None) -> dict[str, str]:
    """The place, date and agency of a news dateline that opens an article body.

    >>> parse_dateline("KYIV, Jan 30 (Reuters) - Ukraine said …", dt.date(2026, 2, 1))
    {'place': 'KYIV', 'agency': 'Reuters', 'date': '2026-01-30'}
    >>> parse_dateline("Moskau (dpa) - Der Kreml hat …")
    {'place': 'Moskau', 'agency': 'dpa'}
    >>> parse_dateline("Die Gespräche gehen weiter - sagte er.")
    {}
    """
    m = _DATELINE.match(text)
    if not m or not (m.group("agency") or m.group("agency2") or m.group("date") or
                     m.group("place").isupper()):
        return {}
    out = {"place": m.group("place").strip()}
    agency = m.group("agency") or m.group("agency2")
    if agency:
        out["agency"] = agency.strip()
    if m.group("date"):
        found = [d for d in find_dates(m.group("date"), ref) if d.date and d.precision == "day"]
        if found:
            out["date"] = found[0].date.isoformat()
    return out


def _title_like(text: str) -> bool:
    t = text.strip()
    return 0 < len(t) <= 160 and not t.endswith((".", ",", ";", ":")) and not OPINION_START.match(t)


def _followed_by_blank(lines: list[_Line], line: _Line) -> bool:
    k = lines.index(line)
    return k + 1 < len(lines) and not lines[k + 1].text.strip()


def _isolated(lines: list[_Line], idx: int) -> bool:
    before = idx == 0 or not lines[idx - 1].text.strip()
    after = idx + 1 >= len(lines) or not lines[idx + 1].text.strip()
    return before and after


def _segments(doc: Document, lines: list[_Line]) -> list[Segment]:
    """Merge consecutive lines with the same label; blank lines join their neighbours."""
    segs: list[Segment] = []
    for line in lines:
        if not line.text.strip():
            continue
        if segs and segs[-1].label == line.label and line.label not in ("heading", "byline", "title"):
            prev = segs[-1]
            prev.end = line.end
        else:
            segs.append(Segment(line.label, line.start, line.end, 0, 0, ""))
    for seg in segs:
        seg.original_start, seg.original_end = doc.to_original(seg.start, seg.end)
        seg.text = doc.original[seg.original_start:seg.original_end]
    return segs


def _slug(text: str) -> str:
    s = re.sub(r"[^A-Za-z0-9_.:\-]+", "-", text).strip("-.")
    return s[:100] or "source"


def _source(doc: Document, card: dict[str, str], byline: dict[str, str], title: str | None,
            opinion: str | None, source_id: str | None, segments: list[Segment]) -> Source:
    meta = doc.meta or {}
    if source_id is None:
        source_id = _slug(Path(doc.path).stem) if doc.path else f"src-{doc.content_hash[:12]}"
    original_language = card.get("original_language")
    if original_language:
        key = original_language.strip(" .").lower()
        original_language = LANGUAGE_NAMES.get(key, key if len(key) == 2 else None)
    if title is None:
        title = meta.get("title") or card.get("original_title")
    if title is None:
        body = next((s.text for s in segments if s.label == "body"), doc.text)
        first = re.split(r"(?<=[.!?])\s", body.strip(), maxsplit=1)[0]
        title = first if len(first) <= 120 else first[:117].rsplit(" ", 1)[0] + " …"
    body = next((seg.text for seg in segments if seg.label == "body"), "")
    dateline = next((d for d in map(parse_dateline, body.split("\n")[:3]) if d), {})
    author = byline.get("author") or card.get("author") or meta.get("author")
    published = dt.date.fromisoformat(byline["date"]) if byline.get("date") else None
    if published is None and meta.get("published"):
        published = dt.date.fromisoformat(meta["published"])
    if published is None and dateline.get("date"):
        published = dt.date.fromisoformat(dateline["date"])
    original_published = parse_date(card["original_published"]) if card.get("original_published") \
        else None
    kind = card.get("kind")
    if kind:
        kind = KIND_NAMES.get(kind.strip(" .").lower(), kind.strip(" ."))
    link = card.get("link")
    url = link if link and re.match(r"https?://|www\.", link) else meta.get("url")
    notes = []
    if dateline.get("place") or dateline.get("agency"):
        notes.append("dateline: " + ", ".join(x for x in (dateline.get("place"),
                                                          dateline.get("agency")) if x))
    if card.get("translator") or original_language and doc.language and \
            original_language != doc.language:
        notes.append(f"translation ({doc.language or '?'}) of a {original_language or '?'} original")
    if link and not url:
        notes.append(f"original link given only as the text {link!r}")
    if card.get("original_title") and card["original_title"] != title:
        notes.append(f"original title: {card['original_title']}")
    return Source(
        id=source_id, title=title, author=author, translator=card.get("translator"),
        original_language=original_language, language=doc.language, published=published,
        original_published=original_published, platform=card.get("platform"), url=url,
        file=doc.path, reposted_by=card.get("published_on"), reposter_opinion=opinion,
        form=kind or ("article" if byline else None),
        kind=_source_kind(kind, translated=bool(card.get("translator") or notes and
                                                notes[0].startswith("translation")),
                          reposted=bool(card.get("published_on"))),
        note="; ".join(notes) or None)


#: Forms of a text (``KIND_NAMES`` values) that are a party's own words or someone's opinion.
_PRIMARY_FORMS = {"speech", "interview", "transcript"}
_COMMENTARY_FORMS = {"commentary", "video commentary", "column"}


def _source_kind(form: str | None, *, translated: bool, reposted: bool) -> str | None:
    """The source's kind (:data:`accord.scenario.sources.SOURCE_KINDS`) from its card: a
    translation when translated (the translator publishes it), else a repost when someone else
    published it, else by its form; None when the card does not say."""
    if translated:
        return "translation"
    if reposted:
        return "repost"
    if form in _PRIMARY_FORMS:
        return "primary_statement"
    if form in _COMMENTARY_FORMS:
        return "commentary"
    return None
