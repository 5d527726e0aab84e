"""Overlap losses for segmentation masks: Dice and Tversky."""

from __future__ import annotations

from cornu import backend, ops
from cornu.losses._utils import float_pair
from cornu.losses.wrapper import LossFunctionWrapper


def _axis(axis):
    return tuple(axis) if isinstance(axis, list) else axis


def dice(y_true, y_pred, axis=None):
    """Dice loss ``1 - 2 * sum(y_true * y_pred) / (sum(y_true) + sum(y_pred))``.

    Args:
        y_true: the target mask (0/1 or soft).
        y_pred: the predicted mask, same shape.
        axis: the axes summed over; ``None`` sums over everything and gives one number
            for the whole batch. Use e.g. ``(1, 2, 3)`` for one loss per image.

    Returns:
        The Dice loss (reduced over ``axis``).

    Example:
        >>> from cornu import losses
        >>> round(float(losses.dice([[1.0, 1.0, 0.0]], [[1.0, 0.0, 0.0]])), 4)
        0.3333
    """
    y_true, y_pred = float_pair(y_true, y_pred)
    axis = _axis(axis)
    intersection = ops.sum(y_true * y_pred, axis=axis)
    total = ops.sum(y_true, axis=axis) + ops.sum(y_pred, axis=axis)
    return 1.0 - 2.0 * intersection / (total + backend.epsilon())


def tversky(y_true, y_pred, alpha: float = 0.5, beta: float = 0.5, axis=None):
    """Tversky loss ``1 - TP / (TP + alpha * A + beta * B)`` (Salehi et al., 2017).

    With ``TP = sum(y_true * y_pred)``, ``A = sum(y_true * (1 - y_pred))`` and
    ``B = sum((1 - y_true) * y_pred)``, as Keras computes them. ``alpha = beta = 0.5``
    gives the Dice loss.

    Args:
        y_true: the target mask.
        y_pred: the predicted mask, same shape.
        alpha: the weight of ``A``.
        beta: the weight of ``B``.
        axis: the axes summed over; ``None`` sums over everything.

    Returns:
        The Tversky loss (reduced over ``axis``).

    Example:
        >>> from cornu import losses
        >>> round(float(losses.tversky([[1.0, 1.0, 0.0]], [[1.0, 0.0, 1.0]], 0.5, 0.5)), 4)
        0.5
    """
    y_true, y_pred = float_pair(y_true, y_pred)
    axis = _axis(axis)
    true_pos = ops.sum(y_true * y_pred, axis=axis)
    missed = ops.sum(y_true * (1.0 - y_pred), axis=axis)
    extra = ops.sum((1.0 - y_true) * y_pred, axis=axis)
    denominator = true_pos + alpha * missed + beta * extra + backend.epsilon()
    return 1.0 - true_pos / denominator


class Dice(LossFunctionWrapper):
    """Dice loss between target and predicted segmentation masks.

    Args:
        reduction: see ``Loss``.
        name: the name of the loss.
        axis: the axes summed over; ``None`` (default) gives one number per batch.
        dtype: the dtype of the computation.

    Example:
        >>> import cornu
        >>> y_true = [[[1.0], [1.0]], [[0.0], [0.0]]]
        >>> y_pred = [[[0.0], [1.0]], [[0.4], [0.9]]]
        >>> round(float(cornu.losses.Dice()(y_true, y_pred)), 4)
        0.5349
    """

    _config_keys = ("axis",)

    def __init__(self, reduction="sum_over_batch_size", name="dice", axis=None, dtype=None):
        super().__init__(dice, name=name, reduction=reduction, dtype=dtype, axis=axis)
        self.axis = axis


class Tversky(LossFunctionWrapper):
    """Tversky loss: Dice loss with separate weights for the two kinds of errors.

    Args:
        alpha: the weight of ``sum(y_true * (1 - y_pred))``.
        beta: the weight of ``sum((1 - y_true) * y_pred)``.
        reduction: see ``Loss``.
        name: the name of the loss.
        axis: the axes summed over; ``None`` (default) gives one number per batch.
        dtype: the dtype of the computation.

    Example:
        >>> import cornu
        >>> loss = cornu.losses.Tversky(alpha=0.7, beta=0.3)
        >>> round(float(loss([[1.0, 1.0, 0.0]], [[1.0, 0.0, 1.0]])), 4)
        0.5
    """

    _config_keys = ("alpha", "beta", "axis")

    def __init__(
        self,
        alpha: float = 0.5,
        beta: float = 0.5,
        reduction="sum_over_batch_size",
        name="tversky",
        axis=None,
        dtype=None,
    ):
        super().__init__(
            tversky, name=name, reduction=reduction, dtype=dtype, alpha=alpha, beta=beta, axis=axis
        )
        self.alpha = alpha
        self.beta = beta
        self.axis = axis
