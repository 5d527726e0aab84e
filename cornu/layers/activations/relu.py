"""``ReLU``: the rectified linear unit as a layer, with its cap, slope and threshold."""

from __future__ import annotations

from cornu import activations
from cornu.layers.layer import Layer


class ReLU(Layer):
    """``max_value`` caps the output, inputs below ``threshold`` become
    ``negative_slope * (x - threshold)``; with the defaults it is ``max(x, 0)``.

    Args:
        max_value: the largest output (None: no cap); >= 0.
        negative_slope: slope below the threshold; >= 0.
        threshold: the value below which inputs are damped; >= 0.

    Example:
        >>> import cornu
        >>> x = cornu.ops.convert_to_tensor([-3.0, 1.0, 8.0])
        >>> cornu.layers.ReLU(max_value=6.0)(x).tolist()
        [0.0, 1.0, 6.0]
    """

    def __init__(self, max_value=None, negative_slope=0.0, threshold=0.0, **kwargs):
        super().__init__(**kwargs)
        for arg, value in (("max_value", max_value), ("negative_slope", negative_slope),
                           ("threshold", threshold)):
            if (value is None and arg != "max_value") or (value is not None and value < 0):
                raise ValueError(
                    f"ReLU '{self.name}': `{arg}` must be a non-negative number, got "
                    f"{arg}={value!r}."
                )
        self.max_value = max_value
        self.negative_slope = negative_slope
        self.threshold = threshold
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return activations.relu(inputs, negative_slope=self.negative_slope,
                                max_value=self.max_value, threshold=self.threshold)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"max_value": self.max_value, "negative_slope": self.negative_slope,
                       "threshold": self.threshold})
        return config
