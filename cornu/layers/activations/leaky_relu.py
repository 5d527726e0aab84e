"""``LeakyReLU``: ``x`` for positive inputs, ``negative_slope * x`` otherwise."""

from __future__ import annotations

from cornu import activations
from cornu.layers.layer import Layer
from cornu.utils.legacy import legacy_kwargs


class LeakyReLU(Layer):
    """Leaky rectified linear unit: ``x if x >= 0 else negative_slope * x``.

    Args:
        negative_slope: the slope for negative inputs (>= 0). Keras 2's ``alpha=`` is
            accepted with a deprecation warning.

    Example:
        >>> import cornu
        >>> x = cornu.ops.convert_to_tensor([-10.0, 2.0])
        >>> [round(v, 4) for v in cornu.layers.LeakyReLU()(x).tolist()]
        [-3.0, 2.0]
    """

    def __init__(self, negative_slope=0.3, **kwargs):
        kwargs = legacy_kwargs("LeakyReLU", kwargs, {"alpha": "negative_slope"})
        negative_slope = kwargs.pop("negative_slope", negative_slope)
        super().__init__(**kwargs)
        if negative_slope is None or negative_slope < 0:
            raise ValueError(
                f"LeakyReLU '{self.name}': `negative_slope` must be a non-negative number, "
                f"got negative_slope={negative_slope!r}."
            )
        self.negative_slope = negative_slope
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return activations.leaky_relu(inputs, negative_slope=self.negative_slope)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config.pop("alpha", None)
        config["negative_slope"] = self.negative_slope
        return config
