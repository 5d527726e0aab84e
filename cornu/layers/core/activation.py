"""``Activation``: applies an activation function to its input."""

from __future__ import annotations

from cornu import activations
from cornu.layers.layer import Layer


class Activation(Layer):
    """Applies ``activation`` element-wise (or along the last axis, e.g. softmax).

    Args:
        activation: an activation name ("relu", "softmax", ...) or a callable.

    Example:
        >>> import cornu
        >>> cornu.layers.Activation("relu")(cornu.ops.convert_to_tensor([-1.0, 2.0])).tolist()
        [0.0, 2.0]
    """

    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.activation = activations.get(activation)
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return self.activation(inputs)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config["activation"] = activations.serialize(self.activation)
        return config
