"""Argument checks and shape arithmetic shared by convolution, pooling and reshaping layers."""

from __future__ import annotations

from cornu.backend.config import standardize_data_format
from cornu.utils.legacy import legacy_kwargs

# Keras 1/2 keyword names of convolution and pooling layers -> Keras 3 names.
LEGACY_RENAMES = {
    "nb_filter": "filters",
    "filter_length": "kernel_size",
    "border_mode": "padding",
    "subsample": "strides",
    "subsample_length": "strides",
    "atrous_rate": "dilation_rate",
    "init": "kernel_initializer",
    "W_regularizer": "kernel_regularizer",
    "b_regularizer": "bias_regularizer",
    "W_constraint": "kernel_constraint",
    "b_constraint": "bias_constraint",
    "bias": "use_bias",
    "dim_ordering": "data_format",
    "pool_length": "pool_size",
    "stride": "strides",
}
_DIM_ORDERING = {"th": "channels_first", "tf": "channels_last", "default": None}


def apply_legacy(owner: str, kwargs: dict, renames: dict | None = None) -> dict:
    """Renames Keras 1/2 keywords in ``kwargs`` (warning once each) and converts
    ``dim_ordering`` values ("th"/"tf") to ``data_format`` values."""
    renames = {k: v for k, v in (renames or LEGACY_RENAMES).items() if k in kwargs}
    if not renames:
        return kwargs
    ordering = kwargs.get("dim_ordering")
    kwargs = legacy_kwargs(owner, kwargs, renames)
    if "dim_ordering" in renames:
        kwargs["data_format"] = _DIM_ORDERING.get(ordering, ordering)
    return kwargs


def take(kwargs: dict, **defaults) -> dict:
    """``defaults`` updated with the same-named entries popped from ``kwargs``."""
    return {name: kwargs.pop(name, value) for name, value in defaults.items()}


def clean_config(config: dict) -> dict:
    """Drops Keras 1/2 spellings that the generic ``Layer.get_config`` copied from the
    constructor's keywords (their modern equivalents are in the config already)."""
    for name in LEGACY_RENAMES:
        config.pop(name, None)
    for name in ("nb_row", "nb_col", "kernel_dim1", "kernel_dim2", "kernel_dim3", "length"):
        config.pop(name, None)
    return config


def standardize_tuple(value, n: int, name: str, allow_zero: bool = False) -> tuple:
    """``value`` (an int or ``n`` ints) as a tuple of ``n`` positive (or >= 0) ints."""
    if isinstance(value, int) and not isinstance(value, bool):
        out = (value,) * n
    else:
        try:
            out = tuple(value)
        except TypeError:
            out = ()
        if len(out) != n or not all(isinstance(v, int) and not isinstance(v, bool)
                                    for v in out):
            raise ValueError(
                f"`{name}` must be an int or a tuple of {n} ints, got {name}={value!r}."
            )
    low = 0 if allow_zero else 1
    if any(v < low for v in out):
        raise ValueError(
            f"`{name}` values must be {'>= 0' if allow_zero else 'positive'}, got "
            f"{name}={value!r}."
        )
    return out


def standardize_padding(value, allow_causal: bool = False) -> str:
    mode = str(value).lower()
    allowed = ("valid", "same", "causal") if allow_causal else ("valid", "same")
    if mode not in allowed:
        raise ValueError(f"`padding` must be one of {allowed}, got padding={value!r}.")
    return mode


def data_format(value) -> str:
    return standardize_data_format(value)


def conv_output_length(length, kernel: int, padding: str, stride: int, dilation: int = 1):
    """Output length of one spatial axis of a convolution or pooling (None stays None)."""
    if length is None:
        return None
    if padding == "valid":
        return (length - (kernel - 1) * dilation - 1) // stride + 1
    return (length - 1) // stride + 1


def deconv_output_length(length, kernel: int, padding: str, output_padding, stride: int,
                         dilation: int = 1):
    """Output length of one spatial axis of a transposed convolution."""
    if length is None:
        return None
    effective = (kernel - 1) * dilation + 1
    if padding == "valid":
        extra = max(effective, stride) - effective if output_padding is None else output_padding
        return (length - 1) * stride + effective + extra
    if output_padding is None:
        return length * stride
    return (length - 1) * stride + effective % 2 + output_padding


def spatial_shape(input_shape, channels_last: bool) -> tuple:
    return tuple(input_shape[1:-1] if channels_last else input_shape[2:])


def with_spatial(input_shape, spatial, channels, channels_last: bool) -> tuple:
    """A full output shape from the batch size, new spatial sizes and a channel count."""
    if channels_last:
        return (input_shape[0], *spatial, channels)
    return (input_shape[0], channels, *spatial)


def check_positive_output(layer, input_shape, out_spatial, window) -> None:
    """Raises when a "valid" window does not fit in the input."""
    if any(n is not None and n <= 0 for n in out_spatial):
        raise ValueError(
            f"{type(layer).__name__} '{layer.name}': the input shape {tuple(input_shape)} is "
            f"too small for a window of {window} with padding='valid' (the output would have "
            f"spatial size {tuple(out_spatial)}). Use larger inputs, a smaller window, or "
            "padding='same'."
        )
