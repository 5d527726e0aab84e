"""The coefficient of determination, ``R2Score``."""

from __future__ import annotations

import warnings

from cornu import ops
from cornu.metrics._utils import squeeze_or_expand_to_same_rank
from cornu.metrics.metric import Metric
from cornu.metrics.reduction_metrics import add_count

_AGGREGATIONS = (None, "uniform_average", "variance_weighted_average")


class R2Score(Metric):
    """The coefficient of determination: ``1 - residual sum of squares / total variance``.

    Inputs are 2D, ``(batch, num_outputs)``; each output gets its own score, then the
    scores are aggregated.

    Args:
        class_aggregation: ``"uniform_average"`` (mean of the per-output scores),
            ``"variance_weighted_average"`` (weighted by each output's variance) or None
            (one score per output).
        num_regressors: the number of independent variables of the model; when > 0 the
            adjusted R2 is returned.
        name: the metric's name.
        dtype: the dtype of the result.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.R2Score()
        >>> m.update_state([[1.0], [4.0], [3.0]], [[2.0], [4.0], [4.0]])
        >>> round(float(m.result()), 4)
        0.5714
    """

    def __init__(self, class_aggregation: str | None = "uniform_average",
                 num_regressors: int = 0, name: str = "r2_score", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        if class_aggregation not in _AGGREGATIONS:
            raise ValueError(
                f"R2Score: `class_aggregation` must be one of {_AGGREGATIONS}, got "
                f"{class_aggregation!r}."
            )
        if num_regressors < 0:
            raise ValueError(
                f"R2Score: `num_regressors` must be >= 0, got {num_regressors}."
            )
        self.class_aggregation = class_aggregation
        self.num_regressors = num_regressors
        self.num_samples = self.add_variable((), "zeros", dtype=self.dtype,
                                             name="num_samples")
        self._built = False

    def _build(self, y_true_shape, y_pred_shape) -> None:
        if len(y_pred_shape) != 2 or len(y_true_shape) != 2:
            raise ValueError(
                "R2Score expects 2D inputs of shape (batch_size, output_dim), got "
                f"y_true.shape={tuple(y_true_shape)} and y_pred.shape={tuple(y_pred_shape)}."
            )
        shape = (int(y_pred_shape[-1]),)
        self.squared_sum = self.add_variable(shape, "zeros", self.dtype, name="squared_sum")
        self.sum = self.add_variable(shape, "zeros", self.dtype, name="sum")
        self.total_mse = self.add_variable(shape, "zeros", self.dtype, name="residual")
        self.count = self.add_variable(shape, "zeros", self.dtype, name="count")
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        """Accumulates the sums of one batch."""
        y_true = ops.convert_to_tensor(y_true, self.dtype)
        y_pred = ops.convert_to_tensor(y_pred, self.dtype)
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        if not self._built:
            self._build(y_true.shape, y_pred.shape)
        if sample_weight is None:
            weights = ops.ones_like(y_true)
        else:
            weights = ops.convert_to_tensor(sample_weight, self.dtype)
            if len(weights.shape) == 1:
                weights = ops.expand_dims(weights, 1)
            weights = ops.broadcast_to(weights, y_true.shape)
        weighted = y_true * weights
        self.sum.assign_add(ops.sum(weighted, axis=0))
        self.squared_sum.assign_add(ops.sum(y_true * weighted, axis=0))
        self.total_mse.assign_add(ops.sum(ops.square(y_true - y_pred) * weights, axis=0))
        self.count.assign_add(ops.sum(weights, axis=0))
        add_count(self.num_samples, ops.size(y_true))

    def result(self):
        if not self._built:
            return ops.zeros((), self.dtype)
        mean = self.sum / self.count
        total = self.squared_sum - self.sum * mean
        raw = 1.0 - self.total_mse / total
        raw = ops.where(ops.isinf(raw), ops.zeros_like(raw), raw)
        if self.class_aggregation == "uniform_average":
            score = ops.mean(raw)
        elif self.class_aggregation == "variance_weighted_average":
            score = ops.sum(total * raw) / ops.sum(total)
        else:
            score = raw
        if self.num_regressors == 0:
            return score
        n = float(ops.convert_to_numpy(self.num_samples))
        p = float(self.num_regressors)
        if p >= n - 1:
            reason = "Division by zero" if p == n - 1 else "More predictors than samples"
            warnings.warn(
                f"R2Score: {reason} in the adjusted R2 (num_regressors={self.num_regressors}"
                f", {int(n)} values seen); returning the plain R2 score.",
                stacklevel=2,
            )
            return score
        return 1.0 - (1.0 - score) * (n - 1.0) / (n - p - 1.0)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "class_aggregation": self.class_aggregation,
            "num_regressors": self.num_regressors,
        }
