"""Packages that are also the function they are named after: ``accord.deals(scenario)``.

The public API (``accord/__init__``) offers ``accord.deals``, ``accord.simulate``,
``accord.ensemble`` and ``accord.evidence`` as functions, but those names are also Accord's
subpackages, and importing a submodule (``import accord.deals.space``) sets the package as the
attribute ``accord.deals``, replacing any function of that name. So the package itself is made
callable: calling it calls one function of its own layer, imported on first call.
"""

from __future__ import annotations

import importlib
import sys
import types


def make_callable(package: str, target: str) -> None:
    """Make the package ``package`` callable as ``target``: ``"module:function"`` (a module of
    the package, imported on first call) or ``"function"`` (defined in the package itself).

    >>> import accord.deals
    >>> accord.deals("ec-emissions-1994").to_dict()["n_outcomes"]
    3
    """
    module_name, _, function = target.rpartition(":")
    where = f"{package}.{module_name}" if module_name else package

    class CallablePackage(types.ModuleType):
        def __call__(self, *args, **kwargs):
            return getattr(importlib.import_module(where), function)(*args, **kwargs)

    CallablePackage.__call__.__doc__ = f"Call :func:`{where}.{function}`."
    sys.modules[package].__class__ = CallablePackage
