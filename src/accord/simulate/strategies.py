"""Concession strategies: what utility a party aims for at each moment of a negotiation.

Every strategy gives a party a *target* utility at relative time ``t`` in (0, 1); the party
accepts an offer worth at least its target (and never less than its reservation), and when it
rejects, it offers the outcome whose utility to itself is the smallest one at or above the target
(see :mod:`accord.simulate.tables` for the tie-break).

- **Time-based** (Faratin, Sierra & Jennings 1998, "Negotiation decision functions for autonomous
  agents"; the polynomial form of GENIUS's ``TimeDependentAgent`` and NegMAS's
  ``PolyAspiration``)::

      u(t) = u_max − (u_max − u_res) · t^(1/e)

  ``u_max`` is the party's best utility, ``u_res = max(reservation, worst utility)`` (NegMAS's
  floor). ``e < 1`` is *Boulware* (holds out, concedes near the deadline), ``e = 1`` *linear*,
  ``e > 1`` *conceder*; ``e = 0`` is *hard-headed* (never concedes before the deadline). The
  named exponents are NegMAS 0.16's (``POLY_ASPIRATION_EXPONENTS``: its curve is
  ``1 − t^k`` with k = 4, 1, 0.25, so e = 1/k = 0.25, 1, 4).
- **Tit-for-tat** (relative tit-for-tat, Faratin et al. 1998 §4.3; Axelrod 1984): the party
  concedes, in its own utility, as much as the offers it has received from the others have
  improved for it since the first one: ``u = u_max − max(0, best received − first received)``,
  never below ``u_res``. It does not concede first, so two tit-for-tat parties never move.
- **Pareto-following**: the time-based target (exponent ``e``, linear by default), but the
  offer is the *Pareto-optimal* outcome whose utility to the party is the smallest at or above
  its target — the concession path walks along the frontier instead of through the interior.

Strategies are named on the command line: ``boulware``, ``linear``, ``conceder``,
``hardheaded``, ``tit_for_tat``, ``pareto``, or with an explicit exponent ``time:0.5``,
``pareto:0.25``.

>>> parse_strategy("boulware")
Strategy(name='boulware', kind='time', exponent=0.25)
>>> parse_strategy("pareto:0.5").kind, parse_strategy("pareto:0.5").exponent
('pareto', 0.5)
>>> import numpy as np
>>> concession_target(1.0, 0.2, np.array([0.0, 0.5, 1.0]), 1.0).round(3).tolist()
[1.0, 0.6, 0.2]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.errors import AccordError

#: Integer codes of the strategy kinds in the batch arrays.
TIME, TIT_FOR_TAT, PARETO = 0, 1, 2
KIND_CODES = {"time": TIME, "tit_for_tat": TIT_FOR_TAT, "pareto": PARETO}


@dataclass(frozen=True)
class Strategy:
    """A concession strategy: its kind and the exponent ``e`` of its time curve."""

    name: str
    kind: str
    exponent: float = 1.0

    @property
    def code(self) -> int:
        return KIND_CODES[self.kind]


NAMED: dict[str, Strategy] = {
    "boulware": Strategy("boulware", "time", 0.25),
    "linear": Strategy("linear", "time", 1.0),
    "conceder": Strategy("conceder", "time", 4.0),
    "hardheaded": Strategy("hardheaded", "time", 0.0),
    "tit_for_tat": Strategy("tit_for_tat", "tit_for_tat", 1.0),
    "pareto": Strategy("pareto", "pareto", 1.0),
}
_ALIASES = {"tit-for-tat": "tit_for_tat", "tft": "tit_for_tat", "hard-headed": "hardheaded",
            "pareto-following": "pareto"}


def parse_strategy(text: "str | Strategy") -> Strategy:
    """A :class:`Strategy` from its name (``boulware``, ``time:0.5``, ``pareto:2``, …)."""
    if isinstance(text, Strategy):
        return text
    raw = str(text).strip()
    key = _ALIASES.get(raw.lower(), raw.lower())
    if key in NAMED:
        return NAMED[key]
    head, colon, tail = key.partition(":")
    if colon and head in ("time", "pareto"):
        try:
            e = float(tail)
        except ValueError:
            e = -1.0
        if e >= 0 and np.isfinite(e):
            return Strategy(key, head, e)
    raise AccordError(f"unknown strategy {raw!r}; expected one of {', '.join(NAMED)}, "
                      "or time:E / pareto:E with an exponent E ≥ 0 (E < 1 Boulware, E > 1 "
                      "conceder)")


def concession_target(u_max, u_res, t, exponent):
    """``u_max − (u_max − u_res) · t^(1/e)``, vectorised; ``e = 0`` gives ``u_max`` for t < 1."""
    t = np.asarray(t, dtype=float)
    e = np.asarray(exponent, dtype=float)
    # 1/max(e, 1e-300) is 1e300 for e = 0: t^1e300 = 0 for t < 1, as t^∞, without a warning
    share = np.power(t, 1.0 / np.maximum(e, 1e-300))
    u_max = np.asarray(u_max, dtype=float)
    return u_max - (u_max - np.asarray(u_res, dtype=float)) * share


def targets(kind, exponent, u_max, u_res, t, first_received, best_received, *,
            mediated: bool = False):
    """Each negotiation's target for one party, (B,): the batch form of the rules above.

    ``kind``/``exponent``/``u_res``/``t``/``first_received``/``best_received`` are (B,);
    ``u_max`` a scalar. ``first_received`` is NaN until the party has received an offer. In the
    mediated protocol (``mediated=True``) nobody makes offers to reciprocate, so tit-for-tat
    follows the linear curve.
    """
    timed = concession_target(u_max, u_res, t, exponent)
    if mediated:
        tft_linear = concession_target(u_max, u_res, t, 1.0)
        return np.where(kind == TIT_FOR_TAT, tft_linear, timed)
    # fmax ignores NaN: nothing received yet (first NaN) means nothing gained
    gained = np.fmax(0.0, best_received - first_received)
    tft = np.maximum(u_max - gained, u_res)
    return np.where(kind == TIT_FOR_TAT, tft, timed)
