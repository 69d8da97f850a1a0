"""The registry's order (available_models, hence a default forecast's models) does not depend
on which model a process asked for first: get_model may import the module of a model's name
alone (issue 18), but discovery then puts its models where a discovery from scratch does."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json
from accord.models.base import available_models, default_models, get_model
specs = [get_model(n) for n in {names!r}]
order, default = [m.name for m in available_models()], [m.name for m in default_models()]
# the spec handed out before discovery is the one the registry holds after it
same = all(s is get_model(s.name) and s in available_models() for s in specs)
print(json.dumps([[s.name for s in specs], same, order, default]))
"""


def _run(names):
    out = subprocess.run([sys.executable, "-c", PROBE.format(names=names)], capture_output=True,
                         text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_asking_for_one_model_first_leaves_the_order_as_it_is():
    _, _, fresh, fresh_default = _run([])
    for names in (["exchange"], ["smp", "median"], ["nash", "veto_players"], ["recommended", "eum"]):
        first, same, order, default = _run(names)
        assert first == names and same
        assert order == fresh and default == fresh_default, names


IMPORT_FIRST = """
import json
import {module}
from accord.models.base import available_models
print(json.dumps([m.name for m in available_models()]))
"""


def test_importing_a_model_module_first_leaves_the_order_as_it_is():
    # The back-test imports accord.models.recommended (which imports the models it combines)
    # before anything asks the registry; the recommended model then came first. The order by
    # hand: the modules of accord.models as discovered (alphabetically), each module's models
    # in the order it registers them — compromise.py (compromise, median), eum, exchange/,
    # nash, recommended, smp, status_quo.py (veto_players, agenda_setter, compromise_sq).
    expected = ["compromise", "median", "eum", "exchange", "nash", "recommended", "smp",
                "veto_players", "agenda_setter", "compromise_sq"]
    for module in ("accord", "accord.models.recommended", "accord.validity",
                   "accord.models.status_quo", "accord.models.smp"):
        out = subprocess.run([sys.executable, "-c", IMPORT_FIRST.format(module=module)],
                             capture_output=True, text=True, check=True).stdout
        assert json.loads(out.strip().splitlines()[-1]) == expected, module
