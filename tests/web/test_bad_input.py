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

ACCEPTED = "expected an article as plain text or HTML, in UTF-8, UTF-16 or Windows-1252/Latin-1"


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


# --- parameters the pages clamped or replaced without a word ------------------------------------

SEED_RANGE = "is outside [0, 4,294,967,295]; expected a whole number from 0 to 4,294,967,295"


@pytest.mark.parametrize("path,message", [
    # rounds=0 ran one round, rounds=5000 ran 1,000
    ("simulate?rounds=0", "rounds = 0 is outside [1, 1,000]; expected a whole number from 1 "
                          "to 1,000 on a page (`accord simulate --rounds` runs up to 10,000)"),
    ("simulate?rounds=5000", "rounds = 5000 is outside [1, 1,000]"),
    # an unknown protocol ran the alternating one
    ("simulate?protocol=auction", "protocol = 'auction' is not known; expected one of: "
                                  "alternating, mediator"),
    ("simulate?seed=-1", f"seed = -1 {SEED_RANGE}"),
    # sobol_n=5000 ran 4,096, sobol_n=-1 ran 0; top=0 showed 1
    ("sensitivity?sobol_n=5000", "sobol_n = 5000 is outside [0, 4,096]; expected a whole "
                                 "number from 0 to 4,096 on a page, 0 for the tornado alone "
                                 "(`accord sensitivity` runs up to 100,000)"),
    ("sensitivity?sobol_n=-1", "sobol_n = -1 is outside [0, 4,096]"),
    ("sensitivity?top=0", "top = 0 is outside [1, 10]; expected a whole number from 1 to 10"),
    ("explain?top=11", "top = 11 is outside [1, 10]"),
    # round 0 and a round past the run's last said "--round …" (the CLI's flag) with a 200
    ("explain?round=0", "round = 0 is below 1; expected a whole number from 1"),
    ("explain?round=100000", "round 100000: the eum run on ec-emissions-1994 has rounds 1–"),
    # an unknown variant ran equal-gain; top=51 listed 50
    ("trades?variant=bogus", "variant = 'bogus' is not known; expected one of: equal-gain, "
                             "random-rate"),
    ("trades?top=51", "top = 51 is outside [1, 50]"),
    ("forecast?seed=4294967296", f"seed = 4294967296 {SEED_RANGE}"),
    ("whatif?seed=-5", f"seed = -5 {SEED_RANGE}"),
    ("ensemble?seed=-1", f"seed = -1 {SEED_RANGE}"),
    ("ensemble/progress?n=50000", "n = 50000 is outside [1, 20,000]"),
    # an unknown model: the progress fragment said "Starting the ensemble (bogus …)" and
    # polled for ever
    ("ensemble/progress?model=bogus", "model = 'bogus' is not known; expected one of: "
                                      "compromise,"),
])
def test_a_parameter_out_of_range_or_unknown_is_a_422_naming_it(client, path, message):
    base, _, query = path.partition("?")
    r = client.get(f"/scenarios/{EC}/{base}?{query}")
    assert r.status_code == 422 and message in htmllib.unescape(r.text)
    if base != "ensemble/progress":  # a fragment the page polls, without a twin
        twin = client.get(f"/scenarios/{EC}/{base}.json?{query}")
        assert twin.status_code == 422 and twin.json()["error"].startswith(message)


@pytest.mark.parametrize("path,message", [
    ("simulate?rounds=5&default=bogus", "unknown strategy 'bogus'"),
    ("simulate?rounds=5&s.nobody=linear", "unknown party 'nobody'"),
    ("sensitivity?model=bogus", "unknown model 'bogus'; expected one of:"),
    ("explain?model=bogus", "unknown model 'bogus'; expected one of:"),
    ("ensemble?model=bogus", "unknown model 'bogus'; expected one of:"),
    # said "--round 9999", the CLI's flag, on the page whose field is "round" (and with 200)
    ("explain?round=9999", "round 9999: the eum run on ec-emissions-1994 has rounds 1–8 "
                           "(round 1 is the first round of offers)"),
])
def test_a_page_that_shows_why_it_refused_its_parameters_answers_422(client, path, message):
    # these said why on the page, but with 200, so a client of the twin saw success
    base, _, query = path.partition("?")
    twin = client.get(f"/scenarios/{EC}/{base}.json?{query}")
    assert twin.status_code == 422 and twin.json()["error"].startswith(message)
    page = client.get(f"/scenarios/{EC}/{base}?{query}")
    assert page.status_code == 422 and message in htmllib.unescape(page.text)


@pytest.mark.parametrize("path, status, message", [
    # the pages' fields are "set" and "intervene"; the messages named the CLI's --set and
    # --intervene, which a user of the workbench never typed
    ("whatif.json?set=nobody.emissions.position=3", 422,    # was 400: docs/web.md says 422
     "set nobody.emissions.position=3: unknown actor 'nobody'; expected one of: Belgium, "),
    ("simulate.json?rounds=5&intervene=zz", 422,
     "intervene 'zz': expected ROUND:PARTY.FIELD=VALUE"),
])
def test_messages_name_the_pages_fields_not_the_cli_flags(client, path, status, message):
    r = client.get(f"/scenarios/{EC}/{path}")
    assert r.status_code == status and r.json()["error"].startswith(message)


def test_the_bounds_themselves_still_run(client):
    for path in ("simulate.json?rounds=1&seed=4294967295", "simulate.json?rounds=1000",
                 "trades.json?top=50&variant=random-rate", "explain.json?top=10"):
        assert client.get(f"/scenarios/{EC}/{path}").status_code == 200, path


def test_a_form_with_a_seed_out_of_range_stores_no_run(client, token):
    r = client.post(f"/scenarios/{EC}/runs", data={"version": "0", "seed": "-1",
                                                   "csrf_token": token})
    assert r.status_code == 422 and f"seed = -1 {SEED_RANGE}" in htmllib.unescape(r.text)
    assert client.get("/runs.json").json()["runs"] == []
