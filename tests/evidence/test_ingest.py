"""Reading files: normalisation keeps exact offsets into the original; HTML; language."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.errors import AccordError
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


# --- what is not an article, and the encodings that are ------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"
ACCEPTED = "expected an article as plain text or HTML, in UTF-8, UTF-16 or Windows-1252/Latin-1"


@pytest.mark.parametrize("name,data,why", [
    ("chart.png", PNG, "is not text or HTML (it starts like a PNG image)"),
    ("notes.zip", b"PK\x03\x04\x14\x00\x00\x00\x08\x00",
     "is not text or HTML (it starts like a zip archive (or a Word or OpenDocument file))"),
    ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "is not text or HTML (it starts like a PDF)"),
    # no signature: the NUL byte at offset 3 (git's rule) says binary
    ("data.bin", b"abc\x00def", "is not text or HTML (a NUL byte at byte 3: binary data)"),
    # 20 control characters (0x01–0x07, 0x0e–0x1a) in 40: far over one in a hundred
    ("noise.txt", bytes(range(1, 8)) + bytes(range(14, 27)) + b"x" * 20,
     "is not text or HTML (20 control characters in its first 40: binary data)"),
    ("empty.txt", b"  \n\t\n", "the file is empty"),
    # RTF is 7-bit text: nothing else stops it, and its markup was stored as the article
    ("note.rtf", rb"{\rtf1\ansi\deff0 {\fonttbl {\f0 Times;}} \f0 Peskov said no.\par }",
     "is not text or HTML (it starts like an RTF document: save it as plain text)"),
    # NUL bytes on both parities are binary, not UTF-16 without its byte order mark
    ("mixed.bin", b"ab\x00\x00cd", "is not text or HTML (a NUL byte at byte 2: binary data)"),
])
def test_what_is_not_an_article_is_refused_by_name(tmp_path, name, data, why):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(AccordError) as exc:
        read_document(path)
    assert str(exc.value) == f"{path}: {why}; {ACCEPTED}"


def test_windows_1252_latin_1_1251_and_utf_16_text_still_read(tmp_path):
    # Windows-1252 0x84/0x93 are „ and “ (Latin-1's C1 controls there: browsers read a page
    # labelled ISO-8859-1 as Windows-1252, and so does this); a page in windows-1251 says so
    # in its meta charset; UTF-16 comes with its byte order mark. Each reads back the text
    # written here.
    sentence = "Der Minister sagte: „Wir bleiben“ – und ging."
    page = ('<html><head><meta charset="iso-8859-1"><title>T</title></head><body><article>'
            f"<p>{sentence}</p></article></body></html>")
    cases = [("de.html", page.encode("cp1252"), sentence),
             ("de.txt", sentence.encode("cp1252"), sentence),
             ("ru.html", page.replace("iso-8859-1", "windows-1251")
              .replace(sentence, "Министр сказал: «Мы остаёмся».").encode("cp1251"),
              "Министр сказал: «Мы остаёмся»."),
             ("en.txt", "The envoy said: \u201cno\u201d.".encode("utf-16"),
              "The envoy said: \u201cno\u201d."),
             # without the byte order mark (NUL high bytes on one parity: was "binary data"),
             # UTF-32 with its mark (was "control characters"), and a long article with a few
             # stray controls (3 in ~4,000 characters: under one in a hundred)
             ("le.txt", sentence.encode("utf-16-le"), sentence),
             ("be.txt", ("Министр сказал: «Мы остаёмся», " + sentence).encode("utf-16-be"),
              "Министр сказал: «Мы остаёмся», " + sentence),
             ("u32.txt", sentence.encode("utf-32"), sentence),
             ("long.txt", (f"{sentence}\x02 " * 3 + f"{sentence} " * 80).encode(),
              f"{sentence}\x02 " * 3 + f"{sentence} " * 80)]
    for name, data, text in cases:
        path = tmp_path / name
        path.write_bytes(data)
        assert read_document(path).original.strip() == text.strip(), name
