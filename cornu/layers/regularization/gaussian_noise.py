"""``GaussianNoise``: adds zero-centered normal noise during training."""

from __future__ import annotations

from cornu import backend, ops
from cornu.layers.layer import Layer
from cornu.layers.regularization._seeding import SeedCounter


class GaussianNoise(Layer):
    """Adds noise drawn from ``N(0, stddev**2)`` to the inputs while training (a form of
    data augmentation); passes inputs through unchanged at inference.

    Args:
        stddev: the noise's standard deviation, in [0, 1].
        seed: an int for repeatable noise.

    Example:
        >>> import cornu
        >>> x = cornu.ops.zeros((1000,))
        >>> y = cornu.layers.GaussianNoise(0.5, seed=0)(x, training=True)
        >>> abs(float(y.std()) - 0.5) < 0.05
        True
    """

    def __init__(self, stddev, seed=None, **kwargs):
        super().__init__(**kwargs)
        if not 0 <= stddev <= 1:
            raise ValueError(
                f"GaussianNoise '{self.name}': `stddev` must be a float in [0, 1], got "
                f"stddev={stddev!r}."
            )
        self.stddev = stddev
        self.seed = seed
        self._seeds = SeedCounter(seed)
        self.supports_masking = True
        self.built = True

    def call(self, inputs, training=False):
        if not training or self.stddev <= 0:
            return inputs
        noise = backend.random.normal(ops.shape(inputs), 0.0, self.stddev,
                                      dtype=ops.dtype(inputs), seed=self._seeds.next_seed())
        return inputs + noise

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"stddev": self.stddev, "seed": self.seed})
        return config
