"""Running the real CLI entry point in-process, as every CLI test does."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from accord.cli import main


def cli(args: list[str], capsys) -> tuple[int, str, str]:
    """Run ``accord ARGS``; return (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as exc:
        main(args)
    out = capsys.readouterr()
    return exc.value.code, out.out, out.err


def located_error(tmp_path, capsys, text: str, *expected: str) -> str:
    """Write ``text`` to a file, run ``accord validate`` on it and check the one-line located
    error: exit 2, ``error: FILE:LINE: …``, no traceback, every ``expected`` piece in it."""
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, err = cli(["validate", str(path)], capsys)
    assert code == 2, (out, err)
    line = err.strip()
    assert "\n" not in line and "Traceback" not in line
    assert line.startswith(f"error: {path}:"), line
    for piece in expected:
        assert piece in line, (piece, line)
    return line


def modules_after(args: list[str]) -> set[str]:
    """The modules a fresh interpreter has imported once ``accord ARGS`` has run (what a
    command costs at start-up, issue 18)."""
    probe = ("import json, sys\nfrom accord.cli import main\ntry:\n"
             f"    main({list(args)!r})\n"
             "except SystemExit:\n    pass\n"
             "print(json.dumps(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout
    return set(json.loads(out.strip().splitlines()[-1]))
