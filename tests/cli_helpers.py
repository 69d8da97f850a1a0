"""Running the real CLI entry point in-process, as every CLI test does."""

from __future__ import annotations

import pytest

from accord.cli import main


def cli(args: list[str], capsys) -> tuple[int, str, str]:
    """Run ``accord ARGS``; return (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as exc:
        main(args)
    out = capsys.readouterr()
    return exc.value.code, out.out, out.err
