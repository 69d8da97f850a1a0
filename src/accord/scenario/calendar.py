"""Simulated rounds in calendar time: the scenario's ``date``, ``round_days``, horizon, deadlines.

A scenario that states its ``date`` and ``round_days`` (the calendar days one round of talks
takes) puts every simulated round on the calendar: round 1 begins on the scenario's date and
round ``r`` is over ``r × round_days`` days later (whole days, rounded down), so an agreement
struck in round ``r`` is reached by that date. The talks are judged by the horizon (the
scenario's ``horizon``, else its date plus one year, :func:`accord.scenario.rules.effective_horizon`)
or by the first hard deadline on or after the date, whichever comes first: the rounds that fit
before it are ``floor(days / round_days)``, the count ``accord forecast --simulate`` plays.

>>> import datetime as dt
>>> from accord.scenario.builtin import load_builtin
>>> c = round_calendar(load_builtin("ukraine-talks-2026-01"))   # 2026-01-30, 8 days a round
>>> str(c.end), c.rounds_before_end, str(c.date_of(41)), str(c.date_of(66))
('2026-12-31', 41, '2026-12-24', '2027-07-12')
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from accord.errors import AccordError

#: The most rounds a simulation plays (``accord simulate --rounds``' own bound).
MAX_ROUNDS = 10_000


@dataclass(frozen=True)
class RoundCalendar:
    """Where simulated rounds fall on the calendar (see the module docstring)."""

    start: dt.date
    round_days: float
    horizon: dt.date
    end: dt.date
    end_label: str
    hard_deadlines: tuple[tuple[dt.date, str], ...]

    def date_of(self, round_: int) -> dt.date | None:
        """The date by which round ``round_`` is over (None past 9999-12-31)."""
        try:
            return self.start + dt.timedelta(days=math.floor(round_ * self.round_days))
        except OverflowError:
            return None

    def rounds_by(self, day: dt.date) -> int:
        """How many whole rounds are over by ``day``."""
        return max(0, int((day - self.start).days // self.round_days))

    @property
    def rounds_before_end(self) -> int:
        return self.rounds_by(self.end)

    def late(self, day: dt.date | None) -> str | None:
        """What ``day`` falls after: the first hard deadline, else the horizon; None if neither."""
        for when, label in self.hard_deadlines:
            if day is None or day > when:
                return f"after the hard deadline {label!r} ({when})"
        if day is None or day > self.horizon:
            return f"after the horizon {self.horizon}"
        return None


def round_calendar(scenario) -> RoundCalendar | None:
    """The scenario's :class:`RoundCalendar`, or None without ``date`` and ``round_days``."""
    from accord.scenario.rules import effective_horizon

    if scenario.date is None or scenario.round_days is None:
        return None
    horizon = effective_horizon(scenario)
    hard = tuple(sorted((d.date, d.label) for d in scenario.deadlines
                        if d.hard and d.date >= scenario.date))
    end, label = horizon, f"the horizon {horizon}"
    if hard and hard[0][0] < horizon:
        end, label = hard[0][0], f"the hard deadline {hard[0][1]!r} ({hard[0][0]})"
    return RoundCalendar(scenario.date, float(scenario.round_days), horizon, end, label, hard)


def rounds_until(scenario, until: str | dt.date, what: str) -> int:
    """Rounds that fit before ``until`` ('horizon': the end of the talks, or a date); a clear
    error when the scenario has no calendar, the date is not one, or no round (or too many,
    more than :data:`MAX_ROUNDS`) fits. ``what`` names the flag or field in messages.

    >>> from accord.scenario.builtin import load_builtin
    >>> rounds_until(load_builtin("ukraine-talks-2026-01"), "2026-03-01", "--until")  # 30 days
    3
    """
    calendar = round_calendar(scenario)
    if calendar is None:
        missing = " and ".join(f for f in ("date", "round_days") if getattr(scenario, f) is None)
        raise AccordError(f"{what}: scenario {scenario.id!r} states no {missing}; expected both "
                          "(round_days: the calendar days one round of talks takes) to put "
                          "rounds on the calendar")
    by_end = isinstance(until, str) and until.strip().lower() == "horizon"
    if isinstance(until, str):
        if by_end:
            day, name = calendar.end, calendar.end_label
        else:
            try:
                day = dt.date.fromisoformat(until.strip())
            except ValueError:
                raise AccordError(f"{what} {until!r}: not a date; expected YYYY-MM-DD (a day "
                                  "that exists) or 'horizon'") from None
            name = str(day)
    else:
        day, name = until, str(until)
    if day <= calendar.start:
        # 'horizon' names no date of the caller's: what must move is the scenario's own end
        raise AccordError(f"{what} {name}: on or before the scenario's date {calendar.start}; "
                          + ("expected a scenario whose horizon (or first hard deadline) is "
                             "after its date, or a number of rounds" if by_end else
                             "expected a later date"))
    rounds = calendar.rounds_by(day)
    if rounds < 1:
        raise AccordError(f"{what} {name}: no round of {calendar.round_days:g} days fits between "
                          f"{calendar.start} and {day}; expected a later date or a shorter "
                          "round_days")
    if rounds > MAX_ROUNDS:
        raise AccordError(f"{what} {name}: {rounds:,} rounds of {calendar.round_days:g} days fit "
                          f"before it; expected at most {MAX_ROUNDS:,} (round_days is a round of "
                          "talks, days rather than minutes)")
    return rounds
