"""Every registered model against the contract of :mod:`accord.models.checks`.

Determinism, seeds that matter, batch == loop over every parameter variant, independent
streams per batch variant, actor order (or the weaker property of order-dependent models),
scale invariance where the theory promises it, bystanders, no input mutation, pickling, NaN
refused, and the oracle named on each ModelSpec. Known failures are declared on the spec with
their reason and run as strict xfails. A new model is held to all of it for free.
"""

from __future__ import annotations

from accord.models.checks import parametrize_with_checks


@parametrize_with_checks()
def test_conformance(spec, check):
    check(spec)
