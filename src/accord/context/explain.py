"""``accord explain`` and the explain page: why a model lands where it does, in words.

:func:`explain_context` takes :func:`accord.explain`'s result and adds what a reader needs:
names for actors, issues and inputs, the nearest anchor of each forecast, the evidence items
behind each input (speaker and quote), and one sentence each for the pivotal actor (for a
model whose forecast is not a weighted median, what it rests on instead) and every pair of actors stuck apart;
the round's log with names.
"""

from __future__ import annotations

from typing import Any

from accord.context.names import actor_name, input_label, issue_name


def _num(x: float | None) -> str:
    return "—" if x is None else f"{x:.3f}".rstrip("0").rstrip(".")


def _share(x: float) -> str:
    return f"{x:.0%}"


def pivot_sentence(scenario, issue, p: dict[str, Any] | None) -> str | None:
    """One sentence on the pivotal actor of an issue."""
    if p is None:
        return None
    who = actor_name(scenario, p["actor"])
    others = [actor_name(scenario, a) for a in p["at_median"] if a != p["actor"]]
    with_ = f" (with {', '.join(others)})" if others else ""
    label = issue.anchor_label(p["position"])
    near = f", “{label}”" if label else ""
    return (f"{who}{with_} holds the weighted median at {_num(p['position'])}{near}: "
            f"{_share(p['below'])} of the weight stands below it, {_share(p['above'])} above "
            f"and {_share(p['share_at_median'])} there; the forecast moves when "
            f"{'they move' if others else 'it moves'}.")


RULE_WORDS = {"unanimity": "unanimity", "qualified_majority": "qualified majority",
              "simple_majority": "simple majority", "single_actor": "one actor's decision"}


def _win_set(b: dict[str, Any]) -> str:
    return " ∪ ".join(f"[{_num(lo)}, {_num(hi)}]" for lo, hi in b["win_set"])


def _limits(scenario, b: dict[str, Any]) -> str:
    from accord.whether.winset import Limit

    return ", ".join(Limit(**x).describe(actor_name(scenario, x["actor"])) for x in b["limits"])


#: How many of the largest weight shares a weighted-mean sentence names.
TOP_SHARES = 3

#: What the weighted mean is taken over, per weighted-mean model.
MEAN_OF = {"compromise": "the positions",
           "exchange": "the votes after the last round of exchanges"}

LOSS_WORDS = {1.0: "linear loss", 2.0: "quadratic loss"}


def _mean_sentence(scenario, b: dict[str, Any]) -> str:
    """A weighted-mean forecast (:func:`accord.explanation.mean_basis`): the mean and the
    largest weight shares, each actor's pull on it."""
    top = b["shares"][:TOP_SHARES]
    rest = len(b["shares"]) - len(top)
    pulls = ", ".join(f"{actor_name(scenario, x['actor'])} {_share(x['share'])} at "
                      f"{_num(x['position'])}" for x in top)
    more = f" and {rest} more" if rest else ""
    # Only where the positions are the inputs does a move pass on as share × move; the
    # exchange model's votes come out of the trades, which a moved input changes too.
    direct = "; an actor moving by d moves it by its share × d" if b["model"] == "compromise" \
        else ""
    of = MEAN_OF.get(b["model"], "the final positions")
    return (f"The capability × salience weighted mean of {of} ({_num(b['mean'])}): every "
            f"actor pulls it in proportion to its weight share — {pulls}{more}{direct}.")


def _other_sentence(b: dict[str, Any]) -> str:
    """A forecast that is neither a weighted median nor a weighted mean
    (:func:`accord.explanation.other_basis`), in the words of the model's docs."""
    if b["kind"] == "nash_product":
        p = b["loss_exponent"]
        loss = LOSS_WORDS.get(p, f"loss exponent {_num(p)}")
        return ("The asymmetric Nash bargaining solution: the point that maximises the product "
                "of the actors' utility gains over the worst outcome of the scale, each raised "
                f"to its capability × salience ({loss}).")
    if b["kind"] == "expected_outcome":
        return ("The expected outcome of the final state: each distinct final position weighted "
                "by its chance of winning the Probabilistic Condorcet Election among the actors "
                "(KTAB's SMP).")
    parts = sorted((v, m) for m, v in b["components"].items() if v is not None)
    listed = ": " + ", ".join(f"{m} {_num(v)}" for v, m in parts) if parts else ""
    return (f"The median of the {len(parts) or 'component'} forecasts the component models "
            f"and baselines give on this issue{listed}.")


def basis_sentence(scenario, b: dict[str, Any] | None) -> str | None:
    """One sentence on what a forecast without a pivotal actor rests on
    (:func:`accord.explanation.basis`, :func:`~accord.explanation.mean_basis`,
    :func:`~accord.explanation.other_basis`): the win-set of the status quo, the veto players'
    or the agenda setter's choice in it, the bargain over what everyone prefers to it; the
    weighted mean and its largest weight shares; the Nash product, SMP's expected outcome, the
    median of the recommended forecast's components.

    >>> from accord.scenario import load
    >>> s = load("ec-emissions-1994")
    >>> basis_sentence(s, {"model": "exchange", "kind": "weighted_mean", "mean": 43.5,
    ...     "shares": [{"actor": "France", "position": 20.0, "share": 0.6}]})[:79]
    'The capability × salience weighted mean of the votes after the last round of ex'
    """
    if b is None:
        return None
    if b["kind"] == "weighted_mean":
        return _mean_sentence(scenario, b)
    if b["kind"] in ("nash_product", "expected_outcome", "median_of_models"):
        return _other_sentence(b)
    if b["kind"] == "no_status_quo":
        return "The issue states no status quo, so this model gives no forecast."
    sq = _num(b["status_quo"])
    rule = RULE_WORDS.get(b["rule"], b["rule"])
    closed = _limits(scenario, b)
    empty = (f"the win-set of the status quo ({sq}) under {rule} is empty — no change is "
             f"preferred to it by every actor the rule needs" + (f" ({closed})" if closed else ""))
    if b["kind"] == "status_quo_holds":
        setter = actor_name(scenario, b["setter"]) if b.get("setter") else "the agenda setter"
        head = {"veto_players": "The status quo holds: ",
                "agenda_setter": f"The status quo holds: nothing {setter} (the agenda setter) "
                                 "proposes can pass, as ",
                "compromise_sq": "The status quo holds: no outcome beats it for every actor "
                                 "with a stance, and "}[b["model"]]
        return head + empty + "."
    ws = f"the win-set of the status quo ({sq}) under {rule} is {_win_set(b)}"
    if b["model"] == "veto_players":
        if b["point"] == "midpoint":
            return f"The status quo can be changed: {ws}; the forecast is its middle."
        who = ", ".join(actor_name(scenario, a) for a in b["required"])
        return (f"The status quo can be changed: {ws}; the forecast is the point of it nearest "
                f"the capability × salience weighted mean ({_num(b['target'])}) of the actors "
                f"the rule needs ({who}).")
    if b["model"] == "agenda_setter":
        if b["kind"] == "no_setter":
            return "The rule names no agenda setter, so this model gives no forecast."
        setter = actor_name(scenario, b["setter"])
        why = "" if b["setter_named"] else \
            " (the rule names none: the actor with the largest capability × salience)"
        head = f"{setter} sets the agenda{why} at {_num(b['setter_position'])}; {ws}"
        return head + {
            "setter_ideal": ", which holds its ideal point: it proposes that, and it passes.",
            "setter_edge": ": it proposes the edge nearest its ideal, the furthest towards it "
                           "the rule lets through.",
            "setter_keeps_sq": ", and nothing in it is closer to its ideal than the status quo, "
                               "which it keeps."}[b["kind"]]
    if b["kind"] == "nash_over_consensus":
        lo, hi = b["consensus"]
        return (f"Nash bargaining with the status quo ({sq}) as the disagreement point, over the "
                f"outcomes every actor with a stance prefers to it ({_num(lo)} to {_num(hi)}): "
                f"the weighted mean would be {_num(b['mean'])}; the actors who gain least over "
                f"the status quo pull the outcome towards it.")
    return (f"No outcome beats the status quo ({sq}) for every actor with a stance; {ws}, and "
            f"the forecast is the point of it nearest the weighted mean ({_num(b['mean'])}).")


def stuck_sentence(scenario, s: dict[str, Any]) -> str:
    a, b = (actor_name(scenario, x) for x in s["actors"])
    xa, xb = (_num(x) for x in s["positions"])
    if s["kind"] == "stalemate":
        return (f"{a} ({xa}) and {b} ({xb}) end in stalemate: neither expects to gain by "
                f"challenging the other (round {s['round']}).")
    return f"{a} ({xa}) and {b} ({xb}) stay apart: neither moves in the whole run."


def evidence_brief(scenario, evidence_id: str) -> dict[str, Any]:
    """An evidence item in a line: id, speaker, quote, source title."""
    try:
        ev = scenario.evidence_item(evidence_id)
    except KeyError:
        return {"id": evidence_id, "speaker": None, "quote": None, "source": None}
    try:
        source = scenario.source(ev.source).title
    except KeyError:
        source = None
    speaker = actor_name(scenario, ev.speaker) if ev.speaker else None
    return {"id": ev.id, "speaker": speaker, "quote": ev.quote,
            "translation": ev.translation, "source": source}


def _named_moves(scenario, pairs: list[dict[str, Any]], item: dict[str, Any]) -> list[str]:
    """The moves of an issue's round in names, written again from the log entries (actor,
    other, octant, positions) rather than by finding ids in the id sentences: an id may be a
    word of the sentence (DEU's Italy is ``it``, Austria ``at``)."""
    from accord.models.eum import sentence

    name = lambda a: actor_name(scenario, a)  # noqa: E731
    taken = [e for e in pairs if e["issue"] == item["issue"] and e["taken"]]
    if len(taken) != len(item["moves"]) or not all("octant" in e for e in taken):
        # no log to write them from: the sentences as they are, ids and all
        return list(item["moves"])
    return [sentence(name(e["actor"]), name(e["other"]), e["octant"], e["position"],
                     e["offer"], e["taken"]) for e in taken]


def explain_context(scenario, data: dict[str, Any]) -> dict[str, Any]:
    """:func:`accord.explain`'s result with names, anchors, evidence and sentences added.

    Returns ``{**data, "title", "model_title", "reasons"}``; ``reasons`` has per issue its
    ``name``, ``forecast`` and ``label``, ``pivot`` and ``pivot_text`` (median models), ``basis_text`` (what
    any other model's forecast rests on, :func:`basis_sentence`), ``drivers`` (each with
    ``label`` and ``evidence`` as :func:`evidence_brief` dicts), ``stuck`` with ``text``; and
    ``rounds`` (the round's issues with ``name`` and the moves in names) and ``pairs`` with
    the actors' names.
    """
    from accord.models.base import get_model

    reasons = []
    for r in data["why"]["issues"]:
        issue = scenario.issue(r["issue"])
        drivers = [dict(d, label=input_label(scenario, d["input"]),
                        evidence=[evidence_brief(scenario, e) for e in d["evidence"]])
                   for d in r["drivers"]]
        reasons.append({
            "issue": r["issue"], "name": issue.name, "low": issue.low, "high": issue.high,
            "forecast": r["forecast"],
            "label": issue.anchor_label(r["forecast"]) if r["forecast"] is not None else None,
            "pivot": r["pivot"],
            "pivot_name": actor_name(scenario, r["pivot"]["actor"]) if r["pivot"] else None,
            "pivot_text": pivot_sentence(scenario, issue, r["pivot"]),
            "basis_text": basis_sentence(scenario, r.get("basis")),
            "drivers": drivers,
            "stuck": [dict(s, names=[actor_name(scenario, a) for a in s["actors"]],
                           text=stuck_sentence(scenario, s)) for s in r["stuck"]]})
    rounds = [dict(i, name=issue_name(scenario, i["issue"]),
                   moves=_named_moves(scenario, data["pairs"], i)) for i in data["issues"]]
    pairs = [dict(e, actor_name=actor_name(scenario, e["actor"]),
                  other_name=actor_name(scenario, e["other"])) for e in data["pairs"]]
    return {**data, "title": scenario.title, "model_title": get_model(data["model"]).title,
            "method": data["why"]["method"], "reasons": reasons, "rounds": rounds,
            "pairs_named": pairs}
