"""``accord explain`` and the explain page: why a model lands where it does, in words.

:func:`explain_context` takes :func:`accord.explain`'s result and adds what a reader needs:
names for actors, issues and inputs, the nearest anchor of each forecast, the evidence items
behind each input (speaker and quote), and one sentence each for the pivotal actor and every
pair of actors stuck apart; the round's log with names.
"""

from __future__ import annotations

from typing import Any

from accord.context.names import actor_name, input_label, issue_name, with_names


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


def explain_context(scenario, data: dict[str, Any]) -> dict[str, Any]:
    """:func:`accord.explain`'s result with names, anchors, evidence and sentences added.

    Returns ``{**data, "title", "model_title", "reasons"}``; ``reasons`` has per issue its
    ``name``, ``forecast`` and ``label``, ``pivot`` and ``pivot_text``, ``drivers`` (each with
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
            "drivers": drivers,
            "stuck": [dict(s, names=[actor_name(scenario, a) for a in s["actors"]],
                           text=stuck_sentence(scenario, s)) for s in r["stuck"]]})
    rounds = [dict(i, name=issue_name(scenario, i["issue"]),
                   moves=[with_names(scenario, m) for m in i["moves"]]) for i in data["issues"]]
    pairs = [dict(e, actor_name=actor_name(scenario, e["actor"]),
                  other_name=actor_name(scenario, e["other"])) for e in data["pairs"]]
    return {**data, "title": scenario.title, "model_title": get_model(data["model"]).title,
            "method": data["why"]["method"], "reasons": reasons, "rounds": rounds,
            "pairs_named": pairs}
