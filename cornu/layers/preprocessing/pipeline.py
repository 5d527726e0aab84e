"""``Pipeline``: applies a list of (preprocessing) layers one after the other."""

from __future__ import annotations

from cornu.layers.layer import Layer


class Pipeline(Layer):
    """Calls its layers in order, each on the previous one's output. Unlike ``Sequential``,
    it is not a model: it needs no ``Input``, passes dict inputs such as
    ``{"images": ..., "labels": ...}`` through, and is meant for data pipelines (it can also
    sit inside a model). ``training`` and masks are passed on to the layers that take them.

    Args:
        layers: the layers, in order.
        name: the layer's name.

    Example:
        >>> import numpy as np, cornu
        >>> pipeline = cornu.layers.Pipeline([cornu.layers.Rescaling(2.0),
        ...                                   cornu.layers.Rescaling(1.0, offset=1.0)])
        >>> pipeline(np.array([[1.0, 2.0]], "float32")).tolist()
        [[3.0, 5.0]]
    """

    def __init__(self, layers, name=None):
        super().__init__(name=name)
        layers = list(layers)
        for i, layer in enumerate(layers):
            if not isinstance(layer, Layer):
                raise TypeError(f"Pipeline: expected a list of layers; item {i} is "
                                f"{type(layer).__name__} ({layer!r}).")
            self._track_sublayer(layer)
            self._register_sublayer(layer, f"_pipeline_layers.{i}")
        self._pipeline_layers = layers

    @property
    def layers(self) -> list:
        """The pipeline's layers, in order."""
        return self._pipeline_layers

    def call(self, inputs, training=True, mask=None):
        outputs = inputs
        for layer in self._pipeline_layers:
            kwargs = {}
            if layer._call_has_mask:
                kwargs["mask"] = mask
            if layer._call_has_training and training is not None:
                kwargs["training"] = training
            outputs = layer(inputs, **kwargs)
            mask = getattr(outputs, "_keras_mask", None)
            inputs = outputs
        return outputs

    def compute_output_shape(self, input_shape):
        for layer in self._pipeline_layers:
            input_shape = layer.compute_output_shape(input_shape)
        return input_shape

    def get_config(self) -> dict:
        from cornu.layers import serialize

        return {"layers": [serialize(layer) for layer in self._pipeline_layers],
                "name": self.name}

    @classmethod
    def from_config(cls, config: dict):
        from cornu.layers import deserialize

        layers = config.get("layers")
        if not isinstance(layers, (list, tuple)):
            raise ValueError(f"Pipeline: the config needs a `layers` list of serialized "
                             f"layers, got layers={layers!r}.")
        return cls([deserialize(layer) for layer in layers], name=config.get("name"))
