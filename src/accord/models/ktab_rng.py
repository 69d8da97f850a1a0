"""KTAB's pseudo-random generator, so that a KTAB seed gives the same random stream in Accord.

KTAB (KAPSARC Toolkit for Behavioral Analysis, ``KTAB/kutils/libsrc/prng.cpp``) draws 64-bit
words from the standard 64-bit Mersenne Twister (``std::mt19937_64``, Matsumoto & Nishimura
1998/2004) and passes every word through a one-to-one quadratic scramble,

    q(n) = (n + a) · (2 n + 3)  mod 2⁶⁴,   a = 0xE08C1D668B756F83,

which has no fixed points (odd a, even multiplier, odd constant). A real number in [a, b] is
``a + (b − a) · q(n) / (2⁶⁴ − 1)``; a weighted choice (``probSel``) walks the cumulative
probabilities and takes the first index whose running sum reaches one uniform draw.
``std::uniform_int_distribution<uint64_t>(0, 2⁶⁴−1)`` over an engine with exactly that range
returns the engine's words unchanged (libstdc++ and libc++ both), so the stream is the engine's.

The default seed of every KTAB model is ``0xD67CC16FE69C185C`` = 15455440707583219804.

>>> rng = KtabRng()
>>> rng.seed == DEFAULT_SEED == 15455440707583219804
True
>>> MT19937_64(5489).next() # the C++ standard's required first output for the default seed
14514284786278117030
>>> 0.0 <= KtabRng(1).uniform(0.0, 1.0) <= 1.0
True
"""

from __future__ import annotations

import numpy as np

DEFAULT_SEED = 0xD67CC16FE69C185C
_MASK = (1 << 64) - 1
_Q_A = 0xE08C1D668B756F83


class MT19937_64:
    """The 64-bit Mersenne Twister exactly as ``std::mt19937_64`` (seeding and tempering)."""

    _N, _M = 312, 156
    _MATRIX_A = 0xB5026F5AA96619E9
    _UPPER, _LOWER = 0xFFFFFFFF80000000, 0x7FFFFFFF

    def __init__(self, seed: int):
        mt = [0] * self._N
        mt[0] = seed & _MASK
        for i in range(1, self._N):
            mt[i] = (6364136223846793005 * (mt[i - 1] ^ (mt[i - 1] >> 62)) + i) & _MASK
        self._mt = mt
        self._index = self._N

    def _twist(self) -> None:
        mt, n, m = self._mt, self._N, self._M
        for i in range(n):
            x = (mt[i] & self._UPPER) | (mt[(i + 1) % n] & self._LOWER)
            xa = x >> 1
            if x & 1:
                xa ^= self._MATRIX_A
            mt[i] = mt[(i + m) % n] ^ xa
        self._index = 0

    def next(self) -> int:
        if self._index >= self._N:
            self._twist()
        y = self._mt[self._index]
        self._index += 1
        y ^= (y >> 29) & 0x5555555555555555
        y ^= (y << 17) & 0x71D67FFFEDA60000
        y ^= (y << 37) & 0xFFF7EEE000000000
        y ^= y >> 43
        return y & _MASK


def q_transform(n: int) -> int:
    """KTAB's scramble ``qTrans``: (n + a)(2n + 3) mod 2⁶⁴, one-to-one without fixed points."""
    return ((n + _Q_A) * (2 * n + 3)) & _MASK


class KtabRng:
    """KTAB's ``KBase::PRNG``: Mersenne Twister words, scrambled; uniform reals; weighted choice.

    A seed of 0 means "random and irreproducible" in KTAB; here it is rejected instead, because
    an Accord run must be reproducible from its recorded seed.
    """

    def __init__(self, seed: int = DEFAULT_SEED):
        if not 0 < int(seed) <= _MASK:
            raise ValueError(f"KTAB seed {seed} must be in [1, 2**64 - 1]")
        self.seed = int(seed)
        self._mt = MT19937_64(self.seed)

    def uniform_word(self) -> int:
        return q_transform(self._mt.next())

    def uniform(self, a: float = 0.0, b: float = 1.0) -> float:
        # KTAB divides as doubles: (double)n / (double)0xFFFFFFFFFFFFFFFF (which rounds to 2^64).
        x = float(self.uniform_word()) / float(_MASK)
        return a + (b - a) * x

    def prob_select(self, probabilities) -> int:
        """Index drawn with the given probabilities (KTAB ``probSel``: first cumulative ≥ draw)."""
        return select_cumulative(probabilities, self.uniform(0.0, 1.0))


def select_cumulative(probabilities, draw: float) -> int:
    """KTAB ``probSel`` for a uniform ``draw`` in [0, 1]: the first index whose running sum of
    ``probabilities`` reaches the draw (the last one when round-off leaves the sum short).

    >>> select_cumulative([0.25, 0.5, 0.25], 0.3), select_cumulative([0.25, 0.5, 0.25], 1.0)
    (1, 2)
    """
    total = 0.0
    for i, pi in enumerate(np.asarray(probabilities, dtype=float).ravel()):
        total = total + float(pi)
        if draw <= total:
            return i
    return int(np.size(probabilities)) - 1  # round-off: KTAB takes the last option
