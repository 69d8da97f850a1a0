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
    assert code == 0 and "position[UK,emissions]" in out and "Sobol" in out
