"""Seeding every random number generator a training run touches."""

from __future__ import annotations

import random

import numpy as np

from cornu import backend

_STATE: dict[str, int | None] = {"seed": None}


def set_random_seed(seed: int) -> None:
    """Seeds Python's ``random``, NumPy and the engine, so that a run repeats exactly.

    Weight initializers without an explicit seed, dropout and ``fit(shuffle=True)`` all
    draw from these generators. (Some GPU kernels are not deterministic even then.)

    Args:
        seed: a non-negative integer.

    Example:
        >>> import cornu
        >>> cornu.utils.set_random_seed(42)
        >>> a = cornu.initializers.RandomNormal()((3,))
        >>> cornu.utils.set_random_seed(42)
        >>> b = cornu.initializers.RandomNormal()((3,))
        >>> bool(cornu.ops.all(cornu.ops.equal(a, b)))
        True
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise ValueError(
            f"set_random_seed: expected an integer seed, got {seed!r} "
            f"(of type {type(seed).__name__})."
        )
    seed = int(seed)
    if seed < 0:
        raise ValueError(f"set_random_seed: expected a non-negative seed, got {seed}.")
    _STATE["seed"] = seed
    random.seed(seed)
    np.random.seed(seed % 2**32)
    backend.random.set_global_seed(seed)


def get_random_seed() -> int | None:
    """The seed last given to ``set_random_seed``, or None if it was never called.

    Example:
        >>> import cornu
        >>> cornu.utils.set_random_seed(7)
        >>> cornu.utils.rng_utils.get_random_seed()
        7
    """
    return _STATE["seed"]
