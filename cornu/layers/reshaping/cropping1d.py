"""``Cropping1D``: removes elements at the edges of the steps axis."""

from __future__ import annotations

from cornu.layers.reshaping._base import SpatialEdges


class Cropping1D(SpatialEdges):
    """Crops the steps axis of ``(batch, steps, features)`` inputs: ``cropping = (before,
    after)`` steps are removed from its start and end.

    Args:
        cropping: an int (the same at both ends) or 2 ints (before, after).

    Returns:
        The input with shorter spatial axes.

    Example:
        >>> import cornu
        >>> cornu.layers.Cropping1D((2, 3))(cornu.Input(shape=(10, 4))).shape
        (None, 5, 4)
    """

    def __init__(self, cropping=(1, 1), **kwargs):
        super().__init__(1, cropping, "cropping", data_format="channels_last", **kwargs)
        first = self._first_spatial_axis
        index = [slice(None)] * (first + 1)
        for i, (before, after) in enumerate(self.pairs):
            index[first + i] = slice(before, -after if after else None)
        self._index = tuple(index)

    @property
    def cropping(self) -> tuple:
        return self._config_value()

    def call(self, inputs):
        return inputs[self._index]
