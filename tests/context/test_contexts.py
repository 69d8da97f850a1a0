"""The context functions: the summary on top of a forecast, outcome families, names, diffs.

Numbers come from outside the code: the EC case's weighted mean 7.38996 (research/models.md §1,
Bueno de Mesquita's table as Scholz et al. print it) and weighted median 7 (hand calculation in
tests/models/test_baseline.py); the rest is worked out in each test.
"""

from __future__ import annotations

import pytest

import accord
from accord.context.compare import scenario_diff
from accord.context.ensemble import exclusive, grouped_outcome_classes, outcome_families
from accord.context.forecast import AGREE_SHARE, forecast_summary, issue_line
from accord.context.names import input_label, possessive
from accord.scenario.builtin import builtin_ids, load_builtin

EC = "ec-emissions-1994"
TALKS = "ukraine-talks-2026-01"


def test_summary_of_the_ec_case_by_hand():
    s = forecast_summary(accord.forecast(EC, models=["compromise", "median"]))
    (item,) = s["issues"]
    assert item["range"] == [7.0, pytest.approx(7.38996, abs=1e-5)]
    # The scale runs 4–10 years: a spread of 0.38996 is 0.38996 / 6 = 6.5 % of it, under 10 %.
    assert item["spread"] == pytest.approx(0.38996 / 6, abs=1e-4)
    assert AGREE_SHARE == 0.10 and item["agree"] is True
    # Both land nearest the 7-year anchor: |7.39 − 7| < |7.39 − 10|.
    assert [(g["models"], g["anchor"]["value"]) for g in item["where"]] == \
        [(["median", "compromise"], 7)]
    assert item["where"][0]["anchor"]["label"].startswith("7 years")
    line = issue_line(item)
    assert line.startswith("Years until the emission standards apply: models range 7–7.4 on "
                           "4–10 (they agree)")


def test_summary_separates_models_that_land_apart():
    s = forecast_summary(accord.forecast(EC, models=["compromise", "eum"]))
    (item,) = s["issues"]
    eum = accord.forecast(EC, models=["eum"]).value("eum", "emissions")
    lo, hi = sorted([7.38996, eum])
    assert item["range"] == [pytest.approx(lo, abs=1e-5), pytest.approx(hi, abs=1e-5)]
    assert item["agree"] is ((hi - lo) / 6 <= 0.10)
    assert sorted(m for g in item["where"] for m in g["models"]) == ["compromise", "eum"]


def test_one_summary_carries_the_whether():
    # Issue 13's facts, computed once in the library, read into the one summary. The red lines
    # are the scenario's own (Russia: at least 50 on the Donbas, Ukraine: at most 25), so no
    # outcome both accept: P(agreement) = 0 at every draw, and the Donbas has no zone.
    if TALKS not in builtin_ids():
        pytest.skip("the 2026 talks are not packaged yet")
    fc = accord.forecast(TALKS, models=["compromise", "eum"], variants=50)
    s = forecast_summary(fc)
    assert s["lines"][0] == s["agreement"]["line"] == fc.whether_line()
    assert s["agreement"]["line"].startswith("P(agreement by 2026-12-31) = 0%; no zone on "
                                             "Donbas territory: Russia's red line ≥ 50, "
                                             "Ukraine's red line ≤ 25")
    donbas = next(i for i in s["issues"] if i["id"] == "donbas")
    st = {x.actor: x for x in accord.load(TALKS).stances if x.issue == "donbas"}
    assert (st["russia"].red_line.value, st["ukraine"].red_line.value) == (50, 25)
    assert donbas["zone"] is None and donbas["blocking"] == ["Russia", "Ukraine"]
    assert donbas["why"] == "Russia's red line ≥ 50, Ukraine's red line ≤ 25"
    assert donbas["status_quo"] == fc.agreement.issues["donbas"].status_quo
    # A reason several zones share is said once, under the table, each zone marked.
    for note in s["zone_notes"]:
        marked = [i for i in s["issues"] if i.get("note") == note["mark"]]
        assert len(marked) > 1 and all(i["zone"] is not None for i in marked)
        assert {i["why"] for i in marked} == {note["text"][0].lower() + note["text"][1:]}
    # The expected-utility model cycles on the guarantees, 85 → 68 → 28 → 15 → 85 (issue 13).
    eum = next(g for g in s["unstable_by_model"] if g["model"] == "eum")
    guarantees = next(u for u in eum["issues"] if u["issue"] == "security_guarantees")
    assert guarantees["why"] == "unstable: cycles between 15 and 85 (period 4)"
    f = next(f for i in s["issues"] if i["id"] == "security_guarantees"
             for f in i["forecasts"] if f["model"] == "eum")
    assert f["converged"] is False and (f["cycle"]["low"], f["cycle"]["high"]) == (15.0, 85.0)


def test_outcome_families_and_their_totals():
    a = {"id": "a", "ranges": {"x": [0, 10]}}
    b = {"id": "b", "ranges": {"x": [10.5, 20]}}
    c = {"id": "c", "ranges": {"y": [0, 5]}}                 # another issue: may overlap a
    d = {"id": "d", "ranges": {"y": [6, 9], "x": [0, 3]}}
    assert exclusive(a, b) and not exclusive(a, c) and exclusive(c, d)
    assert [[x["id"] for x in f] for f in outcome_families([a, b, c, d])] == \
        [["a", "b"], ["c", "d"]]
    if TALKS not in builtin_ids():
        return
    s = load_builtin(TALKS)
    fams = outcome_families(s.outcome_classes)
    assert [oc.id for oc in fams[0]] == ["ukraine-keeps-line", "demilitarised-zone",
                                          "withdrawal"]
    probs = [{"id": oc.id, "label": oc.label, "count": 0, "probability": 0.0}
             for oc in s.outcome_classes]
    probs[1]["probability"], probs[2]["probability"] = 0.6, 0.3
    grouped = grouped_outcome_classes(s, probs)
    assert grouped[0]["about"] == "Donbas territory"
    assert grouped[0]["total"] == pytest.approx(0.9) and grouped[0]["none"] == pytest.approx(0.1)
    assert all(g["total"] <= 1.0 for g in grouped)


def test_inputs_in_words():
    s = load_builtin(EC)
    assert possessive("Russia") == "Russia's" and possessive("United States") == "United States'"
    assert input_label(s, "salience[UK,emissions]") == \
        "United Kingdom's salience on Years until the emission standards apply"
    assert input_label(s, "capability[Greece]") == "Greece's capability"
    assert input_label(s, "status_quo[emissions]") == \
        "status quo on Years until the emission standards apply"
    assert input_label(s, "not an input") == "not an input"


def test_scenario_diff_names_every_changed_number():
    a = load_builtin(EC)
    b = a.model_copy(deep=True)
    b.stances[1].position = 8.0
    b.stances[1].position_range = (6.0, 9.0)
    b.capabilities[0].value = 0.1
    rows = {r["what"]: r for r in scenario_diff(a, b)}
    assert set(rows) == {"Belgium: position on Years until the emission standards apply",
                         "Belgium: position range on Years until the emission standards apply",
                         f"{a.actor(a.capabilities[0].actor).name}: capability"}
    pos = rows["Belgium: position on Years until the emission standards apply"]
    assert (pos["a"], pos["b"], pos["difference"]) == (7.0, 8.0, 1.0)
    assert scenario_diff(a, a) == []


def test_forecast_json_builds_the_forecast_dict_once(monkeypatch):
    """Issue 18: the JSON and its summary come from one ``to_dict()`` (it was built twice, the
    second time inside the summary), and the summary is the one built on its own."""
    from accord.api import Forecast
    from accord.context.forecast import forecast_json

    fc = accord.forecast(EC, models=["compromise", "eum"])
    alone = forecast_summary(fc)
    calls = []
    original = Forecast.to_dict
    monkeypatch.setattr(Forecast, "to_dict", lambda self: calls.append(1) or original(self))
    data = forecast_json(fc)
    assert len(calls) == 1
    assert data["summary"] == alone


def test_convergence_is_assessed_once_per_result():
    """The table, the JSON, the summary and the whether line all ask for each model's
    convergence: one assessment per result, and a result put in place of another is assessed
    afresh (to the same verdict here: the copy holds the same rounds)."""
    fc = accord.forecast(EC, models=["eum"], whether=False)
    first = fc.convergence("eum")
    assert fc.convergence("eum") is first
    res = fc.results["eum"]
    fc.results["eum"] = type(res)(res.model, res.forecast, rounds=res.rounds,
                                  details=res.details)
    assert fc.convergence("eum") is not first
    assert fc.convergence("eum").converged.tolist() == first.converged.tolist()


def test_summary_needs_no_rounds():
    """The table's summary is built from the forecast's dict without the round-by-round
    positions (issue 18): the dict is the full one less its "rounds", the summary the same."""
    fc = accord.forecast(EC, models=["compromise", "eum", "smp"])
    full, light = fc.to_dict(), fc.to_dict(rounds=False)
    assert any("rounds" in f for f in full["forecasts"])
    assert light["forecasts"] == [{k: v for k, v in f.items() if k != "rounds"}
                                  for f in full["forecasts"]]
    assert {k: v for k, v in light.items() if k != "forecasts"} == \
        {k: v for k, v in full.items() if k != "forecasts"}
    assert forecast_summary(fc, light) == forecast_summary(fc)
