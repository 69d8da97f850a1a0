"""Cases with known outcomes: the scenarios a back-test forecasts, and what really happened.

A :class:`Case` is a scenario whose issues are forecast together (a DEU proposal; a built-in
scenario) with each issue's real outcome, status quo, procedure and voting rule. A
:class:`Dataset` is a list of cases; :class:`IssueTable` flattens one into per-issue arrays and
stacks every case's stances into one :class:`~accord.scenario.arrays.ScenarioArrays` (actors the
union of the cases' actors, one column per issue), so models whose issues are independent of each
other run on a whole data set in one call.

>>> ds = builtin_dataset()
>>> [(c.id, float(c.outcome[0])) for c in ds.cases]
[('ec-emissions-1994', 8.833)]
>>> table = IssueTable.of(ds)
>>> table.ids, table.scoreable.tolist(), table.arrays.position.shape
(('emissions',), [True], (10, 1))
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from accord.scenario.arrays import ScenarioArrays
from accord.scenario.model import Scenario

MIN_ACTORS = 3  # a scoreable issue: an outcome and at least three actors with position and salience

# Built-in scenarios whose outcome is public record, with the source of each outcome.
KNOWN_OUTCOMES: dict[str, dict[str, tuple[float, str]]] = {
    "ec-emissions-1994": {
        "emissions": (8.833, "the standards the EC decided: 8.833 years (Bueno de Mesquita & "
                             "Stokman (eds.) 1994; Scholz, Calbert & Smith 2011)"),
    },
}


@dataclass
class Case:
    """A scenario with, per issue, the outcome (NaN if unknown) and status quo (NaN if none)."""

    id: str
    scenario: Scenario
    outcome: np.ndarray
    status_quo: np.ndarray
    procedure: tuple[str | None, ...]
    voting_rule: tuple[str | None, ...]
    outcome_source: str = ""

    @cached_property
    def arrays(self) -> ScenarioArrays:
        return self.scenario.to_arrays()


@dataclass
class Dataset:
    """Cases to back-test, with where they come from and what was repaired on reading."""

    name: str
    description: str
    cases: list[Case]
    notes: list[str] = field(default_factory=list)
    # Files reported as held out: nothing may be fitted on them (the CLI says so on the table).
    path: Path | None = None


def status_quo_values(scenario: Scenario) -> np.ndarray:
    """Each issue's status quo on its scale (NaN where none is stated, or it is an option)."""
    return np.array([i.status_quo.value if i.status_quo is not None and i.status_quo.value
                     is not None else np.nan for i in scenario.issues], dtype=float)


def deu_dataset(path: str | Path, convention=None) -> Dataset:
    """Every proposal of a DEU file as a case (see :mod:`accord.scenario.io.deu`)."""
    from accord.scenario.io.deu import DeuConvention, read_deu

    data = read_deu(path)
    convention = convention or DeuConvention()
    cases = []
    for proposal, rows in data.proposals().items():
        scenario = data.scenario(proposal, convention)
        cases.append(Case(
            id=proposal, scenario=scenario,
            outcome=np.array([np.nan if r.outcome is None else r.outcome for r in rows]),
            status_quo=status_quo_values(scenario),
            procedure=tuple(r.procedure for r in rows),
            voting_rule=tuple(r.voting_rule for r in rows),
            outcome_source=f"DEU `out` ({data.path.name})"))
    return Dataset(name=f"DEU ({data.path.name}, {data.layout} layout)",
                   description=f"{len(data.rows)} issues of {len(cases)} proposals; capabilities: "
                               f"{convention.describe()}",
                   cases=cases, notes=list(data.notes), path=data.path)


def builtin_dataset(ids: list[str] | None = None) -> Dataset:
    """The built-in scenarios with a known outcome (:data:`KNOWN_OUTCOMES`)."""
    from accord.scenario.builtin import load_builtin

    cases = []
    for sid in ids or sorted(KNOWN_OUTCOMES):
        scenario = load_builtin(sid)
        known = KNOWN_OUTCOMES[sid]
        issues = [i.id for i in scenario.issues]
        cases.append(Case(
            id=sid, scenario=scenario,
            outcome=np.array([known[i][0] if i in known else np.nan for i in issues]),
            status_quo=status_quo_values(scenario),
            procedure=tuple(None for _ in issues), voting_rule=tuple(None for _ in issues),
            outcome_source="; ".join(known[i][1] for i in issues if i in known)))
    return Dataset(name="built-in scenarios with known outcomes",
                   description=", ".join(c.id for c in cases), cases=cases)


@dataclass
class IssueTable:
    """A data set flattened to one entry per issue (all arrays in issue order)."""

    ids: tuple[str, ...]
    case_index: np.ndarray
    outcome: np.ndarray
    status_quo: np.ndarray
    procedure: tuple[str | None, ...]
    voting_rule: tuple[str | None, ...]
    low: np.ndarray
    high: np.ndarray
    arrays: ScenarioArrays

    @classmethod
    def of(cls, dataset: Dataset) -> "IssueTable":
        cases = dataset.cases
        return cls(
            ids=tuple(i for c in cases for i in c.arrays.issue_ids),
            case_index=np.concatenate([np.full(c.arrays.n_issues, k) for k, c in enumerate(cases)]),
            outcome=np.concatenate([c.outcome for c in cases]),
            status_quo=np.concatenate([c.status_quo for c in cases]),
            procedure=tuple(p for c in cases for p in c.procedure),
            voting_rule=tuple(v for c in cases for v in c.voting_rule),
            low=np.concatenate([c.arrays.low for c in cases]),
            high=np.concatenate([c.arrays.high for c in cases]),
            arrays=stack_arrays([c.arrays for c in cases]))

    @property
    def n_actors_with_stance(self) -> np.ndarray:
        return self.arrays.has_stance.sum(axis=0)

    @property
    def scoreable(self) -> np.ndarray:
        """An outcome and at least three actors with a position and a salience."""
        return np.isfinite(self.outcome) & (self.n_actors_with_stance >= MIN_ACTORS)

    @property
    def scale(self) -> np.ndarray:
        """Points of a 0–100 scale per unit of each issue's own scale."""
        return 100.0 / (self.high - self.low)


def stack_arrays(parts: list[ScenarioArrays]) -> ScenarioArrays:
    """Issues of several scenarios side by side; an actor absent from a scenario has no stance
    (salience 0, position the issue's midpoint) and capability 0 on its issues.

    Issue ids are kept as they are: they must be unique across the parts.
    """
    actors: dict[str, int] = {}
    for p in parts:
        for a in p.actor_ids:
            actors.setdefault(a, len(actors))
    n_issues = sum(p.n_issues for p in parts)
    low = np.concatenate([p.low for p in parts])
    high = np.concatenate([p.high for p in parts])
    position = np.tile((low + high) / 2.0, (len(actors), 1))
    salience = np.zeros((len(actors), n_issues))
    capability = np.zeros((len(actors), n_issues))
    has = np.zeros((len(actors), n_issues), dtype=bool)
    start = 0
    for p in parts:
        rows = [actors[a] for a in p.actor_ids]
        cols = slice(start, start + p.n_issues)
        position[rows, cols] = p.position
        salience[rows, cols] = p.salience
        capability[rows, cols] = p.capability
        has[rows, cols] = p.has_stance
        start += p.n_issues
    ids = tuple(i for p in parts for i in p.issue_ids)
    if len(set(ids)) != len(ids):
        raise ValueError("issue ids repeat across the stacked scenarios")
    stacked = ScenarioArrays(tuple(actors), ids, position, salience, capability, has, low, high)
    # The whether inputs, where the arrays carry them: the status quo per issue and red-line
    # bounds per actor and issue stack like the rest. Decision rules do not: a model that reads
    # them is not issue-separable in the back-test's sense and runs case by case.
    names = {f.name for f in dataclasses.fields(ScenarioArrays)}
    extra = {}
    if "status_quo" in names and any(getattr(p, "status_quo", None) is not None for p in parts):
        extra["status_quo"] = np.concatenate([
            p.status_quo if p.status_quo is not None else np.full(p.n_issues, np.nan)
            for p in parts])
    for bound, fill in (("red_low", -np.inf), ("red_high", np.inf)):
        if bound in names and any(getattr(p, bound, None) is not None for p in parts):
            full = np.full((len(actors), n_issues), fill)
            start = 0
            for p in parts:
                if getattr(p, bound) is not None:
                    full[[actors[a] for a in p.actor_ids], start:start + p.n_issues] = \
                        getattr(p, bound)
                start += p.n_issues
            extra[bound] = full
    return dataclasses.replace(stacked, **extra) if extra else stacked
