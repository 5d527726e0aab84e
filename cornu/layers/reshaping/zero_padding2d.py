"""``ZeroPadding2D``: adds zeros at the edges of rows and columns."""

from __future__ import annotations

from cornu import ops
from cornu.layers.reshaping._base import SpatialEdges


class ZeroPadding2D(SpatialEdges):
    """Pads rows and columns with zeros: ``padding[i] = (before, after)`` zeros go at the start
    and end of spatial axis ``i``.

    Args:
        padding: an int (the same on every side), 2 ints (symmetric per axis), or
            2 (before, after) pairs.
        data_format: "channels_last" or "channels_first" (default ``image_data_format()``).

    Returns:
        The input with longer spatial axes.

    Example:
        >>> import cornu
        >>> cornu.layers.ZeroPadding2D(((1, 0), (2, 2)))(cornu.Input(shape=(8, 8, 3))).shape
        (None, 9, 12, 3)
    """

    def __init__(self, padding=(1, 1), data_format=None, **kwargs):
        super().__init__(2, padding, "padding", data_format=data_format, **kwargs)
        first = self._first_spatial_axis
        widths = [(0, 0)] * (2 + 2)
        widths[first:first + 2] = self.pairs
        self._pad_width = widths

    @property
    def padding(self) -> tuple:
        return self._config_value()

    def call(self, inputs):
        return ops.pad(inputs, self._pad_width)
