"""The recommended forecast's candidate sets on the DEU training file, measured honestly.

For each candidate set (the forecasters whose singles, equal-weight mean, median and fitted
convex stack are the candidates, :func:`accord.validity.combine.candidates`) this prints the
candidate that 5-fold cross-validation by proposal chooses, its CV MAE (which flatters: it made
the choice), and nested cross-validation's Δ MAE to the salience-weighted mean (the whole choice
repeated without the issues it scores) for seed 0 with its proposal-bootstrap interval, and the
mean and range over seeds 0–4 with 5 and with 10 folds. The last line pools every set's
candidates into one selection, so that nested cross-validation also pays for choosing the set.

Sets: ``old8`` (the six models of issue 14 and the baselines), ``all11`` (every registered model
and the baselines: what ``accord backtest`` and the recommended model use), and the
procedure-aware variants — the capability-dependent models re-run with the Council's
Shapley–Shubik or Banzhaf voting power instead of its weights (``@ssi``, ``@bz``;
``DeuConvention.power``). Everything runs on the training file only (``docs/validity.md``).

    .venv/bin/python benchmarks/deu_candidates.py [--data ../shared/data/deu3/deu3_train.tsv]
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import numpy as np

from accord.models.recommended import MODELS
from accord.scenario.io.deu import DeuConvention
from accord.validity import backtest
from accord.validity.combine import Combination, candidates
from accord.validity.crossval import nested, select
from accord.validity.metrics import bootstrap_difference

SHARED = (Path(os.environ["ACCORD_SHARED"]) if os.environ.get("ACCORD_SHARED")
          else Path(__file__).resolve().parents[1].parent / "shared")
BASE = ["salience_weighted_mean", "median_unweighted"]
CAPABILITY_MODELS = ["compromise", "eum", "exchange", "median", "nash", "smp", "veto_players"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=SHARED / "data" / "deu3" / "deu3_train.tsv")
    args = ap.parse_args(argv)
    runs = {"": None, "@ssi": DeuConvention(power="shapley_shubik"),
            "@bz": DeuConvention(power="banzhaf")}
    F: dict[str, np.ndarray] = {}
    for tag, conv in runs.items():
        r = backtest(args.data, folds=0, resamples=1, convention=conv)
        F.update({f"{k}{tag}": v for k, v in r.forecasts.items()
                  if k in MODELS or (not tag and k in BASE)})
        print(f"in-sample MAE{tag or ' (weights)'}: " + ", ".join(
            f"{m} {r.summary['models'][m]['mae']:.2f}" for m in ("compromise", "nash", "exchange")))
    t = r.table
    y, sc, cl, m = t.outcome, t.scale, t.case_index, t.scoreable
    ref = np.where(m, np.abs(F["salience_weighted_mean"] - y) * sc, np.nan)
    old8 = ["compromise", "eum", "exchange", "median", "nash", "smp"] + BASE
    all11 = list(MODELS) + BASE
    sets = {
        "old8": old8, "all11": all11,
        "all11 + 3 mean-type @ssi": all11 + ["compromise@ssi", "nash@ssi", "exchange@ssi"],
        "all11 + 3 mean-type @bz": all11 + ["compromise@bz", "nash@bz", "exchange@bz"],
        "old8 @ssi": [f"{k}@ssi" for k in old8[:6]] + BASE,
        "all11 @ssi": [f"{k}@ssi" for k in MODELS] + BASE,
        "all11 @bz": [f"{k}@bz" for k in MODELS] + BASE,
        "all11 + capability models @ssi": all11 + [f"{k}@ssi" for k in CAPABILITY_MODELS],
        "all11 + capability models @ssi, @bz": all11 + [f"{k}@{c}" for c in ("ssi", "bz")
                                                        for k in CAPABILITY_MODELS],
    }
    pool = [Combination("single", (f,)) for f in sorted(set(sum(sets.values(), [])))]
    for fs in sets.values():
        pool += [Combination(rule, tuple(fs)) for rule in ("mean", "median", "stack")]

    def nested_delta(cands, k, seed):
        n = nested(cands, F, y, sc, cl, m, k, seed)
        e = np.where(m, np.abs(n.forecast - y) * sc, np.nan)
        return e, float(np.nanmean(e) - np.nanmean(ref))

    print(f"{'candidate set':<38}{'n':>4}  {'chosen (5-fold CV)':<28}{'CV MAE':>7}  "
          f"{'nested Δ, seed 0 [95 %]':<26}{'seeds 0–4, 5 folds':>22}{'10 folds':>20}")
    for name, cands in [*[(k, candidates(v)) for k, v in sets.items()], ("pooled", pool)]:
        sel = select(cands, F, y, sc, cl, m, 5, 0)
        e0, _ = nested_delta(cands, 5, 0)
        d = bootstrap_difference(e0, ref, cl, resamples=2000, seed=0)
        five = [nested_delta(cands, 5, s)[1] for s in range(5)]
        ten = [nested_delta(cands, 10, s)[1] for s in range(5)]
        chosen = sel.chosen.name if sel.chosen.rule == "single" else \
            f"{sel.chosen.rule} of {len(sel.chosen.components)}"
        print(f"{name:<38}{len(cands):>4}  {chosen:<28}{sel.cv_mae[sel.chosen.name]:>7.2f}  "
              f"{d['difference']:+.2f} [{d['low']:+.2f}, {d['high']:+.2f}]".ljust(26 + 80)[:80 + 26]
              .rstrip().ljust(0) + f"   {np.mean(five):+.2f} ({min(five):+.2f}…{max(five):+.2f})"
              f"   {np.mean(ten):+.2f} ({min(ten):+.2f}…{max(ten):+.2f})", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
