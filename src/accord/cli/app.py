"""The Typer application object every command module attaches to."""

import typer

app = typer.Typer(
    name="accord",
    help="Accord: understand a negotiation — scenarios with evidence, forecasts, deals, "
         "simulations and their uncertainty.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
