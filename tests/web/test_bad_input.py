"""Bad input to the workbench gets a clear 4xx naming the field, the value given and what is
expected — never a silent clamp or default — and stores nothing (December 2026 sweep)."""

from __future__ import annotations

import html as htmllib

import pytest

EC = "ec-emissions-1994"


def stored_scenarios(app) -> int:
    with app.state.store.connection() as conn:
        return conn.execute("SELECT count(*) FROM scenarios").fetchone()[0]


# --- a scenario upload with a YAML tag ----------------------------------------------------------

@pytest.mark.parametrize("text,line,tag", [
    ("id: x\ntitle: T\nactors:\n  - {id: a, name: !!python/object/apply:os.system [ls]}\n", 4,
     "!!python/object/apply:os.system"),
    ("- !!python/tuple [1, 2]\n", 1, "!!python/tuple"),
    ("id: x\ntitle: !custom T\n", 2, "!custom"),
])
def test_a_yaml_tag_is_refused_with_its_line_and_nothing_stored(app, client, token, text, line,
                                                                 tag):
    r = client.post("/scenarios", files={"file": ("tagged.yaml", text.encode())},
                    data={"csrf_token": token})
    assert r.status_code == 422
    assert (f"tagged.yaml:{line}: YAML tag {tag!r}: tags are not allowed in a scenario"
            in htmllib.unescape(r.text))
    assert stored_scenarios(app) == 0


# --- an article upload that is not text ----------------------------------------------------------

ACCEPTED = "expected an article as plain text or HTML, in UTF-8 or Windows-1252/Latin-1"


def stored_sources(app) -> int:
    from accord.store.evidence import connect_evidence, counts

    conn = connect_evidence(app.state.store.path)
    try:
        return counts(conn)[0]
    finally:
        conn.close()


@pytest.mark.parametrize("name,data,why", [
    ("chart.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01",
     "is not text or HTML (it starts like a PNG image)"),
    ("../notes.zip", b"PK\x03\x04\x14\x00\x00\x00\x08\x00",
     "is not text or HTML (it starts like a zip archive (or a Word or OpenDocument file))"),
    ("blank.txt", b" \n", "the file is empty"),
])
def test_an_article_that_is_not_text_is_refused_and_nothing_stored(app, client, token, name,
                                                                   data, why):
    r = client.post("/evidence", files={"file": (name, data)},
                    data={"scenario": EC, "csrf_token": token})
    assert r.status_code == 422
    shown = name.rsplit("/", 1)[-1]  # the upload's base name, never a path of the server
    assert f"{shown}: {why}; {ACCEPTED}" in htmllib.unescape(r.text)
    assert stored_sources(app) == 0
    uploads = app.state.store.data_dir / "uploads"
    assert not uploads.exists() or not any(uploads.iterdir())


def test_a_windows_1252_page_with_its_charset_is_still_read(app, client, token):
    # 0x84 and 0x93 are „ and “ in Windows-1252, which a page labelled ISO-8859-1 means
    page = ('<html><head><meta charset="iso-8859-1"></head><body><article><p>Der Minister '
            "sagte: „Wir bleiben“ – und ging.</p></article></body></html>").encode("cp1252")
    r = client.post("/evidence", files={"file": ("rede.html", page)},
                    data={"scenario": EC, "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303 and stored_sources(app) == 1
