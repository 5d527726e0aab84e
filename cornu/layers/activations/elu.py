"""``ELU``: the exponential linear unit as a layer."""

from __future__ import annotations

from cornu import activations
from cornu.layers.layer import Layer


class ELU(Layer):
    """``x`` for positive inputs, ``alpha * (exp(x) - 1)`` otherwise.

    Args:
        alpha: the scale of the negative part.

    Example:
        >>> import cornu
        >>> x = cornu.ops.convert_to_tensor([0.0, 2.0])
        >>> cornu.layers.ELU()(x).tolist()
        [0.0, 2.0]
    """

    def __init__(self, alpha=1.0, **kwargs):
        super().__init__(**kwargs)
        self.alpha = alpha
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return activations.elu(inputs, alpha=self.alpha)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config["alpha"] = self.alpha
        return config
