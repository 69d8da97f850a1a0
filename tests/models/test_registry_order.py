"""The registry's order (available_models, hence a default forecast's models) does not depend
on which model a process asked for first: get_model may import the module of a model's name
alone (issue 18), but discovery then puts its models where a discovery from scratch does."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json
from accord.models.base import available_models, default_models, get_model, registered_model
first = [get_model(n).name for n in {names!r}]
same = all(registered_model(n) is get_model(n) for n in {names!r})
print(json.dumps([first, same, [m.name for m in available_models()],
                  [m.name for m in default_models()]]))
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
