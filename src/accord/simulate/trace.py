"""What a batch of simulated negotiations leaves behind: per round, who did what, and how it ended.

All arrays have a leading batch axis B (negotiations), then rounds R (the longest deadline in the
batch), then parties P in turn order. Rounds are stored 0-based here and shown 1-based to users.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Codes in :attr:`Trace.actions`.
NONE, OFFER, ACCEPT, WALK_AWAY = 0, 1, 2, 3


@dataclass
class Trace:
    """The raw outcome of a batch run (see the module docstring for the axes).

    ``agreement`` (B,): the agreed outcome, −1 on breakdown. ``end_round`` (B,): 0-based round in
    which the negotiation ended (agreement, or the last round on breakdown). ``table`` (B, R): the
    outcome on the table at the end of each round (the standing offer, or the mediator's text);
    −1 before the first offer and after the end. ``table_utility`` (B, R, P): its utility to each
    party under the preferences of that round. ``actions`` (B, R, P): :data:`OFFER`,
    :data:`ACCEPT`, :data:`WALK_AWAY` or :data:`NONE`; ``offers`` (B, R, P) the outcome offered (−1 if none);
    ``targets`` (B, R, P) each party's target when it moved. ``end_reservation`` (B, P): the
    reservations in force when the negotiation ended; ``end_phase`` (B,): the round index from
    which the preferences in force at the end apply (a key of ``Schedule.tables``).
    """

    agreement: np.ndarray
    end_round: np.ndarray
    table: np.ndarray
    table_utility: np.ndarray
    actions: np.ndarray
    offers: np.ndarray
    targets: np.ndarray
    end_reservation: np.ndarray
    end_phase: np.ndarray

    @property
    def agreed(self) -> np.ndarray:
        return self.agreement >= 0

    @property
    def batch_size(self) -> int:
        return int(self.agreement.shape[0])

    def end(self, ended: np.ndarray, s: int, reservation: np.ndarray, phase: int) -> None:
        """Record that the negotiations ``ended`` (B,) ended in round ``s`` under ``reservation``
        (B, P) and the preferences of ``phase``."""
        self.end_round[ended] = s
        self.end_reservation[ended] = reservation[ended]
        self.end_phase[ended] = phase


def empty_trace(B: int, R: int, P: int) -> Trace:
    return Trace(agreement=np.full(B, -1, dtype=np.int64),
                 end_round=np.full(B, -1, dtype=np.int64),
                 table=np.full((B, R), -1, dtype=np.int64),
                 table_utility=np.full((B, R, P), np.nan),
                 actions=np.zeros((B, R, P), dtype=np.int8),
                 offers=np.full((B, R, P), -1, dtype=np.int64),
                 targets=np.full((B, R, P), np.nan),
                 end_reservation=np.zeros((B, P)),
                 end_phase=np.zeros(B, dtype=np.int64))


def relative_time(s: int, rounds: np.ndarray) -> np.ndarray:
    """Relative time of 0-based round ``s`` with deadline ``rounds`` (B,): ``(s + 1)/(R + 1)``.

    This is NegMAS 0.16's step clock (``SAOMechanism.relative_time``), kept so that the same
    curves concede at the same pace in both; a consequence is that the last round is at
    ``R/(R + 1)``, not 1, so a linear conceder stops short of its reservation.
    """
    # capped at 1 for negotiations whose deadline has passed (they are no longer active)
    return np.minimum(1.0, (s + 1.0) / (rounds + 1.0))
