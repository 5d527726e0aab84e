"""``Wrapper``: the base of layers that wrap another layer."""

from __future__ import annotations

from cornu.layers.layer import Layer


class Wrapper(Layer):
    """A layer that adds behaviour around another layer (``TimeDistributed``,
    ``Bidirectional``). The wrapped layer's weights are the wrapper's weights.

    Args:
        layer: the wrapped ``Layer``.

    Example:
        >>> import cornu
        >>> class Twice(cornu.layers.Wrapper):
        ...     def call(self, x):
        ...         return self.layer(self.layer(x))
        >>> Twice(cornu.layers.Dense(3))(cornu.ops.ones((2, 3))).shape
        torch.Size([2, 3])
    """

    def __init__(self, layer, **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError(
                f"{type(self).__name__}: `layer` must be a cornu Layer instance; got "
                f"{layer!r}.")
        super().__init__(**kwargs)
        self.layer = layer

    def build(self, input_shape=None) -> None:
        if not self.layer.built:
            self.layer.build(input_shape)
            self.layer.built = True
        self.built = True

    def get_config(self) -> dict:
        from cornu.saving.serialization import serialize_keras_object

        config = super().get_config()
        config["layer"] = serialize_keras_object(self.layer)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from cornu import layers

        config = dict(config)
        config["layer"] = layers.deserialize(config["layer"], custom_objects=custom_objects)
        return cls(**config)
