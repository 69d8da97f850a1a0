"""Interventions: change a party's reservation value, issue weights or strategy from a given round.

"From round 10 the US halts arms sales" becomes ``10:ukraine.reservation=0.3``: from round 10 on
(rounds are numbered from 1) Ukraine's fallback is worth 0.3. Everything before round 10 is
untouched, so two runs that differ only by the intervention have identical histories up to
round 9 — the comparison an analyst wants.

Syntax (``--intervene`` on the command line, :func:`parse_intervention` in Python)::

    ROUND:PARTY.reservation=VALUE         e.g. 10:ukraine.reservation=0.3
    ROUND:PARTY.strategy=NAME             e.g. 5:united_states.strategy=boulware
    ROUND:PARTY.weights=ISSUE:W[,ISSUE:W] e.g. 8:russia.weights=donbas:0.4

A weights intervention replaces the listed issues' weights in the party's (normalised) weight
row and normalises the row again; the utilities, the sort orders and the Pareto frontier are
rebuilt from that round on. Results (utilities at the agreement, distance to the frontier and to
the Nash point) are measured with the preferences and reservations in force at the end.

>>> iv = parse_intervention("10:ukraine.reservation=0.3")
>>> iv.round, iv.party, iv.field, iv.value
(10, 'ukraine', 'reservation', 0.3)
>>> parse_intervention("8:russia.weights=donbas:0.4, foreign_troops:0.1").value
{'donbas': 0.4, 'foreign_troops': 0.1}
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Iterable

import numpy as np

from accord.errors import AccordError
from accord.simulate.strategies import Strategy, parse_strategy
from accord.simulate.tables import PartyTables

FIELDS = ("reservation", "strategy", "weights")
_SYNTAX = ("expected ROUND:PARTY.FIELD=VALUE with FIELD one of reservation, strategy, weights, "
           "e.g. 10:ukraine.reservation=0.3, 5:united_states.strategy=boulware or "
           "8:russia.weights=donbas:0.4")


@dataclass(frozen=True)
class Intervention:
    """From ``round`` (1-based) on, ``party``'s ``field`` takes ``value``."""

    round: int
    party: str
    field: str
    value: Any

    def describe(self) -> str:
        if self.field == "weights":
            v = ",".join(f"{k}:{w:g}" for k, w in self.value.items())
        elif self.field == "strategy":
            v = self.value.name
        else:
            v = f"{self.value:g}"
        return f"{self.round}:{self.party}.{self.field}={v}"


def parse_intervention(text: str) -> Intervention:
    """An :class:`Intervention` from ``ROUND:PARTY.FIELD=VALUE`` (see the module docstring)."""
    raw = str(text).strip()
    head, eq, value = raw.partition("=")
    rnd, colon, target = head.partition(":")
    party, dot, fld = target.strip().rpartition(".")
    if not (eq and colon and dot and party and value.strip()):
        raise AccordError(f"intervene {raw!r}: {_SYNTAX}")
    try:
        r = int(rnd)
    except ValueError:
        raise AccordError(f"intervene {raw!r}: round {rnd!r} is not a whole number; "
                          f"{_SYNTAX}") from None
    if r < 1:
        raise AccordError(f"intervene {raw!r}: round {r} — rounds are numbered from 1")
    fld = fld.strip()
    value = value.strip()
    if fld == "reservation":
        try:
            v: Any = float(value)
        except ValueError:
            raise AccordError(f"intervene {raw!r}: reservation {value!r} is not a number; "
                              "expected a utility, e.g. 0.3") from None
        if not np.isfinite(v):
            raise AccordError(f"intervene {raw!r}: reservation must be finite")
    elif fld == "strategy":
        v = parse_strategy(value)
    elif fld == "weights":
        v = {}
        for part in value.split(","):
            issue, c, w = part.partition(":")
            try:
                weight = float(w)
            except ValueError:
                weight = -1.0
            if not (c and issue.strip()) or not (weight >= 0 and np.isfinite(weight)):
                raise AccordError(f"intervene {raw!r}: weights {part.strip()!r}: expected "
                                  "ISSUE:WEIGHT with a weight ≥ 0, e.g. donbas:0.4")
            v[issue.strip()] = weight
    else:
        raise AccordError(f"intervene {raw!r}: unknown field {fld!r}; {_SYNTAX}")
    return Intervention(r, party.strip(), fld, v)


def reweighted(space, party: int, new: dict[str, float]):
    """The space with some of ``party``'s issue weights replaced (row normalised again)."""
    w = space.weights.copy()
    for issue, value in new.items():
        if issue not in space.issue_ids:
            raise AccordError(f"weights intervention: unknown issue {issue!r}; expected one of "
                              f"{', '.join(space.issue_ids)}")
        w[party, space.issue_ids.index(issue)] = value
    total = w[party].sum()
    if total <= 0:
        raise AccordError(f"weights intervention leaves {space.party_ids[party]!r} with no "
                          "positive weight; expected at least one issue to matter")
    w[party] /= total
    if space.table is not None:
        # the table *is* the utility function there: the weights only describe it
        raise AccordError("weights interventions need an additive deal space (this one is a "
                          "utility table)")
    return replace(space, weights=w)


@dataclass
class Schedule:
    """Interventions resolved against a space: per 0-based round index, what changes."""

    space: Any
    interventions: tuple[Intervention, ...] = ()
    tables: dict[int, PartyTables] = field(default_factory=dict)
    spaces: dict[int, Any] = field(default_factory=dict)
    events: dict[int, list[tuple[int, str, Any]]] = field(default_factory=dict)

    @classmethod
    def build(cls, space, interventions: Iterable["Intervention | str"] = (),
              base_tables: PartyTables | None = None) -> "Schedule":
        ivs = tuple(sorted((parse_intervention(i) if isinstance(i, str) else i
                            for i in interventions), key=lambda i: i.round))
        sched = cls(space, ivs)
        sched.tables[0] = base_tables or PartyTables.for_space(space)
        sched.spaces[0] = space
        current = space
        for iv in ivs:
            p = space.party_index(iv.party)
            s = iv.round - 1
            if iv.field == "weights":
                current = reweighted(current, p, iv.value)
                sched.spaces[s] = current
                sched.tables[s] = PartyTables.for_space(current)
            elif iv.field == "strategy":
                sched.events.setdefault(s, []).append((p, "strategy", iv.value))
            else:
                sched.events.setdefault(s, []).append((p, "reservation", float(iv.value)))
        return sched

    def phase(self, s: int) -> int:
        """The round index (a key of :attr:`tables`) from which the preferences in force in
        0-based round ``s`` apply."""
        return max(k for k in self.tables if k <= s)

    def apply(self, s: int, kind: np.ndarray, exponent: np.ndarray,
              reservation: np.ndarray) -> int:
        """Apply round ``s``'s changes in place to the (B, P) arrays; the :meth:`phase` of
        round ``s``."""
        for p, what, value in self.events.get(s, ()):
            if what == "strategy":
                st: Strategy = value
                kind[:, p] = st.code
                exponent[:, p] = st.exponent
            else:
                reservation[:, p] = value
        return self.phase(s)
