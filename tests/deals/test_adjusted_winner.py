"""Adjusted Winner: Camp David (Brams & Togman 1996) in exact fractions, and hand cases."""

from __future__ import annotations

from fractions import Fraction

import pytest

from accord.deals.adjusted_winner import adjusted_winner, read_points_csv
from accord.errors import AccordError

CAMP_DAVID = [("Sinai", 35, 55), ("Diplomatic recognition", 10, 5),
              ("West Bank and Gaza", 20, 10), ("Palestinian political recognition", 10, 5),
              ("Palestinian rights", 5, 20), ("Jerusalem", 20, 5)]


def test_camp_david():
    issues, a, b = zip(*CAMP_DAVID)
    r = adjusted_winner(issues, a, b, parties=("Israel", "Egypt"))
    # Israel first wins 10+20+10+20 = 60, Egypt 55+20 = 75; Egypt hands over Sinai (ratio 55/35,
    # the lowest) in part: f = (75 − 60)/(55 + 35) = 1/6; totals 60 + 35/6 = 75 − 55/6 = 395/6
    assert r.total_a == r.total_b == Fraction(395, 6)
    assert r.split_issue == "Sinai" and r.share_a["Sinai"] == Fraction(1, 6)
    assert {i for i in issues if r.share_a[i] == 1} == {
        "Diplomatic recognition", "West Bank and Gaza", "Palestinian political recognition",
        "Jerusalem"}
    assert r.share_a["Palestinian rights"] == 0
    assert "Sinai: split — Israel 1/6, Egypt 5/6" in r.describe()


def test_whole_transfers_before_the_split():
    # A wins x (60/10) and y (30/20); B wins z (10/70). A leads 90 to 70; ratios: y 1.5, x 6.
    # Moving y whole: A 60, B 90 — overshoots, so y is split: f = 20/50 = 2/5 to B → 78 each
    r = adjusted_winner(["x", "y", "z"], [60, 30, 10], [10, 20, 70])
    assert r.split_issue == "y" and r.share_a["y"] == Fraction(3, 5)
    assert r.total_a == r.total_b == 78
    # the lowest-ratio issue may close the gap exactly, moving whole with no split:
    # A wins x1, x2, x3 (40+40+10 = 90) and B x4 (75); x3 has the lowest ratio 10/5 = 2;
    # moving it: A 80, B 80
    r = adjusted_winner(["x1", "x2", "x3", "x4"], [40, 40, 10, 10], [10, 10, 5, 75])
    assert r.split_issue is None and r.share_a["x3"] == 0
    assert r.total_a == r.total_b == 80
    # p and q tie at ratio 30/25; p (first) is split: f = (90 − 40)/(30 + 25) = 10/11 to B
    r = adjusted_winner(["p", "q", "r", "s"], [30, 30, 30, 10], [25, 25, 10, 40])
    assert r.split_issue == "p" and r.share_a["p"] == Fraction(1, 11)
    assert r.total_a == r.total_b == Fraction(690, 11)


def test_unequal_totals_are_a_user_error():
    with pytest.raises(AccordError, match="same total"):
        adjusted_winner(["x", "y"], [50, 50], [60, 50])


def test_csv_reader(tmp_path):
    f = tmp_path / "camp.csv"
    f.write_text("issue,Israel,Egypt\n" + "".join(f"{i},{a},{b}\n" for i, a, b in CAMP_DAVID))
    parties, issues, a, b = read_points_csv(f)
    assert parties == ("Israel", "Egypt") and len(issues) == 6 and a[0] == 35
    bad = tmp_path / "bad.csv"
    bad.write_text("issue,A,B\nx,1,2\ny,three,4\n")
    with pytest.raises(AccordError, match=r"bad.csv:3"):
        read_points_csv(bad)
