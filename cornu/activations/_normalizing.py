"""Activations that look along an axis: softmax, log-softmax, sparsemax and GLU."""

from __future__ import annotations

from typing import Any

from cornu import ops


def softmax(x: Any, axis: int | tuple[int, ...] = -1) -> Any:
    """Softmax: ``exp(x) / sum(exp(x))`` along ``axis``, a probability distribution.

    Args:
        x: input tensor of logits.
        axis: the axis (or tuple of axes) along which the outputs sum to 1.

    Returns:
        A tensor of the same shape as ``x``.

    Example:
        >>> from cornu import activations, ops
        >>> ops.convert_to_numpy(activations.softmax([[0.0, 0.0]])).tolist()
        [[0.5, 0.5]]
    """
    return ops.softmax(x, axis=axis)


def log_softmax(x: Any, axis: int | tuple[int, ...] = -1) -> Any:
    """``log(softmax(x))`` along ``axis``, computed stably.

    Args:
        x: input tensor of logits.
        axis: the axis (or tuple of axes) of the distribution.

    Returns:
        A tensor of the same shape as ``x``.

    Example:
        >>> from cornu import activations, ops
        >>> round(float(activations.log_softmax([0.0, 0.0])[0]), 4)
        -0.6931
    """
    return ops.log_softmax(x, axis=axis)


def sparsemax(x: Any, axis: int = -1) -> Any:
    """Sparsemax: the Euclidean projection of ``x`` onto the probability simplex.

    Like softmax its outputs sum to 1 along ``axis``, but small logits get exactly 0.

    Args:
        x: input tensor of logits.
        axis: the axis of the distribution.

    Returns:
        A tensor of the same shape as ``x``.

    Example:
        >>> from cornu import activations, ops
        >>> ops.convert_to_numpy(activations.sparsemax([[2.0, 0.0, -1.0]])).tolist()
        [[1.0, 0.0, 0.0]]
    """
    return ops.sparsemax(x, axis=axis)


def glu(x: Any, axis: int = -1) -> Any:
    """Gated linear unit: splits ``x`` into halves ``a, b`` along ``axis``, returns
    ``a * sigmoid(b)``.

    Args:
        x: input tensor; its size along ``axis`` must be even.
        axis: the axis to split.

    Returns:
        A tensor with half the size of ``x`` along ``axis``.

    Example:
        >>> from cornu import activations, ops
        >>> ops.convert_to_numpy(activations.glu([[3.0, 0.0]])).tolist()
        [[1.5]]
    """
    shape = getattr(x, "shape", None)
    if shape is not None and shape[axis] is not None and shape[axis] % 2:
        raise ValueError(
            f"glu splits axis {axis} into two halves, so its size must be even; got input "
            f"shape {tuple(shape)}."
        )
    return ops.glu(x, axis=axis)
