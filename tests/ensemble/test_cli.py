"""`accord ensemble` and `accord sensitivity` through the real CLI entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import cli

import accord


@pytest.fixture
def ranged_file(ec_with, tmp_path):
    path = tmp_path / "ec-ranged.yaml"
    accord.save(ec_with(position_UK=(4.0, 10.0), salience_Germany=(0.6, 1.0)), path)
    return path


def test_ensemble_json(ranged_file, tmp_path, capsys):
    code, out, err = cli(["ensemble", str(ranged_file), "--model", "compromise", "-n", "500",
                          "--seed", "3", "--executor", "inline", "--out", str(tmp_path / "e"),
                          "--format", "json"], capsys)
    assert code == 0, err
    data = json.loads(out)
    assert data["variants"] == 500 and data["complete"] is True
    assert [i["name"] for i in data["inputs"]] == ["salience[Germany,emissions]",
                                                    "position[UK,emissions]"]
    # the name says what defines the ensemble: model, N, seed, chunking, and a digest of all
    summary_file = Path(data["summary_file"])
    assert summary_file.parent == tmp_path / "e"
    assert summary_file.name.startswith("ec-emissions-1994-compromise-n500-seed3-c65536-")
    assert json.loads(summary_file.read_text()) == {k: v for k, v in data.items()
                                                    if k not in ("parquet", "summary_file")}
    assert sum(c["probability"] for c in data["outcome_classes"]) <= 1.0


def test_ensemble_table_with_process_pool(ranged_file, tmp_path, capsys):
    code, out, err = cli(["ensemble", str(ranged_file), "-n", "400", "--workers", "2",
                          "--chunk-size", "100", "--out", str(tmp_path)], capsys)
    assert code == 0, err
    assert "emissions" in out and "Early (before 7 years)" in out


def test_ensemble_without_ranges_is_a_user_error(tmp_path, capsys):
    code, _, err = cli(["ensemble", "ec-emissions-1994", "-n", "10", "--out", str(tmp_path)],
                       capsys)
    assert code == 2 and "gives no ranges" in err


def test_sensitivity_json_and_table(ranged_file, capsys):
    code, out, err = cli(["sensitivity", str(ranged_file), "--sobol-n", "512", "--format",
                          "json"], capsys)
    assert code == 0, err
    data = json.loads(out)
    assert data["tornado"]["forecast[emissions]"][0]["input"] == "position[UK,emissions]"
    assert set(data["sobol"]["inputs"]) == {"position[UK,emissions]",
                                            "salience[Germany,emissions]"}
    code, out, _ = cli(["sensitivity", str(ranged_file), "--sobol-n", "256"], capsys)
    assert code == 0 and "United Kingdom's position on Years" in out and "Sobol" in out


def test_deal_ensemble_table_shows_shares_to_three_decimals(tmp_path, capsys):
    # The EC case with the Netherlands' and the UK's reservations ranged on [0.3, 0.9]: the
    # deal options are the anchors 4, 7, 10 and a zone, when there is one, is option 7 alone
    # (tests/ensemble/test_ensemble.py::test_zone_of_agreement_frequency), so zone_share is
    # 1/3 in a variant with a zone and 0 otherwise: its mean is the zone's frequency / 3. The
    # table printed both to one decimal ("0.0" for a share of 0.011 beside "zone of agreement
    # exists in 100.0%"); now to three. JSON keeps the unrounded numbers.
    from accord.scenario.builtin import load_builtin
    from accord.scenario.model import OutsideOption

    s = load_builtin("ec-emissions-1994")
    for actor in ("Netherlands", "UK"):
        s.outside_options.append(OutsideOption(actor=actor, reservation=0.6,
                                               ranges={"reservation": (0.3, 0.9)}))
    path = tmp_path / "ec-deals.yaml"
    accord.save(s, path)
    args = ["ensemble", str(path), "--model", "deals", "-n", "120", "--seed", "8",
            "--executor", "inline", "--out", str(tmp_path / "e")]
    code, out, err = cli(args + ["--format", "json"], capsys)
    assert code == 0, err
    data = json.loads(out)
    freq = data["zone_of_agreement"]["frequency"]
    assert 0 < freq < 1
    share = next(o for o in data["outputs"] if o["output"] == "zone_share")
    assert share["mean"] == pytest.approx(freq / 3)
    assert share["quantiles"]["p95"] == pytest.approx(1 / 3)
    code, out, err = cli(args, capsys)
    assert code == 0, err
    row = next(line for line in out.splitlines() if "zone_share" in line or
               line.lstrip().lower().startswith("zone share"))
    assert f"{freq / 3:.3f}" in row.split() and "0.333" in row.split()
    row = next(line for line in out.splitlines() if line.split()[:1] == ["zone"])
    assert f"{freq:.3f}" in row.split() and "1.000" in row.split()


def test_model_ensemble_table_keeps_one_decimal(ranged_file, tmp_path, capsys):
    # Forecasts on the issue's own scale (4–10 years) stay at one decimal: 4.0 ≤ p5 ≤ p95 ≤ 10.0
    code, out, err = cli(["ensemble", str(ranged_file), "--model", "median", "-n", "50",
                          "--seed", "3", "--executor", "inline", "--out", str(tmp_path / "e")],
                         capsys)
    assert code == 0, err
    row = next(line for line in out.splitlines() if line.startswith("Years until"))
    numbers = [w for w in row.split() if w.replace(".", "").isdigit()]
    assert len(numbers) == 7 and all(len(w.split(".")[1]) == 1 for w in numbers)
