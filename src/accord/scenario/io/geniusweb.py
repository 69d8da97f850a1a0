"""GeniusWeb JSON profiles (``LinearAdditiveUtilitySpace``), the successor format to GENIUS XML
(Pasman & Jonker, GeniusWeb documentation).

A profile holds ``issueWeights`` (issue → weight), ``issueUtilities`` (issue →
``{"discreteutils": {"valueUtilities": {value: utility in [0, 1]}}}``), the ``domain``
(``issuesValues``: issue → ``{"values": [...]}``) and a ``reservationBid`` (a bid, not a number):
``U(bid) = Σ_i w_i · u_i(bid_i)`` with no further normalisation. Accord's reservation value for a
party is the utility of its reservation bid (0 when the profile has none).

A folder of profiles over one domain (plus, optionally, the domain JSON) loads as a Scenario with
a ``deal_space``; so does a single profile file (one party). Writing produces the domain file
and one profile per party; the reservation is written as the bid, among all outcomes, whose
utility is closest to the reservation value from above (GeniusWeb cannot store a number).
Number issues (``numberutils``) are not supported.

>>> import tempfile
>>> from accord.scenario.builtin import load_builtin
>>> folder = tempfile.mkdtemp()
>>> save_geniusweb(load_builtin("ec-emissions-1994"), folder)
>>> s = load_geniusweb(folder)
>>> len(s.actors), [len(di.options) for di in s.deal_space.issues]
(10, [3])
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from accord.errors import ScenarioError
from accord.scenario.deal_tables import deal_tables
from accord.scenario.io import Format, register_format
from accord.scenario.io.genius import slug, unique_slugs


def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ScenarioError(None, f"not valid JSON ({exc.msg}); expected a GeniusWeb profile",
                            file=str(path), line=exc.lineno) from None


def _profile_files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".json")
        return [p for p in files if "LinearAdditiveUtilitySpace" in p.read_text(encoding="utf-8",
                                                                                 errors="replace")]
    return [path]


def read_geniusweb(path: Path):
    """``(domain name, issues [(name, values)], profiles [(name, file, weights, utils, reservation
    bid)])`` of a GeniusWeb folder or profile file."""
    path = Path(path)
    files = _profile_files(path)
    if not files:
        raise ScenarioError(None, "no GeniusWeb LinearAdditiveUtilitySpace profiles found",
                            file=str(path))
    issues: list[tuple[str, list[str]]] | None = None
    domain_name = None
    profiles = []
    for f in files:
        doc = _read_json(f)
        las = doc.get("LinearAdditiveUtilitySpace") if isinstance(doc, dict) else None
        if not isinstance(las, dict):
            raise ScenarioError(None, "expected a top-level LinearAdditiveUtilitySpace object",
                                file=str(f))
        dom = las.get("domain", {})
        these = [(name, list(spec.get("values", []))) for name, spec in
                 dom.get("issuesValues", {}).items()]
        if issues is None:
            issues, domain_name = these, dom.get("name", f.stem)
        elif [i for i, _ in these] != [i for i, _ in issues]:
            raise ScenarioError("domain", "this profile's domain differs from the first "
                                f"profile's ({files[0].name}); expected one shared domain",
                                file=str(f))
        utils = {}
        for issue, vals in issues:
            spec = las.get("issueUtilities", {}).get(issue)
            if spec is None:
                raise ScenarioError(f"issueUtilities.{issue}", "missing; expected the issue's "
                                    "value utilities", file=str(f))
            if "discreteutils" not in spec:
                raise ScenarioError(f"issueUtilities.{issue}", f"{next(iter(spec), '?')} is not "
                                    "supported; expected discreteutils", file=str(f))
            vu = spec["discreteutils"].get("valueUtilities", {})
            utils[issue] = np.array([float(vu.get(v, 0.0)) for v in vals])
        weights = np.array([float(las.get("issueWeights", {}).get(i, 0.0)) for i, _ in issues])
        rbid = (las.get("reservationBid") or {}).get("issuevalues")
        profiles.append((las.get("name", f.stem), f, weights, utils, rbid))
    for name, vals in issues:
        if len(vals) < 2:
            raise ScenarioError(f"domain.issuesValues.{name}", "fewer than two values; expected "
                                "a discrete issue with at least two values", file=str(files[0]))
    return domain_name, issues, profiles


def load_geniusweb(path: Path):
    from accord.scenario.model import (Actor, DealIssue, DealOption, DealSpace, Issue, Option,
                                       OutsideOption, Scenario)

    path = Path(path)
    name, issues, profiles = read_geniusweb(path)
    actor_ids = unique_slugs([p[0] for p in profiles], "party")
    issue_ids = unique_slugs([i for i, _ in issues], "issue")
    sc_issues, deal_issues = [], []
    for k, (iid, (iname, vals)) in enumerate(zip(issue_ids, issues)):
        opt_ids = unique_slugs(vals, "option")
        sc_issues.append(Issue(id=iid, name=iname, kind="discrete",
                               options=[Option(id=o, label=v) for o, v in zip(opt_ids, vals)]))
        deal_issues.append(DealIssue(
            issue=iid, weights={a: float(p[2][k]) for a, p in zip(actor_ids, profiles)},
            options=[DealOption(id=o, label=v,
                                values={a: float(p[3][iname][j]) for a, p in
                                        zip(actor_ids, profiles)})
                     for j, (o, v) in enumerate(zip(opt_ids, vals))]))
    outside = []
    for a, (_name, f, w, utils, rbid) in zip(actor_ids, profiles):
        if not rbid:
            continue
        ws = w / w.sum() if w.sum() > 0 else np.full_like(w, 1 / len(w))
        u = 0.0
        for k, (iname, vals) in enumerate(issues):
            if rbid.get(iname) not in vals:
                raise ScenarioError(f"reservationBid.issuevalues.{iname}",
                                    f"{rbid.get(iname)!r} is not a value of the issue",
                                    file=str(f))
            u += ws[k] * utils[iname][vals.index(rbid[iname])]
        outside.append(OutsideOption(actor=a, reservation=min(1.0, max(0.0, float(u))),
                                     description="utility of the GeniusWeb reservationBid "
                                     + json.dumps(rbid, ensure_ascii=False)))
    return Scenario(id=slug(name or "geniusweb", "geniusweb"), title=f"GeniusWeb domain {name}",
                    description=f"Imported from GeniusWeb profiles in {path}",
                    actors=[Actor(id=a, name=p[0], kind="person")
                            for a, p in zip(actor_ids, profiles)],
                    issues=sc_issues, outside_options=outside,
                    deal_space=DealSpace(issues=deal_issues))


def save_geniusweb(scenario, path: Path) -> None:
    """Write ``<id>.json`` (domain) and ``<id>_<actor>.json`` profiles into the folder ``path``,
    from the deal space the scenario states or implies
    (:func:`~accord.scenario.deal_tables.deal_tables`); a party's ``reservationBid`` is its
    least-valued outcome still worth its outside option's stated reservation (a war value is
    not carried)."""
    space = deal_tables(scenario)
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    names = space.issue_names or space.issue_ids
    domain = {"name": scenario.id,
              "issuesValues": {n: {"values": list(space.option_labels[i])}
                               for i, n in enumerate(names)}}
    (folder / f"{scenario.id}.json").write_text(json.dumps(domain, indent=2, ensure_ascii=False))
    U = space.utilities()
    for p, party in enumerate(space.party_ids):
        prof = {"LinearAdditiveUtilitySpace": {
            "name": party,
            "issueUtilities": {n: {"discreteutils": {"valueUtilities": {
                lab: float(space.values[i][p, j]) for j, lab in enumerate(space.option_labels[i])}}}
                for i, n in enumerate(names)},
            "issueWeights": {n: float(space.weights[p, i]) for i, n in enumerate(names)},
            "domain": domain}}
        if space.reservation[p] > 0:
            above = np.flatnonzero(U[p] >= space.reservation[p])
            if above.size:
                o = above[np.argmin(U[p, above])]
                opts = space.option_indices(o)
                prof["LinearAdditiveUtilitySpace"]["reservationBid"] = {"issuevalues": {
                    n: space.option_labels[i][opts[i]] for i, n in enumerate(names)}}
        (folder / f"{scenario.id}_{party}.json").write_text(
            json.dumps(prof, indent=2, ensure_ascii=False))


def _sniff(path: Path, head: str) -> bool:
    path = Path(path)
    if path.is_dir():
        return any("LinearAdditiveUtilitySpace" in
                   p.read_text(encoding="utf-8", errors="replace")[:200]
                   for p in path.iterdir() if p.suffix.lower() == ".json")
    return path.suffix.lower() == ".json" and "LinearAdditiveUtilitySpace" in head


register_format(Format("geniusweb", (), _sniff, load_geniusweb, save_geniusweb,
                       "GeniusWeb JSON LinearAdditiveUtilitySpace profiles (a file or a folder)",
                       priority=31))
