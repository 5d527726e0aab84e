"""Weight penalties that layers add to the training loss."""

from __future__ import annotations

import math
from typing import Any

from cornu import ops
from cornu.utils.numerical_utils import normalize


def _factor(value: Any, name: str, owner: str) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or math.isnan(value)
        or math.isinf(value)
        or value < 0
    ):
        raise ValueError(
            f"{owner}: `{name}` must be a non-negative finite float, got {name}={value!r}."
        )
    return float(value)


class Regularizer:
    """Base class of regularizers: ``regularizer(weights)`` returns a scalar penalty.

    Subclasses implement ``__call__`` and ``get_config``.

    Example:
        >>> from cornu import ops, regularizers
        >>> class SumSquares(regularizers.Regularizer):
        ...     def __call__(self, x):
        ...         return ops.sum(ops.square(x))
        ...     def get_config(self):
        ...         return {}
        >>> float(SumSquares()([1.0, 2.0]))
        5.0
    """

    def __call__(self, x: Any) -> Any:
        """Returns the penalty for the weights ``x`` (the base class adds none)."""
        return 0.0

    def get_config(self) -> dict:
        """Returns the constructor arguments as a JSON-friendly dict."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement get_config() to be serialized."
        )

    @classmethod
    def from_config(cls, config: dict) -> Regularizer:
        """Builds a regularizer from the output of ``get_config``."""
        return cls(**config)

    def __repr__(self) -> str:
        try:
            config = self.get_config()
        except NotImplementedError:
            return f"{type(self).__name__}()"
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in config.items())})"


class L1L2(Regularizer):
    """``l1 * sum(abs(x)) + l2 * sum(square(x))``.

    Args:
        l1: the L1 factor.
        l2: the L2 factor.

    Example:
        >>> from cornu import regularizers
        >>> float(regularizers.L1L2(l1=0.5, l2=0.25)([1.0, -2.0]))
        2.75
    """

    def __init__(self, l1: float = 0.0, l2: float = 0.0) -> None:
        self.l1 = _factor(0.0 if l1 is None else l1, "l1", "L1L2")
        self.l2 = _factor(0.0 if l2 is None else l2, "l2", "L1L2")

    def __call__(self, x: Any) -> Any:
        penalty = None
        if self.l1:
            penalty = ops.multiply(ops.sum(ops.abs(x)), self.l1)
        if self.l2:
            term = ops.multiply(ops.sum(ops.square(x)), self.l2)
            penalty = term if penalty is None else ops.add(penalty, term)
        if penalty is None:
            return ops.zeros((), dtype=ops.dtype(ops.convert_to_tensor(x)))
        return penalty

    def get_config(self) -> dict:
        return {"l1": self.l1, "l2": self.l2}


class L1(Regularizer):
    """``l1 * sum(abs(x))``: pushes weights to exactly zero.

    Args:
        l1: the factor.

    Example:
        >>> from cornu import regularizers
        >>> float(regularizers.L1(0.5)([1.0, -3.0]))
        2.0
    """

    def __init__(self, l1: float = 0.01) -> None:
        self.l1 = _factor(0.01 if l1 is None else l1, "l1", "L1")

    def __call__(self, x: Any) -> Any:
        return ops.multiply(ops.sum(ops.abs(x)), self.l1)

    def get_config(self) -> dict:
        return {"l1": self.l1}


class L2(Regularizer):
    """``l2 * sum(square(x))``: weight decay.

    Args:
        l2: the factor.

    Example:
        >>> from cornu import regularizers
        >>> float(regularizers.L2(0.5)([1.0, -3.0]))
        5.0
    """

    def __init__(self, l2: float = 0.01) -> None:
        self.l2 = _factor(0.01 if l2 is None else l2, "l2", "L2")

    def __call__(self, x: Any) -> Any:
        return ops.multiply(ops.sum(ops.square(x)), self.l2)

    def get_config(self) -> dict:
        return {"l2": self.l2}


class OrthogonalRegularizer(Regularizer):
    """Pushes the rows (or columns) of a 2D kernel towards being orthogonal.

    The penalty is ``factor`` times the mean absolute cosine similarity between distinct
    rows (``mode="rows"``) or columns (``mode="columns"``).

    Args:
        factor: the factor.
        mode: ``"rows"`` or ``"columns"``.

    Example:
        >>> from cornu import regularizers
        >>> float(regularizers.OrthogonalRegularizer(1.0)([[1.0, 0.0], [0.0, 1.0]]))
        0.0
    """

    def __init__(self, factor: float = 0.01, mode: str = "rows") -> None:
        self.factor = _factor(factor, "factor", "OrthogonalRegularizer")
        if mode not in ("rows", "columns"):
            raise ValueError(
                f"OrthogonalRegularizer: `mode` must be 'rows' or 'columns', got {mode!r}."
            )
        self.mode = mode

    def __call__(self, x: Any) -> Any:
        x = ops.convert_to_tensor(x)
        if len(x.shape) != 2:
            raise ValueError(
                "OrthogonalRegularizer: expected a 2D kernel, got a tensor of shape "
                f"{tuple(x.shape)}. Apply it to Dense-like kernels only."
            )
        if self.mode == "rows":
            x = normalize(x, axis=1)
            product = ops.matmul(x, ops.transpose(x))
        else:
            x = normalize(x, axis=0)
            product = ops.matmul(ops.transpose(x), x)
        size = product.shape[0]
        if size < 2:
            return ops.zeros((), dtype=ops.dtype(x))
        off_diagonal = ops.multiply(product, ops.subtract(1.0, ops.eye(size, dtype=x.dtype)))
        pairs = size * (size - 1.0) / 2.0
        return ops.multiply(ops.sum(ops.abs(off_diagonal)), self.factor * 0.5 / pairs)

    def get_config(self) -> dict:
        return {"factor": self.factor, "mode": self.mode}
