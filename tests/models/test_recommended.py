"""The recommended forecast (accord.models.recommended): the median of eleven forecasts.

Hand-checked on the EC car-emissions case (status quo 10 years): nine of the eleven components
are known from outside the code — the weighted mean 7.38996 and weighted median 7.0
(research/models.md §1), the exchange model's mean 7.38996 (one issue: nothing to trade), the
expected-utility model's 9.671 after eight rounds (the public replication's median, §2), the
salience-weighted mean 40.6/6.1 = 6.656 and the unweighted median 7.0 (by hand), and the three
status-quo models' 10 (four members stand at the status quo, so its win-set is empty). Three of
those nine lie below 7.38996, two at it and four above, so the sixth of eleven is 7.38996 as soon
as one of the other two (Nash bargaining, SMP) lies below it.
"""

from __future__ import annotations

import dataclasses
import json

import pytest

import accord
from accord.models.recommended import COMPONENTS
from cli_helpers import cli


def test_ec_case_by_hand():
    fc = accord.forecast("ec-emissions-1994", whether=False)
    parts = fc.results["recommended"].details["components"]
    assert set(parts) == set(COMPONENTS) and len(COMPONENTS) == 11
    known = {"compromise": 7.38996, "median": 7.0, "exchange": 7.38996, "eum": 9.671,
             "salience_weighted_mean": 40.6 / 6.1, "median_unweighted": 7.0,
             "veto_players": 10.0, "agenda_setter": 10.0, "compromise_sq": 10.0}
    for name, value in known.items():
        assert parts[name][0] == pytest.approx(value, abs=5e-4), name
    assert min(parts["nash"][0], parts["smp"][0]) < 7.38996
    assert fc.value("recommended", "emissions") == pytest.approx(7.38996, abs=5e-6)


def test_shown_by_accord_forecast(capsys):
    code, out, err = cli(["forecast", "ec-emissions-1994", "--format", "json"], capsys)
    assert code == 0, err
    entry = [f for f in json.loads(out)["forecasts"] if f["model"] == "recommended"]
    assert [e["value"] for e in entry] == [pytest.approx(7.38996, abs=5e-6)]


def test_issue_without_a_status_quo_uses_the_other_eight():
    """A DEU-like proposal without a reference point: the status-quo models give nothing and the
    median is over the other eight."""
    talks = accord.load("ec-emissions-1994")
    issue = talks.issues[0].model_copy(update={"status_quo": None})
    fc = accord.forecast(talks.model_copy(update={"issues": [issue]}), whether=False)
    parts = fc.results["recommended"].details["components"]
    given = sorted(v[0] for v in parts.values() if v[0] is not None)
    assert len(given) == 8
    assert fc.value("recommended", "emissions") == pytest.approx((given[3] + given[4]) / 2)


# --- issue 18: accord.forecast hands its own runs of the components to the recommended model --


@pytest.mark.parametrize("scenario", ["ec-emissions-1994", "ukraine-talks-2026-01"])
def test_forecast_reuses_components_without_changing_them(scenario, monkeypatch):
    """The recommended model inside a forecast of every model equals the recommended model run
    alone (which runs every component itself), exactly; and no component model runs twice."""
    from accord.models import base
    from accord.models.recommended import MODELS, recommended

    alone = recommended(accord.load(scenario).to_arrays())
    fc = accord.forecast(scenario, whether=False)
    assert fc.results["recommended"].details == alone.details
    assert fc.results["recommended"].forecast.tolist() == alone.forecast.tolist()

    calls: dict[str, int] = {}
    for spec in base.available_models():
        if spec.name in MODELS:
            def counted(*args, _run=spec.run, _name=spec.name, **kwargs):
                calls[_name] = calls.get(_name, 0) + 1
                return _run(*args, **kwargs)
            monkeypatch.setitem(base._REGISTRY, spec.name,
                                dataclasses.replace(spec, run=counted))
    accord.forecast(scenario, whether=False)
    assert calls == {name: 1 for name in MODELS}


def test_component_with_other_parameters_is_run_again_with_the_defaults():
    """``-p exchange.variant=random-rate`` changes the exchange model's own row, not the
    exchange component of the recommended forecast, which stays at the defaults."""
    from accord.models.recommended import recommended

    ukraine = "ukraine-talks-2026-01"
    alone = recommended(accord.load(ukraine).to_arrays())
    fc = accord.forecast(ukraine, models=["exchange", "recommended"], whether=False,
                         params={"exchange": {"variant": "random-rate"}}, seed=3)
    parts = fc.results["recommended"].details["components"]
    assert parts == alone.details["components"]
    assert fc.results["exchange"].forecast.tolist() != parts["exchange"]
