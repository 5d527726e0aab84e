"""Keras 2 ``K.*`` variables, constants, value access and random tensors."""

from __future__ import annotations

from typing import Any

import numpy as np

from cornu import backend, ops
from cornu.backend.common.keras_tensor import KerasTensor


def _float(dtype: str | None) -> str:
    return backend.standardize_dtype(dtype) if dtype is not None else backend.floatx()


def variable(value: Any, dtype: str | None = None, name: str | None = None,
             constraint: Any = None) -> Any:
    """A variable holding ``value``; ``cornu.Variable(value, dtype=..., name=...)``."""
    dtype = _float(dtype)
    var = backend.Variable(np.asarray(backend.convert_to_numpy(value), dtype=dtype),
                           dtype=dtype, name=name)
    if constraint is not None:
        var.constraint = constraint
    return var


def constant(value: Any, dtype: str | None = None, shape: Any = None,
             name: str | None = None) -> Any:
    """A tensor of ``value`` (filled to ``shape`` when given); ``cornu.ops.convert_to_tensor``."""
    array = np.asarray(value, dtype=_float(dtype))
    if shape is not None:
        array = np.broadcast_to(array, tuple(shape)).copy()
    return ops.convert_to_tensor(array)


def zeros(shape: Any, dtype: str | None = None, name: str | None = None) -> Any:
    """A variable of zeros; ``cornu.Variable(np.zeros(shape))``."""
    return variable(np.zeros(tuple(shape)), dtype=dtype, name=name)


def ones(shape: Any, dtype: str | None = None, name: str | None = None) -> Any:
    """A variable of ones; ``cornu.Variable(np.ones(shape))``."""
    return variable(np.ones(tuple(shape)), dtype=dtype, name=name)


def eye(size: Any, dtype: str | None = None, name: str | None = None) -> Any:
    """A variable holding the identity matrix ``size`` (an int or a pair)."""
    rows, cols = (size, size) if isinstance(size, int) else size
    return variable(np.eye(rows, cols), dtype=dtype, name=name)


def random_normal_variable(shape: Any, mean: float, scale: float, dtype: str | None = None,
                           name: str | None = None, seed: int | None = None) -> Any:
    """A variable drawn from a normal distribution."""
    return variable(random_normal(shape, mean, scale, dtype, seed), dtype=dtype, name=name)


def random_uniform_variable(shape: Any, low: float, high: float, dtype: str | None = None,
                            name: str | None = None, seed: int | None = None) -> Any:
    """A variable drawn uniformly from ``[low, high)``."""
    return variable(random_uniform(shape, low, high, dtype, seed), dtype=dtype, name=name)


def placeholder(shape: Any = None, ndim: int | None = None, dtype: str | None = None,
                sparse: bool = False, name: str | None = None) -> KerasTensor:
    """A symbolic input of full shape ``shape`` (batch included); ``cornu.Input``."""
    from cornu.layers import Input

    if shape is None:
        if ndim is None:
            raise ValueError("placeholder: pass `shape=` (batch axis included) or `ndim=`.")
        shape = (None,) * ndim
    return Input(batch_shape=tuple(shape), dtype=_float(dtype), name=name)


def eval(x: Any) -> np.ndarray:
    """The value of ``x`` as a NumPy array; ``cornu.ops.convert_to_numpy``."""
    return backend.convert_to_numpy(x)


def get_value(x: Any) -> np.ndarray:
    """The value of ``x`` as a NumPy array; ``variable.numpy()``."""
    return backend.convert_to_numpy(x)


def batch_get_value(tensors: Any) -> list:
    """The values of several tensors as NumPy arrays."""
    return [backend.convert_to_numpy(x) for x in tensors]


def set_value(x: Any, value: Any) -> None:
    """Sets a variable from a NumPy array; ``variable.assign(value)``."""
    x.assign(np.asarray(value))


def batch_set_value(tuples: Any) -> None:
    """Sets several variables from ``(variable, value)`` pairs."""
    for x, value in tuples:
        x.assign(np.asarray(value))


def update(x: Any, new_x: Any) -> Any:
    """``x.assign(new_x)``; returns ``x``."""
    x.assign(new_x)
    return x


def update_add(x: Any, increment: Any) -> Any:
    """``x.assign_add(increment)``; returns ``x``."""
    x.assign_add(increment)
    return x


def update_sub(x: Any, decrement: Any) -> Any:
    """``x.assign_sub(decrement)``; returns ``x``."""
    x.assign_sub(decrement)
    return x


def moving_average_update(x: Any, value: Any, momentum: float) -> Any:
    """``x = momentum * x + (1 - momentum) * value``; returns ``x``."""
    x.assign(ops.add(ops.multiply(ops.stop_gradient(x), momentum),
                     ops.multiply(value, 1.0 - momentum)))
    return x


def print_tensor(x: Any, message: str = "") -> Any:
    """Prints ``message`` and the value of ``x``; returns ``x``."""
    if not isinstance(x, KerasTensor):
        print(message, backend.convert_to_numpy(x))
    return x


def random_normal(shape: Any, mean: float = 0.0, stddev: float = 1.0,
                  dtype: str | None = None, seed: int | None = None) -> Any:
    """Normal draws; ``cornu.random.normal``."""
    return backend.random.normal(tuple(shape), mean, stddev, _float(dtype), seed)


def random_uniform(shape: Any, minval: float = 0.0, maxval: float = 1.0,
                   dtype: str | None = None, seed: int | None = None) -> Any:
    """Uniform draws in ``[minval, maxval)``; ``cornu.random.uniform``."""
    return backend.random.uniform(tuple(shape), minval, maxval, _float(dtype), seed)


def truncated_normal(shape: Any, mean: float = 0.0, stddev: float = 1.0,
                     dtype: str | None = None, seed: int | None = None) -> Any:
    """Normal draws within two standard deviations; ``cornu.random.truncated_normal``."""
    return backend.random.truncated_normal(tuple(shape), mean, stddev, _float(dtype), seed)


def random_binomial(shape: Any, p: float = 0.0, dtype: str | None = None,
                    seed: int | None = None) -> Any:
    """1 with probability ``p``, else 0; ``cornu.random.binomial``."""
    draws = random_uniform(shape, dtype=_float(dtype), seed=seed)
    return ops.cast(ops.less(draws, p), _float(dtype))


def dropout(x: Any, level: float, noise_shape: Any = None, seed: int | None = None) -> Any:
    """Zeroes a fraction ``level`` of ``x`` and scales the rest; ``cornu.random.dropout``."""
    return ops.dropout(x, level, noise_shape=noise_shape, seed=seed)
