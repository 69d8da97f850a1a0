"""Zones whose ends are left out are printed so: "above 0 to 100", not "0–100".

Worked by hand. One issue on 0–100, status quo 0, unanimity of two actors at 60 and 80. An actor
at p strictly prefers to 0 the outcomes closer to p than 0 is, the open interval (0, 2p): A
accepts (0, 120), B (0, 160); the scale stops both at 100, which belongs to it. The zone is
(0, 100]: 0 itself is left out (nobody prefers the status quo to itself), 100 is in. The old
print "0–100" read as if the status quo could be the agreement.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pytest

import accord
from accord.whether.winset import zone_1d, zone_text

SCENARIO = textwrap.dedent("""\
    id: open-zone-by-hand
    title: Two actors above the status quo
    date: 2026-01-30
    actors: [{id: a, name: A}, {id: b, name: B}]
    issues:
      - {id: x, name: X, low: 0, high: 100, status_quo: 0}
    stances:
      - {actor: a, issue: x, position: 60, salience: 1}
      - {actor: b, issue: x, position: 80, salience: 1}
    capabilities: [{actor: a, value: 1}, {actor: b, value: 1}]
    """)


@pytest.fixture
def scenario(tmp_path):
    path = tmp_path / "open.yaml"
    path.write_text(SCENARIO, encoding="utf-8")
    return str(path)


def test_the_words_for_each_kind_of_end():
    assert zone_text(0, 100) == "0–100"
    assert zone_text(0, 100, False, True) == "above 0 to 100"
    assert zone_text(0, 40, False, False) == "above 0 to below 40"
    assert zone_text(0, 40, True, False) == "0 to below 40"


def test_zone_1d_open_at_the_status_quo():
    z = zone_1d(np.array([60.0, 80.0]), 0.0, 0.0, 100.0)
    assert z.hull == (0.0, 100.0) and z.closed == (False, True)
    assert z.headline() == "zone on x: above 0 to 100"


def test_whether_summary_cli_and_report_say_above_0(scenario, capsys):
    from cli_helpers import cli

    from accord.context.forecast import forecast_summary
    from accord.report.templating import zone_range

    fc = accord.forecast(scenario, models=["compromise"])
    w = fc.agreement.issues["x"]
    assert w.to_dict() == {"status_quo": 0.0, "zone": [0.0, 100.0], "blocking": []}
    assert w.headline == "zone on X: above 0 to 100" and w.zone_text == "above 0 to 100"
    item = forecast_summary(fc)["issues"][0]
    assert item["zone"] == [0.0, 100.0] and item["zone_closed"] == [False, True]
    # the headline says nothing beyond the zone, so the row has no "why" to repeat it with
    # (it printed "above 0 to 100: zone on X: above 0 to 100")
    assert item["why"] is None
    assert zone_range(item["zone"], item["zone_closed"]) == "above 0.0 to 100.0"   # report
    code, out, err = cli(["forecast", scenario, "--model", "compromise"], capsys)
    assert code == 0, err
    assert "above 0 to 100" in out and "0–100" not in out.replace("(0–100)", "")
    assert "zone on X: above 0 to 100" not in out      # the summary row says the zone once
