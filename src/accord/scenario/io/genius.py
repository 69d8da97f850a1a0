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

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from accord.errors import ScenarioError
from accord.scenario.deal_tables import DealTables, deal_tables, option_indices
from accord.scenario.io import WHETHER_FEATURES, Format, register_format
from accord.scenario.io import slug as _slug
from accord.scenario.io.files import MAX_INPUT_BYTES, encoding_of, head_text, read_bytes
from accord.scenario.io.safexml import XmlNode, parse_xml
from accord.scenario.io.sniffers import genius_root_tag
from accord.scenario.io.sniffers import sniff_genius as _sniff


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


#: Options per issue a GENIUS domain may have: Accord lists every option of every issue (an
#: integer issue 0–100,000,000 would be 10⁸ options). The largest in the public GENIUS and NegMAS
#: collections has 2,001 (web_service, 0–2000).
MAX_OPTIONS_PER_ISSUE = 10_000
#: Points a real issue is discretised into: GENIUS's own analysis steps
#: (``IssueReal.fNumberOfDiscretizationSteps``, Genius 10.4).
REAL_ISSUE_STEPS = 21


@dataclass
class GeniusIssue:
    name: str
    kind: str                      # "discrete", "integer" or "real"
    labels: list[str]
    low: float | None = None       # integer and real issues: the range
    high: float | None = None
    index: str | None = None       # the domain's index attribute (GENIUS matches profiles by it)
    line: int | None = None

    @property
    def points(self) -> list[float]:
        """Integer and real issues: the value of each option."""
        if self.kind == "integer":
            return [float(self.low + j) for j in range(len(self.labels))]
        span = self.high - self.low
        return [self.low + span * j / (len(self.labels) - 1) for j in range(len(self.labels))]


@dataclass
class GeniusProfile:
    name: str
    file: Path
    weights: np.ndarray            # (I,) as in the file
    evaluations: list[np.ndarray]  # per issue, raw evaluations (discrete) or e_i (integer, real)
    normalised: list[np.ndarray]   # per issue, GENIUS's e_i in [0, 1]
    reservation: float
    discount: str | None           # as written (see read_profile)


# GENIUS reads its files with its own lenient parser (``SimpleDOMParser``), and files in the
# public collections rely on that: an XML declaration after a comment, and a bare "&" in a value
# ("Coffee & Thee"). Both have exactly one reading, so they are read as GENIUS reads them; what
# is not well-formed in any other way is refused with its line.
_DECLARATION_LATE = re.compile(rb"^(?:\s|<!--.*?-->)+(?=<\?xml[\s?])", re.S)
_BARE_AMPERSAND = re.compile(rb"&(?!(?:[A-Za-z_][\w.\-]*|#[0-9]+|#x[0-9A-Fa-f]+);)")
_TAG = re.compile(rb"<[A-Za-z_][^<>]*>")
_GLUED_ATTRIBUTE = re.compile(rb'(?<![=\s])"(?=[A-Za-z_][\w.\-]*\s*=)')


def _parse(path: Path, what: str) -> XmlNode:
    """A GENIUS file, with the three slips GENIUS's own parser reads past mended first: an XML
    declaration after a comment, a bare "&" in a value, and two attributes with no space
    between them (``type="discrete"vtype="discrete"``, ANAC 2011's Car domain)."""
    data = read_bytes(path)
    if encoding_of(data)[0] == "utf-8":  # the repairs are for ASCII-compatible text only
        data = _DECLARATION_LATE.sub(b"", data, count=1)
        data = _BARE_AMPERSAND.sub(b"&amp;", data)
        data = _TAG.sub(lambda m: _GLUED_ATTRIBUTE.sub(b'" ', m.group(0)), data)
    return parse_xml(path, what, data=data)


def _number(text: str | None, where: str, path: Path, line: int | None, *,
            expected: str = "a real number") -> float:
    """A finite number from an attribute; a located error naming the field otherwise."""
    try:
        value = float(text)
    except (TypeError, ValueError):
        shown = "missing" if text is None else f"{text!r} is not a number"
        raise ScenarioError(where, f"{shown}; expected {expected}", file=str(path),
                            line=line) from None
    if not math.isfinite(value) or abs(value) > 1e15:
        raise ScenarioError(where, f"{text!r} is not finite or beyond ±1e15; expected "
                            f"{expected}", file=str(path), line=line)
    return value


def _bounds(el: XmlNode, where: str, path: Path, *, integer: bool) -> tuple[float, float]:
    """An integer or real issue's range: attributes of the issue or of its ``<range>``."""
    holder = el if el.get("lowerbound") is not None else (el.find("range") or el)
    values = []
    for name in ("lowerbound", "upperbound"):
        text = holder.get(name)
        if integer:
            try:
                values.append(int(str(text).strip()))
                continue
            except ValueError:
                raise ScenarioError(f"{where}.{name}", f"{'missing' if text is None else repr(text)}"
                                    "; expected a whole number (an integer issue's bound)",
                                    file=str(path), line=holder.line) from None
        values.append(_number(text, f"{where}.{name}", path, holder.line))
    low, high = values
    if not high > low:
        what = "a single value: nothing to negotiate" if high == low else "an empty range"
        raise ScenarioError(where, f"lowerbound {low:g}, upperbound {high:g} is {what}; "
                            "expected upperbound above lowerbound", file=str(path),
                            line=holder.line)
    return low, high


def read_domain(path: Path) -> list[GeniusIssue]:
    """The issues of a GENIUS domain file, in file order."""
    path = Path(path)
    root = _parse(path, "a GENIUS domain (<negotiation_template>)")
    if root.tag != "negotiation_template":
        raise ScenarioError(None, f"the root element is <{root.tag}>; expected a GENIUS domain "
                            "(<negotiation_template>)", file=str(path), line=root.line)
    issues = []
    seen: dict[str, int | None] = {}
    for n, el in enumerate(root.iter("issue")):
        name = el.get("name") or f"issue{n + 1}"
        where = f"issue[{n}] {name!r}"
        if name in seen:  # profiles are matched to issues by name: which one is meant?
            raise ScenarioError(where, f"the issue name {name!r} appears twice (first on line "
                                f"{seen[name]}); expected distinct issue names",
                                file=str(path), line=el.line)
        seen[name] = el.line
        kind = _issue_kind(el)
        if kind == "discrete":
            items = el.findall("item")
            labels = [it.get("value") for it in items]
            if len(labels) < 2 or any(v is None for v in labels):
                raise ScenarioError(where, "a discrete issue needs at least two <item value=...> "
                                    "entries", file=str(path), line=el.line)
            if len(labels) > MAX_OPTIONS_PER_ISSUE:
                raise ScenarioError(where, f"{len(labels):,} items; expected at most "
                                    f"{MAX_OPTIONS_PER_ISSUE:,} options per issue",
                                    file=str(path), line=el.line)
            twice = next((it for k, it in enumerate(items) if labels[k] in labels[:k]), None)
            if twice is not None:  # read as two options: a profile could value only one
                raise ScenarioError(f"{where}.item", f"the value {twice.get('value')!r} appears "
                                    "twice; expected distinct values", file=str(path),
                                    line=twice.line)
            issues.append(GeniusIssue(name, "discrete", labels, index=el.get("index"),
                                      line=el.line))
        elif kind == "integer":
            low, high = _bounds(el, where, path, integer=True)
            count = high - low + 1
            if count > MAX_OPTIONS_PER_ISSUE:
                raise ScenarioError(where, f"the integer range {low:,}–{high:,} has {count:,} "
                                    f"values; expected at most {MAX_OPTIONS_PER_ISSUE:,} (Accord "
                                    "lists every value of every issue)", file=str(path),
                                    line=el.line)
            issues.append(GeniusIssue(name, "integer", [str(x) for x in range(low, high + 1)],
                                      low, high, el.get("index"), el.line))
        elif kind == "real":
            low, high = _bounds(el, where, path, integer=False)
            issue = GeniusIssue(name, "real", [""] * REAL_ISSUE_STEPS, low, high,
                                el.get("index"), el.line)
            issue.labels = [f"{x:g}" for x in issue.points]
            if len(set(issue.labels)) < REAL_ISSUE_STEPS:  # a range too narrow for %g
                issue.labels = [repr(x) for x in issue.points]
            issues.append(issue)
        else:
            raise ScenarioError(where, f"issue type {kind!r} is not supported; expected a "
                                "discrete, integer or real issue", file=str(path), line=el.line)
    if not issues:
        raise ScenarioError(None, "no <issue> elements; expected a GENIUS domain",
                            file=str(path), line=root.line)
    return issues


def _evaluation_of(el: XmlNode, issue: GeniusIssue, where: str, path: Path):
    """``(raw, normalised)`` evaluations of every option of ``issue`` in a profile."""
    if issue.kind == "discrete":
        # GENIUS leaves out an item without an evaluation, or with evaluation="null"
        # (EvaluatorDiscrete.loadFromXML), and fails on a bid that uses it
        if el.findall("item") and all(it.get("evaluation") in (None, "null")
                                      for it in el.findall("item")):
            raise ScenarioError(where, "no item has an evaluation (a blank template?); expected "
                                "a filled-in profile — a blank one does not belong beside the "
                                "domain", file=str(path), line=el.line)
        ev: dict[str, float] = {}
        for it in el.findall("item"):
            label = it.get("value")
            if label in issue.labels and it.get("evaluation") not in (None, "null"):
                ev[label] = _number(it.get("evaluation"), f"{where}.item {label!r}.evaluation",
                                    path, it.line, expected="a number ≥ 0 (GENIUS evaluation)")
        missing = [label for label in issue.labels if label not in ev]
        if missing:
            # an item whose value the domain lacks is most likely the missing one misspelt: name
            # it and its line (the message named only the missing value, at the <issue>)
            stray = [it for it in el.findall("item") if it.get("value") not in issue.labels]
            also = (f"; the profile's item {stray[0].get('value')!r} on line {stray[0].line} is "
                    "no value of the domain's issue" if stray else "")
            raise ScenarioError(where, f"no evaluation for {', '.join(map(repr, missing[:3]))}"
                                f"{' …' if len(missing) > 3 else ''}{also}; expected an <item "
                                "value evaluation> for every value of the domain's issue",
                                file=str(path), line=el.line)
        e = np.array([ev[label] for label in issue.labels])
        if np.any(e < 0):
            bad = issue.labels[int(np.argmax(e < 0))]
            raise ScenarioError(f"{where}.item {bad!r}.evaluation", f"{ev[bad]:g} is negative; "
                                "expected evaluations ≥ 0", file=str(path), line=el.line)
        top = e.max()
        return e, (e / top if top > 0 else np.zeros_like(e))
    ev_el = el.find("evaluator")
    line = ev_el.line if ev_el is not None else el.line
    x = np.array(issue.points)
    if issue.kind == "integer":
        # GENIUS EvaluatorInteger: offset + slope · (x − lowerbound), clipped to [0, 1]
        slope = _number(ev_el.get("slope", "0") if ev_el is not None else "0",
                        f"{where}.evaluator.slope", path, line)
        offset = _number(ev_el.get("offset", "0") if ev_el is not None else "0",
                         f"{where}.evaluator.offset", path, line)
        lower = _bounds(el, where, path, integer=True)[0] if (
            el.get("lowerbound") is not None or el.find("range") is not None) else issue.low
        e = np.clip(offset + slope * (x - lower), 0.0, 1.0)
        return e, e
    # GENIUS EvaluatorReal (EVALFUNCTYPE): linear parameter1 · x + parameter0 clipped to [0, 1];
    # constant parameter0; triangular from parameter0 (0) up to parameter2 (1), down to
    # parameter1 (0)
    ftype = (ev_el.get("ftype") if ev_el is not None else None) or "linear"

    def param(k: int) -> float:
        return _number(ev_el.get(f"parameter{k}") if ev_el is not None else None,
                       f"{where}.evaluator.parameter{k}", path, line)

    if ftype == "constant":
        e = np.full_like(x, param(0))
    elif ftype == "linear":
        e = np.clip(param(1) * x + param(0), 0.0, 1.0)
    elif ftype == "triangular":
        lo, hi, top = param(0), param(1), param(2)
        if not lo <= top <= hi or lo == hi:
            raise ScenarioError(f"{where}.evaluator", f"triangle {lo:g} ≤ {top:g} ≤ {hi:g} is "
                                "not a triangle; expected parameter0 ≤ parameter2 ≤ parameter1",
                                file=str(path), line=line)
        with np.errstate(divide="ignore", invalid="ignore"):
            up = np.where(top > lo, (x - lo) / (top - lo), 1.0)
            down = np.where(hi > top, 1.0 - (x - top) / (hi - top), 1.0)
        e = np.where(x < lo, 0.0, np.where(x < top, up, np.where(x < hi, down, 0.0)))
    else:
        raise ScenarioError(f"{where}.evaluator.ftype", f"{ftype!r} is not supported; expected "
                            "linear, constant or triangular", file=str(path), line=line)
    if np.any(e < 0) or np.any(e > 1):
        raise ScenarioError(f"{where}.evaluator", "a constant evaluation outside [0, 1]; "
                            "expected an evaluation between 0 and 1", file=str(path), line=line)
    return e, e


def _issue_elements(root: XmlNode, issues: list[GeniusIssue]) -> list[XmlNode | None]:
    """The profile's element for each domain issue: by name, else by GENIUS's index."""
    els = list(root.iter("issue"))
    by_name = {el.get("name"): el for el in els}
    by_index = {el.get("index"): el for el in els if el.get("index") is not None}
    return [by_name.get(issue.name) or by_index.get(issue.index) for issue in issues]


def read_profile(path: Path, issues: list[GeniusIssue]) -> GeniusProfile:
    """One GENIUS utility profile over ``issues`` (matched by issue name, else by index)."""
    path = Path(path)
    root = _parse(path, "a GENIUS profile (<utility_space>)")
    if root.tag != "utility_space":
        raise ScenarioError(None, f"the root element is <{root.tag}>; expected a GENIUS profile "
                            "(<utility_space>)", file=str(path), line=root.line)
    kind = (root.get("type") or "").lower()
    if kind in ("nonlinear", "constraint"):
        raise ScenarioError(None, f"a GENIUS profile of type {kind!r} (<utility_space type="
                            f"\"{kind}\">); expected an additive profile, the only kind Accord "
                            "reads", file=str(path), line=root.line)
    weights: dict[str, tuple[float, int]] = {}
    for w in root.iter("weight"):
        value = _number(w.get("value"), f"weight[index={w.get('index')}].value", path, w.line,
                        expected="a weight ≥ 0")
        if value < 0:
            raise ScenarioError(f"weight[index={w.get('index')}].value", f"{value:g} is "
                                "negative; expected a weight ≥ 0", file=str(path), line=w.line)
        weights[w.get("index")] = (value, w.line)
    w = np.zeros(len(issues))
    raw, norm = [], []
    for i, (issue, el) in enumerate(zip(issues, _issue_elements(root, issues))):
        where = f"issue {issue.name!r}"
        if el is None:
            raise ScenarioError(where, "the profile does not evaluate this issue of the domain; "
                                "expected an <issue> of the same name or index", file=str(path),
                                line=root.line)
        if el.get("index") not in weights:
            raise ScenarioError(where, f"no <weight index=\"{el.get('index')}\">; expected one "
                                "weight per issue", file=str(path), line=el.line)
        w[i] = weights[el.get("index")][0]
        e_raw, e_norm = _evaluation_of(el, issue, where, path)
        raw.append(e_raw)
        norm.append(e_norm)
    if not w.sum() > 0:
        raise ScenarioError("weight", "every issue weight is 0; expected weights with a positive "
                            "sum", file=str(path), line=root.line)
    # GENIUS's defaults when the elements are absent: no reservation value (0), no discount (1)
    reservation, discount = 0.0, "1"
    res_el, disc_el = root.find_deep("reservation"), root.find_deep("discount_factor")
    if res_el is not None:
        reservation = _number(res_el.get("value"), "reservation.value", path, res_el.line,
                              expected="a utility in [0, 1]")
        if not 0.0 <= reservation <= 1.0:
            raise ScenarioError("reservation.value", f"{reservation:g} is outside [0, 1]; "
                                "expected a utility between 0 and 1", file=str(path),
                                line=res_el.line)
    if disc_el is not None:
        # Kept as written, in the notes only (no Accord computation uses it); GENIUS reads a
        # discount factor outside (0, 1], or one that is not a number, as 1.
        discount = disc_el.get("value")
    return GeniusProfile(path.stem, path, w, raw, norm, reservation, discount)


def _issue_kind(el: XmlNode) -> str:
    return (el.get("type") or el.get("etype") or el.get("vtype") or "discrete").lower()


_root_tag = genius_root_tag


def read_bytes_as_text(path: Path) -> None:
    """A located error when the XML file ``path`` has no byte-order mark, declares no encoding
    and is not UTF-8 (e.g. UTF-16 without a BOM, which no head of it reveals)."""
    from accord.scenario.io.files import decode_text

    data = read_bytes(path)
    if encoding_of(data)[0] == "utf-8" and not data.lstrip().startswith(b"<?xml"):
        decode_text(data, str(path))


def _refuse_empty(path: Path) -> None:
    """A located error for an XML file of a GENIUS folder that holds no element at all: an
    empty profile (a failed save or copy) was skipped, and the negotiation lost that party
    without a word."""
    from accord.scenario.io.files import read_text

    text = re.sub(r"<\?.*?\?>|<!--.*?-->", "", read_text(path), flags=re.S)
    if not text.strip():
        raise ScenarioError(None, "holds no XML element (an empty file); expected a GENIUS "
                            "profile (<utility_space>) or domain (<negotiation_template>) — or "
                            "no such file in the folder", file=str(path), line=1)


def _issue_names(path: Path) -> frozenset[str]:
    """The issue names a domain or profile file mentions (cheap: a regular expression)."""
    text = head_text(path, MAX_INPUT_BYTES)
    return frozenset(re.findall(r"<issue\b[^>]*?\bname=\"([^\"]*)\"", text))


def _named_profiles(domain: Path) -> list[str]:
    """The profiles an old-style domain names (``<agent utility_space="file.xml">``): base names
    only, so a name can never point outside the domain's folder."""
    text = head_text(domain, MAX_INPUT_BYTES)
    names = re.findall(r"<agent\b[^>]*?\butility_space=\"([^\"]+)\"", text)
    return [Path(n.replace("\\", "/")).name for n in names]


def find_genius_files(path: Path) -> tuple[Path, list[Path]]:
    """The domain file and the profile files of a GENIUS folder (or of a domain file's folder).

    A folder holding one domain: every profile in it belongs to that domain. A folder holding
    several (GENIUS's own ``templates`` folders do): a domain file must be named, and its
    profiles are those over the same issue names.
    """
    path = Path(path)
    folder = path if path.is_dir() else path.parent
    try:
        xmls = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".xml" and p.is_file())
    except OSError as exc:
        raise ScenarioError(None, f"cannot be listed ({exc.strerror}); expected a readable "
                            "folder", file=str(folder)) from None
    tags = {p: _root_tag(p) for p in xmls}
    for p, tag in tags.items():
        if tag is None:  # no element in the head: is it text at all? (never skip a profile
            read_bytes_as_text(p)  # whose encoding cannot be told)
            _refuse_empty(p)
    domains = [p for p in xmls if tags[p] == "negotiation_template"]
    profiles = [p for p in xmls if tags[p] == "utility_space"]
    if path.is_dir():
        if len(domains) != 1:
            names = f" ({', '.join(p.name for p in domains[:4])}{' …' if len(domains) > 4 else ''})"
            raise ScenarioError(None, f"{len(domains)} GENIUS domain files (<negotiation_template>)"
                                f"{names if domains else ''} found; expected exactly one — or "
                                "name the domain file", file=str(folder))
        domain = domains[0]
    else:
        domain = path
        if len(domains) > 1:
            own = _issue_names(domain)
            profiles = [p for p in profiles if _issue_names(p) == own]
    named = _named_profiles(domain)
    if named and all((folder / n).is_file() for n in named):
        profiles = sorted(folder / n for n in dict.fromkeys(named))
    elif named and not profiles:
        raise ScenarioError(None, f"names its parties' profiles ({', '.join(named[:4])}), which "
                            f"are not beside it; expected them in {folder.name or folder}",
                            file=str(domain))
    if not profiles:
        raise ScenarioError(None, f"no GENIUS profiles (<utility_space>) over the issues of "
                            f"{domain.name} found beside it; expected one XML profile per party",
                            file=str(folder))
    return domain, profiles


def read_genius(path: Path) -> tuple[str, list[GeniusIssue], list[GeniusProfile]]:
    path = Path(path)
    if path.is_file() and _root_tag(path) == "utility_space":
        raise ScenarioError(None, "is a GENIUS profile (<utility_space>), not a domain; expected "
                            "the domain file (<negotiation_template>) or the folder holding it "
                            "and its profiles", file=str(path))
    domain, profiles = find_genius_files(path)
    issues = read_domain(domain)
    return domain.stem, issues, [read_profile(p, issues) for p in profiles]


def _norm_weights(w: np.ndarray) -> np.ndarray:
    s = w.sum()
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
        if issue.kind == "discrete":
            sc_issues.append(Issue(id=iid, name=issue.name, kind="discrete",
                                   options=[Option(id=o, label=lab)
                                            for o, lab in zip(opt_ids, issue.labels)]))
        else:
            what = ("GENIUS integer issue" if issue.kind == "integer" else
                    f"GENIUS real issue; deal options at GENIUS's {REAL_ISSUE_STEPS} evenly spaced "
                    "analysis points")
            sc_issues.append(Issue(id=iid, name=issue.name, kind="continuous",
                                   low=float(issue.low), high=float(issue.high), description=what))
        points = issue.points if issue.kind != "discrete" else [None] * len(issue.labels)
        weights = {a: float(w[k]) for a, w in zip(actor_ids, norm_weights)}
        options = []
        for j, (oid, lab) in enumerate(zip(opt_ids, issue.labels)):
            options.append(DealOption(
                id=oid, label=lab,
                values={a: float(p.normalised[k][j]) for a, p in zip(actor_ids, profiles)},
                position=points[j]))
        deal_issues.append(DealIssue(issue=iid, options=options, weights=weights))
    discounts = ", ".join(f"{a}: {_discount_note(p.discount)}"
                          for a, p in zip(actor_ids, profiles))
    return Scenario(
        id=slug(name, "genius"), title=f"GENIUS domain {name}",
        description=f"Imported from the GENIUS files in {path if path.is_dir() else path.parent}",
        actors=[Actor(id=a, name=p.name, kind="person") for a, p in zip(actor_ids, profiles)],
        issues=sc_issues,
        outside_options=[OutsideOption(actor=a, reservation=p.reservation,
                                       description="GENIUS <reservation>")
                         for a, p in zip(actor_ids, profiles)],
        deal_space=DealSpace(issues=deal_issues,
                             note="GENIUS semantics: evaluations divided by each issue's maximum"),
        decision_rule=DecisionRule(kind="unanimity", veto_players=list(actor_ids),
                                   description="GENIUS: agreement when every party accepts the "
                                               "same bid"),
        notes=f"GENIUS discount factors: {discounts}")


def _discount_note(text: str | None) -> str:
    """A profile's discount factor as written, and what GENIUS makes of it."""
    try:
        value = float(text)
    except (TypeError, ValueError):
        return f"{text!r} (not a number: GENIUS reads 1)"
    return f"{value:g}" if 0 < value <= 1 else f"{value:g} (outside (0, 1]: GENIUS reads 1)"


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


register_format(Format("genius", (), _sniff, load_genius, save_genius,
                       "GENIUS XML: a domain file and one profile per party (a folder)",
                       priority=30,
                       cannot_carry=(*WHETHER_FEATURES, "evidence", "ranges", "outcome_classes")))
