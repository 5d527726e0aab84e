"""``AdaptiveMaxPooling3D``: maximum pooling of the three spatial axes to a fixed output size."""

from __future__ import annotations

from cornu.layers.pooling.base_adaptive_pooling import BaseAdaptivePooling


class AdaptiveMaxPooling3D(BaseAdaptivePooling):
    """Pools 3-D inputs to exactly ``output_size`` positions per spatial axis, whatever the
    input size, taking the maximum of each (possibly overlapping) bin.

    Args:
        output_size: an int or 3 ints.
        data_format: "channels_last" or "channels_first" (default ``image_data_format()``).

    Returns:
        A tensor with spatial size ``output_size`` and the input's channels.

    Example:
        >>> import cornu
        >>> cornu.layers.AdaptiveMaxPooling3D(2)(cornu.Input(shape=(4, 4, 4, 2))).shape
        (None, 2, 2, 2, 2)
    """

    def __init__(self, output_size, data_format=None, **kwargs):
        super().__init__(output_size, pool_dimensions=3, pool_mode="max",
                         data_format=data_format, **kwargs)
