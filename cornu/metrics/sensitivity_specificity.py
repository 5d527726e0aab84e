"""One rate maximised under a constraint on another, over a grid of thresholds."""

from __future__ import annotations

from cornu import ops
from cornu.metrics._confusion import Thresholds, update_confusion_matrix
from cornu.metrics.metric import Metric


def _rate(a, b):
    return ops.divide_no_nan(a, a + b)


class _AtConstraint(Metric):
    """Confusion counts on ``num_thresholds`` evenly spaced thresholds in [0, 1]."""

    _constraint = "specificity"

    def __init__(self, value: float, num_thresholds: int = 200, class_id: int | None = None,
                 name: str | None = None, dtype=None):
        if value < 0 or value > 1:
            raise ValueError(
                f"{type(self).__name__}: `{self._constraint}` must be in [0, 1], got {value}."
            )
        if num_thresholds <= 0:
            raise ValueError(
                f"{type(self).__name__}: `num_thresholds` must be an integer > 0, got "
                f"{num_thresholds}."
            )
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        setattr(self, self._constraint, value)
        self.value = value
        self.num_thresholds = num_thresholds
        self.class_id = class_id
        if num_thresholds == 1:
            self.thresholds = [0.5]
        else:
            inner = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
            self.thresholds = [0.0] + inner + [1.0]
        self._thresholds = Thresholds(self.thresholds, self.dtype,
                                      evenly=num_thresholds > 1)
        shape = (len(self.thresholds),)
        for var in ("true_positives", "false_positives", "true_negatives", "false_negatives"):
            setattr(self, var, self.add_variable(shape, "zeros", self.dtype, name=var))

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        """Counts one batch at every threshold."""
        update_confusion_matrix(
            {"tp": self.true_positives, "fp": self.false_positives,
             "tn": self.true_negatives, "fn": self.false_negatives},
            y_true, y_pred, self._thresholds, class_id=self.class_id,
            sample_weight=sample_weight,
        )

    def _rates(self) -> dict:
        tp, fp = self.true_positives, self.false_positives
        tn, fn = self.true_negatives, self.false_negatives
        return {
            "sensitivity": _rate(tp, fn),
            "recall": _rate(tp, fn),
            "specificity": _rate(tn, fp),
            "precision": _rate(tp, fp),
        }

    def _max_where(self, constrained: str, dependent: str):
        rates = self._rates()
        feasible = rates[constrained] >= self.value
        best = ops.where(feasible, rates[dependent], ops.zeros_like(rates[dependent]))
        return ops.clip(ops.max(best), 0.0, None)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "class_id": self.class_id,
            "num_thresholds": self.num_thresholds,
            self._constraint: self.value,
        }


class SensitivityAtSpecificity(_AtConstraint):
    """The best sensitivity (recall) among thresholds whose specificity is >= a target.

    Args:
        specificity: the target specificity, in [0, 1].
        num_thresholds: how many evenly spaced thresholds are tried (default 200).
        class_id: only this class (last axis) is scored.
        name: the metric's name.
        dtype: the dtype of the result.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.SensitivityAtSpecificity(0.5)
        >>> m.update_state([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8])
        >>> float(m.result())
        0.5
    """

    _constraint = "specificity"

    def __init__(self, specificity: float, num_thresholds: int = 200,
                 class_id: int | None = None, name: str | None = None, dtype=None):
        super().__init__(specificity, num_thresholds, class_id, name, dtype)

    def result(self):
        return self._max_where("specificity", "sensitivity")


class SpecificityAtSensitivity(_AtConstraint):
    """The best specificity among thresholds whose sensitivity is >= a target.

    Args:
        sensitivity: the target sensitivity, in [0, 1].
        num_thresholds: how many evenly spaced thresholds are tried (default 200).
        class_id: only this class (last axis) is scored.
        name: the metric's name.
        dtype: the dtype of the result.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.SpecificityAtSensitivity(0.5)
        >>> m.update_state([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8])
        >>> round(float(m.result()), 4)
        0.6667
    """

    _constraint = "sensitivity"

    def __init__(self, sensitivity: float, num_thresholds: int = 200,
                 class_id: int | None = None, name: str | None = None, dtype=None):
        super().__init__(sensitivity, num_thresholds, class_id, name, dtype)

    def result(self):
        return self._max_where("sensitivity", "specificity")


class PrecisionAtRecall(_AtConstraint):
    """The best precision among thresholds whose recall is >= a target.

    Args:
        recall: the target recall, in [0, 1].
        num_thresholds: how many evenly spaced thresholds are tried (default 200).
        class_id: only this class (last axis) is scored.
        name: the metric's name.
        dtype: the dtype of the result.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.PrecisionAtRecall(0.5)
        >>> m.update_state([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8])
        >>> float(m.result())
        0.5
    """

    _constraint = "recall"

    def __init__(self, recall: float, num_thresholds: int = 200, class_id: int | None = None,
                 name: str | None = None, dtype=None):
        super().__init__(recall, num_thresholds, class_id, name, dtype)

    def result(self):
        return self._max_where("recall", "precision")


class RecallAtPrecision(_AtConstraint):
    """The best recall among thresholds whose precision is >= a target.

    Args:
        precision: the target precision, in [0, 1].
        num_thresholds: how many evenly spaced thresholds are tried (default 200).
        class_id: only this class (last axis) is scored.
        name: the metric's name.
        dtype: the dtype of the result.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.RecallAtPrecision(0.8)
        >>> m.update_state([0, 0, 1, 1], [0, 0.5, 0.3, 0.9])
        >>> float(m.result())
        0.5
    """

    _constraint = "precision"

    def __init__(self, precision: float, num_thresholds: int = 200,
                 class_id: int | None = None, name: str | None = None, dtype=None):
        super().__init__(precision, num_thresholds, class_id, name, dtype)

    def result(self):
        return self._max_where("precision", "recall")
