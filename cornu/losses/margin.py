"""Maximum-margin (hinge) losses: hinge, squared hinge, categorical hinge."""

from __future__ import annotations

from cornu import ops
from cornu.losses._utils import float_pair
from cornu.losses.wrapper import LossFunctionWrapper


def _signed_labels(y_true):
    """Maps 0/1 labels to -1/+1; labels that are not all 0 or 1 are left as they are."""
    is_binary = ops.all(ops.logical_or(ops.equal(y_true, 0), ops.equal(y_true, 1)))
    return ops.where(is_binary, 2.0 * y_true - 1.0, y_true)


def hinge(y_true, y_pred):
    """Mean of ``max(1 - y_true * y_pred, 0)`` over the last axis.

    Labels are expected in ``{-1, 1}``; 0/1 labels are converted.

    Args:
        y_true: the labels.
        y_pred: the raw scores, same shape.

    Returns:
        The loss of each sample.

    Example:
        >>> from cornu import losses, ops
        >>> ops.convert_to_numpy(losses.hinge([[0., 1.]], [[-2., 0.5]])).tolist()
        [0.25]
    """
    y_true, y_pred = float_pair(y_true, y_pred)
    return ops.mean(ops.relu(1.0 - _signed_labels(y_true) * y_pred), axis=-1)


def squared_hinge(y_true, y_pred):
    """Mean of ``max(1 - y_true * y_pred, 0) ** 2`` over the last axis.

    Labels are expected in ``{-1, 1}``; 0/1 labels are converted.

    Args:
        y_true: the labels.
        y_pred: the raw scores, same shape.

    Returns:
        The loss of each sample.

    Example:
        >>> from cornu import losses, ops
        >>> ops.convert_to_numpy(losses.squared_hinge([[0., 1.]], [[-2., 0.5]])).tolist()
        [0.125]
    """
    y_true, y_pred = float_pair(y_true, y_pred)
    return ops.mean(ops.square(ops.relu(1.0 - _signed_labels(y_true) * y_pred)), axis=-1)


def categorical_hinge(y_true, y_pred):
    """``max(neg - pos + 1, 0)``: the best wrong-class score against the true-class score.

    ``pos = sum(y_true * y_pred)`` and ``neg = max((1 - y_true) * y_pred)``, along the last
    axis.

    Args:
        y_true: one-hot labels.
        y_pred: the raw scores, same shape.

    Returns:
        The loss of each sample.

    Example:
        >>> from cornu import losses, ops
        >>> out = losses.categorical_hinge([[0., 1., 0.]], [[0.5, 1.0, 0.9]])
        >>> [round(v, 4) for v in ops.convert_to_numpy(out).tolist()]
        [0.9]
    """
    y_true, y_pred = float_pair(y_true, y_pred)
    pos = ops.sum(y_true * y_pred, axis=-1)
    neg = ops.max((1.0 - y_true) * y_pred, axis=-1)
    return ops.relu(neg - pos + 1.0)


class Hinge(LossFunctionWrapper):
    """Hinge loss ``max(1 - y_true * y_pred, 0)``, labels in ``{-1, 1}`` (or 0/1).

    Args:
        reduction: see ``Loss``.
        name: the name of the loss.
        dtype: the dtype of the computation.

    Example:
        >>> import cornu
        >>> round(float(cornu.losses.Hinge()([[0., 1.], [1., 1.]], [[-2., 0.5], [2., 2.]])), 4)
        0.125
    """

    _config_keys = ()

    def __init__(self, reduction="sum_over_batch_size", name="hinge", dtype=None):
        super().__init__(hinge, name=name, reduction=reduction, dtype=dtype)


class SquaredHinge(LossFunctionWrapper):
    """Squared hinge loss ``max(1 - y_true * y_pred, 0) ** 2``.

    Args:
        reduction: see ``Loss``.
        name: the name of the loss.
        dtype: the dtype of the computation.

    Example:
        >>> import cornu
        >>> round(float(cornu.losses.SquaredHinge()([[0., 1.]], [[-2., 0.5]])), 4)
        0.125
    """

    _config_keys = ()

    def __init__(self, reduction="sum_over_batch_size", name="squared_hinge", dtype=None):
        super().__init__(squared_hinge, name=name, reduction=reduction, dtype=dtype)


class CategoricalHinge(LossFunctionWrapper):
    """Categorical hinge loss for one-hot labels and raw class scores.

    Args:
        reduction: see ``Loss``.
        name: the name of the loss.
        dtype: the dtype of the computation.

    Example:
        >>> import cornu
        >>> round(float(cornu.losses.CategoricalHinge()([[0., 1.]], [[0.5, 1.0]])), 4)
        0.5
    """

    _config_keys = ()

    def __init__(self, reduction="sum_over_batch_size", name="categorical_hinge", dtype=None):
        super().__init__(categorical_hinge, name=name, reduction=reduction, dtype=dtype)
