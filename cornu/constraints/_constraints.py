"""Projections applied to a weight after each optimizer update."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cornu import backend, ops

Axis = int | Sequence[int]


def _norms(w: Any, axis: Axis) -> Any:
    axis = tuple(axis) if isinstance(axis, (list, tuple)) else axis
    return ops.sqrt(ops.sum(ops.square(w), axis=axis, keepdims=True))


class Constraint:
    """Base class of weight constraints: ``constraint(w)`` returns the projected ``w``.

    The base class leaves weights unchanged; subclasses override ``__call__`` and, when
    they take arguments, ``get_config``.

    Example:
        >>> from cornu import constraints, ops
        >>> class Clip(constraints.Constraint):
        ...     def __call__(self, w):
        ...         return ops.clip(w, -1.0, 1.0)
        >>> ops.convert_to_numpy(Clip()(ops.convert_to_tensor([-3.0, 0.5]))).tolist()
        [-1.0, 0.5]
    """

    def __call__(self, w: Any) -> Any:
        """Returns the constrained version of the weight tensor ``w``."""
        return w

    def get_config(self) -> dict:
        """Returns the constructor arguments as a JSON-friendly dict."""
        return {}

    @classmethod
    def from_config(cls, config: dict) -> Constraint:
        """Builds a constraint from the output of ``get_config``."""
        return cls(**config)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"


class MaxNorm(Constraint):
    """Rescales each weight vector whose L2 norm exceeds ``max_value`` down to it.

    Args:
        max_value: the largest norm allowed.
        axis: the axis (or axes) along which norms are taken: 0 for the incoming weights
            of each unit of a ``Dense`` kernel ``(in, out)``, ``[0, 1, 2]`` for each
            filter of a ``Conv2D`` kernel ``(rows, cols, in, out)``.

    Example:
        >>> from cornu import constraints, ops
        >>> w = ops.convert_to_tensor([[3.0, 0.3], [4.0, 0.4]])
        >>> print(ops.convert_to_numpy(constraints.MaxNorm(1.0)(w)).round(3))
        [[0.6 0.3]
         [0.8 0.4]]
    """

    def __init__(self, max_value: float = 2, axis: Axis = 0) -> None:
        self.max_value = max_value
        self.axis = axis

    def __call__(self, w: Any) -> Any:
        norms = _norms(w, self.axis)
        desired = ops.clip(norms, 0.0, self.max_value)
        return ops.multiply(w, ops.divide(desired, ops.add(norms, backend.epsilon())))

    def get_config(self) -> dict:
        return {"max_value": self.max_value, "axis": self.axis}


class MinMaxNorm(Constraint):
    """Moves the L2 norm of each weight vector into ``[min_value, max_value]``.

    With ``rate < 1`` the norm moves only part of the way each time:
    ``new_norm = rate * clip(norm, min_value, max_value) + (1 - rate) * norm``.

    Args:
        min_value: the smallest norm allowed.
        max_value: the largest norm allowed.
        rate: how strictly to enforce it (1.0 means fully).
        axis: the axis (or axes) along which norms are taken (see ``MaxNorm``).

    Example:
        >>> from cornu import constraints, ops
        >>> w = ops.convert_to_tensor([[0.3], [0.4]])
        >>> print(ops.convert_to_numpy(constraints.MinMaxNorm(1.0, 2.0)(w)).round(3))
        [[0.6]
         [0.8]]
    """

    def __init__(
        self, min_value: float = 0.0, max_value: float = 1.0, rate: float = 1.0, axis: Axis = 0
    ) -> None:
        self.min_value = min_value
        self.max_value = max_value
        self.rate = rate
        self.axis = axis

    def __call__(self, w: Any) -> Any:
        norms = _norms(w, self.axis)
        clipped = ops.clip(norms, self.min_value, self.max_value)
        desired = ops.add(ops.multiply(clipped, self.rate), ops.multiply(norms, 1.0 - self.rate))
        return ops.multiply(w, ops.divide(desired, ops.add(norms, backend.epsilon())))

    def get_config(self) -> dict:
        return {
            "min_value": self.min_value,
            "max_value": self.max_value,
            "rate": self.rate,
            "axis": self.axis,
        }


class NonNeg(Constraint):
    """Sets negative weights to 0.

    Example:
        >>> from cornu import constraints, ops
        >>> w = ops.convert_to_tensor([-1.0, 2.0])
        >>> ops.convert_to_numpy(constraints.NonNeg()(w)).tolist()
        [0.0, 2.0]
    """

    def __call__(self, w: Any) -> Any:
        return ops.relu(w)


class UnitNorm(Constraint):
    """Rescales each weight vector to an L2 norm of 1.

    Args:
        axis: the axis (or axes) along which norms are taken (see ``MaxNorm``).

    Example:
        >>> from cornu import constraints, ops
        >>> w = ops.convert_to_tensor([[3.0], [4.0]])
        >>> print(ops.convert_to_numpy(constraints.UnitNorm()(w)).round(3))
        [[0.6]
         [0.8]]
    """

    def __init__(self, axis: Axis = 0) -> None:
        self.axis = axis

    def __call__(self, w: Any) -> Any:
        return ops.divide(w, ops.add(_norms(w, self.axis), backend.epsilon()))

    def get_config(self) -> dict:
        return {"axis": self.axis}
