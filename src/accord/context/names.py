"""Ids in words: what an analyst reads where the models and ensembles write ids.

An ensemble input is named ``position[russia,donbas]`` (:func:`accord.ensemble.sample.input_name`);
a reader wants "Russia's position on Donbas territory". These functions turn the names that
the library's results carry into the scenario's own names.

>>> from accord.scenario.builtin import load_builtin
>>> s = load_builtin("ec-emissions-1994")
>>> input_label(s, "position[Germany,emissions]")
"Germany's position on Years until the emission standards apply"
>>> input_label(s, "outside[Germany].win_probability")
"Germany's outside option: win probability"
>>> input_label(s, "forecast[emissions]")
'Years until the emission standards apply'
"""

from __future__ import annotations

import re
from typing import Any

_INPUT = re.compile(r"^(?P<kind>\w+)\[(?P<a>[^,\]]*)(?:,(?P<b>[^\]]*))?\](?:\.(?P<field>\w+))?$")

_KIND_WORDS = {"position": "position", "salience": "salience", "capability": "capability",
               "red_line": "red line"}


def actor_name(scenario, actor_id: str) -> str:
    """The actor's name, or the id itself when the scenario has no such actor."""
    for a in scenario.actors:
        if a.id == actor_id:
            return a.name
    return actor_id


def issue_name(scenario, issue_id: str) -> str:
    for i in scenario.issues:
        if i.id == issue_id:
            return i.name
    return issue_id


def possessive(name: str) -> str:
    """"Russia's", "United States'".

    >>> possessive("Russia"), possessive("United States")
    ("Russia's", "United States'")
    """
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def parse_input(name: str) -> dict[str, Any] | None:
    """``position[russia,donbas]`` → ``{"kind": "position", "actor": "russia", "issue":
    "donbas", "field": None}``; None for a name of another form.

    >>> parse_input("status_quo[donbas]")
    {'kind': 'status_quo', 'actor': None, 'issue': 'donbas', 'field': None}
    """
    m = _INPUT.match(name)
    if m is None:
        return None
    kind, a, b, field = m.group("kind"), m.group("a"), m.group("b"), m.group("field")
    if kind in ("status_quo", "forecast"):
        return {"kind": kind, "actor": None, "issue": a, "field": field}
    return {"kind": kind, "actor": a, "issue": b, "field": field}


def input_label(scenario, name: str) -> str:
    """An ensemble input or output name in the scenario's words (the name itself if unknown)."""
    p = parse_input(name)
    if p is None:
        return name
    kind = p["kind"]
    if kind == "forecast":
        return issue_name(scenario, p["issue"])
    if kind == "status_quo":
        return f"status quo on {issue_name(scenario, p['issue'])}"
    who = possessive(actor_name(scenario, p["actor"]))
    if kind == "outside":
        return f"{who} outside option: {(p['field'] or 'value').replace('_', ' ')}"
    what = _KIND_WORDS.get(kind, kind.replace("_", " "))
    if p["issue"]:
        return f"{who} {what} on {issue_name(scenario, p['issue'])}"
    return f"{who} {what}"


def with_names(scenario, text: str, spans: list[list[int]] | None = None) -> str:
    """Models see only ids; analysts read names ("russia … arms_aid" → "Russia … Arms
    supplies").

    Parameters
    ----------
    scenario : Scenario
        Whose actors' and issues' names to use.
    text : str
        A model's text.
    spans : list of [int, int], optional
        Where the ids are in ``text`` (:func:`accord.models.text.marked`, e.g. a model's
        ``details["summary_ids"]``). Only these spans are replaced, so an id that is also a
        word stays a word elsewhere: DEU's Italy is ``it`` and Austria ``at``. Without spans
        every whole-word id is replaced (``russia`` in ``russian`` stays), which is safe only
        for ids that are no words of the text; the library's own texts all pass spans.

    Returns
    -------
    str

    Examples
    --------
    >>> from accord.scenario.builtin import load_builtin
    >>> with_names(load_builtin("ec-emissions-1994"), "Germany moves on emissions")
    'Germany moves on Years until the emission standards apply'
    >>> from types import SimpleNamespace as NS
    >>> s = NS(actors=[NS(id="it", name="Italy"), NS(id="at", name="Austria")],
    ...        issues=[NS(id="i1", name="Budget")])
    >>> with_names(s, "it stands at 50 on i1", [[0, 2], [19, 21]])
    'Italy stands at 50 on Budget'
    """
    if spans is not None:
        actors = {a.id: a.name for a in scenario.actors}
        issues = {i.id: i.name for i in scenario.issues}
        out, at = [], 0
        for start, end in sorted(spans):
            key = text[start:end]
            out += [text[at:start], actors.get(key) or issues.get(key) or key]
            at = end
        return "".join(out) + text[at:]
    names = {a.id: a.name for a in scenario.actors} | {i.id: i.name for i in scenario.issues}
    names = {k: v for k, v in names.items() if k != v}
    if not names:
        return text
    # A name the text already shows is kept whole: the issue "border" named "Where the border
    # runs" must not become "Where the Where the border runs runs" (the whether line names its
    # issues itself). Names are tried first at each position, then whole ids.
    shown = sorted({v for v in names.values() if v}, key=len, reverse=True)
    pattern = re.compile("(" + "|".join(re.escape(v) for v in shown) + r")|(?<![\w-])("
                         + "|".join(re.escape(k) for k in sorted(names, key=len, reverse=True))
                         + r")(?![\w-])")
    return pattern.sub(lambda m: m.group(1) or names[m.group(2)], text)
