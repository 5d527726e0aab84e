"""Small conversions shared by the loss functions: cheap when inputs already are tensors."""

from __future__ import annotations

from cornu import backend, ops
from cornu.backend.common.dtypes import FLOAT_TYPES
from cornu.backend.common.keras_tensor import KerasTensor

_IS_FLOAT: dict = {}
_ENGINE_DTYPES: dict = {}


def is_float(x) -> bool:
    """Whether the tensor ``x`` holds floating-point values (cached per dtype object)."""
    dtype = x.dtype
    flag = _IS_FLOAT.get(dtype)
    if flag is None:
        flag = _IS_FLOAT[dtype] = backend.standardize_dtype(dtype) in FLOAT_TYPES
    return flag


def _engine_dtype(dtype):
    engine = _ENGINE_DTYPES.get(dtype)
    if engine is None:
        engine = _ENGINE_DTYPES[dtype] = backend.to_engine_dtype(dtype)
    return engine


def to_tensor(x, dtype=None):
    """``x`` as a tensor (symbolic tensors pass through), cast to ``dtype`` when given."""
    if isinstance(x, backend.Tensor):  # the per-step case: no conversion, at most a cast
        if dtype is None or x.dtype is dtype:
            return x
        engine = _engine_dtype(dtype)
        return x if x.dtype == engine else ops.cast(x, engine)
    if isinstance(x, KerasTensor):
        if dtype is None or x.dtype == backend.standardize_dtype(dtype):
            return x
        return ops.cast(x, dtype)
    return backend.convert_to_tensor(x, dtype=dtype)


def to_float(x):
    """``x`` as a floating-point tensor: integer and boolean inputs become ``floatx()``."""
    x = to_tensor(x)
    return x if is_float(x) else ops.cast(x, backend.floatx())


def float_pair(y_true, y_pred):
    """Converts ``y_pred`` to a float tensor and ``y_true`` to the same dtype."""
    y_pred = to_float(y_pred)
    return to_tensor(y_true, y_pred.dtype), y_pred


def mean_last_axis(x, axis=-1):
    """``mean(x, axis)``; a size-1 last axis is dropped instead (a view, no kernel)."""
    if axis in (-1, x.ndim - 1) and x.ndim and x.shape[-1] == 1:
        return ops.squeeze(x, axis=-1)
    return ops.mean(x, axis=axis)


def squeeze_or_expand_to_same_rank(x1, x2, expand_rank_1: bool = True):
    """Makes two tensors whose ranks differ by one, on a size-1 last axis, the same rank.

    The tensor with the extra trailing axis of size 1 is squeezed; when the other one has
    rank 1 (and ``expand_rank_1`` is true) that one gains the axis instead, so that a
    ``(batch,)`` target meets a ``(batch, 1)`` prediction as ``(batch, 1)``.

    Args:
        x1: a tensor.
        x2: a tensor.
        expand_rank_1: expand a rank-1 tensor rather than squeeze the other one.

    Returns:
        The pair ``(x1, x2)``, possibly reshaped.

    Example:
        >>> from cornu import ops
        >>> a, b = squeeze_or_expand_to_same_rank(ops.ones((4,)), ops.ones((4, 1)))
        >>> tuple(a.shape), tuple(b.shape)
        ((4, 1), (4, 1))
    """
    rank1, rank2 = len(x1.shape), len(x2.shape)
    if rank1 == rank2:
        return x1, x2
    if rank1 == rank2 + 1 and x1.shape[-1] == 1:
        if rank2 == 1 and expand_rank_1:
            x2 = ops.expand_dims(x2, -1)
        else:
            x1 = ops.squeeze(x1, -1)
    elif rank2 == rank1 + 1 and x2.shape[-1] == 1:
        if rank1 == 1 and expand_rank_1:
            x1 = ops.expand_dims(x1, -1)
        else:
            x2 = ops.squeeze(x2, -1)
    return x1, x2


def set_mask(x, mask):
    """Attaches ``mask`` to ``x`` the way layers carry masks (``_keras_mask``)."""
    try:
        x._keras_mask = mask
    except AttributeError:  # pragma: no cover - tensors of some engines refuse attributes
        pass
    return x
