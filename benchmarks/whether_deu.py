"""Measure: does the whether layer tell which EU issues ended exactly at the reference point?

    .venv/bin/python benchmarks/whether_deu.py [--variants 200] [--spread 0.10]

On the DEU III training file (``../shared/data/deu3/deu3_train.tsv``, or ``$ACCORD_SHARED``):
every issue with a reference point (``rp``) and an outcome in 0–100 and at least three actors
with a position and a salience becomes a one-issue scenario — status quo ``rp``, the decision
rule of its procedure and voting rule — and :func:`accord.whether.agreement.assess` gives
P(change) = P(the win-set of the reference point is not empty). The truth is ``out != rp``.
Printed: the Brier score of P(change) against the base-rate forecast (the share of issues that
changed, p̄(1 − p̄)), at the stated numbers (P is 0 or 1) and over an ensemble in which every
position may lie ``--spread`` × 100 points either side (PERT); a confusion table; breakdowns
by voting rule. Nothing is fitted in the first two figures: the rule conventions and the spread
(0.10) were fixed before the first run, and no parameter is chosen on these issues. The third
figure calibrates the 0/1 verdict on the other issues only (leave one out) and says so.

Reader. The project's DEU reader (``accord.scenario.io.deu``, issue 14) is used; without it
(it landed after this script was written) the script parses the file itself, a minimal private
parse that gives the same figures on the training file:
member states carry their Council votes under the treaty in force at the proposal's
introduction (pre-Nice EU-15 62 of 87; Nice EU-25 232/321, EU-27 255/345, EU-28 260/352; after
1 November 2014 the Lisbon double majority is approximated by the Nice EU-28 votes with at least
16 member states in favour), member states without a recorded position count as indifferent
members (they accept any outcome), unanimity needs every member state with a position, the
Parliament is an extra veto player under co-decision (``COD``) when it has a position, and the
Commission sets the agenda (irrelevant to whether a win-set exists).

Not a test: the figure is reported by the engineer with the command that printed it.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

STATES = ("at", "be", "bu", "cr", "cy", "cz", "dk", "ee", "fi", "fr", "de", "el", "hu", "ie",
          "it", "lv", "lt", "lu", "mt", "nl", "pl", "pt", "ro", "si", "sk", "es", "se", "uk")
# Council votes: Art. 205(2) EC before Nice (EU-15); Treaty of Nice / Acts of Accession after.
PRE_NICE = {"de": 10, "fr": 10, "it": 10, "uk": 10, "es": 8, "be": 5, "el": 5, "nl": 5, "pt": 5,
            "at": 4, "se": 4, "dk": 3, "ie": 3, "fi": 3, "lu": 2}
NICE = {"de": 29, "fr": 29, "it": 29, "uk": 29, "es": 27, "pl": 27, "ro": 14, "nl": 13, "be": 12,
        "cz": 12, "el": 12, "hu": 12, "pt": 12, "at": 10, "bu": 10, "se": 10, "dk": 7, "ie": 7,
        "lt": 7, "sk": 7, "fi": 7, "cr": 7, "cy": 4, "ee": 4, "lv": 4, "lu": 4, "si": 4, "mt": 3}


def shared() -> Path:
    env = os.environ.get("ACCORD_SHARED")
    return Path(env) if env else ROOT.parent / "shared"


def number(cell: str) -> float | None:
    cell = cell.strip().replace(",", ".")
    if cell.lower() in ("", ".", "na", "nan", "n/a"):
        return None
    try:
        v = float(cell)
    except ValueError:
        return None
    return v if 0.0 <= v <= 100.0 else None


def intro_date(cell: str) -> dt.date | None:
    """dd-mm-yy, or the copy's spreadsheet mangling yy-mm-dd printed as 20yy-mm-dd."""
    cell = cell.strip()
    m = re.fullmatch(r"(\d{2})-(\d{2})-(\d{2,4})", cell)
    if m:
        d, mo, y = (int(g) for g in m.groups())
        y = y if y > 100 else (1900 + y if y >= 50 else 2000 + y)
        return dt.date(y, mo, d)
    m = re.fullmatch(r"(\d{2})(\d{2})-(\d{2})-(\d{2})", cell)   # "2014-07-04" read from 14-07-04
    if m:
        _, d, mo, y = (int(g) for g in m.groups())
        return dt.date(1900 + y if y >= 50 else 2000 + y, mo, d)
    return None


def council(day: dt.date):
    """(votes per member state, threshold share, least number of states in favour)."""
    if day < dt.date(2004, 5, 1):
        return PRE_NICE, 62 / 87, 0
    if day < dt.date(2007, 1, 1):
        votes = {k: v for k, v in NICE.items() if k not in ("bu", "ro", "cr")}
        return votes, 232 / 321, 0
    if day < dt.date(2013, 7, 1):
        return {k: v for k, v in NICE.items() if k != "cr"}, 255 / 345, 0
    if day < dt.date(2014, 11, 1):
        return NICE, 260 / 352, 0
    return NICE, 260 / 352, 16          # proxy for the Lisbon double majority (see docstring)


def private_scenarios(path: Path):
    """(issue id, Scenario, outcome) for every scoreable issue with a reference point."""
    from accord.scenario.model import Actor, Capability, Issue, Scenario, Stance
    from accord.scenario.rules import DecisionRule, StatusQuo

    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t"))
    header = rows[0]
    out = []
    for row in rows[2:]:                 # line 2 is the copy's GDP row, not DEU data
        d = dict(zip(header, row))
        rp, outcome = number(d.get("rp", "")), number(d.get("out", ""))
        day = intro_date(d.get("intro", ""))
        if rp is None or outcome is None or day is None:
            continue
        stances = {}
        for a in ("com", "ep", *STATES):
            pos, sal = number(d.get(f"p{a}", "")), number(d.get(f"s{a}", ""))
            if pos is not None and sal is not None:
                stances[a] = (pos, sal / 100.0)
        if len(stances) < 3:
            continue
        votes, share, least = council(day)
        members = [s for s in STATES if s in votes]
        with_position = [s for s in members if s in stances]
        veto = ["ep"] if d.get("proc", "").strip() == "COD" and "ep" in stances else []
        if d.get("counvte", "").strip().lower().startswith("unan"):
            rule = DecisionRule(kind="unanimity", veto_players=with_position + veto,
                                agenda_setter="com")
        else:
            rule = DecisionRule(kind="qualified_majority", members=members,
                                weights={s: float(votes[s]) for s in members},
                                threshold=share, min_members=least or None,
                                veto_players=veto, agenda_setter="com")
        actors = ["com", "ep", *members]
        iid = d["isnr"]
        s = Scenario(
            id=iid, title=iid, date=day,
            actors=[Actor(id=a, name=a) for a in actors],
            issues=[Issue(id=iid, name=d.get("prname", iid) or iid,
                          status_quo=StatusQuo(value=rp), decision_rule=rule)],
            stances=[Stance(actor=a, issue=iid, position=p, salience=max(sv, 0.0))
                     for a, (p, sv) in stances.items() if a in actors],
            capabilities=[Capability(actor=a, value=float(votes.get(a, max(votes.values()))))
                          for a in actors])
        out.append((iid, s, outcome, rule.kind))
    return out


def reader_scenarios(path: Path):
    """The same from the project's DEU reader, when it is installed (issue 14)."""
    from accord.scenario.io import deu  # noqa: F401 - raises ImportError until it lands

    data = deu.read_deu(path)
    out = []
    for row in data.rows:
        if row.outcome is None or not row.scoreable:
            continue
        s = deu.deu_scenario(data, row.issue)
        issue = s.issues[0]
        if issue.status_quo is None:
            continue
        out.append((row.issue, s, row.outcome, s.rule(issue.id).kind))
    return out


def brier(p, y) -> float:
    return sum((pi - yi) ** 2 for pi, yi in zip(p, y)) / len(y)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--variants", type=int, default=200)
    ap.add_argument("--spread", type=float, default=0.10)
    ap.add_argument("--file", type=Path, default=None)
    args = ap.parse_args()
    path = args.file or shared() / "data" / "deu3" / "deu3_train.tsv"
    if not path.exists():
        print(f"{path}: not found (set ACCORD_SHARED)", file=sys.stderr)
        return 2
    from accord.ensemble.sample import with_ranges
    from accord.whether.agreement import assess

    try:
        cases, reader = reader_scenarios(path), "accord.scenario.io.deu"
    except ImportError:
        cases, reader = private_scenarios(path), "private parse in this script (DEU reader not yet on main)"
    t0 = time.perf_counter()
    truth, stated, spread, kinds = [], [], [], []
    for _iid, s, outcome, kind in cases:
        rp = s.issues[0].status_quo.value
        truth.append(1.0 if outcome != rp else 0.0)
        stated.append(assess(s, n=0).probability)
        spread.append(assess(with_ranges(s, position=args.spread), n=args.variants,
                             seed=1).probability)
        kinds.append(kind)
    elapsed = time.perf_counter() - t0
    n = len(truth)
    base = sum(truth) / n
    b_base = brier([base] * n, truth)
    print(f"DEU III training file: {path}")
    print(f"reader: {reader}")
    print(f"issues with a reference point, an outcome and >= 3 actors: {n}; "
          f"ended exactly at the reference point: {n - int(sum(truth))} ({1 - base:.1%})")
    print(f"Brier of P(change): base rate {base:.3f} -> {b_base:.4f}")
    print(f"  whether layer, stated numbers (P in {{0, 1}}):        {brier(stated, truth):.4f}")
    print(f"  whether layer, positions ±{args.spread * 100:g} points, {args.variants} variants: "
          f"{brier(spread, truth):.4f}")
    # How much the verdict separates: the share that changed among issues it calls stable and
    # among those it calls open, and — fitted on the OTHER issues only (leave one out) — a
    # forecast that gives each issue the share of change among the other issues with its verdict.
    loo = []
    for k in range(n):
        same = [truth[j] for j in range(n) if j != k and stated[j] == stated[k]]
        loo.append(sum(same) / len(same) if same else base)
    calls = {v: [truth[k] for k in range(n) if stated[k] == v] for v in (0.0, 1.0)}
    print("  share that changed, among issues called stable / open: "
          + " / ".join(f"{sum(c) / len(c):.3f} ({len(c)})" if c else "— (0)"
                       for c in (calls[0.0], calls[1.0])))
    print(f"  verdict calibrated on the other issues (leave one out): {brier(loo, truth):.4f}")
    conf = Counter((int(round(p)), int(y)) for p, y in zip(stated, truth))
    print("  stated numbers, predicted change (rows) × changed (columns): "
          f"no/no {conf[(0, 0)]}, no/yes {conf[(0, 1)]}, yes/no {conf[(1, 0)]}, "
          f"yes/yes {conf[(1, 1)]}")
    for kind in sorted(set(kinds)):
        idx = [k for k, x in enumerate(kinds) if x == kind]
        y = [truth[k] for k in idx]
        b = sum(y) / len(y)
        print(f"  {kind}: {len(idx)} issues, base rate {b:.3f} (Brier {brier([b] * len(y), y):.4f});"
              f" stated {brier([stated[k] for k in idx], y):.4f};"
              f" spread {brier([spread[k] for k in idx], y):.4f}")
    print(f"{elapsed:.1f} s; load average {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
