"""Checks for the range-like arguments of the newer augmentation layers."""

from __future__ import annotations


def bounded_range(layer, value, name, low=0, high=1) -> tuple:
    """``f`` -> ``(max(-|f|, low), |f|)``; a pair -> sorted, as Keras reads ``factor``-like
    arguments; raises a ValueError naming the layer and the argument otherwise."""
    message = (f"{type(layer).__name__}: `{name}` must be a number or a pair of numbers in "
               f"[{low}, {high}], got {name}={value!r}.")
    if isinstance(value, (tuple, list)):
        if len(value) != 2 or not all(isinstance(v, (int, float)) for v in value):
            raise ValueError(message)
        lower, upper = sorted(value)
        if lower > high or upper < low:
            raise ValueError(message)
        return (lower, upper)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not low <= value <= high:
            raise ValueError(message)
        return (max(-abs(value), low), abs(value))
    raise ValueError(message)


def odd_size_pair(layer, value, name) -> tuple:
    """An odd kernel size or a pair of odd sizes -> a pair."""
    pair = tuple(value) if isinstance(value, (tuple, list)) else (value, value)
    if len(pair) != 2 or not all(isinstance(v, int) and v > 0 and v % 2 for v in pair):
        raise ValueError(f"{type(layer).__name__}: `{name}` must be an odd positive integer or "
                         f"a pair of them (such as 3 or (3, 5)), got {name}={value!r}.")
    return pair
