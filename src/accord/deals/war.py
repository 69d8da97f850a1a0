"""War as the no-deal outcome (placeholder, being written)."""

from __future__ import annotations


def reservation_values(scenario, parties):
    out = {}
    for p in parties:
        out[p] = (0.0, "no outside option stated: 0")
    for o in scenario.outside_options:
        if o.actor in out and o.reservation is not None:
            out[o.actor] = (o.reservation, "stated reservation")
    return out
