"""Categorical crossentropy losses for one-hot (or soft) targets: plain and focal."""

from __future__ import annotations

import warnings

from cornu import backend, ops
from cornu.losses._utils import float_pair
from cornu.losses.wrapper import LossFunctionWrapper


def _check_axis(axis, fn_name: str) -> None:
    if isinstance(axis, bool) or not isinstance(axis, int):
        raise ValueError(
            f"{fn_name}: `axis` must be an int (the class axis), got {axis!r} of type "
            f"{type(axis).__name__}."
        )


def _prepare(y_true, y_pred, label_smoothing, axis, fn_name):
    _check_axis(axis, fn_name)
    y_true, y_pred = float_pair(y_true, y_pred)
    if y_pred.shape[axis] == 1:
        warnings.warn(
            f"{fn_name} expects y_pred of shape (batch_size, num_classes) with "
            f"num_classes > 1, got y_pred.shape={tuple(y_pred.shape)}. With two classes "
            "and one output unit, use binary_crossentropy.",
            SyntaxWarning,
            stacklevel=3,
        )
    if label_smoothing:
        num_classes = y_true.shape[axis]
        y_true = y_true * (1.0 - label_smoothing) + label_smoothing / num_classes
    return y_true, y_pred


def categorical_crossentropy(
    y_true,
    y_pred,
    from_logits: bool = False,
    label_smoothing: float = 0.0,
    axis: int = -1,
):
    """Crossentropy between one-hot targets and a predicted class distribution.

    Args:
        y_true: one-hot (or soft) targets, shape ``(batch, ..., num_classes)``.
        y_pred: probabilities (renormalized to sum to 1), or logits when ``from_logits``.
        from_logits: whether ``y_pred`` holds logits.
        label_smoothing: in ``[0, 1]``; the targets become
            ``y_true * (1 - s) + s / num_classes``.
        axis: the class axis.

    Returns:
        The loss of each sample, the class axis reduced away.

    Example:
        >>> from cornu import losses, ops
        >>> out = losses.categorical_crossentropy([[0., 1., 0.]], [[0.1, 0.8, 0.1]])
        >>> [round(v, 4) for v in ops.convert_to_numpy(out).tolist()]
        [0.2231]
    """
    y_true, y_pred = _prepare(y_true, y_pred, label_smoothing, axis, "categorical_crossentropy")
    return ops.categorical_crossentropy(y_true, y_pred, from_logits=from_logits, axis=axis)


def categorical_focal_crossentropy(
    y_true,
    y_pred,
    alpha: float = 0.25,
    gamma: float = 2.0,
    from_logits: bool = False,
    label_smoothing: float = 0.0,
    axis: int = -1,
):
    """Focal categorical crossentropy (Lin et al., 2017).

    Each class term ``-y_true * log(p)`` is scaled by ``alpha * (1 - p) ** gamma``, so
    confident correct predictions contribute little.

    Args:
        y_true: one-hot (or soft) targets.
        y_pred: probabilities, or logits when ``from_logits`` is true; same shape.
        alpha: the weight of every class term.
        gamma: the focusing exponent; 0 gives ``alpha`` times plain crossentropy.
        from_logits: whether ``y_pred`` holds logits.
        label_smoothing: in ``[0, 1]``; as in ``categorical_crossentropy``.
        axis: the class axis.

    Returns:
        The loss of each sample.

    Example:
        >>> from cornu import losses, ops
        >>> out = losses.categorical_focal_crossentropy([[0., 1., 0.]], [[0.1, 0.8, 0.1]])
        >>> [round(v, 5) for v in ops.convert_to_numpy(out).tolist()]
        [0.00223]
    """
    y_true, y_pred = _prepare(
        y_true, y_pred, label_smoothing, axis, "categorical_focal_crossentropy"
    )
    if from_logits:
        y_pred = ops.softmax(y_pred, axis=axis)
    eps = backend.epsilon()
    probs = ops.clip(y_pred / ops.sum(y_pred, axis=axis, keepdims=True), eps, 1.0 - eps)
    crossentropy = -y_true * ops.log(probs)
    focal = alpha * ops.power(1.0 - probs, gamma) * crossentropy
    return ops.sum(focal, axis=axis)


class CategoricalCrossentropy(LossFunctionWrapper):
    """Crossentropy for one-hot targets and predicted class probabilities (or logits).

    Integer labels go to ``SparseCategoricalCrossentropy`` instead.

    Args:
        from_logits: whether ``y_pred`` holds logits rather than probabilities.
        label_smoothing: in ``[0, 1]``; the targets become
            ``y_true * (1 - s) + s / num_classes``.
        axis: the class axis.
        reduction: see ``Loss``.
        name: the name of the loss.
        dtype: the dtype of the computation.

    Example:
        >>> import cornu
        >>> loss = cornu.losses.CategoricalCrossentropy()
        >>> round(float(loss([[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])), 4)
        1.1769
    """

    _config_keys = ("from_logits", "label_smoothing", "axis")

    def __init__(
        self,
        from_logits: bool = False,
        label_smoothing: float = 0.0,
        axis: int = -1,
        reduction="sum_over_batch_size",
        name="categorical_crossentropy",
        dtype=None,
    ):
        super().__init__(
            categorical_crossentropy,
            name=name,
            reduction=reduction,
            dtype=dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis


class CategoricalFocalCrossentropy(LossFunctionWrapper):
    """Focal categorical crossentropy: down-weights well-classified examples.

    Args:
        alpha: the weight of every class term.
        gamma: the focusing exponent.
        from_logits: whether ``y_pred`` holds logits.
        label_smoothing: in ``[0, 1]``.
        axis: the class axis.
        reduction: see ``Loss``.
        name: the name of the loss.
        dtype: the dtype of the computation.

    Example:
        >>> import cornu
        >>> loss = cornu.losses.CategoricalFocalCrossentropy()
        >>> y_true = [[0., 1., 0.], [0., 0., 1.]]
        >>> round(float(loss(y_true, [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])), 4)
        0.2332
    """

    _config_keys = ("alpha", "gamma", "from_logits", "label_smoothing", "axis")

    def __init__(
        self,
        alpha: float = 0.25,
        gamma: float = 2.0,
        from_logits: bool = False,
        label_smoothing: float = 0.0,
        axis: int = -1,
        reduction="sum_over_batch_size",
        name="categorical_focal_crossentropy",
        dtype=None,
    ):
        super().__init__(
            categorical_focal_crossentropy,
            name=name,
            reduction=reduction,
            dtype=dtype,
            alpha=alpha,
            gamma=gamma,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )
        self.alpha = alpha
        self.gamma = gamma
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis
