"""``Cropping2D``: removes elements at the edges of rows and columns."""

from __future__ import annotations

from cornu.layers.reshaping._base import SpatialEdges


class Cropping2D(SpatialEdges):
    """Crops rows and columns: ``cropping[i] = (before, after)`` elements are removed from
    the start and end of spatial axis ``i``.

    Args:
        cropping: an int (the same on every side), 2 ints (symmetric per axis), or
            2 (before, after) pairs.
        data_format: "channels_last" or "channels_first" (default ``image_data_format()``).

    Returns:
        The input with shorter spatial axes.

    Example:
        >>> import cornu
        >>> cornu.layers.Cropping2D(((1, 1), (2, 2)))(cornu.Input(shape=(8, 8, 3))).shape
        (None, 6, 4, 3)
    """

    def __init__(self, cropping=((0, 0), (0, 0)), data_format=None, **kwargs):
        super().__init__(2, cropping, "cropping", data_format=data_format, **kwargs)
        first = self._first_spatial_axis
        index = [slice(None)] * (first + 2)
        for i, (before, after) in enumerate(self.pairs):
            index[first + i] = slice(before, -after if after else None)
        self._index = tuple(index)

    @property
    def cropping(self) -> tuple:
        return self._config_value()

    def call(self, inputs):
        return inputs[self._index]
