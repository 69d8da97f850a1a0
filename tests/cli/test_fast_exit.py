"""Read-only commands end their process with ``os._exit`` (accord.cli.READ_ONLY_COMMANDS, issue
18): what they print must still arrive whole through a pipe, with the exit status they had.

Each command runs as its own process (``python -c "from accord.cli import main; main()"``, what
the console script does) and is compared with the same command in a fresh process through
``main(ARGS)``, which never takes the fast exit. (Not with the command run in this process: the
model registry lists models in the order their modules were first imported, and the test
modules import them in another order.)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from accord.cli import READ_ONLY_COMMANDS

# An exit hook that prints a marker: present when the interpreter exits as usual, absent when
# the process ends with os._exit.
ENTRY = ("import atexit, sys; atexit.register(lambda: sys.stderr.write('[interpreter exit]'));"
         " from accord.cli import main; main()")


# The same command through main(ARGS), as tests and scripts call it: the ordinary exit.
REFERENCE = ("import atexit, sys; atexit.register(lambda: sys.stderr.write('[interpreter exit]'));"
             " from accord.cli import main; main(sys.argv[1:])")


def run(args: list[str], tmp_path, entry: str = ENTRY) -> subprocess.CompletedProcess:
    env = {**os.environ, "ACCORD_CACHE_DIR": str(tmp_path / "cache")}
    return subprocess.run([sys.executable, "-c", entry, *args], capture_output=True, text=True,
                          env=env, timeout=120)


def reference(args: list[str], tmp_path) -> tuple[int, str, str]:
    """Exit status, stdout and stderr of the command with the interpreter's own exit."""
    proc = run(args, tmp_path, REFERENCE)
    assert proc.stderr.endswith("[interpreter exit]")
    return proc.returncode, proc.stdout, proc.stderr.removesuffix("[interpreter exit]")


@pytest.mark.parametrize("args", [["forecast", "--format", "json"], ["forecast"],
                                  ["show", "ec-emissions-1994", "--format", "json"],
                                  ["scenarios", "--format", "json"], ["smp", "ec-emissions-1994"]])
def test_piped_output_is_complete(args, tmp_path):
    proc = run(args, tmp_path)
    code, out, err = reference(args, tmp_path)
    assert (proc.returncode, code) == (0, 0), proc.stderr
    assert proc.stdout == out
    assert "[interpreter exit]" not in proc.stderr           # the fast exit was taken
    if "json" in args:
        json.loads(proc.stdout)                             # the last byte arrived too
    assert proc.stdout.strip()


def test_a_long_output_through_a_slow_reader_is_complete(tmp_path):
    """The JSON of every model's forecast (megabytes, many times a pipe's buffer) read in small
    pieces: flushing blocks until the reader has it all, then the process ends."""
    env = {**os.environ, "ACCORD_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.Popen([sys.executable, "-c", ENTRY, "forecast", "--format", "json"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    chunks = []
    while piece := proc.stdout.read(4096):
        chunks.append(piece)
    assert proc.wait(timeout=120) == 0
    _, out, _ = reference(["forecast", "--format", "json"], tmp_path)
    assert b"".join(chunks).decode("utf-8") == out


@pytest.mark.parametrize("args,status", [
    (["validate", "NO_SUCH_FILE.yaml"], 2),                   # a user error: one line, exit 2
    (["forecast", "--model", "bdm"], 2),                      # an unknown model
    (["forecast", "--seed", "-1"], 2),                        # a usage error
    (["show", "--help"], 0),
])
def test_exit_status_is_kept(args, status, tmp_path):
    proc = run(args, tmp_path)
    code, out, err = reference(args, tmp_path)
    assert proc.returncode == code == status
    assert proc.stdout == out
    assert proc.stderr.replace("[interpreter exit]", "") == err
    assert "[interpreter exit]" not in proc.stderr


def test_other_commands_exit_as_usual(tmp_path):
    """Only the read-only commands take the fast exit: `trades` (and anything that may write a
    file, such as `ensemble` or `report`) leaves through the interpreter's own exit."""
    assert "trades" not in READ_ONLY_COMMANDS and "ensemble" not in READ_ONLY_COMMANDS
    proc = run(["trades", "ec-emissions-1994", "--top", "2"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.endswith("[interpreter exit]")


def test_in_process_calls_always_raise_systemexit(capsys):
    """main(args) with a list is how tests and scripts run commands: never os._exit there."""
    with pytest.raises(SystemExit) as exc:
        from accord.cli import main

        main(["scenarios", "--format", "json"])
    assert exc.value.code == 0
    assert json.loads(capsys.readouterr().out)


def test_read_only_commands_collect_rarely_others_as_usual(tmp_path):
    """The process of a read-only command raises the first GC threshold (700 by default) to
    100,000; any other command, and main() called in-process, leaves it alone."""
    # os._exit replaced by sys.exit, so that the exit hook reports the threshold in both cases
    probe = ("import atexit, gc, os, sys; atexit.register(lambda: sys.stderr.write("
             "'threshold=%d' % gc.get_threshold()[0])); os._exit = sys.exit; "
             "from accord.cli import main; main()")
    env = {**os.environ, "ACCORD_CACHE_DIR": str(tmp_path / "cache")}
    fast = subprocess.run([sys.executable, "-c", probe, "scenarios"], capture_output=True,
                          text=True, env=env, timeout=120)
    usual = subprocess.run([sys.executable, "-c", probe, "trades", "ec-emissions-1994"],
                           capture_output=True, text=True, env=env, timeout=120)
    assert fast.stderr.endswith("threshold=100000"), fast.stderr
    assert usual.stderr.endswith("threshold=700"), usual.stderr
