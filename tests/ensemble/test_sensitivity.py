"""Sensitivity: one-at-a-time swings and Sobol indices against hand calculations."""

from __future__ import annotations

import pytest

from accord.ensemble.sensitivity import sensitivity
from accord.scenario.builtin import builtin_ids, load_builtin

# EC case weights w = capability × salience (Scholz et al. 2011, Table 1), W = Σw = 0.677,
# Σ w·x = 5.003. Moving one actor's position x_i moves the compromise by w_i/W per unit.


def test_swings_rank_inputs_by_their_effect(ec_with):
    s = ec_with(position_UK=(4.0, 10.0), position_Netherlands=(4.0, 6.0),
                salience_Germany=(0.6, 1.0))
    out = sensitivity(s, "compromise", sobol_n=0)
    assert out["base"]["forecast[emissions]"] == pytest.approx(5.003 / 0.677, abs=1e-12)
    rows = {r["input"]: r for r in out["tornado"]["forecast[emissions]"]}
    uk = rows["position[UK,emissions]"]
    # UK at 4: (5.003 − 0.144·6)/0.677 = 4.139/0.677 = 6.113737…; at 10: the base case
    assert uk["at_low"] == pytest.approx(4.139 / 0.677, abs=1e-12)
    assert uk["at_high"] == pytest.approx(5.003 / 0.677, abs=1e-12)
    assert uk["swing"] == pytest.approx(0.144 * 6 / 0.677, abs=1e-12)        # 1.27622
    nl = rows["position[Netherlands,emissions]"]
    assert nl["swing"] == pytest.approx(0.064 * 2 / 0.677, abs=1e-12)        # 0.18907
    de = rows["salience[Germany,emissions]"]
    # Germany (x = 4, c = .16) at salience .6: w = .096 → (5.003 − .128) / (.677 − .032)
    #   (the weighted sum and the total both lose .16·.2·4 and .16·.2)
    assert de["at_low"] == pytest.approx((5.003 - 0.128) / 0.645, abs=1e-12)
    assert de["at_high"] == pytest.approx((5.003 + 0.128) / 0.709, abs=1e-12)
    order = [r["input"] for r in out["tornado"]["forecast[emissions]"]]
    assert order == ["position[UK,emissions]", "salience[Germany,emissions]",
                     "position[Netherlands,emissions]"]


def test_sobol_indices_of_a_linear_forecast(ec_with):
    # Positions uniform on ranges of width r_i: f is linear, so S_i = ST_i ∝ w_i² r_i²:
    #   UK .144²·6² = .746496, NL .064²·2² = .016384, FR .096²·3² = .082944; Σ = .845824
    s = ec_with(position_UK=(4.0, 10.0), position_Netherlands=(4.0, 6.0),
                position_France=(7.0, 10.0))
    out = sensitivity(s, "compromise", sobol_n=20_000, top=3, seed=4)
    assert sorted(out["sobol"]["inputs"]) == sorted(["position[UK,emissions]",
                                                     "position[Netherlands,emissions]",
                                                     "position[France,emissions]"])
    got = {r["input"]: r for r in out["sobol"]["indices"]["forecast[emissions]"]["indices"]}
    expected = {"position[UK,emissions]": 0.746496 / 0.845824,
                "position[Netherlands,emissions]": 0.016384 / 0.845824,
                "position[France,emissions]": 0.082944 / 0.845824}
    for name, value in expected.items():
        assert got[name]["first_order"] == pytest.approx(value, abs=0.03)
        assert got[name]["total"] == pytest.approx(value, abs=0.03)
    # the variance of a sum of independent uniforms: Σ (w_i/W)² r_i²/12
    var = out["sobol"]["indices"]["forecast[emissions]"]["variance"]
    assert var == pytest.approx(0.845824 / 0.677 ** 2 / 12, rel=0.05)


def test_sobol_picks_the_top_inputs_by_swing(ec_with):
    s = ec_with(position_UK=(4.0, 10.0), position_Netherlands=(4.0, 6.0),
                position_France=(7.0, 10.0))
    out = sensitivity(s, "compromise", sobol_n=256, top=1)
    assert out["sobol"]["inputs"] == ["position[UK,emissions]"]


@pytest.mark.skipif("ukraine-talks-2026-01" not in builtin_ids(),
                    reason="the 2026 scenario is not in this checkout")
def test_each_forecast_reports_its_own_top_inputs():
    out = sensitivity(load_builtin("ukraine-talks-2026-01"), "compromise", sobol_n=256, top=3)
    for name, entry in out["sobol"]["indices"].items():
        top3 = [r["input"] for r in out["tornado"][name] if r["swing"]][:3]
        assert sorted(r["input"] for r in entry["indices"]) == sorted(top3)
    # an input moves only the forecast of its own issue under the compromise model
    assert all(r["input"].endswith(",donbas]") or r["input"].startswith("capability[")
               for r in out["sobol"]["indices"]["forecast[donbas]"]["indices"])
