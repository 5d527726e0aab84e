"""``InputSpec``: what a layer accepts, checked on every call with a readable error."""

from __future__ import annotations

from cornu.backend.common.dtypes import standardize_dtype


class InputSpec:
    """Constraints on the rank, dtype and sizes of a layer's input.

    Args:
        dtype: expected dtype name, or None.
        shape: full expected shape (None entries match anything).
        ndim / max_ndim / min_ndim: rank constraints.
        axes: ``{axis: size}`` sizes that must match (e.g. ``{-1: 16}``).
        allow_last_axis_squeeze: accept a trailing axis of size 1 as missing.
        name: the input's name (multi-input layers).
    """

    def __init__(self, dtype=None, shape=None, ndim=None, max_ndim=None, min_ndim=None,
                 axes=None, allow_last_axis_squeeze=False, name=None, optional=False):
        self.dtype = standardize_dtype(dtype) if dtype is not None else None
        self.shape = tuple(shape) if shape is not None else None
        self.ndim = len(self.shape) if self.shape is not None else ndim
        self.max_ndim = max_ndim
        self.min_ndim = min_ndim
        self.axes = {int(k): v for k, v in (axes or {}).items()}
        self.allow_last_axis_squeeze = allow_last_axis_squeeze
        self.name = name
        self.optional = optional

    def __repr__(self) -> str:
        parts = [f"{k}={v}" for k, v in vars(self).items() if v not in (None, {}, False)]
        return f"InputSpec({', '.join(parts)})"

    def get_config(self) -> dict:
        return {k: v for k, v in vars(self).items()}


def assert_input_compatibility(specs, inputs, layer_name: str) -> None:
    """Raises ValueError naming the layer when ``inputs`` break ``specs``."""
    if specs is None:
        return
    if not isinstance(specs, (list, tuple)):
        specs = [specs]
    flat = inputs if isinstance(inputs, (list, tuple)) else [inputs]
    if len(flat) != len(specs) and len(specs) != 1:
        raise ValueError(
            f"Layer '{layer_name}' expects {len(specs)} input(s), but it received "
            f"{len(flat)} input tensors."
        )
    for index, (spec, x) in enumerate(zip(specs, flat)):
        if spec is None or x is None:
            continue
        shape = tuple(x.shape)
        rank = len(shape)
        where = f"Input {index} of layer '{layer_name}'"
        if spec.ndim is not None and rank != spec.ndim and not (
            spec.allow_last_axis_squeeze and _squeezable(shape, spec.ndim)
        ):
            raise ValueError(
                f"{where} is incompatible with the layer: expected ndim={spec.ndim}, found "
                f"ndim={rank}. Full shape received: {_fmt(shape)}"
            )
        if spec.max_ndim is not None and rank > spec.max_ndim:
            raise ValueError(
                f"{where} is incompatible with the layer: expected max_ndim={spec.max_ndim}, "
                f"found ndim={rank}. Full shape received: {_fmt(shape)}"
            )
        if spec.min_ndim is not None and rank < spec.min_ndim:
            raise ValueError(
                f"{where} is incompatible with the layer: expected min_ndim={spec.min_ndim}, "
                f"found ndim={rank}. Full shape received: {_fmt(shape)}"
            )
        if spec.dtype is not None:
            got = standardize_dtype(x.dtype)
            if got != spec.dtype:
                raise ValueError(
                    f"{where} is incompatible with the layer: expected dtype={spec.dtype}, "
                    f"found dtype={got}"
                )
        for axis, size in spec.axes.items():
            if size is None:
                continue
            if axis >= rank or axis < -rank:
                raise ValueError(
                    f"{where} is incompatible with the layer: expected axis {axis} of size "
                    f"{size}, but the input has rank {rank}. Full shape received: {_fmt(shape)}"
                )
            got = shape[axis]
            if got is not None and got != size:
                raise ValueError(
                    f"{where} is incompatible with the layer: expected axis {axis} of input "
                    f"shape to have value {size}, but received input with shape {_fmt(shape)}"
                )
        if spec.shape is not None:
            for want, got in zip(spec.shape, shape):
                if want is not None and got is not None and want != got:
                    raise ValueError(
                        f"{where} is incompatible with the layer: expected shape={spec.shape}, "
                        f"found shape={_fmt(shape)}"
                    )


def _squeezable(shape, ndim) -> bool:
    return len(shape) == ndim + 1 and shape[-1] == 1 or len(shape) == ndim - 1


def _fmt(shape) -> tuple:
    return tuple(None if d is None else int(d) for d in shape)
