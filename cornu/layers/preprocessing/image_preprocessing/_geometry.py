"""Shared by the warping layers: factor ranges, fill modes and interpolation checks."""

from __future__ import annotations

FILL_MODES = ("reflect", "wrap", "constant", "nearest")
INTERPOLATIONS = ("nearest", "bilinear")


def factor_range(layer, factor, name, low=-1.0, high=1.0, open_low=False):
    """``f`` -> ``(-|f|, |f|)``; a pair -> sorted; each value checked against [low, high]."""

    def check(value):
        bad = value > high or value < low or (open_low and value <= low)
        if bad:
            bracket = "(" if open_low else "["
            raise ValueError(
                f"{type(layer).__name__}: `{name}` must be a number or a pair of numbers in "
                f"{bracket}{low}, {high}], got {name}={factor!r}."
            )

    if isinstance(factor, (tuple, list)):
        if len(factor) != 2:
            raise ValueError(f"{type(layer).__name__}: `{name}` must be a number or a pair, "
                             f"got {name}={factor!r}.")
        check(factor[0])
        check(factor[1])
        return tuple(sorted(factor))
    if isinstance(factor, (int, float)):
        check(factor)
        return (-abs(factor), abs(factor))
    raise ValueError(f"{type(layer).__name__}: `{name}` must be a number or a pair, got "
                     f"{name}={factor!r}.")


def check_modes(layer, fill_mode, interpolation):
    if fill_mode not in FILL_MODES:
        raise NotImplementedError(
            f"{type(layer).__name__}: unknown fill_mode={fill_mode!r}; expected one of "
            f"{FILL_MODES}."
        )
    if interpolation not in INTERPOLATIONS:
        raise NotImplementedError(
            f"{type(layer).__name__}: unknown interpolation={interpolation!r}; expected one "
            f"of {INTERPOLATIONS}."
        )
