"""Gradient clipping as Keras 3 defines it, in engine-free ops (the optimizers' generic path).

The torch backend's multi-tensor path (``cornu/backend/torch/optimizer.py``) computes the
same numbers with ``torch._foreach_*`` ops.
"""

from __future__ import annotations

from cornu import ops


def clip_by_norm(gradient, clipnorm: float):
    """Rescales ``gradient`` so that its L2 norm is at most ``clipnorm``.

    Args:
        gradient: a tensor.
        clipnorm: the largest allowed norm (> 0).

    Returns:
        ``gradient * clipnorm / max(norm(gradient), clipnorm)``.

    Example:
        >>> from cornu import ops
        >>> from cornu.optimizers.gradient_utils import clip_by_norm
        >>> [round(float(x), 6) for x in clip_by_norm(ops.array([3.0, 4.0]), 1.0)]
        [0.6, 0.8]
    """
    norm = ops.sqrt(ops.sum(ops.square(gradient)))
    return gradient * clipnorm / ops.maximum(norm, clipnorm)


def global_norm(gradients) -> object:
    """The L2 norm of all ``gradients`` taken together (None entries are skipped).

    Example:
        >>> from cornu import ops
        >>> from cornu.optimizers.gradient_utils import global_norm
        >>> float(global_norm([ops.array([3.0]), ops.array([4.0]), None]))
        5.0
    """
    gradients = [g for g in gradients if g is not None]
    dtype = "float64" if any(ops.dtype(g) == "float64" for g in gradients) else "float32"
    squares = [ops.sum(ops.square(ops.cast(g, dtype))) for g in gradients]
    return ops.sqrt(ops.sum(ops.stack(squares)))


def clip_by_global_norm(gradients, clipnorm: float) -> list:
    """Rescales all ``gradients`` by one factor so that their global norm is at most
    ``clipnorm``; a non-finite global norm makes every gradient NaN, as in Keras.

    Args:
        gradients: a list of tensors (None entries pass through).
        clipnorm: the largest allowed global norm (> 0).

    Returns:
        The list of rescaled gradients.

    Example:
        >>> from cornu import ops
        >>> from cornu.optimizers.gradient_utils import clip_by_global_norm
        >>> out = clip_by_global_norm([ops.array([3.0]), ops.array([4.0])], 1.0)
        >>> [round(float(g[0]), 6) for g in out]
        [0.6, 0.8]
    """
    norm = global_norm(gradients)
    scale = clipnorm * ops.minimum(1.0 / norm, 1.0 / clipnorm) + (norm - norm)
    return [None if g is None else g * ops.cast(scale, g.dtype) for g in gradients]


def clip_gradients(gradients: list, clipnorm, clipvalue, global_clipnorm) -> list:
    """Applies whichever of ``clipnorm``, ``global_clipnorm``, ``clipvalue`` is set (> 0).

    Example:
        >>> from cornu import ops
        >>> from cornu.optimizers.gradient_utils import clip_gradients
        >>> out = clip_gradients([ops.array([-2.0, 0.5])], None, 1.0, None)
        >>> ops.convert_to_numpy(out[0]).tolist()
        [-1.0, 0.5]
    """
    if clipnorm and clipnorm > 0:
        return [None if g is None else clip_by_norm(g, clipnorm) for g in gradients]
    if global_clipnorm and global_clipnorm > 0:
        return clip_by_global_norm(gradients, global_clipnorm)
    if clipvalue and clipvalue > 0:
        return [None if g is None else ops.clip(g, -clipvalue, clipvalue) for g in gradients]
    return gradients
