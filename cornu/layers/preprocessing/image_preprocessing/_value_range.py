"""The ``value_range`` argument of the colour layers."""

from __future__ import annotations


def check_value_range(layer, value_range) -> list:
    if not isinstance(value_range, (tuple, list)) or len(value_range) != 2:
        raise ValueError(
            f"{type(layer).__name__}: `value_range` must be a pair (low, high) such as "
            f"(0, 255) or (0, 1), got value_range={value_range!r}."
        )
    return sorted(value_range)
