"""The exchange model's report: realised exchanges, their externalities, each round in JSON,
and sentences ("Russia moves 30.0 points on guarantees toward Ukraine; in return …").

>>> from accord.models.exchange import ExchangeParams, exchange
>>> from accord.models.oracles import decide_two_by_two
>>> e = exchange(decide_two_by_two(), ExchangeParams(rounds=1)).details["rounds"][0]["exchanges"][0]
>>> print(describe(e))
A2 moves 20.0 points on issue2 toward A1; in return A1 moves 100.0 points on issue1
toward A2; gains 5.000 (A2) and 5.000 (A1)
"""

from __future__ import annotations

from itertools import compress
from typing import Any

import numpy as np

from accord.models.base import weighted_mean
from accord.models.exchange.candidates import Candidates
from accord.models.text import Id, marked


def realised_records(cd: Candidates, realised: list[tuple]) -> dict[str, Any]:
    """The realised exchanges as columns (arrays in the order carried out; ``n`` of them), with
    the outcome of each supplier's issue before and after its move as the exchange saw it (for
    the externalities and the report)."""
    cols = ("e", "from_x", "from_y", "y_x", "y_y", "off_x", "off_y", "gain_x", "gain_y")
    out: dict[str, Any] = dict(zip(cols, (np.array(c) for c in zip(*realised))))
    if not realised:
        out = {name: np.zeros(0) for name in cols}
        out["e"] = np.zeros(0, dtype=int)
    e = out.pop("e")
    off_x, off_y = out.pop("off_x"), out.pop("off_y")
    out["n"] = len(realised)
    for name in ("X", "Y", "p", "q", "block", "start_x", "start_y"):
        out[name] = getattr(cd, name)[e]
    wq, wp, Dq, Dp = cd.w_xq[e], cd.w_yp[e], cd.D_q[e], cd.D_p[e]
    base_q = cd.S_q[e] + off_x - wq * out["start_x"]
    base_p = cd.S_p[e] + off_y - wp * out["start_y"]
    out["nbs_q"] = np.stack(((base_q + wq * out["from_x"]) / Dq, (base_q + wq * out["y_x"]) / Dq))
    out["nbs_p"] = np.stack(((base_p + wp * out["from_y"]) / Dp, (base_p + wp * out["y_y"]) / Dp))
    return out



def externalities(x, s, able, realised) -> np.ndarray:
    """Gains and losses of every actor from each realised exchange (decide's externalities).

    For an actor k on both issues: (|O_p⁰ − x_kp| − |O_p¹ − x_kp|)·s_kp + the same on q, with the
    outcomes before and after the exchange's moves and k's start-of-round positions; the two
    traders get the exchange's gains. Shape (exchanges, actors).
    """
    p, q = realised["p"], realised["q"]
    q0, q1 = realised["nbs_q"]
    p0, p1 = realised["nbs_p"]
    xp, xq, sp, sq = x[:, p].T, x[:, q].T, s[:, p].T, s[:, q].T
    ext = ((np.abs(p0[:, None] - xp) - np.abs(p1[:, None] - xp)) * sp
           + (np.abs(q0[:, None] - xq) - np.abs(q1[:, None] - xq)) * sq)
    ext = np.where(able[:, p].T & able[:, q].T, ext, 0.0)
    rows = np.arange(realised["n"])
    ext[rows, realised["X"]] = realised["gain_x"]
    ext[rows, realised["Y"]] = realised["gain_y"]
    return ext



def round_detail(t, x, voting, s, w, able, realised, n_cand, group, low, span, ids):
    """A round in JSON: its exchanges (in the issues' own units), outcomes and externalities."""
    actors, issues = ids
    unit = span / 100.0
    A, I = x.shape
    names = ("own", "inner_positive", "inner_negative", "outer_positive", "outer_negative")
    totals = np.zeros((len(names), A))
    exchanges = []
    if realised["n"]:
        ext = externalities(x, s, able, realised)
        pair_of = np.full((I, I), -1)
        k_idx, l_idx = np.triu_indices(I, 1)
        pair_of[k_idx, l_idx] = np.arange(len(k_idx))
        p, q, block = realised["p"], realised["q"], realised["block"]
        g = group[pair_of[p, q]]                                   # (n, A)
        inner = np.where(block[:, None] == 0, (g == 0) | (g == 3), (g == 1) | (g == 2))
        own = np.zeros_like(ext, dtype=bool)
        rows = np.arange(realised["n"])
        own[rows, realised["X"]] = True
        own[rows, realised["Y"]] = True
        third = ~own
        pos, neg = ext > 0, ext < 0
        for n, sel in enumerate((own, third & inner & pos, third & inner & neg,
                                 third & ~inner & pos, third & ~inner & neg)):
            totals[n] = np.where(sel, ext, 0.0).sum(axis=0)
        third = (third & (ext != 0)).tolist()

        def sides(actor, supply, demand, frm, y, start, gain, nbs):
            """Each exchange's side as a record, in the supply issue's own units."""
            u, lo = unit[supply], low[supply]
            columns = (actor.tolist(), supply.tolist(), demand.tolist(), (lo + frm * u).tolist(),
                       (lo + y * u).tolist(), ((y - frm) * u).tolist(), (lo + start * u).tolist(),
                       gain.tolist(), (lo + nbs[0] * u).tolist(), (lo + nbs[1] * u).tolist())
            return [{"actor": actors[a], "supply_issue": issues[i], "demand_issue": issues[d],
                     "from": f, "to": to, "move": m, "start": st, "gain": gn,
                     "mds_before": before, "mds_after": after}
                    for a, i, d, f, to, m, st, gn, before, after in zip(*columns)]
        r = realised
        side_i = sides(r["X"], q, p, r["from_x"], r["y_x"], r["start_x"], r["gain_x"], r["nbs_q"])
        side_j = sides(r["Y"], p, q, r["from_y"], r["y_y"], r["start_y"], r["gain_y"], r["nbs_p"])
        exchanges = [{"i": i, "j": j, "gain": min(i["gain"], j["gain"]),
                      "externalities": dict(compress(zip(actors, ext_row), third_row))}
                     for i, j, ext_row, third_row in zip(side_i, side_j, ext.tolist(), third)]
    # JSON has no NaN: an issue nobody weighs has no outcome (None).
    to_units = lambda v: [u if np.isfinite(u) else None for u in (low + v * unit).tolist()]  # noqa: E731
    mds = lambda pos: dict(zip(issues, to_units(weighted_mean(pos, w))))  # noqa: E731
    return {"round": t, "n_candidates": int(n_cand), "n_exchanges": realised["n"],
            "mds_start": mds(x), "mds_voting": mds(voting), "exchanges": exchanges,
            "externalities": {name: dict(zip(actors, totals[n].tolist()))
                              for n, name in enumerate(names)}}



def summary(rounds_detail: list[dict]) -> str:
    """One line: how many trades were made, and the first (most profitable) one of round 1."""
    return summary_marked(rounds_detail)[0]


def summary_marked(rounds_detail: list[dict]) -> tuple[str, list[list[int]]]:
    """:func:`summary` and the spans of the actor and issue ids in it
    (:func:`accord.models.text.marked`), so that names replace the ids and nothing else."""
    if not rounds_detail or not rounds_detail[0]["exchanges"]:
        return marked("no profitable exchange of positions between any two actors")
    first = rounds_detail[0]
    e = first["exchanges"][0]
    total = sum(r["n_exchanges"] for r in rounds_detail)
    return marked(f"{total} exchanges in {len(rounds_detail)} round(s); best in round 1: ",
                  *_describe_parts(e, Id, Id))


def describe(e: dict, names: dict[str, str] | None = None, issue_names: dict[str, str] | None = None,
             digits: int = 1) -> str:
    """An exchange in words: who moves how far on what, towards whom, and what each gains."""
    names = names or {}
    issue_names = issue_names or {}
    return "".join(_describe_parts(e, lambda a: names.get(a, a),
                                   lambda i: issue_names.get(i, i), digits))


def _describe_parts(e: dict, actor, issue, digits: int = 1) -> list[str]:
    """:func:`describe` in parts; ``actor`` and ``issue`` turn an id into its part."""
    i, j = e["i"], e["j"]
    ni, nj = actor(i["actor"]), actor(j["actor"])
    return [ni, f" moves {abs(i['move']):.{digits}f} points on ", issue(i["supply_issue"]),
            " toward ", nj, "; in return ", nj, f" moves {abs(j['move']):.{digits}f} points on ",
            issue(j["supply_issue"]), " toward ", ni, f"; gains {i['gain']:.3f} (", ni,
            f") and {j['gain']:.3f} (", nj, ")"]
