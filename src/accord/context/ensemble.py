"""What an ensemble says, for reading: outcome classes by family, outputs and inputs by name.

A scenario may list several *families* of outcome classes — on the built-in talks, where the
Donbas line ends up (three classes) and what kind of agreement it is (six) — and an ensemble
gives a probability to every class. Listed together they sum to 200 %; each family is a
partition and sums to at most 100 % on its own. :func:`outcome_families` finds the families
as the scenario lists them: consecutive classes that exclude one another (no forecast can fall
in two of them) belong to one family; a class that could hold the same forecast as one already
in the family starts the next.

These probabilities are *conditional on the model*: the share of variants whose forecast —
where the model says the parties settle if they settle — falls in the class. They say nothing
about whether the parties agree at all (that is P(agreement), in ``accord forecast``).

>>> from accord.scenario.builtin import load_builtin
>>> fams = outcome_families(load_builtin("ukraine-talks-2026-01").outcome_classes)
>>> [len(f) for f in fams]
[3, 6]
"""

from __future__ import annotations

from typing import Any

#: Said beside every table of outcome-class probabilities.
CONDITIONAL_NOTE = ("Conditional on the model: the share of variants whose forecast (where the "
                    "model says the parties settle, if they settle) falls in each class; not the "
                    "chance that they agree.")


def _ranges(oc) -> dict[str, tuple[float, float]]:
    r = oc["ranges"] if isinstance(oc, dict) else oc.ranges
    return {k: (float(v[0]), float(v[1])) for k, v in r.items()}


def exclusive(a, b) -> bool:
    """True when no forecast can lie in both classes: on some issue both constrain, their
    ranges do not overlap."""
    ra, rb = _ranges(a), _ranges(b)
    return any(ra[k][1] < rb[k][0] or rb[k][1] < ra[k][0] for k in ra.keys() & rb.keys())


def outcome_families(classes) -> list[list]:
    """The scenario's outcome classes in families (see the module docstring), in order."""
    families: list[list] = []
    for oc in classes:
        if families and all(exclusive(oc, other) for other in families[-1]):
            families[-1].append(oc)
        else:
            families.append([oc])
    return families


def _id(oc) -> str:
    return oc["id"] if isinstance(oc, dict) else oc.id


def grouped_outcome_classes(scenario, probabilities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """An ensemble's outcome-class probabilities grouped by family.

    ``probabilities`` is ``summary["outcome_classes"]`` of an ensemble (``{"id", "label",
    "count", "probability"}`` each). Each family says which issues it is about (names), its
    classes, their total and the share of variants in none of them.
    """
    by_id = {p["id"]: p for p in probabilities}
    issue_names = {i.id: i.name for i in scenario.issues}
    out = []
    for family in outcome_families(scenario.outcome_classes):
        rows = [by_id[_id(oc)] for oc in family if _id(oc) in by_id]
        if not rows:
            continue
        issues: list[str] = []
        for oc in family:
            issues += [k for k in _ranges(oc) if k not in issues]
        total = sum(r["probability"] or 0.0 for r in rows)
        out.append({"issues": issues, "about": ", ".join(issue_names.get(i, i) for i in issues),
                    "classes": rows, "total": round(total, 12),
                    "none": round(max(0.0, 1.0 - total), 12)})
    return out


#: Said beside the "× P(agreement)" column when the ensemble carries the whether (issue 13).
WHETHER_NOTE = ("× P(agreement): the class's share times the chance that the parties agree by "
                "the horizon, taking where they settle as independent of whether they do; "
                "\"no agreement\" holds the rest.")


def whether_of(summary: dict[str, Any]) -> dict[str, Any] | None:
    """The ensemble's P(agreement by the horizon) (the ``whether`` record its run carried,
    :func:`accord.whether.agreement.whether_record`) in one line, or None without it."""
    a = summary.get("agreement")
    if not a:
        return None
    by = a.get("by") or "the horizon"
    return {"probability": a["probability"], "by": a.get("by"),
            "line": f"P(agreement by {by}) = {a['probability']:.0%}",
            "method": summary.get("agreement_method"),
            "no_agreement": summary.get("no_agreement")}


def ensemble_context(scenario, summary: dict[str, Any]) -> dict[str, Any]:
    """An ensemble's summary (``EnsembleResult.summary``) with names and families added.

    Returns the summary's own keys plus ``outputs_named`` (each output with ``label``, the
    issue's name), ``families`` (:func:`grouped_outcome_classes`; with the whether each class
    also has ``probability_with_agreement``), ``whether`` (:func:`whether_of`) and ``note``
    (:data:`CONDITIONAL_NOTE`, and :data:`WHETHER_NOTE` with the whether).
    """
    from accord.context.names import input_label

    outputs = [dict(o, label=input_label(scenario, o.get("name") or o.get("output", "")))
               for o in summary.get("outputs", [])]
    families = grouped_outcome_classes(scenario, summary.get("outcome_classes") or [])
    whether = whether_of(summary)
    note = None
    if families:
        note = CONDITIONAL_NOTE + (" " + WHETHER_NOTE if whether else "")
    return {**summary, "outputs_named": outputs, "families": families, "whether": whether,
            "note": note}
