"""Per-call seeds for the noise layers: None draws from the global generator."""

from __future__ import annotations


class SeedCounter:
    """Yields ``seed + 1``, ``seed + 2``, ... so that each call draws new, repeatable noise."""

    def __init__(self, seed) -> None:
        self.seed = seed
        self._state = seed

    def next_seed(self):
        if self.seed is None:
            return None
        self._state = int(self._state) + 1
        return self._state
