"""Keras 2 ``K.*`` shape and layout functions: shapes, reshaping, joining, indexing."""

from __future__ import annotations

from typing import Any

import numpy as np

from cornu import backend, ops
from cornu.backend.common.keras_tensor import KerasTensor


def shape(x: Any) -> tuple:
    """The shape of ``x`` (None for the unknown dimensions of a symbolic tensor)."""
    return ops.shape(x)


def int_shape(x: Any) -> tuple | None:
    """The shape of ``x`` as a tuple of ints and None; ``tuple(x.shape)`` in Keras 3."""
    if not hasattr(x, "shape"):
        return None
    return tuple(None if d is None else int(d) for d in x.shape)


def ndim(x: Any) -> int:
    """The number of axes of ``x``; ``len(x.shape)`` in Keras 3."""
    return len(x.shape)


def dtype(x: Any) -> str:
    """The dtype name of ``x`` ("float32"...); ``cornu.ops.dtype``."""
    return backend.standardize_dtype(x.dtype)


def count_params(x: Any) -> int:
    """The number of scalars in ``x``."""
    return int(np.prod(int_shape(x)))


def permute_dimensions(x: Any, pattern: Any) -> Any:
    """Reorders the axes of ``x``; ``cornu.ops.transpose(x, axes=pattern)``."""
    return ops.transpose(x, axes=tuple(pattern))


def concatenate(tensors: Any, axis: int = -1) -> Any:
    """Joins tensors along ``axis`` (default -1, as Keras 2); ``cornu.ops.concatenate``."""
    return ops.concatenate(list(tensors), axis=axis)


def expand_dims(x: Any, axis: int = -1) -> Any:
    """Adds an axis of size 1 at ``axis`` (default -1); ``cornu.ops.expand_dims``."""
    return ops.expand_dims(x, axis)


def gather(reference: Any, indices: Any) -> Any:
    """The rows ``indices`` of ``reference`` (axis 0); ``cornu.ops.take(x, i, axis=0)``."""
    return ops.take(reference, indices, axis=0)


def flatten(x: Any) -> Any:
    """All of ``x`` as one vector; ``cornu.ops.ravel``."""
    return ops.ravel(x)


def batch_flatten(x: Any) -> Any:
    """``x`` as a matrix ``(batch, features)``; ``cornu.ops.reshape(x, (batch, -1))``."""
    batch = ops.shape(x)[0]
    return ops.reshape(x, (-1 if batch is None else batch, int(np.prod(ops.shape(x)[1:]))))


def repeat(x: Any, n: int) -> Any:
    """Repeats a batch of vectors ``(batch, dim)`` into ``(batch, n, dim)``."""
    if len(ops.shape(x)) != 2:
        raise ValueError(f"repeat: expected a 2-d tensor (batch, dim), got shape {ops.shape(x)}.")
    return ops.repeat(ops.expand_dims(x, 1), n, axis=1)


def repeat_elements(x: Any, rep: int, axis: int) -> Any:
    """Repeats each element ``rep`` times along ``axis``; ``cornu.ops.repeat``."""
    return ops.repeat(x, rep, axis=axis)


def reverse(x: Any, axes: Any) -> Any:
    """Flips ``x`` along ``axes``; ``cornu.ops.flip``."""
    return ops.flip(x, axis=tuple(axes) if isinstance(axes, (list, tuple)) else axes)


def arange(start: Any, stop: Any = None, step: Any = 1, dtype: str = "int32") -> Any:
    """Evenly spaced values (int32 by default, as Keras 2); ``cornu.ops.arange``."""
    return ops.arange(start, stop, step, dtype=dtype)


def one_hot(indices: Any, num_classes: int) -> Any:
    """One-hot vectors of length ``num_classes``; ``cornu.ops.one_hot``."""
    return ops.one_hot(indices, num_classes)


def cast_to_floatx(x: Any) -> np.ndarray:
    """A NumPy array of ``x`` in ``floatx()``."""
    return np.asarray(x, dtype=backend.floatx())


def zeros_like(x: Any, dtype: str | None = None, name: str | None = None) -> Any:
    """Zeros of the shape of ``x``; ``cornu.ops.zeros_like``."""
    return ops.zeros_like(x, dtype=dtype)


def ones_like(x: Any, dtype: str | None = None, name: str | None = None) -> Any:
    """Ones of the shape of ``x``; ``cornu.ops.ones_like``."""
    return ops.ones_like(x, dtype=dtype)


def identity(x: Any, name: str | None = None) -> Any:
    """A copy of ``x``; ``cornu.ops.copy``."""
    return ops.copy(x)


def stop_gradient(variables: Any) -> Any:
    """``variables`` (a tensor or a list) cut from the gradient; ``cornu.ops.stop_gradient``."""
    if isinstance(variables, (list, tuple)):
        return [stop_gradient(v) for v in variables]
    if not isinstance(variables, KerasTensor):
        variables = ops.convert_to_tensor(variables)
    return ops.stop_gradient(variables)


def is_keras_tensor(x: Any) -> bool:
    """True for a symbolic tensor of the functional API."""
    return isinstance(x, KerasTensor)


def is_tensor(x: Any) -> bool:
    """True for an engine tensor or a symbolic tensor."""
    return isinstance(x, KerasTensor) or backend.is_tensor(x)


def is_sparse(x: Any) -> bool:
    """Always False: cornu tensors are dense."""
    return False


def to_dense(x: Any) -> Any:
    """``x`` itself: cornu tensors are dense."""
    return x
