"""accord whatif and the forecast's whether: the JSON contracts and the analyst's questions."""

from __future__ import annotations

import json

import pytest

from accord.errors import AccordError
from accord.whatif import apply_settings, register_setting, whatif
from cli_helpers import cli


def test_forecast_json_carries_the_agreement_block_and_convergence(capsys):
    code, out, err = cli(["forecast", "ukraine-talks-2026-01", "-m", "compromise", "-m", "eum",
                          "--variants", "100", "-f", "json"], capsys)
    assert code == 0, err
    data = json.loads(out)
    agreement = data["agreement"]
    assert sorted(agreement) == ["by", "issues", "probability"]
    assert agreement["by"] == "2026-12-31"
    assert agreement["issues"]["donbas"] == {"status_quo": 0.0, "zone": None,
                                             "blocking": ["russia", "ukraine"]}
    for f in data["forecasts"]:
        assert {"value", "converged", "cycle"} <= set(f)
    eum = {f["issue"]: f for f in data["forecasts"] if f["model"] == "eum"}
    # the EUM cycles on the guarantees: 85 → 68 → 28 → 15 → 85 (see test_convergence)
    assert eum["security_guarantees"]["converged"] is False
    assert eum["security_guarantees"]["cycle"]["period"] == 4
    assert (eum["security_guarantees"]["cycle"]["low"], eum["security_guarantees"]["cycle"]["high"]) \
        == (15.0, 85.0)
    classes = data["whether"]["outcome_classes"]["compromise"]
    assert classes["no-agreement"] == pytest.approx(1 - agreement["probability"])


def test_forecast_table_opens_with_the_whether_line(capsys, monkeypatch):
    from accord.cli.common import console

    monkeypatch.setattr(console.unwrap(), "width", 250)   # no wrapping inside table cells
    code, out, _ = cli(["forecast", "-m", "compromise", "-m", "eum", "--variants", "50"], capsys)
    lines = [" ".join(line.split()) for line in out.splitlines() if line.strip()]
    flat = " ".join(lines)
    assert code == 0
    assert lines[1].startswith("P(agreement by 2026-12-31) = 0%")
    assert "no zone on Donbas territory: Russia's red line ≥ 50, Ukraine's red line ≤ 25" in flat
    assert "did not converge: eum" in flat
    assert "unstable: cycles between 15 and 85 (period 4)" in flat


def test_whatif_json_before_and_after(capsys):
    code, out, err = cli(["whatif", "--set", "russia.donbas.red_line=none", "-m", "compromise",
                          "--variants", "0", "-f", "json"], capsys)
    assert code == 0, err
    d = json.loads(out)
    assert d["before"]["agreement"]["probability"] == 0.0
    assert d["after"]["agreement"]["probability"] == 1.0
    assert sorted(d["before"]["agreement"]) == ["by", "issues", "probability"]
    assert d["changes"] == [{"set": "russia.donbas.red_line=none", "target": "russia.donbas",
                             "field": "red_line", "before": 50.0, "after": None}]
    assert d["differences"]["probability"] == 1.0
    # Ukraine's red line (≤ 25) is all that is left on the Donbas: the zone is 0–25
    assert d["after"]["agreement"]["issues"]["donbas"]["zone"] == [0.0, 25.0]


def test_whatif_washington_cuts_the_arms():
    r = whatif("ukraine-talks-2026-01", ["united_states.arms_aid.position=0"],
               models=["compromise"], variants=0)
    # arms are the US's own decision: the issue follows its choice, 50 → 0
    assert r.before.agreement.issues["arms_aid"].zone == (50.0, 50.0)
    assert r.after.agreement.issues["arms_aid"].zone == (0.0, 0.0)
    # the compromise model's arms forecast moves by 50 × (US weight)/(total weight)
    s = r.before.scenario
    w = {st.actor: s.capability(st.actor, "arms_aid") * st.salience
         for st in s.stances if st.issue == "arms_aid"}
    assert r.differences()["forecasts"]["compromise"]["arms_aid"] == \
        pytest.approx(-50 * w["united_states"] / sum(w.values()))


@pytest.mark.parametrize("setting,message", [
    ("russia.donbass.red_line=20", "unknown issue 'donbass'"),
    ("moscow.capability=1", "'moscow' is neither an actor nor an issue"),
    ("donbas.weight=0.3", "'weight' cannot be set on an issue"),
    ("arms_aid.credibility=0.3", "issue 'arms_aid' has no commitment"),
    ("donbas.credibility=1.5", "less than or equal to 1"),
    ("russia.donbas.red_line=lots", "'lots' is not a number"),
    ("russia.donbas.red_line=99", "position 95 is past the actor's own red line"),
    ("russia.donbas.position=none", "expected a number here"),
    ("russia.reservation", "expected ACTOR.FIELD=VALUE"),
])
def test_bad_settings_say_what_is_expected(setting, message, capsys):
    code, _, err = cli(["whatif", "--set", setting, "--variants", "0"], capsys)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1, err


def test_new_fields_can_be_registered():
    # issue 20 adds ISSUE.credibility this way; here a stand-in that sets a description
    def setter(s, ids, value):
        issue = s.issue(ids[0])
        old, issue.description = issue.description, f"credibility {value:g}"
        return old
    register_setting("issue", "test_note", setter)
    s, changes = apply_settings(__import__("accord").load("ec-emissions-1994"),
                                ["emissions.test_note=0.4"])
    assert s.issue("emissions").description == "credibility 0.4"
    with pytest.raises(AccordError):
        apply_settings(s, ["emissions.nothing=1"])
