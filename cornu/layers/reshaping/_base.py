"""``SpatialEdges``: the shared base of the Cropping and ZeroPadding layers."""

from __future__ import annotations

from cornu.layers.convolutional import _utils
from cornu.layers.input_spec import InputSpec
from cornu.layers.layer import Layer


def edge_pairs(value, rank: int, name: str) -> tuple:
    """``value`` as ``rank`` (before, after) pairs of non-negative ints.

    Accepts an int (same everywhere), ``rank`` ints (symmetric per axis), ``rank`` pairs,
    or, when ``rank == 1``, one pair.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        pairs = ((value, value),) * rank
    else:
        try:
            items = tuple(value)
        except TypeError:
            items = ()
        if rank == 1 and len(items) == 2 and all(isinstance(v, int) for v in items):
            items = (items,)
        if len(items) != rank:
            raise ValueError(
                f"`{name}` must be an int, {rank} ints or {rank} (before, after) pairs, got "
                f"{name}={value!r}."
            )
        pairs = tuple(_utils.standardize_tuple(v, 2, name, allow_zero=True) for v in items)
    if any(v < 0 for pair in pairs for v in pair):
        raise ValueError(f"`{name}` values must be >= 0, got {name}={value!r}.")
    return pairs


class SpatialEdges(Layer):
    """Holds ``rank`` (before, after) amounts for the spatial axes and a data format.

    Args:
        rank: the number of spatial axes.
        amounts: the edge sizes, any form ``edge_pairs`` accepts.
        name_of_amounts: the argument's public name ("cropping" or "padding").
        data_format: "channels_last" or "channels_first" (default ``image_data_format()``).
    """

    def __init__(self, rank: int, amounts, name_of_amounts: str, data_format=None, **kwargs):
        kwargs = _utils.apply_legacy(type(self).__name__, kwargs)
        data_format = kwargs.pop("data_format", data_format)
        super().__init__(**kwargs)
        self.rank = rank
        self._amounts_name = name_of_amounts
        self.pairs = edge_pairs(amounts, rank, name_of_amounts)
        self.data_format = _utils.data_format(data_format)
        self.input_spec = InputSpec(ndim=rank + 2)
        self.built = True

    @property
    def _first_spatial_axis(self) -> int:
        return 1 if self.data_format == "channels_last" else 2

    def _config_value(self):
        return self.pairs[0] if self.rank == 1 else self.pairs

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        sign = -1 if self._amounts_name == "cropping" else 1
        for i, (before, after) in enumerate(self.pairs):
            axis = self._first_spatial_axis + i
            if shape[axis] is not None:
                shape[axis] += sign * (before + after)
                if shape[axis] <= 0:
                    raise ValueError(
                        f"{type(self).__name__} '{self.name}': cropping {self.pairs[i]} from "
                        f"an axis of length {input_shape[axis]} leaves nothing (input shape "
                        f"{tuple(input_shape)}). Crop less or feed larger inputs."
                    )
        return tuple(shape)

    def get_config(self) -> dict:
        config = _utils.clean_config(super().get_config())
        config[self._amounts_name] = self._config_value()
        if self.rank > 1 or self._amounts_name == "padding":
            config["data_format"] = self.data_format
        return config
