"""Win-sets and zones computed by hand (Tsebelis 2002, ch. 1–2).

One dimension: an actor at x prefers to the status quo q exactly the outcomes strictly between
q and its mirror image 2x − q; the unanimity win-set is the intersection of those intervals
over the veto players, cut by the scale [0, 100] and by red lines.
"""

from __future__ import annotations

import numpy as np
import pytest

from accord.scenario.arrays import RuleArrays, ScenarioArrays
from accord.whether.winset import Piece, issue_zones, package_winset, zone_1d, zone_exists


def one_issue(positions, status_quo, *, rule=None, red_low=None, red_high=None):
    x = np.asarray(positions, dtype=float)[:, None]
    A = x.shape[0]
    return ScenarioArrays(tuple(f"a{k}" for k in range(A)), ("x",), x, np.ones((A, 1)),
                          np.ones((A, 1)), np.ones((A, 1), bool), np.array([0.0]),
                          np.array([100.0]), status_quo=np.array([float(status_quo)]),
                          red_low=None if red_low is None else np.asarray(red_low, float)[:, None],
                          red_high=None if red_high is None else np.asarray(red_high, float)[:, None],
                          rule=rule)


def majority(weights, threshold, *, strict=False, veto=None, min_members=0):
    w = np.asarray(weights, dtype=float)
    A = w.size
    return RuleArrays(np.array([2 if strict else 1], np.int8),
                      np.zeros((1, A), bool) if veto is None else np.asarray(veto, bool)[None],
                      w[None], np.array([threshold]), np.array([strict]),
                      np.array([min_members]), np.array([-1]))


def test_status_quo_between_three_veto_players_is_stable():
    # Players at 20, 50, 80; q = 40. Preferred sets: (0, 40), (40, 60), (40, 100]. The first and
    # the other two share no point: W(q) = ∅.
    z = zone_1d([20, 50, 80], 40, 0, 100)
    assert z.empty and z.pieces == ()
    assert set(z.blocking) == {"a0", "a1", "a2"}


def test_status_quo_left_of_all_three():
    # q = 10: (10, 30), (10, 90), (10, 150) → the intersection is (10, 30), open at both ends
    # (nobody strictly prefers q to itself, and a0 is indifferent between 10 and 30).
    z = zone_1d([20, 50, 80], 10, 0, 100)
    assert z.pieces == (Piece(10.0, 30.0, False, False),)
    assert z.contains(29.9) and not z.contains(30.0) and not z.contains(10.0)


def test_status_quo_right_of_all_three():
    # q = 90: a0 at 20 prefers (−50, 90), cut by the scale to [0, 90); a1 (10, 90); a2 (70, 90).
    z = zone_1d([20, 50, 80], 90, 0, 100)
    assert z.pieces == (Piece(70.0, 90.0, False, False),)


def test_red_line_closes_a_win_set():
    # q = 10 gives (10, 30) as above; a2's red line "at least 40" leaves nothing.
    z = zone_1d([20, 50, 80], 10, 0, 100, red_low=[-np.inf, -np.inf, 40.0])
    assert z.empty
    assert z.blocking == ("a0", "a2")
    assert [(lim.actor, lim.kind, lim.value, lim.side) for lim in z.limits] == [
        ("a0", "status quo", 30.0, "at_most"), ("a2", "red line", 40.0, "at_least")]
    assert z.headline() == ("no zone on x: a0 prefers the status quo to anything ≥ 30, "
                            "a2's red line ≥ 40")


def test_red_lines_alone_meeting_at_one_point_leave_that_point():
    arr = one_issue([10, 90], 50, red_low=[-np.inf, 60.0], red_high=[60.0, np.inf])
    z = issue_zones(arr, fallback="none")[0]
    assert z.pieces == (Piece(60.0, 60.0, True, True),)


def test_red_lines_that_cross_name_both_actors():
    arr = one_issue([5, 95], 0, red_low=[-np.inf, 75.0], red_high=[25.0, np.inf])
    z = issue_zones(arr, fallback="none")[0]
    assert z.empty and z.blocking == ("a0", "a1")
    assert z.headline({"a0": "Ukraine", "a1": "Russia"}, "Donbas") == \
        "no zone on Donbas: Ukraine's red line ≤ 25, Russia's red line ≥ 75"


def test_qualified_majority_by_hand():
    # Five equal members at 10, 30, 50, 70, 90; q = 0. Preferred sets (0, 2x) cut at 100:
    # (0, 20), (0, 60), (0, 100), (0, 100], (0, 100]. Support: 5 on (0, 20), 4 on [20, 60),
    # 3 on [60, 100), 2 at 100.
    pos = [10, 30, 50, 70, 90]
    three_of_five = issue_zones(one_issue(pos, 0, rule=majority([1] * 5, 0.6)))[0]
    assert three_of_five.pieces == (Piece(0.0, 100.0, False, False),)
    four_of_five = issue_zones(one_issue(pos, 0, rule=majority([1] * 5, 0.8)))[0]
    assert four_of_five.pieces == (Piece(0.0, 60.0, False, False),)
    simple = issue_zones(one_issue(pos, 0, rule=majority([1] * 5, 0.5, strict=True)))[0]
    assert simple.pieces == (Piece(0.0, 100.0, False, False),)
    # Weights 4, 1, 1, 1, 1 (total 8) and a threshold of 5/8: the member at 10 plus one more.
    weighted = issue_zones(one_issue(pos, 0, rule=majority([4, 1, 1, 1, 1], 5 / 8)))[0]
    assert weighted.pieces == (Piece(0.0, 20.0, False, False),)
    # The same with the member at 90 as an extra veto player: still (0, 20).
    vetoed = issue_zones(one_issue(pos, 0, rule=majority([4, 1, 1, 1, 1], 5 / 8,
                                                         veto=[0, 0, 0, 0, 1])))[0]
    assert vetoed.pieces == (Piece(0.0, 20.0, False, False),)
    # A veto player sitting at the status quo accepts nothing: the win-set is empty.
    stuck = issue_zones(one_issue([0, 30, 50, 70, 90], 0,
                                  rule=majority([1] * 5, 0.6, veto=[1, 0, 0, 0, 0])))[0]
    assert stuck.empty and "a0" in stuck.blocking


def test_single_actor_decides_alone():
    rule = RuleArrays(np.array([3], np.int8), np.array([[False, True]]), np.zeros((1, 2)),
                      np.array([np.nan]), np.array([False]), np.array([0]), np.array([-1]))
    z = issue_zones(one_issue([10, 70], 50, rule=rule))[0]
    assert z.decided_by == "a1"
    assert z.pieces == (Piece(50.0, 90.0, False, False),)    # a1 prefers (50, 90) to q = 50


def test_batch_agrees_with_the_exact_zones():
    rng = np.random.default_rng(5)
    for trial in range(40):
        A = int(rng.integers(2, 6))
        pos = rng.uniform(0, 100, A).round()
        sq = float(round(rng.uniform(0, 100)))
        red_low = np.where(rng.random(A) < 0.3, rng.uniform(0, 100, A).round(), -np.inf)
        red_low = np.minimum(red_low, pos)
        rule = majority(rng.integers(1, 4, A), 0.6) if trial % 2 else None
        arr = one_issue(pos, sq, rule=rule, red_low=red_low)
        exact = not issue_zones(arr)[0].empty
        assert zone_exists(arr.batched())[0, 0] == exact, (pos, sq, red_low, rule)


def test_two_dimensional_euclidean_win_set_by_hand():
    # A at (0, 0) and B at (4, 0), q = (2, 2): each prefers the inside of its circle through q,
    # radius √8 ≈ 2.828. Their lens holds (2, 0) and (1.2, 0) (distance 2.8 to B), not (1.1, 0)
    # (2.9 from B) nor (2, 2.1) (outside both circles).
    w = package_winset([[0, 0], [4, 0]], [2, 2])
    assert not w.empty
    assert w.contains([[2, 0], [1.2, 0], [1.1, 0], [2, 2.1]]).tolist() == [True, True, False, False]
    # C at (2, 4) has radius 2: its circle touches the lens only at q itself, which lies inside
    # the triangle of the three ideal points — the status quo is stable.
    assert package_winset([[0, 0], [4, 0], [2, 4]], [2, 2]).empty
    # With q = (2, −1), outside the triangle: radii √5, √5 and 5; (2, 0) is 2, 2 and 4 away.
    w = package_winset([[0, 0], [4, 0], [2, 4]], [2, -1])
    assert not w.empty and w.contains([[2, 0]]).tolist() == [True]
    # A red line capping dimension 2 at −0.5 cuts the lens away: y ≤ −0.5 and within √5 of A
    # and B means x = 2 ± …: (2, −0.5) is √4.25 ≈ 2.06 < √5 from A and B but 4.5 < 5 from C.
    capped = package_winset([[0, 0], [4, 0], [2, 4]], [2, -1], upper=[np.inf, -0.5])
    assert not capped.empty and capped.point[1] <= -0.5
    # ... and with the cap at −1 none does: C's circle (centre (2, 4), radius 5) needs y > −1.
    assert package_winset([[0, 0], [4, 0], [2, 4]], [2, -1], upper=[np.inf, -1.0]).empty


def test_saliences_make_ellipses():
    # One actor at (0, 0) with salience 4 on x and 1 on y, q = (1, 0): r² = 4. The point
    # (0, 1.9) has weighted distance² 3.61 < 4 (inside), (0.99, 0) has 3.92 (inside),
    # (0, 2.1) has 4.41 (outside).
    w = package_winset([[0, 0]], [1, 0], saliences=[[4, 1]])
    assert w.contains([[0, 1.9], [0.99, 0], [0, 2.1]]).tolist() == [True, True, False]


@pytest.mark.parametrize("sq,expected", [(40, True), (10, False)])
def test_zone_exists_matches_the_hand_cases(sq, expected):
    arr = one_issue([20, 50, 80], sq)
    assert bool(~zone_exists(arr.batched())[0, 0]) == expected
