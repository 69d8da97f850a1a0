"""Adjusted Winner (Brams & Taylor 1996, *Fair Division*, ch. 4; Brams & Taylor 1999, *The
Win-Win Solution*): a two-party division of issues that is envy-free, equitable and efficient.

Each side spreads the same number of points (usually 100) over the issues. Every issue first
goes to the side that bids more (ties go to the side that is ahead, so they move first). The side
ahead then hands issues over, lowest ratio first (its points ÷ the other side's points; ratios
≥ 1 for everything it holds), until the totals would cross; the issue at which they would cross
is split so that both totals are exactly equal. Arithmetic is exact (:class:`fractions.Fraction`).

Camp David (Brams & Togman 1996), Israel/Egypt points:

>>> r = adjusted_winner(["Sinai", "Diplomatic recognition", "West Bank and Gaza",
...     "Palestinian political recognition", "Palestinian rights", "Jerusalem"],
...     [35, 10, 20, 10, 5, 20], [55, 5, 10, 5, 20, 5], parties=("Israel", "Egypt"))
>>> r.split_issue, r.share_a["Sinai"], r.total_a, r.total_b
('Sinai', Fraction(1, 6), Fraction(395, 6), Fraction(395, 6))
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Sequence

from accord.errors import AccordError


@dataclass(frozen=True)
class AdjustedWinnerResult:
    """Who gets what: ``share_a[issue]`` is the fraction of the issue A receives (B gets the
    rest); ``split_issue`` the one issue divided (None when no split was needed)."""

    parties: tuple[str, str]
    issues: tuple[str, ...]
    points_a: tuple[Fraction, ...]
    points_b: tuple[Fraction, ...]
    share_a: dict[str, Fraction]
    total_a: Fraction
    total_b: Fraction
    split_issue: str | None
    transfer_order: tuple[str, ...]

    def describe(self) -> list[str]:
        """One line per issue in words."""
        a, b = self.parties
        lines = []
        for issue in self.issues:
            s = self.share_a[issue]
            if s == 1:
                lines.append(f"{issue}: {a}")
            elif s == 0:
                lines.append(f"{issue}: {b}")
            else:
                lines.append(f"{issue}: split — {a} {s}, {b} {1 - s}")
        return lines

    def to_dict(self) -> dict:
        return {"parties": list(self.parties),
                "allocation": [{"issue": i, "share": {self.parties[0]: str(self.share_a[i]),
                                                      self.parties[1]: str(1 - self.share_a[i])}}
                               for i in self.issues],
                "totals": {self.parties[0]: str(self.total_a), self.parties[1]: str(self.total_b)},
                "totals_float": {self.parties[0]: float(self.total_a),
                                 self.parties[1]: float(self.total_b)},
                "split_issue": self.split_issue,
                "transfer_order": list(self.transfer_order)}


def _frac(x) -> Fraction:
    if isinstance(x, float):
        return Fraction(str(x))  # 0.1 means one tenth, not its binary approximation
    return Fraction(x)


def adjusted_winner(issues: Sequence[str], points_a: Sequence, points_b: Sequence, *,
                    parties: tuple[str, str] = ("A", "B")) -> AdjustedWinnerResult:
    """Brams & Taylor's Adjusted Winner for two parties, in exact fractions.

    Each side spreads the same number of points over the issues; each issue goes to the higher
    bidder (ties to the side behind); then issues move from the side ahead to the other, lowest
    ratio of points first, splitting one issue so that the totals are equal.

    Parameters
    ----------
    issues : sequence of str
    points_a, points_b : sequence
        Each side's points per issue (ints, Fractions or decimal strings: kept exact).
    parties : tuple of str, default ("A", "B")

    Returns
    -------
    AdjustedWinnerResult
        Each side's share of every issue, the equal totals, the split issue.

    Raises
    ------
    AccordError
        When the sides' totals differ, a point value is negative, or the lists differ in length.

    References
    ----------
    Brams, S. J. & Taylor, A. D. (1996). Fair Division: From Cake-Cutting to Dispute Resolution.
    Cambridge University Press, ch. 4. Brams, S. J. & Togman, J. M. (1996). Camp David: was the
    agreement fair? Conflict Management and Peace Science 15(1), 99–112.

    Examples
    --------
    Camp David (research/models.md §5): Israel gets 1/6 of Sinai, both totals 395/6.

    >>> r = adjusted_winner(["Sinai", "recognition", "West Bank & Gaza", "political recognition",
    ...                      "rights", "Jerusalem"], [35, 10, 20, 10, 5, 20], [55, 5, 10, 5, 20, 5],
    ...                     parties=("Israel", "Egypt"))
    >>> r.split_issue, str(r.share_a["Sinai"]), str(r.total_a), str(r.total_b)
    ('Sinai', '1/6', '395/6', '395/6')
    """
    if not (len(issues) == len(points_a) == len(points_b)) or not issues:
        raise AccordError("expected one point value per issue for each party")
    a = [_frac(x) for x in points_a]
    b = [_frac(x) for x in points_b]
    for issue, x, y in zip(issues, a, b):
        if x < 0 or y < 0:
            raise AccordError(f"{issue}: points {x}, {y}: negative; expected points ≥ 0")
    problem = _totals_problem(parties, a, b)
    if problem:
        raise AccordError(problem)
    n = len(issues)
    # strict winners first; ties go to whoever is ahead on the strict wins
    share = [Fraction(1) if a[k] > b[k] else Fraction(0) for k in range(n)]
    strict_a = sum(a[k] for k in range(n) if a[k] > b[k])
    strict_b = sum(b[k] for k in range(n) if b[k] > a[k])
    ahead_a = strict_a >= strict_b
    for k in range(n):
        if a[k] == b[k]:
            share[k] = Fraction(1) if ahead_a else Fraction(0)
    tot_a = sum(a[k] * share[k] for k in range(n))
    tot_b = sum(b[k] * (1 - share[k]) for k in range(n))
    split = None
    order: list[str] = []
    if tot_a != tot_b:
        leader_is_a = tot_a > tot_b
        mine = [k for k in range(n) if (share[k] == 1) == leader_is_a]

        def ratio(k):
            num, den = (a[k], b[k]) if leader_is_a else (b[k], a[k])
            return Fraction(num, 1) / den if den else None

        # lowest ratio first; items worth nothing to the receiver (ratio ∞) last
        mine.sort(key=lambda k: (ratio(k) is None, ratio(k) if ratio(k) is not None else 0, k))
        for k in mine:
            order.append(issues[k])
            give, get = (a[k], b[k]) if leader_is_a else (b[k], a[k])
            lead, trail = (tot_a, tot_b) if leader_is_a else (tot_b, tot_a)
            if lead - give >= trail + get:
                # hand the whole issue over
                lead, trail = lead - give, trail + get
                share[k] = Fraction(0) if leader_is_a else Fraction(1)
            else:
                f = (lead - trail) / (give + get)     # fraction handed over
                lead, trail = lead - f * give, trail + f * get
                share[k] = 1 - f if leader_is_a else f
                split = issues[k]
            tot_a, tot_b = (lead, trail) if leader_is_a else (trail, lead)
            if tot_a == tot_b:
                break
    return AdjustedWinnerResult(tuple(parties), tuple(issues), tuple(a), tuple(b),
                                dict(zip(issues, share)), tot_a, tot_b, split, tuple(order))


def read_points_csv(path: Path | str) -> tuple[tuple[str, str], list[str], list[Fraction],
                                                list[Fraction]]:
    """Read ``issue,<party A>,<party B>`` (header names the parties) with one row per issue.

    Points are read exactly (``Fraction``); blank lines and lines starting with ``#`` are skipped.

    Parameters
    ----------
    path : str or Path

    Returns
    -------
    tuple
        ((party A, party B), issues, A's points, B's points).

    Raises
    ------
    AccordError
        A missing file, a missing header, a row without three columns, or points that are not
        numbers — each naming the file and line.

    References
    ----------
    Brams, S. J. & Taylor, A. D. (1996). Fair Division: From Cake-Cutting to Dispute Resolution.
    Cambridge University Press, ch. 4. Brams, S. J. & Togman, J. M. (1996). Camp David: was the
    agreement fair? Conflict Management and Peace Science 15(1), 99–112.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     path = Path(d) / "points.csv"
    ...     _ = path.write_text("issue,Israel,Egypt\\nSinai,35,55\\nJerusalem,20,5\\n")
    ...     parties, issues, a, b = read_points_csv(path)
    >>> parties, issues, [str(x) for x in a]
    (('Israel', 'Egypt'), ['Sinai', 'Jerusalem'], ['35', '20'])
    """
    path = Path(path)
    if not path.exists():
        raise AccordError(f"{path}: no such file; expected a CSV with columns issue, party A "
                          "points, party B points")
    from accord.scenario.io.files import decode_text, read_bytes

    # not path.read_text: a latin-1 name or a PNG was a UnicodeDecodeError traceback; this
    # names the line and the byte (UTF-8, or the encoding a byte-order mark gives)
    numbered = [(n, r) for n, r in enumerate(
        csv.reader(io.StringIO(decode_text(read_bytes(path), str(path)))), start=1)
        if r and any(c.strip() for c in r) and not r[0].lstrip().startswith("#")]
    if len(numbered) < 2 or len(numbered[0][1]) < 3:
        raise AccordError(f"{path}:1: expected a header 'issue,<party A>,<party B>' and one row "
                          "per issue")
    header = numbered[0][1]
    parties = (header[1].strip(), header[2].strip())
    issues, pa, pb = [], [], []
    for n, r in numbered[1:]:
        if len(r) < 3:
            raise AccordError(f"{path}:{n}: {len(r)} columns; expected 3 (issue, points, points)")
        try:
            pa.append(_frac_text(r[1]))
            pb.append(_frac_text(r[2]))
        except (ValueError, ZeroDivisionError):
            raise AccordError(f"{path}:{n}: points {r[1]!r}, {r[2]!r}; expected numbers") from None
        if pa[-1] < 0 or pb[-1] < 0:
            raise AccordError(f"{path}:{n}: points {r[1].strip()}, {r[2].strip()}: negative; "
                              "expected points ≥ 0")
        issues.append(r[0].strip())
    return parties, issues, pa, pb


def _totals_problem(parties, a, b) -> str | None:
    """Why two point lists cannot be divided (totals unequal, or nothing valued), or None."""
    ta, tb = sum(a), sum(b)
    if ta == 0 or tb == 0:  # all zero: no side values anything, no split means anything
        return (f"{parties[0]} spreads {ta} points and {parties[1]} {tb}; expected both sides "
                "to spread the same positive total (usually 100)")
    if ta != tb:
        return (f"{parties[0]} spreads {ta} points and {parties[1]} {tb}; expected both sides "
                "to spread the same total (usually 100)")
    return None


def _frac_text(text: str) -> Fraction:
    return Fraction(text.strip())
