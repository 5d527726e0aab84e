"""``UpSampling3D``: enlarges volumes by repeating voxels."""

from __future__ import annotations

from cornu.layers.reshaping._upsampling import BaseUpSampling


class UpSampling3D(BaseUpSampling):
    """Repeats each voxel ``size[i]`` times along spatial axis ``i``.

    Args:
        size: an int or 3 ints, the factors of the three spatial axes.
        data_format: "channels_last" or "channels_first" (default ``image_data_format()``).

    Returns:
        The input with each spatial axis multiplied by its factor.

    Example:
        >>> import cornu
        >>> cornu.layers.UpSampling3D(2)(cornu.Input(shape=(2, 3, 4, 5))).shape
        (None, 4, 6, 8, 5)
    """

    def __init__(self, size=(2, 2, 2), data_format=None, **kwargs):
        super().__init__(3, size, data_format=data_format, **kwargs)
