"""Command-line interface: a thin layer over :mod:`accord.api`.

Command modules live in ``accord/cli/commands/`` and attach themselves to
:data:`accord.cli.app.app`; they are found automatically. Errors a user can cause
(:class:`~accord.errors.AccordError`) print one line on stderr and exit with code 2.
"""

from __future__ import annotations

import gc
import os
import sys
import types

from accord.errors import AccordError


def _usage_errors() -> tuple[type[Exception], ...]:
    try:  # Typer ≥ 0.20 carries its own copy of click and raises its exceptions, not click's
        from typer._click import exceptions as click_exceptions
    except ImportError:  # pragma: no cover - older Typer, on click itself
        from click import exceptions as click_exceptions
    return (click_exceptions.ClickException,)


class _Package(types.ModuleType):
    """This package, with ``app`` (the Typer application) imported on first use.

    Typer is imported only when the full command line is built: accord.cli.direct runs the
    commonest forms of `accord smp` and `accord forecast` without it (issue 18). ``app`` is a
    property, not a module ``__getattr__``, because importing the submodule ``accord.cli.app``
    binds that name on the package to the submodule; the name has always meant the Typer
    application (it was imported here), so that binding is ignored."""

    @property
    def app(self):
        from accord.cli.app import app

        return app

    @app.setter
    def app(self, value) -> None:
        pass

    @property
    def USAGE_ERRORS(self) -> tuple[type[Exception], ...]:  # noqa: N802 - a constant's name
        return _usage_errors()


sys.modules[__name__].__class__ = _Package


#: The module of ``accord/cli/commands/`` that defines each of the core commands. Running one
#: of them imports and builds only that module's commands: the other modules took some 15 ms
#: to import and 10 ms to build into the command line, for nothing (issue 18). Only modules
#: with several commands may be listed: Typer makes an app of one command that command itself,
#: so `accord smp --help` with smp.py alone would read "smp" as its scenario.
COMMAND_MODULES = {"forecast": "core", "scenarios": "core", "show": "core", "validate": "core"}


def _load_commands(only: str | None = None) -> None:
    """Import the command modules (each attaches its commands to the app): all of them, or
    the one named ``only``."""
    import importlib
    import pkgutil

    import accord.cli.commands as pkg

    names = [only] if only else [info.name for info in pkgutil.iter_modules(pkg.__path__)]
    for name in names:
        importlib.import_module(f"{pkg.__name__}.{name}")


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


#: Commands that only read and print. When one of them runs as its own process, the process
#: ends with ``os._exit`` once its output is flushed: tearing down the interpreter (some 500
#: modules, pydantic's and NumPy's objects) took about 0.12 s of `accord forecast`'s 0.75 s
#: of CPU (issue 18), and such a command has nothing left to write, close or clean up.
READ_ONLY_COMMANDS = frozenset({"forecast", "smp", "scenarios", "show", "validate"})


def _exit(code: int, fast: bool) -> None:
    """End the command with exit status ``code``: ``sys.exit``, or for a read-only command in a
    process of its own, flush stdout and stderr and ``os._exit`` (same status). A flush that
    fails (a closed pipe) leaves the exit to the interpreter, as before."""
    if fast and isinstance(code, int):
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except Exception:  # noqa: BLE001 - whatever it is, the ordinary exit reports it
            sys.exit(code)
        os._exit(code)
    sys.exit(code)


def one_blas_thread() -> None:
    """Give NumPy's OpenBLAS one thread, unless the user chose otherwise (one of the variables
    OpenBLAS reads for it set: ``OPENBLAS_NUM_THREADS``, ``GOTO_NUM_THREADS`` or
    ``OMP_NUM_THREADS``, the last two honoured by OpenBLAS when the first is unset) or NumPy is
    imported already (its thread pool is made at its import, from those variables).

    OpenBLAS starts a thread per core when NumPy is imported. Accord's matrices are small (the
    largest products are an actor × actor matrix times positions, in SMP), too small for
    OpenBLAS to split, and its parallel work runs in processes (ensemble workers, which inherit
    the setting rather than each starting a pool of their own). Starting the pool cost more
    than it ever gave: on the 2-core test machine under load, `python -c 'import numpy'` took
    0.131 s wall (0.100 s CPU) with it and 0.096 s (0.050 s CPU) without; `accord forecast
    cop21.csv --model exchange --format json` 0.282 s (0.200 s CPU) against 0.209 s (0.150 s),
    `accord smp` on KTAB's SOE-Pol-Comp 0.297 s against 0.239 s and on a160 0.855 s against
    0.808 s (issue 18). Only the console entry point calls this: importing Accord as a library
    leaves the environment alone.
    """
    if "numpy" not in sys.modules and not any(
            name in os.environ for name in BLAS_THREAD_VARIABLES):
        os.environ["OPENBLAS_NUM_THREADS"] = "1"


#: What OpenBLAS reads for its number of threads, first found first (OpenBLAS's
#: ``driver/others/openblas_env.c`` and ``blas_get_cpu_number``, pthreads builds as NumPy's
#: wheels): a user's ``OMP_NUM_THREADS=4`` gives NumPy four threads, and Accord keeps it so.
BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS")


def main(argv: list[str] | None = None) -> None:
    """Run ``accord`` with ``argv`` (default: the process's own arguments) and exit.

    Called without ``argv`` it is the console entry point and owns the process: a read-only
    command (:data:`READ_ONLY_COMMANDS`) then skips the interpreter's teardown. Called with a
    list (tests, scripts running commands in-process), it always raises ``SystemExit``.
    """
    if argv is None:  # the process is the command's own: before anything imports NumPy
        one_blas_thread()
    from accord.cli.common import reset_consoles

    reset_consoles()
    args = sys.argv[1:] if argv is None else list(argv)
    fast = argv is None and bool(args) and args[0] in READ_ONLY_COMMANDS
    if fast:
        # `accord forecast` spent 65–95 ms of CPU in 147 cyclic collections (measured with
        # gc.callbacks), freeing almost nothing: what it makes (modules, pydantic's schemas, the
        # forecast's JSON) lives until the process ends. With collections after 100,000 net new
        # objects instead of 700 it makes none; a longer run is still collected, memory bounded.
        gc.set_threshold(100_000, 10, 10)
    if args[:1] == ["scenarios"]:
        from accord.cli.commands.core import scenarios_fast_path

        if scenarios_fast_path(args[1:]):
            _exit(0, fast)
    # Without Typer when it can be (accord.cli.direct); the same exits as Typer's below for
    # what can go wrong while a command runs: an interrupt (130, silent), end of input
    # ("aborted"), a closed pipe (1).
    try:
        from accord.cli.direct import run_direct

        ran, rv = run_direct(args)
    except AccordError as exc:
        sys.stderr.write(f"error: {_one_line(exc)}\n")
        _exit(exc.exit_code, fast)
    except KeyboardInterrupt:
        _exit(130, fast)
    except EOFError:
        sys.stderr.write("\naborted\n")
        _exit(130, fast)
    except OSError as exc:
        import errno

        if exc.errno != errno.EPIPE:
            raise
        from typer._click.utils import PacifyFlushWrapper

        sys.stdout = PacifyFlushWrapper(sys.stdout)
        sys.stderr = PacifyFlushWrapper(sys.stderr)
        sys.exit(1)
    if ran:
        _exit(rv if isinstance(rv, int) else 0, fast)
    import typer

    from accord.cli.app import app

    _load_commands(COMMAND_MODULES.get(args[0]) if args else None)
    command = typer.main.get_command(app)
    from accord.cli.help import fill

    fill(command, args)
    try:
        rv = command.main(args=args, prog_name="accord", standalone_mode=False)
    except AccordError as exc:
        sys.stderr.write(f"error: {_one_line(exc)}\n")
        _exit(exc.exit_code, fast)
    except typer.Abort:
        sys.stderr.write("aborted\n")
        _exit(130, fast)
    except typer.Exit as exc:
        _exit(exc.exit_code, fast)
    except _usage_errors() as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # `accord` alone: the help, not an error
            sys.stderr.write(exc.format_message() if hasattr(exc, "format_message") else "")
            _exit(0, fast)
        sys.stderr.write(f"error: {_one_line(exc.format_message())}\n")
        _exit(2, fast)
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        _exit(130, fast)
    _exit(rv if isinstance(rv, int) else 0, fast)


__all__ = ["app", "main"]  # noqa: F822 (app: see __getattr__)
