"""Confusion counts at many thresholds in O(samples + thresholds) (private).

Each prediction is mapped to the number ``k`` of thresholds it exceeds; the weighted
positives and negatives are summed per ``k`` (one ``segment_sum``), and a reversed
cumulative sum turns those sums into true/false positives at every threshold.
"""

from __future__ import annotations

import numpy as np

from cornu import backend, ops
from cornu.metrics._utils import squeeze_or_expand_to_same_rank, to_list

NEG_INF = -1e10
KEYS = ("tp", "fp", "tn", "fn")
# Up to this many thresholds, counts are summed per threshold (a few fused kernels);
# beyond, predictions are bucketed (one segment_sum) to stay O(samples + thresholds).
_COMPARE_UP_TO = 4
# Up to this many thresholds, bucketing compares with each instead of a binary search.
_SEARCH_ABOVE = 32


def check_thresholds(thresholds, default: float) -> list:
    """The thresholds as a list of floats in [0, 1] (``[default]`` when None)."""
    if thresholds is None:
        return [default]
    values = to_list(thresholds)
    bad = [t for t in values if t is None or t < 0 or t > 1]
    if bad:
        raise ValueError(f"Threshold values must be in [0, 1], got {bad} in {values}.")
    return [float(t) for t in values]


def is_evenly_distributed(thresholds) -> bool:
    """Whether the thresholds are ``i / (n - 1)`` for ``i = 0..n-1`` (n >= 3)."""
    n = len(thresholds)
    if n < 3:
        return False
    even = np.arange(n, dtype=np.float32) / (n - 1)
    return bool(np.allclose(thresholds, even, atol=backend.epsilon()))


class Thresholds:
    """A fixed list of thresholds, with what fast counting needs precomputed.

    Args:
        values: the thresholds (any order).
        dtype: the dtype predictions are compared in.
        evenly: whether the values are evenly spaced over [0, 1] (possibly with the two
            ends pushed out by epsilon); detected when None.
    """

    def __init__(self, values, dtype: str, evenly: bool | None = None):
        self.values = [float(v) for v in values]
        self.size = len(self.values)
        self.evenly = is_evenly_distributed(self.values) if evenly is None else evenly
        self.with_epsilon = self.values[0] < 0.0 or self.values[-1] > 1.0
        order = np.argsort(np.asarray(self.values), kind="stable")
        self.given = ops.convert_to_tensor(np.asarray(self.values), dtype)
        self._sorted = ops.convert_to_tensor(np.asarray(self.values)[order], dtype)
        unsorted = bool(np.any(order != np.arange(self.size)))
        self._inverse = ops.convert_to_tensor(np.argsort(order), "int64") if unsorted else None

    def count_below(self, y_pred):
        """For each prediction, how many thresholds are strictly below it."""
        if self.evenly:
            # Evenly spaced thresholds: the count is a rounding, no search needed.
            k = ops.ceil(ops.clip(y_pred, 0.0, 1.0) * float(self.size - 1))
            if self.with_epsilon:
                k = ops.clip(k, 1.0, None)
            return ops.cast(k, "int32")
        if self.size <= _SEARCH_ABOVE:
            above = ops.expand_dims(y_pred, -1) > self._sorted
            return ops.sum(ops.cast(above, "int32"), axis=-1)
        return ops.searchsorted(self._sorted, y_pred, side="left")

    def unsort(self, x):
        """Reorders per-threshold values (axis 0) from sorted order to the given order."""
        return x if self._inverse is None else ops.take(x, self._inverse, axis=0)


def filter_top_k(x, k: int):
    """Keeps the ``k`` largest entries of the last axis; the others become ``NEG_INF``."""
    _, indices = ops.top_k(x, k)
    mask = ops.sum(ops.one_hot(indices, x.shape[-1], dtype=x.dtype), axis=-2)
    return x * mask + NEG_INF * (1.0 - mask)


def _reverse_cumsum(x, axis: int):
    return ops.flip(ops.cumsum(ops.flip(x, axis), axis=axis), axis)


def _identity(x):
    return x


def _sums_by_comparison(y_pred, pairs, thresholds: Thresholds, multi_label: bool):
    """(total, passed) of the weighted (positive, negative) pairs, one threshold at a time.

    Returns arrays of shape ``(1, 2)`` and ``(T, 2)`` (with a leading label axis when
    ``multi_label``); thresholds stay in their given order.
    """
    above = ops.cast(ops.expand_dims(y_pred, -1) > thresholds.given, ops.dtype(pairs))
    axes = tuple(range(len(y_pred.shape) - (1 if multi_label else 0)))
    passed = ops.sum(ops.expand_dims(above, -1) * ops.expand_dims(pairs, -2), axis=axes)
    total = ops.expand_dims(ops.sum(pairs, axis=axes), -2)
    return total, passed


def _sums_by_bucket(y_pred, pairs, thresholds: Thresholds, multi_label: bool):
    """Same as ``_sums_by_comparison`` in O(samples + thresholds), in sorted order."""
    size = thresholds.size + 1
    ids = thresholds.count_below(ops.reshape(y_pred, (-1,)))
    num_segments = size
    if multi_label:
        num_labels = y_pred.shape[-1]
        offsets = size * ops.arange(num_labels, dtype=backend.standardize_dtype(ids.dtype))
        ids = ops.reshape(ops.reshape(ids, y_pred.shape) + offsets, (-1,))
        num_segments = size * num_labels
    sums = ops.segment_sum(ops.reshape(pairs, (-1, 2)), ids, num_segments=num_segments)
    if multi_label:
        above = _reverse_cumsum(ops.reshape(sums, (num_labels, size, 2)), axis=1)
        return above[:, :1], above[:, 1:]
    above = _reverse_cumsum(sums, axis=0)
    return above[:1], above[1:]


def update_confusion_matrix(variables: dict, y_true, y_pred, thresholds: Thresholds,
                            top_k: int | None = None, class_id: int | None = None,
                            sample_weight=None, multi_label: bool = False,
                            label_weights=None) -> None:
    """Adds this batch's confusion counts at every threshold to ``variables`` in place.

    Args:
        variables: maps some of ``"tp"``, ``"fp"``, ``"tn"``, ``"fn"`` to variables of
            shape ``(num_thresholds,)`` (``(num_thresholds, num_labels)`` if multi-label).
        y_true: labels; any non-zero value is a positive.
        y_pred: predictions; a prediction is positive at a threshold it exceeds.
        thresholds: the ``Thresholds``.
        top_k: only the ``top_k`` largest predictions of each row may be positive.
        class_id: only this class (last axis) is counted.
        sample_weight: weights broadcastable to the labels.
        multi_label: count each label (last axis) separately.
        label_weights: per-label weights (only when not ``multi_label``).
    """
    unknown = [key for key in variables if key not in KEYS]
    if unknown or not variables:
        raise ValueError(f"Confusion variables must be keyed by {KEYS}, got {list(variables)}.")
    dtype = backend.standardize_dtype(next(iter(variables.values())).dtype)
    y_true = ops.cast(ops.convert_to_tensor(y_true), dtype)
    y_pred = ops.cast(ops.convert_to_tensor(y_pred), dtype)
    y_pred, y_true = squeeze_or_expand_to_same_rank(y_pred, y_true)
    if sample_weight is not None:
        sample_weight = ops.expand_dims(ops.cast(ops.convert_to_tensor(sample_weight), dtype),
                                        -1)
        _, sample_weight = squeeze_or_expand_to_same_rank(y_true, sample_weight,
                                                          expand_rank_1=False)
    if top_k is not None:
        y_pred = filter_top_k(y_pred, top_k)
    if class_id is not None:
        if len(y_pred.shape) == 1:
            raise ValueError(
                "`class_id` needs predictions of shape (num_samples, num_classes), got "
                f"shape {tuple(y_pred.shape)}."
            )
        num_classes = y_pred.shape[-1]
        y_true = y_true[..., class_id:class_id + 1]
        y_pred = y_pred[..., class_id:class_id + 1]
        if (sample_weight is not None and len(sample_weight.shape) == len(y_pred.shape)
                and sample_weight.shape[-1] == num_classes != 1):
            sample_weight = sample_weight[..., class_id:class_id + 1]

    positives = ops.cast(y_true != 0, dtype)
    negatives = 1.0 - positives
    weights = None
    if sample_weight is not None:
        weights = ops.broadcast_to(sample_weight, y_pred.shape)
    if label_weights is not None and not multi_label:
        label_weights = ops.broadcast_to(ops.cast(label_weights, dtype), y_pred.shape)
        weights = label_weights if weights is None else weights * label_weights
    if weights is not None:
        positives, negatives = positives * weights, negatives * weights

    pairs = ops.stack([positives, negatives], axis=-1)  # y_pred.shape + (2,)
    if thresholds.size <= _COMPARE_UP_TO and not thresholds.evenly:
        total, passed = _sums_by_comparison(y_pred, pairs, thresholds, multi_label)
        unsort = _identity
    else:
        total, passed = _sums_by_bucket(y_pred, pairs, thresholds, multi_label)
        unsort = thresholds.unsort
    counts = {
        "tp": passed[..., 0],
        "fp": passed[..., 1],
        "fn": total[..., 0] - passed[..., 0],
        "tn": total[..., 1] - passed[..., 1],
    }
    for key, variable in variables.items():
        value = counts[key]
        if multi_label:
            value = ops.transpose(value)
        variable.assign_add(unsort(value))
