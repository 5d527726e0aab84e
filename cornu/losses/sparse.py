"""Losses on integer class labels: sparse categorical crossentropy and generalized CE."""

from __future__ import annotations

from cornu import ops
from cornu.losses._utils import set_mask, to_float, to_tensor
from cornu.losses.wrapper import LossFunctionWrapper


def _squeeze_labels(y_true, y_pred, axis):
    if len(y_true.shape) == len(y_pred.shape) and y_true.shape[axis] == 1:
        return ops.squeeze(y_true, axis)
    return y_true


def sparse_categorical_crossentropy(
    y_true,
    y_pred,
    from_logits: bool = False,
    ignore_class: int | None = None,
    axis: int = -1,
):
    """Crossentropy between integer class labels and a predicted class distribution.

    Args:
        y_true: integer labels, shape ``(batch, ...)`` (or ``(batch, ..., 1)``).
        y_pred: probabilities (renormalized to sum to 1), or logits when ``from_logits``;
            shape ``(batch, ..., num_classes)``.
        from_logits: whether ``y_pred`` holds logits.
        ignore_class: a label whose entries get loss 0 and are masked out of the average
            (e.g. the "void" class of segmentation maps).
        axis: the class axis of ``y_pred``.

    Returns:
        The loss of each sample, shape of the labels.

    Example:
        >>> from cornu import losses, ops
        >>> y_pred = [[0.05, 0.95, 0], [0.1, 0.8, 0.1]]
        >>> out = losses.sparse_categorical_crossentropy([1, 2], y_pred)
        >>> [round(v, 4) for v in ops.convert_to_numpy(out).tolist()]
        [0.0513, 2.3026]
    """
    y_pred = to_float(y_pred)
    y_true = _squeeze_labels(to_tensor(y_true), y_pred, axis)
    if ignore_class is None:
        return ops.sparse_categorical_crossentropy(
            y_true, y_pred, from_logits=from_logits, axis=axis
        )
    valid = ops.not_equal(y_true, ignore_class)
    # Ignored entries get a harmless label, then their loss is zeroed out.
    y_true = ops.where(valid, y_true, ops.zeros_like(y_true))
    losses = ops.sparse_categorical_crossentropy(y_true, y_pred, from_logits=from_logits, axis=axis)
    losses = ops.where(valid, losses, ops.zeros_like(losses))
    return set_mask(losses, valid)


def categorical_generalized_cross_entropy(y_true, y_pred, q: float):
    """Generalized crossentropy ``(1 - p ** q) / q`` of integer labels (Zhang & Sabuncu).

    ``p`` is the probability predicted for the true class. Small ``q`` behaves like
    crossentropy, ``q`` near 1 like mean absolute error (robust to noisy labels).

    Args:
        y_true: integer labels, shape ``(batch,)``.
        y_pred: class probabilities, shape ``(batch, num_classes)``.
        q: the noise parameter, in ``(0, 1)``.

    Returns:
        The loss of each sample.

    Example:
        >>> from cornu import losses, ops
        >>> y_pred = [[0.64, 0.36], [0.75, 0.25]]
        >>> out = losses.categorical_generalized_cross_entropy([0, 1], y_pred, q=0.5)
        >>> [round(v, 4) for v in ops.convert_to_numpy(out).tolist()]
        [0.4, 1.0]
    """
    y_pred = to_float(y_pred)
    y_true = _squeeze_labels(to_tensor(y_true), y_pred, -1)
    one_hot = ops.one_hot(ops.cast(y_true, "int32"), y_pred.shape[-1], dtype=ops.dtype(y_pred))
    p = ops.sum(y_pred * one_hot, axis=-1)
    return (1.0 - ops.power(p, q)) / q


class SparseCategoricalCrossentropy(LossFunctionWrapper):
    """Crossentropy between integer class labels and predicted probabilities (or logits).

    Args:
        from_logits: whether ``y_pred`` holds logits rather than probabilities.
        ignore_class: a label to leave out of the loss (loss 0, masked from the average).
        reduction: see ``Loss``.
        axis: the class axis of ``y_pred``.
        name: the name of the loss.
        dtype: the dtype of the computation.

    Example:
        >>> import cornu
        >>> loss = cornu.losses.SparseCategoricalCrossentropy()
        >>> round(float(loss([1, 2], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])), 4)
        1.1769
    """

    _cast_y_true = False
    _config_keys = ("from_logits", "ignore_class", "axis")

    def __init__(
        self,
        from_logits: bool = False,
        ignore_class: int | None = None,
        reduction="sum_over_batch_size",
        axis: int = -1,
        name="sparse_categorical_crossentropy",
        dtype=None,
    ):
        super().__init__(
            sparse_categorical_crossentropy,
            name=name,
            reduction=reduction,
            dtype=dtype,
            from_logits=from_logits,
            ignore_class=ignore_class,
            axis=axis,
        )
        self.from_logits = from_logits
        self.ignore_class = ignore_class
        self.axis = axis


class CategoricalGeneralizedCrossEntropy(LossFunctionWrapper):
    """Generalized crossentropy, a noise-robust loss on integer labels.

    Args:
        q: the noise parameter in ``(0, 1)``: near 0 like crossentropy, near 1 like MAE.
        reduction: see ``Loss``.
        name: the name of the loss.
        dtype: the dtype of the computation.

    Example:
        >>> import cornu
        >>> loss = cornu.losses.CategoricalGeneralizedCrossEntropy(q=0.5)
        >>> round(float(loss([0, 1], [[0.64, 0.36], [0.75, 0.25]])), 4)
        0.7
    """

    _cast_y_true = False
    _config_keys = ("q",)

    def __init__(
        self,
        q: float = 0.5,
        reduction="sum_over_batch_size",
        name="categorical_generalized_cross_entropy",
        dtype=None,
    ):
        if not 0 < q < 1:
            raise ValueError(
                f"CategoricalGeneralizedCrossEntropy: `q` must lie strictly between 0 and 1, "
                f"got q={q!r}. Values near 0 behave like crossentropy, near 1 like MAE."
            )
        super().__init__(
            categorical_generalized_cross_entropy,
            name=name,
            reduction=reduction,
            dtype=dtype,
            q=q,
        )
        self.q = q
