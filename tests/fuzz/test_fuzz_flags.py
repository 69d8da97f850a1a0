"""Fuzzing the CLI's flags: any value of any flag gives a result (exit 0) or one line that
starts with "error:" (exit 2) — never a traceback, never a silently replaced value.

Values that are valid but would make a run long (a million variants, ten thousand rounds) are
not drawn: the point is what a wrong value does. Every run is on the EC case (ten actors, one
issue), so each example takes a fraction of a second."""

from __future__ import annotations

import tempfile

from cli_helpers import cli
from fuzzing import FUZZ
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EC = "ec-emissions-1994"
WEIRD = st.sampled_from(["", " ", "nan", "inf", "-inf", "-1", "0", "1e309", "abc", "1,2",
                         "=", "==", "x=", "=1", ":", "[", "]", "{}", "'", "\"", "\x00", "é",
                         "99999999999999999999999", "-99999999999999999999999", "0.5", "1e-320",
                         "True", "None", "[1, 2]", "(1,)", "{'a': 1}"])
SMALL_INT = st.integers(-5, 60).map(str)
HUGE_INT = st.sampled_from(["1000000001", "99999999999999999999", "-99999999999999999999"])
ANY_INT = SMALL_INT | HUGE_INT | WEIRD
PARTY = st.sampled_from(["UK", "France", "Germany", "nobody", "", "UK,France"])
NUMBER = st.floats(allow_nan=True, allow_infinity=True).map(repr) | WEIRD
ASSIGN = st.builds(lambda k, v: f"{k}={v}", PARTY, NUMBER) | WEIRD
MODEL = st.sampled_from(["compromise", "median", "nash", "eum", "exchange", "smp", "nonsense"])
PARAM = st.builds(lambda m, n, v: f"{m}.{n}={v}", MODEL,
                  st.sampled_from(["rounds", "q", "iterations", "variant", "tolerance",
                                   "loss_exponent", "max_turns", "seed", "nothing"]),
                  NUMBER | ANY_INT | st.sampled_from(["equal-gain", "random", "first"])) | WEIRD

COMMANDS = {
    "forecast": {"--seed": ANY_INT, "-p": PARAM, "-m": MODEL, "-f": st.sampled_from(
        ["table", "json", "csv", "xml"])},
    "ensemble": {"-n": st.integers(-3, 300).map(str) | HUGE_INT | WEIRD, "--seed": ANY_INT,
                 "--chunk-size": st.integers(-3, 300).map(str) | WEIRD,
                 "--workers": st.integers(-2, 3).map(str) | WEIRD, "-p": PARAM,
                 "-m": MODEL},
    "sensitivity": {"--sobol-n": st.integers(-3, 64).map(str) | HUGE_INT | WEIRD,
                    "--top": ANY_INT, "--seed": ANY_INT, "-m": MODEL},
    "simulate": {"--rounds": st.integers(-3, 60).map(str) | HUGE_INT | WEIRD,
                 "--seed": ANY_INT, "--levels": ANY_INT, "--reservation": ASSIGN,
                 "--discount": ASSIGN, "--intervene": st.builds(
                     lambda r, p, v: f"{r}:{p}.reservation={v}", SMALL_INT, PARTY, NUMBER) | WEIRD,
                 "--protocol": st.sampled_from(["alternating", "mediator", "x"]),
                 "--default-strategy": st.sampled_from(["linear", "boulware", "x"])},
    "deals": {"--power": ASSIGN, "--reservation": ASSIGN, "--levels": ANY_INT,
              "--trades": ANY_INT, "--disagreement": st.sampled_from(["reservation", "floor",
                                                                       "x"]),
              "--fallback": st.sampled_from(["stated", "fearon", "attrition", "x"])},
    "explain": {"-r": ANY_INT, "-m": MODEL, "-i": st.sampled_from(["emissions", "x"]),
                "-p": PARAM},
    "trades": {"-n": ANY_INT, "--seed": ANY_INT, "-m": st.sampled_from(
        ["equal-gain", "random-rate", "x"])},
}


@st.composite
def invocations(draw) -> list[str]:
    command = draw(st.sampled_from(sorted(COMMANDS)))
    flags = COMMANDS[command]
    chosen = draw(st.lists(st.sampled_from(sorted(flags)), max_size=3, unique=True))
    args = [command, EC]
    for flag in chosen:
        args += [flag, draw(flags[flag])]
    if command == "ensemble":
        args += ["--executor", "inline"]
    return args


# capsys is read (and so emptied) after every run: sharing it between examples is safe
@settings(FUZZ, suppress_health_check=[*FUZZ.suppress_health_check,
                                       HealthCheck.function_scoped_fixture])
@given(args=invocations())
def test_any_flag_value_gives_a_result_or_one_error_line(args, capsys):
    extra = []
    with tempfile.TemporaryDirectory() as out:
        if args[0] == "ensemble":
            extra = ["--out", out]
        code, stdout, stderr = cli([*args, *extra], capsys)
    assert code in (0, 2), (args, code, stderr)
    assert "Traceback" not in stderr and "Traceback" not in stdout
    if code == 2:
        lines = stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), (args, stderr)
