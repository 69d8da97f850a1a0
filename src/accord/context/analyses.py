"""Trades, the war fallback and sensitivity, for reading: the pages' and commands' contexts.

Each function calls the library (:func:`accord.trades`, :mod:`accord.deals.war`,
:func:`accord.ensemble.sensitivity.sensitivity`) and returns one JSON-able dict with the
scenario's names beside its ids, which the web page renders and serves as its ``.json`` twin.

>>> from accord.scenario.builtin import load_builtin
>>> w = war_context(load_builtin("ukraine-talks-2026-01"))
>>> [r["name"] for r in w["actors"]][:2]
['Russia', 'Ukraine']
"""

from __future__ import annotations

from typing import Any

from accord.errors import AccordError


def trades_context(scenario, variant: str = "equal-gain", top: int = 10,
                   seed: int = 0) -> dict[str, Any]:
    """What ``accord trades --format json`` prints: the most profitable exchanges of positions."""
    from accord.api import trades

    return {"scenario": scenario.id, "model": variant,
            "trades": trades(scenario, variant, top, seed)}


def war_context(scenario) -> dict[str, Any]:
    """Every actor's outside option and what no deal is worth to it under each fallback rule
    (the stated reservation, Fearon's war value p − c, the attrition value), with the rule each
    would actually use and the evidence behind it (:func:`accord.deals.war.reservation_values`).
    """
    from accord.deals.war import FALLBACK_RULES, reservation_values

    names = {a.id: a.name for a in scenario.actors}
    parties = [o.actor for o in scenario.outside_options]
    by_rule: dict[str, dict[str, tuple[float, str]] | str] = {}
    for rule in FALLBACK_RULES:
        try:
            by_rule[rule] = reservation_values(scenario, parties, prefer=rule)
        except AccordError as exc:
            by_rule[rule] = str(exc)
    actors = []
    for o in scenario.outside_options:
        values = {}
        for rule in FALLBACK_RULES:
            got = by_rule[rule]
            if isinstance(got, str):
                values[rule] = {"value": None, "how": got, "own_rule": False}
            else:
                v, how = got[o.actor]
                how = how.split(" [")[0]
                values[rule] = {"value": v, "how": how,
                                "own_rule": how.lower().startswith(rule)}
        actors.append({"actor": o.actor, "name": names.get(o.actor, o.actor),
                       "option": o.model_dump(mode="json", exclude_none=True),
                       "fallback": values, "evidence": list(o.evidence)})
    return {"scenario": scenario.id, "rules": list(FALLBACK_RULES), "actors": actors}


def war_models(query: dict[str, float]) -> list[dict[str, Any]]:
    """The four war models of :mod:`accord.deals.war` on the numbers ``query`` gives (the web
    page's calculator; ``accord war …`` prints the same). Models whose numbers are missing are
    left out; bad numbers give the model's own message."""
    from accord.deals.war import attrition_values, fearon_range, mutual_optimism, value_text

    out = []

    def run(name: str, needs: tuple[str, ...], fn):
        if not all(k in query for k in needs):
            return
        try:
            out.append({"model": name, **fn()})
        except AccordError as exc:
            out.append({"model": name, "error": str(exc)})

    q = query
    run("fearon", ("p", "cost_a", "cost_b"), lambda: (lambda r: {
        "low": r.low, "high": r.high, "exists": r.exists,
        "text": f"A's share of the pie both prefer to war: [{r.low:.4f}, {r.high:.4f}]"})(
        fearon_range(q["p"], q["cost_a"], q["cost_b"])))
    run("attrition", ("q_a", "q_b", "c_a", "c_b", "discount"), lambda: (lambda a: {
        "value_a": a.values[0], "value_b": a.values[1], "low": a.range.low,
        "high": a.range.high, "exists": a.range.exists, "warning": a.range.warning,
        "expected_duration": a.expected_duration,
        "text": f"value of fighting on: A {value_text(a.values[0])}, "
                f"B {value_text(a.values[1])}; "
                f"acceptable range for A's share [{a.range.low:.4f}, {a.range.high:.4f}]"})(
        attrition_values((q["q_a"], q["q_b"]), (q["c_a"], q["c_b"]), q["discount"])))
    run("mutual_optimism", ("p_a", "p_b", "cost_a", "cost_b"), lambda: (lambda t: {
        "sum_of_estimates": t.sum_of_estimates, "threshold": t.threshold,
        "range_exists": t.range_exists,
        "text": f"p_A + p_B = {t.sum_of_estimates:.4g} against 1 + c_A + c_B = "
                f"{t.threshold:.4g}: " + ("a bargaining range exists" if t.range_exists
                                          else "no bargaining range")})(
        mutual_optimism(q["p_a"], q["p_b"], q["cost_a"], q["cost_b"])))
    return out


def sensitivity_context(scenario, model: str = "compromise", sobol_n: int = 512,
                        top: int = 5, seed: int = 0) -> dict[str, Any]:
    """:func:`accord.ensemble.sensitivity.sensitivity` with every input and output in words."""
    from accord.context.names import input_label
    from accord.ensemble.sensitivity import sensitivity

    data = sensitivity(scenario, model, sobol_n=sobol_n, top=top, seed=seed)
    labels: dict[str, str] = {}
    for name, rows in data["tornado"].items():
        labels[name] = input_label(scenario, name)
        for r in rows:
            labels.setdefault(r["input"], input_label(scenario, r["input"]))
    return {**data, "labels": labels}
