"""The simulate command: rounds of offers between the parties of a deal space."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from accord.cli.app import app
from accord.cli.common import (DEFAULT_SCENARIO, TABLE_JSON_HELP, Table, TableOrJson, console,
                               emit_json, load_scenario_arg, output_file, parse_assignments,
                               parse_float_assignments, styled, title_line)
from accord.errors import AccordError


@app.command("simulate")
def simulate_cmd(
    scenario: str = typer.Argument(DEFAULT_SCENARIO, help="built-in id, scenario file, or a "
                                   "folder holding a GENIUS domain and its profiles",
                                   metavar="SCENARIO"),
    strategies: list[str] = typer.Option(None, "--strategies", "-s", help="PARTY=NAME "
                                         "(repeatable or comma-separated): boulware, linear, "
                                         "conceder, hardheaded, tit_for_tat, pareto, time:E, "
                                         "pareto:E"),
    default: str = typer.Option("linear", "--default-strategy",
                                help="strategy of the parties not named in --strategies"),
    rounds: Optional[int] = typer.Option(None, "--rounds", "-r", min=1, max=10_000,
                                         help="deadline in rounds (it sizes the arrays of the "
                                         "run)  [default: 100]"),
    until: Optional[str] = typer.Option(None, "--until", help="deadline on the calendar instead: "
                                        "'horizon' (the scenario's horizon or first hard "
                                        "deadline) or YYYY-MM-DD; the rounds of round_days days "
                                        "that fit after the scenario's date"),
    seed: int = typer.Option(0, "--seed", min=0, max=2**64 - 1,
                             help="seed of the mediator's random drafts"),
    protocol: str = typer.Option("alternating", "--protocol",
                                 help="alternating (stacked alternating offers) or mediator "
                                 "(single text)"),
    intervene: list[str] = typer.Option(None, "--intervene", help="ROUND:PARTY.FIELD=VALUE from "
                                        "that round on, FIELD reservation, strategy or weights "
                                        "(e.g. 10:ukraine.reservation=0.3, "
                                        "8:russia.weights=donbas:0.4); repeatable"),
    reservation: list[str] = typer.Option(None, "--reservation", help="override a reservation "
                                          "value, PARTY=VALUE (repeatable)"),
    discount: list[str] = typer.Option(None, "--discount", help="discount factor δ per party, "
                                       "PARTY=δ: utilities are worth u·δ^t at relative time t"),
    start: list[str] = typer.Option(None, "--start", help="mediator's first text, "
                                    "ISSUE=OPTION,... (label or id; e.g. the status quo); "
                                    "default a random outcome"),
    levels: int = typer.Option(5, "--levels", help="options per continuous issue when the deal "
                               "space is derived from stances"),
    plot: Optional[Path] = typer.Option(None, "--plot", help="write each party's utility by "
                                        "round to FILE.html (self-contained) or FILE.png"),
    format: TableOrJson = typer.Option(TableOrJson.table, "--format", "-f", help=TABLE_JSON_HELP),
) -> None:
    """Simulate the negotiation round by round: who offers what, who accepts, whether and where
    it ends, how far the deal is from the Pareto frontier and from the Nash point."""
    from accord.deals.space import OutcomeSpace
    from accord.simulate import simulate

    if protocol not in ("alternating", "mediator"):
        raise AccordError(f"--protocol {protocol!r}: expected 'alternating' or 'mediator'")
    if start and protocol != "mediator":
        raise AccordError("--start sets the mediator's first text; expected --protocol mediator")
    if plot is not None:
        output_file(plot, "--plot", suffixes=(".html", ".png", ".htm"))
    s = load_scenario_arg(scenario)
    from accord.scenario.calendar import round_calendar, rounds_until

    calendar = round_calendar(s)
    if until is not None:
        if rounds is not None:
            raise AccordError("--rounds and --until both set the deadline; expected one of them")
        rounds = rounds_until(s, until, "--until")
    rounds = 100 if rounds is None else rounds
    space = OutcomeSpace.from_scenario(s, levels=levels)
    by_party = "PARTY=VALUE"
    sim = simulate(space, parse_assignments(strategies or [], "--strategies", by_party),
                   rounds=rounds, seed=seed, protocol=protocol, interventions=intervene or [],
                   discount=parse_float_assignments(discount or [], "--discount", by_party) or None,
                   reservation=parse_float_assignments(reservation or [], "--reservation",
                                                       by_party) or None,
                   default_strategy=default, scenario_id=s.id,
                   start=parse_assignments(start, "--start", "ISSUE=OPTION") if start else None)
    if plot is not None:
        from accord.simulate.plot import write_plot

        write_plot(sim, plot, title=f"{s.title}: utility by round ({protocol})")
    data = sim.to_dict()
    from accord.record import run_record

    data["run"] = run_record("simulate", s, seed=seed, params={
        "protocol": protocol, "rounds": rounds, "until": until, "strategies": data["strategies"],
        "interventions": data["interventions"], "reservation": data["reservation"],
        "discount": data["discount"], "start": parse_assignments(start, "--start",
                                                                 "ISSUE=OPTION") if start else None,
        "levels": levels})
    if calendar is not None:
        data["calendar"] = calendar_record(calendar, data)
    if format == TableOrJson.json:
        emit_json(data)
        return
    _render(s, sim, data, plot)


def calendar_record(calendar, data) -> dict:
    """The run's rounds on the calendar (accord.scenario.calendar): when the deadline and the
    agreement fall, and whether they are past the horizon or a hard deadline."""
    last = calendar.date_of(data["rounds"])
    agreed = calendar.date_of(data["rounds_played"]) if data["agreement"] is not None else None
    return {"start": str(calendar.start), "round_days": calendar.round_days,
            "horizon": str(calendar.horizon), "end": str(calendar.end),
            "end_label": calendar.end_label,
            "rounds_before_end": calendar.rounds_before_end,
            "hard_deadlines": [{"date": str(d), "label": label,
                                "after_round": calendar.rounds_by(d)}
                               for d, label in calendar.hard_deadlines],
            "deadline_date": None if last is None else str(last),
            "deadline_late": calendar.late(last),
            "agreement_date": None if agreed is None else str(agreed),
            "agreement_late": None if data["agreement"] is None else calendar.late(agreed)}


def _render(s, sim, data, plot) -> None:
    sp = sim.space
    names = [sp.name_of(p) for p in sp.party_ids]
    console.print(title_line(s))
    console.print(f"{data['protocol']} protocol, deadline {data['rounds']} rounds, "
                  f"{sp.n_outcomes:,} possible deals"
                  + (f"; interventions: {', '.join(data['interventions'])}"
                     if data["interventions"] else ""))
    cal = data.get("calendar")
    if cal is not None:
        console.print(f"calendar: round 1 begins {cal['start']}, {cal['round_days']:g} days a "
                      f"round; {cal['rounds_before_end']} rounds fit before "
                      + (f"the horizon {cal['end']}" if cal["end"] == cal["horizon"] else
                         f"the hard deadline {cal['end']} (horizon {cal['horizon']})")
                      + f"; round {data['rounds']} ends "
                      + (cal["deadline_date"] or "after 9999-12-31")
                      + (f" ({cal['deadline_late']})" if cal["deadline_late"] else ""))
    if data.get("red_lines"):
        console.print(styled("[yellow]warning:[/yellow] {}", data["red_lines"]))
    when = ""
    if cal is not None and data["agreement"] is not None:
        when = f" (by {cal['agreement_date'] or 'after 9999-12-31'}" + (
            f", {cal['agreement_late']})" if cal["agreement_late"] else
            f", before {cal['end_label']})")
    elif cal is not None:
        when = f" (by {cal['deadline_date'] or 'after 9999-12-31'})"
    if data["agreement"] is None:
        console.print(styled("[red]No agreement[/red] after {} rounds{}: every party falls back "
                             "on its reservation.", data["rounds_played"], when))
    else:
        # red lines that close an issue leave the offers on the whole space (deal_space_of):
        # the agreement then crosses one, and the line says so beside the warning above
        console.print(styled(
            "[green]Agreement[/green] in round {}{}{}; distance to the Pareto frontier {}, to the "
            "Nash point {}", data["rounds_played"], when,
            ", past a red line" if data.get("red_lines") else "",
            f"{data['distance_to_pareto']:.4f}",
            f"{data['distance_to_nash']:.4f}" if data["distance_to_nash"] is not None
            else "— (no Nash point)"))
    discounted = any(d != 1.0 for d in data["discount"].values())
    t = Table(title="Parties", title_justify="left")
    cols = ["party", "strategy", "reservation", "utility", "margin"]
    if discounted:
        cols += ["δ", "discounted payoff"]
    for col in cols:
        t.add_column(col, justify="left" if col in ("party", "strategy") else "right")
    for k, p in enumerate(sp.party_ids):
        u = data["utilities"][p] if data["utilities"] else None
        r = data["reservation_at_end"][p]
        row = [names[k], data["strategies"][p], f"{r:.3f}",
               "—" if u is None else f"{u:.3f}", "—" if u is None else f"{u - r:+.3f}"]
        if discounted:
            row += [f"{data['discount'][p]:g}", f"{data['discounted_payoff'][p]:.3f}"]
        t.add_row(*row)
    console.print(t)
    if data["agreement"] is not None:
        d = Table(title="The deal", title_justify="left")
        d.add_column("issue", prose=True)
        d.add_column("agreed option", prose=True)
        d.add_column("Nash point", prose=True)
        issue_names = sp.issue_names or sp.issue_ids
        for iname, iid in zip(issue_names, sp.issue_ids):
            d.add_row(iname, data["agreement"][iid],
                      (data["nash"] or {}).get(iid, "—"))
        console.print(d)
    h = Table(title="Utility of the outcome on the table, by round (last 10)",
              title_justify="left")
    h.add_column("round", justify="right")
    for name in names:
        h.add_column(name, justify="right")
    for row in data["history"][-10:]:
        u = row["on_table_utilities"]
        h.add_row(str(row["round"]), *["—" if u is None else f"{u[p]:.3f}" for p in sp.party_ids])
    console.print(h)
    if plot is not None:
        console.print(f"Plot written to {str(plot.resolve())}", soft_wrap=True)
