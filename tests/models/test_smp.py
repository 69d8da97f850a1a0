"""KTAB's Spatial Model of Politics against KTAB's own reference logs.

Oracles (outside Accord's code):
- ``../shared/oracles/20170530_ref-*.txt``: KTAB's logs for SOE-Pol-Comp (28 states) and
  dummyData_3Dim (11 states) with default parameters and seed 15455440707583219804. The tests
  parse the printed numbers — the fractional change per turn (``%.4f``), every actor's position
  on every dimension at every state (``%5.1f`` on 0–100) and the winning probabilities
  (``%.4f``) — and require Accord's run, printed the same way, to give the same text.
- research/models.md §4: SOE-Pol-Comp's final positions.
- The C++ standard's required outputs of ``std::mt19937_64`` (for KTAB's generator).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
from pathlib import Path

import numpy as np
import pytest

import accord
from accord.cli import main
from accord.errors import AccordError
from accord.models import get_model
from accord.models.ktab_rng import DEFAULT_SEED, MT19937_64, KtabRng, q_transform
from accord.models.smp import SMPParams, run_smp, run_smp_arrays
from accord.models.smp_log import ktab_log
import shared_data

DATA = shared_data.shared_path("data", "ktab")
ORACLES = shared_data.shared_path("oracles")
needs_shared = shared_data.needs_shared("data/ktab", "oracles/20170530_ref-SOE-Pol-Comp.txt",
                                         "oracles/20170530_ref-dummyData_3Dim.txt")


def parse_ktab_log(path: Path) -> dict:
    """The run's numbers as KTAB printed them: states, fractional changes, positions, probs."""
    lines = path.read_text(encoding="utf-8").splitlines()
    states = int(next(re.search(r"There were (\d+) states", l).group(1)
                      for l in lines if "There were" in l))
    fractional = [l.split(":")[1].split()[0] for l in lines if l.startswith("Fractional change")]
    start = lines.index(next(l for l in lines if l.startswith("History of actor positions")))
    positions, probs = {}, {}
    for line in lines[start + 1:]:
        if line.startswith("History of actors' winning"):
            continue
        m = re.match(r"(.+?), prob :(.*)$", line)
        if m:
            probs[m.group(1)] = m.group(2).split()
            continue
        m = re.match(r"(.+?), (.+?):(( +[0-9.]+)+) ?$", line)
        if m:
            positions[(m.group(1), m.group(2))] = m.group(3).split()
        elif line.strip() and probs:
            break
    return {"states": states, "fractional": fractional, "positions": positions, "probs": probs}


def accord_run(csv_name: str):
    scenario = accord.load(DATA / csv_name)
    return scenario, run_smp_arrays(scenario.to_arrays())


@needs_shared
@pytest.mark.parametrize("csv_name, log_name, n_states", [
    ("SOE-Pol-Comp.csv", "20170530_ref-SOE-Pol-Comp.txt", 28),
    ("dummyData_3Dim.csv", "20170530_ref-dummyData_3Dim.txt", 11),
])
def test_reproduces_ktab_reference_log(csv_name, log_name, n_states):
    ref = parse_ktab_log(ORACLES / log_name)
    assert ref["states"] == n_states
    scenario, result = accord_run(csv_name)
    run = result.run
    assert run.n_states == ref["states"]
    assert [f"{v:.4f}" for v in run.fractional_change] == ref["fractional"]
    for i, actor in enumerate(scenario.actors):
        for k, issue in enumerate(scenario.issues):
            mine = [f"{100 * v:5.1f}".strip() for v in run.positions[:, i, k]]
            assert mine == ref["positions"][(actor.name, issue.name)], (actor.name, issue.name)
        assert [f"{v:.4f}" for v in run.win_probability[:, i]] == ref["probs"][actor.name], \
            actor.name


@needs_shared
def test_log_format_lines_equal_ktab_lines():
    """`accord smp --format log` is diffable against KTAB's log: the same lines, byte for byte."""
    ref = (ORACLES / "20170530_ref-dummyData_3Dim.txt").read_text(encoding="utf-8").splitlines()
    scenario, result = accord_run("dummyData_3Dim.csv")
    mine = ktab_log(result.run, [a.name for a in scenario.actors],
                    [i.name for i in scenario.issues])
    pick = re.compile(r"Fractional|prob :|sDist|, Pstn\d:|There were|History of")
    assert [l for l in mine if pick.search(l)] == [l for l in ref if pick.search(l)]


@needs_shared
def test_soe_final_positions_match_models_md():
    # research/models.md §4, final positions (Policy/Competitive) after 28 states.
    expected = {"XJ": (43.2, 43.3), "LK": (43.2, 43.3), "ZG": (38.7, 28.8), "MK": (38.6, 28.8),
                "LH": (38.7, 28.8), "XS": (38.6, 29.5), "NEA": (38.7, 29.0),
                "MLR": (38.7, 29.0), "MEP": (38.7, 28.9), "MOF": (38.8, 30.7),
                "SHX": (38.8, 30.8), "HLJ": (38.8, 30.8), "WY": (15.0, 60.0)}
    scenario, result = accord_run("SOE-Pol-Comp.csv")
    assert result.positions.shape[0] == 28
    for i, actor in enumerate(scenario.actors):
        final = tuple(float(f"{v:.1f}") for v in result.positions[-1, i])
        assert final == expected[actor.name], actor.name


@needs_shared
def test_forecast_json_has_rounds_per_issue(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["forecast", str(DATA / "SOE-Pol-Comp.csv"), "--model", "smp", "--format", "json"])
    assert exc.value.code == 0
    data = json.loads(capsys.readouterr().out)
    policy = next(f for f in data["forecasts"] if f["issue"] == "Policy_Position")
    assert len(policy["rounds"]) == 28
    assert policy["rounds"][0]["positions"]["XJ"] == 30.0
    assert round(policy["rounds"][-1]["positions"]["XJ"], 1) == 43.2


@needs_shared
def test_smp_cli_log_and_params(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["smp", str(DATA / "dummyData_3Dim.csv"), "--format", "log"])
    assert exc.value.code == 0
    out = capsys.readouterr().out.splitlines()
    assert "There were 11 states, with 10 steps between them " in out
    with pytest.raises(SystemExit) as exc:
        main(["smp", str(DATA / "dummyData_3Dim.csv"), "--format", "json",
              "--param", "VotingRule=PropCbc", "--param", "max_turns=3"])
    data = json.loads(capsys.readouterr().out)
    assert data["params"]["voting_rule"] == "PropCbc" and data["states"] <= 4
    with pytest.raises(SystemExit) as exc:
        main(["smp", str(DATA / "dummyData_3Dim.csv"), "--param", "VotingRule=Loud"])
    assert exc.value.code == 2
    assert "voting_rule" in capsys.readouterr().err


@needs_shared
def test_min_turns_above_max_turns_is_refused(capsys):
    """KTAB's stop rule (smpStopFn: ``tooLong || (longEnough && quiet)``, tooLong = maxIter <=
    iter) stops at maxIter however high minIter is, so min_turns=50 with max_turns=3 ran 3 turns
    and dropped the minimum without a word: refused, on every interface (SMPParams). The
    default minimum (KTAB's 2) with max_turns=1 stays one turn, as KTAB runs it."""
    with pytest.raises(AccordError, match=r"min_turns = 50 and max_turns = 3: .*expected "
                                          r"min_turns ≤ max_turns"):
        SMPParams(min_turns=50, max_turns=3)
    with pytest.raises(AccordError, match="min_turns = 101 and max_turns = 100"):
        SMPParams(min_turns=101)                      # above KTAB's default maxIter of 100
    assert SMPParams(max_turns=1).max_turns == 1 and SMPParams(min_turns=3, max_turns=3)
    with pytest.raises(SystemExit) as exc:
        main(["smp", str(DATA / "SOE-Pol-Comp.csv"), "-p", "min_turns=50", "-p", "max_turns=3"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: smp parameters min_turns = 50 and max_turns = 3")
    with pytest.raises(SystemExit) as exc:
        main(["forecast", "ec-emissions-1994", "-m", "smp", "-p", "smp.min_turns=9",
              "-p", "smp.max_turns=4"])
    assert exc.value.code == 2 and "min_turns = 9 and max_turns = 4" in capsys.readouterr().err
    # One turn for a one-turn maximum: two states (the start and after turn 1).
    run = run_smp(np.array([[0.2], [0.8], [0.5]]), np.ones((3, 1)), np.array([1.0, 2.0, 1.0]),
                  SMPParams(max_turns=1))
    assert run.n_states == 2


def test_mersenne_twister_matches_the_cpp_standard():
    # [rand.predef]: the 10000th invocation of a default-constructed mt19937_64 is
    # 9981545732273789042; the first is 14514284786278117030 (widely tabulated).
    mt = MT19937_64(5489)
    assert mt.next() == 14514284786278117030
    for _ in range(9998):
        mt.next()
    assert mt.next() == 9981545732273789042


def test_ktab_generator_scrambles_and_scales():
    # q(n) = (n + 0xE08C1D668B756F83)(2n + 3) mod 2^64, by hand for n = 0 and n = 1.
    a = 0xE08C1D668B756F83
    assert q_transform(0) == (a * 3) % 2 ** 64
    assert q_transform(1) == ((1 + a) * 5) % 2 ** 64
    rng, mt = KtabRng(), MT19937_64(DEFAULT_SEED)
    assert rng.uniform_word() == q_transform(mt.next())
    # The same two steps compiled with g++/libstdc++ (std::mt19937_64 seeded with KTAB's
    # default seed, uniform_int_distribution over the full range, then q) printed these:
    rng = KtabRng()
    assert [rng.uniform_word() for _ in range(3)] == [
        8829599435757948110, 12618027246988786692, 7050861692229460114]
    # probSel: first index whose running sum reaches the draw.
    draws = KtabRng(42)
    u = KtabRng(42).uniform()
    assert draws.prob_select([0.25, 0.5, 0.25]) == (0 if u <= 0.25 else 1 if u <= 0.75 else 2)


def test_default_params_are_ktabs():
    p = SMPParams()
    assert (p.victory_prob_model, p.pce_model, p.state_transition, p.voting_rule,
            p.big_r_adjust, p.big_r_range, p.third_party_commit, p.inter_vec_brgn,
            p.bargn_model) == ("Linear", "Conditional", "Deterministic", "Proportional",
                               "OneThird", "Mid", "SemiCommit", "S2P2", "InitOnlyInterp")
    assert p.seed == 15455440707583219804
    assert SMPParams.from_ktab(VotingRule="Prop").voting_rule == "Proportional"
    with pytest.raises(AccordError):
        SMPParams(voting_rule="Loudest")


def three_dim():
    s = accord.load(DATA / "dummyData_3Dim.csv")
    return s.to_arrays()


@needs_shared
@pytest.mark.parametrize("override", [
    {"victory_prob_model": v} for v in ("Square", "Quartic", "Octic", "Binary")] + [
    {"pce_model": v} for v in ("MarkovIncentive", "MarkovUniform")] + [
    {"voting_rule": v} for v in ("Binary", "PropBin", "PropCbc", "Cubic", "ASymProsp")] + [
    {"big_r_adjust": v} for v in ("None", "Half", "TwoThirds", "Full")] + [
    {"big_r_range": v} for v in ("Min", "Max")] + [
    {"third_party_commit": v} for v in ("NoCommit", "FullCommit")] + [
    {"inter_vec_brgn": v} for v in ("S1P1", "S2PMax")] + [
    {"bargn_model": v} for v in ("InitRcvrInterp", "PWCompInterp")] + [
    {"state_transition": "Stochastic"}])
def test_every_variant_runs_and_keeps_invariants(override):
    arrays = three_dim()
    p = SMPParams(**override, max_turns=30)
    r = run_smp_arrays(arrays, p).run
    assert 3 <= r.n_states <= 31
    assert np.all((r.positions >= 0) & (r.positions <= 1))
    assert np.all((r.win_probability >= 0) & (r.win_probability <= 1 + 1e-12))
    # The distinct positions' probabilities sum to one in the final state.
    assert abs(float(np.sum(r.outcome_probability)) - 1.0) < 1e-8


@needs_shared
def test_stochastic_runs_repeat_for_a_seed_and_differ_between_seeds():
    arrays = three_dim()
    a = run_smp_arrays(arrays, SMPParams(state_transition="Stochastic")).run
    b = run_smp_arrays(arrays, SMPParams(state_transition="Stochastic")).run
    c = run_smp_arrays(arrays, SMPParams(state_transition="Stochastic", seed=12345)).run
    np.testing.assert_array_equal(a.positions, b.positions)
    assert a.positions.shape != c.positions.shape or not np.array_equal(a.positions, c.positions)


def test_hand_checked_two_actor_first_turn():
    """Two actors on one dimension, worked by hand from KTAB's formulas.

    A at 0.2 (capability 2, salience 0.5), B at 0.8 (capability 1, salience 0.5): d = 0.6.
    Risk-neutral utilities 1 / 0.4. Contest of B's position over A's: votes 2(0.4 − 1) = −1.2
    and 1(1 − 0.4) = 0.6, so P[B > A] = 0.6/1.8 = 1/3; Conditional PCE: p ∝ (½·⅔, ⅓·½) =
    (⅔, ⅓). BigRRange Mid: R_A = (3·⅔ − (⅔ + 2·⅓))/(2·⅓) = 1, R_B = −½. BigRAdjust OneThird:
    A's estimate of B's R = (2·1 − ½)/3 = ½, B's of A's = (2(−½) + 1)/3 = 0.
    Utilities (1 − d)(1 + dR): by A, u_A(B) = .4·1.6 = .64 and u_B(A) = .4·1.3 = .52.
    A challenges B: contributions s·c·Δu = 1·(1 − .64) = .36 and .5·(.52 − 1) = −.24, so
    P = .36/.60 = .6; gain = ½·2 + ½(.6·2 + .4·1.28) − 1.64 = 0.216.
    B challenges A (B's estimates: u_B(A) = .4·.7 = .28, u_A(B) = .4): contributions
    .5·(1 − .28) = .36 and 1·(.4 − 1) = −.6, P = .36/.96 = .375; gain = ½·2 + ½(.375·2 +
    .625·.56) − 1.28 = 0.27.
    A's bargain (S2P2): w_A = .25·.36 = .09, w_B = .25·.16 = .04 →
    ((.09 + 1e-6)·.2 + .04·.8)/.130001 = 0.38461… → 0.3846 for both.
    """
    from accord.models.smp import _state_utilities, interpolate_bargain
    from accord.models.smp_challenges import all_challenges

    pos = np.array([[0.2], [0.8]])
    sal = np.array([[0.5], [0.5]])
    cap = np.array([2.0, 1.0])
    p = SMPParams()
    d, risk, ut = _state_utilities(pos, pos, sal, cap, p)
    util = ut.table()
    np.testing.assert_allclose(d, [[0, 0.6], [0.6, 0]], atol=1e-15)
    np.testing.assert_allclose(risk, [1.0, -0.5], atol=1e-7)
    np.testing.assert_allclose([util[0, 0, 1], util[0, 1, 0], util[1, 1, 0], util[1, 0, 1]],
                               [0.64, 0.52, 0.28, 0.40], atol=1e-7)
    p_win, gain = all_challenges(ut, sal[:, 0] * cap, sal[:, 0], p)
    np.testing.assert_allclose([p_win[0, 1], p_win[1, 0]], [0.6, 0.375], atol=1e-7)
    np.testing.assert_allclose([gain[0, 1], gain[1, 0]], [0.216, 0.27], atol=1e-7)
    b_a, b_b = interpolate_bargain(pos[:1], sal[:1], np.array([0.6]), pos[1:], sal[1:],
                                   np.array([0.4]), "S2P2")
    assert float(b_a[0, 0]) == 0.3846 and float(b_b[0, 0]) == 0.3846
    run = run_smp(pos, sal, cap, SMPParams(max_turns=1))
    # B's bargain is (0.3588, 0.3588) by the same formula with P = .375; each actor ends at its
    # status quo or one of the two bargains.
    assert float(run.positions[1, 0, 0]) in (0.2, 0.3846, 0.3588)


def test_model_runs_on_any_scenario_and_reports_rounds():
    spec = get_model("smp")
    assert spec.iterative and spec.in_default_forecast
    res = spec.run(accord.load("ec-emissions-1994").to_arrays())
    assert res.forecast.shape == (1,)
    assert 4.0 <= float(res.forecast[0]) <= 10.0
    assert res.rounds.positions.shape[0] == res.details["states"]
    assert res.details["summary"].startswith(f"{res.details['states']} states")


@needs_shared
def test_schedule_read_from_ktab_log_replays_deterministic_run():
    from accord.models.smp_log import parse_ktab_schedule

    text = (ORACLES / "20170530_ref-SOE-Pol-Comp.txt").read_text(encoding="utf-8")
    schedule = parse_ktab_schedule(text)
    assert len(schedule.bargains) == len(schedule.actors) == 27  # one per turn
    assert sorted(schedule.actors[0]) == list(range(13))
    scenario = accord.load(DATA / "SOE-Pol-Comp.csv")
    replayed = run_smp_arrays(scenario.to_arrays(), schedule=schedule).run
    ref = parse_ktab_log(ORACLES / "20170530_ref-SOE-Pol-Comp.txt")
    assert [f"{v:.4f}" for v in replayed.fractional_change] == ref["fractional"]


SMP_EXAMPLE_LOG = "20170530_ref-smpExample.txt"


def smp_example_log() -> Path:
    """KTAB's log of its stochastic smpExample run: ``$KTAB_LOGS/`` (KTAB's examples/smp/doc)
    if set — then it must be there — else the shared oracles, where it is not yet: until it is
    copied there, the test is skipped (it is a reference beyond the shared data, not a missing
    oracle)."""
    if os.environ.get("KTAB_LOGS"):
        path = Path(os.environ["KTAB_LOGS"]) / SMP_EXAMPLE_LOG
        if not path.exists():
            pytest.fail(f"KTAB_LOGS is set but {path} does not exist", pytrace=False)
        return path
    path = ORACLES / SMP_EXAMPLE_LOG
    if not path.exists():
        pytest.skip(f"KTAB's {SMP_EXAMPLE_LOG} is not among the shared oracles; copy it there "
                    "from KTAB's examples/smp/doc (MIT), or set KTAB_LOGS to that folder")
    return path


@pytest.mark.reference
@needs_shared
def test_stochastic_run_replays_ktab_smp_example(tmp_path):
    """KTAB's smpExample: Stochastic, MarkovIncentive, PropCbc, ideal adjustment, seed from XML.

    KTAB's own log of it (examples/smp/doc/20170530_ref-smpExample.txt in KTAB's repository) is
    reproduced line for line once the thread order it records is replayed. The shared copy of
    smpExample.xml has Alice's first coordinate blanked; KTAB's log shows it read 52.8.
    """
    log = smp_example_log()
    xml = tmp_path / "smpExample.xml"
    xml.write_text((DATA / "smpExample.xml").read_text(encoding="utf-8-sig").replace(
        "<dCoord></dCoord>", "<dCoord>52.8</dCoord>", 1), encoding="utf-8")
    assert parse_ktab_log(log)["states"] == 15
    pick = re.compile(r"Fractional|prob :|Dim:|YADN:")
    ref_lines = [l for l in log.read_text(encoding="utf-8").splitlines() if pick.search(l)]
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf), pytest.raises(SystemExit):
        main(["smp", str(xml), "--format", "log", "--replay-log", str(log)])
    mine = [l for l in buf.getvalue().splitlines() if pick.search(l)]
    assert mine == ref_lines


def test_conversion_from_any_scenario():
    """Positions rescaled to [0, 1]; saliences kept when they sum to ≤ 1, else scaled to sum 1;
    actors without salience or capability left out (KTAB cannot run them)."""
    from accord.models.smp import ktab_inputs
    from accord.scenario.arrays import ScenarioArrays

    position = np.array([[4.0, 0.0], [10.0, 50.0], [7.0, 100.0], [5.0, 50.0]])
    salience = np.array([[0.8, 0.6], [0.3, 0.2], [0.5, 0.5], [0.0, 0.0]])
    capability = np.array([[1.0, 1.0], [2.0, 4.0], [1.0, 1.0], [1.0, 1.0]])
    has = np.array([[True, True], [True, True], [True, True], [False, False]])
    arrays = ScenarioArrays(("a", "b", "c", "d"), ("years", "share"), position, salience,
                            capability, has, np.array([4.0, 0.0]), np.array([10.0, 100.0]))
    x, sal, cap, active = ktab_inputs(arrays)
    np.testing.assert_allclose(x[:3], [[0.0, 0.0], [1.0, 0.5], [0.5, 1.0]])
    np.testing.assert_allclose(sal[:3], [[0.8 / 1.4, 0.6 / 1.4], [0.3, 0.2], [0.5, 0.5]])
    np.testing.assert_allclose(cap[:3], [1.0, 3.0, 1.0])
    assert active.tolist() == [True, True, True, False]
    result = get_model("smp").run(arrays)
    assert result.details["excluded_actors"] == ["d"]
    np.testing.assert_array_equal(result.rounds.positions[:, 3], np.tile([5.0, 50.0], (
        result.rounds.positions.shape[0], 1)))
    assert 4.0 <= result.forecast[0] <= 10.0 and 0.0 <= result.forecast[1] <= 100.0


def test_smp_cli_table_and_missing_replay_log(capsys, tmp_path):
    with pytest.raises(SystemExit) as exc:
        main(["smp", "ec-emissions-1994"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "KTAB SMP" in out and "expected outcome" in out
    with pytest.raises(SystemExit) as exc:
        main(["smp", "ec-emissions-1994", "--replay-log", str(tmp_path / "none.txt")])
    assert exc.value.code == 2
    assert "cannot read the KTAB log" in capsys.readouterr().err


@needs_shared
def test_stochastic_draws_come_from_the_generator_given():
    """With ``rng`` the Stochastic transitions draw from it — one uniform per actor per turn, as
    KTAB's threads do (they draw even when the only option is the status quo) — and without it
    from KTAB's generator seeded with ``params.seed`` (the stream of KTAB's logs)."""
    arrays = three_dim()
    p = SMPParams(state_transition="Stochastic", max_turns=12)
    g = np.random.default_rng(2024)
    run = run_smp_arrays(arrays, p, rng=g).run
    turns, actors = run.n_states - 1, arrays.n_actors
    expected = np.random.default_rng(2024)
    expected.random(turns * actors)
    assert g.random() == expected.random()
    # the same generator state gives the same run; KTAB's stream (rng=None) is another one
    again = run_smp_arrays(arrays, p, rng=np.random.default_rng(2024)).run
    np.testing.assert_array_equal(run.positions, again.positions)
    ktab = run_smp_arrays(arrays, p).run
    other = [run_smp_arrays(arrays, p, rng=np.random.default_rng(s)).run for s in range(4)]
    assert any(o.positions.shape != ktab.positions.shape
               or not np.array_equal(o.positions, ktab.positions) for o in other)
    # the model entry point: rng=None keeps KTAB's stream, a seed draws from NumPy
    spec = get_model("smp")
    via_model = spec.run(arrays, p)
    np.testing.assert_array_equal(via_model.rounds.positions, run_smp_arrays(arrays, p).positions)
    seeded = spec.run(arrays, p, np.random.default_rng(2024))
    np.testing.assert_array_equal(seeded.rounds.positions,
                                  run_smp_arrays(arrays, p, rng=np.random.default_rng(2024))
                                  .positions)


@needs_shared
def test_stochastic_batch_members_draw_as_if_alone():
    # Member b of a batch draws from its own stream, member_streams(rng, B)[b] (the convention
    # of accord.randomness): exactly what it draws run alone with that stream.
    from accord.randomness import member_streams

    arrays = three_dim()
    p = SMPParams(state_transition="Stochastic", max_turns=8)
    batch = arrays.with_values(position=np.stack([arrays.position, arrays.position[::-1]]),
                               salience=np.stack([arrays.salience] * 2),
                               capability=np.stack([arrays.capability] * 2))
    spec = get_model("smp")
    together = spec.run(batch, p, np.random.default_rng(5))
    streams = member_streams(np.random.default_rng(5), 2)
    for b in range(2):
        alone = spec.run(batch.unbatched(b), p, streams[b])
        np.testing.assert_array_equal(together.forecast[b], alone.forecast)


@pytest.mark.parametrize("override", [{}, {"voting_rule": "PropCbc"}, {"voting_rule": "Binary"},
                                      {"victory_prob_model": "Octic"}, {"big_r_range": "Max"},
                                      {"third_party_commit": "NoCommit"},
                                      {"inter_vec_brgn": "S2PMax"}])
def test_batched_variants_run_exactly_as_alone(override):
    """Variants of a batch run turn by turn together (ensembles), and each variant's run is
    the one it has alone, to the last bit: states, positions, chances, challenges."""
    from accord.models.smp_batch import batchable, run_smp_batch

    p = SMPParams(**override, max_turns=20)
    assert batchable(p)
    g = np.random.default_rng(17)
    x = np.round(g.uniform(0, 1, (5, 9, 2)), 2)
    x[1, 3] = x[1, 4]                                   # two actors on one position
    s = g.uniform(0.05, 1, (5, 9, 2))
    s = s / s.sum(axis=2, keepdims=True) * g.uniform(0.3, 1, (5, 9, 1))
    c = g.uniform(1, 100, (5, 9))
    for b, run in enumerate(run_smp_batch(x, s, c, p)):
        alone = run_smp(x[b], s[b], c[b], p)
        assert run.n_states == alone.n_states
        assert np.array_equal(run.positions, alone.positions)
        assert np.array_equal(run.win_probability, alone.win_probability)
        assert run.fractional_change == alone.fractional_change
        assert run.challenges == alone.challenges
        assert np.array_equal(run.outcome_probability, alone.outcome_probability)
    assert not batchable(SMPParams(state_transition="Stochastic"))


def test_weighted_distance_adds_dimensions_in_ktab_order():
    """bvDiff as KTAB's loop writes it (one dimension after another, starting from 0), written
    out here: the vectorised weighted_distance (issue 18) gives the same bits on inputs whose
    magnitudes differ by 10¹⁶, where another order of the additions would round differently."""
    from accord.models.smp import weighted_distance

    def ktab_loop(ideal, position, salience):
        d = np.zeros((ideal.shape[0], position.shape[0]))
        ss = np.zeros(ideal.shape[0])
        for k in range(ideal.shape[1]):
            ds = (ideal[:, k][:, None] - position[:, k][None, :]) * salience[:, k][:, None]
            d = d + ds * ds
            ss = ss + salience[:, k] * salience[:, k]
        return np.sqrt(d / ss[:, None])

    rng = np.random.default_rng(18)
    for n in (1, 2, 9, 13):
        ideal = rng.random((7, n)) * np.array([1e8, 1e-8] * n)[:n]
        position, salience = rng.random((5, n)), rng.random((7, n))
        assert np.array_equal(weighted_distance(ideal, position, salience),
                              ktab_loop(ideal, position, salience))


def _plain_coalitions(weight, utility, rule):
    """KTAB's Model::coalitions written as its loops: the lower triangle, voter after voter."""
    from accord.models.smp_pce import vote

    n = utility.shape[1]
    c = np.full((n, n), 1e-8)
    for i in range(n):
        for j in range(i):
            pos = neg = 1e-8
            for k in range(len(weight)):
                v = float(vote(rule, weight[k], utility[k, i], utility[k, j]))
                pos = pos + max(v, 0.0)
                neg = neg + max(-v, 0.0)
            c[i, j], c[j, i] = pos, neg
    return c


@pytest.mark.parametrize("rule", ["Proportional", "Binary", "PropCbc", "ASymProsp"])
def test_contests_with_options_on_one_position_are_ktabs_loops(rule):
    """Large contests do each set of identical options once (issue 18): the coalitions are
    still those of KTAB's loops, bit for bit, with several options on one position."""
    from accord.models.smp_pce import coalitions, coalitions_stack

    g = np.random.default_rng(21)
    u = np.round(g.uniform(0, 1, (9, 40)), 2)
    u[:, [3, 17, 30]] = u[:, [1, 1, 2]]                 # options 1 = 3 = 17, 2 = 30
    w = g.uniform(1, 50, 9)
    expected = _plain_coalitions(w, u, rule)
    assert np.array_equal(coalitions(w, u, rule), expected)
    assert np.array_equal(coalitions_stack(w[None], u[None], rule)[0], expected)


@pytest.mark.parametrize("override", [{}, {"voting_rule": "PropCbc"}, {"voting_rule": "Binary"},
                                      {"third_party_commit": "NoCommit"},
                                      {"big_r_range": "Max"}])
@pytest.mark.parametrize("rounds_from, block_pairs", [(0, None), (64, None), (64, 300)])
def test_best_challenges_only_estimate_what_can_win_and_agree_with_the_plain_formulas(
        override, rounds_from, block_pairs, monkeypatch):
    """best_challenges leaves out the pairs whose gain is bounded below the best found (issue
    18). Its choice must be KTAB's bestChallenge (first j with the largest gain > 10⁻⁵) over
    the gains of the plain formulas (some_challenges, third party after third party), and its
    probability that gain's, to the last bit; cases with ties between actors on one position."""
    from accord.models import smp_challenges
    from accord.models.smp import MIN_SIG_EDU, _state_utilities
    from accord.models.smp_challenges import best_challenges, some_challenges

    # rounds_from 0: the pruned rounds on these small cases too (else one dense pass)
    monkeypatch.setattr(smp_challenges, "ROUNDS_FROM", rounds_from)
    if block_pairs:
        # small blocks: the dense pass takes its third parties in groups of a few, the last
        # one smaller (e.g. 10 actors: groups of 3, 3, 3, 1), and its rows in several blocks
        monkeypatch.setattr(smp_challenges, "BLOCK_PAIRS", block_pairs)
    g = np.random.default_rng(33)
    p = SMPParams(**override)
    for case in range(6):
        a = int(g.integers(3, 30))
        x = np.round(g.uniform(0, 1, (a, 2)), 1)
        x[1] = x[0]
        s = g.uniform(0.1, 1, (a, 2))
        s = s / s.sum(axis=1, keepdims=True) * g.uniform(0.3, 1, (a, 1))
        c = np.round(g.uniform(1, 100, a))
        ideal = x if case % 2 else np.clip(x + g.normal(0, 0.05, x.shape), 0, 1)
        _, _, ut = _state_utilities(x, ideal, s, c, p)
        w, total = s.sum(axis=1) * c, s.sum(axis=1)
        i, j = (v.reshape(-1) for v in np.indices((a, a)))
        p_win, gain = (v.reshape(a, a) for v in some_challenges(ut, w, total, i, i, i, j, p))
        target, p_target = best_challenges(ut, w, total, p, MIN_SIG_EDU)
        for h in range(a):
            eligible = [k for k in range(a) if k != h and gain[h, k] > MIN_SIG_EDU]
            want = max(eligible, key=lambda k: (gain[h, k], -k)) if eligible else -1
            assert target[h] == want
            if want >= 0:
                assert p_target[h] == p_win[h, want]


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8, 9, 12])
def test_markov_pces_same_bits_on_floats_and_on_arrays(monkeypatch, n):
    """Up to MARKOV_FLOATS_UPTO options the Markov PCEs iterate on Python floats, beyond it on
    arrays: the same operations in the same order, so either driver gives the same bits, on
    contests with ties (equal columns) and under every victory model."""
    from accord.models import smp_pce

    g = np.random.default_rng(n)
    for case in range(8):
        a = int(g.integers(1, 9))
        u = np.round(g.uniform(0, 1, (a, n)), 2)
        if n > 2 and case % 2:
            u[:, 2] = u[:, 0]
        w = np.round(g.uniform(0.5, 5, a), 1)
        vpm = smp_pce.VICTORY_PROB_MODELS[case % len(smp_pce.VICTORY_PROB_MODELS)]
        c = smp_pce.coalitions(w, u, ("PropCbc", "Binary", "ASymProsp")[case % 3])
        pv = smp_pce.victory_probabilities(vpm, c)
        out = {}
        for upto in (0, 99):
            monkeypatch.setattr(smp_pce, "MARKOV_FLOATS_UPTO", upto)
            out[upto] = (smp_pce.markov_incentive_pce(c, pv), smp_pce.markov_uniform_pce(pv))
        for floats, arrays in zip(out[99], out[0]):
            assert floats.dtype == arrays.dtype and floats.tobytes() == arrays.tobytes()


def test_markov_uniform_pce_two_options_by_hand():
    """Two options, P[0 beats 1] = a: the uniform chain's fixed point solves
    p0 = (½·2p0 + a(p0 + p1))/2 = (p0 + a)/2, so p = (a, 1 − a) (to KTAB's 10⁻⁶)."""
    from accord.models.smp_pce import markov_uniform_pce

    for a in (0.1, 0.37, 0.5, 0.9):
        p = markov_uniform_pce(np.array([[0.5, a], [1 - a, 0.5]]))
        assert abs(p[0] - a) < 2e-6 and abs(p[1] - (1 - a)) < 2e-6
