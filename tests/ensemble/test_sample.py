"""Uncertain inputs: which numbers vary, how they are drawn, and how chunks are seeded."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from accord.ensemble.executors import chunk_seed
from accord.ensemble.sample import InputSpace, list_inputs, with_ranges
from accord.errors import AccordError
from accord.scenario.builtin import load_builtin
from accord.scenario.model import OutsideOption


def ec():
    return load_builtin("ec-emissions-1994")


def test_only_numbers_with_ranges_are_uncertain():
    s = ec()
    s.stance("UK", "emissions").position_range = (8.0, 10.0)
    s.stance("Denmark", "emissions").salience_range = (0.7, 1.0)
    next(c for c in s.capabilities if c.actor == "Germany").value_range = (0.1, 0.2)
    s.outside_options.append(OutsideOption(actor="France", reservation=0.4,
                                           ranges={"reservation": (0.2, 0.5)}))
    names = [x.name for x in list_inputs(s)]
    assert names == ["position[UK,emissions]", "salience[Denmark,emissions]",
                     "capability[Germany]", "outside[France].reservation"]


def test_overrides_make_any_number_uncertain_and_unknown_names_are_errors():
    inputs = list_inputs(ec(), overrides={"salience[Greece,emissions]": (0.5, 0.9, "triangular")})
    assert [(x.name, x.low, x.high, x.distribution) for x in inputs] == \
        [("salience[Greece,emissions]", 0.5, 0.9, "triangular")]
    with pytest.raises(AccordError, match="no scenario number called"):
        list_inputs(ec(), overrides={"salience[Atlantis,emissions]": (0.1, 0.2)})
    with pytest.raises(AccordError, match="outside its range"):
        list_inputs(ec(), overrides={"salience[Greece,emissions]": (0.8, 0.9)})  # stated 0.7


def test_general_capability_fills_every_issue_of_the_actor():
    s = ec()
    next(c for c in s.capabilities if c.actor == "UK").value_range = (0.1, 0.3)
    space = InputSpace.from_scenario(s)
    v = space.apply(np.array([[0.25], [0.12]]))
    uk = s.actors.index(s.actor("UK"))
    assert v.arrays.capability.shape == (2, 10, 1)
    assert v.arrays.capability[:, uk, 0].tolist() == [0.25, 0.12]
    # everybody else keeps the stated value in every variant
    others = np.delete(v.arrays.capability, uk, axis=1)
    assert np.array_equal(others[0], others[1])


@pytest.mark.parametrize("dist, mean, var", [
    # uniform on [2, 10]: mean 6, variance 8²/12
    ("uniform", 6.0, 64 / 12),
    # triangular (2, 4, 10): mean (2+4+10)/3, variance (a²+b²+c²−ab−ac−bc)/18
    ("triangular", 16 / 3, (4 + 16 + 100 - 8 - 20 - 40) / 18),
    # PERT (2, 4, 10): α = 1 + 4·2/8 = 2, β = 1 + 4·6/8 = 4; mean (2 + 4·4 + 10)/6 = 14/3,
    # variance αβ/((α+β)²(α+β+1)) · 8² = 8/(36·7) · 64
    ("pert", 14 / 3, 8 / (36 * 7) * 64),
])
def test_draws_have_the_documented_mean_and_variance(dist, mean, var):
    s = ec()
    st = s.stance("Netherlands", "emissions")
    s.issues[0].low, s.issues[0].high = 2.0, 10.0
    st.position_range, st.distribution = (2.0, 10.0), dist
    space = InputSpace.from_scenario(s)
    x = space.draw_values(200_000, np.random.default_rng(7))[:, 0]
    se = np.sqrt(var / x.size)
    assert abs(x.mean() - mean) < 4 * se
    assert abs(x.var() - var) / var < 0.02
    assert x.min() >= 2.0 and x.max() <= 10.0
    # the inverse CDF used by the sensitivity analysis is the same distribution
    q = np.array([[0.05], [0.5], [0.95]])
    ref = {"uniform": stats.uniform(2, 8), "triangular": stats.triang(0.25, loc=2, scale=8),
           "pert": stats.beta(2, 4, loc=2, scale=8)}[dist]
    assert np.allclose(space.from_unit(q)[:, 0], ref.ppf(q[:, 0]), atol=1e-9)


def test_chunk_seed_is_the_spawned_child_of_the_master_seed():
    children = np.random.SeedSequence(12345).spawn(10)
    for k in (0, 3, 9):
        assert np.array_equal(chunk_seed(12345, k).generate_state(4), children[k].generate_state(4))


def test_with_ranges_widens_only_numbers_without_ranges():
    s = ec()
    s.stance("UK", "emissions").position_range = (9.0, 10.0)
    w = with_ranges(s, position=0.1, salience=0.2, capability=0.5)
    assert w.stance("UK", "emissions").position_range == (9.0, 10.0)
    assert w.stance("Netherlands", "emissions").position_range == (4.0, 4.6)  # clipped at low
    assert w.stance("Denmark", "emissions").salience_range == (0.8, 1.0)      # clipped at 1
    assert next(c for c in w.capabilities if c.actor == "Ireland").value_range == (0.025, 0.075)
    assert s.stance("Netherlands", "emissions").position_range is None      # original untouched


def test_outside_option_ranges_must_name_a_parameter():
    s = ec()
    s.outside_options.append(OutsideOption(actor="UK", ranges={"reservaton": (0.2, 0.5)}))
    with pytest.raises(AccordError, match=r"outside_options\[0\]\.ranges\.reservaton"):
        list_inputs(s)
    s.outside_options[0] = OutsideOption(actor="UK", ranges={"cost": (0.1, 0.3)})
    (cost,) = list_inputs(s)
    assert (cost.name, cost.base, cost.low, cost.high) == ("outside[UK].cost", 0.2, 0.1, 0.3)


# A fixed red line truncates the position's distribution (the position is redrawn until it lies
# on the side the line leaves acceptable). Netherlands on a [2, 10] scale, position range
# [2, 10]; the crossing probability and the truncated mean are worked out by hand:
# - uniform, at_least 3: P(X < 3) = 1/8; X | X ≥ 3 is uniform on [3, 10], mean 6.5.
# - triangular (2, 4, 10), at_least 3: density (x − 2)/8 on [2, 4], so P(X < 3) = 1/16 and
#   ∫₂³ x (x − 2)/8 dx = 1/6; mean 16/3, truncated mean (16/3 − 1/6)/(15/16) = 248/45.
# - PERT (2, 6, 10): α = β = 1 + 4·4/8 = 3, Y = (X − 2)/8 ~ Beta(3, 3) with density
#   30 y²(1 − y)² and CDF 10y³ − 15y⁴ + 6y⁵. At most 8 (y ≤ 3/4): by symmetry P(cross) =
#   F(1/4) = 10/64 − 15/256 + 6/1024 = 106/1024, and E[Y; Y < 1/4] = 30 (q⁴/4 − 2q⁵/5 + q⁶/6)
#   at q = 1/4; the truncated mean is 2 + 8 (1 − (1/2 − E[Y; Y < 1/4]) / (1 − F(1/4))).
_Q = 0.25
_PERT_TAIL = 10 * _Q**3 - 15 * _Q**4 + 6 * _Q**5
_PERT_PARTIAL = 30 * (_Q**4 / 4 - 2 * _Q**5 / 5 + _Q**6 / 6)
TRUNCATED = [
    ("uniform", 4.0, "at_least", 3.0, 1 / 8, 6.5),
    ("triangular", 4.0, "at_least", 3.0, 1 / 16, 248 / 45),
    ("pert", 6.0, "at_most", 8.0, 106 / 1024,
     2 + 8 * (1 - (0.5 - _PERT_PARTIAL) / (1 - _PERT_TAIL))),
]


def _netherlands(dist, base, side=None, line=None):
    s = ec()
    s.issues[0].low, s.issues[0].high = 2.0, 10.0
    st = s.stance("Netherlands", "emissions")
    st.position, st.position_range, st.distribution = base, (2.0, 10.0), dist
    if side is not None:
        st.red_line = {"value": line, "side": side}
    return s


@pytest.mark.parametrize("dist, base, side, line, p_cross, mean", TRUNCATED)
def test_a_fixed_red_line_truncates_the_position(dist, base, side, line, p_cross, mean):
    n = 200_000
    free = InputSpace.from_scenario(_netherlands(dist, base)).draw_values(n, np.random.default_rng(3))
    crossed = free[:, 0] < line if side == "at_least" else free[:, 0] > line
    # without the line, the draws cross it as often as the hand calculation says
    assert abs(crossed.mean() - p_cross) < 4 * np.sqrt(p_cross * (1 - p_cross) / n)

    space = InputSpace.from_scenario(_netherlands(dist, base, side, line))
    (x,) = space.inputs
    assert x.admissible == ((line, 10.0) if side == "at_least" else (2.0, line))
    v = space.sample(n, np.random.default_rng(3))
    drawn = v.values[:, 0]
    inside = drawn >= line if side == "at_least" else drawn <= line
    assert inside.all()                                   # zero crossings
    # the batched arrays the models run on hold the same positions, within the red line
    nl = 0
    pos = v.arrays.position[:, nl, 0]
    assert np.array_equal(pos, drawn)
    assert ((pos >= v.arrays.red_low[:, nl, 0]) & (pos <= v.arrays.red_high[:, nl, 0])).all()
    # a redraw, not a clip: draws that respected the line are kept, no lump on the line
    assert np.array_equal(drawn[~crossed], free[~crossed, 0])
    assert (drawn == line).mean() < 1e-3
    # the truncated mean (the untruncated one is p_cross·(gap) away, many standard errors)
    sd = drawn.std()
    assert abs(drawn.mean() - mean) < 4 * sd / np.sqrt(n)


def test_truncated_inverse_cdf_and_swings_stay_inside_the_red_line():
    space = InputSpace.from_scenario(_netherlands("uniform", 4.0, "at_least", 3.0))
    # uniform on [3, 10]: quantile u is 3 + 7u
    u = np.array([[0.0], [0.5], [1.0]])
    assert np.allclose(space.from_unit(u)[:, 0], [3.0, 6.5, 10.0])
    space = InputSpace.from_scenario(_netherlands("triangular", 4.0, "at_least", 3.0))
    ref = stats.triang(0.25, loc=2, scale=8)
    q = np.array([0.05, 0.5, 0.95])
    expected = ref.ppf(ref.cdf(3.0) + q * (1 - ref.cdf(3.0)))
    assert np.allclose(space.from_unit(q[:, None])[:, 0], expected, atol=1e-9)
    assert space.admissible_lows.tolist() == [3.0] and space.admissible_highs.tolist() == [10.0]


def test_a_position_whose_only_admissible_value_is_the_line_does_not_vary():
    s = _netherlands("pert", 4.0, "at_least", 4.0)
    s.stance("Netherlands", "emissions").position_range = (2.0, 4.0)
    assert list_inputs(s) == []


def test_a_drawn_red_line_does_not_truncate_the_position():
    s = _netherlands("uniform", 4.0, "at_least", 3.0)
    s.stance("Netherlands", "emissions").red_line.value_range = (2.5, 3.5)
    position = list_inputs(s, reliability=False)[0]
    assert position.name == "position[Netherlands,emissions]" and position.admissible is None


def test_no_position_of_the_2026_talks_crosses_its_own_red_line():
    # russia's army_nato position (PERT widened to [46.8, 100]) crossed its fixed red line at
    # 60 in 0.8 % of variants before positions were truncated
    v = InputSpace.from_scenario(load_builtin("ukraine-talks-2026-01")).sample(
        50_000, np.random.default_rng(1))
    a = v.arrays
    assert ((a.position >= a.red_low) & (a.position <= a.red_high)).all()


def test_a_range_almost_wholly_past_the_red_line_is_an_error():
    # uniform on [2, 10] kept to [10 − 1e-9, 10]: one draw in 8·10⁹ is acceptable
    s = _netherlands("uniform", 10.0, "at_least", 10.0 - 1e-9)
    with pytest.raises(AccordError, match=r"position\[Netherlands,emissions\]: .*past the actor"):
        InputSpace.from_scenario(s).draw_values(100, np.random.default_rng(0))
