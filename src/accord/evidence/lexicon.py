"""The language data the evidence rules use, and date expressions resolved against a source's date.

The word lists live in ``accord/evidence/lexicon/*.yaml`` (shipped with the package, no network):
``verbs.yaml`` (speech, stance and deliberation verbs; "laut"/"zufolge"/"according to"; hearsay
and inference frames), ``issues.yaml`` (issue keywords, German and English), ``places.yaml``
(states with capitals and adjectives), ``media.yaml`` and ``roles.yaml`` (offices such as
"Außenminister" or "Kremlsprecher").

Dates: absolute ("30. Januar 2026", "17.01.2026", "January 30, 2026", "1. Februar") and relative
("vergangene Woche", "gestern", "am Montag", "last week", "two days ago", "am Vorabend") are
resolved against a reference date, normally the source's publication date.

>>> import datetime as dt
>>> ref = dt.date(2026, 1, 30)
>>> [(d.text, str(d.date), d.precision) for d in find_dates("Er sagte vergangene Woche, am 1. Februar", ref, "de")]
[('vergangene Woche', '2026-01-19', 'week'), ('1. Februar', '2026-02-01', 'day')]
>>> parse_date("17.01.2026.")
datetime.date(2026, 1, 17)
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=None)
def load(name: str) -> Any:
    """A lexicon file (``"verbs"``, ``"issues"``, ``"places"``, ``"media"``, ``"roles"``)."""
    from ruamel.yaml import YAML

    path = resources.files("accord.evidence").joinpath("lexicon", f"{name}.yaml")
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def rule_language(language: str | None) -> str:
    """The rule set for a text's language: German or English (others fall back to English)."""
    return "de" if language == "de" else "en"


# --- dates ------------------------------------------------------------------------------------

MONTHS = {
    "januar": 1, "jänner": 1, "january": 1, "jan": 1,
    "februar": 2, "feber": 2, "february": 2, "feb": 2,
    "märz": 3, "march": 3, "mär": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mai": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6,
    "juli": 7, "july": 7, "jul": 7,
    "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11,
    "dezember": 12, "december": 12, "dez": 12, "dec": 12,
}
WEEKDAYS = {
    "montag": 0, "monday": 0, "dienstag": 1, "tuesday": 1, "mittwoch": 2, "wednesday": 2,
    "donnerstag": 3, "thursday": 3, "freitag": 4, "friday": 4, "samstag": 5, "sonnabend": 5,
    "saturday": 5, "sonntag": 6, "sunday": 6,
}
NUMBER_WORDS = {
    "ein": 1, "einem": 1, "einer": 1, "eine": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5,
    "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "a": 1, "an": 1, "one": 1,
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10,
}

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY_RE = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_NUM_RE = r"\d{1,2}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))


@dataclass(frozen=True)
class DateMention:
    """A date expression in a text: where it is, what it says, the day it resolves to."""

    start: int
    end: int
    text: str
    date: dt.date | None
    precision: str  # day, week, month, year, or "relative-event" when it needs an event's date


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _nearest_year(ref: dt.date | None, month: int, day: int) -> int | None:
    """The year that puts day/month nearest to the reference date (texts speak of the recent
    past and near future)."""
    if ref is None:
        return None
    best = min((ref.year - 1, ref.year, ref.year + 1),
               key=lambda y: abs(((_safe_date(y, month, day) or dt.date(y, month, 28)) - ref).days))
    return best


_PATTERNS: list[tuple[str, str]] = [
    # 30. Januar 2026 / 1. Februar / 30 January 2026
    ("dmy", rf"\b(?P<d>\d{{1,2}})\.?\s+(?P<m>{_MONTH_RE})\.?(?:\s+(?P<y>\d{{4}}))?(?!\w)"),
    # January 30, 2026 / January 30
    ("mdy", rf"\b(?P<m>{_MONTH_RE})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{{4}}))?(?!\w)"),
    # 17.01.2026 / 17.1.26
    ("num", r"\b(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4}|\d{2})(?!\d)"),
    # 2026-01-17
    ("iso", r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b"),
    # Januar 2026 / January 2026
    ("my", rf"\b(?:(?:Anfang|Mitte|Ende|early|mid|late)[\s-]+)?(?P<m>{_MONTH_RE})\s+(?P<y>\d{{4}})\b"),
    ("last_week", r"\b(?:vergangene|letzte|vorige)n?\s+Woche\b|\blast\s+week\b|\bin der Vorwoche\b"),
    ("next_week", r"\b(?:kommende|nächste)n?\s+Woche\b|\bnext\s+week\b"),
    ("this_week", r"\b(?:diese|dieser)\s+Woche\b|\bthis\s+week\b"),
    ("last_month", r"\b(?:vergangene|letzte|vorige)n?\s+Monat\w*\b|\blast\s+month\b"),
    ("last_year", r"\b(?:vergangene|letzte|vorige)s?n?\s+Jahr\w*\b|\blast\s+year\b|\bim Vorjahr\b"),
    ("yesterday", r"\bgestern\b|\byesterday\b"),
    ("day_before_yesterday", r"\bvorgestern\b|\bthe day before yesterday\b"),
    ("today", r"\bheute\b|\btoday\b"),
    ("tomorrow", r"\bmorgen\b(?!\s*(?:früh|abend))|\btomorrow\b"),
    ("ago", rf"\bvor\s+(?P<n>{_NUM_RE})\s+(?P<u>Tag(?:en)?|Woche(?:n)?|Monat(?:en)?)\b|"
            rf"\b(?P<n2>{_NUM_RE})\s+(?P<u2>days?|weeks?|months?)\s+ago\b"),
    ("weekday", rf"\b(?:(?P<q>vergangenen|letzten|kommenden|nächsten|last|next|this|on)\s+)?(?:am\s+)?"
                rf"(?P<w>{_WEEKDAY_RE})\b"),
    ("eve", r"\bam Vorabend\b(?P<of>\s+(?:des|der|von)\s+(?:\w+(?:en|em|er|es|e)\s+)?\w+)?|"
            r"\bon the eve\b(?P<of2>\s+of\s+(?:the\s+)?(?:\w+\s+)?\w+)?"),
]
_COMPILED = [(kind, re.compile(p, re.IGNORECASE)) for kind, p in _PATTERNS]


def _resolve(kind: str, m: re.Match, ref: dt.date | None) -> tuple[dt.date | None, str]:
    g = m.groupdict()
    if kind in ("dmy", "mdy", "num", "iso"):
        month = MONTHS[g["m"].lower()] if kind in ("dmy", "mdy") else int(g["m"])
        day = int(g["d"])
        if g.get("y"):
            year = int(g["y"])
            year = year + 2000 if year < 100 else year
        else:
            year = _nearest_year(ref, month, day)
            if year is None:
                return None, "day"
        return _safe_date(year, month, day), "day"
    if kind == "my":
        return _safe_date(int(g["y"]), MONTHS[g["m"].lower()], 1), "month"
    if ref is None:
        return None, "relative"
    monday = ref - dt.timedelta(days=ref.weekday())
    if kind == "last_week":
        return monday - dt.timedelta(days=7), "week"
    if kind == "next_week":
        return monday + dt.timedelta(days=7), "week"
    if kind == "this_week":
        return monday, "week"
    if kind == "last_month":
        first = ref.replace(day=1) - dt.timedelta(days=1)
        return first.replace(day=1), "month"
    if kind == "last_year":
        return dt.date(ref.year - 1, 1, 1), "year"
    if kind == "yesterday":
        return ref - dt.timedelta(days=1), "day"
    if kind == "day_before_yesterday":
        return ref - dt.timedelta(days=2), "day"
    if kind == "today":
        return ref, "day"
    if kind == "tomorrow":
        return ref + dt.timedelta(days=1), "day"
    if kind == "ago":
        raw = (g.get("n") or g.get("n2") or "1").lower()
        n = int(raw) if raw.isdigit() else NUMBER_WORDS.get(raw, 1)
        unit = (g.get("u") or g.get("u2") or "").lower()
        if unit.startswith(("tag", "day")):
            return ref - dt.timedelta(days=n), "day"
        if unit.startswith(("woche", "week")):
            return ref - dt.timedelta(weeks=n), "week"
        month = ref.month - n
        year = ref.year + (month - 1) // 12
        return dt.date(year, (month - 1) % 12 + 1, 1), "month"
    if kind == "weekday":
        target = WEEKDAYS[g["w"].lower()]
        q = (g.get("q") or "").lower()
        if q in ("kommenden", "nächsten", "next"):
            days = (target - ref.weekday()) % 7 or 7
            return ref + dt.timedelta(days=days), "day"
        # News reports a weekday without a qualifier as the most recent one (not today).
        days = (ref.weekday() - target) % 7 or 7
        return ref - dt.timedelta(days=days), "day"
    if kind == "eve":
        if g.get("of") or g.get("of2"):
            # "am Vorabend der ersten Gesprächsrunde": the day before an event the text names;
            # its date is not in the text, so the expression stays unresolved.
            return None, "relative-event"
        return ref - dt.timedelta(days=1), "day"
    raise AssertionError(kind)


def find_dates(text: str, ref: dt.date | None, language: str | None = None) -> list[DateMention]:
    """Date expressions in ``text`` in order, resolved against ``ref`` where they can be."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, rx in _COMPILED:
        for m in rx.finditer(text):
            if kind == "weekday" and not (m.group("q") or "am " in m.group(0).lower()
                                          or language == "en"):
                continue
            if kind == "tomorrow" and language == "en" and m.group(0).lower() == "morgen":
                continue
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            date, precision = _resolve(kind, m, ref)
            if date is None and precision in ("day", "month") and kind != "eve":
                continue
            found.append(DateMention(m.start(), m.end(), m.group(0), date, precision))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


def parse_date(text: str, ref: dt.date | None = None) -> dt.date | None:
    """The first absolute date in ``text`` (None if there is none)."""
    for d in find_dates(text, ref):
        if d.date is not None and d.precision in ("day", "month"):
            return d.date
    return None
