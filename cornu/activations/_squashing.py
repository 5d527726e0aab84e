"""Bounded activations (sigmoid, tanh and their hard or sparse variants) and shrinkers."""

from __future__ import annotations

from typing import Any

from cornu import ops


def sigmoid(x: Any) -> Any:
    """Logistic sigmoid: ``1 / (1 + exp(-x))``, with values in ``(0, 1)``.

    Args:
        x: input tensor.

    Returns:
        A tensor of the same shape as ``x``.

    Example:
        >>> from cornu import activations, ops
        >>> ops.convert_to_numpy(activations.sigmoid([0.0])).tolist()
        [0.5]
    """
    return ops.sigmoid(x)


def hard_sigmoid(x: Any) -> Any:
    """Piecewise-linear sigmoid: 0 below -3, 1 above 3, ``x / 6 + 0.5`` in between.

    Args:
        x: input tensor.

    Returns:
        A tensor of the same shape as ``x``.

    Example:
        >>> from cornu import activations, ops
        >>> ops.convert_to_numpy(activations.hard_sigmoid([-4.0, 0.0, 4.0])).tolist()
        [0.0, 0.5, 1.0]
    """
    return ops.hard_sigmoid(x)


def sparse_sigmoid(x: Any) -> Any:
    """Sparse sigmoid: 0 for ``x <= -1``, 1 for ``x >= 1``, ``(x + 1) / 2`` in between.

    Args:
        x: input tensor.

    Returns:
        A tensor of the same shape as ``x``.

    Example:
        >>> from cornu import activations, ops
        >>> ops.convert_to_numpy(activations.sparse_sigmoid([-2.0, 0.0, 0.5])).tolist()
        [0.0, 0.5, 0.75]
    """
    return ops.sparse_sigmoid(x)


def log_sigmoid(x: Any) -> Any:
    """``log(sigmoid(x))``, computed without overflow for large ``|x|``.

    Args:
        x: input tensor.

    Returns:
        A tensor of the same shape as ``x``.

    Example:
        >>> from cornu import activations, ops
        >>> round(float(activations.log_sigmoid(0.0)), 4)
        -0.6931
    """
    return ops.log_sigmoid(x)


def tanh(x: Any) -> Any:
    """Hyperbolic tangent, with values in ``(-1, 1)``.

    Args:
        x: input tensor.

    Returns:
        A tensor of the same shape as ``x``.

    Example:
        >>> from cornu import activations, ops
        >>> round(float(activations.tanh(1.0)), 4)
        0.7616
    """
    return ops.tanh(x)


def hard_tanh(x: Any) -> Any:
    """Hard tanh: ``x`` clipped to ``[-1, 1]``.

    Args:
        x: input tensor.

    Returns:
        A tensor of the same shape as ``x``.

    Example:
        >>> from cornu import activations, ops
        >>> ops.convert_to_numpy(activations.hard_tanh([-2.0, 0.5, 2.0])).tolist()
        [-1.0, 0.5, 1.0]
    """
    return ops.hard_tanh(x)


def tanh_shrink(x: Any) -> Any:
    """Tanh shrink: ``x - tanh(x)``.

    Args:
        x: input tensor.

    Returns:
        A tensor of the same shape as ``x``.

    Example:
        >>> from cornu import activations, ops
        >>> round(float(activations.tanh_shrink(1.0)), 4)
        0.2384
    """
    return ops.tanh_shrink(x)


def softsign(x: Any) -> Any:
    """Softsign: ``x / (abs(x) + 1)``.

    Args:
        x: input tensor.

    Returns:
        A tensor of the same shape as ``x``.

    Example:
        >>> from cornu import activations, ops
        >>> ops.convert_to_numpy(activations.softsign([-1.0, 3.0])).tolist()
        [-0.5, 0.75]
    """
    return ops.softsign(x)


def soft_shrink(x: Any, threshold: float = 0.5) -> Any:
    """Soft shrink: moves ``x`` towards 0 by ``threshold``; values within it become 0.

    Args:
        x: input tensor.
        threshold: the shrink amount.

    Returns:
        A tensor of the same shape as ``x``.

    Example:
        >>> from cornu import activations, ops
        >>> ops.convert_to_numpy(activations.soft_shrink([-2.0, 0.25, 1.5])).tolist()
        [-1.5, 0.0, 1.0]
    """
    return ops.soft_shrink(x, threshold=threshold)


def hard_shrink(x: Any, threshold: float = 0.5) -> Any:
    """Hard shrink: ``x`` where ``abs(x) > threshold``, 0 elsewhere.

    Args:
        x: input tensor.
        threshold: values with a smaller magnitude become 0.

    Returns:
        A tensor of the same shape as ``x``.

    Example:
        >>> from cornu import activations, ops
        >>> ops.convert_to_numpy(activations.hard_shrink([-2.0, 0.25, 1.5])).tolist()
        [-2.0, 0.0, 1.5]
    """
    return ops.hard_shrink(x, threshold=threshold)
