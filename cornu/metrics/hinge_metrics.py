"""Hinge metrics for maximum-margin classifiers."""

from __future__ import annotations

from cornu.metrics.loss_functions import categorical_hinge, hinge, squared_hinge
from cornu.metrics.reduction_metrics import FnMetric


class Hinge(FnMetric):
    """The mean hinge error ``max(1 - y_true * y_pred, 0)`` (0/1 labels read as -1/1).

    Args:
        name: the metric's name.
        dtype: the dtype of the result.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.Hinge()
        >>> m.update_state([[0.0, 1.0], [0.0, 0.0]], [[0.6, 0.4], [0.4, 0.6]])
        >>> round(float(m.result()), 4)
        1.3
    """

    def __init__(self, name: str = "hinge", dtype=None):
        super().__init__(hinge, name, dtype)


class SquaredHinge(FnMetric):
    """The mean squared hinge error ``max(1 - y_true * y_pred, 0) ** 2``.

    Args:
        name: the metric's name.
        dtype: the dtype of the result.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.SquaredHinge()
        >>> m.update_state([[0.0, 1.0], [0.0, 0.0]], [[0.6, 0.4], [0.4, 0.6]])
        >>> round(float(m.result()), 4)
        1.86
    """

    def __init__(self, name: str = "squared_hinge", dtype=None):
        super().__init__(squared_hinge, name, dtype)


class CategoricalHinge(FnMetric):
    """The mean categorical hinge error ``max(max_wrong - correct + 1, 0)``.

    Args:
        name: the metric's name.
        dtype: the dtype of the result.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.CategoricalHinge()
        >>> m.update_state([[0.0, 1.0], [0.0, 0.0]], [[0.6, 0.4], [0.4, 0.6]])
        >>> round(float(m.result()), 4)
        1.4
    """

    def __init__(self, name: str = "categorical_hinge", dtype=None):
        super().__init__(categorical_hinge, name, dtype)
