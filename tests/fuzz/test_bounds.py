"""The stated bound, enforced: each small input built to exhaust memory or time is refused in a
process limited to :data:`MEMORY` of address space and :data:`CPU_SECONDS` of CPU time, with
exit code 2 and one line naming the file — the reading takes milliseconds, the limits only
catch a regression (before issue 19 these took minutes, gigabytes, or forever)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_inputs import BILLION_LAUGHS, wide_scenario

MEMORY = 1 << 30        # 1 GiB of address space (Python with NumPy starts in ~400 MiB)
CPU_SECONDS = 30


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


def entity_bomb() -> str:
    entities = "".join(f'<!ENTITY l{k} "{("&l" + str(k - 1) + ";") * 10 if k else "lol"}">'
                       for k in range(10))
    return (f'<?xml version="1.0"?>\n<!DOCTYPE Scenario [{entities}]>\n<Scenario><name>&l9;'
            "</name><prngSeed>1</prngSeed></Scenario>\n")


def integer_issue_domain(folder: Path) -> Path:
    folder.mkdir()
    (folder / "domain.xml").write_text(
        '<negotiation_template><utility_space><objective index="0" name="r"><issue index="1" '
        'name="n" type="integer" lowerbound="0" upperbound="100000000"/></objective>'
        "</utility_space></negotiation_template>")
    (folder / "party.xml").write_text(
        '<utility_space><objective index="0" name="r"><issue index="1" name="n" '
        'type="integer" lowerbound="0" upperbound="100000000"><evaluator slope="1" offset="0"/>'
        '</issue><weight index="1" value="1"/></objective></utility_space>')
    return folder


CASES = {  # name → (what to write, the command, what the error says)
    "alias-bomb.yaml": (BILLION_LAUGHS, "validate", "1,000,000"),
    "entity-bomb.xml": (entity_bomb(), "validate", "declares the entity 'l0'"),
    "deep.json": ('{"LinearAdditiveUtilitySpace": ' + "[" * 200_000 + "]" * 200_000 + "}",
                  "validate", "nested too deeply"),
    "deep.yaml": ("id: x\nnotes: " + "[" * 200_000 + "]" * 200_000 + "\n", "validate",
                  "nested too deeply"),
    "field.csv": ("Actor,Capability,Position,Salience\n\"" + "x" * 5_000_000 + "\",1,2,0.5\n",
                  "validate", "field larger than field limit"),
    "wide.yaml": (wide_scenario(40), "deals", "over the 100,000,000 Accord will enumerate"),
    "integer-issue": (None, "validate", "has 100,000,001 values; expected at most 10,000"),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CASES))
def test_a_bomb_is_refused_within_the_bound(tmp_path, name):
    text, command, message = CASES[name]
    target = integer_issue_domain(tmp_path / name) if text is None else tmp_path / name
    if text is not None:
        target.write_text(text)
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    done = subprocess.run([sys.executable, "-m", "accord", command, str(target)],
                          preexec_fn=_limits, capture_output=True, text=True, env=env,
                          timeout=10 * CPU_SECONDS)
    assert done.returncode == 2, done.stderr[-2000:]
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], lines
    named = [target.name, target.stem, *(p.name for p in target.glob("*"))]
    assert any(n in lines[0] for n in named), lines[0]
