"""The base class of every initializer, and helpers its subclasses share."""

from __future__ import annotations

from typing import Any

from cornu import backend
from cornu.backend.common.variables import standardize_shape


class Initializer:
    """Base class of weight initializers: ``init(shape, dtype=None)`` returns a tensor.

    Subclasses implement ``__call__`` and, if their constructor takes arguments,
    ``get_config`` returning those arguments so that ``from_config`` can rebuild them.

    Example:
        >>> from cornu import initializers, ops
        >>> class Twos(initializers.Initializer):
        ...     def __call__(self, shape, dtype=None):
        ...         return ops.full(shape, 2.0, dtype=dtype)
        >>> ops.convert_to_numpy(Twos()((2,))).tolist()
        [2.0, 2.0]
    """

    def __call__(self, shape: tuple[int, ...], dtype: str | None = None) -> Any:
        """Returns a new tensor of ``shape`` and ``dtype`` (default ``floatx()``).

        Args:
            shape: the shape of the tensor.
            dtype: its dtype name; None means ``cornu.backend.floatx()``.

        Returns:
            A backend tensor.
        """
        raise NotImplementedError(
            f"{type(self).__name__} must implement __call__(self, shape, dtype=None)."
        )

    def get_config(self) -> dict:
        """Returns the constructor arguments as a JSON-friendly dict."""
        return {}

    @classmethod
    def from_config(cls, config: dict) -> Initializer:
        """Builds an initializer from the output of ``get_config``."""
        return cls(**config)

    def clone(self) -> Initializer:
        """Returns a new initializer with the same configuration."""
        return type(self).from_config(self.get_config())

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"


def check_shape(shape: Any, who: str) -> tuple[int, ...]:
    """``shape`` as a tuple of ints, or a ValueError naming the initializer."""
    shape = standardize_shape(shape, f"{who} shape")
    if None in shape:
        raise ValueError(f"{who}: the shape must be fully known, got {shape}.")
    return shape


def float_dtype(dtype: Any, who: str) -> str:
    """``dtype`` as a float dtype name (default ``floatx()``), or a ValueError."""
    name = backend.standardize_dtype(dtype) or backend.floatx()
    if not name.startswith(("float", "bfloat")):
        raise ValueError(
            f"{who} draws floating-point values: expected a float dtype such as 'float32', "
            f"got dtype={name!r}."
        )
    return name
