"""Shape and weighting helpers shared by the metric families (private)."""

from __future__ import annotations

from cornu import backend, ops


def metric_dtype(dtype) -> str:
    """The compute dtype name of a metric: ``dtype`` checked, or ``floatx()`` when None.

    A dtype policy object (anything with a ``compute_dtype``) and the policy names
    ``"mixed_float16"`` / ``"mixed_bfloat16"`` give their compute dtype.
    """
    if dtype is None:
        return backend.floatx()
    if hasattr(dtype, "compute_dtype"):
        return backend.standardize_dtype(dtype.compute_dtype)
    if isinstance(dtype, str) and dtype.startswith("mixed_"):
        return backend.standardize_dtype(dtype[len("mixed_"):])
    return backend.standardize_dtype(dtype)


def squeeze_or_expand_to_same_rank(x1, x2, expand_rank_1: bool = True):
    """Makes two tensors whose ranks differ by one (with a trailing 1) the same rank.

    The extra trailing axis of size 1 is squeezed away, except that a rank-1 partner is
    expanded instead when ``expand_rank_1`` is True (``(N,)`` with ``(N, 1)`` -> both
    ``(N, 1)``).
    """
    r1, r2 = len(x1.shape), len(x2.shape)
    if r1 == r2:
        return x1, x2
    if r1 == r2 + 1 and x1.shape[-1] == 1:
        if r2 == 1 and expand_rank_1:
            x2 = ops.expand_dims(x2, -1)
        else:
            x1 = ops.squeeze(x1, -1)
    if r2 == r1 + 1 and x2.shape[-1] == 1:
        if r1 == 1 and expand_rank_1:
            x1 = ops.expand_dims(x1, -1)
        else:
            x2 = ops.squeeze(x2, -1)
    return x1, x2


def get_mask(x):
    """The Keras mask attached to a tensor (``x._keras_mask``), or None."""
    return getattr(x, "_keras_mask", None)


def set_mask(x, mask):
    """Attaches a Keras mask to ``x`` when the engine's tensors accept attributes."""
    try:
        x._keras_mask = mask
    except AttributeError:  # e.g. immutable arrays: the mask is simply not carried
        pass
    return x


def apply_mask(sample_weight, mask, dtype: str):
    """Folds a boolean mask into ``sample_weight`` (masked entries get weight 0)."""
    if mask is None:
        return sample_weight
    mask = ops.cast(mask, dtype)
    if sample_weight is None:
        return mask
    sample_weight = ops.cast(sample_weight, dtype)
    mask, sample_weight = squeeze_or_expand_to_same_rank(mask, sample_weight)
    return sample_weight * mask


def reduce_to_samplewise(values, sample_weight, reduce_fn, dtype: str):
    """Weights ``values`` and reduces them to one value per sample (axis 0).

    Axes of ``values`` beyond the rank of ``sample_weight`` are reduced first with
    ``reduce_fn``; a weight of rank > 1 is then reduced to one weight per sample the same
    way, so that ``sum(values) / sum(weights)`` stays the weighted mean.

    Returns:
        ``(values, sample_weight)``: values of rank <= 1, weights broadcast to them (or
        None when no weights were given).
    """
    values = ops.cast(values, dtype)
    if sample_weight is not None:
        sample_weight = ops.cast(ops.convert_to_tensor(sample_weight), dtype)
        values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
        w_ndim, v_ndim = len(sample_weight.shape), len(values.shape)
        if v_ndim > w_ndim:
            values = reduce_fn(values, axis=tuple(range(w_ndim, v_ndim)))
        sample_weight = ops.broadcast_to(sample_weight, values.shape)
        values = values * sample_weight
        if w_ndim > 1:
            sample_weight = reduce_fn(sample_weight, axis=tuple(range(1, w_ndim)))
    if len(values.shape) > 1:
        values = reduce_fn(values, axis=tuple(range(1, len(values.shape))))
    return values, sample_weight


def to_list(x) -> list:
    if isinstance(x, (list, tuple)):
        return list(x)
    if hasattr(x, "tolist"):
        out = x.tolist()
        return out if isinstance(out, list) else [out]
    return [x]
