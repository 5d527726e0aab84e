"""Helpers shared by the normalization layers."""

from __future__ import annotations


def check_axes(layer, axis, input_shape) -> None:
    """Raises ValueError naming ``layer`` when an axis is outside ``input_shape``."""
    axes = axis if isinstance(axis, (list, tuple)) else [axis]
    ndim = len(input_shape)
    for a in axes:
        if not -ndim <= a < ndim:
            raise ValueError(
                f"{type(layer).__name__} '{layer.name}': axis {a} is out of range for "
                f"inputs of shape {tuple(input_shape)} (axis={axis})."
            )


def standardize_axis(layer, axis):
    """``axis`` as Keras keeps it: an int, or a list of ints."""
    if isinstance(axis, (list, tuple)):
        if not all(isinstance(a, int) and not isinstance(a, bool) for a in axis):
            raise TypeError(
                f"{type(layer).__name__}: `axis` must be an int or a list of ints, got "
                f"axis={axis!r}."
            )
        return list(axis)
    if isinstance(axis, int) and not isinstance(axis, bool):
        return axis
    raise TypeError(
        f"{type(layer).__name__}: `axis` must be an int or a list of ints, got axis={axis!r}."
    )
