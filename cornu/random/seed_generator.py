"""``SeedGenerator``: a stream of seeds, so that each random draw is new and repeatable."""

from __future__ import annotations

import random as _pyrandom


class SeedGenerator:
    """Hands out ``seed + 1``, ``seed + 2``, ... to the ``cornu.random`` functions.

    Pass it as ``seed=`` wherever Keras takes a seed (the random functions, initializers):
    each draw gets the next seed, so repeated calls give new values, and re-creating the
    generator with the same ``seed`` repeats the whole sequence. The counter lives on the
    host: drawing a seed never waits for the device.

    Args:
        seed: an int; None picks one from Python's global generator (itself set by
            ``cornu.utils.set_random_seed``).
        name: an optional name.

    Example:
        >>> from cornu import random
        >>> gen = random.SeedGenerator(42)
        >>> [gen.next_seed(), gen.next_seed()]
        [43, 44]
    """

    def __init__(self, seed=None, name=None, **kwargs):
        kwargs.pop("backend", None)  # Keras writes it in some configs
        if kwargs:
            raise TypeError(f"SeedGenerator: unexpected argument(s) {sorted(kwargs)}.")
        if seed is None:
            seed = _pyrandom.randint(0, 2**31 - 1)
        if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
            raise ValueError(
                f"SeedGenerator: `seed` must be a non-negative int or None, got {seed!r}.")
        self.initial_seed = int(seed)
        self.name = name or "seed_generator"
        self._count = 0

    def next_seed(self) -> int:
        """The next seed of the stream (an int)."""
        self._count += 1
        return self.initial_seed + self._count

    def next(self, ordered=True) -> int:
        """Keras's name for ``next_seed``."""
        return self.next_seed()

    @property
    def state(self) -> list:
        """``[initial seed, draws so far]``."""
        return [self.initial_seed, self._count]

    def get_config(self) -> dict:
        return {"seed": self.initial_seed, "name": self.name}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self) -> str:
        return f"<SeedGenerator seed={self.initial_seed} draws={self._count}>"
