"""What the fuzz tests share: the profiles, the seed files, the mutations and the one check.

Profiles (``ACCORD_FUZZ``): ``ci`` (the default: few examples per test, derandomised so CI is
reproducible, no example database), ``deep`` (thousands of examples per test, random, for a
run by hand: ``ACCORD_FUZZ=deep pytest tests/fuzz``).

**The bound.** Every generated input is read, or refused, within :data:`DEADLINE_MS` (the
profiles' deadline: an input that takes longer fails the test) — generous, because the
machine may be busy; a read takes milliseconds. The known bombs are checked under a memory
limit in ``test_bounds.py``.

**The check** (:func:`read`): loading either gives a scenario, or raises an
:class:`~accord.errors.AccordError` whose message names the file (a file of the folder, for
GENIUS and GeniusWeb) and, for a :class:`~accord.errors.ScenarioError`, carries its file and
— where the format has them and the problem is not the whole file's — a line or a field. Any
other exception is a traceback the CLI would print: the test fails and Hypothesis shrinks the
input to the smallest one that does it.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from shared_data import needs_shared, shared_path

import accord
from accord.errors import AccordError, ScenarioError, ScenarioErrors

DEADLINE_MS = 10_000
settings.register_profile("ci", max_examples=30, deadline=DEADLINE_MS, derandomize=True,
                          database=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow,
                                                 HealthCheck.data_too_large])
settings.register_profile("deep", max_examples=2_000, deadline=DEADLINE_MS,
                          suppress_health_check=[HealthCheck.too_slow,
                                                 HealthCheck.data_too_large])
FUZZ = settings.get_profile(os.environ.get("ACCORD_FUZZ", "ci"))

DATA = shared_path("data")
#: The shared files the seeds come from (tests using them carry this mark).
NEEDS_SEEDS = needs_shared("data/eum/EC_emissions_BDM1994.csv", "data/ktab/SOE-Pol-Comp.csv",
                           "data/ktab/dummyData_3Dim.xml", "data/decide/cop21.csv",
                           "data/genius/anac2010/ItexvsCypress", "data/genius/geniusweb/Party")

#: name → the seed file (or folder) the mutations start from; one per format.
SEEDS = {
    "scenario.yaml": None,  # the EC case as Accord writes it (no shared file needed)
    "simple.csv": DATA / "eum" / "EC_emissions_BDM1994.csv",
    "ktab.csv": DATA / "ktab" / "SOE-Pol-Comp.csv",
    "ktab.xml": DATA / "ktab" / "dummyData_3Dim.xml",
    "decide.csv": DATA / "decide" / "cop21.csv",
    "genius": DATA / "genius" / "anac2010" / "ItexvsCypress",
    "geniusweb": DATA / "genius" / "geniusweb" / "Party",
}

# Problems that concern the whole file, so no line or field can be given.
WHOLE_FILE = re.compile(
    r"is a directory|cannot be read|larger than|nested too deeply|nested more than|"
    r"stands for more than|expand this document|cannot tell which scenario format|the file is "
    r"empty|not valid .* text|byte-order mark|no GENIUS|GENIUS domain files|is a GENIUS profile|"
    r"is a GeniusWeb domain|no GeniusWeb|not valid JSON|top-level|no stances|domain differs|"
    r"no <issue>|the root element|no element|belongs to|not well-formed")


def seed_files(name: str, into: Path) -> Path:
    """Copy the seed ``name`` into ``into``; the path to read (a file, or a folder)."""
    source = SEEDS[name]
    if source is None:
        from accord.scenario.io.yaml import scenario_to_yaml_text

        target = into / name
        target.write_text(scenario_to_yaml_text(accord.load("ec-emissions-1994")),
                          encoding="utf-8")
        return target
    if source.is_dir():
        target = into / name
        shutil.copytree(source, target)
        return target
    target = into / name
    shutil.copyfile(source, target)
    return target


def files_of(target: Path) -> list[Path]:
    return sorted(p for p in target.iterdir() if p.is_file()) if target.is_dir() else [target]


def read(target: Path):
    """The scenario, or the checked AccordError (see the module docstring)."""
    try:
        return accord.load(str(target))
    except AccordError as exc:
        check_message(exc, target)
        return exc


def check_message(exc: AccordError, target: Path) -> None:
    text = str(exc)
    names = {target.name, *(p.name for p in files_of(target))} if target.exists() else \
        {target.name}
    assert any(n in text for n in names), f"the message names no file: {text}"
    errors = exc.errors if isinstance(exc, ScenarioErrors) else \
        [exc] if isinstance(exc, ScenarioError) else []
    for err in errors:
        assert err.file, f"a ScenarioError without its file: {text}"
        located = err.line is not None or err.field or WHOLE_FILE.search(err.message)
        assert located, f"neither line nor field: {err.format()}"


# --- mutations ----------------------------------------------------------------------------------

NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?![\w.])")
ODD_NUMBERS = ["nan", "NaN", "inf", "-inf", "Infinity", "1e309", "-1e309", "1e16", "-0", "",
               "abc", "1_0", "0x10", "1e-320", "99999999999999999999999", " ", "½", "١٢",
               "-1", "0", "1e15", "1,5", "\"", "'", "&", "<", "[", "{"]
ODD_TEXT = ["\x1b[31m", "\x00", "\ufeff", "[/x]", "[link=https://evil.example]x[/link]", "&amp;",
            "&x;", "<![CDATA[", "]]>", "\r", "\t", "\u202e", "'", "\"", ",", ";", "#", "\\",
            "*a", "&a ", "{{", "}}", "%", "\n\n", "é", "日本", "\U0001F600", " " * 50, "a" * 300]


@st.composite
def mutated(draw, text: str) -> str:
    """``text`` with one to three edits that keep most of its structure."""
    for _ in range(draw(st.integers(1, 3))):
        lines = text.split("\n")
        kind = draw(st.sampled_from(["number", "number", "insert", "delete_line", "dup_line",
                                     "swap_lines", "truncate", "replace_char"]))
        if kind == "number" and NUMBER.search(text):
            spots = list(NUMBER.finditer(text))
            m = spots[draw(st.integers(0, len(spots) - 1))]
            new = draw(st.sampled_from(ODD_NUMBERS) | st.floats().map(repr) |
                       st.integers(-10**30, 10**30).map(str))
            text = text[:m.start()] + new + text[m.end():]
        elif kind == "insert":
            at = draw(st.integers(0, len(text)))
            new = draw(st.sampled_from(ODD_TEXT) | st.text(max_size=20))
            text = text[:at] + new + text[at:]
        elif kind == "delete_line" and len(lines) > 1:
            del lines[draw(st.integers(0, len(lines) - 1))]
            text = "\n".join(lines)
        elif kind == "dup_line":
            k = draw(st.integers(0, len(lines) - 1))
            lines.insert(k, lines[k])
            text = "\n".join(lines)
        elif kind == "swap_lines" and len(lines) > 1:
            a, b = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[a], lines[b] = lines[b], lines[a]
            text = "\n".join(lines)
        elif kind == "truncate":
            text = text[:draw(st.integers(0, len(text)))]
        elif kind == "replace_char" and text:
            at = draw(st.integers(0, len(text) - 1))
            text = text[:at] + draw(st.sampled_from(list(",;\t\"'<>&[]{}:#\n=") + ["", " "])) + \
                text[at + 1:]
    return text
