"""Keras 2 ``K.*`` math: element-wise functions, reductions, comparisons, products."""

from __future__ import annotations

import string
from typing import Any

from cornu import ops


def _axis(axis: Any) -> Any:
    return tuple(axis) if isinstance(axis, list) else axis


def _reduce(name: str, x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    return getattr(ops, name)(x, axis=_axis(axis), keepdims=keepdims)


def sum(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Sum over ``axis`` (all axes when None); ``cornu.ops.sum``."""
    return _reduce("sum", x, axis, keepdims)


def prod(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Product over ``axis``; ``cornu.ops.prod``."""
    return _reduce("prod", x, axis, keepdims)


def mean(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Mean over ``axis``; ``cornu.ops.mean``."""
    return _reduce("mean", ops.cast(x, "float32") if _is_bool(x) else x, axis, keepdims)


def max(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Maximum over ``axis``; ``cornu.ops.max``."""
    return _reduce("max", x, axis, keepdims)


def min(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Minimum over ``axis``; ``cornu.ops.min``."""
    return _reduce("min", x, axis, keepdims)


def std(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Population standard deviation over ``axis``; ``cornu.ops.std``."""
    return _reduce("std", x, axis, keepdims)


def var(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Population variance over ``axis``; ``cornu.ops.var``."""
    return _reduce("var", x, axis, keepdims)


def any(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Logical OR over ``axis``; ``cornu.ops.any``."""
    return _reduce("any", x, axis, keepdims)


def all(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Logical AND over ``axis``; ``cornu.ops.all``."""
    return _reduce("all", x, axis, keepdims)


def logsumexp(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """``log(sum(exp(x)))`` over ``axis``, computed stably; ``cornu.ops.logsumexp``."""
    return _reduce("logsumexp", x, axis, keepdims)


def cumsum(x: Any, axis: int = 0) -> Any:
    """Cumulative sum along ``axis`` (default 0, as Keras 2); ``cornu.ops.cumsum``."""
    return ops.cumsum(x, axis=axis)


def cumprod(x: Any, axis: int = 0) -> Any:
    """Cumulative product along ``axis`` (default 0); ``cornu.ops.cumprod``."""
    return ops.cumprod(x, axis=axis)


def argmax(x: Any, axis: int = -1) -> Any:
    """Index of the maximum along ``axis`` (default -1, as Keras 2); ``cornu.ops.argmax``."""
    return ops.argmax(x, axis=axis)


def argmin(x: Any, axis: int = -1) -> Any:
    """Index of the minimum along ``axis`` (default -1); ``cornu.ops.argmin``."""
    return ops.argmin(x, axis=axis)


def sqrt(x: Any) -> Any:
    """Square root; negative inputs count as 0, as Keras 2 did."""
    return ops.sqrt(ops.maximum(x, 0.0))


def pow(x: Any, a: Any) -> Any:
    """``x ** a``; ``cornu.ops.power``."""
    return ops.power(x, a)


def clip(x: Any, min_value: Any, max_value: Any) -> Any:
    """Clips ``x`` into ``[min_value, max_value]`` (None for no bound); ``cornu.ops.clip``."""
    if max_value is None:
        max_value = float("inf")
    if min_value is None:
        min_value = -float("inf")
    if isinstance(min_value, (int, float)) and isinstance(max_value, (int, float)):
        max_value = max_value if max_value >= min_value else min_value
    return ops.clip(x, min_value, max_value)


def dot(x: Any, y: Any) -> Any:
    """Matrix product; for N-d inputs NumPy's ``dot`` rule (sum over the last axis of ``x``
    and the second-to-last of ``y``). Keras 3: ``cornu.ops.dot``/``ops.tensordot``."""
    x_ndim, y_ndim = len(ops.shape(x)), len(ops.shape(y))
    if x_ndim <= 2 and y_ndim <= 2:
        return ops.matmul(x, y)
    return ops.tensordot(x, y, axes=[[x_ndim - 1], [max(y_ndim - 2, 0)]])


def batch_dot(x: Any, y: Any, axes: Any = None) -> Any:
    """Per-sample dot product of two batches: axis 0 is the batch, ``axes`` are summed over.

    The result keeps ``x``'s other axes, then ``y``'s. ``axes`` defaults to
    ``(ndim(x) - 1, ndim(y) - 2)`` (``(1, 1)`` for two matrices). A 1-d result (two batches
    of vectors) gets a trailing axis of size 1, as in Keras 1/2.
    """
    x_ndim, y_ndim = len(ops.shape(x)), len(ops.shape(y))
    if x_ndim < 2 or y_ndim < 2:
        raise ValueError(
            f"batch_dot: both inputs need at least 2 dimensions (batch first), got shapes "
            f"{ops.shape(x)} and {ops.shape(y)}."
        )
    if isinstance(axes, int):
        axes = (axes, axes)
    if axes is None:
        axes = (x_ndim - 1, y_ndim - 1 if y_ndim == 2 else y_ndim - 2)
    a0, a1 = (a % n for a, n in zip(axes, (x_ndim, y_ndim)))
    if a0 == 0 or a1 == 0:
        raise ValueError(f"batch_dot: cannot sum over the batch axis 0 (axes={tuple(axes)}).")
    letters = iter(string.ascii_letters[1:])
    x_sub = ["a"] + [next(letters) for _ in range(x_ndim - 1)]
    y_sub = ["a"] + [next(letters) for _ in range(y_ndim - 1)]
    y_sub[a1] = x_sub[a0]
    out = ["a"] + [s for i, s in enumerate(x_sub) if i not in (0, a0)]
    out += [s for i, s in enumerate(y_sub) if i not in (0, a1)]
    result = ops.einsum(f"{''.join(x_sub)},{''.join(y_sub)}->{''.join(out)}", x, y)
    if len(out) == 1:
        result = ops.expand_dims(result, -1)
    return result


def l2_normalize(x: Any, axis: Any = None) -> Any:
    """``x / sqrt(max(sum(x**2, axis), 1e-12))``; ``cornu.ops.normalize(x, axis)``."""
    square_sum = ops.sum(ops.square(x), axis=_axis(axis), keepdims=True)
    return ops.multiply(x, ops.rsqrt(ops.maximum(square_sum, 1e-12)))


def _is_bool(x: Any) -> bool:
    return str(getattr(x, "dtype", "")).endswith("bool")
