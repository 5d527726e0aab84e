"""Intersection-over-union metrics for segmentation: IoU, MeanIoU, BinaryIoU, one-hot forms."""

from __future__ import annotations

import warnings

from cornu import backend, ops
from cornu.metrics.metric import Metric


class _IoUBase(Metric):
    """Accumulates a ``(num_classes, num_classes)`` confusion matrix (rows: labels)."""

    def __init__(self, num_classes: int, name: str | None = None, dtype=None,
                 ignore_class: int | None = None, sparse_y_true: bool = True,
                 sparse_y_pred: bool = True, axis: int = -1):
        super().__init__(name=name, dtype=dtype or "int32")
        self._direction = "up"
        self.num_classes = num_classes
        self.ignore_class = ignore_class
        self.sparse_y_true = sparse_y_true
        self.sparse_y_pred = sparse_y_pred
        self.axis = axis
        self._warned_float_weights = False
        self.total_cm = self.add_variable((num_classes, num_classes), "zeros", self.dtype,
                                          name="total_confusion_matrix")

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        """Adds one batch of (label, prediction) pairs to the confusion matrix."""
        if not self.sparse_y_true:
            y_true = ops.argmax(y_true, axis=self.axis)
        if not self.sparse_y_pred:
            y_pred = ops.argmax(y_pred, axis=self.axis)
        y_true = ops.reshape(ops.convert_to_tensor(y_true, self.dtype), (-1,))
        y_pred = ops.reshape(ops.convert_to_tensor(y_pred, self.dtype), (-1,))
        if sample_weight is None:
            weights = ops.ones_like(y_true)
        else:
            sample_weight = ops.convert_to_tensor(sample_weight)
            self._warn_on_float_weights(sample_weight)
            weights = ops.reshape(ops.cast(sample_weight, self.dtype), (-1,))
            weights = ops.broadcast_to(weights, y_true.shape)
        n = self.num_classes
        valid = ((y_true >= 0) & (y_true < n)) & ((y_pred >= 0) & (y_pred < n))
        if self.ignore_class is not None:
            valid = valid & (y_true != self.ignore_class)
        ids = ops.cast(y_true, "int64") * n + ops.cast(y_pred, "int64")
        # Out-of-range pairs land past the last segment and are dropped.
        ids = ops.where(valid, ids, ops.full_like(ids, n * n))
        counts = ops.segment_sum(weights, ids, num_segments=n * n)
        self.total_cm.assign_add(ops.reshape(counts, (n, n)))

    def _warn_on_float_weights(self, sample_weight) -> None:
        if self._warned_float_weights:
            return
        if "float" in ops.dtype(sample_weight) and "int" in self.dtype:
            self._warned_float_weights = True
            warnings.warn(
                f"{type(self).__name__} '{self.name}': float sample weights are cast to the "
                f"metric's dtype {self.dtype}, which truncates them. Pass integer weights "
                "or build the metric with dtype='float32'.",
                stacklevel=3,
            )


class IoU(_IoUBase):
    """The intersection over union ``tp / (tp + fp + fn)``, averaged over target classes.

    Classes whose union is empty are left out of the average.

    Args:
        num_classes: the number of classes.
        target_class_ids: the classes whose IoU is averaged.
        name: the metric's name.
        dtype: the dtype of the confusion matrix (default int32).
        ignore_class: a label whose pixels are not counted.
        sparse_y_true: whether labels are class ids (else one-hot / scores).
        sparse_y_pred: whether predictions are class ids (else scores, argmaxed).
        axis: the class axis of non-sparse inputs.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.IoU(num_classes=2, target_class_ids=[0])
        >>> m.update_state([0, 1, 0, 1], [0, 1, 1, 1])
        >>> round(float(m.result()), 4)
        0.5
    """

    def __init__(self, num_classes: int, target_class_ids, name: str | None = None,
                 dtype=None, ignore_class: int | None = None, sparse_y_true: bool = True,
                 sparse_y_pred: bool = True, axis: int = -1):
        super().__init__(num_classes, name=name, dtype=dtype, ignore_class=ignore_class,
                         sparse_y_true=sparse_y_true, sparse_y_pred=sparse_y_pred, axis=axis)
        target_class_ids = [int(c) for c in target_class_ids]
        if max(target_class_ids) >= num_classes:
            raise ValueError(
                f"{type(self).__name__}: target class id {max(target_class_ids)} is out of "
                f"range [0, {num_classes})."
            )
        self.target_class_ids = target_class_ids
        self._target_ids = ops.convert_to_tensor(target_class_ids, "int64")

    def result(self):
        cm = ops.cast(self.total_cm, "float32")
        tp = ops.diagonal(cm)
        union = ops.sum(cm, axis=0) + ops.sum(cm, axis=1) - tp
        tp = ops.take(tp, self._target_ids)
        union = ops.take(union, self._target_ids)
        valid = union > 1e-9
        iou = tp / (union + backend.epsilon())
        iou = ops.where(valid, iou, ops.zeros_like(iou))
        num_valid = ops.sum(ops.cast(valid, "float32"))
        return ops.sum(iou) / (num_valid + backend.epsilon())

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "num_classes": self.num_classes,
            "target_class_ids": self.target_class_ids,
            "ignore_class": self.ignore_class,
            "sparse_y_true": self.sparse_y_true,
            "sparse_y_pred": self.sparse_y_pred,
            "axis": self.axis,
        }


class BinaryIoU(IoU):
    """IoU of binary segmentation: predictions ``>= threshold`` are class 1.

    Args:
        target_class_ids: the classes (0 and/or 1) whose IoU is averaged.
        threshold: the decision threshold on predictions.
        name: the metric's name.
        dtype: the dtype of the confusion matrix (default int32).

    Example:
        >>> from cornu import metrics
        >>> m = metrics.BinaryIoU(target_class_ids=[1])
        >>> m.update_state([0, 1, 0, 1], [0.1, 0.9, 0.6, 0.8])
        >>> round(float(m.result()), 4)
        0.6667
    """

    def __init__(self, target_class_ids=(0, 1), threshold: float = 0.5,
                 name: str | None = None, dtype=None):
        super().__init__(num_classes=2, target_class_ids=target_class_ids, name=name,
                         dtype=dtype)
        self.threshold = threshold

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        """Thresholds the predictions, then counts them like ``IoU``."""
        y_pred = ops.convert_to_tensor(y_pred, "float32") >= self.threshold
        super().update_state(y_true, ops.cast(y_pred, self.dtype), sample_weight)

    def get_config(self) -> dict:
        return {
            "target_class_ids": self.target_class_ids,
            "threshold": self.threshold,
            "name": self.name,
            "dtype": self.dtype,
        }


class MeanIoU(IoU):
    """The IoU averaged over all classes.

    Args:
        num_classes: the number of classes.
        name: the metric's name.
        dtype: the dtype of the confusion matrix (default int32).
        ignore_class: a label whose pixels are not counted.
        sparse_y_true: whether labels are class ids (else one-hot / scores).
        sparse_y_pred: whether predictions are class ids (else scores, argmaxed).
        axis: the class axis of non-sparse inputs.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.MeanIoU(num_classes=2)
        >>> m.update_state([0, 0, 1, 1], [0, 1, 0, 1])
        >>> round(float(m.result()), 4)
        0.3333
    """

    def __init__(self, num_classes: int, name: str | None = None, dtype=None,
                 ignore_class: int | None = None, sparse_y_true: bool = True,
                 sparse_y_pred: bool = True, axis: int = -1):
        super().__init__(num_classes, list(range(num_classes)), name=name, dtype=dtype,
                         ignore_class=ignore_class, sparse_y_true=sparse_y_true,
                         sparse_y_pred=sparse_y_pred, axis=axis)

    def get_config(self) -> dict:
        config = super().get_config()
        del config["target_class_ids"]
        return config


class OneHotIoU(IoU):
    """``IoU`` for one-hot labels and per-class scores (both argmaxed over ``axis``).

    Args:
        num_classes: the number of classes.
        target_class_ids: the classes whose IoU is averaged.
        name: the metric's name.
        dtype: the dtype of the confusion matrix (default int32).
        ignore_class: a label whose pixels are not counted.
        sparse_y_pred: whether predictions are already class ids.
        axis: the class axis.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.OneHotIoU(num_classes=2, target_class_ids=[0])
        >>> m.update_state([[1, 0], [0, 1]], [[0.8, 0.2], [0.6, 0.4]])
        >>> round(float(m.result()), 4)
        0.5
    """

    def __init__(self, num_classes: int, target_class_ids, name: str | None = None,
                 dtype=None, ignore_class: int | None = None, sparse_y_pred: bool = False,
                 axis: int = -1):
        super().__init__(num_classes, target_class_ids, name=name, dtype=dtype,
                         ignore_class=ignore_class, sparse_y_true=False,
                         sparse_y_pred=sparse_y_pred, axis=axis)

    def get_config(self) -> dict:
        config = super().get_config()
        del config["sparse_y_true"]
        return config


class OneHotMeanIoU(MeanIoU):
    """``MeanIoU`` for one-hot labels and per-class scores (both argmaxed over ``axis``).

    Args:
        num_classes: the number of classes.
        name: the metric's name.
        dtype: the dtype of the confusion matrix (default int32).
        ignore_class: a label whose pixels are not counted.
        sparse_y_pred: whether predictions are already class ids.
        axis: the class axis.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.OneHotMeanIoU(num_classes=2)
        >>> m.update_state([[1, 0], [0, 1]], [[0.8, 0.2], [0.6, 0.4]])
        >>> round(float(m.result()), 4)
        0.25
    """

    def __init__(self, num_classes: int, name: str | None = None, dtype=None,
                 ignore_class: int | None = None, sparse_y_pred: bool = False,
                 axis: int = -1):
        super().__init__(num_classes, name=name, dtype=dtype, ignore_class=ignore_class,
                         sparse_y_true=False, sparse_y_pred=sparse_y_pred, axis=axis)

    def get_config(self) -> dict:
        config = super().get_config()
        del config["sparse_y_true"]
        return config

