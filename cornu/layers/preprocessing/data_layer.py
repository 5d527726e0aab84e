"""``DataLayer``: the base of preprocessing layers (no trainable weights, NumPy welcome)."""

from __future__ import annotations

import math

from cornu import backend, ops
from cornu.layers.layer import Layer
from cornu.layers.regularization._seeding import SeedCounter


class DataLayer(Layer):
    """A layer meant for input pipelines: it holds no trainable weights and accepts NumPy
    arrays, Python lists and tensors alike.

    Args:
        **kwargs: the base ``Layer`` arguments (``name``, ``dtype``...).
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("trainable", False)
        super().__init__(**kwargs)
        self.supports_jit = False

    def uniform(self, shape, minval=0.0, maxval=1.0, seed=None, dtype=None):
        """Uniform draws from this layer's seed stream."""
        return backend.random.uniform(tuple(shape), minval, maxval, dtype=dtype or "float32",
                                      seed=seed if seed is not None else self._seeds_next())

    def _seeds_next(self):
        stream = self.__dict__.get("_seed_stream")
        if stream is None:
            stream = SeedCounter(getattr(self, "seed", None))
            self.__dict__["_seed_stream"] = stream
        return stream.next_seed()


def to_float(x, dtype="float32"):
    """``x`` as a float tensor of ``dtype``."""
    return ops.cast(ops.convert_to_tensor(x), dtype)


def deg_to_rad(x):
    return x * (math.pi / 180.0)
