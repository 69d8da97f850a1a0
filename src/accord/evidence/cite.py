"""Citing a stored statement for a stance: the statement becomes the scenario's evidence.

`accord evidence link` and the web links page propose statements for each stance; when the
analyst accepts one, :func:`cite_statement` returns a new scenario in which the statement is an
:class:`~accord.scenario.model.Evidence` item (its quote, speaker, date) cited by the stance,
and its article a :class:`~accord.scenario.model.Source` (title, author, translator, dates,
address, as read from the article) — added once, however many of its statements are cited.

>>> from accord.scenario.builtin import load_builtin
>>> s = load_builtin("ec-emissions-1994")
>>> st = {"id": "st-1a2b", "source_id": "src-9f", "quote": "Wir wollen 1996.", "speaker":
...       "Germany", "speaker_name": "Bonn", "reported_by": None, "date": "1989-06-01"}
>>> new = cite_statement(s, st, {"title": "Die Zeit, 2 June 1989"}, "Germany", "emissions")
>>> new.stance("Germany", "emissions").evidence[-1], new.evidence_item("st-1a2b").source
('st-1a2b', 'src-9f')
"""

from __future__ import annotations

from typing import Any

from accord.errors import AccordError
from accord.scenario.model import Scenario

_SOURCE_FIELDS = ("title", "author", "translator", "original_language", "language",
                  "published", "original_published", "platform", "url", "reposted_by",
                  "reposter_opinion", "kind", "note")


def cite_statement(scenario: Scenario, statement: dict[str, Any], source: dict[str, Any],
                   actor: str, issue: str) -> Scenario:
    """A copy of ``scenario`` whose stance of ``actor`` on ``issue`` cites ``statement``.

    ``statement`` is a stored statement (:func:`accord.store.evidence.get_statement`) and
    ``source`` its article's source record (``get_source(...)["source"]``). Citing a statement
    the stance already cites changes nothing. AccordError when the stance does not exist.
    """
    stance = scenario.stance(actor, issue)
    if stance is None:
        raise AccordError(f"{scenario.id} has no stance of {actor!r} on {issue!r}; expected an "
                          "existing stance to cite the statement for")
    data = scenario.model_dump()
    sid = statement["source_id"]
    if all(s["id"] != sid for s in data["sources"]):
        entry = {k: source.get(k) for k in _SOURCE_FIELDS if source.get(k) not in (None, "")}
        entry.setdefault("title", source.get("title") or sid)
        data["sources"].append({"id": sid, **entry})
    eid = statement["id"]
    if all(e["id"] != eid for e in data["evidence"]):
        actors = {a.id for a in scenario.actors}
        speaker = statement.get("speaker")
        data["evidence"].append({
            "id": eid, "source": sid, "quote": statement["quote"],
            "speaker": speaker if speaker in actors else statement.get("speaker_name"),
            "reported_by": statement.get("reported_by"), "date": statement.get("date"),
            "note": "cited from a stored statement (accord evidence link)"})
    for st in data["stances"]:
        if st["actor"] == actor and st["issue"] == issue and eid not in st["evidence"]:
            st["evidence"].append(eid)
    return Scenario.model_validate(data)
