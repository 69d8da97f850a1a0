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
