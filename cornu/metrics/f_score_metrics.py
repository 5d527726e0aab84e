"""F-beta and F1 scores for (multi-class, multi-label) classification."""

from __future__ import annotations

from cornu import backend, ops
from cornu.metrics.metric import Metric

_AVERAGES = (None, "micro", "macro", "weighted")


class FBetaScore(Metric):
    """The F-beta score: ``(1 + beta^2) * precision * recall / (beta^2 * precision + recall)``.

    Inputs are 2D, ``(batch, num_classes)``. Counts are kept per class (or pooled with
    ``average="micro"``).

    Args:
        average: None (one score per class), ``"micro"`` (counts pooled over classes),
            ``"macro"`` (mean of the per-class scores) or ``"weighted"`` (mean weighted by
            each class's number of true instances).
        beta: the weight of recall relative to precision (a float > 0).
        threshold: a prediction above it is positive; when None, the highest prediction
            of each row is the positive one.
        name: the metric's name.
        dtype: the dtype of the result.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.FBetaScore(beta=2.0, threshold=0.5, average="micro")
        >>> m.update_state([[1, 1, 0], [0, 1, 0]], [[0.9, 0.2, 0.6], [0.1, 0.8, 0.3]])
        >>> round(float(m.result()), 4)
        0.6667
    """

    def __init__(self, average: str | None = None, beta: float = 1.0,
                 threshold: float | None = None, name: str = "fbeta_score", dtype=None):
        if average not in _AVERAGES:
            raise ValueError(
                f"{type(self).__name__}: `average` must be one of {_AVERAGES}, got "
                f"{average!r}."
            )
        if not isinstance(beta, float):
            raise ValueError(
                f"{type(self).__name__}: `beta` must be a Python float, got {beta!r} of type "
                f"{type(beta).__name__}."
            )
        if beta <= 0.0:
            raise ValueError(f"{type(self).__name__}: `beta` must be > 0, got {beta}.")
        if threshold is not None:
            if not isinstance(threshold, float):
                raise ValueError(
                    f"{type(self).__name__}: `threshold` must be a Python float, got "
                    f"{threshold!r} of type {type(threshold).__name__}."
                )
            if threshold > 1.0 or threshold <= 0.0:
                raise ValueError(
                    f"{type(self).__name__}: `threshold` must satisfy 0 < threshold <= 1, "
                    f"got {threshold}."
                )
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        self.average = average
        self.beta = beta
        self.threshold = threshold
        self.axis = None if average == "micro" else 0
        self._built = False

    def _build(self, y_true_shape, y_pred_shape) -> None:
        if len(y_pred_shape) != 2 or len(y_true_shape) != 2:
            raise ValueError(
                f"{type(self).__name__} expects 2D inputs of shape (batch_size, output_dim), "
                f"got y_true.shape={tuple(y_true_shape)} and "
                f"y_pred.shape={tuple(y_pred_shape)}."
            )
        shape = () if self.average == "micro" else (int(y_pred_shape[-1]),)
        for var in ("true_positives", "false_positives", "false_negatives",
                    "intermediate_weights"):
            setattr(self, var, self.add_variable(shape, "zeros", self.dtype, name=var))
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        """Accumulates the per-class counts of one batch."""
        y_true = ops.convert_to_tensor(y_true, self.dtype)
        y_pred = ops.convert_to_tensor(y_pred, self.dtype)
        if not self._built:
            self._build(y_true.shape, y_pred.shape)
        if self.threshold is None:
            row_max = ops.max(y_pred, axis=-1, keepdims=True)
            positive = ops.logical_and(y_pred >= row_max, ops.abs(y_pred) > 1e-9)
        else:
            positive = y_pred > self.threshold
        y_pred = ops.cast(positive, self.dtype)
        if sample_weight is not None:
            weights = ops.expand_dims(ops.convert_to_tensor(sample_weight, self.dtype), 1)
            y_true_w, y_pred_w = y_true * weights, y_pred * weights
        else:
            y_true_w, y_pred_w = y_true, y_pred
        tp = ops.sum(y_pred_w * y_true, axis=self.axis)
        self.true_positives.assign_add(tp)
        self.false_positives.assign_add(ops.sum(y_pred_w, axis=self.axis) - tp)
        true_count = ops.sum(y_true_w, axis=self.axis)
        self.false_negatives.assign_add(true_count - tp)
        self.intermediate_weights.assign_add(true_count)

    def result(self):
        if not self._built:
            return ops.zeros((), self.dtype)
        eps = backend.epsilon()
        tp = self.true_positives
        precision = tp / (tp + self.false_positives + eps)
        recall = tp / (tp + self.false_negatives + eps)
        beta2 = self.beta**2
        score = precision * recall / (beta2 * precision + recall + eps) * (1.0 + beta2)
        if self.average == "weighted":
            weights = self.intermediate_weights
            return ops.sum(score * (weights / (ops.sum(weights) + eps)))
        if self.average is not None:
            return ops.mean(score)
        return score

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "average": self.average,
            "beta": self.beta,
            "threshold": self.threshold,
        }


class F1Score(FBetaScore):
    """The F1 score, the harmonic mean of precision and recall (``FBetaScore`` with beta 1).

    Args:
        average: None, ``"micro"``, ``"macro"`` or ``"weighted"`` (see ``FBetaScore``).
        threshold: a prediction above it is positive; when None, the highest prediction
            of each row is the positive one.
        name: the metric's name.
        dtype: the dtype of the result.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.F1Score(threshold=0.5)
        >>> m.update_state([[1, 1, 0], [0, 1, 0]], [[0.9, 0.2, 0.6], [0.1, 0.8, 0.3]])
        >>> [round(v, 4) for v in m.result().tolist()]
        [1.0, 0.6667, 0.0]
    """

    def __init__(self, average: str | None = None, threshold: float | None = None,
                 name: str = "f1_score", dtype=None):
        super().__init__(average=average, beta=1.0, threshold=threshold, name=name,
                         dtype=dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        del config["beta"]
        return config
