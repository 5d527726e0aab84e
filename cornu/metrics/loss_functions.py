"""Per-sample error functions that metrics average (the math of Keras's loss functions).

Each takes ``(y_true, y_pred)`` and returns one value per sample: the last axis is
reduced. They are written on ``cornu.ops`` here so that metrics do not depend on
``cornu.losses``.
"""

from __future__ import annotations

import math

from cornu import backend, ops
from cornu.metrics._utils import squeeze_or_expand_to_same_rank


def as_float(x):
    """``x`` as a tensor, cast to ``floatx()`` unless it already is a float type."""
    x = ops.convert_to_tensor(x)
    if not backend.standardize_dtype(x.dtype).startswith(("float", "bfloat")):
        x = ops.cast(x, backend.floatx())
    return x


def prepare(y_true, y_pred, same_rank: bool = True):
    """Converts ``y_pred`` to a float tensor and ``y_true`` to its dtype (private helper)."""
    y_pred = as_float(y_pred)
    y_true = ops.cast(ops.convert_to_tensor(y_true), y_pred.dtype)
    if same_rank:
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    return y_true, y_pred


def mean_squared_error(y_true, y_pred):
    """Mean of ``(y_true - y_pred) ** 2`` over the last axis.

    Args:
        y_true: targets, shape ``(batch, ..., d)``.
        y_pred: predictions, same shape.

    Returns:
        One value per sample, shape ``(batch, ...)``.

    Example:
        >>> from cornu import metrics, ops
        >>> ops.convert_to_numpy(metrics.mean_squared_error([[0.0, 1.0]], [[1.0, 3.0]]))
        array([2.5], dtype=float32)
    """
    y_true, y_pred = prepare(y_true, y_pred)
    return ops.mean(ops.square(y_true - y_pred), axis=-1)


def mean_absolute_error(y_true, y_pred):
    """Mean of ``|y_true - y_pred|`` over the last axis.

    Args:
        y_true: targets.
        y_pred: predictions, same shape.

    Returns:
        One value per sample.

    Example:
        >>> from cornu import metrics, ops
        >>> ops.convert_to_numpy(metrics.mean_absolute_error([[0.0, 1.0]], [[1.0, 3.0]]))
        array([1.5], dtype=float32)
    """
    y_true, y_pred = prepare(y_true, y_pred)
    return ops.mean(ops.abs(y_true - y_pred), axis=-1)


def mean_absolute_percentage_error(y_true, y_pred):
    """``100 * mean(|y_true - y_pred| / max(|y_true|, epsilon))`` over the last axis.

    Args:
        y_true: targets.
        y_pred: predictions, same shape.

    Returns:
        One value per sample, in percent.

    Example:
        >>> from cornu import metrics, ops
        >>> ops.convert_to_numpy(metrics.mean_absolute_percentage_error([[2.0, 4.0]],
        ...                                                             [[1.0, 5.0]]))
        array([37.5], dtype=float32)
    """
    y_true, y_pred = prepare(y_true, y_pred)
    diff = ops.abs((y_true - y_pred) / ops.clip(ops.abs(y_true), backend.epsilon(), None))
    return 100.0 * ops.mean(diff, axis=-1)


def mean_squared_logarithmic_error(y_true, y_pred):
    """Mean of ``(log(1 + y_pred) - log(1 + y_true)) ** 2`` (inputs floored at epsilon).

    Args:
        y_true: targets.
        y_pred: predictions, same shape.

    Returns:
        One value per sample.

    Example:
        >>> from cornu import metrics, ops
        >>> v = metrics.mean_squared_logarithmic_error([[0.0, 1.0]], [[0.0, 1.0]])
        >>> ops.convert_to_numpy(v).tolist()
        [0.0]
    """
    y_true, y_pred = prepare(y_true, y_pred)
    eps = backend.epsilon()
    first = ops.log(ops.clip(y_pred, eps, None) + 1.0)
    second = ops.log(ops.clip(y_true, eps, None) + 1.0)
    return ops.mean(ops.square(first - second), axis=-1)


def huber(y_true, y_pred, delta: float = 1.0):
    """The Huber error: quadratic for errors up to ``delta``, linear beyond.

    Args:
        y_true: targets.
        y_pred: predictions, same shape.
        delta: where the quadratic part ends.

    Returns:
        One value per sample (mean over the last axis).

    Example:
        >>> from cornu import metrics, ops
        >>> ops.convert_to_numpy(metrics.huber([[0.0, 0.0]], [[0.5, 3.0]])).tolist()
        [1.3125]
    """
    y_true, y_pred = prepare(y_true, y_pred)
    error = y_pred - y_true
    abs_error = ops.abs(error)
    quadratic = 0.5 * ops.square(error)
    linear = delta * abs_error - 0.5 * delta * delta
    return ops.mean(ops.where(abs_error <= delta, quadratic, linear), axis=-1)


def log_cosh(y_true, y_pred):
    """Mean of ``log(cosh(y_pred - y_true))`` over the last axis.

    Args:
        y_true: targets.
        y_pred: predictions, same shape.

    Returns:
        One value per sample.

    Example:
        >>> from cornu import metrics, ops
        >>> round(float(metrics.log_cosh([[0.0]], [[1.0]])[0]), 5)
        0.43378
    """
    y_true, y_pred = prepare(y_true, y_pred)
    x = y_pred - y_true
    return ops.mean(x + ops.softplus(-2.0 * x) - math.log(2.0), axis=-1)


def _hinge_labels(y_true):
    # Labels given as {0, 1} are mapped to {-1, 1}; other labels are kept as they are.
    is_binary = ops.all(ops.logical_or(y_true == 0, y_true == 1))
    return ops.where(is_binary, 2.0 * y_true - 1.0, y_true)


def hinge(y_true, y_pred):
    """Mean of ``max(1 - y_true * y_pred, 0)``; 0/1 labels are read as -1/1.

    Args:
        y_true: labels in {-1, 1} (or {0, 1}).
        y_pred: scores, same shape.

    Returns:
        One value per sample.

    Example:
        >>> from cornu import metrics, ops
        >>> ops.convert_to_numpy(metrics.hinge([[0.0, 1.0]], [[0.5, 0.5]])).tolist()
        [1.0]
    """
    y_true, y_pred = prepare(y_true, y_pred, same_rank=False)
    y_true = _hinge_labels(y_true)
    return ops.mean(ops.clip(1.0 - y_true * y_pred, 0.0, None), axis=-1)


def squared_hinge(y_true, y_pred):
    """Mean of ``max(1 - y_true * y_pred, 0) ** 2``; 0/1 labels are read as -1/1.

    Args:
        y_true: labels in {-1, 1} (or {0, 1}).
        y_pred: scores, same shape.

    Returns:
        One value per sample.

    Example:
        >>> from cornu import metrics, ops
        >>> ops.convert_to_numpy(metrics.squared_hinge([[0.0, 1.0]], [[0.5, 0.5]])).tolist()
        [1.25]
    """
    y_true, y_pred = prepare(y_true, y_pred, same_rank=False)
    y_true = _hinge_labels(y_true)
    return ops.mean(ops.square(ops.clip(1.0 - y_true * y_pred, 0.0, None)), axis=-1)


def categorical_hinge(y_true, y_pred):
    """``max(max_wrong - correct + 1, 0)`` for one-hot ``y_true``.

    Args:
        y_true: one-hot labels.
        y_pred: scores, same shape.

    Returns:
        One value per sample.

    Example:
        >>> from cornu import metrics, ops
        >>> round(float(metrics.categorical_hinge([[0.0, 1.0]], [[0.3, 0.6]])[0]), 4)
        0.7
    """
    y_true, y_pred = prepare(y_true, y_pred, same_rank=False)
    pos = ops.sum(y_true * y_pred, axis=-1)
    neg = ops.max((1.0 - y_true) * y_pred, axis=-1)
    return ops.clip(neg - pos + 1.0, 0.0, None)


def kl_divergence(y_true, y_pred):
    """``sum(y_true * log(y_true / y_pred))``, both clipped to ``[epsilon, 1]``.

    Args:
        y_true: target distributions.
        y_pred: predicted distributions, same shape.

    Returns:
        One value per sample.

    Example:
        >>> from cornu import metrics, ops
        >>> ops.convert_to_numpy(metrics.kl_divergence([[0.5, 0.5]], [[0.5, 0.5]])).tolist()
        [0.0]
    """
    y_true, y_pred = prepare(y_true, y_pred, same_rank=False)
    y_true = ops.clip(y_true, backend.epsilon(), 1.0)
    y_pred = ops.clip(y_pred, backend.epsilon(), 1.0)
    return ops.sum(y_true * ops.log(y_true / y_pred), axis=-1)


def poisson(y_true, y_pred):
    """Mean of ``y_pred - y_true * log(y_pred + epsilon)`` over the last axis.

    Args:
        y_true: observed counts.
        y_pred: predicted rates, same shape.

    Returns:
        One value per sample.

    Example:
        >>> from cornu import metrics, ops
        >>> ops.convert_to_numpy(metrics.poisson([[0.0, 0.0]], [[1.0, 3.0]])).tolist()
        [2.0]
    """
    y_true, y_pred = prepare(y_true, y_pred, same_rank=False)
    return ops.mean(y_pred - y_true * ops.log(y_pred + backend.epsilon()), axis=-1)
