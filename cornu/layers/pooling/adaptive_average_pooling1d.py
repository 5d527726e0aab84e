"""``AdaptiveAveragePooling1D``: mean pooling of the steps to a fixed output size."""

from __future__ import annotations

from cornu.layers.pooling.base_adaptive_pooling import BaseAdaptivePooling


class AdaptiveAveragePooling1D(BaseAdaptivePooling):
    """Pools 1-D inputs to exactly ``output_size`` positions per spatial axis, whatever the
    input size, taking the mean of each (possibly overlapping) bin.

    Args:
        output_size: an int or 1 ints.
        data_format: "channels_last" or "channels_first" (default ``image_data_format()``).

    Returns:
        A tensor with spatial size ``output_size`` and the input's channels.

    Example:
        >>> import cornu
        >>> cornu.layers.AdaptiveAveragePooling1D(3)(cornu.Input(shape=(10, 4))).shape
        (None, 3, 4)
    """

    def __init__(self, output_size, data_format=None, **kwargs):
        super().__init__(output_size, pool_dimensions=1, pool_mode="average",
                         data_format=data_format, **kwargs)
