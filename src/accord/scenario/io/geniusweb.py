"""GeniusWeb JSON profiles (``LinearAdditiveUtilitySpace``), the successor format to GENIUS XML
(Pasman & Jonker, GeniusWeb documentation).

A profile holds ``issueWeights`` (issue → weight), ``issueUtilities`` (issue →
``{"discreteutils": {"valueUtilities": {value: utility in [0, 1]}}}``, or
``DiscreteValueSetUtilities`` for ``discreteutils`` as later GeniusWeb releases write), the
``domain`` (``issuesValues``: issue → ``{"values": [...]}``) and a ``reservationBid`` (a bid,
not a number): ``U(bid) = Σ_i w_i · u_i(bid_i)`` with no further normalisation. As in
GeniusWeb, the weights must sum to 1 (within 10⁻⁶), and weights and utilities name only the
domain's issues. Accord's reservation value for a party is the utility of its reservation bid
(0 when the profile has none). As in GENIUS, an agreement needs every party (the scenario's
decision rule is unanimity among the profiles), and
the format holds no status quo, red line or deadline.

A folder of profiles over one domain (plus, optionally, the domain JSON) loads as a Scenario with
a ``deal_space``; so does a single profile file (one party). Writing produces the domain file
and one profile per party; the reservation is written as the bid, among all outcomes, whose
utility is closest to the reservation value from above (GeniusWeb cannot store a number).
Number issues (``numberutils``, ``NumberValueSetUtilities``) are not supported.

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
import math
from pathlib import Path

import numpy as np

from accord.errors import ScenarioError
from accord.scenario.deal_tables import deal_tables
from accord.scenario.io import WHETHER_FEATURES, Format, register_format
from accord.scenario.io.files import read_text
from accord.scenario.io.genius import MAX_OPTIONS_PER_ISSUE, slug, unique_slugs
from accord.scenario.io.sniffers import sniff_geniusweb as _sniff
from accord.scenario.io.trees import check_document


#: The JSON keys of a discrete issue's utilities: GeniusWeb's early type name, and the class
#: name that GeniusWeb's later releases and its Python port (geniusweb, ANL 2022's domains)
#: write. Both were in use; only the first was read ("DiscreteValueSetUtilities is not
#: supported").
DISCRETE_KEYS = ("discreteutils", "DiscreteValueSetUtilities")
NUMBER_KEYS = ("numberutils", "NumberValueSetUtilities")


#: How far from 1 a profile's weights may sum: GeniusWeb compares exact decimals; binary
#: floating point written by other tools (party1.json's 0.19 + 0.28 + … = 1.0000000000000002)
#: and six-digit weights need a little room.
WEIGHT_SUM_TOLERANCE = 1e-6


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def _read_json(path: Path):
    """The JSON document in ``path``: strict JSON (no NaN or Infinity), bounded depth."""
    text = read_text(path)
    try:
        doc = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise ScenarioError(None, f"not valid JSON ({exc.msg}); expected a GeniusWeb profile",
                            file=str(path), line=exc.lineno) from None
    except ValueError as exc:  # NaN, Infinity (JSON has neither)
        raise ScenarioError(None, f"not valid JSON ({exc}); expected a GeniusWeb profile with "
                            "finite numbers", file=str(path)) from None
    except RecursionError:
        raise ScenarioError(None, "nested too deeply to read; expected a GeniusWeb profile",
                            file=str(path)) from None
    check_document(doc, str(path))
    return doc


def _typed(value, kind: type | tuple, where: str, f: Path, expected: str):
    """``value`` if it is a ``kind`` (a bool is not a number); a located error otherwise."""
    ok = isinstance(value, kind) and not (isinstance(value, bool) and kind is not bool)
    if not ok:
        got = "missing" if value is None else f"{type(value).__name__} {value!r}"[:80]
        raise ScenarioError(where, f"{got}; expected {expected}", file=str(f))
    return value


def _number(value, where: str, f: Path, low: float, high: float | None = None) -> float:
    x = float(_typed(value, (int, float), where, f, "a number"))
    if not math.isfinite(x) or x < low or (high is not None and x > high):
        rng = f"[{low:g}, {high:g}]" if high is not None else f"≥ {low:g}"
        raise ScenarioError(where, f"{x:g} is outside {rng}; expected a number {rng}",
                            file=str(f))
    return x


def _profile_files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".json" and p.is_file())
        # read strictly: a profile in an encoding that cannot be told is refused, not skipped;
        # so is an empty file (a failed save or copy: the negotiation lost that party)
        texts = {p: read_text(p) for p in files}
        for p, text in texts.items():
            if not text.strip():
                raise ScenarioError(None, "is empty; expected a GeniusWeb profile "
                                    "(LinearAdditiveUtilitySpace) or domain — or no such file "
                                    "in the folder", file=str(p), line=1)
        return [p for p in files if "LinearAdditiveUtilitySpace" in texts[p]]
    return [path]


def _refuse_stray_issue(table: dict, known: list[str], key: str, f: Path) -> None:
    """Refuse the first key of ``table`` that is not an issue of the domain, as GeniusWeb does."""
    stray = next((k for k in table if k not in known), None)
    if stray is not None:
        raise ScenarioError(f"{key}.{stray}", "not an issue of the domain; expected one of "
                            f"{', '.join(map(repr, known[:6]))}{' …' if len(known) > 6 else ''}",
                            file=str(f))


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
            if isinstance(doc, dict) and "issuesValues" in doc:
                raise ScenarioError(None, "is a GeniusWeb domain, not a profile; expected the "
                                    "folder holding the domain and its profiles, or a profile",
                                    file=str(f))
            raise ScenarioError(None, "expected a top-level LinearAdditiveUtilitySpace object",
                                file=str(f))
        dom = _typed(las.get("domain"), dict, "domain", f, "an object with name and "
                     "issuesValues")
        values_of = _typed(dom.get("issuesValues"), dict, "domain.issuesValues", f,
                           "an object: issue → {\"values\": [...]}")
        these = []
        for name, spec in values_of.items():
            where = f"domain.issuesValues.{name}"
            spec = _typed(spec, dict, where, f, "an object with values")
            vals = _typed(spec.get("values"), list, f"{where}.values", f, "a list of values")
            for k, v in enumerate(vals):
                _typed(v, str, f"{where}.values[{k}]", f, "a string (number issues are not "
                       "supported)")
            if len(set(vals)) != len(vals):
                raise ScenarioError(f"{where}.values", "a value appears twice; expected "
                                    "distinct values", file=str(f))
            these.append((name, list(vals)))
        if issues is None:
            issues = these
            domain_name = dom.get("name", f.stem)
            _typed(domain_name, str, "domain.name", f, "a string")
        elif these != issues:
            raise ScenarioError("domain", "this profile's domain differs from the first "
                                f"profile's ({files[0].name}); expected one shared domain",
                                file=str(f))
        all_utils = _typed(las.get("issueUtilities"), dict, "issueUtilities", f,
                           "an object: issue → utilities")
        all_weights = _typed(las.get("issueWeights"), dict, "issueWeights", f,
                             "an object: issue → weight")
        utils, weights = {}, []
        # GeniusWeb's LinearAdditiveUtilitySpace refuses a profile whose utilities or weights
        # name an issue its domain lacks, or whose weights do not sum to 1; all three were read
        # without a word (the extra entry ignored, the weights taken as they stood)
        known = [name for name, _ in issues]
        for key, table in (("issueUtilities", all_utils), ("issueWeights", all_weights)):
            _refuse_stray_issue(table, known, key, f)
        for issue, vals in issues:
            where = f"issueUtilities.{issue}"
            spec = all_utils.get(issue)
            if spec is None:
                raise ScenarioError(where, "missing; expected the issue's value utilities",
                                    file=str(f))
            spec = _typed(spec, dict, where, f, "an object with discreteutils")
            key = next((k for k in DISCRETE_KEYS if k in spec), None)
            if key is None:
                found = next(iter(spec), "?")
                number = " (number issues are not supported)" if found in NUMBER_KEYS else ""
                raise ScenarioError(where, f"{found} is not supported{number}; expected "
                                    "discreteutils or DiscreteValueSetUtilities", file=str(f))
            du = _typed(spec[key], dict, f"{where}.{key}", f, "an object with valueUtilities")
            vu = _typed(du.get("valueUtilities"), dict, f"{where}.{key}.valueUtilities",
                        f, "an object: value → utility in [0, 1]")
            for v in vu:
                if v not in vals:
                    raise ScenarioError(f"{where}.{key}.valueUtilities.{v}", "not a value "
                                        "of the issue in the domain; expected one of "
                                        f"{', '.join(map(repr, vals[:5]))}", file=str(f))
            # GeniusWeb: a value without a utility is worth 0 (DiscreteValueSetUtilities)
            utils[issue] = np.array([
                _number(vu[v], f"{where}.{key}.valueUtilities.{v}", f, 0.0, 1.0)
                if v in vu else 0.0 for v in vals])
            if issue not in all_weights:
                raise ScenarioError(f"issueWeights.{issue}", "missing; expected a weight for "
                                    "every issue", file=str(f))
            weights.append(_number(all_weights[issue], f"issueWeights.{issue}", f, 0.0))
        weights = np.array(weights)
        if not weights.sum() > 0:
            raise ScenarioError("issueWeights", "every weight is 0; expected weights with a "
                                "positive sum", file=str(f))
        if abs(weights.sum() - 1.0) > WEIGHT_SUM_TOLERANCE:
            raise ScenarioError("issueWeights", f"the weights sum to {weights.sum():.6g}; "
                                "expected weights that sum to 1, as GeniusWeb requires",
                                file=str(f))
        rbid = las.get("reservationBid")
        if rbid is not None:
            rbid = _typed(rbid, dict, "reservationBid", f, "a bid: {\"issuevalues\": {...}}")
            rbid = _typed(rbid.get("issuevalues"), dict, "reservationBid.issuevalues", f,
                          "an object: issue → value")
        name = las.get("name", f.stem)
        _typed(name, str, "name", f, "a string")
        profiles.append((name, f, weights, utils, rbid))
    for name, vals in issues:
        if len(vals) < 2:
            raise ScenarioError(f"domain.issuesValues.{name}", "fewer than two values; expected "
                                "a discrete issue with at least two values", file=str(files[0]))
        if len(vals) > MAX_OPTIONS_PER_ISSUE:
            raise ScenarioError(f"domain.issuesValues.{name}", f"{len(vals):,} values; expected "
                                f"at most {MAX_OPTIONS_PER_ISSUE:,} per issue",
                                file=str(files[0]))
    return domain_name, issues, profiles


def load_geniusweb(path: Path):
    from accord.scenario.model import (Actor, DealIssue, DealOption, DealSpace, Issue, Option,
                                       OutsideOption, Scenario)
    from accord.scenario.rules import DecisionRule

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
        ws = w / w.sum()
        u = 0.0
        # an issue the domain lacks was ignored without a word
        _refuse_stray_issue(rbid, [iname for iname, _ in issues], "reservationBid.issuevalues", f)
        for k, (iname, vals) in enumerate(issues):
            if rbid.get(iname) not in vals:
                # 'None is not a value of the issue' for a missing issue, without an expected
                got = "missing" if iname not in rbid else f"{rbid[iname]!r} is not a value of " \
                    "the issue"
                raise ScenarioError(f"reservationBid.issuevalues.{iname}",
                                    f"{got}; expected one of {', '.join(map(repr, vals[:5]))}"
                                    f"{' …' if len(vals) > 5 else ''} (a value for every issue)",
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
                    deal_space=DealSpace(issues=deal_issues),
                    decision_rule=DecisionRule(kind="unanimity", veto_players=list(actor_ids),
                                               description="GeniusWeb: agreement when every "
                                                           "party accepts the same bid"))


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


register_format(Format("geniusweb", (), _sniff, load_geniusweb, save_geniusweb,
                       "GeniusWeb JSON LinearAdditiveUtilitySpace profiles (a file or a folder)",
                       priority=31,
                       cannot_carry=(*WHETHER_FEATURES, "evidence", "ranges", "outcome_classes")))
