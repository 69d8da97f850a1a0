"""Dense NumPy views of a scenario: what every model, deal solver and ensemble computes on.

Shapes (``...`` is an optional leading batch axis ``B``: B variants of one scenario at once):

- ``position``   (..., A, I) in each issue's own units (``low``..``high``)
- ``salience``   (..., A, I) in [0, 1]; 0 where the actor has no stance on the issue
- ``capability`` (..., A, I) ≥ 0 (per-actor capability broadcast over issues unless an
  issue-specific capability is given)
- ``has_stance`` (A, I) bool
- ``low``, ``high`` (I,)

>>> from accord.scenario.builtin import load_builtin
>>> arr = load_builtin("ec-emissions-1994").to_arrays()
>>> arr.position.shape, arr.is_batched
((10, 1), False)
>>> arr.batched().position.shape
(1, 10, 1)
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np


@dataclass(frozen=True)
class ScenarioArrays:
    actor_ids: tuple[str, ...]
    issue_ids: tuple[str, ...]
    position: np.ndarray
    salience: np.ndarray
    capability: np.ndarray
    has_stance: np.ndarray
    low: np.ndarray
    high: np.ndarray

    @property
    def n_actors(self) -> int:
        return len(self.actor_ids)

    @property
    def n_issues(self) -> int:
        return len(self.issue_ids)

    @property
    def is_batched(self) -> bool:
        return self.position.ndim == 3

    @property
    def batch_size(self) -> int | None:
        return self.position.shape[0] if self.is_batched else None

    @property
    def scale_range(self) -> np.ndarray:
        """``high − low`` per issue (the R of the expected-utility literature)."""
        return self.high - self.low

    def batched(self) -> "ScenarioArrays":
        """The same arrays with a leading batch axis of 1 (unchanged if already batched)."""
        if self.is_batched:
            return self
        return replace(self, position=self.position[None], salience=self.salience[None],
                       capability=self.capability[None])

    def unbatched(self, b: int = 0) -> "ScenarioArrays":
        """Variant ``b`` of a batch, without the batch axis."""
        if not self.is_batched:
            return self
        return replace(self, position=self.position[b], salience=self.salience[b],
                       capability=self.capability[b])

    def with_values(self, *, position=None, salience=None, capability=None) -> "ScenarioArrays":
        """A copy with some arrays replaced (e.g. a batch of jittered positions)."""
        return replace(
            self,
            position=self.position if position is None else np.asarray(position, dtype=float),
            salience=self.salience if salience is None else np.asarray(salience, dtype=float),
            capability=self.capability if capability is None else np.asarray(capability, dtype=float),
        )

    def broadcast_batch(self, size: int) -> "ScenarioArrays":
        """``size`` identical copies along a new batch axis (writable)."""
        base = self.unbatched()
        def tile(a):
            return np.repeat(a[None], size, axis=0)
        return replace(base, position=tile(base.position), salience=tile(base.salience),
                       capability=tile(base.capability))

    def permuted(self, order) -> "ScenarioArrays":
        """Actors reordered by ``order`` (used by the conformance suite: order must not matter)."""
        order = np.asarray(order)
        ax = -2
        return replace(
            self,
            actor_ids=tuple(self.actor_ids[k] for k in order),
            position=np.take(self.position, order, axis=ax),
            salience=np.take(self.salience, order, axis=ax),
            capability=np.take(self.capability, order, axis=ax),
            has_stance=self.has_stance[order],
        )


def scenario_arrays(scenario) -> ScenarioArrays:
    """Build the dense arrays of a :class:`~accord.scenario.model.Scenario`.

    Actors in scenario order, issues in scenario order. An actor without a stance on an issue
    gets salience 0 and, as a placeholder, the issue's midpoint as position (salience 0 keeps
    it from influencing any model, and ``has_stance`` says it is a placeholder).
    """
    actors = [a.id for a in scenario.actors]
    issues = [i.id for i in scenario.issues]
    a_index = {a: k for k, a in enumerate(actors)}
    i_index = {i: k for k, i in enumerate(issues)}
    A, I = len(actors), len(issues)
    low = np.array([i.low for i in scenario.issues], dtype=float)
    high = np.array([i.high for i in scenario.issues], dtype=float)
    position = np.tile((low + high) / 2.0, (A, 1))
    salience = np.zeros((A, I))
    has = np.zeros((A, I), dtype=bool)
    for st in scenario.stances:
        a, i = a_index[st.actor], i_index[st.issue]
        position[a, i] = st.position
        salience[a, i] = st.salience
        has[a, i] = True
    capability = np.zeros((A, I))
    general = {c.actor: c.value for c in scenario.capabilities if c.issue is None}
    for a_id, a in a_index.items():
        capability[a, :] = general.get(a_id, 0.0)
    for c in scenario.capabilities:
        if c.issue is not None:
            capability[a_index[c.actor], i_index[c.issue]] = c.value
    return ScenarioArrays(tuple(actors), tuple(issues), position, salience, capability, has,
                          low, high)
