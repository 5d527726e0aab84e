"""``ZeroPadding3D``: adds zeros at the edges of the three spatial axes."""

from __future__ import annotations

from cornu import ops
from cornu.layers.reshaping._base import SpatialEdges


class ZeroPadding3D(SpatialEdges):
    """Pads the three spatial axes with zeros: ``padding[i] = (before, after)`` zeros go at
    the start and end of spatial axis ``i``.

    Args:
        padding: an int (the same on every side), 3 ints (symmetric per axis), or
            3 (before, after) pairs.
        data_format: "channels_last" or "channels_first" (default ``image_data_format()``).

    Returns:
        The input with longer spatial axes.

    Example:
        >>> import cornu
        >>> cornu.layers.ZeroPadding3D(1)(cornu.Input(shape=(4, 4, 4, 2))).shape
        (None, 6, 6, 6, 2)
    """

    def __init__(self, padding=((1, 1), (1, 1), (1, 1)), data_format=None, **kwargs):
        super().__init__(3, padding, "padding", data_format=data_format, **kwargs)
        first = self._first_spatial_axis
        widths = [(0, 0)] * (3 + 2)
        widths[first:first + 3] = self.pairs
        self._pad_width = widths

    @property
    def padding(self) -> tuple:
        return self._config_value()

    def call(self, inputs):
        return ops.pad(inputs, self._pad_width)
