"""Ensembles: known distributions, outcome classes, reproducibility across executors, Parquet."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest

import accord.ensemble
from accord.ensemble import InputSpace, load_ensemble, run_ensemble, with_ranges
from accord.ensemble.executors import (ChunkResult, chunk_tasks, deals_available, make_runner,
                                       make_spool, receive, run_chunk, spool_result)
from accord.scenario.builtin import builtin_ids, load_builtin
from accord.scenario.model import OutsideOption

# The EC case (Scholz et al. 2011, Table 1): weight w = capability × salience per actor.
#   NL .08×.8=.064  BE .08×.4=.032  LU .03×.2=.006  DE .16×.8=.128  FR .16×.6=.096
#   IT .16×.6=.096  UK .16×.9=.144  IE .05×.1=.005  DK .05×1=.050   GR .08×.7=.056
# W = Σw = 0.677; Σ w·x = 5.003 (compromise 5.003/0.677 = 7.38996).
# With only the UK's position x uncertain the compromise is linear in it:
#   f(x) = (5.003 − 0.144·10 + 0.144·x) / 0.677 = (3.563 + 0.144·x) / 0.677.
W, REST, W_UK = 0.677, 3.563, 0.144


def f_uk(x):
    return (REST + W_UK * np.asarray(x)) / W


def test_linear_forecast_has_the_analytic_mean_and_quantiles(ec_uk_uniform, tmp_path):
    r = run_ensemble(ec_uk_uniform, "compromise", 2000, seed=11, executor="inline",
                     out=tmp_path, chunk_size=500)
    out = r.summary["outputs"][0]
    assert out["output"] == "forecast[emissions]" and out["n_defined"] == 2000
    # 1. the summary is exactly what a direct calculation on the drawn inputs gives
    x = r.column("position[UK,emissions]")
    direct = f_uk(x)
    assert np.allclose(r.column("forecast[emissions]"), direct, rtol=0, atol=1e-12)
    assert out["mean"] == pytest.approx(direct.mean(), abs=1e-12)
    assert out["std"] == pytest.approx(direct.std(ddof=1), abs=1e-12)
    for p in (5, 25, 50, 75, 95):
        assert out["quantiles"][f"p{p}"] == pytest.approx(np.quantile(direct, p / 100), abs=1e-12)
    # 2. and close to the population values: x ~ U[4, 10] → f(x) uniform on [f(4), f(10)]
    lo, hi = f_uk(4.0), f_uk(10.0)
    assert (lo, hi) == pytest.approx((6.11374, 7.38996), abs=1e-5)
    sd = (hi - lo) / np.sqrt(12)
    assert out["mean"] == pytest.approx((lo + hi) / 2, abs=4 * sd / np.sqrt(2000))
    assert out["std"] == pytest.approx(sd, rel=0.05)
    for p in (5, 25, 50, 75, 95):
        assert out["quantiles"][f"p{p}"] == pytest.approx(lo + (hi - lo) * p / 100, abs=0.03)
    assert sum(out["histogram"]["counts"]) == 2000


def test_outcome_class_probability(ec_uk_uniform, tmp_path):
    r = run_ensemble(ec_uk_uniform, "compromise", 2000, seed=5, executor="inline", out=tmp_path)
    classes = {c["id"]: c for c in r.summary["outcome_classes"]}
    x = r.column("position[UK,emissions]")
    # "early" is a forecast in [4, 6.999]: x ≤ (6.999·0.677 − 3.563)/0.144 = 8.16197…
    threshold = (6.999 * W - REST) / W_UK
    assert classes["early"]["count"] == int((x <= threshold).sum())
    p_early = (threshold - 4.0) / 6.0                           # 0.69366
    assert p_early == pytest.approx(0.69366, abs=1e-5)
    assert classes["early"]["probability"] == pytest.approx(p_early, abs=0.035)  # ~3.4 SE
    # "middle" is [7, 8.5]; the scenario leaves forecasts in (6.999, 7) in no class
    f = f_uk(x)
    assert classes["middle"]["count"] == int(((f >= 7) & (f <= 8.5)).sum())
    assert classes["late"]["count"] == 0


def ranged_ec():
    return with_ranges(load_builtin("ec-emissions-1994"), position=0.15, salience=0.2,
                       capability=0.3)


def test_same_summary_and_file_whatever_the_executor(tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    s = ranged_ec()
    runs, spools = {}, []
    # Pool and Dask workers hand results over through shared memory where this machine has it
    # ("spool"), through the executor otherwise ("wire"): both must give the same bytes.

    def recorded_spool():
        spools.append(make_spool())
        return spools[-1]

    monkeypatch.setattr(accord.ensemble, "make_spool", recorded_spool)
    for executor, workers, via in (("inline", 1, "-"), ("process", 2, "spool"),
                                   ("dask", 2, "spool"), ("process", 2, "wire"),
                                   ("dask", 2, "wire")):
        if via == "wire":
            monkeypatch.setattr(accord.ensemble, "make_spool", lambda: None)
        r = run_ensemble(s, "compromise", 2000, seed=2024, executor=executor, workers=workers,
                         out=tmp_path / f"{executor}{workers}{via}", chunk_size=250)
        assert r.summary["complete"] and r.summary["variants"] == 2000
        runs[executor, via] = (r.summary_path.read_bytes(), r.parquet.read_bytes())
    assert len(set(runs.values())) == 1, sorted(runs)
    assert len(spools) == 2 and not any(p and Path(p).exists() for p in spools)  # removed
    # another seed is another ensemble
    other = run_ensemble(s, "compromise", 2000, seed=2025, executor="inline",
                         out=tmp_path / "other", chunk_size=250)
    assert other.summary_path.read_bytes() != runs["inline", "-"][0]


def test_spooled_chunk_is_received_unchanged(tmp_path):
    s = ranged_ec()
    space = InputSpace.from_scenario(s)
    task = chunk_tasks(space, make_runner("compromise", s), 1000, 9, 300)[1]
    direct = run_chunk(task)
    spooled = run_chunk(task, str(tmp_path))
    assert not isinstance(spooled, ChunkResult) and spooled.path.startswith(str(tmp_path))
    got = receive(spooled)
    assert not list(tmp_path.iterdir())                   # the file is unlinked once mapped
    assert (got.index, got.start, len(got)) == (1, 300, 300)
    assert np.array_equal(got.values, direct.values)
    assert got.outputs.keys() == direct.outputs.keys()
    for name in direct.outputs:
        assert np.array_equal(got.outputs[name], direct.outputs[name])
    # a worker that cannot write the spool (another machine: no such directory) sends the result
    assert spool_result(direct, str(tmp_path / "elsewhere")) is direct
    assert receive(direct) is direct


def test_chunk_tasks_have_cheap_distinct_dask_tokens():
    tokenize = pytest.importorskip("dask.base").tokenize
    s = ranged_ec()
    space = InputSpace.from_scenario(s)
    runner = make_runner("compromise", s)
    a, b = chunk_tasks(space, runner, 600, 1, 300)
    again = chunk_tasks(InputSpace.from_scenario(s), runner, 600, 1, 300)[0]
    assert tokenize(a) == tokenize(again) != tokenize(b)
    assert tokenize(a) != tokenize(chunk_tasks(space, runner, 600, 2, 300)[0])


def test_parquet_round_trip(tmp_path):
    s = ranged_ec()
    r = run_ensemble(s, "compromise", 1000, seed=3, executor="inline", out=tmp_path,
                     chunk_size=300)
    table = pq.read_table(r.parquet)
    space = InputSpace.from_scenario(s)
    assert table.column_names == ["variant", "chunk", *space.names, "forecast[emissions]"]
    assert table.num_rows == 1000
    assert table.column("variant").to_pylist() == list(range(1000))
    assert table.column("chunk").to_pylist() == [k // 300 for k in range(1000)]
    assert pq.ParquetFile(r.parquet).metadata.num_row_groups == 1  # chunks gathered
    values = np.column_stack([table.column(n).to_numpy() for n in space.names])
    assert (values >= space.lows).all() and (values <= space.highs).all()
    # the stored inputs reproduce the stored forecasts
    from accord.models import get_model

    again = get_model("compromise").run(space.apply(values).arrays).forecast[:, 0]
    assert np.array_equal(again, table.column("forecast[emissions]").to_numpy())
    # the summary can be rebuilt from the file alone, and the JSON beside it is the same
    again = load_ensemble(r.parquet).summary
    assert again == r.summary == json.loads(r.summary_path.read_text())
    assert json.dumps(again, ensure_ascii=False, indent=2) + "\n" == r.summary_path.read_text()
    # ad-hoc questions are SQL over the file
    n_early = r.query('SELECT count(*) AS n FROM variants WHERE "forecast[emissions]" < 7')
    assert n_early.column("n")[0].as_py() == int((table.column("forecast[emissions]")
                                                  .to_numpy() < 7).sum())


@pytest.mark.parametrize("executor", ["inline", "process"])
def test_interrupt_keeps_finished_chunks(executor, tmp_path):
    calls = []

    def progress(done, total):  # Ctrl-C arrives while the second chunk is being collected
        calls.append(done)
        if len(calls) == 2:
            raise KeyboardInterrupt

    r = run_ensemble(ranged_ec(), "compromise", 4000, seed=1, executor=executor, workers=2,
                     out=tmp_path, chunk_size=100, progress=progress)
    assert r.interrupted and r.summary["complete"] is False
    kept = pq.read_table(r.parquet).column("variant").to_numpy()
    assert 200 <= kept.size < 4000 and kept.size % 100 == 0 and r.summary["variants"] == kept.size
    assert (np.diff(kept) > 0).all()                      # in variant order, whole chunks only
    if executor == "inline":
        assert kept.tolist() == list(range(200))
    assert not list(tmp_path.glob("*.partial"))


def ec_two_uncertain_reservations():
    """The EC case with the Netherlands' and the UK's reservations uniform on [0.3, 0.9]
    (stated 0.6), everybody else's 0."""
    s = load_builtin("ec-emissions-1994")
    for actor in ("Netherlands", "UK"):
        s.outside_options.append(OutsideOption(actor=actor, reservation=0.6,
                                               ranges={"reservation": (0.3, 0.9)}))
    return s


@pytest.mark.skipif(not deals_available(), reason="accord.deals is not in this checkout")
def test_zone_of_agreement_frequency(tmp_path):
    # One issue whose deal options are its anchors 4, 7, 10; the value of option x to an actor
    # at p is 1 − |x − p|/6. The Netherlands (at 4) values the options 1, .5, 0; the UK (at
    # 10) 0, .5, 1. Both reservations uniform on [0.3, 0.9], everybody else's 0: a zone of
    # agreement exists iff both reservations are ≤ 0.5 (only option 7 can then satisfy both):
    # P = (0.2/0.6)² = 1/9.
    s = ec_two_uncertain_reservations()
    r = run_ensemble(s, "deals", 900, seed=8, executor="inline", out=tmp_path,
                     distribution="uniform")
    nl = r.column("outside[Netherlands].reservation")
    uk = r.column("outside[UK].reservation")
    expected = int(((nl <= 0.5) & (uk <= 0.5)).sum())
    assert r.summary["zone_of_agreement"]["count"] == expected
    assert r.summary["zone_of_agreement"]["frequency"] == pytest.approx(1 / 9, abs=0.04)


@pytest.mark.skipif(not deals_available(), reason="accord.deals is not in this checkout")
def test_zone_of_agreement_respects_red_lines(tmp_path):
    # As above (options 4, 7, 10; only option 7 can satisfy both the Netherlands and the UK,
    # and only when both reservations are ≤ 0.5), now with red lines, which are hard as in
    # `accord deals`: the Netherlands accepts at most 7, the UK at least a line drawn around 7
    # (stated range [5, 9]). Option 7 is within both lines iff the UK's drawn line is ≤ 7, so
    # a zone exists iff NL ≤ 0.5, UK ≤ 0.5 and line ≤ 7 — and then it is option 7 alone, a
    # third of the 3 outcomes. (Before, red lines were ignored: a zone in every variant of the
    # built-in talks, whose Donbas red lines leave none.)
    s = ec_two_uncertain_reservations()
    s.stance("Netherlands", "emissions").red_line = {"value": 7.0, "side": "at_most"}
    s.stance("UK", "emissions").red_line = {"value": 7.0, "side": "at_least",
                                            "value_range": [5.0, 9.0]}
    r = run_ensemble(s, "deals", 900, seed=8, executor="inline", out=tmp_path,
                     distribution="uniform")
    nl = r.column("outside[Netherlands].reservation")
    uk = r.column("outside[UK].reservation")
    line = r.column("red_line[UK,emissions]")
    assert line.min() < 7 < line.max()
    expected = (nl <= 0.5) & (uk <= 0.5) & (line <= 7)
    assert 0 < expected.sum() < ((nl <= 0.5) & (uk <= 0.5)).sum()
    assert np.array_equal(r.column("zone"), expected.astype(float))
    assert np.array_equal(r.column("zone_share"), np.where(expected, 1 / 3, 0.0))
    assert r.summary["zone_of_agreement"]["count"] == int(expected.sum())


@pytest.mark.skipif("ukraine-talks-2026-01" not in builtin_ids(),
                    reason="the 2026 scenario is not in this checkout")
def test_deal_ensemble_of_the_built_in_talks_agrees_with_accord_deals(tmp_path):
    """Each deal variant's zone is the one `accord deals` (analyse, red lines hard) finds on
    that variant's scenario, checked variant by variant over real draws of the talks."""
    from accord.deals.solutions import analyse
    from accord.deals.space import OutcomeSpace
    from accord.ensemble.sample import scenario_variant

    s = load_builtin("ukraine-talks-2026-01")
    r = run_ensemble(s, "deals", 40, seed=3, executor="inline", out=tmp_path)
    space = InputSpace.from_scenario(s)
    values = np.column_stack([r.column(x.name) for x in space.inputs])
    for b, row in enumerate(values):
        o = OutcomeSpace.from_scenario(scenario_variant(s, space.inputs, row))
        a = analyse(o)
        assert r.column("zone")[b] == float(a.zone.size > 0)
        assert r.column("zone_share")[b] == a.zone.size / o.n_outcomes


@pytest.mark.skipif("ukraine-talks-2026-01" not in builtin_ids(),
                    reason="the 2026 scenario is not in this checkout")
def test_ukraine_talks_outcome_classes_match_the_forecasts(tmp_path):
    s = load_builtin("ukraine-talks-2026-01")
    r = run_ensemble(s, "compromise", 2000, seed=0, executor="inline", out=tmp_path)
    names = [x["name"] for x in r.summary["inputs"]]
    assert "position[russia,donbas]" in names
    assert any(n.startswith("outside[") for n in names)
    table = pq.read_table(r.parquet)
    for oc, entry in zip(s.outcome_classes, r.summary["outcome_classes"]):
        inside = np.ones(2000, bool)
        for issue, (lo, hi) in oc.ranges.items():
            x = table.column(f"forecast[{issue}]").to_numpy()
            inside &= (x >= lo) & (x <= hi)
        assert entry["id"] == oc.id and entry["count"] == int(inside.sum())


@pytest.mark.parametrize("model", ["eum", "compromise"])
def test_sub_batches_change_nothing_but_memory(model):
    """A chunk drawn once and given to the model whole, or a sub-batch at a time (same draws,
    same model generator in order), gives the very same numbers; the default sub-batch keeps
    each model call to 2^17 actor-issue cells (512 variants of the 29 × 8 talks)."""
    from dataclasses import replace

    from accord.ensemble.executors import default_sub_batch

    scenario = load_builtin("ukraine-talks-2026-01") if "ukraine-talks-2026-01" in \
        builtin_ids() else with_ranges(load_builtin("ec-emissions-1994"), position=0.1)
    space = InputSpace.from_scenario(scenario)
    cells = space.base.n_actors * space.base.n_issues
    sub = default_sub_batch(space)
    assert sub * cells <= 1 << 17 < 2 * sub * cells
    runner = make_runner(model, scenario)
    task = chunk_tasks(space, runner, 700, seed=4, chunk_size=700)[0]
    whole = run_chunk(replace(task, sub_batch=None))
    for size in (sub, 97, 1):
        if model == "eum" and size == 1:
            continue  # 700 single-variant EUM runs: slow and no more telling than 97
        parts = run_chunk(replace(task, sub_batch=size))
        assert np.array_equal(parts.values, whole.values)
        for name in whole.outputs:
            assert np.array_equal(parts.outputs[name], whole.outputs[name], equal_nan=True), name
