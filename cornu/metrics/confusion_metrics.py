"""Confusion counts at thresholds, Precision and Recall."""

from __future__ import annotations

from cornu import ops
from cornu.metrics._confusion import (
    NEG_INF,
    Thresholds,
    check_thresholds,
    update_confusion_matrix,
)
from cornu.metrics.metric import Metric


class _ConfusionCount(Metric):
    """One confusion count (``"tp"``, ``"fp"``, ``"tn"`` or ``"fn"``) per threshold."""

    _key = "tp"

    def __init__(self, thresholds=None, name: str | None = None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.thresholds = check_thresholds(thresholds, 0.5)
        self._thresholds = Thresholds(self.thresholds, self.dtype)
        self.accumulator = self.add_variable((len(self.thresholds),), "zeros", self.dtype,
                                             name="accumulator")

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        """Counts one batch: labels are positive when non-zero."""
        update_confusion_matrix({self._key: self.accumulator}, y_true, y_pred,
                                self._thresholds, sample_weight=sample_weight)

    def result(self):
        # A copy, so that a result kept by the caller does not change with later updates.
        value = ops.copy(self.accumulator)
        return value[0] if len(self.thresholds) == 1 else value

    def get_config(self) -> dict:
        return {**super().get_config(), "thresholds": self.init_thresholds}


class TruePositives(_ConfusionCount):
    """The (weighted) number of positives predicted above the threshold(s).

    Args:
        thresholds: a float or a list of floats in [0, 1] (default 0.5); with a list
            the result has one count per threshold.
        name: the metric's name.
        dtype: the dtype of the result.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.TruePositives()
        >>> m.update_state([0, 1, 1, 1], [1, 0, 1, 1])
        >>> float(m.result())
        2.0
    """

    _key = "tp"


class FalsePositives(_ConfusionCount):
    """The (weighted) number of negatives predicted above the threshold(s).

    Args:
        thresholds: a float or a list of floats in [0, 1] (default 0.5).
        name: the metric's name.
        dtype: the dtype of the result.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.FalsePositives()
        >>> m.update_state([0, 1, 0, 0], [0, 0, 1, 1])
        >>> float(m.result())
        2.0
    """

    _key = "fp"


class TrueNegatives(_ConfusionCount):
    """The (weighted) number of negatives predicted at or below the threshold(s).

    Args:
        thresholds: a float or a list of floats in [0, 1] (default 0.5).
        name: the metric's name.
        dtype: the dtype of the result.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.TrueNegatives()
        >>> m.update_state([0, 1, 0, 0], [1, 1, 0, 0])
        >>> float(m.result())
        2.0
    """

    _key = "tn"


class FalseNegatives(_ConfusionCount):
    """The (weighted) number of positives predicted at or below the threshold(s).

    Args:
        thresholds: a float or a list of floats in [0, 1] (default 0.5).
        name: the metric's name.
        dtype: the dtype of the result.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.FalseNegatives()
        >>> m.update_state([0, 1, 1, 1], [0, 1, 0, 0])
        >>> float(m.result())
        2.0
    """

    _key = "fn"


class _PrecisionRecall(Metric):
    """True positives and one error count per threshold; the ratio is the result."""

    _error_key = "fp"
    _error_name = "false_positives"

    def __init__(self, thresholds=None, top_k: int | None = None,
                 class_id: int | None = None, name: str | None = None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        self.init_thresholds = thresholds
        self.top_k = top_k
        self.class_id = class_id
        default = 0.5 if top_k is None else NEG_INF
        self.thresholds = check_thresholds(thresholds, default)
        self._thresholds = Thresholds(self.thresholds, self.dtype)
        shape = (len(self.thresholds),)
        self.true_positives = self.add_variable(shape, "zeros", self.dtype,
                                                name="true_positives")
        setattr(self, self._error_name,
                self.add_variable(shape, "zeros", self.dtype, name=self._error_name))

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        """Counts one batch: labels are positive when non-zero."""
        update_confusion_matrix(
            {"tp": self.true_positives, self._error_key: getattr(self, self._error_name)},
            y_true, y_pred, self._thresholds, top_k=self.top_k, class_id=self.class_id,
            sample_weight=sample_weight,
        )

    def result(self):
        tp = self.true_positives
        out = ops.divide_no_nan(tp, tp + getattr(self, self._error_name))
        return out[0] if len(self.thresholds) == 1 else out

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "thresholds": self.init_thresholds,
            "top_k": self.top_k,
            "class_id": self.class_id,
        }


class Precision(_PrecisionRecall):
    """The fraction of predicted positives that are positives: ``tp / (tp + fp)``.

    Args:
        thresholds: a float or a list of floats in [0, 1] above which a prediction is
            positive (default 0.5, or "in the top k" when ``top_k`` is set).
        top_k: only the ``top_k`` largest predictions of each row count as positive.
        class_id: only this class (last axis) is scored.
        name: the metric's name.
        dtype: the dtype of the result.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.Precision()
        >>> m.update_state([0, 1, 1, 1], [1, 0, 1, 1])
        >>> round(float(m.result()), 4)
        0.6667
    """

    _error_key = "fp"
    _error_name = "false_positives"


class Recall(_PrecisionRecall):
    """The fraction of positives predicted positive: ``tp / (tp + fn)``.

    Args:
        thresholds: a float or a list of floats in [0, 1] above which a prediction is
            positive (default 0.5, or "in the top k" when ``top_k`` is set).
        top_k: only the ``top_k`` largest predictions of each row count as positive.
        class_id: only this class (last axis) is scored.
        name: the metric's name.
        dtype: the dtype of the result.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.Recall()
        >>> m.update_state([0, 1, 1, 1], [1, 0, 1, 1])
        >>> round(float(m.result()), 4)
        0.6667
    """

    _error_key = "fn"
    _error_name = "false_negatives"
