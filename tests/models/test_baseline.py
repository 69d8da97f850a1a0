"""Oracles for the baseline models: published figures and hand calculations."""

from __future__ import annotations

import numpy as np
import pytest

import accord
from accord.models import get_model
from accord.models.nash import NashParams
from accord.scenario.arrays import ScenarioArrays


def ec():
    return accord.load("ec-emissions-1994").to_arrays()


def test_ec_weighted_mean_matches_models_md():
    # models.md §1: EC car-emissions weighted mean 7.38996.
    assert round(float(get_model("compromise").run(ec()).forecast[0]), 5) == 7.38996


def test_ec_weighted_mean_by_hand():
    # Σ c s x / Σ c s written out from Bueno de Mesquita's table:
    num = (0.08*0.8*4 + 0.08*0.4*7 + 0.03*0.2*4 + 0.16*0.8*4 + 0.16*0.6*10 + 0.16*0.6*10
           + 0.16*0.9*10 + 0.05*0.1*7 + 0.05*1.0*4 + 0.08*0.7*7)
    den = 0.08*0.8 + 0.08*0.4 + 0.03*0.2 + 0.16*0.8 + 0.16*0.6 + 0.16*0.6 + 0.16*0.9 \
        + 0.05*0.1 + 0.05*1.0 + 0.08*0.7
    assert get_model("compromise").run(ec()).forecast[0] == pytest.approx(num / den, abs=1e-12)


def test_ec_weighted_median_is_seven():
    # Weight at 4 years: .064+.006+.128+.05 = .248 < .3385 (half of .677); adding the 7-year
    # block (.032+.005+.056) gives .341 ≥ .3385, so the median is 7.
    assert float(get_model("median").run(ec()).forecast[0]) == 7.0


def two_actor(w_a, w_b):
    return ScenarioArrays(("a", "b"), ("x",), np.array([[0.0], [100.0]]), np.ones((2, 1)),
                          np.array([[w_a], [w_b]]), np.ones((2, 1), bool), np.array([0.0]),
                          np.array([100.0]))


def test_nash_quadratic_two_actors_hand_calculation():
    # Maximise 2·log(1 − x²) + log(1 − (1 − x)²) on [0, 1] (x in units of R).
    # First-order condition: (1 − x)²(1 + x) = 2x²(2 − x)  ⇔  3x³ − 5x² − x + 1 = 0.
    roots = np.roots([3.0, -5.0, -1.0, 1.0])
    x = [r.real for r in roots if abs(r.imag) < 1e-12 and 0 < r.real < 1]
    assert len(x) == 1 and 0.39 < x[0] < 0.40
    got = float(get_model("nash").run(two_actor(2.0, 1.0)).forecast[0]) / 100
    assert got == pytest.approx(x[0], abs=1e-9)


def test_nash_linear_two_actors_is_power_share():
    # p = 1: maximise 2·log(1 − x) + 1·log(x) → x = 1/3.
    got = get_model("nash").run(two_actor(2.0, 1.0), NashParams(loss_exponent=1.0)).forecast[0]
    assert got == pytest.approx(100 / 3, abs=1e-9)


def test_nash_equal_weights_meet_in_the_middle():
    assert get_model("nash").run(two_actor(1.0, 1.0)).forecast[0] == pytest.approx(50.0, abs=1e-9)


def test_forecast_json_shape_for_ec(capsys):
    from accord.cli import main
    import json

    with pytest.raises(SystemExit) as exc:
        main(["forecast", "ec-emissions-1994", "--model", "compromise", "--format", "json"])
    assert exc.value.code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scenario"] == "ec-emissions-1994"
    (f,) = data["forecasts"]
    assert f["model"] == "compromise" and f["issue"] == "emissions"
    assert f"{f['value']:.5f}" == "7.38996"


def test_same_inputs_give_byte_identical_json():
    a = accord.forecast("ec-emissions-1994").to_dict()
    b = accord.forecast("ec-emissions-1994").to_dict()
    import json

    assert json.dumps(a) == json.dumps(b)
