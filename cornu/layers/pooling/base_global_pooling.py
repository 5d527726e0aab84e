"""``BaseGlobalPooling``: max/mean over all spatial axes (GlobalMaxPooling*, ...)."""

from __future__ import annotations

from cornu.layers.convolutional import _utils
from cornu.layers.input_spec import InputSpec
from cornu.layers.layer import Layer


class BaseGlobalPooling(Layer):
    """Reduces every spatial axis, leaving ``(batch, channels)``.

    Args:
        pool_dimensions: the number of spatial axes (1, 2 or 3).
        data_format: "channels_last" or "channels_first" (default ``image_data_format()``).
        keepdims: keep the spatial axes with size 1 instead of dropping them.
    """

    def __init__(self, pool_dimensions: int, data_format=None, keepdims=False, **kwargs):
        kwargs = _utils.apply_legacy(type(self).__name__, kwargs)
        data_format = kwargs.pop("data_format", data_format)
        super().__init__(**kwargs)
        self.pool_dimensions = pool_dimensions
        self.data_format = _utils.data_format(data_format)
        self.keepdims = bool(keepdims)
        first = 1 if self.data_format == "channels_last" else 2
        self._axes = tuple(range(first, first + pool_dimensions))
        self.input_spec = InputSpec(ndim=pool_dimensions + 2)
        self.built = True

    def compute_output_shape(self, input_shape):
        last = self.data_format == "channels_last"
        channels = input_shape[-1] if last else input_shape[1]
        if not self.keepdims:
            return (input_shape[0], channels)
        return _utils.with_spatial(input_shape, (1,) * self.pool_dimensions, channels, last)

    def get_config(self) -> dict:
        config = _utils.clean_config(super().get_config())
        config.update({"data_format": self.data_format, "keepdims": self.keepdims})
        return config
