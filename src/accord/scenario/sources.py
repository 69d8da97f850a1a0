"""Where evidence comes from, and how far it can be trusted: the schema of a source's provenance.

An analyst weighs evidence by who says it, through whom, and how partisan the channel is. A
:class:`~accord.scenario.model.Source` therefore carries, beside its title and address:

- ``kind`` — what the text we hold is (:data:`SOURCE_KINDS`): a ``primary_statement`` (a
  party's own words: a statement, a testimony, a declaration, a draft text), an
  ``agency_report`` (a news agency's or newspaper's own reporting), a ``commentary`` (analysis
  or opinion), a ``repost`` (someone else's text passed on), a ``translation``, or a ``study``
  (a book, paper or data set). The free description — "video commentary", "testimony" — is
  ``form``;
- ``chain`` — the hands the text went through, in order: whoever it originates with (``author``
  or ``outlet``), then any ``translator``, then any ``reposter`` (:class:`Link`). Without a
  chain, one is read off ``author`` / ``platform``, ``translator`` and ``reposted_by``;
- ``leaning`` — a partisan leaning where one is evident, always with its reason
  (:class:`Leaning`); a link of the chain may carry its own (a neutral article reposted by a
  partisan blog);
- ``reliability`` — optional: the analyst's own figure in (0, 1] with ``reliability_reason``;
  without it the rule of :mod:`accord.scenario.reliability` derives one from the kind, the
  chain and the leanings.

Ensembles use the reliability to widen the plausible ranges of numbers whose evidence is weak
(see :mod:`accord.scenario.reliability` and ``docs/sources.md``).

>>> from accord.scenario.model import Source
>>> s = Source(id="k", title="Five takeaways", kind="repost", form="article",
...     chain=[{"role": "author", "name": "Andrew Korybko",
...             "leaning": {"label": "pro-Kremlin", "reason": "frames Russia's aims favourably"}},
...            {"role": "translator", "name": "unnamed"},
...            {"role": "reposter", "name": "a German blog"}])
>>> [link.role for link in s.effective_chain()], s.second_hand_hops(), s.is_partisan()
(['author', 'translator', 'reposter'], 2, True)
>>> s.origin()
'andrew korybko'
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:  # pragma: no cover
    from accord.scenario.model import Source

#: What the text we hold is. ``primary_statement``: a party's own words (statement, testimony,
#: declaration, draft text, official readout); ``agency_report``: an outlet's own reporting;
#: ``commentary``: analysis or opinion; ``repost``: a text passed on by someone else;
#: ``translation``: a text translated from another language; ``study``: a book, paper or data set.
SourceKind = Literal["primary_statement", "agency_report", "commentary", "repost", "translation",
                     "study"]
SOURCE_KINDS: tuple[str, ...] = ("primary_statement", "agency_report", "commentary", "repost",
                                 "translation", "study")

#: The roles of a chain, in the order they must appear: originators, translators, reposters.
LinkRole = Literal["author", "outlet", "translator", "reposter"]
ROLE_RANK = {"author": 0, "outlet": 0, "translator": 1, "reposter": 2}
SECOND_HAND_ROLES = ("translator", "reposter")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False)


class Leaning(_Strict):
    """A partisan leaning that is evident in a source or a link of its chain.

    ``label`` names it ("pro-Kremlin", "Ukrainian government view"); ``toward`` is the id of the
    actor whose side it takes, when that actor is in the scenario; ``reason`` says what makes
    the leaning evident (the outlet's ownership, the author's record, the framing of the text) —
    a leaning without a reason is an error.
    """

    label: str = Field(min_length=1)
    toward: str | None = Field(None, description="id of the actor whose side it takes")
    reason: str = Field(min_length=1, description="what makes the leaning evident")


class Link(_Strict):
    """One hand a text passed through: its author or outlet, a translator, a reposter."""

    role: LinkRole
    name: str = Field(min_length=1)
    actor: str | None = Field(None, description="actor id, when this person or outlet is one")
    language: str | None = Field(None, description="ISO 639-1 code of the text at this link")
    date: dt.date | None = None
    url: str | None = None
    leaning: Leaning | None = None
    note: str | None = None


# --- derived facts about a source (used by Source's methods) --------------------------------

def effective_chain(source: "Source") -> list[Link]:
    """The stated ``chain``, else one read off ``author`` (or, for an agency report, the
    ``platform``), ``translator`` (an unnamed one when ``original_language`` differs from
    ``language``) and ``reposted_by``, in that order; empty when the source names nobody."""
    if source.chain:
        return list(source.chain)
    out: list[Link] = []
    if source.author:
        out.append(Link(role="author", name=source.author))
    elif source.platform and source.kind == "agency_report":
        out.append(Link(role="outlet", name=source.platform))
    if source.translator:
        out.append(Link(role="translator", name=source.translator))
    elif source.original_language and source.language and \
            source.original_language != source.language:
        # a translation whose translator is not named is still a hand the text went through
        out.append(Link(role="translator", name="unnamed translator", language=source.language))
    if source.reposted_by:
        out.append(Link(role="reposter", name=source.reposted_by))
    return out


def second_hand_hops(source: "Source") -> int:
    """How many hands passed the text on after its originator: translators and reposters in the
    chain; at least 1 for a source whose ``kind`` is ``repost`` or ``translation``."""
    hops = sum(1 for link in effective_chain(source) if link.role in SECOND_HAND_ROLES)
    if source.kind in ("repost", "translation"):
        hops = max(hops, 1)
    return hops


def leanings(source: "Source") -> list[tuple[str, Leaning]]:
    """Every evident leaning: ``("source", …)`` and ``("chain[k] (role name)", …)``."""
    out: list[tuple[str, Leaning]] = []
    if source.leaning is not None:
        out.append(("source", source.leaning))
    for k, link in enumerate(source.chain):
        if link.leaning is not None:
            out.append((f"chain[{k}] ({link.role} {link.name})", link.leaning))
    return out


def origin(source: "Source") -> str:
    """Who the text originates with — the first link of the chain, lower case, spaces folded;
    the source id when the source names nobody. Sources with the same origin are not
    independent of each other (a report and its repost, two translations of one commentary)."""
    chain = effective_chain(source)
    if not chain:
        return f"source:{source.id}"
    return " ".join(chain[0].name.lower().split())


def check_sources(scenario, known_actor) -> None:
    """Raise a located :class:`~accord.errors.ScenarioError` for a leaning or link that names an
    unknown actor (called from the scenario's cross-reference validation)."""
    for n, src in enumerate(scenario.sources):
        if src.leaning is not None and src.leaning.toward is not None:
            known_actor(f"sources[{n}].leaning.toward", src.leaning.toward)
        for k, link in enumerate(src.chain):
            if link.actor is not None:
                known_actor(f"sources[{n}].chain[{k}].actor", link.actor)
            if link.leaning is not None and link.leaning.toward is not None:
                known_actor(f"sources[{n}].chain[{k}].leaning.toward", link.leaning.toward)


def upgrade_source_kinds(data: dict) -> bool:
    """Move a free-text ``kind`` of each source in a scenario's data (as stored before kinds
    had a fixed vocabulary: "news report", "video commentary") to ``form``, in place; says
    whether anything changed. For reading stored versions back, never for new input (a YAML
    file with such a kind gets a located error instead).

    >>> d = {"sources": [{"id": "a", "title": "T", "kind": "news report"},
    ...                  {"id": "b", "title": "U", "kind": "commentary"}]}
    >>> upgrade_source_kinds(d), d["sources"][0]
    (True, {'id': 'a', 'title': 'T', 'kind': None, 'form': 'news report'})
    """
    changed = False
    for src in data.get("sources") or []:
        kind = src.get("kind")
        if isinstance(kind, str) and kind not in SOURCE_KINDS:
            if src.get("form") is None:
                src["form"] = kind
            src["kind"] = None
            changed = True
    return changed
