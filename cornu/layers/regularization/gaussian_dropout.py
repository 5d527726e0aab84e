"""``GaussianDropout``: multiplies by mean-one normal noise during training."""

from __future__ import annotations

import math

from cornu import backend, ops
from cornu.layers.layer import Layer
from cornu.layers.regularization._seeding import SeedCounter


class GaussianDropout(Layer):
    """Multiplies the inputs by noise drawn from ``N(1, rate / (1 - rate))`` while
    training; passes them through at inference.

    Args:
        rate: the drop probability it mimics, in [0, 1); the noise's standard deviation is
            ``sqrt(rate / (1 - rate))``.
        seed: an int for repeatable noise.

    Example:
        >>> import cornu
        >>> x = cornu.ops.ones((1000,))
        >>> y = cornu.layers.GaussianDropout(0.2, seed=0)(x, training=True)
        >>> abs(float(y.std()) - 0.5) < 0.05
        True
    """

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        if not 0 <= rate <= 1:
            raise ValueError(
                f"GaussianDropout '{self.name}': `rate` must be a float in [0, 1], got "
                f"rate={rate!r}."
            )
        self.rate = rate
        self.seed = seed
        self._seeds = SeedCounter(seed)
        self._stddev = math.sqrt(rate / (1.0 - rate)) if rate < 1 else math.inf
        self.supports_masking = True
        self.built = True

    def call(self, inputs, training=False):
        if not training or self.rate <= 0:
            return inputs
        noise = backend.random.normal(ops.shape(inputs), 1.0, self._stddev,
                                      dtype=ops.dtype(inputs), seed=self._seeds.next_seed())
        return inputs * noise

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"rate": self.rate, "seed": self.seed})
        return config
