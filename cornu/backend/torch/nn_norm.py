"""Normalization ops of the torch backend (re-exported by nn.py).

Each op computes what the matching Keras layer computes, through torch's fused kernels
(``native_batch_norm``, ``layer_norm``, ``rms_norm``, ``group_norm``, ``embedding``) when
the layout allows, and through plain tensor math otherwise.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from cornu.backend.config import epsilon as _default_epsilon
from cornu.backend.torch.core import convert_to_tensor as _t
from cornu.backend.torch.numpy import _float_tensor

__all__ = [
    "batch_norm_inference",
    "batch_norm_training",
    "embedding_lookup",
    "group_normalization",
    "layer_normalization",
    "normalize",
    "rms_normalization",
]


def _as_channels_second(x, axis: int):
    """``x`` as a tensor whose dim 1 is ``axis`` (the channels), for torch's kernels.

    Returns the tensor and a function that puts an output of the same layout back. A
    channels-last input becomes a free ``(N, C, S, 1)`` view in torch's channels_last memory
    format, which the batch-norm kernels process without a copy (a flat ``(N*S, C)`` view
    would take torch's 2D path, several times slower on a GPU for large ``N*S``).
    """
    ndim = x.ndim
    axis = axis % ndim
    if ndim == 1 or axis == 1:
        return x, _identity
    if axis != ndim - 1:
        x = torch.movedim(x, axis, -1)
    shape = x.shape
    view = x.reshape(shape[0], -1, 1, shape[-1]).permute(0, 3, 1, 2)

    def restore(y):
        y = y.permute(0, 2, 3, 1).reshape(shape)
        return y if axis == ndim - 1 else torch.movedim(y, -1, axis)

    return view, restore


def _identity(y):
    return y


def _synchronized_moments(x2):
    """Batch mean and (biased) variance of a ``(N, C, ...)`` tensor over all processes."""
    import torch.distributed as dist
    from torch.distributed.nn.functional import all_reduce

    dims = [d for d in range(x2.ndim) if d != 1]
    count = torch.tensor(float(x2.numel() // x2.shape[1]), device=x2.device, dtype=x2.dtype)
    stats = torch.cat([x2.sum(dim=dims), (x2 * x2).sum(dim=dims), count.reshape(1)])
    stats = all_reduce(stats, op=dist.ReduceOp.SUM)
    channels = x2.shape[1]
    total = stats[-1]
    mean = stats[:channels] / total
    variance = torch.clamp(stats[channels:2 * channels] / total - mean * mean, min=0.0)
    return mean, variance


def _distributed() -> bool:
    import torch.distributed as dist

    return dist.is_available() and dist.is_initialized() and dist.get_world_size() > 1


def batch_norm_training(x, scale=None, offset=None, axis=-1, epsilon=1e-3,
                        synchronized=False, moving_mean=None, moving_variance=None,
                        momentum=0.99):
    """Normalizes ``x`` with the statistics of the batch, as BatchNormalization trains.

    Args:
        x: input tensor.
        scale, offset: per-channel ``gamma`` and ``beta`` (or None).
        axis: the channels axis (statistics are taken over all other axes).
        epsilon: added to the variance.
        synchronized: average the statistics over all processes of the initialized
            ``torch.distributed`` group.
        moving_mean, moving_variance: optional variables (both or neither) updated in
            place to ``moving * momentum + batch_statistic * (1 - momentum)``.
        momentum: the moving averages' momentum.

    Returns:
        ``(outputs, mean, variance)``; ``mean`` and ``variance`` (biased, as Keras) are
        per-channel vectors, detached.
    """
    x = _t(x)
    x2, restore = _as_channels_second(x, axis)
    if synchronized and _distributed():
        mean, variance = _synchronized_moments(x2)
        shape = [1] * x2.ndim
        shape[1] = -1
        inv = torch.rsqrt(variance + epsilon)
        if scale is not None:
            inv = inv * scale
        shift = -mean * inv
        if offset is not None:
            shift = shift + offset
        y = x2 * inv.reshape(shape) + shift.reshape(shape)
        mean, variance = mean.detach(), variance.detach()
    else:
        y, mean, invstd = torch.native_batch_norm(x2, scale, offset, None, None, True, 0.0,
                                                  epsilon)
        # The kernel returns 1/sqrt(var + eps); the moving variance needs var itself.
        mean = mean.detach()
        variance = invstd.detach().pow(-2).sub_(epsilon)
    if moving_mean is not None and moving_variance is not None:
        with torch.no_grad():
            # One multi-tensor launch: moving += (1 - momentum) * (batch - moving).
            torch._foreach_lerp_([moving_mean, moving_variance],
                                 [mean.to(moving_mean.dtype), variance.to(moving_mean.dtype)],
                                 1.0 - momentum)
    return restore(y), mean, variance


def batch_norm_inference(x, mean, variance, scale=None, offset=None, axis=-1, epsilon=1e-3):
    """Normalizes ``x`` with fixed per-channel ``mean`` and ``variance`` (inference mode).

    Gradients flow to ``x``, ``scale`` and ``offset``, not to ``mean``/``variance``; use
    ``batch_normalization`` where the statistics themselves need gradients.
    """
    x = _t(x)
    x2, restore = _as_channels_second(x, axis)
    y = F.batch_norm(x2, mean, variance, scale, offset, False, 0.0, epsilon)
    return restore(y)


def _sorted_axes(axis, ndim: int) -> list:
    axes = list(axis) if isinstance(axis, (list, tuple)) else [axis]
    return sorted(a % ndim for a in axes)


def _is_trailing(axes: list, ndim: int) -> bool:
    return axes == list(range(ndim - len(axes), ndim))


def _upcast(x):
    """``x`` in at least float32, the precision Keras computes normalizations in."""
    x = _float_tensor(x)
    if x.dtype in (torch.float16, torch.bfloat16):
        x = x.float()
    return x


def _broadcast_param(p, axes: list, shape, dtype):
    if p is None:
        return None
    p = _t(p).to(dtype)
    target = [1] * len(shape)
    for a in axes:
        target[a] = shape[a]
    return p.reshape(target)


def layer_normalization(x, gamma=None, beta=None, axis=-1, epsilon=None, **kwargs):
    """Normalizes each sample over ``axis`` to zero mean and unit variance, then scales by
    ``gamma`` and shifts by ``beta`` (Keras ``ops.layer_normalization``).

    Args:
        x: input tensor.
        gamma, beta: optional scale and offset, shaped like the normalized axes.
        axis: an axis or list of axes to normalize over (default the last).
        epsilon: added to the variance (default ``backend.epsilon()``).
        rms_scaling: (keyword, deprecated in Keras) divide by ``sqrt(var + eps)`` without
            centering and apply ``gamma`` only.

    Returns:
        A tensor of ``x``'s shape and dtype.
    """
    rms_scaling = kwargs.pop("rms_scaling", False)
    if kwargs:
        raise TypeError(f"layer_normalization: unexpected arguments {sorted(kwargs)}.")
    eps = _default_epsilon() if epsilon is None else epsilon
    x = _t(x)
    dtype = x.dtype
    xf = _upcast(x)
    axes = _sorted_axes(axis, xf.ndim)
    if rms_scaling:
        var = torch.var(xf, dim=axes, keepdim=True, correction=0)
        out = xf * torch.rsqrt(var + eps)
        if gamma is not None:
            out = out * _broadcast_param(gamma, axes, xf.shape, xf.dtype)
    elif _is_trailing(axes, xf.ndim):
        normalized_shape = tuple(xf.shape[a] for a in axes)
        g = None if gamma is None else _t(gamma).to(xf.dtype).reshape(normalized_shape)
        b = None if beta is None else _t(beta).to(xf.dtype).reshape(normalized_shape)
        out = F.layer_norm(xf, normalized_shape, g, b, eps)
    else:
        var, mean = torch.var_mean(xf, dim=axes, keepdim=True, correction=0)
        inv = torch.rsqrt(var + eps)
        if gamma is not None:
            inv = inv * _broadcast_param(gamma, axes, xf.shape, xf.dtype)
        shift = -mean * inv
        if beta is not None:
            shift = shift + _broadcast_param(beta, axes, xf.shape, xf.dtype)
        out = xf * inv + shift
    return out if out.dtype == dtype or not dtype.is_floating_point else out.to(dtype)


def rms_normalization(x, scale=None, axis=-1, epsilon=None):
    """``x * rsqrt(mean(x**2 over axis) + epsilon) * scale`` (Keras ``ops.rms_normalization``).

    Args:
        x: input tensor.
        scale: optional scale shaped like the normalized axes.
        axis: an axis or list of axes (default the last).
        epsilon: added to the mean square (default ``backend.epsilon()``).

    Returns:
        A tensor of ``x``'s shape and dtype.
    """
    eps = _default_epsilon() if epsilon is None else epsilon
    x = _t(x)
    dtype = x.dtype
    xf = _upcast(x)
    if xf.ndim == 0:
        xf = xf.reshape(1)
    axes = _sorted_axes(axis, xf.ndim)
    if _is_trailing(axes, xf.ndim):
        normalized_shape = tuple(xf.shape[a] for a in axes)
        s = None if scale is None else _t(scale).to(xf.dtype).reshape(normalized_shape)
        out = F.rms_norm(xf, normalized_shape, s, eps)
    else:
        out = xf * torch.rsqrt(torch.mean(xf * xf, dim=axes, keepdim=True) + eps)
        if scale is not None:
            out = out * _broadcast_param(scale, axes, xf.shape, xf.dtype)
    return out if out.dtype == dtype or not dtype.is_floating_point else out.to(dtype)


def group_normalization(x, groups, gamma=None, beta=None, axis=-1, epsilon=1e-3):
    """Normalizes each sample over groups of channels (GroupNormalization's math).

    Args:
        x: input tensor of rank >= 2, batch first.
        groups: the number of groups; the size of ``axis`` must be a multiple of it.
        gamma, beta: optional per-channel scale and offset.
        axis: the channels axis (not the batch axis).
        epsilon: added to the variance.

    Returns:
        A tensor of ``x``'s shape and dtype.
    """
    x = _t(x)
    dtype = x.dtype
    xf = _upcast(x)
    axis = axis % xf.ndim
    if axis == 0:
        raise ValueError("group_normalization: `axis` cannot be the batch axis (0).")
    g = None if gamma is None else _t(gamma).to(xf.dtype)
    b = None if beta is None else _t(beta).to(xf.dtype)
    if axis == 1:
        out = F.group_norm(xf, groups, g, b, epsilon)
    else:
        # torch's kernel wants channels at dim 1. On a GPU it copies a channels-last view to
        # NCHW anyway; on a CPU, backward through a channels-last view whose input needs no
        # gradient crashes (torch 2.x), so hand it the NCHW copy explicitly.
        moved = torch.movedim(xf, axis, 1).contiguous()
        out = torch.movedim(F.group_norm(moved, groups, g, b, epsilon), 1, axis)
    return out if out.dtype == dtype else out.to(dtype)


def normalize(x, axis=-1, order=2, epsilon=None):
    """``x`` divided by its ``order``-norm along ``axis`` (Keras ``ops.normalize``).

    Args:
        x: input tensor.
        axis: the axis (or None for all elements).
        order: the norm's order (an int >= 1).
        epsilon: the smallest norm divided by (default ``backend.epsilon()``).

    Returns:
        A tensor of ``x``'s shape.
    """
    if not isinstance(order, int) or isinstance(order, bool) or order < 1:
        raise ValueError(f"normalize: `order` must be an int >= 1, got order={order!r}.")
    eps = _default_epsilon() if epsilon is None else epsilon
    x = _float_tensor(x)
    if x.ndim == 0:
        x = x.reshape(1)
    dim = tuple(range(x.ndim)) if axis is None else axis
    if order == 2:
        inv = torch.rsqrt(torch.sum(x * x, dim=dim, keepdim=True))
        return x * torch.clamp(inv, max=1.0 / eps)
    norm = torch.linalg.vector_norm(x, ord=order, dim=dim, keepdim=True)
    return x / torch.clamp(norm, min=eps)


def embedding_lookup(embeddings, indices):
    """Rows of ``embeddings`` at integer ``indices``: shape ``indices.shape + (dim,)``."""
    indices = _t(indices)
    if indices.dtype not in (torch.int32, torch.int64):
        indices = indices.to(torch.int32)
    return F.embedding(indices, embeddings)
