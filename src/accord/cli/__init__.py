"""Command-line interface: a thin layer over :mod:`accord.api`.

Command modules live in ``accord/cli/commands/`` and attach themselves to
:data:`accord.cli.app.app`; they are found automatically. Errors a user can cause
(:class:`~accord.errors.AccordError`) print one line on stderr and exit with code 2.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import typer

from accord.cli.app import app
from accord.errors import AccordError

try:  # Typer ≥ 0.20 carries its own copy of click and raises its exceptions, not click's
    from typer._click import exceptions as click_exceptions
except ImportError:  # pragma: no cover - older Typer, on click itself
    from click import exceptions as click_exceptions

USAGE_ERRORS: tuple[type[Exception], ...] = (click_exceptions.ClickException,)


def _load_commands() -> None:
    import accord.cli.commands as pkg

    for info in pkgutil.iter_modules(pkg.__path__):
        importlib.import_module(f"{pkg.__name__}.{info.name}")


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def main(argv: list[str] | None = None) -> None:
    from accord.cli.common import reset_consoles

    reset_consoles()
    args = sys.argv[1:] if argv is None else list(argv)
    if args[:1] == ["scenarios"]:
        from accord.cli.commands.core import scenarios_fast_path

        if scenarios_fast_path(args[1:]):
            sys.exit(0)
    _load_commands()
    command = typer.main.get_command(app)
    from accord.cli.help import fill

    fill(command, args)
    try:
        rv = command.main(args=args, prog_name="accord", standalone_mode=False)
    except AccordError as exc:
        sys.stderr.write(f"error: {_one_line(exc)}\n")
        sys.exit(exc.exit_code)
    except typer.Abort:
        sys.stderr.write("aborted\n")
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except USAGE_ERRORS as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # `accord` alone: the help, not an error
            sys.stderr.write(exc.format_message() if hasattr(exc, "format_message") else "")
            sys.exit(0)
        sys.stderr.write(f"error: {_one_line(exc.format_message())}\n")
        sys.exit(2)
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(130)
    sys.exit(rv if isinstance(rv, int) else 0)


__all__ = ["app", "main"]
