"""Ids into names without corrupting words (DEU actor ids are English words).

DEU (Thomson et al. 2006 data, ``../shared/data/deu3``) names its member states by their
two-letter codes: ``it`` is Italy, ``at`` Austria, ``be`` Belgium. Finding ids in finished
text turns "it stands at 50" into "Italy stands Austria 50"; the models therefore mark their
ids (:mod:`accord.models.text`) and only the marked spans are replaced.
"""

from __future__ import annotations

from types import SimpleNamespace as NS

from accord import load
from accord.context.explain import _named_moves
from accord.context.names import with_names
from accord.models.exchange.report import describe
from accord.models.status_quo import _stable_summary
from accord.models.text import Id, marked
from tests.shared_data import require_shared


def _deu():
    path = require_shared("data", "deu3", "deu3_train.tsv")
    return load(f"{path}#d00032")


def test_marked_template_with_id_words_keeps_the_words():
    s = _deu()
    # the sentence a new template would make: "it" and "at" appear as ids and as words
    text, spans = marked(Id("it"), " stands at 50 on ", Id("d00032i1"), "; it moves at round 3"
                         " toward ", Id("at"))
    assert with_names(s, text, spans) == ("Italy stands at 50 on documents: issue d00032i1; "
                                          "it moves at round 3 toward Austria")
    # what the whole-word guess makes of it (the bug this module exists for)
    assert with_names(s, "it stands at 50") == "Italy stands Austria 50"


def test_status_quo_summary_with_issue_ids_that_are_words():
    # issue ids "on" and "it": the template's own "on" must stay a word
    s = NS(actors=[], issues=[NS(id="on", name="Budget"), NS(id="it", name="Tax")])
    text, spans = _stable_summary(["on", "x", "it"], [True, False, True])
    assert text == "the status quo holds (empty win-set) on on, it"
    assert with_names(s, text, spans) == "the status quo holds (empty win-set) on Budget, Tax"


def test_exchange_summary_on_deu_names_only_ids():
    from accord.api import forecast

    s = _deu()
    res = forecast(s, models=["exchange"]).results["exchange"]
    text, spans = res.details["summary"], res.details["summary_ids"]
    ids = {a.id for a in s.actors} | {i.id for i in s.issues}
    assert spans and all(text[a:b] in ids for a, b in spans)
    e = res.details["rounds"][0]["exchanges"][0]
    # the same sentence written with names from the start (dict look-ups, no spans)
    named = describe(e, {a.id: a.name for a in s.actors}, {i.id: i.name for i in s.issues})
    total = sum(r["n_exchanges"] for r in res.details["rounds"])
    assert with_names(s, text, spans) == (f"{total} exchanges in {len(res.details['rounds'])} "
                                          f"round(s); best in round 1: {named}")


def test_explain_moves_are_written_in_names_from_the_log():
    s = _deu()
    pairs = [{"issue": "d00032i1", "actor": "it", "other": "at", "octant": "compromise-",
              "position": 50.0, "offer": 40.0, "taken": True},
             {"issue": "d00032i1", "actor": "be", "other": "it", "octant": "confrontation-",
              "position": 0.0, "offer": 25.5, "taken": True}]
    item = {"issue": "d00032i1", "moves": ["it compromises with at, moving from 50 to 40",
                                           "be loses a confrontation with it and moves from 0 "
                                           "to 25.5"]}
    assert _named_moves(s, pairs, item) == [
        "Italy compromises with Austria, moving from 50 to 40",
        "Belgium loses a confrontation with Italy and moves from 0 to 25.5"]
