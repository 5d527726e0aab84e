"""Correlation metrics: Pearson's and Lin's concordance correlation."""

from __future__ import annotations

from cornu import backend, ops
from cornu.metrics.loss_functions import prepare
from cornu.metrics.reduction_metrics import FnMetric


def pearson_correlation(y_true, y_pred, axis: int = -1):
    """Pearson's correlation coefficient between ``y_true`` and ``y_pred`` along ``axis``.

    Args:
        y_true: targets.
        y_pred: predictions, same shape.
        axis: the axis along which the correlation is computed.

    Returns:
        One coefficient in [-1, 1] per sample.

    Example:
        >>> from cornu import metrics
        >>> round(float(metrics.pearson_correlation([[1.0, 2.0, 3.0]], [[2.0, 4.0, 7.0]])[0]), 4)
        0.9934
    """
    y_true, y_pred = prepare(y_true, y_pred)
    t = y_true - ops.mean(y_true, axis=axis, keepdims=True)
    p = y_pred - ops.mean(y_pred, axis=axis, keepdims=True)
    t = t / ops.std(t, axis=axis, keepdims=True)
    p = p / ops.std(p, axis=axis, keepdims=True)
    return ops.mean(t * p, axis=axis)


def concordance_correlation(y_true, y_pred, axis: int = -1):
    """Lin's concordance correlation between ``y_true`` and ``y_pred`` along ``axis``.

    Follows Keras 3's formula exactly, including its use of the mean of ``y_pred`` to
    center both factors of the covariance term.

    Args:
        y_true: targets.
        y_pred: predictions, same shape.
        axis: the axis along which the correlation is computed.

    Returns:
        One coefficient per sample.

    Example:
        >>> from cornu import metrics
        >>> y = [[1.0, 2.0, 3.0]]
        >>> round(float(metrics.concordance_correlation(y, y)[0]), 4)
        1.0
    """
    y_true, y_pred = prepare(y_true, y_pred)
    true_mean = ops.mean(y_true, axis=axis, keepdims=True)
    pred_mean = ops.mean(y_pred, axis=axis, keepdims=True)
    true_var = ops.var(y_true - true_mean, axis=axis, keepdims=True)
    pred_var = ops.var(y_pred - pred_mean, axis=axis, keepdims=True)
    covar = (y_true - pred_mean) * (y_pred - pred_mean)
    norm = true_var + pred_var + ops.square(true_mean - pred_mean)
    return ops.mean(2.0 * covar / (norm + backend.epsilon()), axis=axis)


class PearsonCorrelation(FnMetric):
    """The mean Pearson correlation between labels and predictions, sample by sample.

    Args:
        name: the metric's name.
        dtype: the dtype of the result.
        axis: the axis along which each correlation is computed.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.PearsonCorrelation()
        >>> m.update_state([[1.0, 2.0, 3.0]], [[2.0, 4.0, 7.0]])
        >>> round(float(m.result()), 4)
        0.9934
    """

    def __init__(self, name: str = "pearson_correlation", dtype=None, axis: int = -1):
        super().__init__(pearson_correlation, name, dtype, direction="up", axis=axis)


class ConcordanceCorrelation(FnMetric):
    """The mean concordance correlation between labels and predictions.

    Args:
        name: the metric's name.
        dtype: the dtype of the result.
        axis: the axis along which each correlation is computed.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.ConcordanceCorrelation()
        >>> m.update_state([[1.0, 2.0, 3.0]], [[1.0, 2.0, 3.0]])
        >>> round(float(m.result()), 4)
        1.0
    """

    def __init__(self, name: str = "concordance_correlation", dtype=None, axis: int = -1):
        super().__init__(concordance_correlation, name, dtype, direction="up", axis=axis)
