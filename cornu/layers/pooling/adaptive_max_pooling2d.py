"""``AdaptiveMaxPooling2D``: maximum pooling of the rows and columns to a fixed output size."""

from __future__ import annotations

from cornu.layers.pooling.base_adaptive_pooling import BaseAdaptivePooling


class AdaptiveMaxPooling2D(BaseAdaptivePooling):
    """Pools 2-D inputs to exactly ``output_size`` positions per spatial axis, whatever the
    input size, taking the maximum of each (possibly overlapping) bin.

    Args:
        output_size: an int or 2 ints.
        data_format: "channels_last" or "channels_first" (default ``image_data_format()``).

    Returns:
        A tensor with spatial size ``output_size`` and the input's channels.

    Example:
        >>> import cornu
        >>> cornu.layers.AdaptiveMaxPooling2D(3)(cornu.Input(shape=(8, 8, 3))).shape
        (None, 3, 3, 3)
    """

    def __init__(self, output_size, data_format=None, **kwargs):
        super().__init__(output_size, pool_dimensions=2, pool_mode="max",
                         data_format=data_format, **kwargs)
