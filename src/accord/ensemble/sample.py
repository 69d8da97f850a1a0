"""Uncertain inputs and vectorised draws of scenario variants.

Every position, salience, capability and outside-option number of a scenario may carry a
plausible range: ``Stance.position_range`` / ``salience_range``, ``Capability.value_range``,
``OutsideOption.ranges``, and so may red lines and status quos (``RedLine.value_range``,
``StatusQuo.value_range``; see :mod:`accord.scenario.rules`). Each range becomes one
:class:`UncertainInput` with a distribution over it, the stated value as its mode:

- ``uniform``: flat on [low, high] (the stated value plays no part);
- ``triangular``: density rising linearly from ``low`` to the stated value and falling to ``high``;
- ``pert`` (the default, as in the scenario model): the beta-PERT distribution of Malcolm et al.
  (1959) / Vose (2008), Beta(α, β) on [low, high] with α = 1 + 4 (m − low)/(high − low),
  β = 1 + 4 (high − m)/(high − low), so its mean is (low + 4m + high)/6.

A stance or capability chooses its distribution with its own ``distribution`` field; outside
options (which have none) use PERT. ``overrides`` can give a range and distribution to any
number, including one the scenario leaves without a range.

The credibility of a commitment (``Commitment.credibility_range``, see
:mod:`accord.scenario.commitments`) is an input too: ``credibility[ISSUE]`` for an issue's
commitment, ``credibility[ISSUE.OPTION]`` for an option's.

Weak evidence widens a range (:mod:`accord.scenario.reliability`, ``docs/sources.md``): every
range the scenario states is widened around its value by ``2 − R``, ``R`` the combined
reliability of the sources its evidence rests on — one partisan or second-hand source widens it
more than independent confirmation — and clipped to the number's domain. The same rule applies
to every scenario; ``reliability=False`` keeps the stated ranges, and ranges given as
``overrides`` are used as given.

Names say what the number is: ``position[Russia,donbas]``, ``salience[US,guarantees]``,
``capability[Russia]`` (the actor's general capability, applied to every issue without an
issue-specific one), ``capability[Russia,donbas]``, ``outside[Ukraine].win_probability``,
``red_line[Ukraine,donbas]``, ``status_quo[donbas]``. A drawn red line never excludes the
actor's own drawn position (it is moved to the position when it would). A *fixed* red line (one
without a range) truncates the position's distribution instead: the position is drawn from its
distribution on [low, high] conditioned on the side the red line leaves acceptable
(``UncertainInput.admissible``), by redrawing every draw that falls past the line — an actor
whose own position violates its red line is incoherent, and a redraw, unlike a clip to the line,
puts no lump of probability on the line itself.

:meth:`InputSpace.sample` draws N variants at once: an (N, K) matrix of inputs and batched
:class:`~accord.scenario.arrays.ScenarioArrays` (leading axis N) — no Python loop over variants.

>>> from accord.scenario.builtin import load_builtin
>>> s = load_builtin("ec-emissions-1994")
>>> s.stances[0].position_range = (4.0, 6.0)
>>> space = InputSpace.from_scenario(s)
>>> [x.name for x in space.inputs]
['position[Netherlands,emissions]']
>>> v = space.sample(1000, np.random.default_rng(1))
>>> v.arrays.position.shape, bool((v.values >= 4).all() and (v.values <= 6).all())
((1000, 10, 1), True)
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal, Mapping

import numpy as np

from accord.errors import AccordError
from accord.scenario.arrays import ScenarioArrays

if TYPE_CHECKING:  # pragma: no cover - annotations only (a forecast of a decide file reads
    from accord.scenario.model import Scenario  # its inputs without the model: issue 18)

DISTRIBUTIONS = ("uniform", "triangular", "pert")
OUTSIDE_FIELDS = ("reservation", "win_probability", "cost", "per_period_win", "per_period_cost",
                  "discount")
#: The domain a widened range of each outside-option number is clipped to (a discount stays
#: strictly inside (0, 1)).
OUTSIDE_BOUNDS = {"reservation": (0.0, 1.0), "win_probability": (0.0, 1.0), "cost": (0.0, np.inf),
                  "per_period_win": (0.0, 1.0), "per_period_cost": (0.0, np.inf),
                  "discount": (np.nextafter(0.0, 1.0), np.nextafter(1.0, 0.0))}
Kind = Literal["position", "salience", "capability", "outside", "red_line", "status_quo",
               "credibility"]


@dataclass(frozen=True)
class UncertainInput:
    """One number of the scenario that an ensemble varies.

    ``targets`` are the (actor index, issue index) cells of the scenario arrays the number
    fills (several for a general capability, none for an outside option).
    """

    name: str
    kind: Kind
    actor: str
    issue: str | None
    base: float
    low: float
    high: float
    distribution: str = "pert"
    field: str | None = None
    targets: tuple[tuple[int, int], ...] = ()
    stated: tuple[float, float] | None = None   # the scenario's range, when widened
    reliability: float | None = None            # R of the evidence it rests on
    #: the part of [low, high] the draws are kept to: a position whose actor has a fixed red
    #: line on the issue is drawn from its distribution conditioned on this interval
    admissible: tuple[float, float] | None = None

    def to_dict(self) -> dict:
        out = {"name": self.name, "kind": self.kind, "actor": self.actor, "issue": self.issue,
               "base": self.base, "low": self.low, "high": self.high,
               "distribution": self.distribution}
        if self.field:
            out["field"] = self.field
        if self.stated is not None:
            out["stated_range"] = list(self.stated)
        if self.reliability is not None:
            out["reliability"] = self.reliability
        if self.admissible is not None:
            out["admissible"] = list(self.admissible)
        return out


def input_name(kind: str, actor: str, issue: str | None = None, field: str | None = None) -> str:
    if kind == "outside":
        return f"outside[{actor}].{field}"
    if kind == "credibility":
        return f"credibility[{issue}{'.' + field if field else ''}]"
    if kind == "status_quo":
        return f"status_quo[{issue}]"
    return f"{kind}[{actor}{',' + issue if issue else ''}]"


def _check_range(name: str, base: float, low: float, high: float, distribution: str) -> None:
    if distribution not in DISTRIBUTIONS:
        raise AccordError(f"{name}: unknown distribution {distribution!r}; expected one of: "
                          f"{', '.join(DISTRIBUTIONS)}")
    if not low <= base <= high:
        raise AccordError(f"{name}: stated value {base:g} is outside its range [{low:g}, {high:g}];"
                          " expected low ≤ value ≤ high")


def list_inputs(scenario: Scenario, overrides: Mapping[str, tuple] | None = None,
                distribution: str | None = None, *, reliability: bool = True
                ) -> list[UncertainInput]:
    """Every number of ``scenario`` that carries a range, in scenario order.

    ``overrides`` maps an input name to ``(low, high)`` or ``(low, high, distribution)``: it
    replaces the scenario's range, or makes a number without one uncertain. ``distribution``
    replaces every input's distribution (e.g. ``"uniform"`` for a quick what-if). Inputs whose
    range is a single point are left out (they do not vary). ``reliability``: widen each
    stated range by the reliability of the evidence it rests on
    (:mod:`accord.scenario.reliability`); overridden ranges are used as given.
    """
    from accord.scenario.commitment_terms import scenario_commitments
    from accord.scenario.reliability import evidence_basis, widen_range

    overrides = dict(overrides or {})
    actors = {a.id: k for k, a in enumerate(scenario.actors)}
    issues = {i.id: k for k, i in enumerate(scenario.issues)}
    candidates: list[UncertainInput] = []
    # per candidate: the evidence its range rests on and the domain it is clipped to
    grounds: list[tuple[tuple[str, ...], tuple[float, float]]] = []

    def add(kind, actor, issue, base, rng_, dist, field=None, targets=(), evidence=(),
            bounds=(-np.inf, np.inf)):
        candidates.append(UncertainInput(input_name(kind, actor, issue, field), kind, actor,
                                         issue, float(base), *(rng_ or (base, base)),
                                         distribution=dist, field=field, targets=tuple(targets)))
        grounds.append((tuple(evidence), bounds))

    for st in scenario.stances:
        cell = [(actors[st.actor], issues[st.issue])]
        scale = (scenario.issue(st.issue).low, scenario.issue(st.issue).high)
        add("position", st.actor, st.issue, st.position, st.position_range, st.distribution,
            targets=cell, evidence=st.evidence, bounds=scale)
        add("salience", st.actor, st.issue, st.salience, st.salience_range, st.distribution,
            targets=cell, evidence=st.evidence, bounds=(0.0, 1.0))
        if st.red_line is not None:
            add("red_line", st.actor, st.issue, st.red_line.value, st.red_line.value_range,
                st.red_line.distribution, field=st.red_line_side(), targets=cell,
                evidence=st.red_line.evidence, bounds=scale)
    for issue in scenario.issues:
        sq = issue.status_quo
        if sq is not None and sq.value is not None:
            add("status_quo", "", issue.id, sq.value, sq.value_range, sq.distribution,
                targets=[(-1, issues[issue.id])], evidence=sq.evidence,
                bounds=(issue.low, issue.high))
    specific = {(c.actor, c.issue) for c in scenario.capabilities if c.issue is not None}
    for c in scenario.capabilities:
        a = actors[c.actor]
        if c.issue is None:
            cells = [(a, k) for i, k in issues.items() if (c.actor, i) not in specific]
        else:
            cells = [(a, issues[c.issue])]
        add("capability", c.actor, c.issue, c.value, c.value_range, c.distribution, targets=cells,
            evidence=c.evidence, bounds=(0.0, np.inf))
    for n, o in enumerate(scenario.outside_options):
        unknown_fields = sorted(set(o.ranges) - set(OUTSIDE_FIELDS))
        if unknown_fields:
            raise AccordError(f"outside_options[{n}].ranges.{unknown_fields[0]}: not a parameter "
                              f"of an outside option; expected one of {', '.join(OUTSIDE_FIELDS)}")
        for f in OUTSIDE_FIELDS:
            value = getattr(o, f)
            if value is None and f not in o.ranges:
                continue
            rng_ = o.ranges.get(f)
            if value is None:  # a range without a stated value: the midpoint is the mode
                value = (rng_[0] + rng_[1]) / 2.0
            add("outside", o.actor, None, value, rng_, "pert", field=f, evidence=o.evidence,
                bounds=OUTSIDE_BOUNDS[f])
    for _, issue, option, c in scenario_commitments(scenario):
        add("credibility", "", issue.id, c.credibility, c.credibility_range, c.distribution,
            field=option, evidence=c.evidence, bounds=(0.0, 1.0))

    known = {c.name for c in candidates}
    unknown = sorted(set(overrides) - known)
    if unknown:
        raise AccordError(f"no scenario number called {unknown[0]!r}; expected a name like "
                          f"{next(iter(sorted(known)), 'position[ACTOR,ISSUE]')}")
    out = []
    for c, (evidence, bounds) in zip(candidates, grounds):
        low, high, dist = c.low, c.high, c.distribution
        stated, basis = None, None
        if c.name in overrides:
            spec = tuple(overrides[c.name])
            low, high = float(spec[0]), float(spec[1])
            dist = spec[2] if len(spec) > 2 else dist
        elif reliability and high > low and evidence:
            basis = evidence_basis(scenario, evidence).reliability
            _check_range(c.name, c.base, low, high, dist)
            wide = widen_range(c.base, low, high, 2.0 - basis, bounds)
            if wide != (low, high):
                stated, (low, high) = (low, high), wide
        dist = distribution or dist
        _check_range(c.name, c.base, low, high, dist)
        if high > low:
            out.append(UncertainInput(c.name, c.kind, c.actor, c.issue, c.base, low, high, dist,
                                      c.field, c.targets, stated, basis))
    return _truncate_at_red_lines(scenario, out)


def _truncate_at_red_lines(scenario: Scenario, inputs: list[UncertainInput]
                           ) -> list[UncertainInput]:
    """Keep each drawn position on the acceptable side of its actor's fixed red line.

    A red line that is itself drawn is moved to the drawn position instead (in
    :meth:`InputSpace.apply`), so only stances whose red line has no range are truncated. A
    position whose admissible part of the range is a single point does not vary and is left out.
    """
    drawn_lines = {(x.actor, x.issue) for x in inputs if x.kind == "red_line"}
    fixed = {(st.actor, st.issue): (float(st.red_line.value), st.red_line_side())
             for st in scenario.stances
             if st.red_line is not None and (st.actor, st.issue) not in drawn_lines}
    out = []
    for x in inputs:
        if x.kind == "position" and (x.actor, x.issue) in fixed:
            line, side = fixed[(x.actor, x.issue)]
            a, b = (max(x.low, line), x.high) if side == "at_least" else (x.low, min(x.high, line))
            if not a < b:       # only the line itself is acceptable (the stated position)
                continue
            if (a, b) != (x.low, x.high):
                x = replace(x, admissible=(a, b))
        out.append(x)
    return out


def with_ranges(scenario: Scenario, *, position: float | None = None,
                salience: float | None = None, capability: float | None = None) -> Scenario:
    """A copy of ``scenario`` in which numbers without a range get a symmetric one.

    ``position``: ± that fraction of the issue's scale; ``salience``: ± that absolute amount;
    ``capability``: ± that fraction of the value. Ranges are clipped to the valid scale, and
    ranges the scenario already states are kept. For what-if runs and for benchmarks on
    scenarios (like the EC case) whose sources give no ranges.
    """
    s = scenario.model_copy(deep=True)
    for st in s.stances:
        issue = s.issue(st.issue)
        if position is not None and st.position_range is None:
            d = position * (issue.high - issue.low)
            st.position_range = (max(issue.low, round(st.position - d, 12)),
                                 min(issue.high, round(st.position + d, 12)))
        if salience is not None and st.salience_range is None:
            st.salience_range = (max(0.0, round(st.salience - salience, 12)),
                                 min(1.0, round(st.salience + salience, 12)))
    if capability is not None:
        for c in s.capabilities:
            if c.value_range is None:
                c.value_range = (round(c.value * (1 - capability), 12),
                                 round(c.value * (1 + capability), 12))
    return s


# --- distributions ---------------------------------------------------------------------------


def _pert_shape(base, low, high):
    span = high - low
    return 1.0 + 4.0 * (base - low) / span, 1.0 + 4.0 * (high - base) / span


def _triangular_ppf(u, low, mode, high):
    """Inverse CDF of the triangular distribution, elementwise."""
    span = high - low
    c = (mode - low) / span
    left = low + np.sqrt(u * span * (mode - low))
    right = high - np.sqrt((1.0 - u) * span * (high - mode))
    return np.where(u < c, left, right)


def _draw(x: UncertainInput, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` draws of one input on its whole range, by the samplers of
    :meth:`InputSpace.draw_values`."""
    span = x.high - x.low
    if x.distribution == "uniform":
        return x.low + rng.random(n) * span
    if x.distribution == "triangular":
        return _triangular_ppf(rng.random(n), x.low, x.base, x.high)
    a, b = _pert_shape(x.base, x.low, x.high)
    g = rng.standard_gamma(a, size=n)
    return x.low + g / (g + rng.standard_gamma(b, size=n)) * span


#: rounds of redraws before giving up on an input whose admissible part is nearly never drawn
MAX_REDRAW_ROUNDS = 64
#: the most candidates one round of redraws draws (8 MiB of float64)
MAX_REDRAW_BATCH = 1 << 20


def _redraw_outside(row: np.ndarray, x: UncertainInput, rng: np.random.Generator) -> None:
    """Replace, in place, every draw in ``row`` outside ``x.admissible`` by a fresh admissible
    draw: rejection sampling, which leaves the admissible draws as they were and gives the
    input's distribution conditioned on the admissible interval (a truncated distribution).

    Each round draws enough candidates for the draws still missing at the acceptance rate seen
    so far, so a round or two suffice unless the admissible part is very unlikely.
    """
    a, b = x.admissible
    missing = np.flatnonzero((row < a) | (row > b))
    drawn, kept = row.size, row.size - missing.size
    for _ in range(MAX_REDRAW_ROUNDS):
        if not missing.size:
            return
        rate = max(kept / drawn, 1.0 / drawn)
        m = int(min(MAX_REDRAW_BATCH, np.ceil(1.2 * missing.size / rate) + 16))
        cand = _draw(x, m, rng)
        cand = cand[(cand >= a) & (cand <= b)]
        take = min(cand.size, missing.size)
        row[missing[:take]] = cand[:take]
        missing = missing[take:]
        drawn, kept = drawn + m, kept + cand.size
    if missing.size:
        raise AccordError(
            f"{x.name}: its range [{x.low:g}, {x.high:g}] lies almost wholly past the actor's "
            f"red line (acceptable: [{a:g}, {b:g}]; {kept:,} of {drawn:,} draws there); expected "
            "a position_range mostly on the acceptable side")


def _cdf(x: UncertainInput, v: float) -> float:
    """The CDF of input ``x``'s distribution on its whole range at ``v``."""
    lo, m, hi = x.low, x.base, x.high
    v = min(max(v, lo), hi)
    if x.distribution == "uniform":
        return (v - lo) / (hi - lo)
    if x.distribution == "triangular":
        if v <= m:
            return 0.0 if m == lo else (v - lo) ** 2 / ((hi - lo) * (m - lo))
        return 1.0 - (hi - v) ** 2 / ((hi - lo) * (hi - m))
    from scipy import special  # as in from_unit: only sensitivity needs it

    return float(special.betainc(*_pert_shape(m, lo, hi), (v - lo) / (hi - lo)))


@dataclass
class Variants:
    """N drawn variants: the input matrix (N, K) and the scenario arrays with a leading axis N.

    ``outside`` holds the drawn outside-option numbers by input name, each (N,);
    ``credibility`` the drawn credibilities of commitments likewise.
    """

    values: np.ndarray
    arrays: ScenarioArrays
    inputs: tuple[UncertainInput, ...] = ()
    outside: dict[str, np.ndarray] = field(default_factory=dict)
    credibility: dict[str, np.ndarray] = field(default_factory=dict)

    def __len__(self) -> int:
        return self.values.shape[0]


@dataclass(frozen=True)
class InputSpace:
    """The uncertain inputs of one scenario and the base arrays they are written into."""

    inputs: tuple[UncertainInput, ...]
    base: ScenarioArrays

    @classmethod
    def from_scenario(cls, scenario: Scenario, overrides: Mapping[str, tuple] | None = None,
                      distribution: str | None = None, *, require: bool = False,
                      reliability: bool = True) -> "InputSpace":
        """The inputs of :func:`list_inputs`; ``require``: a user error when there are none."""
        space = cls(tuple(list_inputs(scenario, overrides, distribution, reliability=reliability)),
                    scenario.to_arrays())
        if require and not space.inputs:
            raise AccordError(f"scenario {scenario.id!r} gives no ranges, so nothing varies; "
                              "expected position_range / salience_range on stances, value_range"
                              " on capabilities or ranges on outside options")
        return space

    # vectors over inputs (K,)
    @property
    def names(self) -> list[str]:
        return [x.name for x in self.inputs]

    @property
    def base_values(self) -> np.ndarray:
        return np.array([x.base for x in self.inputs], dtype=float)

    @property
    def lows(self) -> np.ndarray:
        return np.array([x.low for x in self.inputs], dtype=float)

    @property
    def highs(self) -> np.ndarray:
        return np.array([x.high for x in self.inputs], dtype=float)

    @property
    def admissible_lows(self) -> np.ndarray:
        """The lowest value each input can take (its red line's, when that truncates it)."""
        return np.array([(x.admissible or (x.low,))[0] for x in self.inputs], dtype=float)

    @property
    def admissible_highs(self) -> np.ndarray:
        """The highest value each input can take (its red line's, when that truncates it)."""
        return np.array([(x.admissible or (x.low, x.high))[1] for x in self.inputs], dtype=float)

    def _columns(self, dist: str) -> np.ndarray:
        return np.array([k for k, x in enumerate(self.inputs) if x.distribution == dist], dtype=int)

    def draw_values(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """(n, K) draws, each column from its input's distribution (direct samplers: fast).

        The result is a view of a (K, n) array (one contiguous row per input), the layout the
        Parquet writer wants. Column groups are drawn in a fixed order (uniform, triangular,
        PERT) so a seed always gives the same matrix.
        """
        K = len(self.inputs)
        lo, hi, base = self.lows[:, None], self.highs[:, None], self.base_values[:, None]
        out = np.empty((K, n))
        cols = self._columns("uniform")
        if cols.size:
            out[cols] = lo[cols] + rng.random((cols.size, n)) * (hi - lo)[cols]
        cols = self._columns("triangular")
        if cols.size:
            out[cols] = _triangular_ppf(rng.random((cols.size, n)), lo[cols], base[cols],
                                        hi[cols])
        cols = self._columns("pert")
        if cols.size:
            # Beta(α, β) as G_α / (G_α + G_β) from standard gamma draws: the algorithm NumPy's
            # own beta sampler uses when α or β exceeds 1 (always so for PERT: α + β = 6). One
            # call per input with a scalar shape is 30–40 % faster than one broadcast call.
            a, b = _pert_shape(base[cols, 0], lo[cols, 0], hi[cols, 0])
            g = np.empty(n)
            for k, ak, bk in zip(cols, a, b):
                row = out[k]
                rng.standard_gamma(ak, size=n, out=row)
                rng.standard_gamma(bk, size=n, out=g)
                g += row
                row /= g
            out[cols] = lo[cols] + out[cols] * (hi - lo)[cols]
        for k, x in enumerate(self.inputs):
            if x.admissible is not None:
                _redraw_outside(out[k], x, rng)
        return out.T

    def from_unit(self, u: np.ndarray, columns=None) -> np.ndarray:
        """Map quantiles ``u`` in [0, 1] to input values by inverse CDFs (for sensitivity).

        ``u`` is (n, K), or (n, len(columns)) for the inputs at positions ``columns``.
        """
        u = np.asarray(u, dtype=float)
        columns = np.arange(len(self.inputs)) if columns is None else np.asarray(columns)
        lo, hi, base = (v[columns] for v in (self.lows, self.highs, self.base_values))
        dists = np.array([self.inputs[k].distribution for k in columns])
        truncated = [j for j, k in enumerate(columns) if self.inputs[k].admissible is not None]
        if truncated:
            # the truncated distribution's inverse CDF: quantile u of the admissible part is
            # quantile F(a) + u (F(b) − F(a)) of the whole range
            u = u.copy()
            for j in truncated:
                x = self.inputs[columns[j]]
                fa, fb = (_cdf(x, v) for v in x.admissible)
                u[:, j] = fa + u[:, j] * (fb - fa)
        out = np.empty_like(u)
        for dist in DISTRIBUTIONS:
            cols = np.flatnonzero(dists == dist)
            if not cols.size:
                continue
            uc = u[:, cols]
            if dist == "uniform":
                out[:, cols] = lo[cols] + uc * (hi - lo)[cols]
            elif dist == "triangular":
                out[:, cols] = _triangular_ppf(uc, lo[cols], base[cols], hi[cols])
            else:
                # scipy only here (sensitivity's inverse CDFs): sampling, which every forecast
                # does, needs none of it, and importing it costs a third of a second
                from scipy import special

                a, b = _pert_shape(base[cols], lo[cols], hi[cols])
                out[:, cols] = lo[cols] + special.betaincinv(a, b, uc) * (hi - lo)[cols]
        return out

    def apply(self, values: np.ndarray) -> Variants:
        """Write an (n, K) input matrix into n copies of the base arrays."""
        values = np.asarray(values, dtype=float)
        n = values.shape[0]
        arrays = self.base.broadcast_batch(n)
        targets = {"position": arrays.position, "salience": arrays.salience,
                   "capability": arrays.capability}
        red_low, red_high = arrays.red_low, arrays.red_high
        outside: dict[str, np.ndarray] = {}
        for kind, target in targets.items():
            ks, cells = [], []
            for k, x in enumerate(self.inputs):
                if x.kind == kind:
                    ks += [k] * len(x.targets)
                    cells += list(x.targets)
            if ks:
                a_idx, i_idx = np.array(cells).T
                target[:, a_idx, i_idx] = values[:, ks]
        credibility: dict[str, np.ndarray] = {}
        for k, x in enumerate(self.inputs):
            if x.kind == "outside":
                outside[x.name] = values[:, k]
            elif x.kind == "credibility":
                credibility[x.name] = values[:, k]
            elif x.kind == "status_quo":
                arrays.status_quo[:, x.targets[0][1]] = values[:, k]
            elif x.kind == "red_line":
                a, i = x.targets[0]
                pos = arrays.position[:, a, i]
                if x.field == "at_least":   # a red line never excludes the actor's own position
                    red_low[:, a, i] = np.minimum(values[:, k], pos)
                else:
                    red_high[:, a, i] = np.maximum(values[:, k], pos)
        return Variants(values, arrays, self.inputs, outside, credibility)

    def sample(self, n: int, rng: np.random.Generator) -> Variants:
        """``n`` variants drawn at once."""
        return self.apply(self.draw_values(n, rng))

    def at_base(self, n: int = 1) -> Variants:
        return self.apply(np.tile(self.base_values, (n, 1)))


def scenario_variant(scenario: Scenario, inputs, values) -> Scenario:
    """A copy of ``scenario`` with each input set to its value in ``values`` (K,).

    For consumers that need a whole scenario per variant (the deal solver); models use the
    batched arrays of :meth:`InputSpace.apply` instead.
    """
    from accord.scenario.commitments import scenario_commitments

    s = scenario.model_copy(deep=True)
    # A variant is a point: each number's stated range is dropped and the drawn value set,
    # because the draw may lie outside the stated range (weak evidence widens a range, and
    # overrides replace it). A stance's numbers are set together, after all are known: set one
    # at a time, a drawn position could be checked against a red line not yet drawn.
    stance_updates: dict[tuple[str, str], dict] = {}
    for x, v in zip(inputs, np.asarray(values, dtype=float).tolist()):
        if x.kind in ("position", "salience", "red_line"):
            stance_updates.setdefault((x.actor, x.issue), {})[x.kind] = (v, x.field)
        elif x.kind == "status_quo":
            sq = s.issue(x.issue).status_quo
            sq.value_range = None
            sq.value = v
        elif x.kind == "capability":
            c = next(c for c in s.capabilities if c.actor == x.actor and c.issue == x.issue)
            c.value_range = None
            c.value = v
        elif x.kind == "credibility":
            c = next(c for _, issue, option, c in scenario_commitments(s)
                     if issue.id == x.issue and option == x.field)
            c.credibility_range = None
            c.credibility = v
        else:
            o = next(o for o in s.outside_options if o.actor == x.actor)
            setattr(o, x.field, v)
    for k, st in enumerate(s.stances):
        drawn = stance_updates.get((st.actor, st.issue))
        if drawn:
            s.stances[k] = _stance_variant(st, drawn)
    return s


def _stance_variant(st, drawn: dict):
    """``st`` with its drawn position, salience and red line (``kind -> (value, field)``), as
    :meth:`InputSpace.apply` uses them: a red line never excludes the actor's own drawn
    position. Built without re-validating the stance against the ranges it no longer has."""
    update: dict = {}
    for kind in ("position", "salience"):
        if kind in drawn:
            update[kind], update[f"{kind}_range"] = drawn[kind][0], None
    if "red_line" in drawn:
        v, side = drawn["red_line"]
        position = update.get("position", st.position)
        value = min(v, position) if side == "at_least" else max(v, position)
        # the side drawn for is kept explicit: a clamped line may equal the position
        update["red_line"] = st.red_line.model_copy(
            update={"value": value, "value_range": None, "side": side})
    return st.model_copy(update=update)
