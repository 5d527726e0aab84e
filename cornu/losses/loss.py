"""The ``Loss`` base class and the reductions that turn per-sample losses into one number."""

from __future__ import annotations

import math

from cornu import backend, ops
from cornu.backend.common.keras_tensor import KerasTensor
from cornu.backend.common.naming import to_snake_case, uniquify
from cornu.losses._utils import squeeze_or_expand_to_same_rank, to_tensor

REDUCTIONS = ("sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", "none", None)


class Loss:
    """Base class of every loss: subclasses implement ``call(y_true, y_pred)``.

    ``call`` returns unreduced losses (usually one per sample); ``__call__`` converts the
    inputs, applies ``sample_weight`` and any mask carried by ``y_pred``, and reduces.

    Args:
        name: the name of the loss; a unique snake-case name of the class by default.
        reduction: how per-sample losses become the result. ``"sum_over_batch_size"``
            (default) and ``"mean"`` average over all loss entries, ``"sum"`` adds them,
            ``"mean_with_sample_weight"`` divides the weighted sum by the sum of the
            weights, and ``"none"`` or ``None`` return the unreduced losses.
        dtype: the dtype of the computation, ``floatx()`` by default. A dtype policy (any
            object with a ``compute_dtype``) or ``"mixed_float16"`` style names are
            accepted.

    Example:
        >>> import cornu
        >>> from cornu import ops
        >>> class MeanCube(cornu.losses.Loss):
        ...     def call(self, y_true, y_pred):
        ...         return ops.mean(ops.abs(y_pred - y_true) ** 3, axis=-1)
        >>> round(float(MeanCube()([[0.0, 1.0]], [[1.0, 3.0]])), 4)
        4.5
    """

    # Whether ``__call__`` casts ``y_true`` to the loss dtype. Losses taking integer labels
    # turn it off: the labels stay exact and the step saves a cast.
    _cast_y_true = True

    def __init__(
        self,
        name: str | None = None,
        reduction: str | None = "sum_over_batch_size",
        dtype=None,
    ):
        self.name = name or uniquify(to_snake_case(type(self).__name__))
        self.reduction = standardize_reduction(reduction)
        self._dtype = _compute_dtype(dtype)

    @property
    def dtype(self) -> str:
        """The dtype the loss is computed in, e.g. ``"float32"``."""
        return self._dtype

    def __call__(self, y_true, y_pred, sample_weight=None):
        """Computes the reduced loss.

        Args:
            y_true: the targets: a tensor, NumPy array or nested list.
            y_pred: the predictions; a ``_keras_mask`` attribute on it masks entries out.
            sample_weight: optional weights, per sample (shape ``(batch,)`` or
                ``(batch, 1)``) or per loss entry.

        Returns:
            A scalar tensor, or the weighted per-sample losses when the reduction is
            ``"none"``.
        """
        in_mask = getattr(y_pred, "_keras_mask", None)
        dtype = self._dtype
        y_pred = _convert_inputs(y_pred, dtype)
        y_true = _convert_inputs(y_true, dtype if self._cast_y_true else None)
        losses = self.call(y_true, y_pred)
        out_mask = getattr(losses, "_keras_mask", None)
        if in_mask is None:
            mask = out_mask
        elif out_mask is None:
            mask = in_mask
        else:
            mask = ops.logical_and(in_mask, out_mask)
        if sample_weight is None and mask is None:
            return reduce_values(to_tensor(losses, dtype), None, self.reduction)
        return reduce_weighted_values(losses, sample_weight, mask, self.reduction, dtype)

    def call(self, y_true, y_pred):
        """Returns the unreduced losses; subclasses must implement it."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement `call(self, y_true, y_pred)` returning "
            "the per-sample losses."
        )

    def get_config(self) -> dict:
        return {"name": self.name, "reduction": self.reduction}

    @classmethod
    def from_config(cls, config: dict):
        return cls(**config)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name!r} reduction={self.reduction!r}>"


def standardize_reduction(reduction):
    """Checks a reduction name; ``"auto"`` (the tf.keras default) means the default."""
    if reduction == "auto":
        return "sum_over_batch_size"
    if not (reduction is None or isinstance(reduction, str)) or reduction not in REDUCTIONS:
        raise ValueError(
            f"Invalid `reduction`: expected one of {REDUCTIONS}, got {reduction!r}. Use "
            "'sum_over_batch_size' (the default) to average the loss over the batch."
        )
    return reduction


def reduce_values(values, sample_weight=None, reduction="sum_over_batch_size"):
    """Reduces (already weighted) losses; ``sample_weight`` only serves as a divisor."""
    if reduction is None or reduction == "none":
        return values
    shape = tuple(values.shape)
    if shape == () or shape == (0,):
        return values
    if reduction == "sum":
        return ops.sum(values)
    if reduction == "mean_with_sample_weight" and sample_weight is not None:
        divisor = ops.cast(ops.sum(sample_weight), values.dtype)
        return ops.divide_no_nan(ops.sum(values), divisor)
    if 0 in shape:  # an empty batch averages to 0, not NaN
        return ops.sum(values)
    return ops.mean(values)


def reduce_weighted_values(
    values,
    sample_weight=None,
    mask=None,
    reduction="sum_over_batch_size",
    dtype=None,
):
    """Applies ``sample_weight`` and ``mask`` to ``values``, then reduces them.

    Args:
        values: the per-sample (or per-entry) losses.
        sample_weight: optional weights; shape ``(batch,)`` or ``(batch, 1)`` for
            per-sample weights, or the shape of ``values``.
        mask: optional boolean mask of the entries that count.
        reduction: one of the reductions of ``Loss``.
        dtype: the dtype to compute in.

    Returns:
        The reduced loss.

    Example:
        >>> from cornu import ops
        >>> out = reduce_weighted_values(ops.array([1.0, 2.0, 3.0]), [1.0, 0.0, 1.0])
        >>> round(float(out), 4)
        1.3333
    """
    reduction = standardize_reduction(reduction)
    values = to_tensor(values, dtype)
    if sample_weight is not None:
        sample_weight = to_tensor(sample_weight, values.dtype)
    if mask is not None:
        sample_weight = apply_mask(sample_weight, to_tensor(mask), values.dtype, reduction)
    if sample_weight is not None:
        values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
        sample_weight = _align_weight(values, sample_weight)
        values = values * sample_weight
    return reduce_values(values, sample_weight, reduction)


def apply_mask(sample_weight, mask, dtype, reduction):
    """Folds a boolean mask into the sample weights.

    For the averaging reductions, kept entries get weight ``total / kept`` so that the
    average runs over the kept entries only.
    """
    if mask is None:
        return sample_weight
    float_mask = ops.cast(ops.cast(mask, "bool"), dtype)
    if reduction in ("mean", "sum_over_batch_size"):
        # When nothing is kept the mask is all zeros, so the clip only avoids 0 / 0.
        kept = ops.clip(ops.sum(float_mask), 1.0, None)
        float_mask = float_mask * (_num_elements(mask) / kept)
    if sample_weight is None:
        return float_mask
    float_mask, sample_weight = squeeze_or_expand_to_same_rank(
        float_mask, ops.cast(sample_weight, dtype)
    )
    return _align_weight(float_mask, sample_weight) * float_mask


def _num_elements(x):
    shape = tuple(x.shape)
    if None in shape:
        return ops.size(x)
    return math.prod(shape)


def _align_weight(values, sample_weight):
    """Checks that the weights broadcast against ``values``.

    Per-sample weights of lower rank (``(batch,)`` against ``(batch, time)`` losses) are
    spread over the trailing axes, where Keras 3 would fail.
    """
    v_shape, w_shape = tuple(values.shape), tuple(sample_weight.shape)
    if 0 < len(w_shape) < len(v_shape):
        extra = (1,) * (len(v_shape) - len(w_shape))
        sample_weight = ops.reshape(sample_weight, w_shape + extra)
        if None not in v_shape:
            sample_weight = ops.broadcast_to(sample_weight, v_shape)
        w_shape = tuple(sample_weight.shape)
    for v, w in zip(reversed(v_shape), reversed(w_shape)):
        if v is not None and w is not None and v != w and v != 1 and w != 1:
            raise ValueError(
                f"`sample_weight` of shape {w_shape} does not match the losses of shape "
                f"{v_shape}. Pass one weight per sample (shape ({v_shape[0]},)) or one per "
                "loss entry (the shape of the unreduced loss)."
            )
    return sample_weight


def _compute_dtype(dtype) -> str:
    if dtype is None:
        return backend.floatx()
    compute = getattr(dtype, "compute_dtype", None)
    if compute is not None:
        return backend.standardize_dtype(compute)
    if isinstance(dtype, dict):  # a serialized dtype policy
        dtype = dtype.get("config", {}).get("name", backend.floatx())
    if isinstance(dtype, str) and dtype.startswith("mixed_"):
        return backend.standardize_dtype(dtype[len("mixed_") :])
    return backend.standardize_dtype(dtype)


def _convert_inputs(x, dtype):
    """Converts one input of ``Loss.__call__``; dicts and lists of arrays map per leaf."""
    if isinstance(x, dict):
        return {k: _convert_inputs(v, dtype) for k, v in x.items()}
    if isinstance(x, (list, tuple)) and x and _holds_arrays(x):
        return type(x)(_convert_inputs(v, dtype) for v in x)
    return to_tensor(x, dtype)


def _holds_arrays(seq) -> bool:
    return any(getattr(v, "ndim", 0) or isinstance(v, (dict, KerasTensor)) for v in seq)
