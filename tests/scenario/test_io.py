"""Round trips and format detection for the scenario formats owned by the foundation."""

from __future__ import annotations


import pytest
from pydantic import ValidationError

import accord
from accord.scenario.io import detect_format
from accord.scenario.io.yaml import line_of, parse_field_path, read_tree
from shared_data import needs_shared, shared_path

EC_CSV = shared_path("data", "eum", "EC_emissions_BDM1994.csv")
needs_ec_csv = needs_shared("data/eum/EC_emissions_BDM1994.csv")


@pytest.mark.parametrize("scenario_id", ["ec-emissions-1994"])
def test_yaml_round_trip(tmp_path, scenario_id):
    s = accord.load(scenario_id)
    path = tmp_path / "s.yaml"
    accord.save(s, path)
    again = accord.load(str(path))
    assert again == s
    accord.save(again, tmp_path / "t.yaml")
    assert (tmp_path / "t.yaml").read_text() == path.read_text()


@needs_ec_csv
def test_simple_csv_is_a_one_issue_scenario():
    s = accord.load(str(EC_CSV))
    assert detect_format(EC_CSV).name == "simple-csv"
    assert [a.name for a in s.actors][:3] == ["Netherlands", "Belgium", "Luxembourg"]
    assert (s.issues[0].low, s.issues[0].high) == (4.0, 10.0)
    # Same numbers as the packaged YAML version of Bueno de Mesquita's table.
    builtin = accord.load("ec-emissions-1994")
    for a in s.actors:
        ref = builtin.stance(a.id, "emissions")
        got = s.stance(a.id, "issue")
        assert (got.position, got.salience) == (ref.position, ref.salience)
        assert s.capability(a.id) == builtin.capability(a.id)


@needs_ec_csv
def test_simple_csv_forecast_matches_builtin():
    via_csv = accord.forecast(str(EC_CSV), models=["compromise"]).to_dict()
    assert f"{via_csv['forecasts'][0]['value']:.5f}" == "7.38996"


@needs_ec_csv
def test_simple_csv_round_trip(tmp_path):
    s = accord.load(str(EC_CSV))
    out = tmp_path / "ec.csv"
    accord.save(s, out, format="simple-csv")
    again = accord.load(str(out))
    assert [(x.actor, x.position, x.salience) for x in again.stances] == \
        [(x.actor, x.position, x.salience) for x in s.stances]
    assert (again.issues[0].low, again.issues[0].high) == (4.0, 10.0)


def test_field_paths_map_to_lines():
    tree = read_tree("a: 1\nb:\n  - x: 2\n  - x: 3\n    y: 4\n", "f.yaml")
    assert parse_field_path("b[1].y") == ("b", 1, "y")
    assert line_of(tree, ("b", 1, "y")) == 5
    assert line_of(tree, ("b", 0)) == 3
    # A path that runs past the tree stops at its deepest existing node.
    assert line_of(tree, ("b", 1, "missing")) == 4


def test_content_hash_changes_with_a_judgment():
    s = accord.load("ec-emissions-1994")
    h = s.content_hash()
    s.stances[0].salience = 0.7
    assert s.content_hash() != h


def test_assignment_is_validated():
    s = accord.load("ec-emissions-1994")
    with pytest.raises(ValidationError):
        s.stances[0].salience = 1.5
