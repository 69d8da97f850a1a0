"""Whether a candidate the rules found is a statement at all (round 7).

The rules propose a candidate wherever a speech, stance or deliberation predicate has a
subject. Some kinds of candidate were almost never a labelled statement on text the rules were
not written on (``docs/evidence.md``, "Round 7"; speaker+issue matches / statements of that
kind on the four sets demoted to development data — heldout, heldout2, heldout3, heldout4 —
before the change):

- a deliberation predicate ("Israel und die Hamas verhandeln nicht direkt", "X and Y will
  discuss …"): an action of the talks, which the labelling rules leave out as background
  (0 of 8);
- a speaker that is a medium or a name the rules could not classify (neither a scenario actor,
  a person, a state, an organisation nor unnamed sources): a medium passes on what others say
  ("AP has reported that …") and an unclassified name is mostly a medium or a place the rules
  did not know ("WAM", "UNN", "Südamerika") (0 of 10);
- a statement whose issue is ``other``: a stance with no word of any issue, which the
  labellers filed under a scenario issue, under ``process``, or left out (1 of 13).

Round 8 adds the one kind of candidate that was still dropped outright (since round 4): a new
speaker's words that name no issue, after sentences that named one. The topic they would carry
was wrong four times in five on the development passages then; such a candidate is now set
aside with that topic as its issue and :data:`TOPIC_ONLY` as the reason.

Each is a decision about a *kind* of candidate, not about a sentence; each can be switched back
on for an experiment (``benchmarks/eval_issue.py --set keep.KEEP_DELIBERATION=1``).

Nothing is thrown away: a candidate that is no statement is kept with ``kind = "set_aside"`` and
the reason (:func:`set_aside_because`), listed by ``accord evidence list --kind set_aside``, so an
analyst can still read what the rules found and disagree; it is never an actor's statement,
never linked to a stance and never proposes an actor.
"""

from __future__ import annotations

KEEP_DELIBERATION = False
KEEP_UNCLASSIFIED = False
KEEP_OTHER = False
KEEP_TOPIC_ONLY = False

#: why a new speaker's words with no issue of their own, after a topic, are set aside
TOPIC_ONLY = "no issue of its own; the topic of the sentences before, carried, was seldom right"

# speaker kinds that hold no position of their own in a negotiation
_PASSERS_ON = ("media", "unknown")


def set_aside_because(rule: str, speaker_kind: str, issues: list[str]) -> str | None:
    """Why a candidate of this kind is not an actor's statement (None: it is one).

    >>> set_aside_because("speech-verb", "actor", ["process"]) is None
    True
    >>> set_aside_because("deliberation-verb", "group", ["process"])
    'a deliberation of the talks, not a stance'
    >>> set_aside_because("speech-verb", "media", ["process"])
    'the speaker passes on what others say or is unknown'
    >>> set_aside_because("stance-verb", "actor", ["other"])
    'a stance on no issue of the scenario nor on the talks'
    """
    if rule == "deliberation-verb" and not KEEP_DELIBERATION:
        return "a deliberation of the talks, not a stance"
    if speaker_kind in _PASSERS_ON and not KEEP_UNCLASSIFIED:
        return "the speaker passes on what others say or is unknown"
    if issues == ["other"] and not KEEP_OTHER:
        return "a stance on no issue of the scenario nor on the talks"
    return None

