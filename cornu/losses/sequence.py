"""Sequence losses: CTC (connectionist temporal classification)."""

from __future__ import annotations

from cornu import ops
from cornu.losses._utils import to_float, to_tensor
from cornu.losses.wrapper import LossFunctionWrapper


def ctc(y_true, y_pred):
    """CTC loss between padded label sequences and per-step class logits.

    Label 0 is the blank, which also pads ``y_true``: each label sequence's length is its
    number of nonzero entries. Every sequence uses all ``max_length`` steps of ``y_pred``.

    Args:
        y_true: integer labels, shape ``(batch_size, max_label_length)``, 0-padded.
        y_pred: logits, shape ``(batch_size, max_length, num_classes)``.

    Returns:
        The negative log-likelihood of each label sequence, shape ``(batch_size,)``
        (``inf`` where no alignment fits).

    Example:
        >>> from cornu import losses, ops
        >>> out = losses.ctc([[1]], ops.zeros((1, 1, 2)))
        >>> [round(v, 4) for v in ops.convert_to_numpy(out).tolist()]
        [0.6931]
    """
    y_true = to_tensor(y_true)
    y_pred = to_float(y_pred)
    if len(y_true.shape) != 2:
        raise ValueError(
            "ctc: `y_true` must hold integer labels of shape (batch_size, max_length), got "
            f"shape {tuple(y_true.shape)}."
        )
    if len(y_pred.shape) != 3:
        raise ValueError(
            "ctc: `y_pred` must hold logits of shape (batch_size, max_length, num_classes), "
            f"got shape {tuple(y_pred.shape)}."
        )
    batch_size, max_length = y_pred.shape[0], y_pred.shape[1]
    input_length = ops.full((batch_size,), max_length, dtype="int32")
    label_length = ops.sum(ops.cast(ops.not_equal(y_true, 0), "int32"), axis=-1)
    return ops.ctc_loss(y_true, y_pred, label_length, input_length, mask_index=0)


class CTC(LossFunctionWrapper):
    """CTC loss for sequence outputs whose alignment with the labels is unknown.

    Args:
        reduction: see ``Loss``.
        name: the name of the loss.
        dtype: the dtype of the computation.

    Example:
        >>> import cornu
        >>> from cornu import ops
        >>> round(float(cornu.losses.CTC()([[1]], ops.zeros((1, 1, 2)))), 4)
        0.6931
    """

    _cast_y_true = False
    _config_keys = ()

    def __init__(self, reduction="sum_over_batch_size", name="ctc", dtype=None):
        super().__init__(ctc, name=name, reduction=reduction, dtype=dtype)
