"""The Typer application object every command module attaches to.

Help is click's plain formatter (``rich_markup_mode=None``): Typer's rich help imports rich's
Markdown renderer and its parser on every ``--help``, about a third of the start-up, and plain
text is what a pipe wants anyway. Sub-apps use :func:`sub_app` to get the same.
"""

import typer

#: No rich help panels (see the module docstring).
MARKUP = None


def sub_app(**kwargs) -> typer.Typer:
    """A Typer group for ``app.add_typer`` with the same plain help as the main app."""
    return typer.Typer(rich_markup_mode=MARKUP, **kwargs)


app = typer.Typer(
    rich_markup_mode=MARKUP,
    name="accord",
    help="Accord: understand a negotiation — scenarios with evidence, forecasts, deals, "
         "simulations and their uncertainty.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
