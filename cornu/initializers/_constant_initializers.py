"""Initializers that draw no random numbers: constants and the identity matrix."""

from __future__ import annotations

from typing import Any

from cornu import backend, ops
from cornu.initializers._initializer import Initializer, check_shape


def _dtype(dtype: Any) -> str:
    return backend.standardize_dtype(dtype) or backend.floatx()


class Constant(Initializer):
    """Fills the tensor with ``value`` (a scalar, or an array broadcast to the shape).

    Args:
        value: the fill value.

    Example:
        >>> from cornu import initializers, ops
        >>> ops.convert_to_numpy(initializers.Constant(3.0)((2, 2))).tolist()
        [[3.0, 3.0], [3.0, 3.0]]
    """

    def __init__(self, value: Any = 0.0) -> None:
        if hasattr(value, "tolist") and not isinstance(value, (int, float)):
            value = backend.convert_to_numpy(value).tolist()
        self.value = value

    def __call__(self, shape: tuple[int, ...], dtype: str | None = None) -> Any:
        shape = check_shape(shape, "Constant")
        dtype = _dtype(dtype)
        if isinstance(self.value, (int, float, bool)):
            return ops.full(shape, self.value, dtype=dtype)
        value = ops.convert_to_tensor(self.value, dtype=dtype)
        return ops.multiply(value, ops.ones(shape, dtype=dtype))

    def get_config(self) -> dict:
        return {"value": self.value}


class Zeros(Initializer):
    """Fills the tensor with 0.

    Example:
        >>> from cornu import initializers, ops
        >>> ops.convert_to_numpy(initializers.Zeros()((3,))).tolist()
        [0.0, 0.0, 0.0]
    """

    def __call__(self, shape: tuple[int, ...], dtype: str | None = None) -> Any:
        return ops.zeros(check_shape(shape, "Zeros"), dtype=_dtype(dtype))


class Ones(Initializer):
    """Fills the tensor with 1.

    Example:
        >>> from cornu import initializers, ops
        >>> ops.convert_to_numpy(initializers.Ones()((2,), dtype="int32")).tolist()
        [1, 1]
    """

    def __call__(self, shape: tuple[int, ...], dtype: str | None = None) -> Any:
        return ops.ones(check_shape(shape, "Ones"), dtype=_dtype(dtype))


class Identity(Initializer):
    """The identity matrix times ``gain`` (for 2D shapes; non-square ones get ones on the
    main diagonal).

    Args:
        gain: the value on the diagonal.

    Example:
        >>> from cornu import initializers, ops
        >>> ops.convert_to_numpy(initializers.Identity(gain=2.0)((2, 3))).tolist()
        [[2.0, 0.0, 0.0], [0.0, 2.0, 0.0]]
    """

    def __init__(self, gain: float = 1.0) -> None:
        self.gain = gain

    def __call__(self, shape: tuple[int, ...], dtype: str | None = None) -> Any:
        shape = check_shape(shape, "Identity")
        if len(shape) != 2:
            raise ValueError(
                f"Identity initializer: expected a 2D shape (rows, columns), got "
                f"shape={shape}. Use it for square or rectangular kernels only."
            )
        eye = ops.eye(shape[0], shape[1], dtype=_dtype(dtype))
        return eye if self.gain == 1 else ops.multiply(eye, self.gain)

    def get_config(self) -> dict:
        return {"gain": self.gain}
