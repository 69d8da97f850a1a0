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


def test_forecast_says_which_fallback_it_used(tmp_path, capsys):
    # The EC case with two outside options: the Netherlands states only a reservation, the UK
    # a reservation (0.2) and Fearon's war numbers (p = 0.4, c = 0.1). --fallback fearon finds
    # no war numbers for the Netherlands and takes its stated reservation, and the UK's war
    # value p − c = 0.3; --fallback stated takes both reservations; everybody else has no
    # outside option. Before, forecast printed none of this (its output was identical for
    # stated and fearon on a scenario without war numbers); accord deals said it.
    import accord
    from accord.scenario.builtin import load_builtin
    from accord.scenario.model import OutsideOption

    s = load_builtin("ec-emissions-1994")
    s.outside_options += [OutsideOption(actor="Netherlands", reservation=0.4),
                          OutsideOption(actor="UK", reservation=0.2, win_probability=0.4,
                                        cost=0.1)]
    path = tmp_path / "ec-fallbacks.yaml"
    accord.save(s, path)
    others = "Belgium, Luxembourg, Germany, France, Italy, Ireland, Denmark, Greece"
    # the rules in the order of the first actor each covers, as accord deals lists them
    expected = {
        "fearon": "Fallback used: stated reservation (Netherlands); no outside option (0) "
                  f"({others}); Fearon war value (p − c) (United Kingdom)",
        "stated": "Fallback used: stated reservation (Netherlands, United Kingdom); no outside "
                  f"option (0) ({others})"}
    for rule, line in expected.items():
        _, deals, _ = cli(["deals", str(path), "--fallback", rule], capsys)
        code, out, err = cli(["forecast", str(path), "-m", "median", "--variants", "10",
                              "--fallback", rule], capsys)
        assert code == 0, err
        said = [x for x in out.splitlines() if x.startswith("Fallback used:")]
        assert said == [line] and line in deals.splitlines()
    # JSON: the whether block carries deals' field, party → rule
    code, out, _ = cli(["forecast", str(path), "-m", "median", "--variants", "10",
                        "--fallback", "fearon", "-f", "json"], capsys)
    used = json.loads(out)["whether"]["fallback_used"]
    assert used["Netherlands"] == "stated" and used["UK"] == "fearon"
    assert used["Greece"] == "none" and len(used) == 10
    _, out, _ = cli(["deals", str(path), "--fallback", "fearon", "-f", "json"], capsys)
    assert json.loads(out)["fallback_used"] == used
    # the built-in EC case states no outside option at all: said too, not silent
    _, out, _ = cli(["forecast", "ec-emissions-1994", "-m", "median", "--fallback", "fearon"],
                    capsys)
    assert "Fallback used: no outside option (0) (Netherlands, Belgium" in out


def test_fallback_line_keeps_names_with_commas_apart(tmp_path, capsys):
    """A semicolon CSV (a German spreadsheet's 'CSV') may name a party "Bosnia, Herzegovina":
    joined by ", " the line read as three parties. With a comma inside a name the names are
    joined by "; " (the rules stay apart by their parentheses). Neither party states an outside
    option, so both fall back to 0."""
    path = tmp_path / "semi.csv"
    path.write_text('Actor;Capability;Position;Salience\n"Bosnia, Herzegovina";1,5;20;0,5\n'
                    "Serbia;2;80;1\n", encoding="utf-8")
    code, out, err = cli(["forecast", str(path), "-m", "median"], capsys)
    assert code == 0, err
    said = [x for x in out.splitlines() if x.startswith("Fallback used:")]
    assert said == ["Fallback used: no outside option (0) (Bosnia, Herzegovina; Serbia)"]
