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

    code, out, _ = cli(["evidence", "list", "--db", db, "--format", "json"], capsys)
    assert code == 0 and len(json.loads(out)) == total
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
    assert code == 0 and data["statements"] == total
    by = {(s["actor"], s["issue"]): s for s in data["stances"]}
    us_donbas = by[("united_states", "donbas")]
    assert us_donbas["supported"] and sid in [p["statement"] for p in us_donbas["proposals"]]
    assert f"{'russia'}/zaporizhzhia_npp" in data["unsupported"]
    code, out, _ = cli(["evidence", "link", "ukraine-talks-2026-01", "--db", db], capsys)
    assert code == 0 and "unsupported" in out


def test_user_errors_exit_2(tmp_path, capsys):
    db = str(tmp_path / "ev.db")
    code, _, err = cli(["evidence", "show", "st-000000000000", "--db", db], capsys)
    assert code == 2 and "no statement" in err
    code, _, err = cli(["evidence", "add", str(tmp_path / "missing.txt"), "--db", db], capsys)
    assert code == 2 and "no such file" in err
