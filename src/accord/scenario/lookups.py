"""The scenario's lookups — an actor, issue, stance or capability by id — in one plain class.

The validated :class:`accord.scenario.model.Scenario` and the light stand-ins the fast
command paths build without pydantic (:mod:`accord.scenario.io.decide_read`) look things up
the same way; this mixin holds that once. It reads only the ``actors``, ``issues``,
``stances`` and ``capabilities`` lists of whatever it is mixed into.
"""

from __future__ import annotations

import re


class ScenarioLookups:
    """Lookups by id over ``actors``, ``issues``, ``stances`` and ``capabilities``.

    Examples
    --------
    >>> from types import SimpleNamespace as N
    >>> class S(ScenarioLookups):
    ...     actors = [N(id="ru")]
    ...     issues = [N(id="donbas")]
    ...     stances = []
    ...     capabilities = [N(actor="ru", issue=None, value=0.6),
    ...                     N(actor="ru", issue="donbas", value=0.9)]
    >>> S().capability("ru"), S().capability("ru", "donbas"), S().stance("ru", "donbas")
    (0.6, 0.9, None)
    """

    __slots__ = ()

    def actor(self, actor_id: str):
        for a in self.actors:
            if a.id == actor_id:
                return a
        raise KeyError(actor_id)

    def issue(self, issue_id: str):
        for i in self.issues:
            if i.id == issue_id:
                return i
        raise KeyError(issue_id)

    def stance(self, actor_id: str, issue_id: str):
        for s in self.stances:
            if s.actor == actor_id and s.issue == issue_id:
                return s
        return None

    def capability(self, actor_id: str, issue_id: str | None = None) -> float:
        """The actor's capability on ``issue_id``: an issue-specific value wins over the general one."""
        general = None
        for c in self.capabilities:
            if c.actor == actor_id:
                if issue_id is not None and c.issue == issue_id:
                    return c.value
                if c.issue is None:
                    general = c.value
        if general is None:
            raise KeyError(f"no capability for actor {actor_id!r}")
        return general


def name_list(names) -> str:
    """Names joined by ", " — or by "; " when a name holds a comma itself (outside parentheses),
    so that a list of parties stays readable (a simple CSV or GENIUS file may name a party
    "Bosnia, Herzegovina").

    Parameters
    ----------
    names : iterable of str
        The names, in the order to print them.

    Returns
    -------
    str
        The names in one string.

    Examples
    --------
    >>> name_list(["Russia", "Ukraine"]), name_list(["Bosnia, Herzegovina", "Serbia"])
    ('Russia, Ukraine', 'Bosnia, Herzegovina; Serbia')
    >>> name_list(["Russia", "European coalition (France, UK, Germany)"])
    'Russia, European coalition (France, UK, Germany)'
    """
    names = list(names)
    # a comma inside parentheses ("European coalition (France, UK, Germany)") is not ambiguous
    bare = (re.sub(r"\([^()]*\)", "", n) for n in names)
    return ("; " if any("," in n for n in bare) else ", ").join(names)
