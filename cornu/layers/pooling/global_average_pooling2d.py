"""``GlobalAveragePooling2D``: the mean over all rows and columns of each channel."""

from __future__ import annotations

from cornu import ops
from cornu.layers.pooling.base_global_pooling import BaseGlobalPooling


class GlobalAveragePooling2D(BaseGlobalPooling):
    """The mean of each channel over the rows and columns: ``(batch, channels)`` out.

    Args:
        data_format: "channels_last" or "channels_first" (default ``image_data_format()``).
        keepdims: keep the reduced axes with size 1.

    Returns:
        ``(batch, channels)``, or with ``keepdims`` the input rank with size-1 spatial axes.

    Example:
        >>> import cornu
        >>> cornu.layers.GlobalAveragePooling2D()(cornu.Input(shape=(8, 8, 3))).shape
        (None, 3)
    """

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(pool_dimensions=2, data_format=data_format, keepdims=keepdims,
                         **kwargs)

    def call(self, inputs):
        return ops.mean(inputs, axis=self._axes, keepdims=self.keepdims)
