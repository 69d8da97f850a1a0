"""Discrete deal spaces: issues with options, parties with utilities, and what no deal is worth.

An *outcome* picks one option on every issue. The outcome space is the Cartesian product of the
issues' options, enumerated as integers in mixed radix (the last issue varies fastest, as in
``itertools.product`` and in GENIUS's outcome iterators), so an outcome is an index and a set of
outcomes is an integer array — never a Python object per outcome.

Each party's utility is additive (Keeney & Raiffa 1976; the linear-additive profiles of
GENIUS, Lin et al. 2014):

    u_p(o) = Σ_i w[p, i] · v_i[p, o_i]

with issue weights ``w[p]`` summing to 1 and option values ``v_i[p, k]`` in [0, 1], so every
utility lies in [0, 1]. A party may instead carry a full table of utilities (``table``, shape
(P, N)), for profiles that are not additive. ``reservation[p]`` is what no deal is worth to ``p``
on the same scale (its outside option, see :mod:`accord.deals.war`).

Example — two parties, two issues, 2 × 3 = 6 outcomes:

>>> import numpy as np
>>> space = OutcomeSpace.from_tables(
...     issues={"price": ["low", "high"], "delivery": ["fast", "normal", "slow"]},
...     values={"buyer":  {"price": [1.0, 0.0], "delivery": [1.0, 0.5, 0.0]},
...             "seller": {"price": [0.0, 1.0], "delivery": [0.0, 0.6, 1.0]}},
...     weights={"buyer": {"price": 3, "delivery": 1}, "seller": {"price": 1, "delivery": 1}},
...     reservation={"buyer": 0.2, "seller": 0.3})
>>> space.n_outcomes
6
>>> space.weights                       # rows normalised to sum to 1
array([[0.75, 0.25],
       [0.5 , 0.5 ]])
>>> space.outcome_index([1, 2])         # price=high, delivery=slow
5
>>> space.option_indices(np.array([0, 5]))
array([[0, 0],
       [1, 2]])
>>> space.utilities().round(3)          # (P, N): row per party, column per outcome
array([[1.   , 0.875, 0.75 , 0.25 , 0.125, 0.   ],
       [0.   , 0.3  , 0.5  , 0.5  , 0.8  , 1.   ]])
>>> space.describe(4)
{'price': 'high', 'delivery': 'normal'}
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field, replace
from typing import Iterator, Mapping, Sequence

import numpy as np

from accord.deals.war import reservation_values
from accord.errors import AccordError
from accord.scenario.deal_tables import DealTables, deal_tables, normalise_weights, option_value

__all__ = ["CHUNK", "OutcomeSpace", "normalise_weights", "option_value"]

#: Outcomes evaluated per chunk when a space is too large to build in one broadcast.
CHUNK = 1 << 20
#: The most outcomes Accord enumerates (frontier, zone of agreement): 5.7 × 10⁷ took 30 s and
#: 160 MB here; a deal space of 30 issues with two options each has 10⁹, and a 300-byte file
#: can describe it.
MAX_OUTCOMES = 100_000_000
#: The most cells (parties × outcomes) of a full utility table held in memory (400 MB).
MAX_TABLE_CELLS = 50_000_000


def check_size(space, limit: int, what: str, cells: int | None = None) -> None:
    """A one-line :class:`AccordError` when ``space`` is too large to ``what``."""
    count = space.n_outcomes if cells is None else cells
    if count > limit:
        n = [int(k) for k in space.n_options]
        sizes = (" × ".join(map(str, n)) if len(n) <= 6 else
                 f"{len(n)} issues of {min(n)}–{max(n)}" if min(n) != max(n) else
                 f"{len(n)} issues of {n[0]}")
        unit = "outcomes" if cells is None else "parties × outcomes"
        whose = f"{space.source}: " if getattr(space, "source", None) else ""
        raise AccordError(f"{whose}the deal space has {space.n_outcomes:,} outcomes ({sizes} "
                          f"options): "
                          f"{count:,} {unit} is over the {limit:,} Accord will {what}; expected "
                          "fewer issues or options (a coarser deal_space)")


@dataclass(frozen=True, eq=False)
class OutcomeSpace:
    """A discrete outcome space with each party's utility over it.

    Attributes
    ----------
    party_ids : the parties, in row order of every (P, ...) array.
    issue_ids : the issues, in mixed-radix order (last varies fastest).
    option_labels : per issue, the options' labels in index order.
    n_options : (I,) int — options per issue.
    weights : (P, I) float — issue weights, each row sums to 1.
    values : one (P, n_i) float array per issue — option values in [0, 1].
    reservation : (P,) float — utility of no deal (the disagreement point).
    table : optional (P, N) float — full utility table; when given it *is* the utility
        function and ``weights``/``values`` only describe it (e.g. for trades).
    option_ids : optional per-issue option ids (default: the labels).
    party_names, issue_names : optional display names.
    provenance : free text per party saying where its reservation came from.
    red_lines : optional, per issue a (P, n_i) bool — option allowed by party p's red line
        (see :mod:`accord.deals.red_lines`); ``red_line_text`` says each in words.
    """

    party_ids: tuple[str, ...]
    issue_ids: tuple[str, ...]
    option_labels: tuple[tuple[str, ...], ...]
    n_options: np.ndarray
    weights: np.ndarray
    values: tuple[np.ndarray, ...]
    reservation: np.ndarray
    table: np.ndarray | None = None
    option_ids: tuple[tuple[str, ...], ...] | None = None
    party_names: tuple[str, ...] | None = None
    issue_names: tuple[str, ...] | None = None
    provenance: dict[str, str] = field(default_factory=dict)
    red_lines: tuple[np.ndarray, ...] | None = None
    red_line_text: dict[tuple[str, str], str] = field(default_factory=dict)
    source: str | None = None  # the scenario's id, for messages

    def __post_init__(self) -> None:
        P, I = len(self.party_ids), len(self.issue_ids)
        n = np.asarray(self.n_options, dtype=np.int64)
        object.__setattr__(self, "n_options", n)
        object.__setattr__(self, "weights", np.asarray(self.weights, dtype=float))
        object.__setattr__(self, "reservation", np.asarray(self.reservation, dtype=float))
        object.__setattr__(self, "values", tuple(np.asarray(v, dtype=float) for v in self.values))
        if P < 1 or I < 1:
            raise AccordError("a deal space needs at least one party and one issue")
        if n.shape != (I,) or np.any(n < 1):
            raise AccordError(f"n_options must be {I} positive counts, got {n.tolist()}")
        if len(self.option_labels) != I or any(len(lab) != k for lab, k in
                                               zip(self.option_labels, n)):
            raise AccordError("option_labels must list n_options[i] labels for every issue")
        if self.weights.shape != (P, I):
            raise AccordError(f"weights must have shape ({P}, {I}), got {self.weights.shape}")
        if not np.allclose(self.weights.sum(axis=1), 1.0, atol=1e-9) or np.any(self.weights < 0):
            raise AccordError("every party's issue weights must be ≥ 0 and sum to 1")
        if len(self.values) != I:
            raise AccordError(f"values must hold {I} arrays, one per issue")
        for i, v in enumerate(self.values):
            if v.shape != (P, n[i]):
                raise AccordError(f"values[{i}] must have shape ({P}, {n[i]}), got {v.shape}")
            if np.any(v < -1e-12) or np.any(v > 1 + 1e-12):
                raise AccordError(f"values of issue {self.issue_ids[i]!r} must lie in [0, 1]")
        if self.reservation.shape != (P,):
            raise AccordError(f"reservation must have shape ({P},), got {self.reservation.shape}")
        if self.table is not None:
            t = np.asarray(self.table, dtype=float)
            object.__setattr__(self, "table", t)
            if t.shape != (P, self.n_outcomes):
                raise AccordError(f"table must have shape ({P}, {self.n_outcomes}), got {t.shape}")

    # --- sizes and indexing ------------------------------------------------------------------

    @property
    def n_parties(self) -> int:
        return len(self.party_ids)

    @property
    def n_issues(self) -> int:
        return len(self.issue_ids)

    @property
    def n_outcomes(self) -> int:
        """Number of outcomes, ``prod(n_options)`` (a Python int: may exceed int64 in theory)."""
        return math.prod(int(k) for k in self.n_options)

    @property
    def strides(self) -> np.ndarray:
        """(I,) mixed-radix place values: ``outcome = Σ option_index[i] · strides[i]``."""
        n = self.n_options
        s = np.ones(len(n), dtype=np.int64)
        for i in range(len(n) - 2, -1, -1):
            s[i] = s[i + 1] * n[i + 1]
        return s

    def outcome_index(self, option_indices) -> np.ndarray | int:
        """Outcome index of option indices (..., I) → (...,); vectorised."""
        idx = np.asarray(option_indices, dtype=np.int64)
        if idx.shape[-1] != self.n_issues:
            raise ValueError(f"expected {self.n_issues} option indices in the last axis")
        if np.any(idx < 0) or np.any(idx >= self.n_options):
            raise ValueError("option index out of range")
        out = idx @ self.strides
        return int(out) if out.ndim == 0 else out

    def option_indices(self, outcome_index) -> np.ndarray:
        """Option indices (..., I) of outcome indices (...,); vectorised."""
        o = np.asarray(outcome_index, dtype=np.int64)
        if np.any(o < 0) or np.any(o >= self.n_outcomes):
            raise ValueError("outcome index out of range")
        return (o[..., None] // self.strides) % self.n_options

    def describe(self, outcome: int) -> dict[str, str]:
        """``{issue id: option label}`` of one outcome."""
        opts = self.option_indices(int(outcome))
        return {iid: self.option_labels[i][k] for i, (iid, k) in
                enumerate(zip(self.issue_ids, opts.tolist()))}

    def party_index(self, party: str) -> int:
        try:
            return self.party_ids.index(party)
        except ValueError:
            raise AccordError(f"unknown party {party!r}; expected one of: "
                              f"{', '.join(self.party_ids)}") from None

    # --- utilities -----------------------------------------------------------------------------

    def weighted_values(self) -> tuple[np.ndarray, ...]:
        """Per issue, ``w[:, i, None] · v_i``: each option's contribution (P, n_i) to utility."""
        return tuple(self.weights[:, i, None] * v for i, v in enumerate(self.values))

    def utilities(self, outcomes=None) -> np.ndarray:
        """Every party's utility, (P, N) for all outcomes or (P, len(outcomes)) for the given ones.

        All outcomes are built by broadcasting issue by issue (the running sum gains one axis per
        issue and is flattened), summing issues in order so values match a per-outcome loop
        bit for bit; spaces over :data:`CHUNK` outcomes are built one block of leading-issue
        prefixes at a time, so temporaries stay small. Given outcome indices are decoded and
        gathered in chunks.
        """
        P = self.n_parties
        if outcomes is not None:
            o = np.asarray(outcomes, dtype=np.int64).ravel()
            if self.table is not None:
                return self.table[:, o]
            out = np.empty((P, o.size))
            wv = self.weighted_values()
            for start in range(0, o.size, CHUNK):
                opts = self.option_indices(o[start:start + CHUNK])
                acc = np.zeros((P, opts.shape[0]))
                for i in range(self.n_issues):
                    acc += wv[i][:, opts[:, i]]
                out[:, start:start + CHUNK] = acc
            return out
        if self.table is not None:
            return self.table
        check_size(self, MAX_TABLE_CELLS, "hold in memory", cells=P * self.n_outcomes)
        out = np.empty((P, self.n_outcomes))
        for start, block in self.iter_utilities():
            out[:, start:start + block.shape[1]] = block
        return out

    def iter_utilities(self, chunk: int = CHUNK) -> Iterator[tuple[int, np.ndarray]]:
        """Yield ``(first outcome index, (P, n) utilities)`` over all outcomes in index order.

        Blocks hold whole runs of the trailing issues, at most ``max(chunk, n_tail)`` outcomes.
        """
        if self.table is not None:
            for start in range(0, self.n_outcomes, chunk):
                yield start, self.table[:, start:start + chunk]
            return
        P, n = self.n_parties, [int(k) for k in self.n_options]
        wv = self.weighted_values()
        # split issues into a head (enumerated block by block) and a tail (built by broadcast)
        split, tail = len(n), 1
        while split > 0 and tail * n[split - 1] <= chunk:
            split -= 1
            tail *= n[split]
        if split == len(n):  # the last issue alone exceeds the chunk: fall back to gathering
            for start in range(0, self.n_outcomes, chunk):
                yield start, self.utilities(np.arange(start, min(start + chunk, self.n_outcomes)))
            return
        head_n = math.prod(n[:split])
        rows_per_block = max(1, chunk // tail)
        head_strides = np.ones(split, dtype=np.int64)
        for i in range(split - 2, -1, -1):
            head_strides[i] = head_strides[i + 1] * n[i + 1]
        for h0 in range(0, head_n, rows_per_block):
            h = np.arange(h0, min(h0 + rows_per_block, head_n), dtype=np.int64)
            acc = np.zeros((P, h.size))
            for i in range(split):
                acc += wv[i][:, (h // head_strides[i]) % n[i]]
            for i in range(split, len(n)):
                acc = (acc[:, :, None] + wv[i][:, None, :]).reshape(P, -1)
            yield h0 * tail, acc

    def with_reservation(self, reservation) -> "OutcomeSpace":
        """A copy with another reservation vector (a mapping party → value or a (P,) array)."""
        if isinstance(reservation, Mapping):
            r = self.reservation.copy()
            for party, v in reservation.items():
                r[self.party_index(party)] = float(v)
        else:
            r = np.array(reservation, dtype=float)  # a copy: the caller's array stays theirs
        if not np.all(np.isfinite(r)):  # a NaN fallback would make every comparison false
            bad = self.party_ids[int(np.argmax(~np.isfinite(r)))]
            raise AccordError(f"reservation of {bad!r}: {r[~np.isfinite(r)][0]} is not a finite "
                              "number; expected a utility (0 to 1 on the deal space's scale)")
        if r.shape != self.reservation.shape:
            raise AccordError(f"reservation must have shape {self.reservation.shape}, got {r.shape}")
        # Only the reservation changes and everything else was validated when this space was
        # built: a shallow copy skips re-checking every issue's values, which was a sixth of a
        # one-at-a-time simulation (issue 18).
        twin = copy.copy(self)
        object.__setattr__(twin, "reservation", r)
        return twin

    def name_of(self, party: str) -> str:
        if self.party_names is None:
            return party
        return self.party_names[self.party_index(party)]

    # --- constructors --------------------------------------------------------------------------

    @classmethod
    def from_tables(cls, issues: Mapping[str, Sequence[str]],
                    values: Mapping[str, Mapping[str, Sequence[float]]],
                    weights: Mapping[str, Mapping[str, float]] | None = None,
                    reservation: Mapping[str, float] | None = None, *,
                    table: Mapping[str, Sequence[float]] | None = None) -> "OutcomeSpace":
        """A space from plain tables.

        ``issues``: issue id → option labels. ``values``: party → issue → one value per option,
        in [0, 1]. ``weights``: party → issue → weight (any non-negative scale; normalised per
        party; missing issues weigh 0; default equal weights). ``reservation``: party → value
        (default 0). ``table``: optional party → N utilities, one per outcome in index order.
        """
        issue_ids = tuple(issues)
        labels = tuple(tuple(str(x) for x in issues[i]) for i in issue_ids)
        parties = tuple(values)
        P, I = len(parties), len(issue_ids)
        w = np.zeros((P, I))
        for p, party in enumerate(parties):
            for i, iid in enumerate(issue_ids):
                w[p, i] = 1.0 if weights is None else float(weights.get(party, {}).get(iid, 0.0))
        w = normalise_weights(w, parties)
        vals = []
        for i, iid in enumerate(issue_ids):
            v = np.zeros((P, len(labels[i])))
            for p, party in enumerate(parties):
                row = values[party].get(iid)
                if row is None:
                    if w[p, i] > 0:
                        raise AccordError(f"party {party!r} weighs issue {iid!r} but gives no "
                                          "option values for it")
                    continue
                if len(row) != len(labels[i]):
                    raise AccordError(f"party {party!r}, issue {iid!r}: {len(row)} values for "
                                      f"{len(labels[i])} options")
                v[p] = row
            vals.append(v)
        res = np.array([float((reservation or {}).get(p, 0.0)) for p in parties])
        tab = None
        if table is not None:
            tab = np.array([np.asarray(table[p], dtype=float) for p in parties])
        return cls(parties, issue_ids, labels, np.array([len(x) for x in labels]), w,
                   tuple(vals), res, table=tab)

    @classmethod
    def from_deal_tables(cls, tables: DealTables) -> "OutcomeSpace":
        """The space of :class:`~accord.scenario.deal_tables.DealTables` (the same fields)."""
        return cls(tables.party_ids, tables.issue_ids, tables.option_labels, tables.n_options,
                   tables.weights, tables.values, tables.reservation, table=tables.table,
                   option_ids=tables.option_ids, party_names=tables.party_names,
                   issue_names=tables.issue_names, provenance=dict(tables.provenance))

    @classmethod
    def from_scenario(cls, scenario, *, levels: int = 5,
                      reservation: Mapping[str, float] | None = None,
                      fallback: str = "stated", credibility: bool = True) -> "OutcomeSpace":
        """The deal space of a :class:`~accord.scenario.model.Scenario`, with what no deal is
        worth to each party.

        Issues, options, weights and option values are those the scenario states or implies
        (:func:`accord.scenario.deal_tables.deal_tables`: an explicit ``deal_space``, else one
        deal issue per scenario issue with option values from the parties' stances).
        Reservation values: ``reservation`` if given, else each party's outside option evaluated
        by :func:`accord.deals.war.reservation_values` (0 when it has none); ``fallback`` picks
        the rule tried first: ``"stated"`` reservation, ``"fearon"`` or ``"attrition"`` war
        value. ``credibility``: value every deferred term (a commitment with credibility below
        1, :mod:`accord.scenario.commitments`) at its credible value, ``κ · face + (1 − κ) ·
        status quo`` (:func:`accord.deals.commitments.credible_tables`); False gives face values.
        """
        tables = deal_tables(scenario, levels=levels)
        if credibility:
            from accord.deals.commitments import credible_tables

            tables = credible_tables(scenario, tables, levels=levels)
        parties = tables.party_ids
        if reservation is None:
            rv = reservation_values(scenario, parties, prefer=fallback)
            res = np.array([rv[p][0] for p in parties])
            prov = {p: rv[p][1] for p in parties}
        else:
            res = np.array([float(reservation.get(p, 0.0)) for p in parties])
            prov = {p: "given" for p in parties}
        space = cls.from_deal_tables(replace(tables, reservation=res, provenance=prov))
        object.__setattr__(space, "source", scenario.id)
        from accord.deals.red_lines import red_line_masks

        allowed, text = red_line_masks(scenario, parties, tables.issue_ids, tables.positions)
        if not allowed:
            return space
        red = tuple(np.array([allowed.get((p, iid), np.ones(int(tables.n_options[i]), bool))
                              for p in parties]) for i, iid in enumerate(tables.issue_ids))
        return replace(space, red_lines=red, red_line_text=text)

    @classmethod
    def from_genius(cls, folder, *, normalise: bool = True) -> "OutcomeSpace":
        """A space straight from a GENIUS domain folder (domain XML + one profile per party).

        ``normalise=True`` uses GENIUS's semantics (each issue's evaluations divided by that
        issue's maximum); ``False`` keeps the raw evaluations as NegMAS 0.16 does (utilities may
        then exceed 1, so the result has a ``table`` instead of values). See
        :func:`accord.scenario.io.genius.genius_tables`.
        """
        from accord.scenario.io.genius import genius_tables

        return cls.from_deal_tables(genius_tables(folder, normalise=normalise))
