"""The DEU data: EU legislative decisions with every actor's position and salience, and the outcome.

Arregui & Perarnaud (2021), "A new dataset on legislative decision-making in the European Union:
the DEU III dataset", *Journal of European Public Policy* 29(1); data doi:10.34810/data53
(CC BY 4.0). It holds the DEU I and II issues (Thomson, Stokman, Achen & König (eds.) 2006,
*The European Union Decides*; Thomson et al. 2012), recoded, and new 2012–2018 dossiers.

One row per controversial issue of a legislative proposal: ``prnr`` (proposal), ``prname``,
``isnr`` (issue), ``type`` (Reg/Dir/Dec), ``council``, ``proc`` (COD co-decision, CNS
consultation), ``counvte`` (QMV or Unan), ``intro`` (introduction, dd-mm-yy), ``finact`` (final
act), then ``p<actor>`` positions and ``s<actor>`` saliences on 0–100 for the Commission
(``com``), the Parliament (``ep``) and 28 member states, then ``rp`` (the reference point: the
status quo) and ``out`` (the outcome). Two layouts are read:

- the original ``Dataset_DEU_III.csv``: semicolon-separated (decimal commas accepted), dates
  dd-mm-yy or dd-mm-yyyy (an ISO date is read as ISO);
- the tab-separated public copy (``deu3.csv`` of github.com/blksv/predictioneers_game, the file in
  ``../shared/data/deu3/``), with its defects repaired: its second line is a row of GDP figures,
  not DEU data, and is skipped; dates a spreadsheet read as yy-mm-dd (``2014-07-04`` for
  14-07-04) are decoded back — in ``intro`` as in ``finact``.

In both, a blank cell, ``.``, ``NA`` or a number outside 0–100 (``999``) is missing; anything else
that is not a number is an error naming the line and the column.

Conversion to a :class:`~accord.scenario.model.Scenario` (:func:`deu_scenario`): one scenario per
proposal (its issues together) or per issue; ids are the DEU codes (``d00032``, ``d00032i1``;
actors ``com``, ``ep``, ``de``, …). A stance needs a position *and* a salience (salience/100);
an actor with only one of them has no stance. The scenario is dated at the proposal's
introduction and holds nothing later: the outcome stays in :class:`DeuData`, for back-tests.
Capabilities follow :class:`DeuConvention`: member states carry their share of the Council's
votes under the treaty in force at introduction (:mod:`accord.scenario.eu_council`), the
Commission and the Parliament stated multiples of the largest member state's share. The
reference point ``rp`` is ``Issue.status_quo``; procedure and voting rule are
``Issue.decision_rule`` (:func:`decision_rule`: the Council's qualified majority with its treaty
weights, or unanimity; the Parliament an extra veto player under co-decision, consulted only
under consultation; the Commission the agenda setter). DEU carries no red lines, horizon or
deadlines. See ``docs/validity.md``.

>>> import tempfile, pathlib
>>> header = ";".join(["prnr", "prname", "isnr", "proc", "counvte", "intro"]
...     + [f"p{a}" for a in ACTOR_CODES] + [f"s{a}" for a in ACTOR_CODES] + ["rp", "out"])
>>> cells = {"pcom": "100", "scom": "80", "pde": "0", "sde": "60", "pfr": "50", "sfr": "50"}
>>> row = ";".join(["d99001", "toy", "d99001i1", "CNS", "QMV", "14-12-99"]
...     + [cells.get(f"p{a}", "") for a in ACTOR_CODES]
...     + [cells.get(f"s{a}", "") for a in ACTOR_CODES] + ["0", "40"])
>>> with tempfile.TemporaryDirectory() as d:
...     path = pathlib.Path(d) / "Dataset_DEU_III.csv"
...     _ = path.write_text(header + "\\n" + row + "\\n")
...     data = read_deu(path)
...     s = load_deu(path)
>>> data.layout, data.rows[0].outcome, data.rows[0].scoreable
('original', 40.0, True)
>>> s.id, [a.id for a in s.actors if s.stance(a.id, "d99001i1")], round(s.capability("de"), 4)
('d99001', ['com', 'fr', 'de'], 0.1149)
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from accord.errors import AccordError, ScenarioError
from accord.scenario.eu_council import POWER_INDICES, CouncilRules, council_rules, voting_power
from accord.scenario.io import Format, register_format
from accord.scenario.io.files import read_bytes
from accord.scenario.io.sniffers import deu_split_header
from accord.scenario.io.sniffers import sniff_deu as _sniff
from accord.scenario.model import (Actor, Capability, Evidence, Issue, Scenario, Source, Stance)
from accord.scenario.rules import DecisionRule, StatusQuo

ACTORS: tuple[tuple[str, str], ...] = (
    ("com", "European Commission"), ("ep", "European Parliament"),
    ("at", "Austria"), ("be", "Belgium"), ("bu", "Bulgaria"), ("cr", "Croatia"),
    ("cy", "Cyprus"), ("cz", "Czech Republic"), ("dk", "Denmark"), ("ee", "Estonia"),
    ("fi", "Finland"), ("fr", "France"), ("de", "Germany"), ("el", "Greece"),
    ("hu", "Hungary"), ("ie", "Ireland"), ("it", "Italy"), ("lv", "Latvia"),
    ("lt", "Lithuania"), ("lu", "Luxembourg"), ("mt", "Malta"), ("nl", "Netherlands"),
    ("pl", "Poland"), ("pt", "Portugal"), ("ro", "Romania"), ("si", "Slovenia"),
    ("sk", "Slovakia"), ("es", "Spain"), ("se", "Sweden"), ("uk", "United Kingdom"),
)
ACTOR_CODES: tuple[str, ...] = tuple(code for code, _ in ACTORS)
ACTOR_NAMES: dict[str, str] = dict(ACTORS)
INSTITUTIONS = ("com", "ep")
REQUIRED = ("prnr", "isnr", "proc", "counvte", "intro",
            *(f"p{a}" for a in ACTOR_CODES), *(f"s{a}" for a in ACTOR_CODES), "rp", "out")
MISSING_TEXT = {"", ".", "na", "nan", "n/a"}
MIN_ACTORS = 3  # a scoreable issue has at least three actors with a position and a salience

DATASET_SOURCE = Source(
    id="deu3", title="DEU III: decision-making in the European Union", kind="study",
    form="data set",
    author="Javier Arregui and Clément Perarnaud", published=dt.date(2021, 1, 1),
    url="https://doi.org/10.34810/data53",
    note="CC BY 4.0. Arregui & Perarnaud (2021), Journal of European Public Policy; includes "
         "DEU I/II (Thomson, Stokman, Achen & König (eds.) 2006, The European Union Decides).")
TREATY_SOURCE = Source(
    id="council-voting", title="Council voting weights by treaty", kind="primary_statement",
    form="legal text",
    note="Art. 205(2) EC; 2003 Act of Accession Art. 26; Treaty of Nice, Protocol on "
         "enlargement Art. 3 and the 2003/2005/2012 Acts of Accession; Art. 16(4) TEU with the "
         "population figures of Council Decision (EU, Euratom) 2015/2393. See "
         "accord.scenario.eu_council.")


@dataclass(frozen=True)
class DeuConvention:
    """How capabilities are set for DEU scenarios (the data set records none).

    Member states: their share of the Council's total weight under the treaty in force at the
    proposal's introduction (votes; population under Lisbon). Institutions: a multiple of the
    largest member state's share. The defaults give the Commission, the agenda setter whose
    proposal the Council can amend only by unanimity (Art. 250(1) EC, Art. 293(1) TFEU), the
    weight of one large member state; the Parliament the same under co-decision, where it is a
    co-legislator with a veto, and nothing under consultation, where its opinion binds no one.
    """

    commission: float = 1.0
    parliament_codecision: float = 1.0
    parliament_consultation: float = 0.0
    power: str = "weights"
    """Member states' capability: ``"weights"`` (their share of the Council's weight) or a
    voting-power index of the Council's vote, ``"shapley_shubik"`` or ``"banzhaf"``
    (:func:`accord.scenario.eu_council.voting_power`) — under qualified majority; under
    unanimity every member is pivotal alike and each gets 1/n."""

    def __post_init__(self) -> None:
        if self.power not in ("weights",) + POWER_INDICES:
            raise AccordError(f"DEU convention: power {self.power!r}; expected 'weights', "
                              f"{', '.join(repr(p) for p in POWER_INDICES)}")

    def describe(self) -> str:
        members = ("share of the Council's weight under the treaty in force at introduction"
                   if self.power == "weights" else
                   f"{self.power.replace('_', '–').title()} index of the Council's qualified-"
                   "majority vote under the treaty in force at introduction (1/n under "
                   "unanimity)")
        return (f"member states: {members}; Commission {self.commission:g}× and Parliament "
                f"{self.parliament_codecision:g}× (co-decision) / "
                f"{self.parliament_consultation:g}× (consultation) the largest member state's share")


@dataclass(frozen=True)
class DeuRow:
    """One issue as the file gives it; positions and saliences (0–100, NaN missing) in ACTOR_CODES order."""

    line: int
    text: str   # the row's cells as name=value, outcome and final act left out
    proposal: str
    proposal_name: str
    issue: str
    act_type: str | None
    council: str | None
    procedure: str
    voting_rule: str
    voting_rule_text: str
    introduced: dt.date
    final_act: dt.date | None
    position: np.ndarray
    salience: np.ndarray
    reference_point: float | None
    outcome: float | None

    @property
    def has_stance(self) -> np.ndarray:
        """Actors with both a position and a salience (ACTOR_CODES order)."""
        return ~np.isnan(self.position) & ~np.isnan(self.salience)

    @property
    def scoreable(self) -> bool:
        """An outcome in 0–100 and at least three actors with a position and a salience."""
        return self.outcome is not None and int(self.has_stance.sum()) >= MIN_ACTORS

    @property
    def codecision(self) -> bool:
        return self.procedure == "COD"


@dataclass
class DeuData:
    """A DEU file read: its rows and what was repaired or skipped on the way."""

    path: Path
    layout: str
    rows: list[DeuRow]
    notes: list[str] = field(default_factory=list)

    def proposals(self) -> dict[str, list[DeuRow]]:
        """Proposal id → its rows, in file order."""
        out: dict[str, list[DeuRow]] = {}
        for r in self.rows:
            out.setdefault(r.proposal, []).append(r)
        return out

    def row(self, issue: str) -> DeuRow:
        for r in self.rows:
            if r.issue == issue:
                return r
        raise AccordError(f"{self.path}: no issue {issue!r}; expected an isnr of the file, "
                          f"e.g. {self.rows[0].issue!r}")

    def scenario(self, ref: str, convention: DeuConvention | None = None) -> Scenario:
        return deu_scenario(self, ref, convention)


# --- reading -----------------------------------------------------------------------------------


_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _year(text: str) -> int:
    y = int(text)
    if len(text) == 4:
        return y
    return 1900 + y if y >= 50 else 2000 + y   # DEU spans 1995–2019


def parse_date(text: str, *, spreadsheet_mangled: bool) -> dt.date | None:
    """A DEU date; None for blank or the missing code 999.

    ``spreadsheet_mangled``: ``YYYY-MM-DD`` is a dd-mm-yy date a spreadsheet read as yy-mm-dd
    (the tab-separated copy's defect), so day = YYYY mod 100 and the year is DD.

    >>> parse_date("2014-07-04", spreadsheet_mangled=True), parse_date("26-01-00", spreadsheet_mangled=True)
    (datetime.date(2004, 7, 14), datetime.date(2000, 1, 26))
    >>> parse_date("1930-05-01", spreadsheet_mangled=True), parse_date("2014-07-04", spreadsheet_mangled=False)
    (datetime.date(2001, 5, 30), datetime.date(2014, 7, 4))
    """
    text = text.strip()
    if text.lower() in MISSING_TEXT or text == "999":
        return None
    m = _DMY.match(text)
    if m:
        return dt.date(_year(m.group(3)), int(m.group(2)), int(m.group(1)))
    m = _YMD.match(text)
    if m:
        if spreadsheet_mangled:
            return dt.date(_year(m.group(3)), int(m.group(2)), int(m.group(1)) % 100)
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    raise ValueError(text)


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


_split_header = deu_split_header


# Cells that record what happened after the proposal was made: never quoted into a scenario.
_HINDSIGHT = ("out", "finact")


def _quote(header: list[str], cells: list[str]) -> str:
    """The row's non-blank cells as ``name=value``, without the outcome and the final act's date
    (a scenario holds what was known at introduction)."""
    return "; ".join(f"{name}={value.strip()}" for name, value in zip(header, cells)
                     if value.strip() and name not in _HINDSIGHT)


def read_deu(path: str | Path) -> DeuData:
    """Read a DEU file in either layout (see the module docstring).

    Raises
    ------
    ScenarioError
        Naming the file, the line and the column of the first malformed cell (a position that is
        not a number, an unreadable date, a duplicate issue id, a row of the wrong length, a
        missing column).
    """
    path = Path(path)
    text = _decode(read_bytes(path))   # the shared reader: size limit, directory, unreadable
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise ScenarioError(None, "the file is empty; expected a DEU header line (prnr, isnr, "
                            "proc, counvte, intro, p<actor>…, s<actor>…, rp, out)",
                            file=str(path), line=1)
    delimiter, header = _split_header(lines[0])
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ScenarioError("header", f"no column {', '.join(missing[:5])}"
                            f"{' …' if len(missing) > 5 else ''}; expected the DEU columns "
                            "prnr, isnr, proc, counvte, intro, p<actor>, s<actor>, rp, out",
                            file=str(path), line=1)
    first: dict[str, int] = {}
    for k, name in enumerate(header, start=1):
        if name and name in first:  # the later column silently won (pde=77 over pde=0)
            raise ScenarioError("header", f"column {name} appears twice (columns {first[name]} "
                                f"and {k}); expected each DEU column once", file=str(path),
                                line=1)
        first.setdefault(name, k)
    copy_layout = delimiter == "\t"
    cells_of = _Cells(path, header, copy_layout, decimal_comma=delimiter == ";")
    notes: list[str] = []
    rows: list[DeuRow] = []
    seen: dict[str, int] = {}
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    next(reader)
    for cells in reader:
        n = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) < len(header):
            raise ScenarioError(None, f"{len(cells)} columns; expected {len(header)} as in the "
                                "header", file=str(path), line=n)
        row = cells_of(cells, n)
        if not row.cell("isnr") and not row.cell("prnr"):
            if copy_layout and n == 2:
                notes.append("line 2 skipped: not DEU data (a row of GDP figures the copy's "
                             "author added)")
                continue
            raise row.error("isnr", "empty issue and proposal ids; expected a DEU row with "
                            "prnr and isnr")
        for name, what in (("prnr", "proposal"), ("isnr", "issue")):
            if not row.cell(name):
                raise row.error(name, f"empty; expected the {what} id")
        issue_id = row.cell("isnr")
        if issue_id in seen:
            raise row.error("isnr", f"duplicate issue {issue_id!r} (first on line "
                                    f"{seen[issue_id]}); expected one row per issue")
        seen[issue_id] = n
        procedure = row.cell("proc").upper()
        if procedure not in ("COD", "CNS"):
            raise row.error("proc", f"{row.cell('proc')!r}; expected COD (co-decision) or CNS "
                                    "(consultation)")
        rule_text = row.cell("counvte")
        if rule_text.lower().startswith("qmv"):
            rule = "qmv"
        elif rule_text.lower().startswith("unan"):
            rule = "unanimity"
        else:
            raise row.error("counvte", f"{rule_text!r}; expected QMV or Unan")
        position = np.array([row.number(f"p{a}") for a in ACTOR_CODES])
        salience = np.array([row.number(f"s{a}") for a in ACTOR_CODES])
        rp, out = row.number("rp"), row.number("out")
        rows.append(DeuRow(
            line=n, text=_quote(header, cells), proposal=row.cell("prnr"),
            proposal_name=row.cell("prname") or row.cell("prnr"), issue=issue_id,
            act_type=row.cell("type") or None, council=row.cell("council") or None,
            procedure=procedure, voting_rule=rule, voting_rule_text=rule_text,
            introduced=row.date("intro", required=True),
            final_act=row.date("finact", required=False),
            position=position, salience=salience,
            reference_point=None if math.isnan(rp) else rp,
            outcome=None if math.isnan(out) else out))
    if not rows:
        raise ScenarioError(None, "no issue rows; expected one row per issue after the header",
                            file=str(path), line=2)
    if cells_of.mangled_dates:
        notes.append(f"{cells_of.mangled_dates} dates written yyyy-mm-dd by a spreadsheet "
                     "decoded back to dd-mm-yy")
    if cells_of.out_of_range:
        notes.append("values outside 0–100 read as missing: " + ", ".join(
            f"{name} {k}" for name, k in sorted(cells_of.out_of_range.items())))
    return DeuData(path, "copy" if copy_layout else "original", rows, notes)


class _Cells:
    """Reads the cells of one row after another, counting what it repaired on the way."""

    def __init__(self, path: Path, header: list[str], copy_layout: bool, decimal_comma: bool):
        self.path, self.copy_layout, self.decimal_comma = path, copy_layout, decimal_comma
        self.col = {name: k for k, name in enumerate(header)}
        self.out_of_range: Counter[str] = Counter()
        self.mangled_dates = 0
        self.cells: list[str] = []
        self.line = 0

    def __call__(self, cells: list[str], line: int) -> "_Cells":
        self.cells, self.line = cells, line
        return self

    def error(self, column: str, message: str) -> ScenarioError:
        return ScenarioError(column, message, file=str(self.path), line=self.line)

    def cell(self, name: str) -> str:
        return self.cells[self.col[name]].strip() if name in self.col else ""

    def number(self, name: str) -> float:
        """A value in 0–100; NaN for blank, a missing code or a number outside 0–100."""
        raw = self.cell(name)
        if raw.lower() in MISSING_TEXT:
            return math.nan
        try:
            v = float(raw.replace(",", ".") if self.decimal_comma else raw)
        except ValueError:
            raise self.error(name, f"{raw!r} is not a number; expected a value in 0–100, "
                                   "blank, or a missing-value code such as 999") from None
        if not math.isfinite(v) or not 0.0 <= v <= 100.0:
            self.out_of_range[name] += 1
            return math.nan
        return v

    def date(self, name: str, required: bool) -> dt.date | None:
        raw = self.cell(name)
        try:
            d = parse_date(raw, spreadsheet_mangled=self.copy_layout)
        except ValueError:
            hint = " (or its spreadsheet-mangled form yyyy-mm-dd)" if self.copy_layout else ""
            raise self.error(name, f"{raw!r} is not a date; expected dd-mm-yy{hint}") from None
        if d is None and required:
            raise self.error(name, "missing; expected the date the proposal was introduced "
                                   "(dd-mm-yy)")
        if self.copy_layout and _YMD.match(raw):
            self.mangled_dates += 1
        return d


# --- scenarios ---------------------------------------------------------------------------------


def capabilities(rules: CouncilRules, codecision: bool,
                 convention: DeuConvention | None = None,
                 unanimity: bool = False) -> dict[str, float]:
    """Capability of every DEU actor under ``rules`` (see :class:`DeuConvention`).

    A state without a weight in the table (none in DEU) gets 0.

    >>> import datetime as dt
    >>> from accord.scenario.eu_council import council_rules
    >>> caps = capabilities(council_rules(dt.date(2000, 1, 26)), codecision=False)
    >>> round(caps["de"], 4), round(caps["lu"], 4), round(caps["com"], 4), caps["ep"]
    (0.1149, 0.023, 0.1149, 0.0)
    """
    convention = convention or DeuConvention()
    if convention.power == "weights":
        share = {c: rules.weights.get(c, 0.0) / rules.total_weight
                 for c in ACTOR_CODES if c not in INSTITUTIONS}
    else:
        power = ({c: 1.0 / len(rules.members) for c in rules.members} if unanimity
                 else voting_power(rules, convention.power))
        share = {c: power.get(c, 0.0) for c in ACTOR_CODES if c not in INSTITUTIONS}
    largest = max(share[c] for c in rules.members)
    share["com"] = convention.commission * largest
    share["ep"] = largest * (convention.parliament_codecision if codecision
                             else convention.parliament_consultation)
    return share


def decision_rule(row: DeuRow, rules: CouncilRules) -> DecisionRule:
    """The issue's decision rule: the Council's qualified majority (or unanimity) at
    introduction, the Parliament a veto player under co-decision, the Commission the agenda
    setter.

    Members without a position on the issue are taken to accept any outcome — the DEU codes a
    member that took no position as missing, and such members rarely block — so the rule names
    the members with a position (and the scenario holds only actors with a position somewhere in
    the proposal; the Commission is the agenda setter where it has one): under a qualified
    majority the threshold is what they must still bring, (T·W − W_absent) / W_present of their
    weight with T·W the treaty's majority of all members' weight W, and ``min_members`` less the
    absent members; under unanimity every member with a position is a veto player.
    """
    has = row.has_stance
    present = [c for k, c in enumerate(ACTOR_CODES) if has[k] and c in rules.members]
    absent = [c for c in rules.members if c not in present]
    vetoes = ["ep"] if row.codecision and has[ACTOR_CODES.index("ep")] else []
    setter = "com" if has[ACTOR_CODES.index("com")] else None
    parliament = ("the European Parliament must approve (co-decision)" if row.codecision
                  else "the European Parliament is consulted, without a veto (consultation)")
    if row.voting_rule == "unanimity":
        return DecisionRule(
            kind="unanimity", veto_players=present + vetoes, agenda_setter=setter,
            description=f"unanimity in the Council (every member a veto player); {parliament}; "
                        "the Commission proposes", note=_absent_note(absent))
    weights = {c: rules.weights[c] for c in present}
    w_present = sum(weights.values())
    need = rules.threshold / rules.total_weight * rules.total_weight \
        - sum(rules.weights[c] for c in absent)
    # The schema needs a threshold in (0, 1]: when the absent members alone would carry the
    # vote, any support among the present does.
    threshold = min(1.0, max(need / w_present if w_present > 0 else 1.0, 1e-9))
    min_members = rules.min_members - len(absent)
    return DecisionRule(
        kind="qualified_majority", members=present, weights=weights, threshold=threshold,
        min_members=min_members if min_members > 1 else None, veto_players=vetoes,
        agenda_setter=setter,
        description=f"{rules.describe()}; {parliament}; the Commission proposes",
        note=_absent_note(absent))


def _absent_note(absent: list[str]) -> str | None:
    if not absent:
        return None
    return (f"members without a position on this issue ({', '.join(absent)}) are taken to "
            "accept any outcome; the rule names the members with a position")


def deu_scenario(data: DeuData, ref: str, convention: DeuConvention | None = None) -> Scenario:
    """The scenario of proposal ``ref`` (its issues together) or of issue ``ref`` alone.

    Raises
    ------
    AccordError
        When ``ref`` is neither a proposal nor an issue of the file.
    """
    convention = convention or DeuConvention()
    proposals = data.proposals()
    if ref in proposals:
        rows = proposals[ref]
    else:
        rows = [r for r in data.rows if r.issue == ref]
        if not rows:
            raise AccordError(f"{data.path}: no proposal or issue {ref!r}; expected one of "
                              f"{len(proposals)} proposals ({', '.join(list(proposals)[:4])}, …) "
                              "or an issue id")
    first = rows[0]
    introduced = min(r.introduced for r in rows)
    rules = council_rules(introduced)
    evidence, stances, issues = [], [], []
    takes_stance: set[str] = set()
    for r in rows:
        ev_id = f"deu-line-{r.line}"
        evidence.append(Evidence(id=ev_id, source="deu3", quote=r.text,
                                 note=f"{data.path.name}, line {r.line}"))
        has = r.has_stance
        for k, code in enumerate(ACTOR_CODES):
            if has[k]:
                stances.append(Stance(actor=code, issue=r.issue, position=float(r.position[k]),
                                      salience=float(r.salience[k]) / 100.0, evidence=[ev_id]))
                takes_stance.add(code)
        sq = None
        if r.reference_point is not None:
            sq = StatusQuo(value=r.reference_point, evidence=[ev_id],
                           description="the DEU reference point (rp): the policy in force, or "
                                       "what would hold without a decision")
        issues.append(Issue(id=r.issue, name=f"{r.proposal_name}: issue {r.issue}",
                            description=None if sq else "no reference point (rp) recorded",
                            status_quo=sq, decision_rule=decision_rule(r, rules)))
    # The actors that took a position somewhere in the proposal; members that took none are
    # in the decision rule's arithmetic (they accept: see decision_rule), not in the scenario.
    actor_ids = [c for c in ACTOR_CODES if c in takes_stance]
    actors = [Actor(id=c, name=ACTOR_NAMES[c],
                    kind="organisation" if c in INSTITUTIONS else "state") for c in actor_ids]
    caps_by_rule = {(cod, unan): capabilities(rules, cod, convention, unan)
                    for cod in (True, False) for unan in (True, False)}

    def rule_of(r: DeuRow) -> tuple[bool, bool]:
        # the voting rule changes capabilities only under a power index
        return r.codecision, convention.power != "weights" and r.voting_rule == "unanimity"
    kinds = {rule_of(r) for r in rows}
    caps = []
    for c in actor_ids:
        note = (f"{rules.regime} weight {rules.weights.get(c, 0):g} of {rules.total_weight:g}"
                if c not in INSTITUTIONS else convention.describe())
        values = {caps_by_rule[k][c] for k in kinds}
        if len(values) > 1:   # issues under different procedures or voting rules
            caps.extend(Capability(actor=c, issue=r.issue, value=caps_by_rule[rule_of(r)][c],
                                   note=note) for r in rows)
        else:
            caps.append(Capability(actor=c, value=values.pop(), note=note))
    notes = [f"Capabilities: {convention.describe()}.", rules.describe() + ".",
             "Stances need both a position and a salience in 0–100; saliences are divided by 100."]
    return Scenario(
        id=ref, title=f"{first.proposal_name} ({first.proposal})", date=introduced,
        description=f"EU legislative proposal {first.proposal} ({first.act_type or 'act'}, "
                    f"{first.council or 'Council'} Council, {first.procedure}), introduced "
                    f"{introduced.isoformat()}; from the DEU data ({data.path.name}).",
        sources=[DATASET_SOURCE, TREATY_SOURCE], evidence=evidence, actors=actors, issues=issues,
        stances=stances, capabilities=caps, notes=" ".join(notes))


def load_deu(path: str | Path, select: str | None = None) -> Scenario:
    """The scenario of proposal or issue ``select`` in a DEU file (``FILE#PROPOSAL`` on the CLI).

    Without ``select`` the file must hold a single proposal.
    """
    data = read_deu(path)
    if select is None:
        proposals = data.proposals()
        if len(proposals) != 1:
            raise AccordError(f"{data.path}: {len(proposals)} proposals in this DEU file; pick one "
                              f"as FILE#PROPOSAL or FILE#ISSUE, e.g. {data.path.name}#"
                              f"{data.rows[0].proposal} or {data.path.name}#{data.rows[0].issue} "
                              "(`accord backtest FILE` scores them all)")
        select = data.rows[0].proposal
    return deu_scenario(data, select)


register_format(Format("deu", (".csv", ".tsv"), _sniff, load_deu, None,
                       "DEU III EU decisions (Dataset_DEU_III.csv, semicolon; or the tab copy)",
                       priority=15, load_part=load_deu))
