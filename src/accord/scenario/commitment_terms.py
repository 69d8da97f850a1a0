"""Every commitment a scenario states, found without pydantic.

:func:`scenario_commitments` reads a scenario's fields only, so the ensemble's inputs of a
scenario read without the model (a decide file's light stand-in, :mod:`accord.scenario.io.
decide_read`) are listed without importing it (issue 18); :mod:`accord.scenario.commitments`
defines the commitments themselves.
"""

from __future__ import annotations


def scenario_commitments(scenario):
    """Every commitment of a scenario as ``(path, issue, option id or None, Commitment)``."""
    out = []
    for n, issue in enumerate(scenario.issues):
        if issue.commitment is not None:
            out.append((f"issues[{n}].commitment", issue, None, issue.commitment))
        for k, opt in enumerate(issue.options):
            if opt.commitment is not None:
                out.append((f"issues[{n}].options[{k}].commitment", issue, opt.id, opt.commitment))
    if scenario.deal_space is not None:
        ids = {i.id: i for i in scenario.issues}
        for n, di in enumerate(scenario.deal_space.issues):
            for k, opt in enumerate(di.options):
                if opt.commitment is not None and di.issue in ids:
                    out.append((f"deal_space.issues[{n}].options[{k}].commitment",
                                ids[di.issue], opt.id, opt.commitment))
    return out
