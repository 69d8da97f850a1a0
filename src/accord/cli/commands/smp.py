"""``accord smp``: run KTAB's Spatial Model of Politics on a scenario, with KTAB's log if wanted."""

from __future__ import annotations

from typing import Optional

import typer

from accord.cli.app import app
from accord.cli.direct import SMP_SEED_RANGE, SmpOutput, smp
from accord.cli.direct import smp_params_from_cli  # noqa: F401 (imported from here)


@app.command("smp")
def smp_cmd(
    scenario: str = typer.Argument(..., help="built-in id or scenario file (KTAB CSV/XML, "
                                   "YAML, decide CSV, simple CSV)", metavar="SCENARIO"),
    seed: Optional[int] = typer.Option(None, "--seed", min=SMP_SEED_RANGE[0],
                                       max=SMP_SEED_RANGE[1],
                                       help="KTAB PRNG seed (default: the XML's "
                                       "prngSeed, else KTAB's 15455440707583219804)"),
    param: list[str] = typer.Option(None, "--param", "-p",
                                    help="NAME=VALUE, KTAB's name (VotingRule=PropCbc) or "
                                         "Accord's (voting_rule=PropCbc); repeatable. "
                                         "{smp_params}", metavar="NAME=VALUE"),
    format: SmpOutput = typer.Option(SmpOutput.table, "--format", "-f",
                                     help="table (to read), json (every state, for programs) "
                                     "or log (KTAB's own log format, line for line)"),
    replay: Optional[str] = typer.Option(None, "--replay-log", help="a KTAB log of this scenario: "
                                         "replay the thread order it records (bargain queues, "
                                         "order of random draws)"),
) -> None:
    """Run KTAB's SMP: positions and winning probabilities at every state, KTAB's stopping rule."""
    smp(scenario, seed, param or [], format, replay)
