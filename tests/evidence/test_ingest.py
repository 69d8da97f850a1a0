"""Reading files: normalisation keeps exact offsets into the original; HTML; language."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from accord.evidence.ingest import (detect_language, document_from_text, normalise, read_document)

SEEDS = ("000_e41624a6a8d50914.txt", "001_fb6bf0052e4176c4.txt")

_CANON = {**{c: '"' for c in "„“”‟«»″〝〞＂"}, **{c: "'" for c in "‚‘’‛‹›′"},
          "\u00a0": " ", "\t": " ", "\u202f": " ", "\u2009": " ", "\r": "\n"}


def _check_map(original: str) -> None:
    text, offsets = normalise(original)
    assert len(offsets) == len(text) + 1
    assert offsets == sorted(offsets) and len(set(offsets)) == len(offsets)
    for k, ch in enumerate(text):
        assert _CANON.get(original[offsets[k]], original[offsets[k]]) == ch


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(list("ab ,.\n\t\u00a0„“”«»’\r…") + ["...", " ."]),
                max_size=40).map("".join))
def test_every_normalised_character_comes_from_its_original_offset(original):
    _check_map(original)


def test_quotes_spaces_and_glued_punctuation():
    doc = document_from_text("Peskow bestätigte , dass\u00a0»alles«  gut   sei .\n\n\n\nNeu", language="de")
    assert doc.text == 'Peskow bestätigte, dass "alles" gut sei.\n\nNeu'
    i = doc.text.index('"alles"')
    s, e = doc.to_original(i, i + len('"alles"'))
    assert doc.original[s:e] == "»alles«"


def test_seed_texts_map_back_exactly(article_path):
    for name in SEEDS:
        doc = read_document(article_path(name))
        _check_map(doc.original)
        # a passage with typographic quotes, found in the normalised text, maps back verbatim
        if name.startswith("000"):
            i = doc.text.index('"Der letzte offene Punkt')
            j = doc.text.index('Donezk."') + len('Donezk."')
            s, e = doc.to_original(i, j)
            assert doc.original[s:e] == "„Der letzte offene Punkt … ist der Gebietsanspruch auf Donezk.“"


def test_language_detection_restricted_and_cached():
    assert detect_language("Kremlsprecher Dmitri Peskow bestätigte, dass die zweite Runde stattfindet.") == "de"
    assert detect_language("The Kremlin spokesman confirmed that the second round will take place.") == "en"
    assert detect_language("Нові перемовини у Вашингтоні") == "uk"
    assert detect_language("…") is None


def test_html_goes_through_trafilatura(tmp_path):
    page = tmp_path / "talks.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>Talks</title></head><body><nav><a href='/'>Home</a></nav>"
        "<article><h1>Talks resume in Abu Dhabi</h1>"
        "<p>Kremlin spokesman Dmitry Peskov said on Monday that the second round of talks would "
        "take place in Abu Dhabi. He did not say who would lead the Russian delegation.</p>"
        "<p>Ukrainian President Volodymyr Zelensky told reporters that Ukraine would not withdraw "
        "from the Donbas, and he insisted on security guarantees before any ceasefire.</p></article>"
        "<footer>Copyright 2026 Example News.</footer></body></html>", encoding="utf-8")
    doc = read_document(page)
    assert doc.media_type == "text/html" and doc.language == "en"
    assert "Kremlin spokesman Dmitry Peskov said on Monday" in doc.original
    assert "Home" not in doc.original and "Copyright" not in doc.original
