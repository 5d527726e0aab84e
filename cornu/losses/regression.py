"""Regression losses: squared, absolute, percentage, logarithmic, Huber and log-cosh errors.

Each function returns one loss per sample (the mean over the last axis); each class wraps
its function with a reduction.
"""

from __future__ import annotations

import math

from cornu import backend, ops
from cornu.losses._utils import float_pair, mean_last_axis, squeeze_or_expand_to_same_rank
from cornu.losses.wrapper import LossFunctionWrapper

_LOG2 = math.log(2.0)


def _aligned(y_true, y_pred):
    return squeeze_or_expand_to_same_rank(*float_pair(y_true, y_pred))


def mean_squared_error(y_true, y_pred):
    """Mean of ``(y_true - y_pred) ** 2`` over the last axis.

    Args:
        y_true: the targets, shape ``(batch, ..., d)``.
        y_pred: the predictions, same shape (a ``(batch,)`` vs ``(batch, 1)`` mismatch is
            resolved).

    Returns:
        The loss of each sample, shape ``(batch, ...)``.

    Example:
        >>> from cornu import losses, ops
        >>> ops.convert_to_numpy(losses.mean_squared_error([[0., 1.]], [[1., 1.]])).tolist()
        [0.5]
    """
    y_true, y_pred = _aligned(y_true, y_pred)
    return mean_last_axis(ops.square(y_true - y_pred))


def mean_absolute_error(y_true, y_pred):
    """Mean of ``abs(y_true - y_pred)`` over the last axis.

    Args:
        y_true: the targets.
        y_pred: the predictions, same shape.

    Returns:
        The loss of each sample.

    Example:
        >>> from cornu import losses, ops
        >>> ops.convert_to_numpy(losses.mean_absolute_error([[0., 1.]], [[2., 1.]])).tolist()
        [1.0]
    """
    y_true, y_pred = _aligned(y_true, y_pred)
    return mean_last_axis(ops.abs(y_true - y_pred))


def mean_absolute_percentage_error(y_true, y_pred):
    """``100 * mean(abs((y_true - y_pred) / y_true))`` over the last axis.

    Targets whose magnitude is below ``backend.epsilon()`` divide by epsilon instead.

    Args:
        y_true: the targets.
        y_pred: the predictions, same shape.

    Returns:
        The loss of each sample, in percent.

    Example:
        >>> from cornu import losses, ops
        >>> out = losses.mean_absolute_percentage_error([[100., 200.]], [[90., 210.]])
        >>> [round(v, 4) for v in ops.convert_to_numpy(out).tolist()]
        [7.5]
    """
    y_true, y_pred = _aligned(y_true, y_pred)
    scale = ops.clip(ops.abs(y_true), backend.epsilon(), None)
    return 100.0 * ops.mean(ops.abs((y_true - y_pred) / scale), axis=-1)


def mean_squared_logarithmic_error(y_true, y_pred):
    """Mean of ``(log(y_true + 1) - log(y_pred + 1)) ** 2`` over the last axis.

    Values below ``backend.epsilon()`` count as epsilon.

    Args:
        y_true: the targets.
        y_pred: the predictions, same shape.

    Returns:
        The loss of each sample.

    Example:
        >>> import math
        >>> from cornu import losses
        >>> out = losses.mean_squared_logarithmic_error([[0.0]], [[math.e - 1]])
        >>> round(float(out[0]), 4)
        1.0
    """
    y_true, y_pred = _aligned(y_true, y_pred)
    eps = backend.epsilon()
    first = ops.log(ops.clip(y_pred, eps, None) + 1.0)
    second = ops.log(ops.clip(y_true, eps, None) + 1.0)
    return ops.mean(ops.square(first - second), axis=-1)


def huber(y_true, y_pred, delta: float = 1.0):
    """Huber loss: quadratic for errors up to ``delta``, linear beyond, averaged.

    Per entry, with ``e = y_pred - y_true``: ``0.5 * e**2`` when ``abs(e) <= delta``,
    else ``delta * abs(e) - 0.5 * delta**2``.

    Args:
        y_true: the targets.
        y_pred: the predictions, same shape.
        delta: where the loss turns from quadratic to linear.

    Returns:
        The loss of each sample.

    Example:
        >>> from cornu import losses, ops
        >>> ops.convert_to_numpy(losses.huber([[0., 0.]], [[0.5, 3.0]])).tolist()
        [1.3125]
    """
    y_true, y_pred = _aligned(y_true, y_pred)
    error = y_pred - y_true
    abs_error = ops.abs(error)
    quadratic = 0.5 * ops.square(error)
    linear = delta * abs_error - 0.5 * delta * delta
    return ops.mean(ops.where(ops.less_equal(abs_error, delta), quadratic, linear), axis=-1)


def log_cosh(y_true, y_pred):
    """Mean of ``log(cosh(y_pred - y_true))`` over the last axis, computed without overflow.

    Args:
        y_true: the targets.
        y_pred: the predictions, same shape.

    Returns:
        The loss of each sample.

    Example:
        >>> from cornu import losses
        >>> round(float(losses.log_cosh([[0.0]], [[1.0]])[0]), 4)
        0.4338
    """
    y_true, y_pred = _aligned(y_true, y_pred)
    x = y_pred - y_true
    # log(cosh(x)) = x + log(1 + exp(-2x)) - log(2), stable for large |x|.
    return ops.mean(x + ops.softplus(-2.0 * x) - _LOG2, axis=-1)


class MeanSquaredError(LossFunctionWrapper):
    """Mean of the squared errors: ``mean((y_true - y_pred) ** 2)``.

    Args:
        reduction: see ``Loss``; ``"sum_over_batch_size"`` by default.
        name: the name of the loss.
        dtype: the dtype of the computation (``floatx()`` by default).

    Example:
        >>> import cornu
        >>> loss = cornu.losses.MeanSquaredError()
        >>> round(float(loss([1.0, 0.0, 1.0], [0.9, 0.1, 0.8])), 4)
        0.02
    """

    _config_keys = ()

    def __init__(self, reduction="sum_over_batch_size", name="mean_squared_error", dtype=None):
        super().__init__(mean_squared_error, name=name, reduction=reduction, dtype=dtype)

    def __call__(self, y_true, y_pred, sample_weight=None):
        # The common case (no weights, no mask, the default reduction) is the mean over
        # every entry: one fused engine call instead of a per-sample mean and a batch mean.
        if (sample_weight is None and self.reduction == "sum_over_batch_size"
                and getattr(y_pred, "_keras_mask", None) is None
                and isinstance(y_pred, backend.Tensor) and isinstance(y_true, backend.Tensor)):
            y_true, y_pred = _aligned(ops.cast(y_true, self.dtype), ops.cast(y_pred, self.dtype))
            if tuple(y_true.shape) == tuple(y_pred.shape) and y_pred.ndim:
                return backend.nn.mean_squared_error_mean(y_true, y_pred)
        return super().__call__(y_true, y_pred, sample_weight)


class MeanAbsoluteError(LossFunctionWrapper):
    """Mean of the absolute errors: ``mean(abs(y_true - y_pred))``.

    Args:
        reduction: see ``Loss``.
        name: the name of the loss.
        dtype: the dtype of the computation.

    Example:
        >>> import cornu
        >>> loss = cornu.losses.MeanAbsoluteError()
        >>> round(float(loss([1.0, 0.3, 1.0], [1.9, 0.3, 1.8])), 4)
        0.5667
    """

    _config_keys = ()

    def __init__(self, reduction="sum_over_batch_size", name="mean_absolute_error", dtype=None):
        super().__init__(mean_absolute_error, name=name, reduction=reduction, dtype=dtype)


class MeanAbsolutePercentageError(LossFunctionWrapper):
    """Mean absolute error relative to the target, in percent.

    Args:
        reduction: see ``Loss``.
        name: the name of the loss.
        dtype: the dtype of the computation.

    Example:
        >>> import cornu
        >>> loss = cornu.losses.MeanAbsolutePercentageError()
        >>> round(float(loss([100.0, 200.0, 300.0], [90.0, 210.0, 310.0])), 4)
        6.1111
    """

    _config_keys = ()

    def __init__(
        self,
        reduction="sum_over_batch_size",
        name="mean_absolute_percentage_error",
        dtype=None,
    ):
        super().__init__(
            mean_absolute_percentage_error, name=name, reduction=reduction, dtype=dtype
        )


class MeanSquaredLogarithmicError(LossFunctionWrapper):
    """Mean squared difference of ``log(1 + y)`` between targets and predictions.

    Args:
        reduction: see ``Loss``.
        name: the name of the loss.
        dtype: the dtype of the computation.

    Example:
        >>> import cornu
        >>> loss = cornu.losses.MeanSquaredLogarithmicError()
        >>> round(float(loss([[0.0, 1.0]], [[1.0, 1.0]])), 4)
        0.2402
    """

    _config_keys = ()

    def __init__(
        self,
        reduction="sum_over_batch_size",
        name="mean_squared_logarithmic_error",
        dtype=None,
    ):
        super().__init__(
            mean_squared_logarithmic_error, name=name, reduction=reduction, dtype=dtype
        )


class Huber(LossFunctionWrapper):
    """Huber loss: squared error for small errors, absolute error for large ones.

    Args:
        delta: where the loss turns from quadratic to linear.
        reduction: see ``Loss``.
        name: the name of the loss.
        dtype: the dtype of the computation.

    Example:
        >>> import cornu
        >>> loss = cornu.losses.Huber(delta=1.0)
        >>> round(float(loss([[0.0, 1.0]], [[0.5, 4.0]])), 4)
        1.3125
    """

    _config_keys = ("delta",)

    def __init__(
        self,
        delta: float = 1.0,
        reduction="sum_over_batch_size",
        name="huber_loss",
        dtype=None,
    ):
        super().__init__(huber, name=name, reduction=reduction, dtype=dtype, delta=delta)
        self.delta = delta


class LogCosh(LossFunctionWrapper):
    """Mean of ``log(cosh(y_pred - y_true))``: like MSE for small errors, MAE for large.

    Args:
        reduction: see ``Loss``.
        name: the name of the loss.
        dtype: the dtype of the computation.

    Example:
        >>> import cornu
        >>> loss = cornu.losses.LogCosh()
        >>> round(float(loss([[0.0, 0.0]], [[1.0, 0.0]])), 4)
        0.2169
    """

    _config_keys = ()

    def __init__(self, reduction="sum_over_batch_size", name="log_cosh", dtype=None):
        super().__init__(log_cosh, name=name, reduction=reduction, dtype=dtype)
