"""``AlphaDropout``: dropout that keeps the self-normalizing statistics of SELU nets."""

from __future__ import annotations

from cornu import backend, ops
from cornu.layers.layer import Layer
from cornu.layers.regularization._seeding import SeedCounter

# SELU's constants: dropped units are set to SELU's negative saturation value.
_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


class AlphaDropout(Layer):
    """While training, sets a fraction ``rate`` of inputs to SELU's saturation value
    ``-alpha * scale`` and applies the affine map that restores the inputs' mean and
    variance (Klambauer et al., 2017); identity at inference.

    Args:
        rate: the fraction to drop, in [0, 1].
        noise_shape: shape of the keep/drop mask, broadcast over the inputs (None entries
            take the input's size).
        seed: an int for repeatable masks.

    Example:
        >>> import cornu
        >>> x = cornu.ops.ones((2, 3))
        >>> bool((cornu.layers.AlphaDropout(0.5)(x) == x).all())
        True
    """

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        if not 0 <= rate <= 1:
            raise ValueError(
                f"AlphaDropout '{self.name}': `rate` must be a float in [0, 1], got "
                f"rate={rate!r}."
            )
        self.rate = rate
        self.noise_shape = None if noise_shape is None else tuple(noise_shape)
        self.seed = seed
        self._seeds = SeedCounter(seed)
        alpha_p = -_SELU_ALPHA * _SELU_SCALE
        self._alpha_p = alpha_p
        if rate < 1:
            self._a = ((1 - rate) * (1 + rate * alpha_p ** 2)) ** -0.5
            self._b = -self._a * alpha_p * rate
        self.supports_masking = True
        self.built = True

    def call(self, inputs, training=False):
        if not training or self.rate <= 0:
            return inputs
        if self.rate >= 1:
            raise ValueError(
                f"AlphaDropout '{self.name}': rate=1 drops every unit, which leaves no "
                "variance to restore; use a rate below 1 for training."
            )
        shape = ops.shape(inputs)
        if self.noise_shape is not None:
            shape = tuple(s if n is None else n for s, n in zip(shape, self.noise_shape))
        draw = backend.random.uniform(shape, dtype=ops.dtype(inputs),
                                      seed=self._seeds.next_seed())
        keep = ops.cast(draw >= self.rate, ops.dtype(inputs))
        x = inputs * keep + self._alpha_p * (1 - keep)
        return self._a * x + self._b

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"rate": self.rate, "noise_shape": self.noise_shape, "seed": self.seed})
        return config
