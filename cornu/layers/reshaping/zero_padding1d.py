"""``ZeroPadding1D``: adds zeros at the edges of the steps axis."""

from __future__ import annotations

from cornu import ops
from cornu.layers.reshaping._base import SpatialEdges


class ZeroPadding1D(SpatialEdges):
    """Pads the steps axis with zeros: ``padding[i] = (before, after)`` zeros go at the start
    and end of spatial axis ``i``.

    Args:
        padding: an int (the same on every side), 2 ints (before, after).
        data_format: "channels_last" or "channels_first" (default ``image_data_format()``).

    Returns:
        The input with longer spatial axes.

    Example:
        >>> import cornu
        >>> cornu.layers.ZeroPadding1D((1, 2))(cornu.Input(shape=(10, 4))).shape
        (None, 13, 4)
    """

    def __init__(self, padding=1, data_format=None, **kwargs):
        super().__init__(1, padding, "padding", data_format=data_format, **kwargs)
        first = self._first_spatial_axis
        widths = [(0, 0)] * (1 + 2)
        widths[first:first + 1] = self.pairs
        self._pad_width = widths

    @property
    def padding(self) -> tuple:
        return self._config_value()

    def call(self, inputs):
        return ops.pad(inputs, self._pad_width)
