"""Regression metrics: mean squared/absolute/percentage/log errors, cosine, log-cosh."""

from __future__ import annotations

from cornu import backend, ops
from cornu.metrics._utils import squeeze_or_expand_to_same_rank
from cornu.metrics.loss_functions import (
    log_cosh,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    mean_squared_logarithmic_error,
    prepare,
)
from cornu.metrics.reduction_metrics import FnMetric, Mean


def _l2_normalize(x, axis: int):
    inv_norm = ops.rsqrt(ops.sum(ops.square(x), axis=axis, keepdims=True))
    return x * ops.clip(inv_norm, None, 1.0 / backend.epsilon())


def cosine_similarity(y_true, y_pred, axis: int = -1):
    """The cosine of the angle between ``y_true`` and ``y_pred`` along ``axis``.

    Args:
        y_true: targets.
        y_pred: predictions, same shape.
        axis: the axis of the vectors.

    Returns:
        One value in [-1, 1] per sample.

    Example:
        >>> from cornu.metrics.regression_metrics import cosine_similarity
        >>> round(float(cosine_similarity([[0.0, 1.0]], [[1.0, 1.0]])[0]), 4)
        0.7071
    """
    y_true, y_pred = prepare(y_true, y_pred)
    return ops.sum(_l2_normalize(y_true, axis) * _l2_normalize(y_pred, axis), axis=axis)


class MeanSquaredError(FnMetric):
    """The mean of ``(y_true - y_pred) ** 2``.

    Args:
        name: the metric's name.
        dtype: the dtype of the result.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.MeanSquaredError()
        >>> m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]])
        >>> float(m.result())
        0.25
    """

    def __init__(self, name: str = "mean_squared_error", dtype=None):
        super().__init__(mean_squared_error, name, dtype)


class MeanAbsoluteError(FnMetric):
    """The mean of ``|y_true - y_pred|``.

    Args:
        name: the metric's name.
        dtype: the dtype of the result.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.MeanAbsoluteError()
        >>> m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]])
        >>> float(m.result())
        0.25
    """

    def __init__(self, name: str = "mean_absolute_error", dtype=None):
        super().__init__(mean_absolute_error, name, dtype)


class MeanAbsolutePercentageError(FnMetric):
    """The mean of ``100 * |y_true - y_pred| / |y_true|``.

    Args:
        name: the metric's name.
        dtype: the dtype of the result.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.MeanAbsolutePercentageError()
        >>> m.update_state([[2.0, 4.0]], [[1.0, 5.0]])
        >>> float(m.result())
        37.5
    """

    def __init__(self, name: str = "mean_absolute_percentage_error", dtype=None):
        super().__init__(mean_absolute_percentage_error, name, dtype)


class MeanSquaredLogarithmicError(FnMetric):
    """The mean of ``(log(1 + y_true) - log(1 + y_pred)) ** 2``.

    Args:
        name: the metric's name.
        dtype: the dtype of the result.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.MeanSquaredLogarithmicError()
        >>> m.update_state([[1.0, 3.0]], [[1.0, 3.0]])
        >>> float(m.result())
        0.0
    """

    def __init__(self, name: str = "mean_squared_logarithmic_error", dtype=None):
        super().__init__(mean_squared_logarithmic_error, name, dtype)


class CosineSimilarity(FnMetric):
    """The mean cosine similarity between labels and predictions (higher is better).

    Args:
        name: the metric's name.
        dtype: the dtype of the result.
        axis: the axis of the vectors.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.CosineSimilarity()
        >>> m.update_state([[0.0, 1.0], [1.0, 1.0]], [[1.0, 0.0], [1.0, 1.0]])
        >>> round(float(m.result()), 4)
        0.5
    """

    def __init__(self, name: str = "cosine_similarity", dtype=None, axis: int = -1):
        super().__init__(cosine_similarity, name, dtype, direction="up", axis=axis)


class LogCoshError(FnMetric):
    """The mean of ``log(cosh(y_pred - y_true))``.

    Args:
        name: the metric's name.
        dtype: the dtype of the result.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.LogCoshError()
        >>> m.update_state([[0.0]], [[1.0]])
        >>> round(float(m.result()), 5)
        0.43378
    """

    def __init__(self, name: str = "logcosh", dtype=None):
        super().__init__(log_cosh, name, dtype)


class RootMeanSquaredError(Mean):
    """The square root of the (weighted) mean of ``(y_true - y_pred) ** 2``.

    Args:
        name: the metric's name.
        dtype: the dtype of the result.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.RootMeanSquaredError()
        >>> m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]])
        >>> float(m.result())
        0.5
    """

    def __init__(self, name: str = "root_mean_squared_error", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self._direction = "down"

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        """Adds the squared errors of one batch."""
        y_true = ops.convert_to_tensor(y_true, self.dtype)
        y_pred = ops.convert_to_tensor(y_pred, self.dtype)
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        super().update_state(ops.square(y_pred - y_true), sample_weight=sample_weight)

    def result(self):
        return ops.sqrt(super().result())
