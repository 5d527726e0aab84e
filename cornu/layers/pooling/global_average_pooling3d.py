"""``GlobalAveragePooling3D``: the mean over all three spatial axes of each channel."""

from __future__ import annotations

from cornu import ops
from cornu.layers.pooling.base_global_pooling import BaseGlobalPooling


class GlobalAveragePooling3D(BaseGlobalPooling):
    """The mean of each channel over the three spatial axes: ``(batch, channels)`` out.

    Args:
        data_format: "channels_last" or "channels_first" (default ``image_data_format()``).
        keepdims: keep the reduced axes with size 1.

    Returns:
        ``(batch, channels)``, or with ``keepdims`` the input rank with size-1 spatial axes.

    Example:
        >>> import cornu
        >>> cornu.layers.GlobalAveragePooling3D()(cornu.Input(shape=(4, 4, 4, 2))).shape
        (None, 2)
    """

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(pool_dimensions=3, data_format=data_format, keepdims=keepdims,
                         **kwargs)

    def call(self, inputs):
        return ops.mean(inputs, axis=self._axes, keepdims=self.keepdims)
