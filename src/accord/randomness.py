"""One randomness convention for all of Accord: every draw comes from a stream of one seed.

Models, deal solvers, simulations and ensembles draw random numbers only from NumPy
:class:`~numpy.random.Generator` streams made here, derived from the one seed a user gives
(``--seed``, ``seed=``; a non-negative integer, 0 by default, recorded in every run record).
Nothing draws from NumPy's global state or from the operating system's entropy, so the same
inputs and seed give the same output, on one process or many. ``docs/randomness.md`` states
the rules; in short:

1. **Streams by key.** An independent part of a computation gets its own stream,
   :func:`stream` ``(seed, *key)``. A *name* in the key (a model in a forecast) extends the
   seed's entropy, so adding a model never changes another model's stream; *numbers* (chunk k
   of an ensemble, and inside it 0 for the input draws and 1 for the model) are a spawn key, so
   ``stream(seed, k)`` is exactly the k-th child of ``SeedSequence(seed).spawn(...)``.
   :func:`derived_seed` gives the same derivation as an integer, for functions that take a seed.
2. **Functions take the stream.** A computing function takes ``rng`` — a Generator, or anything
   :func:`as_rng` accepts — and draws only from it; ``rng=None`` means the stream of seed 0.
3. **One stream per batch member.** Member b of a batched call (B variants of a scenario in one
   array) draws from its own stream, :func:`member_streams` ``(rng, B)[b]`` — the b-th child of
   the call's stream — never from a generator shared with the other members. A member's result
   therefore depends only on its own inputs and stream, and a batch gives exactly what a loop
   gives: ``run(batch, rng)[b] == run(batch[b], member_streams(rng, B)[b])`` (the conformance
   checks, :mod:`accord.models.checks`, hold every model to it). An unbatched call uses the
   stream itself.
4. **Explicit per-item seeds stay explicit.** Where a caller gives one seed per item (the
   negotiations of :func:`accord.simulate.simulate_batch`), item b's stream is
   ``stream(seeds[b])``.
5. **A reference implementation's own generator** is kept where reproducing its published
   output needs it (KTAB's for the SMP's log reproduction), seeded from a parameter.

>>> a = stream(7, "eum").random()
>>> a == stream(7, "eum").random(), a == stream(7, "exchange").random()
(True, False)
>>> [round(g.random(), 6) for g in member_streams(stream(7), 2)] == \\
...     [round(stream(7, b).random(), 6) for b in range(2)]
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Union

import numpy as np

if TYPE_CHECKING:  # numpy.random is imported on first use (a model that draws), not here
    RngLike = Union[np.random.Generator, np.random.SeedSequence, "LazyStream", int, None]

DEFAULT_SEED = 0


def _check_seed(seed: int, key: tuple) -> tuple[list[str], tuple[int, ...]]:
    """The key's names and numbers, after checking the seed and the key (no numpy.random)."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed {seed!r}: expected a non-negative integer")
    names = [k for k in key if isinstance(k, str)]
    numbers = tuple(int(k) for k in key if not isinstance(k, str))
    if any(n < 0 for n in numbers):
        raise ValueError(f"stream key {key!r}: expected names and non-negative integers")
    return names, numbers


def _seed_sequence(seed: int, key: tuple) -> np.random.SeedSequence:
    names, numbers = _check_seed(seed, key)
    entropy = int(seed) if not names else [int(seed), *b"".join(n.encode() for n in names)]
    return np.random.SeedSequence(entropy, spawn_key=numbers)


def seed_sequence(seed: int, *key: "str | int") -> np.random.SeedSequence:
    """The :class:`~numpy.random.SeedSequence` of the part ``key`` of a run with ``seed``.

    Names (str) extend the entropy (``[seed, *name bytes]``), numbers form the spawn key.

    >>> seed_sequence(3, 1).spawn_key, seed_sequence(3, "eum").entropy[:2]
    ((1,), [3, 101])
    """
    return _seed_sequence(seed, key)


def stream(seed: int = DEFAULT_SEED, *key: "str | int") -> np.random.Generator:
    """The generator of the part ``key`` of a run with ``seed`` (see the module's rule 1).

    >>> stream(0, 2, 1).random() == np.random.default_rng(
    ...     np.random.SeedSequence(0).spawn(3)[2].spawn(2)[1]).random()
    True
    """
    return np.random.default_rng(_seed_sequence(seed, key))


class LazyStream:
    """:func:`stream` ``(seed, *key)``, made when first used: a Generator in all but type.

    Any other attribute (a draw, ``bit_generator``) makes the generator and hands it over, so
    the draws are exactly those of ``stream(seed, *key)``; :meth:`spawn` gives lazy children
    without making it (the recommended model spawns one per component, which draw nothing
    with their defaults). Making a stream imports ``numpy.random`` (some 7 ms:
    ``bit_generator`` pulls in ``secrets``, ``hmac`` and ``hashlib``), and most runs draw
    nothing: :func:`accord.api.forecast` gives each model one of these, so that `accord
    forecast` with deterministic models never imports it (issue 18).
    :func:`as_rng` returns it as it is; code that needs the Generator itself (a type check, a
    third-party function) takes ``.generator``. A copy or pickle is of the generator.

    >>> lazy = LazyStream(7, ("eum",))
    >>> lazy.random() == stream(7, "eum").random(), isinstance(lazy.generator, np.random.Generator)
    (True, True)
    """

    __slots__ = ("_seed", "_key", "_generator", "_spawned")

    def __init__(self, seed: int = DEFAULT_SEED, key: tuple = ()):
        _check_seed(seed, key)          # a bad seed fails here, as stream(seed, *key) would
        self._seed, self._key, self._generator, self._spawned = seed, tuple(key), None, 0

    @property
    def generator(self) -> np.random.Generator:
        """The stream's generator (made on first use, then the same one)."""
        if self._generator is None:
            generator = stream(self._seed, *self._key)
            if self._spawned:
                # Children given out lazily count as its own: its next spawn gives new ones,
                # as a Generator's second spawn does.
                generator.bit_generator.seed_seq.spawn(self._spawned)
            self._generator = generator
        return self._generator

    def spawn(self, n_children: int) -> "list[np.random.Generator | LazyStream]":
        """``Generator.spawn`` without making the generator: child k is
        ``LazyStream(seed, (*key, k))``, i.e. ``stream(seed, *key, k)``, the k-th child of the
        stream's seed sequence (numbers in a key are a spawn key); a second call gives the next
        children. Once the generator is made, its own ``spawn`` (the same children).

        >>> [c.random() for c in LazyStream(3, ("smp",)).spawn(2)] == \\
        ...     [c.random() for c in stream(3, "smp").spawn(2)]
        True
        """
        if (self._generator is not None or isinstance(n_children, bool)
                or not isinstance(n_children, int) or n_children < 0):
            return self.generator.spawn(n_children)   # made, or its own error for a bad count
        first = self._spawned
        self._spawned += n_children
        return [LazyStream(self._seed, (*self._key, k)) for k in range(first, first + n_children)]

    def __getattr__(self, name: str):
        if name.startswith("__") or name in LazyStream.__slots__:
            raise AttributeError(name)  # e.g. copy's probes on an instance not yet initialised
        return getattr(self.generator, name)

    def __reduce__(self):
        return self.generator.__reduce__()

    def __repr__(self) -> str:
        made = "made" if self._generator is not None else "not made yet"
        return f"LazyStream(seed={self._seed!r}, key={self._key!r}; {made})"


def derived_seed(seed: int, *key: "str | int") -> int:
    """An integer seed for the part ``key`` of a run with ``seed``, for functions that take a
    seed rather than a generator (the first 32-bit word of that part's seed sequence).

    >>> derived_seed(0, 1) == int(np.random.SeedSequence(0).spawn(2)[1].generate_state(1)[0])
    True
    """
    return int(_seed_sequence(seed, key).generate_state(1)[0])


def as_rng(rng: RngLike = None) -> "np.random.Generator | LazyStream":
    """A Generator from a Generator (returned as it is), a SeedSequence or an integer seed;
    ``None`` is seed 0 (never the operating system's entropy: every run is reproducible).

    A :class:`LazyStream` is returned as it is (it draws as its generator does).

    >>> as_rng(None).random() == as_rng(0).random()
    True
    """
    # LazyStream first: naming np.random.Generator imports numpy.random (LazyStream's point).
    if isinstance(rng, LazyStream) or isinstance(rng, np.random.Generator):
        return rng
    if rng is None:
        rng = DEFAULT_SEED
    return np.random.default_rng(rng)


def member_streams(rng: RngLike, size: int) -> "list[np.random.Generator | LazyStream]":
    """The streams of the ``size`` members of a batched call made with ``rng`` (rule 3): the
    children of ``rng``'s seed sequence, one per member (lazy ones from a :class:`LazyStream`
    whose generator is not made yet, :meth:`LazyStream.spawn`).

    Spawning does not draw from ``rng``; it counts the children it has given out, so a second
    call gives new children, as a second draw gives new numbers.

    >>> first, second = member_streams(stream(5), 2)
    >>> first.random() == stream(5, 0).random(), second.random() == stream(5, 1).random()
    (True, True)
    """
    return as_rng(rng).spawn(size)
