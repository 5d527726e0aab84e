"""Accuracy functions and metrics: exact match, thresholded, argmax, top-k."""

from __future__ import annotations

from cornu import backend, ops
from cornu.metrics._utils import squeeze_or_expand_to_same_rank
from cornu.metrics.reduction_metrics import FnMetric


def _matches(a, b):
    return ops.cast(ops.equal(a, b), backend.floatx())


def accuracy(y_true, y_pred):
    """1.0 where ``y_pred`` equals ``y_true`` exactly, else 0.0.

    Args:
        y_true: targets.
        y_pred: predictions, same shape.

    Returns:
        The elementwise matches as floats.

    Example:
        >>> from cornu import metrics, ops
        >>> ops.convert_to_numpy(metrics.accuracy([1, 2, 3], [1, 2, 4])).tolist()
        [1.0, 1.0, 0.0]
    """
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.cast(ops.convert_to_tensor(y_true), y_pred.dtype)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    return _matches(y_true, y_pred)


def binary_accuracy(y_true, y_pred, threshold: float = 0.5):
    """1.0 where ``y_pred > threshold`` agrees with the 0/1 label ``y_true``.

    Args:
        y_true: 0/1 labels.
        y_pred: probabilities (or scores), same shape.
        threshold: the decision threshold.

    Returns:
        The elementwise matches as floats.

    Example:
        >>> from cornu import metrics, ops
        >>> ops.convert_to_numpy(metrics.binary_accuracy([1, 0, 1], [0.9, 0.6, 0.4])).tolist()
        [1.0, 0.0, 0.0]
    """
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.convert_to_tensor(y_true)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    return _matches(y_true, ops.cast(y_pred > threshold, y_true.dtype))


def categorical_accuracy(y_true, y_pred):
    """1.0 where the argmax of ``y_pred`` is the argmax of the one-hot ``y_true``.

    Args:
        y_true: one-hot labels, shape ``(batch, ..., num_classes)``.
        y_pred: scores, same shape.

    Returns:
        One match per sample, shape ``(batch, ...)``.

    Example:
        >>> from cornu import metrics, ops
        >>> y_true = [[0, 0, 1], [0, 1, 0]]
        >>> y_pred = [[0.1, 0.9, 0.8], [0.05, 0.95, 0.0]]
        >>> ops.convert_to_numpy(metrics.categorical_accuracy(y_true, y_pred)).tolist()
        [0.0, 1.0]
    """
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.argmax(ops.convert_to_tensor(y_true), axis=-1)
    shape = y_true.shape
    if len(y_true.shape) == len(y_pred.shape):
        y_true = ops.squeeze(y_true, -1)
    matches = _matches(y_true, ops.argmax(y_pred, axis=-1))
    return ops.reshape(matches, shape)


def sparse_categorical_accuracy(y_true, y_pred):
    """1.0 where the argmax of ``y_pred`` equals the integer label ``y_true``.

    Args:
        y_true: integer labels, shape ``(batch, ...)`` or ``(batch, ..., 1)``.
        y_pred: scores, shape ``(batch, ..., num_classes)``.

    Returns:
        One match per sample.

    Example:
        >>> from cornu import metrics, ops
        >>> y_pred = [[0.1, 0.6, 0.3], [0.05, 0.95, 0.0]]
        >>> ops.convert_to_numpy(metrics.sparse_categorical_accuracy([2, 1], y_pred)).tolist()
        [0.0, 1.0]
    """
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.convert_to_tensor(y_true)
    if len(y_true.shape) == len(y_pred.shape) and y_true.shape[-1] == 1:
        y_true = ops.squeeze(y_true, -1)
    # The comparison promotes the dtypes itself: no separate cast kernel.
    matches = _matches(y_true, ops.argmax(y_pred, axis=-1))
    if len(matches.shape) > 1 and matches.shape[-1] == 1:
        matches = ops.squeeze(matches, -1)
    return matches


def _in_top_k(targets, predictions, k: int):
    """Whether each target's score is at least the k-th largest score of its row."""
    k = min(int(k), predictions.shape[-1])
    kth = ops.top_k(predictions, k)[0][:, k - 1:k]
    target_scores = ops.take_along_axis(predictions, ops.expand_dims(targets, -1), axis=-1)
    return ops.squeeze(target_scores >= kth, -1)


def _top_k_matches(y_true, y_pred, k: int, from_sorted_ids: bool = False):
    shape = y_true.shape
    if len(y_pred.shape) > 2:
        y_pred = ops.reshape(y_pred, (-1, y_pred.shape[-1]))
    if len(y_true.shape) > 1:
        y_true = ops.reshape(y_true, (-1,))
    if from_sorted_ids:
        ids = y_pred[:, :k]
        hits = ops.any(ops.expand_dims(ops.cast(y_true, ids.dtype), 1) == ids, axis=1)
    else:
        hits = _in_top_k(y_true, y_pred, k)
    return ops.reshape(ops.cast(hits, backend.floatx()), shape)


def top_k_categorical_accuracy(y_true, y_pred, k: int = 5):
    """1.0 where the one-hot label's class is among the ``k`` highest scores.

    Args:
        y_true: one-hot labels.
        y_pred: scores, same shape.
        k: how many top scores count.

    Returns:
        One match per sample.

    Example:
        >>> from cornu import metrics, ops
        >>> y_true = [[0, 0, 1], [0, 1, 0]]
        >>> y_pred = [[0.1, 0.9, 0.8], [0.05, 0.95, 0.0]]
        >>> ops.convert_to_numpy(metrics.top_k_categorical_accuracy(y_true, y_pred, k=1))
        array([0., 1.], dtype=float32)
    """
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.argmax(ops.convert_to_tensor(y_true), axis=-1)
    return _top_k_matches(y_true, y_pred, k)


def sparse_top_k_categorical_accuracy(y_true, y_pred, k: int = 5,
                                      from_sorted_ids: bool = False):
    """1.0 where the integer label is among the ``k`` highest-scored classes.

    Args:
        y_true: integer labels.
        y_pred: scores, shape ``(batch, num_classes)``; or, with ``from_sorted_ids``,
            class ids sorted from most to least likely.
        k: how many top scores count.
        from_sorted_ids: whether ``y_pred`` holds sorted class ids instead of scores.

    Returns:
        One match per sample.

    Example:
        >>> from cornu import metrics, ops
        >>> y_pred = [[0.1, 0.9, 0.8], [0.05, 0.95, 0.0]]
        >>> ops.convert_to_numpy(metrics.sparse_top_k_categorical_accuracy([2, 1], y_pred, k=2))
        array([1., 1.], dtype=float32)
    """
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.cast(ops.convert_to_tensor(y_true), "int32")
    return _top_k_matches(y_true, y_pred, k, from_sorted_ids)


class Accuracy(FnMetric):
    """How often predictions equal labels exactly.

    Args:
        name: the metric's name.
        dtype: the dtype of the result.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.Accuracy()
        >>> m.update_state([[1], [2], [3], [4]], [[0], [2], [3], [4]])
        >>> float(m.result())
        0.75
    """

    def __init__(self, name: str = "accuracy", dtype=None):
        super().__init__(accuracy, name, dtype, direction="up")


class BinaryAccuracy(FnMetric):
    """How often ``y_pred > threshold`` matches 0/1 labels.

    Args:
        name: the metric's name.
        dtype: the dtype of the result.
        threshold: the decision threshold.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.BinaryAccuracy()
        >>> m.update_state([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]])
        >>> float(m.result())
        0.75
    """

    def __init__(self, name: str = "binary_accuracy", dtype=None, threshold: float = 0.5):
        super().__init__(binary_accuracy, name, dtype, direction="up", threshold=threshold)


class CategoricalAccuracy(FnMetric):
    """How often the argmax of the predictions matches the argmax of one-hot labels.

    Args:
        name: the metric's name.
        dtype: the dtype of the result.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.CategoricalAccuracy()
        >>> m.update_state([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]])
        >>> float(m.result())
        0.5
    """

    def __init__(self, name: str = "categorical_accuracy", dtype=None):
        super().__init__(categorical_accuracy, name, dtype, direction="up")


class SparseCategoricalAccuracy(FnMetric):
    """How often the argmax of the predictions matches integer labels.

    Args:
        name: the metric's name.
        dtype: the dtype of the result.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.SparseCategoricalAccuracy()
        >>> m.update_state([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]])
        >>> float(m.result())
        0.5
    """

    def __init__(self, name: str = "sparse_categorical_accuracy", dtype=None):
        super().__init__(sparse_categorical_accuracy, name, dtype, direction="up")


class TopKCategoricalAccuracy(FnMetric):
    """How often the one-hot label is among the ``k`` highest predictions.

    Args:
        k: how many top predictions count.
        name: the metric's name.
        dtype: the dtype of the result.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.TopKCategoricalAccuracy(k=1)
        >>> m.update_state([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]])
        >>> float(m.result())
        0.5
    """

    def __init__(self, k: int = 5, name: str = "top_k_categorical_accuracy", dtype=None):
        super().__init__(top_k_categorical_accuracy, name, dtype, direction="up", k=k)


class SparseTopKCategoricalAccuracy(FnMetric):
    """How often the integer label is among the ``k`` highest predictions.

    Args:
        k: how many top predictions count.
        name: the metric's name.
        dtype: the dtype of the result.
        from_sorted_ids: whether ``y_pred`` holds class ids sorted by likelihood.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.SparseTopKCategoricalAccuracy(k=1)
        >>> m.update_state([2, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]])
        >>> float(m.result())
        0.5
    """

    def __init__(self, k: int = 5, name: str = "sparse_top_k_categorical_accuracy",
                 dtype=None, from_sorted_ids: bool = False):
        super().__init__(sparse_top_k_categorical_accuracy, name, dtype, direction="up", k=k,
                         from_sorted_ids=from_sorted_ids)

    def get_config(self) -> dict:
        config = super().get_config()
        if not self.from_sorted_ids:
            config.pop("from_sorted_ids")
        return config
