"""``accord evidence`` through the real entry point: exit codes and JSON."""

from __future__ import annotations

import json


from cli_helpers import cli

K, P, E = "000_e41624a6a8d50914.txt", "001_fb6bf0052e4176c4.txt", "unseen_en.txt"



def test_add_list_show_link(tmp_path, capsys, article_path):
    db = str(tmp_path / "ev.db")
    files = [str(article_path(n)) for n in (K, P, E)]
    code, out, err = cli(["evidence", "add", *files, "--scenario", "ukraine-talks-2026-01",
                          "--db", db, "--format", "json"], capsys)
    assert code == 0, err
    added = json.loads(out)
    assert [a["new_source"] for a in added] == [True, True, True]
    for a, f in zip(added, files):
        assert a["statements"] and all(s["file"] == f for s in a["statements"])
    total = sum(a["statements_added"] for a in added)

    code, out, _ = cli(["evidence", "add", files[0], "--db", db, "-f", "json"], capsys)
    assert code == 0 and json.loads(out)[0]["statements_added"] == 0 and not json.loads(out)[0]["new_source"]

    # every candidate the rules found is stored: statements and analyses (counted as added)
    # and the candidates set aside as no statement, each with its reason (not counted)
    code, out, _ = cli(["evidence", "list", "--db", db, "-k", "set_aside", "-f", "json"], capsys)
    set_aside = json.loads(out)
    assert code == 0 and set_aside
    assert all(r["kind"] == "set_aside" and r["set_aside"] for r in set_aside)
    # shown alone, a candidate set aside says so and why (it is no actor's statement)
    code, out, _ = cli(["evidence", "show", set_aside[0]["id"], "--db", db], capsys)
    assert code == 0 and "set aside" in out
    assert " ".join(set_aside[0]["set_aside"].split()) in " ".join(out.split())
    code, out, _ = cli(["evidence", "list", "--db", db, "--kind", "all", "--format", "json"], capsys)
    assert code == 0 and len(json.loads(out)) == total + len(set_aside)
    # the default lists actors' statements only; the authors' analyses are a kind of their own
    code, out, _ = cli(["evidence", "list", "--db", db, "--format", "json"], capsys)
    rows = json.loads(out)
    assert rows and {r["kind"] for r in rows} == {"statement"}
    code, out, _ = cli(["evidence", "list", "--db", db, "-k", "analysis", "-f", "json"], capsys)
    analyses = json.loads(out)
    assert analyses and len(rows) + len(analyses) == total
    n_statements = len(rows)
    assert {r["speaker_kind"] for r in analyses} <= {"author", "reposter"}
    for key in ("source_id", "speaker", "speaker_name", "issues", "start", "end",
                "sentence_start", "sentence_end", "speakers", "statement_date", "article_date"):
        assert key in rows[0]
    code, out, _ = cli(["evidence", "list", "--db", db, "--actor", "rubio", "--issue", "donbas",
                        "-f", "json"], capsys)
    rows = json.loads(out)
    assert code == 0 and [r["quote"] for r in rows] == \
        ["Der letzte offene Punkt … ist der Gebietsanspruch auf Donezk."]
    code, out, _ = cli(["evidence", "list", "--db", db, "--actor", "peskov"], capsys)
    assert code == 0 and "peskov" in out

    sid = rows[0]["id"]
    code, out, _ = cli(["evidence", "show", sid, "--db", db, "-f", "json"], capsys)
    shown = json.loads(out)
    assert code == 0 and shown["id"] == sid and shown["source"]["author"] == "Andrew Korybko"
    code, out, _ = cli(["evidence", "show", sid, "--db", db], capsys)
    assert code == 0 and "US-Außenminister Marco Rubio sagte" in " ".join(out.split())

    code, out, _ = cli(["evidence", "link", "ukraine-talks-2026-01", "--db", db, "-f", "json"], capsys)
    data = json.loads(out)
    assert code == 0 and data["statements"] == n_statements
    by = {(s["actor"], s["issue"]): s for s in data["stances"]}
    us_donbas = by[("united_states", "donbas")]
    assert us_donbas["supported"] and sid in [p["statement"] for p in us_donbas["proposals"]]
    # A stance that cites evidence in the scenario is supported, stored statements or not
    # (issue 16): Russia on the nuclear plant cites the TASS reports of its claim.
    import accord

    cited = accord.load("ukraine-talks-2026-01").stance("russia", "zaporizhzhia_npp").evidence
    ru_npp = by[("russia", "zaporizhzhia_npp")]
    assert cited and ru_npp["cited_evidence"] == list(cited)
    assert ru_npp["supported"] and ru_npp["support"] == ["cited"]
    assert "russia/zaporizhzhia_npp" not in data["unsupported"]
    assert data["unsupported"] == [f"{s['actor']}/{s['issue']}" for s in data["stances"]
                                   if not s["cited_evidence"] and not any(
                                       p["relation"] in ("speaker", "member")
                                       for p in s["proposals"])]
    code, out, _ = cli(["evidence", "link", "ukraine-talks-2026-01", "--db", db], capsys)
    assert code == 0 and "cited" in out


def test_user_errors_exit_2(tmp_path, capsys):
    db = str(tmp_path / "ev.db")
    code, _, err = cli(["evidence", "show", "st-000000000000", "--db", db], capsys)
    assert code == 2 and "no statement" in err
    code, _, err = cli(["evidence", "add", str(tmp_path / "missing.txt"), "--db", db], capsys)
    assert code == 2 and "no such file" in err


def test_proposed_actors_are_accepted_into_a_scenario(tmp_path, capsys):
    """A titled person the scenario lacks is proposed; accepting writes them into the YAML
    and attributes their stored statements to the new id."""
    import shutil
    from pathlib import Path

    db = str(tmp_path / "ev.db")
    scenario = tmp_path / "talks.yaml"
    shutil.copy(Path(__file__).parent / "talks-mini.yaml", scenario)
    article = tmp_path / "starmer.txt"
    article.write_text("British Prime Minister Keir Starmer said on Monday that Britain would "
                       "send troops to Ukraine.\n", encoding="utf-8")
    code, _, err = cli(["evidence", "add", str(article), "-s", str(scenario), "--db", db], capsys)
    assert code == 0, err
    code, out, _ = cli(["evidence", "actors", str(scenario), "--db", db, "-f", "json"], capsys)
    proposed = json.loads(out)
    assert [(p["id"], p["name"], p["kind"], p["member_of"]) for p in proposed] == \
        [("keir_starmer", "Keir Starmer", "person", ["uk"])]
    code, _, err = cli(["evidence", "accept", "keir_starmer", "--into", str(scenario), "--db", db],
                       capsys)
    assert code == 0, err
    from accord.api import load

    actor = next(a for a in load(scenario).actors if a.id == "keir_starmer")
    assert (actor.name, actor.kind, actor.member_of) == ("Keir Starmer", "person", ["uk"])
    code, out, _ = cli(["evidence", "list", "--db", db, "--actor", "keir_starmer", "-f", "json"],
                       capsys)
    assert [r["speaker"] for r in json.loads(out)] == ["keir_starmer"]
    code, _, err = cli(["evidence", "accept", "nobody", "-s", str(scenario), "--db", db], capsys)
    assert code == 2 and "no proposed actor" in err


def test_a_binary_or_empty_file_is_refused_and_nothing_is_stored(tmp_path, capsys, article_path):
    # `accord evidence add` took a PNG as an article (Windows-1252 decodes almost any bytes)
    # and stored it as a source of mojibake; every file is now checked before any is stored
    db = str(tmp_path / "ev.db")
    png = tmp_path / "chart.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    good = str(article_path(E))
    for bad, why in ((png, "is not text or HTML (it starts like a PNG image)"),
                     (empty, "the file is empty")):
        code, out, err = cli(["evidence", "add", good, str(bad), "--scenario",
                              "ukraine-talks-2026-01", "--db", db], capsys)
        assert (code, out) == (2, "")
        assert err.strip() == (f"error: {bad}: {why}; expected an article as plain text or "
                               "HTML, in UTF-8, UTF-16 or Windows-1252/Latin-1")
    code, out, _ = cli(["evidence", "list", "--kind", "all", "--db", db, "-f", "json"], capsys)
    assert code == 0 and json.loads(out) == []


def test_a_page_without_article_text_second_stores_no_first(tmp_path, capsys, article_path):
    # the bytes of every file were checked before any was stored, but an HTML page without a
    # main text was found only when its turn came: the good article before it was stored
    db = str(tmp_path / "ev.db")
    page = tmp_path / "empty.html"
    page.write_text("<html><head><title>x</title></head><body></body></html>")
    code, out, err = cli(["evidence", "add", str(article_path(E)), str(page), "--scenario",
                          "ukraine-talks-2026-01", "--db", db], capsys)
    assert (code, out) == (2, "")
    assert err.strip() == (f"error: {page}: no article text found in the HTML page; expected a "
                           "page with a readable main text (or save the article as plain text)")
    code, out, _ = cli(["evidence", "list", "--kind", "all", "--db", db, "-f", "json"], capsys)
    assert code == 0 and json.loads(out) == []
