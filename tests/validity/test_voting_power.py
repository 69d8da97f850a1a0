"""Council voting power (accord.scenario.eu_council): published indices and hand calculations."""

from __future__ import annotations

import datetime as dt

import pytest

from accord.scenario.eu_council import council_rules, power_index, voting_power
from accord.scenario.io.deu import DeuConvention, capabilities


def test_eu15_shapley_shubik_as_published():
    """Felsenthal & Machover (2001), Social Choice and Welfare 18, the EU-15 under the pre-Nice
    weights (62 of 87): Shapley–Shubik 0.1167 (DE FR IT UK), 0.0955 (ES), 0.0552 (BE EL NL PT),
    0.0454 (AT SE), 0.0353 (DK IE FI), 0.0207 (LU)."""
    p = voting_power(council_rules(dt.date(2000, 1, 26)), "shapley_shubik")
    for members, value in ((("de", "fr", "it", "uk"), 0.1167), (("es",), 0.0955),
                           (("be", "el", "nl", "pt"), 0.0552), (("at", "se"), 0.0454),
                           (("dk", "ie", "fi"), 0.0353), (("lu",), 0.0207)):
        for c in members:
            assert p[c] == pytest.approx(value, abs=5e-5), c
    assert sum(p.values()) == pytest.approx(1.0)


def test_small_games_by_hand():
    # Weights 3, 2, 1, 1, quota 4. Winning: AB, AC, AD, BCD and their supersets. Swings
    # (Banzhaf): A in AB AC AD ABC ABD ACD = 6; B in AB BCD = 2; C in AC BCD = 2; D likewise
    # 2: A 6/12. Shapley–Shubik: A is pivotal after B, C, D, BC, BD or CD (weights 1–3):
    # 3·(1!·2!) + 3·(2!·1!) = 12 of 24 orderings.
    for index in ("shapley_shubik", "banzhaf"):
        assert power_index((3, 2, 1, 1), 4, index=index) == pytest.approx((0.5,) + (1 / 6,) * 3)
    # Weights 2, 1, 1, quota 2, at least two members: winning AB, AC, BC, ABC — symmetric.
    assert power_index((2, 1, 1), 2, min_members=2) == pytest.approx((1 / 3,) * 3)
    # Weights 3, 1, 1, 1, quota 4 (A and any other), but a coalition that fewer than two
    # members oppose also wins (a blocking minority needs two): every triple wins. Banzhaf
    # swings: A in AB AC AD ABC ABD ACD (6; not ABCD, as BCD wins without it); B in AB and BCD
    # (2); C, D likewise 2: A 6/12. Without the clause BCD loses and A has 7
    # of the 10 swings (AB AC AD ABC ABD ACD ABCD; B, C, D one each, in AB, AC, AD).
    assert power_index((3, 1, 1, 1), 4, blocking_members=2, index="banzhaf") == pytest.approx(
        (6 / 12, 2 / 12, 2 / 12, 2 / 12))
    assert power_index((3, 1, 1, 1), 4, index="banzhaf") == pytest.approx(
        (7 / 10, 1 / 10, 1 / 10, 1 / 10))


def test_capabilities_under_a_power_index():
    rules = council_rules(dt.date(2000, 1, 26))
    qmv = capabilities(rules, codecision=True, convention=DeuConvention(power="shapley_shubik"))
    assert qmv["de"] == pytest.approx(0.1167, abs=5e-5)
    assert qmv["com"] == qmv["ep"] == qmv["de"]          # ×1 the largest member's power
    unanimous = capabilities(rules, codecision=False,
                             convention=DeuConvention(power="banzhaf"), unanimity=True)
    assert unanimous["de"] == unanimous["lu"] == pytest.approx(1 / 15)
    assert unanimous["ep"] == 0.0                        # consultation
    with pytest.raises(Exception, match="power 'votes'"):
        DeuConvention(power="votes")
