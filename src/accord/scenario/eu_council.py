"""Voting in the Council of the European Union, by treaty: who was a member, with what weight.

The capabilities of member states in EU legislative scenarios (the DEU data, :mod:`accord.scenario.io.deu`)
are their weights in the Council's qualified-majority vote under the rules in force on a date:

=============================  ==========================  =====================================
period                         weights                     qualified majority
=============================  ==========================  =====================================
1 Jan 1995 – 30 Apr 2004       pre-Nice, EU-15 (87 votes)  62 votes
1 May 2004 – 31 Oct 2004       pre-Nice, EU-25 (124)       88 votes (and a majority of members)
1 Nov 2004 – 31 Dec 2006       Nice, EU-25 (321)           232 votes, majority of members
1 Jan 2007 – 30 Jun 2013       Nice, EU-27 (345)           255 votes, majority of members
1 Jul 2013 – 31 Oct 2014       Nice, EU-28 (352)           260 votes, majority of members
from 1 Nov 2014                Lisbon double majority      55 % of members (16 of 28) with
                               (population)                65 % of the population
=============================  ==========================  =====================================

Sources (the weights are the treaties' own numbers):

- pre-Nice: Art. 148(2) EC as amended by the 1994 Act of Accession (Austria, Finland, Sweden),
  renumbered Art. 205(2) EC by the Treaty of Amsterdam; Germany, France, Italy, the United Kingdom
  10, Spain 8, Belgium, Greece, the Netherlands, Portugal 5, Austria, Sweden 4, Denmark, Ireland,
  Finland 3, Luxembourg 2.
- 1 May – 31 Oct 2004: 2003 Act of Accession, Art. 26 (the pre-Nice scale extended to the ten new
  members: Poland 8, the Czech Republic and Hungary 5, Estonia, Latvia, Lithuania, Slovakia,
  Slovenia 3, Cyprus and Malta 2).
- Nice: Protocol on the enlargement of the European Union annexed to the Treaty of Nice, Art. 3,
  as adapted by the 2003 Act of Accession (Art. 12), the 2005 Act of Accession (Bulgaria 10,
  Romania 14; Art. 22) and the 2012 Act of Accession (Croatia 7; Art. 20).
- Lisbon: Art. 16(4) TEU and Art. 238(3) TFEU; from 1 November 2014 (until 31 March 2017 a member
  could ask for a Nice-weighted vote instead, Protocol No 36, Art. 3(2)). Population shares are
  those of Annex III of the Council's Rules of Procedure for 2016, Council Decision (EU, Euratom)
  2015/2393 of 8 December 2015 (OJ L 332, 18.12.2015, p. 133; EU population 508,940,955), as
  reported in percent to two decimals by Agence Europe, Europe Daily Bulletin No. 11449
  (9 December 2015). One year's figures serve the whole Lisbon period: the shares move by less than
  0.2 points between 2015 and 2019.

Actor codes are those of the DEU data (``bu`` Bulgaria, ``cr`` Croatia, ``el`` Greece, …).

>>> import datetime as dt
>>> r = council_rules(dt.date(2000, 1, 26))
>>> r.regime, r.total_weight, r.threshold, r.weights["de"]
('pre-Nice', 87.0, 62.0, 10.0)
>>> r = council_rules(dt.date(2016, 9, 14))
>>> r.regime, len(r.members), r.min_members, round(r.weights["de"], 2)
('Lisbon', 28, 16, 15.93)
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from dataclasses import dataclass

from accord.errors import AccordError

# Accession and withdrawal dates of the member states (DEU codes). The founding members and
# the 1973–1986 accessions were all members before 1995, the earliest date these rules cover.
_JOINED: dict[str, dt.date] = {
    **{c: dt.date(1958, 1, 1) for c in ("be", "de", "fr", "it", "lu", "nl")},
    **{c: dt.date(1973, 1, 1) for c in ("dk", "ie", "uk")},
    "el": dt.date(1981, 1, 1),
    "es": dt.date(1986, 1, 1), "pt": dt.date(1986, 1, 1),
    **{c: dt.date(1995, 1, 1) for c in ("at", "fi", "se")},
    **{c: dt.date(2004, 5, 1) for c in ("cy", "cz", "ee", "hu", "lv", "lt", "mt", "pl", "sk", "si")},
    "bu": dt.date(2007, 1, 1), "ro": dt.date(2007, 1, 1),
    "cr": dt.date(2013, 7, 1),
}
_LEFT: dict[str, dt.date] = {"uk": dt.date(2020, 2, 1)}

PRE_NICE_WEIGHTS: dict[str, float] = {
    "de": 10, "fr": 10, "it": 10, "uk": 10, "es": 8, "pl": 8,
    "be": 5, "el": 5, "nl": 5, "pt": 5, "cz": 5, "hu": 5,
    "at": 4, "se": 4,
    "dk": 3, "ie": 3, "fi": 3, "ee": 3, "lv": 3, "lt": 3, "sk": 3, "si": 3,
    "lu": 2, "cy": 2, "mt": 2,
}
NICE_WEIGHTS: dict[str, float] = {
    "de": 29, "fr": 29, "it": 29, "uk": 29, "es": 27, "pl": 27, "ro": 14, "nl": 13,
    "be": 12, "cz": 12, "el": 12, "hu": 12, "pt": 12, "at": 10, "bu": 10, "se": 10,
    "dk": 7, "ie": 7, "lt": 7, "sk": 7, "fi": 7, "cr": 7,
    "ee": 4, "lv": 4, "si": 4, "cy": 4, "lu": 4, "mt": 3,
}
# Percent of the EU population, Council Decision (EU, Euratom) 2015/2393 (figures for 2016).
LISBON_POPULATION_2016: dict[str, float] = {
    "de": 15.93, "fr": 13.04, "uk": 12.73, "it": 12.07, "es": 9.12, "pl": 7.47, "ro": 3.90,
    "nl": 3.37, "be": 2.21, "el": 2.13, "cz": 2.05, "pt": 2.04, "hu": 1.94, "se": 1.92,
    "at": 1.69, "bu": 1.42, "dk": 1.11, "fi": 1.08, "sk": 1.06, "ie": 0.91, "cr": 0.83,
    "lt": 0.57, "si": 0.41, "lv": 0.39, "ee": 0.26, "cy": 0.17, "lu": 0.11, "mt": 0.08,
}

_ENLARGEMENT_2004 = dt.date(2004, 5, 1)
_NICE_WEIGHTS_FROM = dt.date(2004, 11, 1)
_LISBON_VOTING_FROM = dt.date(2014, 11, 1)
_EARLIEST = dt.date(1995, 1, 1)
_LATEST = dt.date(2020, 1, 31)   # the 2016 population shares include the United Kingdom


@dataclass(frozen=True)
class CouncilRules:
    """The Council's qualified-majority rule on one date.

    ``weights`` maps every state that was a member *or joined later under the same weighting*
    (so a proposal introduced before an enlargement and decided after it can weigh the new
    members' positions) to its weight; ``members`` are those that were members on the date.
    ``threshold`` is the qualified majority in weight (votes, or percent of the population under
    Lisbon) out of ``total_weight`` (the members' weights), ``min_members`` the number of members
    that must also be in favour.
    """

    regime: str
    date: dt.date
    members: tuple[str, ...]
    weights: dict[str, float]
    total_weight: float
    threshold: float
    min_members: int
    source: str

    def describe(self) -> str:
        unit = "% of the population" if self.regime == "Lisbon" else "votes"
        members = (f" and at least {self.min_members} of {len(self.members)} members"
                   if self.min_members > 1 else f" ({len(self.members)} members)")
        return (f"{self.regime} qualified majority on {self.date.isoformat()}: "
                f"{self.threshold:g} of {self.total_weight:g} {unit}{members} ({self.source})")


def members_on(date: dt.date) -> tuple[str, ...]:
    """The member states (DEU codes) on ``date``."""
    return tuple(sorted(c for c, joined in _JOINED.items()
                        if joined <= date and (c not in _LEFT or date < _LEFT[c])))


def council_rules(date: dt.date) -> CouncilRules:
    """The qualified-majority rule of the Council in force on ``date`` (see the module table).

    Raises
    ------
    AccordError
        For a date before 1 January 1995 or after 31 January 2020, which these tables do not
        cover.

    Examples
    --------
    >>> import datetime as dt
    >>> r = council_rules(dt.date(2004, 7, 14))
    >>> r.regime, r.total_weight, r.threshold, len(r.members)
    ('pre-Nice', 124.0, 88.0, 25)
    >>> print(council_rules(dt.date(2007, 3, 6)).describe())  # doctest: +NORMALIZE_WHITESPACE
    Nice qualified majority on 2007-03-06: 255 of 345 votes and at least 14 of 27 members
    (Treaty of Nice, Protocol on enlargement, Art. 3; 2005 Act of Accession)
    """
    if date < _EARLIEST:
        raise AccordError(f"no Council voting weights for {date.isoformat()}; these tables start "
                          f"on {_EARLIEST.isoformat()} (EU-15)")
    if date > _LATEST:
        raise AccordError(f"no Council voting weights for {date.isoformat()}; these tables end "
                          f"on {_LATEST.isoformat()} (the United Kingdom's withdrawal)")
    members = members_on(date)
    majority = len(members) // 2 + 1
    if date < _ENLARGEMENT_2004:
        weights, source = PRE_NICE_WEIGHTS, "Art. 205(2) EC (Treaty of Amsterdam)"
        regime, threshold, min_members = "pre-Nice", 62.0, 1
    elif date < _NICE_WEIGHTS_FROM:
        weights, source = PRE_NICE_WEIGHTS, "2003 Act of Accession, Art. 26"
        regime, threshold, min_members = "pre-Nice", 88.0, majority
    elif date < _LISBON_VOTING_FROM:
        weights = NICE_WEIGHTS
        regime, min_members = "Nice", majority
        n = len(members)
        threshold, source = {
            25: (232.0, "Treaty of Nice, Protocol on enlargement, Art. 3; 2003 Act of Accession"),
            27: (255.0, "Treaty of Nice, Protocol on enlargement, Art. 3; 2005 Act of Accession"),
            28: (260.0, "Treaty of Nice, Protocol on enlargement, Art. 3; 2012 Act of Accession"),
        }[n]
    else:
        weights = LISBON_POPULATION_2016
        regime = "Lisbon"
        threshold = 65.0
        # 55 % of the members, at least 15 (Art. 16(4) TEU): 16 of 28.
        min_members = max(15, math.ceil(0.55 * len(members)))
        source = "Art. 16(4) TEU; population shares of Council Decision (EU, Euratom) 2015/2393"
    total = float(sum(weights[c] for c in members))
    if regime == "Lisbon":
        total = 100.0   # the shares are of the whole Union's population by definition
    return CouncilRules(regime, date, members, {c: float(w) for c, w in weights.items()},
                        total, threshold, min_members, source)


# --- voting power -------------------------------------------------------------------------------

POWER_INDICES = ("shapley_shubik", "banzhaf")


def voting_power(rules: CouncilRules, index: str = "shapley_shubik") -> dict[str, float]:
    """Each member's a-priori voting power in the Council's qualified-majority vote.

    A coalition wins when its weight reaches ``rules.threshold`` and it has at least
    ``rules.min_members`` members; under Lisbon also when fewer than four members oppose it (a
    blocking minority needs four members, Art. 16(4) TEU). The Shapley–Shubik index (Shapley &
    Shubik 1954) is the share of the members' orderings in which a member is pivotal; the
    normalised Banzhaf index (Banzhaf 1965) its share of all swings (coalitions a member turns
    from losing to winning). Both are computed exactly, by counting the coalitions of the other
    members by size and weight (weights in votes, or population shares in hundredths of a
    percent). The DEU literature weighs Council members by such an index rather than by raw
    votes (Thomson et al. 2006; Achen 2006).

    Parameters
    ----------
    rules : CouncilRules
        The rule in force (:func:`council_rules`).
    index : {"shapley_shubik", "banzhaf"}

    Returns
    -------
    dict
        Member (DEU code) → power; the members' powers sum to 1.

    Raises
    ------
    ValueError
        For an unknown index.

    References
    ----------
    Shapley, L. S. & Shubik, M. (1954). A method for evaluating the distribution of power in a
    committee system. American Political Science Review 48(3), 787–792.
    Banzhaf, J. F. (1965). Weighted voting doesn't work. Rutgers Law Review 19, 317–343.
    Felsenthal, D. S. & Machover, M. (2001). The Treaty of Nice and qualified majority voting.
    Social Choice and Welfare 18(3), 431–464 (the EU-15 indices reproduced in the tests).

    Examples
    --------
    EU-15 under the pre-Nice weights (62 of 87 votes): Felsenthal & Machover's Shapley–Shubik
    indices, 0.1167 for the large members and 0.0207 for Luxembourg.

    >>> import datetime as dt
    >>> p = voting_power(council_rules(dt.date(2000, 1, 26)))
    >>> round(p["de"], 4), round(p["es"], 4), round(p["lu"], 4)
    (0.1167, 0.0955, 0.0207)
    """
    if index not in POWER_INDICES:
        raise ValueError(f"unknown power index {index!r}; expected one of {POWER_INDICES}")
    return dict(_power(rules.regime, rules.members, index))


@functools.lru_cache(maxsize=32)
def _power(regime: str, members: tuple[str, ...], index: str) -> tuple[tuple[str, float], ...]:
    rules = council_rules_for(regime, members)
    scale = 100 if regime == "Lisbon" else 1     # population shares to hundredths of a percent
    weight = tuple(int(round(rules.weights[c] * scale)) for c in members)
    power = power_index(weight, int(round(rules.threshold * scale)), rules.min_members,
                        blocking_members=4 if regime == "Lisbon" else None, index=index)
    return tuple(zip(members, power))


def power_index(weights: tuple[int, ...], quota: int, min_members: int = 0,
                blocking_members: int | None = None, index: str = "shapley_shubik"
                ) -> tuple[float, ...]:
    """Normalised Shapley–Shubik or Banzhaf index of a weighted voting game, exactly.

    A coalition wins with weight ≥ ``quota`` and at least ``min_members`` members — or, with
    ``blocking_members`` = k, whenever fewer than k members stand against it. Coalitions of the
    other players are counted by size and weight (integer weights), so the work grows with
    n² × total weight, not 2ⁿ.

    Parameters
    ----------
    weights : tuple of int
    quota : int
    min_members : int
    blocking_members : int, optional
    index : {"shapley_shubik", "banzhaf"}

    Returns
    -------
    tuple of float
        Each player's power; they sum to 1.

    References
    ----------
    Shapley & Shubik (1954), APSR 48(3); Banzhaf (1965), Rutgers Law Review 19.

    Examples
    --------
    Weights 3, 2, 1, 1 and quota 4: the large player is pivotal in half the orderings.

    >>> [round(p, 4) for p in power_index((3, 2, 1, 1), 4)]
    [0.5, 0.1667, 0.1667, 0.1667]
    """
    import numpy as np

    if index not in POWER_INDICES:
        raise ValueError(f"unknown power index {index!r}; expected one of {POWER_INDICES}")
    n = len(weights)
    total_w = sum(weights)

    def wins(size, w):
        ok = (w >= quota) & (size >= min_members)
        return ok | (size > n - blocking_members) if blocking_members else ok

    sizes = np.arange(n)[:, None]
    summed = np.arange(total_w + 1)[None, :]
    # an ordering in which a player is pivotal: s others before it, n − 1 − s after it
    orderings = np.array([math.factorial(s) * math.factorial(n - 1 - s) for s in range(n)],
                         float) / math.factorial(n)
    power = []
    for k in range(n):
        # count[s, w]: coalitions of the other players with s members and weight w
        count = np.zeros((n, total_w + 1))
        count[0, 0] = 1.0
        for j in range(n):
            if j != k:
                count[1:, weights[j]:] += count[:-1, :total_w + 1 - weights[j]].copy()
        swing = ~wins(sizes, summed) & wins(sizes + 1, summed + weights[k])
        per_size = 1.0 if index == "banzhaf" else orderings[:, None]
        power.append(float((count * swing * per_size).sum()))
    total = sum(power)
    return tuple(p / total for p in power)


def council_rules_for(regime: str, members: tuple[str, ...]) -> CouncilRules:
    """The rule of ``regime`` with ``members`` (the first date on which they were the members)."""
    for date in (_EARLIEST, _ENLARGEMENT_2004, _NICE_WEIGHTS_FROM, dt.date(2007, 1, 1),
                 dt.date(2013, 7, 1), _LISBON_VOTING_FROM):
        r = council_rules(date)
        if r.regime == regime and r.members == members:
            return r
    raise ValueError(f"no {regime} Council with members {members}")
