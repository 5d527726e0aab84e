"""``BasePooling``: max/average pooling over sliding windows (MaxPooling*, AveragePooling*)."""

from __future__ import annotations

from cornu import ops
from cornu.layers.convolutional import _utils
from cornu.layers.input_spec import InputSpec
from cornu.layers.layer import Layer

_OPS = {"max": ops.max_pool, "average": ops.average_pool}


class BasePooling(Layer):
    """Reduces each ``pool_size`` window (moved by ``strides``) to its max or mean.

    Args:
        pool_size: an int or ``pool_dimensions`` ints, the window size.
        pool_dimensions: the number of spatial axes (1, 2 or 3).
        pool_mode: "max" or "average".
        strides: an int or ints; default ``pool_size`` (non-overlapping windows).
        padding: "valid" (windows inside the input) or "same" (output size
            ``ceil(input / strides)``; padding split as in Keras, extra at the end; average
            windows count only real input elements).
        data_format: "channels_last" or "channels_first" (default ``image_data_format()``).
    """

    def __init__(self, pool_size, strides, pool_dimensions: int, pool_mode: str = "max",
                 padding="valid", data_format=None, name=None, **kwargs):
        kwargs = _utils.apply_legacy(type(self).__name__, kwargs)
        args = _utils.take(kwargs, pool_size=pool_size, strides=strides, padding=padding,
                           data_format=data_format)
        super().__init__(name=name, **kwargs)
        if pool_mode not in _OPS:
            raise ValueError(f"`pool_mode` must be 'max' or 'average', got {pool_mode!r}.")
        self.pool_dimensions = pool_dimensions
        self.pool_mode = pool_mode
        self.pool_size = _utils.standardize_tuple(args["pool_size"], pool_dimensions,
                                                  "pool_size")
        strides = args["strides"]
        self.strides = (self.pool_size if strides is None else
                        _utils.standardize_tuple(strides, pool_dimensions, "strides"))
        self.padding = _utils.standardize_padding(args["padding"])
        self.data_format = _utils.data_format(args["data_format"])
        self.input_spec = InputSpec(ndim=pool_dimensions + 2)
        self._op = _OPS[pool_mode]

    def build(self, input_shape) -> None:
        self.compute_output_shape(input_shape)  # a readable error for too-small inputs
        self.built = True

    def call(self, inputs):
        return self._op(inputs, self.pool_size, self.strides, self.padding, self.data_format)

    def compute_output_shape(self, input_shape):
        last = self.data_format == "channels_last"
        spatial = _utils.spatial_shape(input_shape, last)
        out = tuple(_utils.conv_output_length(n, k, self.padding, s)
                    for n, k, s in zip(spatial, self.pool_size, self.strides))
        _utils.check_positive_output(self, input_shape, out, f"pool_size={self.pool_size}")
        channels = input_shape[-1] if last else input_shape[1]
        return _utils.with_spatial(input_shape, out, channels, last)

    def get_config(self) -> dict:
        config = _utils.clean_config(super().get_config())
        config.update({"pool_size": self.pool_size, "padding": self.padding,
                       "strides": self.strides, "data_format": self.data_format})
        return config
