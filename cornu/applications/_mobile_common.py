"""Pieces shared by the MobileNet and EfficientNet families (private)."""

from __future__ import annotations

from cornu import layers
from cornu.backend import config
from cornu.backend.common.keras_tensor import is_keras_tensor

_POOLINGS = (None, "avg", "max")


def channels_first() -> bool:
    return config.image_data_format() == "channels_first"


def channel_axis() -> int:
    return 1 if channels_first() else -1


def make_divisible(value: float, divisor: int = 8, min_value: int | None = None) -> int:
    """``value`` rounded to the nearest multiple of ``divisor`` (at least ``min_value``),
    never more than 10% below ``value``: the channel rounding of the MobileNet papers."""
    min_value = divisor if min_value is None else min_value
    rounded = max(min_value, int(value + divisor / 2) // divisor * divisor)
    if rounded < 0.9 * value:
        rounded += divisor
    return rounded


def check_common_arguments(model: str, pooling, alpha: float | None = None) -> None:
    """Arguments every model of these families shares, checked before building."""
    if pooling not in _POOLINGS:
        raise ValueError(
            f"{model}: `pooling` must be None (the 4D feature map), 'avg' or 'max'; got "
            f"pooling={pooling!r}."
        )
    if alpha is not None and not alpha > 0:
        raise ValueError(
            f"{model}: `alpha` (the width multiplier) must be a positive number, e.g. 1.0 or "
            f"0.5; got alpha={alpha!r}."
        )


def image_side(input_shape, input_tensor) -> tuple:
    """(rows, cols) of the images: from ``input_shape``, else from a symbolic
    ``input_tensor``; (None, None) when neither says."""
    shape = input_shape
    if shape is None and input_tensor is not None and is_keras_tensor(input_tensor):
        shape = tuple(input_tensor.shape)[1:]
    if shape is None or len(shape) != 3:
        return None, None
    return tuple(shape[1:3]) if channels_first() else tuple(shape[0:2])


def size_text(rows, cols) -> str:
    """"RxC", or "not fixed" when a side is free (None)."""
    return "not fixed" if rows is None or cols is None else f"{rows}x{cols}"


def top_pooling(x, pooling, avg_name: str | None = None, max_name: str | None = None):
    """The ``include_top=False`` ending: the feature map, or its global average or max."""
    if pooling == "avg":
        return layers.GlobalAveragePooling2D(name=avg_name)(x)
    if pooling == "max":
        return layers.GlobalMaxPooling2D(name=max_name)(x)
    return x
