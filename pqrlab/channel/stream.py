"""Cheap deterministic random streams for the mailbox: one `Stream` per list of stream integers.

`Stream(seed, *tags)` is Python's `random.Random` (Mersenne Twister, whose integer seeding and `random()`
are stable across platforms and Python versions) seeded by a BLAKE2b hash of the integers: never
Python's `hash()`, so the same integers give the same draws in every process. It costs ~5 µs to build and
~0.03 µs a draw (numpy's `default_rng([...])` costs ~13 µs and ~0.3 µs a scalar draw), and has the few
`numpy.random.Generator` methods the generator uses, with the same meaning.
"""
from __future__ import annotations

import _random
import hashlib
import random
import struct


_PACKERS = tuple(struct.Struct(f"<{n}q").pack for n in range(9))  # `n` signed 64-bit integers, little-endian
_blake2b = hashlib.blake2b


def stream_key(*ints: int) -> int:
    """A 128-bit key of the integers (signed 64-bit each): BLAKE2b of their little-endian bytes, so it
    depends on every integer, their order and their count, the same on every platform and process."""
    pack = _PACKERS[len(ints)] if len(ints) < len(_PACKERS) else struct.Struct(f"<{len(ints)}q").pack
    return int.from_bytes(_blake2b(pack(*ints), digest_size=16).digest(), "little")


def key_uniform(*ints: int) -> float:
    """A uniform in [0, 1) from the integers' key alone: a stream that needs one draw, with no generator to seed."""
    return (stream_key(*ints) >> 75) * 2.0 ** -53


_seed = _random.Random.seed


class Stream(random.Random):
    """A deterministic stream keyed by integers, with the numpy `Generator` methods the generator uses."""

    def __init__(self, *ints: int) -> None:  # what random.Random.__init__ does for an int, minus two calls
        _seed(self, stream_key(*ints))
        self.gauss_next = None

    def integers(self, low: int, high: int | None = None) -> int:
        """An integer in [low, high) (or [0, low) with one argument)."""
        if high is None:
            low, high = 0, low
        return low + int(self.random() * (high - low))

    def lognormal(self, mean: float, sigma: float) -> float:
        return self.lognormvariate(mean, sigma)

    def poisson(self, lam: float) -> int:
        """Arrivals of a unit-rate Poisson process in [0, lam) (exact for any mean, O(lam) draws)."""
        count, t = 0, self.expovariate(1.0)
        while t < lam:
            count += 1
            t += self.expovariate(1.0)
        return count

    def binomial(self, n: int, p: float) -> int:
        return sum(self.random() < p for _ in range(n))

    def choice(self, n: int, size: int, replace: bool = True) -> list[int]:
        """`size` indices in [0, n), with replacement."""
        if not replace:
            raise ValueError("Stream.choice draws with replacement only")
        return [int(self.random() * n) for _ in range(size)]
