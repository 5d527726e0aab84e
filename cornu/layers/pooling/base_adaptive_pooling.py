"""``BaseAdaptivePooling``: pooling to a fixed output size (AdaptiveMax/AveragePooling*)."""

from __future__ import annotations

from cornu import ops
from cornu.layers.convolutional import _utils
from cornu.layers.input_spec import InputSpec
from cornu.layers.layer import Layer

_OPS = {"max": ops.adaptive_max_pool, "average": ops.adaptive_average_pool}


class BaseAdaptivePooling(Layer):
    """Pools each spatial axis of length ``n`` into ``output_size`` bins; bin ``i`` covers
    ``[floor(i * n / out), ceil((i + 1) * n / out))``, so any input size gives the same
    output size.

    Args:
        output_size: an int or ``pool_dimensions`` ints.
        pool_dimensions: the number of spatial axes (1, 2 or 3).
        pool_mode: "max" or "average".
        data_format: "channels_last" or "channels_first" (default ``image_data_format()``).
    """

    def __init__(self, output_size, pool_dimensions: int, pool_mode: str = "average",
                 data_format=None, **kwargs):
        super().__init__(**kwargs)
        if pool_mode not in _OPS:
            raise ValueError(f"`pool_mode` must be 'max' or 'average', got {pool_mode!r}.")
        self.output_size = _utils.standardize_tuple(output_size, pool_dimensions,
                                                    "output_size")
        self.data_format = _utils.data_format(data_format)
        self.pool_dimensions = pool_dimensions
        self._op = _OPS[pool_mode]
        self.input_spec = InputSpec(ndim=pool_dimensions + 2)
        self.built = True

    def call(self, inputs):
        return self._op(inputs, self.output_size, self.data_format)

    def compute_output_shape(self, input_shape):
        last = self.data_format == "channels_last"
        channels = input_shape[-1] if last else input_shape[1]
        return _utils.with_spatial(input_shape, self.output_size, channels, last)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"output_size": self.output_size, "data_format": self.data_format})
        return config
