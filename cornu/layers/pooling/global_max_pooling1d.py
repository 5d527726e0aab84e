"""``GlobalMaxPooling1D``: the maximum over all steps of each channel."""

from __future__ import annotations

from cornu import ops
from cornu.layers.pooling.base_global_pooling import BaseGlobalPooling


class GlobalMaxPooling1D(BaseGlobalPooling):
    """The maximum of each channel over the steps: ``(batch, channels)`` out.

    Args:
        data_format: "channels_last" or "channels_first" (default ``image_data_format()``).
        keepdims: keep the reduced axes with size 1.

    Returns:
        ``(batch, channels)``, or with ``keepdims`` the input rank with size-1 spatial axes.

    Example:
        >>> import cornu
        >>> cornu.layers.GlobalMaxPooling1D()(cornu.Input(shape=(10, 4))).shape
        (None, 4)
    """

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(pool_dimensions=1, data_format=data_format, keepdims=keepdims,
                         **kwargs)

    def call(self, inputs):
        return ops.max(inputs, axis=self._axes, keepdims=self.keepdims)
