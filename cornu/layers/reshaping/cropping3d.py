"""``Cropping3D``: removes elements at the edges of the three spatial axes."""

from __future__ import annotations

from cornu.layers.reshaping._base import SpatialEdges


class Cropping3D(SpatialEdges):
    """Crops the three spatial axes: ``cropping[i] = (before, after)`` elements are removed from
    the start and end of spatial axis ``i``.

    Args:
        cropping: an int (the same on every side), 3 ints (symmetric per axis), or
            3 (before, after) pairs.
        data_format: "channels_last" or "channels_first" (default ``image_data_format()``).

    Returns:
        The input with shorter spatial axes.

    Example:
        >>> import cornu
        >>> cornu.layers.Cropping3D(1)(cornu.Input(shape=(4, 4, 4, 2))).shape
        (None, 2, 2, 2, 2)
    """

    def __init__(self, cropping=((1, 1), (1, 1), (1, 1)), data_format=None, **kwargs):
        super().__init__(3, cropping, "cropping", data_format=data_format, **kwargs)
        first = self._first_spatial_axis
        index = [slice(None)] * (first + 3)
        for i, (before, after) in enumerate(self.pairs):
            index[first + i] = slice(before, -after if after else None)
        self._index = tuple(index)

    @property
    def cropping(self) -> tuple:
        return self._config_value()

    def call(self, inputs):
        return inputs[self._index]
