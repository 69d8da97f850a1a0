"""GENIUS XML and GeniusWeb JSON, checked against NegMAS 0.16's utilities of every outcome
(../shared/oracles/negmas/*_all_outcome_utilities.csv) under both conventions."""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest

import accord
from accord.deals.frontier import pareto_indices
from accord.deals.space import OutcomeSpace
from accord.scenario.io import detect_format
from shared_data import needs_shared, shared_path

ORACLES = shared_path("oracles", "negmas")
GENIUS = shared_path("data", "genius")
pytestmark = needs_shared("oracles/negmas", "data/genius")

CASES = [("dinner", GENIUS / "anac2015/group2-dinner", 47, 54),
         ("itex", GENIUS / "anac2010/ItexvsCypress", 18, 17)]


@pytest.mark.parametrize("name,folder,n_genius,n_raw", CASES)
def test_every_outcome_utility_and_frontier_size(name, folder, n_genius, n_raw):
    rows = list(csv.reader((ORACLES / f"{name}_all_outcome_utilities.csv").open()))
    header, rows = rows[0], rows[1:]
    for convention, normalise, n_front in (("genius", True, n_genius),
                                           ("negmas_raw", False, n_raw)):
        sp = OutcomeSpace.from_genius(folder, normalise=normalise)
        cols = [k for k, h in enumerate(header) if h.startswith(convention + ":")]
        assert [header[k].split(":", 1)[1] for k in cols] == list(sp.party_ids)
        assert len(rows) == sp.n_outcomes
        idx = [sp.outcome_index([sp.option_labels[i].index(r[i]) for i in range(sp.n_issues)])
               for r in rows]
        expected = np.array([[float(r[k]) for k in cols] for r in rows]).T
        np.testing.assert_allclose(sp.utilities(idx), expected, rtol=0, atol=1e-12)
        assert len(pareto_indices(sp.utilities())) == n_front


@pytest.mark.parametrize("name,folder,n_genius,n_raw", CASES)
def test_folder_loads_as_a_scenario_with_the_same_utilities(name, folder, n_genius, n_raw):
    assert detect_format(folder).name == "genius"
    s = accord.load(str(folder))
    assert s.deal_space is not None and len(s.actors) == len(OutcomeSpace.from_genius(folder)
                                                              .party_ids)
    direct = OutcomeSpace.from_genius(folder)
    via_scenario = OutcomeSpace.from_scenario(s)
    assert np.array_equal(via_scenario.utilities(), direct.utilities())
    assert via_scenario.reservation.tolist() == [0.0] * len(s.actors)


def test_integer_issue_and_genius_round_trip(tmp_path):
    dom = tmp_path / "d"
    dom.mkdir()
    (dom / "dom.xml").write_text(
        '<negotiation_template><utility_space number_of_issues="2"><objective index="0" '
        'name="root" type="objective" etype="objective">'
        '<issue index="1" name="colour" type="discrete" etype="discrete" vtype="discrete">'
        '<item index="1" value="red"/><item index="2" value="blue"/></issue>'
        '<issue index="2" name="count" type="integer" etype="integer" vtype="integer" '
        'lowerbound="1" upperbound="4"/></objective></utility_space></negotiation_template>')
    (dom / "p.xml").write_text(
        '<utility_space><objective index="0" name="root" type="objective" etype="objective">'
        '<issue index="1" name="colour" type="discrete" etype="discrete" vtype="discrete">'
        '<item index="1" value="red" evaluation="2"/><item index="2" value="blue" evaluation="8"/>'
        '</issue><issue index="2" name="count" type="integer" etype="integer" vtype="integer" '
        'lowerbound="1" upperbound="4"><evaluator ftype="linear" slope="0.5" offset="-0.25"/>'
        '</issue><weight index="1" value="3"/><weight index="2" value="1"/></objective>'
        '<reservation value="0.2"/></utility_space>')
    sp = OutcomeSpace.from_genius(dom)
    # colour: 2/8 and 1; count: clip(−0.25 + 0.5·(x − 1)) = 0, 0.25, 0.75, 1 (x = 1..4)
    assert sp.values[0].tolist() == [[0.25, 1.0]]
    assert sp.values[1].tolist() == [[0.0, 0.25, 0.75, 1.0]]
    assert sp.weights.tolist() == [[0.75, 0.25]]
    assert sp.reservation.tolist() == [0.2]
    # (blue, 3): 0.75·1 + 0.25·0.75
    assert sp.utilities([sp.outcome_index([1, 2])])[0, 0] == pytest.approx(0.9375)
    s = accord.load(str(dom))
    out = tmp_path / "out"
    accord.save(s, out, format="genius")
    back = OutcomeSpace.from_genius(out)
    np.testing.assert_allclose(back.utilities(), sp.utilities(), atol=1e-15)
    assert back.reservation.tolist() == [0.2]


def test_geniusweb_profiles():
    folder = GENIUS / "geniusweb/Party"
    prof = json.loads((folder / "party1.json").read_text())["LinearAdditiveUtilitySpace"]
    s = accord.load(str(folder))
    sp = OutcomeSpace.from_scenario(s)
    assert sp.party_ids == ("party1", "party2")
    # the reservation is the utility of the reservation bid, by hand from the JSON
    w, u = prof["issueWeights"], prof["issueUtilities"]
    bid = prof["reservationBid"]["issuevalues"]
    by_hand = sum(w[i] * u[i]["discreteutils"]["valueUtilities"][bid[i]] for i in w)
    by_hand /= sum(w.values())
    assert sp.reservation[0] == pytest.approx(by_hand)
    single = accord.load(str(folder / "party1.json"))
    assert [a.id for a in single.actors] == ["party1"]


def test_geniusweb_round_trip(tmp_path):
    s = accord.load(str(GENIUS / "geniusweb/Fitness"))
    accord.save(s, tmp_path, format="geniusweb")
    back = accord.load(str(tmp_path))
    a, b = OutcomeSpace.from_scenario(s), OutcomeSpace.from_scenario(back)
    np.testing.assert_allclose(a.utilities(), b.utilities(), atol=1e-12)
    # GeniusWeb stores a bid, not a number: the bid written is the lowest one at or above it
    assert np.all(b.reservation >= a.reservation - 1e-12)
