"""The area under the ROC or precision-recall curve, ``AUC``."""

from __future__ import annotations

from cornu import backend, ops
from cornu.metrics._confusion import Thresholds, is_evenly_distributed, update_confusion_matrix
from cornu.metrics._utils import to_list
from cornu.metrics.metric import Metric

_CURVES = {"roc": "ROC", "pr": "PR", "prgain": "PRGAIN"}
_SUMMATIONS = ("interpolation", "majoring", "minoring")


def _enum_value(value) -> str:
    return str(getattr(value, "value", value))


class AUC(Metric):
    """The area under the ROC (or precision-recall) curve, by a Riemann sum over thresholds.

    Predictions are compared with ``num_thresholds`` evenly spaced thresholds in [0, 1]
    (or the given ``thresholds``); the confusion counts at each are accumulated and the
    curve is integrated in ``result()``.

    Args:
        num_thresholds: how many thresholds discretize the curve (> 1, default 200).
        curve: ``"ROC"``, ``"PR"`` (precision-recall) or ``"PRGAIN"``.
        summation_method: ``"interpolation"`` (trapezoids; for PR, the interpolation of
            Davis & Goadrich), ``"majoring"`` or ``"minoring"``.
        name: the metric's name.
        dtype: the dtype of the result.
        thresholds: explicit thresholds in [0, 1] (``num_thresholds`` is then ignored).
        multi_label: score each label (last axis) separately, then average.
        num_labels: the number of labels when ``multi_label`` (else found on first use).
        label_weights: per-label weights of the average (or of the counts when not
            ``multi_label``).
        from_logits: whether predictions are logits (a sigmoid is applied).

    Example:
        >>> from cornu import metrics
        >>> m = metrics.AUC(num_thresholds=3)
        >>> m.update_state([0, 0, 1, 1], [0, 0.5, 0.3, 0.9])
        >>> float(m.result())
        0.75
    """

    def __init__(self, num_thresholds: int = 200, curve: str = "ROC",
                 summation_method: str = "interpolation", name: str | None = None, dtype=None,
                 thresholds=None, multi_label: bool = False, num_labels: int | None = None,
                 label_weights=None, from_logits: bool = False):
        curve_key = _enum_value(curve).lower()
        if curve_key not in _CURVES:
            raise ValueError(
                f'AUC: invalid `curve` {curve!r}. Expected one of "ROC", "PR", "PRGAIN".'
            )
        summation = _enum_value(summation_method).lower()
        if summation not in _SUMMATIONS:
            raise ValueError(
                f"AUC: invalid `summation_method` {summation_method!r}. Expected one of "
                f"{_SUMMATIONS}."
            )
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        self.curve = _CURVES[curve_key]
        self.summation_method = summation
        self._init_from_thresholds = thresholds is not None
        if thresholds is not None:
            inner = sorted(float(t) for t in to_list(thresholds))
            self.num_thresholds = len(inner) + 2
            evenly = is_evenly_distributed([0.0] + inner + [1.0])
        else:
            if num_thresholds <= 1:
                raise ValueError(
                    f"AUC: `num_thresholds` must be an integer > 1, got {num_thresholds}."
                )
            self.num_thresholds = num_thresholds
            inner = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
            evenly = True
        eps = backend.epsilon()
        self._threshold_values = [0.0 - eps] + inner + [1.0 + eps]
        self._thresholds = Thresholds(self._threshold_values, self.dtype, evenly=evenly)
        self.multi_label = multi_label
        self.num_labels = num_labels
        self._label_weight_values = None if label_weights is None else to_list(label_weights)
        self.label_weights = (None if label_weights is None
                              else ops.convert_to_tensor(self._label_weight_values, self.dtype))
        self._from_logits = from_logits
        self._built = False
        if multi_label:
            if num_labels:
                self._build((None, num_labels))
        else:
            if num_labels:
                raise ValueError("AUC: `num_labels` is only used when `multi_label=True`.")
            self._build(None)

    @property
    def thresholds(self) -> list:
        """The thresholds, including the two end points just outside [0, 1]."""
        return list(self._threshold_values)

    def _build(self, shape) -> None:
        if self.multi_label:
            if len(shape) != 2:
                raise ValueError(
                    "AUC with multi_label=True needs predictions of rank 2 (batch, labels), "
                    f"got shape {tuple(shape)}."
                )
            self._num_labels = int(shape[1])
            var_shape = (self.num_thresholds, self._num_labels)
        else:
            var_shape = (self.num_thresholds,)
        self._build_input_shape = shape
        for var in ("true_positives", "false_positives", "true_negatives", "false_negatives"):
            setattr(self, var, self.add_variable(var_shape, "zeros", self.dtype, name=var))
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        """Accumulates the confusion counts of one batch at every threshold."""
        y_pred = ops.convert_to_tensor(y_pred)
        if not self._built:
            self._build(y_pred.shape)
        if self._from_logits:
            y_pred = ops.sigmoid(y_pred)
        update_confusion_matrix(
            {"tp": self.true_positives, "fp": self.false_positives,
             "tn": self.true_negatives, "fn": self.false_negatives},
            y_true, y_pred, self._thresholds, sample_weight=sample_weight,
            multi_label=self.multi_label,
            label_weights=None if self.multi_label else self.label_weights,
        )

    def _average(self, terms):
        if not self.multi_label:
            return ops.sum(terms)
        by_label = ops.sum(terms, axis=0)
        if self.label_weights is None:
            return ops.mean(by_label)
        return ops.divide_no_nan(ops.sum(by_label * self.label_weights),
                                 ops.sum(self.label_weights))

    def _interpolate_pr_auc(self):
        # Davis & Goadrich (2006): precision is interpolated along the number of
        # positive predictions between consecutive thresholds.
        tp, fp, fn = self.true_positives, self.false_positives, self.false_negatives
        dtp = tp[:-1] - tp[1:]
        p = tp + fp
        dp = p[:-1] - p[1:]
        slope = ops.divide_no_nan(dtp, ops.clip(dp, 0.0, None))
        intercept = tp[1:] - slope * p[1:]
        both_positive = ops.logical_and(p[:-1] > 0, p[1:] > 0)
        ratio = ops.where(both_positive,
                          ops.divide_no_nan(p[:-1], ops.clip(p[1:], 0.0, None)),
                          ops.ones_like(p[1:]))
        increments = ops.divide_no_nan(slope * (dtp + intercept * ops.log(ratio)),
                                       ops.clip(tp[1:] + fn[1:], 0.0, None))
        return self._average(increments)

    def result(self):
        if not self._built:
            return ops.zeros((), self.dtype)
        if self.curve == "PR" and self.summation_method == "interpolation":
            return self._interpolate_pr_auc()
        tp, fp = self.true_positives, self.false_positives
        tn, fn = self.true_negatives, self.false_negatives
        recall = ops.divide_no_nan(tp, tp + fn)
        if self.curve == "ROC":
            x, y = ops.divide_no_nan(fp, fp + tn), recall
        elif self.curve == "PR":
            x, y = recall, ops.divide_no_nan(tp, tp + fp)
        else:
            scale = ops.divide_no_nan(tp + fn, tn + fp)
            recall_gain = 1.0 - scale * ops.divide_no_nan(fn, tp)
            precision_gain = 1.0 - scale * ops.divide_no_nan(fp, tp)
            no_tp = tp == 0
            recall_gain = ops.where(no_tp, ops.zeros_like(tp), recall_gain)
            precision_gain = ops.where(no_tp, ops.ones_like(tp), precision_gain)
            x, y = ops.clip(recall_gain, 0.0, None), precision_gain
        if self.summation_method == "interpolation":
            heights = (y[:-1] + y[1:]) / 2.0
        elif self.summation_method == "minoring":
            heights = ops.minimum(y[:-1], y[1:])
        else:
            heights = ops.maximum(y[:-1], y[1:])
        return self._average((x[:-1] - x[1:]) * heights)

    def reset_state(self) -> None:
        if self._built:
            super().reset_state()

    def get_config(self) -> dict:
        config = {
            **super().get_config(),
            "num_thresholds": self.num_thresholds,
            "curve": self.curve,
            "summation_method": self.summation_method,
            "multi_label": self.multi_label,
            "num_labels": self.num_labels,
            "label_weights": self._label_weight_values,
            "from_logits": self._from_logits,
        }
        if self._init_from_thresholds:
            config["thresholds"] = self.thresholds[1:-1]
        return config
