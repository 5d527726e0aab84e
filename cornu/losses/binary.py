"""Binary crossentropy losses: plain and focal, for 0/1 (or soft) targets per output unit."""

from __future__ import annotations

from cornu import ops
from cornu.losses._utils import float_pair, mean_last_axis, squeeze_or_expand_to_same_rank
from cornu.losses.wrapper import LossFunctionWrapper


def _smooth(y_true, label_smoothing):
    # Squeezes the labels towards 0.5: 1 -> 1 - s/2, 0 -> s/2.
    return y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing


def binary_crossentropy(
    y_true,
    y_pred,
    from_logits: bool = False,
    label_smoothing: float = 0.0,
    axis: int = -1,
):
    """Binary crossentropy, averaged over ``axis``.

    Args:
        y_true: targets in ``[0, 1]``.
        y_pred: probabilities, or logits when ``from_logits`` is true; same shape.
        from_logits: whether ``y_pred`` holds logits (more stable than probabilities).
        label_smoothing: in ``[0, 1]``; targets move towards 0.5 by this fraction.
        axis: the axis averaged over.

    Returns:
        The loss of each sample.

    Example:
        >>> from cornu import losses, ops
        >>> out = losses.binary_crossentropy([[0., 1.]], [[0.4, 0.6]])
        >>> [round(v, 4) for v in ops.convert_to_numpy(out).tolist()]
        [0.5108]
    """
    y_true, y_pred = squeeze_or_expand_to_same_rank(*float_pair(y_true, y_pred))
    if label_smoothing:
        y_true = _smooth(y_true, label_smoothing)
    return mean_last_axis(
        ops.binary_crossentropy(y_true, y_pred, from_logits=from_logits), axis=axis)


def binary_focal_crossentropy(
    y_true,
    y_pred,
    apply_class_balancing: bool = False,
    alpha: float = 0.25,
    gamma: float = 2.0,
    from_logits: bool = False,
    label_smoothing: float = 0.0,
    axis: int = -1,
):
    """Focal binary crossentropy (Lin et al., 2017), averaged over ``axis``.

    Each entry's crossentropy is scaled by ``(1 - p_t) ** gamma``, where ``p_t`` is the
    probability given to the true label, so well-classified entries count less. With
    ``apply_class_balancing``, positives are also weighted by ``alpha`` and negatives by
    ``1 - alpha``.

    Args:
        y_true: targets in ``[0, 1]``.
        y_pred: probabilities, or logits when ``from_logits`` is true; same shape.
        apply_class_balancing: weight positives and negatives by ``alpha``.
        alpha: the weight of the positives when balancing.
        gamma: the focusing exponent; 0 gives plain crossentropy.
        from_logits: whether ``y_pred`` holds logits.
        label_smoothing: in ``[0, 1]``; targets move towards 0.5 by this fraction.
        axis: the axis averaged over.

    Returns:
        The loss of each sample.

    Example:
        >>> from cornu import losses, ops
        >>> out = losses.binary_focal_crossentropy([[0., 1.]], [[0.4, 0.6]], gamma=2.0)
        >>> [round(v, 4) for v in ops.convert_to_numpy(out).tolist()]
        [0.0817]
    """
    y_true, y_pred = squeeze_or_expand_to_same_rank(*float_pair(y_true, y_pred))
    if label_smoothing:
        y_true = _smooth(y_true, label_smoothing)
    if from_logits:
        y_pred = ops.sigmoid(y_pred)
    bce = ops.binary_crossentropy(y_true, y_pred, from_logits=False)
    p_t = y_true * y_pred + (1.0 - y_true) * (1.0 - y_pred)
    focal = ops.power(1.0 - p_t, gamma) * bce
    if apply_class_balancing:
        focal = (y_true * alpha + (1.0 - y_true) * (1.0 - alpha)) * focal
    return ops.mean(focal, axis=axis)


class BinaryCrossentropy(LossFunctionWrapper):
    """Crossentropy between 0/1 targets and predicted probabilities (or logits).

    Args:
        from_logits: whether ``y_pred`` holds logits rather than probabilities.
        label_smoothing: in ``[0, 1]``; targets move towards 0.5 by this fraction.
        axis: the axis averaged over.
        reduction: see ``Loss``.
        name: the name of the loss.
        dtype: the dtype of the computation.

    Example:
        >>> import cornu
        >>> loss = cornu.losses.BinaryCrossentropy(from_logits=True)
        >>> round(float(loss([[0.0, 1.0]], [[-1.0, 2.0]])), 4)
        0.2201
    """

    _config_keys = ("from_logits", "label_smoothing", "axis")

    def __init__(
        self,
        from_logits: bool = False,
        label_smoothing: float = 0.0,
        axis: int = -1,
        reduction="sum_over_batch_size",
        name="binary_crossentropy",
        dtype=None,
    ):
        super().__init__(
            binary_crossentropy,
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


class BinaryFocalCrossentropy(LossFunctionWrapper):
    """Focal binary crossentropy: crossentropy that down-weights easy examples.

    Args:
        apply_class_balancing: weight positives by ``alpha``, negatives by ``1 - alpha``.
        alpha: the weight of the positives when balancing.
        gamma: the focusing exponent; 0 gives plain crossentropy.
        from_logits: whether ``y_pred`` holds logits.
        label_smoothing: in ``[0, 1]``; targets move towards 0.5 by this fraction.
        axis: the axis averaged over.
        reduction: see ``Loss``.
        name: the name of the loss.
        dtype: the dtype of the computation.

    Example:
        >>> import cornu
        >>> loss = cornu.losses.BinaryFocalCrossentropy(gamma=2.0)
        >>> round(float(loss([[0.0, 1.0]], [[0.4, 0.6]])), 4)
        0.0817
    """

    _config_keys = (
        "apply_class_balancing",
        "alpha",
        "gamma",
        "from_logits",
        "label_smoothing",
        "axis",
    )

    def __init__(
        self,
        apply_class_balancing: bool = False,
        alpha: float = 0.25,
        gamma: float = 2.0,
        from_logits: bool = False,
        label_smoothing: float = 0.0,
        axis: int = -1,
        reduction="sum_over_batch_size",
        name="binary_focal_crossentropy",
        dtype=None,
    ):
        super().__init__(
            binary_focal_crossentropy,
            name=name,
            reduction=reduction,
            dtype=dtype,
            apply_class_balancing=apply_class_balancing,
            alpha=alpha,
            gamma=gamma,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )
        self.apply_class_balancing = apply_class_balancing
        self.alpha = alpha
        self.gamma = gamma
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis
