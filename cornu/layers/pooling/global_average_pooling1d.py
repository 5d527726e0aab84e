"""``GlobalAveragePooling1D``: the mean over all steps of each channel."""

from __future__ import annotations

from cornu import ops
from cornu.layers.pooling.base_global_pooling import BaseGlobalPooling


class GlobalAveragePooling1D(BaseGlobalPooling):
    """The mean of each channel over the steps: ``(batch, channels)`` out.

    Args:
        data_format: "channels_last" or "channels_first" (default ``image_data_format()``).
        keepdims: keep the reduced axes with size 1.

    Call arguments:
        inputs: a 3-D tensor.
        mask: optional ``(batch, steps)`` booleans; masked steps are left out of the mean
            (it arrives automatically from ``Masking``/``Embedding(mask_zero=True)``).

    Returns:
        ``(batch, channels)``, or with ``keepdims`` the input rank with size-1 spatial axes.

    Example:
        >>> import cornu
        >>> cornu.layers.GlobalAveragePooling1D()(cornu.Input(shape=(10, 4))).shape
        (None, 4)
    """

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(pool_dimensions=1, data_format=data_format, keepdims=keepdims,
                         **kwargs)
        self.supports_masking = True

    def call(self, inputs, mask=None):
        if mask is None:
            return ops.mean(inputs, axis=self._axes, keepdims=self.keepdims)
        channel_axis = 2 if self.data_format == "channels_last" else 1
        keep = ops.expand_dims(ops.cast(mask, "bool"), channel_axis)
        total = ops.sum(ops.where(keep, inputs, 0.0), axis=self._axes, keepdims=self.keepdims)
        count = ops.sum(ops.cast(keep, inputs.dtype), axis=self._axes, keepdims=self.keepdims)
        return total / count

    def compute_mask(self, inputs, mask=None):
        return None
