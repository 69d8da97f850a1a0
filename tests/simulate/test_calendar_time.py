"""``accord simulate`` in calendar time: rounds of ``round_days`` days from the scenario's date,
judged by the horizon or the first hard deadline (accord.scenario.calendar), with and without a
mediator; bad dates and horizons are one clear line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from cli_helpers import cli

from accord.scenario import load
from accord.whether.agreement import assess

TALKS = "ukraine-talks-2026-01"
UNUSUAL = Path(__file__).parents[1] / "report" / "unusual_scenario.yaml"


def simulate_json(capsys, *args):
    code, out, err = cli(["simulate", *args, "--format", "json"], capsys)
    assert code == 0, err
    return json.loads(out)


@pytest.fixture
def summit(tmp_path) -> Path:
    """The unusual scenario (dated 2025-11-03) with weekly rounds, a horizon of 2026-06-30 and
    a hard deadline, a summit on 2026-03-01."""
    text = UNUSUAL.read_text(encoding="utf-8").replace(
        "date: 2025-11-03\n", "date: 2025-11-03\nhorizon: 2026-06-30\nround_days: 7\n"
        "deadlines:\n  - {date: 2026-03-01, label: summit, hard: true}\n")
    path = tmp_path / "summit.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_talks_deadline_and_horizon_by_hand(capsys):
    # 2026-01-30, 8 days a round, horizon 2026-12-31: 335 days, 335 // 8 = 41 rounds, the last
    # over on 2026-01-30 + 328 days = 2026-12-24 (1 day left of January, then 28 + 31 + 30 +
    # 31 + 30 + 31 + 31 + 30 + 31 + 30 = 303 to 30 November, 24 more).
    # The default 100 rounds end 800 days on: 335 to 2026-12-31, 365 to 2027-12-31, and 100
    # into leap-year 2028 (31 + 29 + 31 = 91 to 31 March): 2028-04-09.
    default = simulate_json(capsys, TALKS)
    cal = default["calendar"]
    assert (cal["start"], cal["round_days"], cal["horizon"], cal["end"]) == \
        ("2026-01-30", 8.0, "2026-12-31", "2026-12-31")
    assert cal["rounds_before_end"] == 41 and cal["hard_deadlines"] == []
    assert (cal["deadline_date"], cal["deadline_late"]) == \
        ("2028-04-09", "after the horizon 2026-12-31")
    for protocol in ("alternating", "mediator"):
        data = simulate_json(capsys, TALKS, "--until", "horizon", "--protocol", protocol)
        cal = data["calendar"]
        assert data["rounds"] == 41 and data["run"]["params"]["until"] == "horizon"
        assert (cal["deadline_date"], cal["deadline_late"]) == ("2026-12-24", None)
        if data["agreement"] is not None:  # struck in round r: r × 8 days after the date
            r = data["rounds_played"]
            assert cal["agreement_date"] == str(dt.date(2026, 1, 30) + dt.timedelta(days=8 * r))
            assert cal["agreement_late"] is None and r <= 41


def test_a_hard_deadline_ends_the_talks_before_the_horizon(summit, capsys):
    # 2025-11-03 to the summit, 2026-03-01: 27 + 31 + 31 + 28 + 1 = 118 days, 118 // 7 = 16
    # rounds; round 16 is over 112 days on, 2026-02-23; round 30, 210 days on, 2026-06-01.
    for protocol in ("alternating", "mediator"):
        data = simulate_json(capsys, str(summit), "--until", "horizon", "--protocol", protocol)
        cal = data["calendar"]
        assert data["rounds"] == 16 and cal["end"] == "2026-03-01"
        assert cal["hard_deadlines"] == [{"date": "2026-03-01", "label": "summit",
                                          "after_round": 16}]
        assert cal["deadline_date"] == "2026-02-23" and cal["deadline_late"] is None
    late = simulate_json(capsys, str(summit), "-r", "30")
    assert late["calendar"]["deadline_date"] == "2026-06-01"
    assert late["calendar"]["deadline_late"] == "after the hard deadline 'summit' (2026-03-01)"
    # `accord forecast --simulate` plays the same 16 rounds before the same date
    method = assess(load(summit), simulate=True).method
    assert "agreeing within 16 rounds of 7 days, before 2026-03-01" in method


def test_the_table_prints_the_dates(summit, capsys):
    code, out, err = cli(["simulate", str(summit), "--until", "2026-01-01"], capsys)
    # 2025-11-03 to 2026-01-01: 59 days, 8 rounds, the last over 56 days on: 2025-12-29
    assert code == 0, err
    assert ("calendar: round 1 begins 2025-11-03, 7 days a round; 16 rounds fit before the "
            "hard deadline 2026-03-01 (horizon 2026-06-30); round 8 ends 2025-12-29") in out
    assert "deadline 8 rounds" in out


@pytest.mark.parametrize("args, message", [
    (["--until", "2026-02-30"], "--until '2026-02-30': not a date; expected YYYY-MM-DD"),
    (["--until", "next week"], "--until 'next week': not a date"),
    (["--until", "2026-01-30"], "--until 2026-01-30: on or before the scenario's date 2026-01-30"),
    (["--until", "2026-02-05"], "--until 2026-02-05: no round of 8 days fits between 2026-01-30 "
                                "and 2026-02-05"),
    (["--until", "horizon", "--rounds", "5"], "--rounds and --until both set the deadline"),
])
def test_bad_until_is_one_line(args, message, capsys):
    code, _, err = cli(["simulate", TALKS, *args], capsys)
    assert code == 2 and err.startswith(f"error: {message}"), err


def test_until_without_a_calendar_names_what_is_missing(capsys):
    code, _, err = cli(["simulate", "ec-emissions-1994", "--until", "horizon"], capsys)
    assert code == 2 and err.startswith("error: --until: scenario 'ec-emissions-1994' states no "
                                        "date and round_days"), err


def test_rounds_of_minutes_to_a_far_horizon_are_refused_not_run(tmp_path, capsys):
    # 0.0001-day rounds to 9999-12-31: 2.9·10¹⁰ rounds. `accord forecast --simulate` ran for
    # minutes on it; now both commands refuse it at once.
    text = UNUSUAL.read_text(encoding="utf-8").replace(
        "date: 2025-11-03\n", "date: 2025-11-03\nhorizon: 9999-12-31\nround_days: 0.0001\n")
    path = tmp_path / "far.yaml"
    path.write_text(text, encoding="utf-8")
    code, _, err = cli(["simulate", str(path), "--until", "horizon"], capsys)
    assert code == 2 and "rounds of 0.0001 days fit before it; expected at most 10,000" in err
    code, _, err = cli(["forecast", str(path), "--simulate", "-m", "compromise"], capsys)
    assert code == 2 and err.startswith("error: round_days: ") and "at most 10,000" in err


@pytest.mark.parametrize("line, shown", [
    ("date: 2025-02-30", "date: 2025-02-30 is not a date (day is out of range for month)"),
    ("date: 2025-11-03\nhorizon: 2026-13-01", "horizon: 2026-13-01 is not a date (month must be "
                                              "in 1..12)"),
    ("date: 2025-11-03\ndeadlines:\n  - {date: 2026-04-31, label: x}",
     "date: 2026-04-31 is not a date"),
])
def test_a_day_that_does_not_exist_is_located(line, shown, tmp_path, capsys):
    # YAML reads these as dates and Python's calendar refuses them: it was a traceback.
    text = UNUSUAL.read_text(encoding="utf-8").replace("date: 2025-11-03", line)
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    number = next(n for n, t in enumerate(text.splitlines(), 1) if shown.split(" ")[1] in t)
    code, _, err = cli(["simulate", str(path)], capsys)
    assert code == 2 and err.startswith(f"error: {path}:{number}: {shown}"), err


def test_until_horizon_on_the_scenarios_own_date_says_what_to_change(tmp_path, capsys):
    """A horizon equal to the date is valid (agreement judged on the day itself) but leaves no
    round: --until horizon cannot be helped by 'a later date' — the horizon is the file's, so
    the message asks for a later horizon or a number of rounds. --rounds still runs, and the
    table says 0 rounds fit and that round 3 ends 21 days on, after the horizon."""
    text = UNUSUAL.read_text(encoding="utf-8").replace(
        "date: 2025-11-03\n", "date: 2025-11-03\nhorizon: 2025-11-03\nround_days: 7\n")
    path = tmp_path / "today.yaml"
    path.write_text(text, encoding="utf-8")
    code, _, err = cli(["simulate", str(path), "--until", "horizon"], capsys)
    assert code == 2 and err.strip() == (
        "error: --until the horizon 2025-11-03: on or before the scenario's date 2025-11-03; "
        "expected a scenario whose horizon (or first hard deadline) is after its date, or a "
        "number of rounds"), err
    code, out, err = cli(["simulate", str(path), "--rounds", "3"], capsys)
    assert code == 0, err
    assert ("0 rounds fit before the horizon 2025-11-03; round 3 ends 2025-11-24 (after the "
            "horizon 2025-11-03)") in " ".join(out.split())
