"""Accord's version, in a module of its own so that any layer can read it without importing the
package's public API (``accord/__init__`` loads lazily; importing it for ``__version__`` from
inside the package would find it half-initialised)."""

__version__ = "0.1.0"
