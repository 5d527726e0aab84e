"""``Dropout``: zeroes a random fraction of inputs during training."""

from __future__ import annotations

from cornu import backend
from cornu.layers.layer import Layer
from cornu.utils.legacy import legacy_kwargs


class Dropout(Layer):
    """Sets inputs to 0 with probability ``rate`` while training, scaling the rest by
    ``1 / (1 - rate)``; passes inputs through unchanged at inference.

    Args:
        rate: the fraction to drop, in [0, 1).
        noise_shape: shape of the keep/drop mask, broadcast over the input (None = input's).
        seed: an int for repeatable masks.

    Example:
        >>> import cornu
        >>> x = cornu.ops.ones((2, 3))
        >>> bool((cornu.layers.Dropout(0.5)(x, training=False) == x).all())
        True
    """

    def __init__(self, rate=None, noise_shape=None, seed=None, **kwargs):
        if "p" in kwargs:  # Keras 1: Dropout(p=...)
            rate = legacy_kwargs("Dropout", kwargs, {"p": "rate"}).pop("rate")
        super().__init__(**kwargs)
        if rate is None or not 0 <= rate < 1:
            raise ValueError(
                f"Dropout '{self.name}': `rate` must be in [0, 1), got {rate!r}."
            )
        self.rate = float(rate)
        self.noise_shape = tuple(noise_shape) if noise_shape is not None else None
        self.seed = seed
        self._seed_state = seed
        self.supports_masking = True
        self.built = True

    def call(self, inputs, training=False):
        if not training or self.rate == 0:
            return inputs
        seed = None
        if self.seed is not None:
            self._seed_state = self._seed_state + 1
            seed = self._seed_state
        return backend.random.dropout(inputs, self.rate, self.noise_shape, seed)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"rate": self.rate, "noise_shape": self.noise_shape, "seed": self.seed})
        return config
