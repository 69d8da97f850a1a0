"""Deal commands: deals (zone of agreement, frontier, fair deals), adjusted-winner, war."""

from __future__ import annotations

from pathlib import Path

import math

import typer

from accord.cli.app import app, sub_app
from accord.cli.common import (DEFAULT_SCENARIO, TABLE_JSON_HELP, Table, TableOrJson, console,
                               emit_json, load_scenario_arg, parse_assignments,
                               parse_float_assignments, styled, title_line)

SOLUTION_TITLES = {"nash": "Nash", "kalai_smorodinsky": "Kalai–Smorodinsky",
                   "egalitarian": "egalitarian", "utilitarian": "utilitarian"}


@app.command("deals")
def deals_cmd(
    scenario: str = typer.Argument(DEFAULT_SCENARIO, help="built-in id, scenario file, or a folder "
                                   "holding a GENIUS domain and its profiles", metavar="SCENARIO"),
    format: TableOrJson = typer.Option(TableOrJson.table, "--format", "-f", help=TABLE_JSON_HELP),
    power: list[str] = typer.Option(None, "--power", help="bargaining power PARTY=β for the Nash "
                                    "solution (repeatable; default equal)"),
    reservation: list[str] = typer.Option(None, "--reservation", help="override a reservation "
                                          "value, PARTY=VALUE (repeatable)"),
    disagreement: str = typer.Option("reservation", "--disagreement", help="disagreement point: "
                                     "'reservation' or 'floor' (max of reservation and worst "
                                     "outcome, NegMAS's choice)"),
    reference: list[str] = typer.Option(None, "--reference", help="ISSUE=OPTION,... a "
                                        "reference outcome (e.g. the status quo): list package "
                                        "trades from it"),
    fallback: str = typer.Option("stated", "--fallback", help="what no deal is worth: the "
                                 "outside options' 'stated' reservation, or the 'fearon' or "
                                 "'attrition' war value (each falls back to the others)"),
    levels: int = typer.Option(5, "--levels", help="options per continuous issue when the deal "
                               "space is derived from stances"),
    trades: int = typer.Option(5, "--trades", min=0, help="how many package trades to list"),
    face_value: bool = typer.Option(False, "--face-value", help="value deferred terms at face "
                                    "value instead of at their credibility"),
    fragile: float = typer.Option(0.05, "--fragile", help="flag margins over the fallback "
                                  "below this (utility scale 0–1) as fragile"),
) -> None:
    """Zone of agreement, Pareto frontier, and the Nash / Kalai–Smorodinsky / egalitarian /
    utilitarian deals, each with every party's utility and margin over its fallback."""
    from accord.deals.summary import deal_summary
    from accord.errors import AccordError

    if not 0.0 <= fragile <= 1.0:  # NaN too: it passed every comparison and flagged nothing
        raise AccordError(f"--fragile {fragile:g}: expected a margin in [0, 1] on the utility "
                          "scale")

    s = load_scenario_arg(scenario)
    summary = deal_summary(
        s, levels=levels, fallback=fallback,
        reservation=parse_float_assignments(reservation, "--reservation") if reservation else None,
        powers=parse_float_assignments(power, "--power") if power else None,
        disagreement=disagreement,
        reference=parse_assignments(reference, "--reference") if reference else None,
        top_trades=trades, fragile_margin=fragile, credibility=not face_value)
    from accord.whether.agreement import rule_note

    # a majority rule: the whether layer's verdict beside this unanimous zone (as the deals
    # page and the report say it, report.content.deal_analysis)
    note = rule_note(s, fallback)
    if note:
        summary.warnings.append(note)
    data = summary.to_dict()
    if format == TableOrJson.json:
        emit_json(data)
        return
    _render(s, summary.space, summary.analysis, data, summary.trades or [])


def _render(s, space, analysis, data, trade_list) -> None:
    from accord.cli.common import fallback_line

    names = [space.name_of(p) for p in space.party_ids]
    console.print(title_line(s))
    zone = analysis.zone
    verdict = "[green]yes[/green]" if not zone.is_empty else "[red]no[/red]"
    console.print(styled("Zone of agreement: " + verdict + " — {}", analysis.headline()))
    used = fallback_line(data["fallback_used"], space.name_of)
    if used:
        console.print(used)
    within = "" if data["n_within_red_lines"] == space.n_outcomes else \
        f" ({data['n_within_red_lines']:,} within every red line)"
    console.print(f"{space.n_outcomes:,} possible deals{within} over {space.n_issues} issues, "
                  f"{space.n_parties} parties; disagreement point: {data['disagreement_point']}")
    if data.get("deferred_terms"):
        console.print("Deferred terms at their credible value (κ · face + (1 − κ) · status quo; "
                      "--face-value for face values): "
                      + "; ".join(d["text"] for d in data["deferred_terms"]))
    for w in data["warnings"]:
        console.print(styled("[yellow]warning:[/yellow] {}", w))
    t = Table(title="What no deal is worth", title_justify="left")
    t.add_column("party")
    t.add_column("reservation", justify="right")
    t.add_column("best deal for it", justify="right")
    t.add_column("from", prose=True)
    for k, p in enumerate(space.party_ids):
        how = space.provenance.get(p, "given")
        if "[evidence: " in how:
            head, _, cites = how.partition(" [evidence: ")
            how = f"{head} ({len(cites.rstrip(']').split(', '))} evidence items)"
        best = analysis.zone.best[k] if analysis.zone.best.size else float("nan")
        t.add_row(names[k], f"{space.reservation[k]:.3f}",
                  f"{best:.3f}" if math.isfinite(best) else "—", how)
    console.print(t)
    console.print(f"Pareto frontier: {analysis.frontier.size} deals, "
                  f"{analysis.acceptable_frontier.size} of them acceptable to every party")
    if zone.is_empty:
        return
    sols = analysis.solutions
    issue_names = space.issue_names or space.issue_ids
    t = Table(title="Deals (the options each solution picks)", title_justify="left")
    t.add_column("issue")
    for name, sol in sols.items():
        ties = f" ({sol.outcomes.size} tied)" if sol.outcomes.size > 1 else ""
        t.add_column(SOLUTION_TITLES[name] + ties, prose=True)
    deals = {name: analysis.space.describe(sol.outcome) for name, sol in sols.items()}
    for iname, iid in zip(issue_names, space.issue_ids):
        t.add_row(iname, *[deals[name][iid] for name in sols])
    console.print(t)
    u = Table(title="Utility (margin over the party's fallback)", title_justify="left")
    u.add_column("party")
    for name in sols:
        u.add_column(SOLUTION_TITLES[name], justify="right")
    for k in range(space.n_parties):
        u.add_row(names[k], *[f"{sol.utilities[k]:.3f} ({sol.margins[k]:+.3f})"
                              + (" fragile" if sol.margins[k] < analysis.fragile_margin else "")
                              for sol in sols.values()])
    console.print(u)
    fragile = {SOLUTION_TITLES[n]: analysis.fragile(n) for n in sols if analysis.fragile(n)}
    if fragile:
        console.print(styled("[yellow]Fragile[/yellow] (margin under {}): {}",
                             f"{analysis.fragile_margin:g}",
                             "; ".join(f"{n}: {', '.join(space.name_of(p) for p in who)}"
                                       for n, who in fragile.items())))
    if trade_list:
        console.print(styled("[bold]Package trades from the reference outcome[/bold]"))
        for tr in trade_list:
            flag = "" if tr["acceptable"] else \
                " [yellow](someone falls below its fallback)[/yellow]"
            console.print(styled("• {}" + flag, tr["description"]))


@app.command("adjusted-winner")
def adjusted_winner_cmd(
    file: Path = typer.Argument(..., help="CSV: issue,<party A>,<party B> (header names the "
                                "parties), one row of points per issue", metavar="FILE"),
    format: TableOrJson = typer.Option(TableOrJson.table, "--format", "-f", help=TABLE_JSON_HELP),
) -> None:
    """Brams & Taylor's Adjusted Winner for two parties, in exact fractions."""
    from accord.deals.adjusted_winner import adjusted_winner, read_points_csv

    from accord.errors import AccordError

    parties, issues, pa, pb = read_points_csv(file)
    try:
        r = adjusted_winner(issues, pa, pb, parties=parties)
    except AccordError as exc:  # the totals: a fault of the file, which the message names
        raise AccordError(f"{file}: {exc}") from None
    if format == TableOrJson.json:
        emit_json(r.to_dict())
        return
    a, b = parties
    t = Table(title="Adjusted Winner", title_justify="left")
    for col in ("issue", f"{a} points", f"{b} points", f"to {a}", f"to {b}"):
        t.add_column(col, justify="left" if col == "issue" else "right")
    for issue, x, y in zip(issues, pa, pb):
        share = r.share_a[issue]
        t.add_row(issue + (" (split)" if issue == r.split_issue else ""), str(x), str(y),
                  str(share), str(1 - share))
    console.print(t)
    console.print(f"Totals: {a} {r.total_a} ≈ {float(r.total_a):.2f}, "
                  f"{b} {r.total_b} ≈ {float(r.total_b):.2f}")
    if r.split_issue:
        console.print(f"Split issue: {r.split_issue}")


COST_A = "A's cost of war, as a share of the pie (0–1)"
COST_B = "B's cost of war, as a share of the pie (0–1)"
DISCOUNT = "discount factor per period δ (0–1): what next period's payoff is worth today"

war_app = sub_app(help="The bargaining model of war: what fighting is worth as the fallback.",
                      no_args_is_help=True)
app.add_typer(war_app, name="war")


def _emit_or_print(data: dict, format: TableOrJson, lines: list[str]) -> None:
    if format == TableOrJson.json:
        emit_json(data)
    else:
        for line in lines:
            console.print(line)


@war_app.command("fearon")
def war_fearon(p: float = typer.Option(..., "--p", help="A's probability of winning"),
               cost_a: float = typer.Option(..., "--cost-a", help=COST_A),
               cost_b: float = typer.Option(..., "--cost-b", help=COST_B),
               format: TableOrJson = typer.Option(TableOrJson.table, "--format", "-f",
                                                  help=TABLE_JSON_HELP)) -> None:
    """Fearon (1995): the shares of the pie A and B both prefer to war."""
    from accord.deals.war import fearon_range

    r = fearon_range(p, cost_a, cost_b)
    _emit_or_print({"model": "fearon", "low": r.low, "high": r.high, "exists": r.exists,
                    "warning": r.warning}, format,
                   ([f"warning: {r.warning}"] if r.warning else []) +
                   [f"Bargaining range for A's share: [{r.low:.4f}, {r.high:.4f}] "
                    f"(A's war value {r.low:.4f}, B's {1 - r.high:.4f})"])


@war_app.command("attrition")
def war_attrition(q_a: float = typer.Option(..., "--q-a", help="A's per-period chance of winning"),
                  q_b: float = typer.Option(..., "--q-b", help="B's per-period chance of winning"),
                  c_a: float = typer.Option(..., "--c-a", help="A's per-period cost"),
                  c_b: float = typer.Option(..., "--c-b", help="B's per-period cost"),
                  discount: float = typer.Option(..., "--discount", help=DISCOUNT),
                  format: TableOrJson = typer.Option(TableOrJson.table, "--format", "-f",
                                                     help=TABLE_JSON_HELP)) -> None:
    """Continued fighting: each side's value of war and the range of acceptable splits."""
    from accord.deals.war import attrition_values, value_text

    a = attrition_values((q_a, q_b), (c_a, c_b), discount)
    # q_A = q_B = 0: no period can end the war, its expected length is infinite — JSON has no
    # infinity (emit_json refused it with a traceback), so null there, as the web page gives
    endless = not math.isfinite(a.expected_duration)
    _emit_or_print({"model": "attrition", "value_a": a.values[0], "value_b": a.values[1],
                    "low": a.range.low, "high": a.range.high, "exists": a.range.exists,
                    "expected_duration": None if endless else a.expected_duration,
                    "warning": a.range.warning}, format,
                   # the range is clipped to [0, 1] as war fearon's is, and says so first
                   ([f"warning: {a.range.warning}"] if a.range.warning else []) +
                   [f"Value of fighting on: A {value_text(a.values[0])}, "
                    f"B {value_text(a.values[1])} " +
                    ("(neither side ever wins outright: the war never ends)" if endless else
                     f"(expected {a.expected_duration:.1f} periods of war)"),
                    f"Acceptable range for A's share: [{a.range.low:.4f}, {a.range.high:.4f}]"])


@war_app.command("optimism")
def war_optimism(p_a: float = typer.Option(..., "--p-a", help="A's own estimate of its chance"),
                 p_b: float = typer.Option(..., "--p-b", help="B's own estimate of its chance"),
                 cost_a: float = typer.Option(..., "--cost-a", help=COST_A),
                 cost_b: float = typer.Option(..., "--cost-b", help=COST_B),
                 format: TableOrJson = typer.Option(TableOrJson.table, "--format", "-f",
                                                    help=TABLE_JSON_HELP)) -> None:
    """Mutual optimism: does a range survive both sides' own estimates?"""
    from accord.deals.war import mutual_optimism

    t = mutual_optimism(p_a, p_b, cost_a, cost_b)
    verdict = "a bargaining range exists" if t.range_exists else "no bargaining range"
    _emit_or_print({"model": "mutual_optimism", "sum_of_estimates": t.sum_of_estimates,
                    "threshold": t.threshold, "range_exists": t.range_exists}, format,
                   [f"p_A^A + p_B^B = {t.sum_of_estimates:.4g} vs 1 + c_A + c_B = "
                    f"{t.threshold:.4g}: {verdict}"])


@war_app.command("commitment")
def war_commitment(power: list[float] = typer.Option(..., "--power", help="the declining side's "
                                                     "win probability in each period (repeat)"),
                   discount: float = typer.Option(..., "--discount", help=DISCOUNT),
                   cost_declining: float = typer.Option(..., "--cost-declining",
                                                        help="the declining side's cost of war, "
                                                        "as a share of the pie"),
                   cost_rising: float = typer.Option(0.0, "--cost-rising",
                                                     help="the rising side's cost of war, as a "
                                                     "share of the pie"),
                   credibility: float = typer.Option(1.0, "--credibility", help="probability "
                                                     "that the rising side keeps its promise "
                                                     "(1: Powell's credible bound)"),
                   format: TableOrJson = typer.Option(TableOrJson.table, "--format", "-f",
                                                      help=TABLE_JSON_HELP)) -> None:
    """Powell (2006): does shifting power make the declining side attack now?"""
    from accord.deals.war import commitment_problem

    t = commitment_problem(power, discount, cost_declining, cost_rising, credibility=credibility)
    lines = [f"period {k} → {k + 1}: δ·shift = {s:.4g} vs threshold {h:.4g}: "
             f"{'war now' if w else 'no war'}"
             for k, (s, h, w) in enumerate(zip(t.shift_value, t.threshold, t.war_now))]
    _emit_or_print({"model": "commitment", "war": t.war, "first_war_period": t.first_war_period,
                    "shift_value": t.shift_value.tolist(), "threshold": t.threshold.tolist()},
                   format, lines)
