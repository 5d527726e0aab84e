"""Initializers that draw from a fixed distribution: normal, uniform, truncated normal.

Seeding: an integer ``seed`` gives the same values on every call; ``seed=None`` draws from
the global engine generator, so ``cornu.utils.set_random_seed`` makes a run repeatable; a
``SeedGenerator`` gives a new, reproducible draw on each call.
"""

from __future__ import annotations

from typing import Any

from cornu import backend
from cornu.initializers._initializer import Initializer, check_shape, float_dtype
from cornu.saving import serialization


class RandomInitializer(Initializer):
    """Base of the random initializers: holds and checks the ``seed``.

    Args:
        seed: None, an int, or a ``SeedGenerator`` (an object with ``next_seed()``).
    """

    def __init__(self, seed: Any = None) -> None:
        self._init_seed = seed
        if isinstance(seed, dict):
            seed = serialization.deserialize_keras_object(seed)
        if isinstance(seed, bool) or not (
            seed is None or isinstance(seed, int) or hasattr(seed, "next_seed")
        ):
            raise ValueError(
                f"{type(self).__name__}: `seed` must be None, an int or a "
                f"cornu.random.SeedGenerator, got seed={seed!r}."
            )
        self.seed = seed

    def get_config(self) -> dict:
        return {"seed": serialization.serialize_keras_object(self._init_seed)}


class RandomNormal(RandomInitializer):
    """Draws from a normal distribution ``N(mean, stddev**2)``.

    Args:
        mean: the mean.
        stddev: the standard deviation.
        seed: None, an int, or a ``SeedGenerator``.

    Example:
        >>> from cornu import initializers
        >>> init = initializers.RandomNormal(mean=0.0, stddev=1.0, seed=1)
        >>> tuple(init((2, 3)).shape)
        (2, 3)
    """

    def __init__(self, mean: float = 0.0, stddev: float = 0.05, seed: Any = None) -> None:
        self.mean = mean
        self.stddev = stddev
        super().__init__(seed=seed)

    def __call__(self, shape: tuple[int, ...], dtype: str | None = None) -> Any:
        return backend.random.normal(
            check_shape(shape, "RandomNormal"),
            mean=self.mean,
            stddev=self.stddev,
            dtype=float_dtype(dtype, "RandomNormal"),
            seed=self.seed,
        )

    def get_config(self) -> dict:
        return {**super().get_config(), "mean": self.mean, "stddev": self.stddev}


class TruncatedNormal(RandomInitializer):
    """Draws from a normal distribution, redrawing values more than two standard
    deviations away from the mean.

    Args:
        mean: the mean.
        stddev: the standard deviation before truncation.
        seed: None, an int, or a ``SeedGenerator``.

    Example:
        >>> from cornu import initializers, ops
        >>> w = initializers.TruncatedNormal(stddev=1.0, seed=1)((1000,))
        >>> bool(ops.all(ops.less_equal(ops.abs(w), 2.0)))
        True
    """

    def __init__(self, mean: float = 0.0, stddev: float = 0.05, seed: Any = None) -> None:
        self.mean = mean
        self.stddev = stddev
        super().__init__(seed=seed)

    def __call__(self, shape: tuple[int, ...], dtype: str | None = None) -> Any:
        return backend.random.truncated_normal(
            check_shape(shape, "TruncatedNormal"),
            mean=self.mean,
            stddev=self.stddev,
            dtype=float_dtype(dtype, "TruncatedNormal"),
            seed=self.seed,
        )

    def get_config(self) -> dict:
        return {**super().get_config(), "mean": self.mean, "stddev": self.stddev}


class RandomUniform(RandomInitializer):
    """Draws uniformly from ``[minval, maxval)``.

    Args:
        minval: the lower bound.
        maxval: the upper bound (excluded).
        seed: None, an int, or a ``SeedGenerator``.

    Example:
        >>> from cornu import initializers, ops
        >>> w = initializers.RandomUniform(minval=2.0, maxval=3.0, seed=1)((100,))
        >>> 2.0 <= float(ops.min(w)) and float(ops.max(w)) < 3.0
        True
    """

    def __init__(self, minval: float = -0.05, maxval: float = 0.05, seed: Any = None) -> None:
        self.minval = minval
        self.maxval = maxval
        super().__init__(seed=seed)

    def __call__(self, shape: tuple[int, ...], dtype: str | None = None) -> Any:
        return backend.random.uniform(
            check_shape(shape, "RandomUniform"),
            minval=self.minval,
            maxval=self.maxval,
            dtype=float_dtype(dtype, "RandomUniform"),
            seed=self.seed,
        )

    def get_config(self) -> dict:
        return {**super().get_config(), "minval": self.minval, "maxval": self.maxval}
