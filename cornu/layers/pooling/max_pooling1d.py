"""``MaxPooling1D``: maximum over sliding windows of the steps."""

from __future__ import annotations

from cornu.layers.pooling.base_pooling import BasePooling


class MaxPooling1D(BasePooling):
    """Downsamples 1-D inputs by taking the maximum of each ``pool_size`` window.

    Args:
        pool_size: an int or 1 ints, the window (default 2).
        strides: an int or 1 ints; default ``pool_size``.
        padding: "valid" or "same" (output size ``ceil(input / strides)``, extra padding at
            the end as in Keras).
        data_format: "channels_last" or "channels_first" (default ``image_data_format()``).

    Keras 1/2 keywords (``border_mode``, ``pool_length``, ``stride``, ``dim_ordering``) are
    accepted with a warning.

    Returns:
        A tensor with the same channels and pooled spatial axes.

    Example:
        >>> import cornu
        >>> cornu.layers.MaxPooling1D()(cornu.Input(shape=(10, 4))).shape
        (None, 5, 4)
    """

    def __init__(self, pool_size=2, strides=None, padding="valid", data_format=None,
                 name=None, **kwargs):
        super().__init__(pool_size, strides, pool_dimensions=1, pool_mode="max",
                         padding=padding, data_format=data_format, name=name, **kwargs)
