"""Who must deliver a term of a deal, when, and how credible the promise is.

A deal is signed once but delivered over time: a withdrawal happens on signing, a security
guarantee or reconstruction money only after the war, a referendum or a ratification at some
later date. What is agreed now about later is worth less than its face value to the party that
must rely on it, because the party that must deliver can revisit it when the time comes — the
*commitment problem* of the bargaining theory of war (Fearon 1995, §"Commitment problems";
Powell 2006): a side cannot credibly promise not to use the power it will have tomorrow.

A :class:`Commitment` sits on a scenario issue (``Issue.commitment``: whatever is agreed on the
issue) or on one option (``Option.commitment`` of a discrete issue, ``DealOption.commitment``
of a deal space, which override the issue's): who must deliver it (``by``), when (``when``:
``on_signing``, ``after_ceasefire``, ``post_war``, or a ``date``), and ``credibility``, the
probability that it is delivered as agreed, with the evidence for it — a record of kept or
broken promises, a ratification still needed, a change of government expected
(``conditions`` lists what delivery still depends on).

Valuation (:func:`credible_value`, used by deals, trades, simulation and the whether layer; see
``docs/deals/commitments.md``): a term agreed at ``x`` with credibility ``κ`` is the lottery
"``x`` with probability ``κ``, otherwise the status quo", so to every party

    u(term) = κ · u(x) + (1 − κ) · u(status quo).

The status quo is the issue's ``status_quo`` (:class:`~accord.scenario.rules.StatusQuo`); a
term with ``κ < 1`` therefore needs one.

>>> c = Commitment(by=["united_states"], when="post_war", credibility=0.4,
...                conditions=["ratification by the US Senate"])
>>> c.deferred, round(credible_value(0.9, 0.2, c.credibility), 12)
(True, 0.48)
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, Strict, field_validator, model_validator

from accord.scenario.commitment_terms import scenario_commitments  # noqa: F401 (its home)

Number = Annotated[float, Strict()]
Distribution = Literal["uniform", "triangular", "pert"]

#: When a term is delivered: on signing, once a ceasefire holds, after the war, or on a date.
Delivery = Literal["on_signing", "after_ceasefire", "post_war", "date"]
DELIVERY_WORDS = {"on_signing": "on signing", "after_ceasefire": "after a ceasefire",
                  "post_war": "after the war", "date": "on a date"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False)


class Commitment(_Strict):
    """Who must deliver a term, when, and the probability that it is delivered as agreed.

    ``credibility_range`` is the plausible range ensembles draw from (``distribution``, PERT
    with ``credibility`` as its mode by default); the range is widened like every other range
    when its evidence is weak (:mod:`accord.scenario.reliability`).
    """

    by: list[str] = Field(min_length=1, description="ids of the actors who must deliver")
    when: Delivery = "on_signing"
    date: dt.date | None = Field(None, description="the delivery date, with when: date")
    credibility: Number = Field(1.0, ge=0.0, le=1.0,
                                description="probability that the term is delivered as agreed")
    credibility_range: tuple[Number, Number] | None = None
    distribution: Distribution = "pert"
    conditions: list[str] = Field(default_factory=list,
                                  description="what delivery still depends on (a ratification, "
                                              "a referendum, a ceasefire holding)")
    description: str | None = None
    evidence: list[str] = Field(default_factory=list)
    note: str | None = None

    @field_validator("credibility_range")
    @classmethod
    def _ordered(cls, v):
        if v is not None:
            if v[0] > v[1]:
                raise ValueError(f"range {list(v)} is reversed; expected [low, high]")
            if v[0] < 0 or v[1] > 1:
                raise ValueError(f"credibility_range {list(v)} is outside [0, 1]; expected "
                                 "probabilities")
        return v

    @model_validator(mode="after")
    def _consistent(self) -> "Commitment":
        if self.when == "date" and self.date is None:
            raise ValueError("when: date needs date (the delivery date, YYYY-MM-DD)")
        if self.when != "date" and self.date is not None:
            raise ValueError(f"date is only for when: date; this term is delivered "
                             f"{DELIVERY_WORDS[self.when]}")
        if self.credibility_range is not None:
            lo, hi = self.credibility_range
            if not lo <= self.credibility <= hi:
                raise ValueError(f"credibility {self.credibility:g} is outside its "
                                 f"credibility_range {[lo, hi]}")
        return self

    @property
    def deferred(self) -> bool:
        """Delivered after signing (and so open to being revisited)."""
        return self.when != "on_signing"

    def describe(self, names: dict[str, str] | None = None) -> str:
        """"United States, after the war, credibility 0.4"."""
        names = names or {}
        when = f"on {self.date}" if self.when == "date" else DELIVERY_WORDS[self.when]
        who = ", ".join(names.get(a, a) for a in self.by)
        return f"{who}, {when}, credibility {self.credibility:g}"


def credible_value(face, if_broken, credibility):
    """What a term is worth when it is delivered with probability ``credibility``:
    ``κ · face + (1 − κ) · if_broken`` (elementwise, NumPy broadcasting).

    ``face`` is the term's value as agreed, ``if_broken`` the value of what holds if it is not
    delivered (the status quo).

    >>> credible_value(0.9, 0.2, 0.5), credible_value(0.9, 0.2, 1.0)
    (0.55, 0.9)
    """
    k = np.asarray(credibility, dtype=float)
    out = k * np.asarray(face, dtype=float) + (1.0 - k) * np.asarray(if_broken, dtype=float)
    return float(out) if out.ndim == 0 else out


def credible_reservation(reservation, if_broken, credibility):
    """The face value a deferred term must have to be worth ``reservation``:
    ``κ · v + (1 − κ) · v_sq ≥ r  ⇔  v ≥ (r − (1 − κ) · v_sq) / κ`` (``inf`` when κ = 0 and the
    status quo alone falls short of ``r``, ``−inf`` when it reaches it).

    For one-issue tests such as the whether layer's zones with a reservation fallback.

    >>> credible_reservation(0.6, 0.2, 0.5)
    1.0
    """
    r = np.asarray(reservation, dtype=float)
    v = np.asarray(if_broken, dtype=float)
    k = np.asarray(credibility, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        need = (r - (1.0 - k) * v) / k
    need = np.where(k > 0, need, np.where(v >= r, -np.inf, np.inf))
    return float(need) if need.ndim == 0 else need


# --- cross-reference validation (called from Scenario's validator) ---------------------------

def check_commitments(scenario, known_actor, cites) -> None:
    """Raise a located :class:`~accord.errors.ScenarioError` for the first inconsistent
    commitment: an unknown deliverer or evidence id, a term that may not be delivered
    (credibility below 1) on an issue without a status quo to fall back on, or a delivery date
    before the scenario's date."""
    from accord.errors import ScenarioError

    for path, issue, _, c in scenario_commitments(scenario):
        for k, actor_id in enumerate(c.by):
            known_actor(f"{path}.by[{k}]", actor_id)
        cites(f"{path}.evidence", c.evidence)
        lowest = c.credibility if c.credibility_range is None else c.credibility_range[0]
        if lowest < 1.0 and issue.status_quo is None:
            raise ScenarioError(f"{path}.credibility",
                                f"a term delivered with probability {lowest:g} needs what holds "
                                f"if it is not delivered, but issue {issue.id!r} has no "
                                "status_quo; expected a status_quo on the issue")
        if c.date is not None and scenario.date is not None and c.date < scenario.date:
            raise ScenarioError(f"{path}.date", f"delivery date {c.date} is before the scenario "
                                f"date {scenario.date}; expected a date on or after it")


def set_issue_credibility(scenario, ids, value):
    """Set the credibility of every commitment on one issue, in place: the issue's own, its
    options' and its deal-space options'. The what-if setter of ``ISSUE.credibility=P``
    (``accord whatif --set``); returns the old value (the issue's own credibility, else the
    first option's).

    The stated ``credibility_range`` is dropped: the analyst fixes the number, so it no longer
    varies in ensembles.

    >>> from accord.scenario.model import Scenario
    >>> s = Scenario.model_validate({"id": "t", "title": "T", "actors": [{"id": "a", "name": "A"}],
    ...     "issues": [{"id": "x", "name": "X", "status_quo": 0, "commitment":
    ...                 {"by": ["a"], "when": "post_war", "credibility": 0.4,
    ...                  "credibility_range": [0.2, 0.6]}}]})
    >>> set_issue_credibility(s, ("x",), 0.9), s.issue("x").commitment.credibility
    (0.4, 0.9)

    Raises
    ------
    ValueError
        No commitment on the issue, a value that is not a probability, or ``None``.
    """
    (issue_id,) = ids
    if value is None:
        raise ValueError("credibility cannot be removed; expected a probability in [0, 1]")
    issue = scenario.issue(issue_id)
    terms = [c for _, i, _, c in scenario_commitments(scenario) if i.id == issue_id]
    if not terms:
        raise ValueError(f"issue {issue_id!r} has no commitment to set the credibility of; "
                         "expected a commitment on the issue or one of its options in the "
                         "scenario (who delivers it, when)")
    old = issue.commitment.credibility if issue.commitment is not None else terms[0].credibility
    for c in terms:
        c.credibility_range = None
        c.credibility = float(value)
    return old
