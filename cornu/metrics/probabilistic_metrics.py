"""Crossentropy functions and the probabilistic metrics (crossentropies, KL, Poisson)."""

from __future__ import annotations

from cornu import backend, ops
from cornu.metrics._utils import set_mask
from cornu.metrics.loss_functions import as_float, kl_divergence, poisson, prepare
from cornu.metrics.reduction_metrics import FnMetric


def _smooth(y_true, label_smoothing: float, num_classes):
    return y_true * (1.0 - label_smoothing) + label_smoothing / num_classes


def binary_crossentropy(y_true, y_pred, from_logits: bool = False,
                        label_smoothing: float = 0.0, axis: int = -1):
    """Binary crossentropy, averaged over ``axis``.

    Args:
        y_true: 0/1 targets.
        y_pred: probabilities (or logits when ``from_logits``), same shape.
        from_logits: whether ``y_pred`` holds logits.
        label_smoothing: moves targets towards 0.5 by this fraction.
        axis: the axis averaged over.

    Returns:
        One value per sample.

    Example:
        >>> from cornu import metrics
        >>> round(float(metrics.binary_crossentropy([[1.0, 0.0]], [[0.5, 0.5]])[0]), 4)
        0.6931
    """
    y_true, y_pred = prepare(y_true, y_pred, same_rank=False)
    if label_smoothing:
        y_true = _smooth(y_true, label_smoothing, 2.0)
    values = ops.binary_crossentropy(y_true, y_pred, from_logits=from_logits)
    return ops.mean(values, axis=axis)


def categorical_crossentropy(y_true, y_pred, from_logits: bool = False,
                             label_smoothing: float = 0.0, axis: int = -1):
    """Crossentropy between one-hot (or soft) targets and predicted distributions.

    Args:
        y_true: one-hot targets, shape ``(batch, ..., num_classes)``.
        y_pred: probabilities (or logits when ``from_logits``), same shape.
        from_logits: whether ``y_pred`` holds logits.
        label_smoothing: mixes targets with the uniform distribution by this fraction.
        axis: the class axis.

    Returns:
        One value per sample.

    Example:
        >>> from cornu import metrics
        >>> round(float(metrics.categorical_crossentropy([[0, 1]], [[0.5, 0.5]])[0]), 4)
        0.6931
    """
    if isinstance(axis, bool):
        raise ValueError(f"categorical_crossentropy: `axis` must be an int, got {axis!r}.")
    y_true, y_pred = prepare(y_true, y_pred, same_rank=False)
    if label_smoothing:
        y_true = _smooth(y_true, label_smoothing, float(y_true.shape[-1]))
    return ops.categorical_crossentropy(y_true, y_pred, from_logits=from_logits, axis=axis)


def sparse_categorical_crossentropy(y_true, y_pred, from_logits: bool = False,
                                    ignore_class: int | None = None, axis: int = -1):
    """Crossentropy between integer class labels and predicted distributions.

    Args:
        y_true: integer labels, shape ``(batch, ...)`` (or with a trailing 1).
        y_pred: probabilities (or logits), shape ``(batch, ..., num_classes)``.
        from_logits: whether ``y_pred`` holds logits.
        ignore_class: a label whose entries give 0 (and are masked out).
        axis: the class axis of ``y_pred``.

    Returns:
        One value per sample.

    Example:
        >>> from cornu import metrics
        >>> round(float(metrics.sparse_categorical_crossentropy([1], [[0.5, 0.5]])[0]), 4)
        0.6931
    """
    y_pred = as_float(y_pred)
    y_true = ops.convert_to_tensor(y_true)
    if len(y_true.shape) == len(y_pred.shape) and y_true.shape[axis] == 1:
        y_true = ops.squeeze(y_true, axis=axis)
    if ignore_class is None:
        return ops.sparse_categorical_crossentropy(y_true, y_pred, from_logits=from_logits,
                                                   axis=axis)
    valid = y_true != ignore_class
    y_true = ops.where(valid, y_true, ops.zeros_like(y_true))
    y_pred = ops.where(ops.expand_dims(valid, axis), y_pred, ops.zeros_like(y_pred))
    out = ops.sparse_categorical_crossentropy(y_true, y_pred, from_logits=from_logits,
                                              axis=axis)
    out = ops.where(valid, out, ops.zeros_like(out))
    return set_mask(out, valid)


def binary_focal_crossentropy(y_true, y_pred, apply_class_balancing: bool = False,
                              alpha: float = 0.25, gamma: float = 2.0,
                              from_logits: bool = False, label_smoothing: float = 0.0,
                              axis: int = -1):
    """Binary crossentropy scaled by ``(1 - p_t) ** gamma`` to focus on hard examples.

    Args:
        y_true: 0/1 targets.
        y_pred: probabilities (or logits), same shape.
        apply_class_balancing: weigh positives by ``alpha``, negatives by ``1 - alpha``.
        alpha: the class balance weight.
        gamma: the focusing exponent.
        from_logits: whether ``y_pred`` holds logits.
        label_smoothing: moves targets towards 0.5 by this fraction.
        axis: the axis averaged over.

    Returns:
        One value per sample.

    Example:
        >>> from cornu import metrics
        >>> round(float(metrics.binary_focal_crossentropy([[1.0]], [[0.5]])[0]), 4)
        0.1733
    """
    y_true, y_pred = prepare(y_true, y_pred, same_rank=False)
    if label_smoothing:
        y_true = _smooth(y_true, label_smoothing, 2.0)
    if from_logits:
        y_pred = ops.sigmoid(y_pred)
    bce = ops.binary_crossentropy(y_true, y_pred, from_logits=False)
    p_t = y_true * y_pred + (1.0 - y_true) * (1.0 - y_pred)
    focal = ops.power(1.0 - p_t, gamma) * bce
    if apply_class_balancing:
        focal = (y_true * alpha + (1.0 - y_true) * (1.0 - alpha)) * focal
    return ops.mean(focal, axis=axis)


def categorical_focal_crossentropy(y_true, y_pred, alpha: float = 0.25, gamma: float = 2.0,
                                   from_logits: bool = False, label_smoothing: float = 0.0,
                                   axis: int = -1):
    """Categorical crossentropy scaled by ``alpha * (1 - p) ** gamma`` per class.

    Args:
        y_true: one-hot targets.
        y_pred: probabilities (or logits), same shape.
        alpha: the weighting factor.
        gamma: the focusing exponent.
        from_logits: whether ``y_pred`` holds logits.
        label_smoothing: mixes targets with the uniform distribution by this fraction.
        axis: the class axis.

    Returns:
        One value per sample.

    Example:
        >>> from cornu import metrics
        >>> round(float(metrics.categorical_focal_crossentropy([[0, 1]], [[0.5, 0.5]])[0]), 4)
        0.0433
    """
    y_true, y_pred = prepare(y_true, y_pred, same_rank=False)
    if label_smoothing:
        y_true = _smooth(y_true, label_smoothing, float(y_true.shape[-1]))
    if from_logits:
        y_pred = ops.softmax(y_pred, axis=axis)
    output = y_pred / ops.sum(y_pred, axis=axis, keepdims=True)
    eps = backend.epsilon()
    output = ops.clip(output, eps, 1.0 - eps)
    focal = alpha * ops.power(1.0 - output, gamma) * (-y_true * ops.log(output))
    return ops.sum(focal, axis=axis)


class BinaryCrossentropy(FnMetric):
    """The mean binary crossentropy between labels and predictions.

    Args:
        name: the metric's name.
        dtype: the dtype of the result.
        from_logits: whether ``y_pred`` holds logits.
        label_smoothing: moves targets towards 0.5 by this fraction.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.BinaryCrossentropy()
        >>> m.update_state([[1.0, 0.0]], [[0.5, 0.5]])
        >>> round(float(m.result()), 4)
        0.6931
    """

    def __init__(self, name: str = "binary_crossentropy", dtype=None,
                 from_logits: bool = False, label_smoothing: float = 0):
        super().__init__(binary_crossentropy, name, dtype, from_logits=from_logits,
                         label_smoothing=label_smoothing)


class CategoricalCrossentropy(FnMetric):
    """The mean crossentropy between one-hot labels and predicted distributions.

    Args:
        name: the metric's name.
        dtype: the dtype of the result.
        from_logits: whether ``y_pred`` holds logits.
        label_smoothing: mixes targets with the uniform distribution by this fraction.
        axis: the class axis.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.CategoricalCrossentropy()
        >>> m.update_state([[0, 1]], [[0.5, 0.5]])
        >>> round(float(m.result()), 4)
        0.6931
    """

    def __init__(self, name: str = "categorical_crossentropy", dtype=None,
                 from_logits: bool = False, label_smoothing: float = 0, axis: int = -1):
        super().__init__(categorical_crossentropy, name, dtype, from_logits=from_logits,
                         label_smoothing=label_smoothing, axis=axis)


class SparseCategoricalCrossentropy(FnMetric):
    """The mean crossentropy between integer labels and predicted distributions.

    Args:
        name: the metric's name.
        dtype: the dtype of the result.
        from_logits: whether ``y_pred`` holds logits.
        ignore_class: a label whose entries contribute 0.
        axis: the class axis of ``y_pred``.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.SparseCategoricalCrossentropy()
        >>> m.update_state([1], [[0.5, 0.5]])
        >>> round(float(m.result()), 4)
        0.6931
    """

    def __init__(self, name: str = "sparse_categorical_crossentropy", dtype=None,
                 from_logits: bool = False, ignore_class: int | None = None, axis: int = -1):
        super().__init__(sparse_categorical_crossentropy, name, dtype,
                         from_logits=from_logits, ignore_class=ignore_class, axis=axis)


class KLDivergence(FnMetric):
    """The mean Kullback-Leibler divergence between target and predicted distributions.

    Args:
        name: the metric's name.
        dtype: the dtype of the result.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.KLDivergence()
        >>> m.update_state([[0.5, 0.5]], [[0.5, 0.5]])
        >>> float(m.result())
        0.0
    """

    def __init__(self, name: str = "kl_divergence", dtype=None):
        super().__init__(kl_divergence, name, dtype)


class Poisson(FnMetric):
    """The mean Poisson deviance ``y_pred - y_true * log(y_pred)``.

    Args:
        name: the metric's name.
        dtype: the dtype of the result.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.Poisson()
        >>> m.update_state([[0.0, 0.0]], [[1.0, 3.0]])
        >>> float(m.result())
        2.0
    """

    def __init__(self, name: str = "poisson", dtype=None):
        super().__init__(poisson, name, dtype)
