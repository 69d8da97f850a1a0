"""GENIUS XML: a domain file (``<negotiation_template>``) and one profile per party
(``<utility_space>``), as used by the ANAC competitions (Lin et al. 2014, "Genius: an integrated
environment for supporting the design of generic automated negotiators").

Semantics, as GENIUS computes them (``AdditiveUtilitySpace``, ``EvaluatorDiscrete``,
``EvaluatorInteger``):

    U(bid) = Σ_i w_i · e_i(bid_i),   weights normalised to sum to 1,

- discrete issue: ``e_i(v) = evaluation(v) / max_v' evaluation(v')`` — each issue's evaluations
  divided by that issue's maximum (0 when all are 0);
- integer issue (``lowerbound``..``upperbound``, child ``<evaluator slope offset>``):
  ``e_i(x) = clip(offset + slope · (x − lowerbound), 0, 1)``.

NegMAS 0.16's ``Scenario.load`` keeps the raw evaluations instead (no division by the maximum), a
different utility function with a different frontier; ``genius_tables(folder,
normalise=False)`` (and ``OutcomeSpace.from_genius``) reproduces that convention for comparisons
(models.md §5).

A folder holding one domain and its profiles loads as a :class:`~accord.scenario.model.Scenario`
with a ``deal_space`` (GENIUS semantics) and one actor per profile (sorted by file name);
each profile's ``<reservation>`` becomes the actor's outside option (a utility threshold over
whole bids — not a red line on one issue, which GENIUS cannot express). A GENIUS negotiation
ends in agreement only when every party accepts the same bid: the scenario's decision rule is
unanimity among the profiles. GENIUS has no status quo (no agreement leaves each party its
reservation value), no red lines, and its deadlines belong to the tournament, not the domain:
none of these is set. The discount factor has no place in a scenario and is recorded in the
scenario's notes. Writing produces a domain file and
one profile per party whose evaluations are the option values; GENIUS rescales every issue so
its best option is worth 1, so values whose best option is below 1 do not survive a round trip.

>>> import tempfile
>>> from accord.scenario.builtin import load_builtin
>>> folder = tempfile.mkdtemp()
>>> save_genius(load_builtin("ec-emissions-1994"), folder)      # 10 parties, one issue
>>> tables = genius_tables(folder)
>>> len(tables.party_ids), tables.n_outcomes, load_genius(folder).deal_space is not None
(10, 3, True)
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from accord.errors import ScenarioError
from accord.scenario.deal_tables import DealTables, deal_tables, option_indices
from accord.scenario.io import WHETHER_FEATURES, Format, register_format
from accord.scenario.io import slug as _slug


def slug(name: str, fallback: str = "x") -> str:
    """:func:`accord.scenario.io.slug`, cut to the 120 characters an id may have."""
    return _slug(name, fallback)[:120]


def unique_slugs(names: list[str], fallback: str) -> list[str]:
    out, seen = [], set()
    for n, name in enumerate(names):
        s = slug(name, f"{fallback}{n + 1}")
        base, k = s, 2
        while s in seen:
            s = f"{base}_{k}"[:120]
            k += 1
        seen.add(s)
        out.append(s)
    return out


@dataclass
class GeniusIssue:
    name: str
    kind: str                      # "discrete" or "integer"
    labels: list[str]
    low: int | None = None
    high: int | None = None


@dataclass
class GeniusProfile:
    name: str
    file: Path
    weights: np.ndarray            # (I,) as in the file
    evaluations: list[np.ndarray]  # per issue, raw evaluations (discrete) or e_i (integer)
    normalised: list[np.ndarray]   # per issue, GENIUS's e_i in [0, 1]
    reservation: float
    discount: float


def _parse(path: Path) -> ET.Element:
    try:
        return ET.parse(path).getroot()
    except ET.ParseError as exc:
        line = exc.position[0] if hasattr(exc, "position") else None
        raise ScenarioError(None, f"not well-formed XML ({exc}); expected a GENIUS domain or "
                            "profile", file=str(path), line=line) from None


def _issues_of(root: ET.Element) -> list[ET.Element]:
    return list(root.iter("issue"))


def _issue_kind(el: ET.Element) -> str:
    kind = (el.get("type") or el.get("etype") or el.get("vtype") or "discrete").lower()
    return kind


def read_domain(path: Path) -> list[GeniusIssue]:
    """The issues of a GENIUS domain file, in file order."""
    root = _parse(path)
    issues = []
    for n, el in enumerate(_issues_of(root)):
        name = el.get("name") or f"issue{n + 1}"
        kind = _issue_kind(el)
        if kind == "discrete":
            labels = [it.get("value") for it in el.findall("item")]
            if len(labels) < 2 or any(v is None for v in labels):
                raise ScenarioError(f"issue[{n}] {name!r}", "a discrete issue needs at least two "
                                    "<item value=...> entries", file=str(path))
            issues.append(GeniusIssue(name, "discrete", labels))
        elif kind == "integer":
            try:
                low, high = int(el.get("lowerbound")), int(el.get("upperbound"))
            except (TypeError, ValueError):
                raise ScenarioError(f"issue[{n}] {name!r}", "an integer issue needs integer "
                                    "lowerbound and upperbound attributes",
                                    file=str(path)) from None
            if high <= low:
                raise ScenarioError(f"issue[{n}] {name!r}",
                                    f"upperbound {high} ≤ lowerbound {low}", file=str(path))
            issues.append(GeniusIssue(name, "integer", [str(x) for x in range(low, high + 1)],
                                      low, high))
        else:
            raise ScenarioError(f"issue[{n}] {name!r}", f"issue type {kind!r} is not supported; "
                                "expected a discrete or integer issue (real issues have no finite "
                                "outcome space)", file=str(path))
    if not issues:
        raise ScenarioError(None, "no <issue> elements; expected a GENIUS domain", file=str(path))
    return issues


def read_profile(path: Path, issues: list[GeniusIssue]) -> GeniusProfile:
    """One GENIUS utility profile over ``issues`` (matched by issue name, else by position)."""
    root = _parse(path)
    els = _issues_of(root)
    by_name = {el.get("name"): el for el in els}
    weights_by_index = {w.get("index"): float(w.get("value")) for w in root.iter("weight")}
    w = np.zeros(len(issues))
    raw, norm = [], []
    for i, issue in enumerate(issues):
        el = by_name.get(issue.name, els[i] if i < len(els) else None)
        if el is None:
            raise ScenarioError(f"issue {issue.name!r}", "the profile does not evaluate this issue",
                                file=str(path))
        w[i] = weights_by_index.get(el.get("index"), 0.0)
        if issue.kind == "discrete":
            ev = {it.get("value"): float(it.get("evaluation", 0.0)) for it in el.findall("item")}
            e = np.array([ev.get(label, 0.0) for label in issue.labels])
            if np.any(e < 0):
                raise ScenarioError(f"issue {issue.name!r}", "negative evaluation; expected "
                                    "evaluations ≥ 0", file=str(path))
            m = e.max()
            raw.append(e)
            norm.append(e / m if m > 0 else np.zeros_like(e))
        else:
            ev_el = el.find("evaluator")
            slope = float(ev_el.get("slope", 0.0)) if ev_el is not None else 0.0
            offset = float(ev_el.get("offset", 0.0)) if ev_el is not None else 0.0
            lower = int(el.get("lowerbound", issue.low))
            x = np.arange(issue.low, issue.high + 1, dtype=float)
            e = np.clip(offset + slope * (x - lower), 0.0, 1.0)
            raw.append(e)
            norm.append(e)
    res_el = root.find(".//reservation")
    disc_el = root.find(".//discount_factor")
    reservation = float(res_el.get("value", 0.0)) if res_el is not None else 0.0
    discount = float(disc_el.get("value", 1.0)) if disc_el is not None else 1.0
    return GeniusProfile(path.stem, path, w, raw, norm, reservation, discount)


def _root_tag(path: Path) -> str | None:
    try:
        with path.open("rb") as fh:
            head = fh.read(2048).decode("utf-8", errors="replace")
    except OSError:
        return None
    m = re.search(r"<\s*([A-Za-z_][\w\-]*)", re.sub(r"<\?.*?\?>|<!--.*?-->", "", head, flags=re.S))
    return m.group(1) if m else None


def find_genius_files(path: Path) -> tuple[Path, list[Path]]:
    """The domain file and the profile files of a GENIUS folder (or of a domain file's folder)."""
    path = Path(path)
    folder = path if path.is_dir() else path.parent
    xmls = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".xml")
    domains = [p for p in xmls if _root_tag(p) == "negotiation_template"]
    profiles = [p for p in xmls if _root_tag(p) == "utility_space"]
    if not path.is_dir():
        domains = [path]
    if len(domains) != 1:
        raise ScenarioError(None, f"{len(domains)} GENIUS domain files (<negotiation_template>) "
                            "found; expected exactly one", file=str(folder))
    if not profiles:
        raise ScenarioError(None, "no GENIUS profiles (<utility_space>) found next to the domain; "
                            "expected one XML profile per party", file=str(folder))
    return domains[0], profiles


def read_genius(path: Path) -> tuple[str, list[GeniusIssue], list[GeniusProfile]]:
    domain, profiles = find_genius_files(path)
    issues = read_domain(domain)
    return domain.stem, issues, [read_profile(p, issues) for p in profiles]


def _norm_weights(w: np.ndarray) -> np.ndarray:
    s = w.sum()
    if s <= 0:
        return np.full_like(w, 1.0 / len(w))
    return w if s == 1.0 else w / s


def genius_tables(path, *, normalise: bool = True) -> DealTables:
    """The outcome space of a GENIUS folder as :class:`~accord.scenario.deal_tables.DealTables`
    (see the module docstring): parties are the profiles, issues and options as in the domain,
    reservations the profiles' ``<reservation>``.

    ``normalise=False`` keeps NegMAS 0.16's convention instead: raw evaluations and the weights
    as in the file, given as a full (P, N) ``table`` of utilities.
    """
    name, issues, profiles = read_genius(Path(path))
    parties = tuple(p.name for p in profiles)
    w = np.array([_norm_weights(p.weights) for p in profiles])
    labels = tuple(tuple(i.labels) for i in issues)
    n = np.array([len(i.labels) for i in issues])
    res = np.array([p.reservation for p in profiles])
    prov = {p.name: f"GENIUS <reservation> in {p.file.name}" for p in profiles}
    norm_vals = tuple(np.array([p.normalised[i] for p in profiles]) for i in range(len(issues)))
    tables = DealTables(parties, tuple(i.name for i in issues), labels, n, w, norm_vals, res,
                        provenance=prov)
    if normalise:
        return tables
    # NegMAS 0.16's convention: raw evaluations, weights as in the file
    raw_w = np.array([p.weights for p in profiles])
    table = np.zeros((len(parties), tables.n_outcomes))
    opts = option_indices(n, np.arange(tables.n_outcomes))
    for i in range(len(issues)):
        ev = np.array([p.evaluations[i] for p in profiles])
        table += raw_w[:, i, None] * ev[:, opts[:, i]]
    return replace(tables, table=table)


def load_genius(path: Path):
    """A Scenario with a deal space from a GENIUS folder or domain file."""
    from accord.scenario.model import (Actor, DealIssue, DealOption, DealSpace, Issue, Option,
                                       OutsideOption, Scenario)
    from accord.scenario.rules import DecisionRule

    path = Path(path)
    name, issues, profiles = read_genius(path)
    actor_ids = unique_slugs([p.name for p in profiles], "party")
    issue_ids = unique_slugs([i.name for i in issues], "issue")
    norm_weights = [_norm_weights(p.weights) for p in profiles]
    sc_issues, deal_issues = [], []
    for k, (iid, issue) in enumerate(zip(issue_ids, issues)):
        opt_ids = unique_slugs(issue.labels, "option")
        if issue.kind == "integer":
            sc_issues.append(Issue(id=iid, name=issue.name, kind="continuous",
                                   low=float(issue.low), high=float(issue.high),
                                   description="GENIUS integer issue"))
        else:
            sc_issues.append(Issue(id=iid, name=issue.name, kind="discrete",
                                   options=[Option(id=o, label=lab)
                                            for o, lab in zip(opt_ids, issue.labels)]))
        weights = {a: float(w[k]) for a, w in zip(actor_ids, norm_weights)}
        options = []
        for j, (oid, lab) in enumerate(zip(opt_ids, issue.labels)):
            options.append(DealOption(
                id=oid, label=lab,
                values={a: float(p.normalised[k][j]) for a, p in zip(actor_ids, profiles)},
                position=float(issue.low + j) if issue.kind == "integer" else None))
        deal_issues.append(DealIssue(issue=iid, options=options, weights=weights))
    discounts = ", ".join(f"{a}: {p.discount:g}" for a, p in zip(actor_ids, profiles))
    return Scenario(
        id=slug(name, "genius"), title=f"GENIUS domain {name}",
        description=f"Imported from the GENIUS files in {path if path.is_dir() else path.parent}",
        actors=[Actor(id=a, name=p.name, kind="person") for a, p in zip(actor_ids, profiles)],
        issues=sc_issues,
        outside_options=[OutsideOption(actor=a, reservation=min(1.0, max(0.0, p.reservation)),
                                       description="GENIUS <reservation>")
                         for a, p in zip(actor_ids, profiles)],
        deal_space=DealSpace(issues=deal_issues,
                             note="GENIUS semantics: evaluations divided by each issue's maximum"),
        decision_rule=DecisionRule(kind="unanimity", veto_players=list(actor_ids),
                                   description="GENIUS: agreement when every party accepts the "
                                               "same bid"),
        notes=f"GENIUS discount factors: {discounts}")


def _fmt(x: float) -> str:
    return repr(float(x))


def save_genius(scenario, path: Path) -> None:
    """Write a GENIUS domain (``<id>.xml``) and one profile per party (``<id>_<actor>.xml``) into
    the folder ``path`` (created if needed), from the deal space the scenario states or implies
    (:func:`~accord.scenario.deal_tables.deal_tables`); what no deal is worth is each outside
    option's stated reservation (0 when it states none — a war value is not carried)."""
    space = deal_tables(scenario)
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    dom = ET.Element("negotiation_template")
    us = ET.SubElement(dom, "utility_space", number_of_issues=str(space.n_issues))
    obj = ET.SubElement(us, "objective", index="0", name=scenario.id, type="objective",
                        etype="objective", description="")
    names = space.issue_names or space.issue_ids
    for i, iname in enumerate(names):
        iss = ET.SubElement(obj, "issue", index=str(i + 1), name=iname, type="discrete",
                            etype="discrete", vtype="discrete")
        for j, lab in enumerate(space.option_labels[i]):
            ET.SubElement(iss, "item", index=str(j + 1), value=lab)
    ET.indent(dom)
    ET.ElementTree(dom).write(folder / f"{scenario.id}.xml", encoding="utf-8",
                              xml_declaration=False)
    for p, party in enumerate(space.party_ids):
        root = ET.Element("utility_space")
        obj = ET.SubElement(root, "objective", index="0", name=scenario.id, type="objective",
                            etype="objective", description="")
        for i, iname in enumerate(names):
            iss = ET.SubElement(obj, "issue", index=str(i + 1), name=iname, type="discrete",
                                etype="discrete", vtype="discrete")
            for j, lab in enumerate(space.option_labels[i]):
                ET.SubElement(iss, "item", index=str(j + 1), value=lab,
                              evaluation=_fmt(space.values[i][p, j]))
        for i in range(space.n_issues):
            ET.SubElement(obj, "weight", index=str(i + 1), value=_fmt(space.weights[p, i]))
        ET.SubElement(root, "discount_factor", value="1.0")
        ET.SubElement(root, "reservation", value=_fmt(space.reservation[p]))
        ET.indent(root)
        ET.ElementTree(root).write(folder / f"{scenario.id}_{party}.xml", encoding="utf-8",
                                   xml_declaration=False)


def _sniff(path: Path, head: str) -> bool:
    path = Path(path)
    if path.is_dir():
        try:
            find_genius_files(path)
            return True
        except (ScenarioError, OSError):
            return False
    return path.suffix.lower() == ".xml" and "<negotiation_template" in head


register_format(Format("genius", (), _sniff, load_genius, save_genius,
                       "GENIUS XML: a domain file and one profile per party (a folder)",
                       priority=30,
                       cannot_carry=(*WHETHER_FEATURES, "evidence", "ranges", "outcome_classes")))
