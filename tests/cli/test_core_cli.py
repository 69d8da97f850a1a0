"""The core commands through the real CLI entry point."""

from __future__ import annotations

import json


from cli_helpers import cli



def test_scenarios_lists_builtins(capsys):
    code, out, _ = cli(["scenarios", "--format", "json"], capsys)
    assert code == 0
    rows = {r["id"]: r for r in json.loads(out)}
    assert rows["ec-emissions-1994"]["actors"] == 10
    assert rows["ec-emissions-1994"]["issues"] == 1


def test_show_table_names_anchors_and_evidence_counts(capsys):
    code, out, _ = cli(["show", "ec-emissions-1994"], capsys)
    assert code == 0
    assert "Years until the emission standards apply" in out
    assert "Denmark" in out and "1.00" in out  # Denmark's salience


def test_show_json_is_the_scenario(capsys):
    code, out, _ = cli(["show", "ec-emissions-1994", "--format", "json"], capsys)
    data = json.loads(out)
    assert data["id"] == "ec-emissions-1994" and len(data["stances"]) == 10


def test_forecast_csv(capsys):
    code, out, _ = cli(["forecast", "ec-emissions-1994", "-m", "median", "--format", "csv"], capsys)
    assert code == 0
    assert out.splitlines()[0] == "model,issue,value,label"
    assert out.splitlines()[1].startswith("median,emissions,7.0,")


def test_forecast_param_override(capsys):
    code, out, _ = cli(["forecast", "ec-emissions-1994", "-m", "nash", "-p", "nash.loss_exponent=1",
                        "--format", "json"], capsys)
    assert code == 0
    assert json.loads(out)["run"]["params"]["nash"]["loss_exponent"] == 1


def test_unknown_model_parameter_is_a_user_error(capsys):
    code, _, err = cli(["forecast", "ec-emissions-1994", "-m", "nash", "-p", "nash.bogus=1"], capsys)
    assert code == 2 and "has no parameter(s) bogus" in err


def test_parameter_of_a_model_without_parameters_says_so(capsys):
    # compromise has no parameters: the message used to end "expected some of: " and nothing
    code, _, err = cli(["forecast", "ec-emissions-1994", "-m", "compromise", "-p",
                        "compromise.foo=1"], capsys)
    assert code == 2
    assert "model 'compromise' has no parameter(s) foo; it takes no parameters" in err
    assert "expected some of" not in err


def test_unknown_model_is_a_user_error(capsys):
    code, _, err = cli(["forecast", "ec-emissions-1994", "-m", "oracle-of-delphi"], capsys)
    assert code == 2 and "unknown model 'oracle-of-delphi'" in err


def test_bad_choice_is_one_line_exit_2(capsys):
    code, _, err = cli(["forecast", "ec-emissions-1994", "--format", "foo"], capsys)
    assert code == 2
    assert err.strip().splitlines() == [
        "error: Invalid value for '--format' / '-f': Value error, 'foo' is not one of 'table', "
        "'json', 'csv'."]


def test_unknown_command_is_one_line_exit_2(capsys):
    code, _, err = cli(["nosuchcmd"], capsys)
    assert code == 2 and err.strip() == "error: No such command 'nosuchcmd'."


def test_no_arguments_prints_help(capsys):
    code, out, err = cli([], capsys)
    assert code == 0 and "Usage: accord" in out + err
