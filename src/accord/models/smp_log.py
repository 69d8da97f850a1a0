"""KTAB's SMP log: the lines ``smpc`` prints for a run, and the thread order a log records.

KTAB's ``smpc`` (KAPSARC Toolkit for Behavioral Analysis, ``examples/smp``) logs every turn of
a Spatial Model of Politics run. Two things cross between that log and Accord's port
(:mod:`accord.models.smp`):

- :func:`ktab_log` writes the lines that describe a run — state distances, fractional changes,
  positions and winning probabilities — in KTAB's format, so that ``diff`` against a KTAB log
  shows only real differences (``accord smp --format log``);
- :func:`parse_ktab_schedule` reads the order KTAB's threads took (each actor's bargain queue,
  the order in which actors drew) into a :class:`KtabSchedule`, which
  :func:`accord.models.smp.run_smp` replays (``accord smp --replay-log``).

The model itself never reads or writes a log.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Lines of a KTAB log this module reads (``smpc``'s own wording).
_BARGAINS = re.compile(r"Bargains involving actor\s+(\d+): (.*)")
_PAIR = re.compile(r"\[\d+, (\d+:\d+)\]")
_SCALAR_PCE = re.compile(r"Doing scalarPCE for the\s*\d+\s*bargains of actor\s*(\d+)")


@dataclass
class KtabSchedule:
    """The order KTAB's threads took in one run, per turn (read from its log).

    KTAB builds each actor's bargain queue and resolves the actors' bargains in threads, so
    with Stochastic transitions the random draws — and the run — depend on thread timing.
    ``bargains[t][k]`` lists actor k's bargains as (initiator, receiver) in queue order, (k, k)
    being its status quo; ``actors[t]`` the order in which actors drew. Passing the schedule of a
    KTAB log to :func:`accord.models.smp.run_smp` replays that run.
    """

    bargains: list[dict[int, list[tuple[int, int]]]]
    actors: list[list[int]]


def parse_ktab_schedule(log_text: str) -> KtabSchedule:
    """Read "Bargains involving actor k: [id, i:j]…" and "Doing scalarPCE for the n bargains
    of actor k" lines of a KTAB SMP log into a :class:`KtabSchedule`.

    >>> text = '''Bargains involving actor 0: [0, 0:0] [3, 1:0]
    ... Bargains involving actor 1: [1, 1:1] [3, 1:0]
    ... Doing scalarPCE for the 2 bargains of actor 1
    ... Doing scalarPCE for the 2 bargains of actor 0'''
    >>> s = parse_ktab_schedule(text)
    >>> s.bargains[0][1], s.actors[0]
    ([(1, 1), (1, 0)], [1, 0])
    """
    bargains: list[dict[int, list[tuple[int, int]]]] = []
    actors: list[list[int]] = []
    for line in log_text.splitlines():
        m = _BARGAINS.match(line)
        if m:
            k = int(m.group(1))
            if k == 0 or not bargains:
                bargains.append({})
                actors.append([])
            pairs = [tuple(int(v) for v in pair.split(":")) for pair in _PAIR.findall(m.group(2))]
            bargains[-1][k] = pairs
            continue
        m = _SCALAR_PCE.match(line)
        if m and actors:
            actors[-1].append(int(m.group(1)))
    return KtabSchedule(bargains, actors)


def ktab_log(run, actor_names, dimension_names, min_delta_ratio: float = 0.02,
             min_sig_delta: float = 1e-4) -> list[str]:
    """The lines of KTAB's log that describe a run, in KTAB's format (``smpc`` output).

    ``run`` is an :class:`accord.models.smp.SMPRun`. Per turn: the two state distances and the
    fractional change; then the positions of every actor on every dimension at every state
    (0–100 scale, ``%5.1f``) and the winning probabilities (``%.4f``). Lines end with a space,
    as KTAB's logger writes them, so that ``diff`` against a KTAB log shows only real
    differences.

    >>> import numpy as np
    >>> from accord.models.smp import SMPRun
    >>> run = SMPRun(np.array([[[0.1]], [[0.2]]]), np.array([[1.0], [1.0]]), [0.1], [0.999])
    >>> ktab_log(run, ["A"], ["X"])[-3:]
    ['A, X:  10.0  20.0 ', "History of actors' winning probabilities: ", 'A, prob : 1.0000 1.0000 ']
    """
    lines = []
    d01 = (run.state_distance[0] if run.state_distance else 0.0) + min_sig_delta
    for t, (dxy, frac) in enumerate(zip(run.state_distance, run.fractional_change), start=1):
        lines.append(f"sDist [{0:2d},{1:2d}] = {d01:.2E}    ")
        lines.append(f"sDist [{t - 1:2d},{t:2d}] = {dxy:.2E}    ")
        lines.append(f"Fractional change compared to first step: {frac:.4f}  "
                     f"(target={min_delta_ratio:.4f}) ")
    lines.append(f"There were {run.n_states} states, with {run.n_states - 1} steps between them ")
    lines.append("History of actor positions over time: ")
    for i, name in enumerate(actor_names):
        for k, dim in enumerate(dimension_names):
            lines.append(f"{name}, {dim}:" + "".join(f" {100.0 * v:5.1f}"
                                                      for v in run.positions[:, i, k]) + " ")
    lines.append("History of actors' winning probabilities: ")
    for i, name in enumerate(actor_names):
        lines.append(f"{name}, prob :" + "".join(f" {v:.4f}" for v in run.win_probability[:, i])
                     + " ")
    return lines
