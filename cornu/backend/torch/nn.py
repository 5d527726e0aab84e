"""Neural-network ops on torch tensors: activations, normalizations, crossentropies."""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F

from cornu.backend.config import epsilon
from cornu.backend.torch.core import convert_to_tensor
from cornu.backend.torch.numpy import _float_tensor

_t = convert_to_tensor


def relu(x):
    return torch.relu(_t(x))


def relu6(x):
    return F.relu6(_t(x))


def sigmoid(x):
    return torch.sigmoid(_float_tensor(x))


def sparse_sigmoid(x):
    return torch.clamp(0.5 * _float_tensor(x) + 0.5, 0.0, 1.0)


def tanh(x):
    return torch.tanh(_float_tensor(x))


def tanh_shrink(x):
    return F.tanhshrink(_float_tensor(x))


def softplus(x):
    return F.softplus(_float_tensor(x))


def softsign(x):
    return F.softsign(_float_tensor(x))


def soft_shrink(x, threshold=0.5):
    return F.softshrink(_float_tensor(x), lambd=threshold)


def hard_shrink(x, threshold=0.5):
    return F.hardshrink(_float_tensor(x), lambd=threshold)


def silu(x):
    return F.silu(_float_tensor(x))


swish = silu


def squareplus(x, b=4):
    x = _float_tensor(x)
    return (x + torch.sqrt(x * x + b)) / 2


def log_sigmoid(x):
    return F.logsigmoid(_float_tensor(x))


def leaky_relu(x, negative_slope=0.2):
    return F.leaky_relu(_float_tensor(x), negative_slope)


def hard_sigmoid(x):
    return F.hardsigmoid(_float_tensor(x))


def hard_silu(x):
    return F.hardswish(_float_tensor(x))


hard_swish = hard_silu


def hard_tanh(x):
    return F.hardtanh(_float_tensor(x))


def elu(x, alpha=1.0):
    return F.elu(_float_tensor(x), alpha)


def selu(x):
    return F.selu(_float_tensor(x))


def celu(x, alpha=1.0):
    return F.celu(_float_tensor(x), alpha)


def glu(x, axis=-1):
    return F.glu(_float_tensor(x), dim=axis)


def gelu(x, approximate=True):
    return F.gelu(_float_tensor(x), approximate="tanh" if approximate else "none")


def mish(x):
    return F.mish(_float_tensor(x))


def threshold(x, threshold, default_value):
    return F.threshold(_float_tensor(x), threshold, default_value)


def sparse_plus(x):
    x = _float_tensor(x)
    return torch.where(x <= -1, torch.zeros_like(x), torch.where(x >= 1, x, (x + 1) ** 2 / 4))


def softmax(x, axis=-1):
    x = _float_tensor(x)
    if isinstance(axis, (tuple, list)):
        return torch.exp(x - torch.logsumexp(x, dim=tuple(axis), keepdim=True))
    return torch.softmax(x, dim=axis)


def log_softmax(x, axis=-1):
    x = _float_tensor(x)
    if isinstance(axis, (tuple, list)):
        return x - torch.logsumexp(x, dim=tuple(axis), keepdim=True)
    return torch.log_softmax(x, dim=axis)


def sparsemax(x, axis=-1):
    x = _float_tensor(x)
    z = torch.sort(x, dim=axis, descending=True).values
    k = torch.arange(1, x.shape[axis] + 1, device=x.device, dtype=x.dtype)
    shape = [1] * x.ndim
    shape[axis] = -1
    k = k.reshape(shape)
    cum = torch.cumsum(z, dim=axis)
    support = (1 + k * z) > cum
    k_z = torch.sum(support, dim=axis, keepdim=True).to(x.dtype)
    tau = (torch.sum(z * support, dim=axis, keepdim=True) - 1) / k_z
    return torch.clamp(x - tau, min=0)


def one_hot(x, num_classes, axis=-1, dtype="float32", sparse=False):
    from cornu.backend.torch.core import to_torch_dtype

    x = _t(x).long()
    valid = (x >= 0) & (x < num_classes)
    out = F.one_hot(torch.where(valid, x, torch.zeros_like(x)), num_classes)
    out = out * valid.unsqueeze(-1)
    out = out.to(to_torch_dtype(dtype))
    if axis != -1:
        out = torch.movedim(out, -1, axis)
    return out


def multi_hot(x, num_classes, axis=-1, dtype="float32", sparse=False):
    out = one_hot(x, num_classes, axis=-1, dtype=dtype)
    out = torch.amax(out, dim=-2) if _t(x).ndim > 1 else torch.amax(out, dim=0)
    return out


def moments(x, axes, keepdims=False, synchronized=False):
    x = _float_tensor(x)
    axes = tuple(axes) if isinstance(axes, (list, tuple)) else (axes,)
    mean = torch.mean(x, dim=axes, keepdim=True)
    variance = torch.mean(torch.square(x - mean), dim=axes, keepdim=True)
    if not keepdims:
        mean = torch.squeeze(mean, dim=axes)
        variance = torch.squeeze(variance, dim=axes)
    return mean, variance


def batch_normalization(x, mean, variance, axis, offset=None, scale=None, epsilon=1e-3):
    x = _t(x)
    shape = [1] * x.ndim
    shape[axis] = x.shape[axis]
    inv = torch.rsqrt(_t(variance).reshape(shape) + epsilon)
    if scale is not None:
        inv = inv * _t(scale).reshape(shape)
    out = (x - _t(mean).reshape(shape)) * inv
    if offset is not None:
        out = out + _t(offset).reshape(shape)
    return out


def _clip_probs(output):
    eps = epsilon()
    return torch.clamp(output, eps, 1.0 - eps)


def binary_crossentropy(target, output, from_logits=False):
    target, output = _t(target), _float_tensor(output)
    target = target.to(output.dtype)
    if from_logits:
        return F.binary_cross_entropy_with_logits(output, target, reduction="none")
    # Keras's formula on probabilities clipped to [eps, 1 - eps], in one fused kernel
    # (torch's log clamp at -100 never triggers after the clip).
    return F.binary_cross_entropy(_clip_probs(output), target, reduction="none")


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    target, output = _t(target), _float_tensor(output)
    if target.shape != output.shape:
        raise ValueError(
            "categorical_crossentropy: targets and outputs must have the same shape, got "
            f"target {tuple(target.shape)} and output {tuple(output.shape)}. For integer "
            "labels use sparse_categorical_crossentropy, or one-hot encode them with "
            "cornu.utils.to_categorical."
        )
    target = target.to(output.dtype)
    if from_logits:
        log_prob = torch.log_softmax(output, dim=axis)
    else:
        output = output / torch.sum(output, dim=axis, keepdim=True)
        log_prob = torch.log(_clip_probs(output))
    return -torch.sum(target * log_prob, dim=axis)


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    target, output = _t(target), _float_tensor(output)
    if target.ndim == output.ndim and target.shape[-1] == 1:
        target = target.squeeze(-1)
    if target.ndim != output.ndim - 1:
        raise ValueError(
            "sparse_categorical_crossentropy: expected integer targets with one dimension "
            f"less than the outputs, got target {tuple(target.shape)} and output "
            f"{tuple(output.shape)}."
        )
    if axis != -1:
        output = torch.movedim(output, axis, -1)
    classes = output.shape[-1]
    if from_logits:
        log_prob = output
    else:
        output = output / torch.sum(output, dim=-1, keepdim=True)
        log_prob = torch.log(_clip_probs(output))
    flat = log_prob.reshape(-1, classes)
    labels = target.reshape(-1).long()
    if from_logits:
        losses = F.cross_entropy(flat, labels, reduction="none")  # one fused kernel
    else:
        losses = F.nll_loss(flat, labels, reduction="none")
    return losses.reshape(target.shape)


def dropout(x, rate, noise_shape=None, seed=None):
    from cornu.backend.torch.random import dropout as _dropout

    return _dropout(x, rate, noise_shape, seed)


def l2_normalize(x, axis=-1, epsilon=1e-12):
    x = _float_tensor(x)
    sq = torch.sum(x * x, dim=axis, keepdim=True)
    return x * torch.rsqrt(torch.clamp(sq, min=epsilon))


def polar(abs, angle):
    return torch.polar(_t(abs), _t(angle))


def log_cosh(x):
    x = _float_tensor(x)
    return x + F.softplus(-2.0 * x) - math.log(2.0)


def linear(x, kernel, bias=None):
    """``x @ kernel + bias`` in one fused call where the engine has one."""
    x = _t(x)
    if x.dtype != kernel.dtype:
        x = x.to(kernel.dtype)
    if bias is not None and x.ndim == 2:
        return torch.addmm(bias, x, kernel)
    out = torch.matmul(x, kernel)
    return out if bias is None else out + bias


def mean_squared_error_mean(target, output):
    """The mean of ``(target - output) ** 2`` over every entry, in one fused call."""
    return F.mse_loss(output, target)


def ctc_loss(target, output, target_length, output_length, mask_index=0):
    """Per-sequence CTC negative log-likelihood; ``output`` holds (batch, time, class) logits."""
    output = _float_tensor(output)
    if output.dtype in (torch.float16, torch.bfloat16):
        output = output.float()
    log_probs = torch.log_softmax(output, dim=-1).transpose(0, 1)
    return F.ctc_loss(
        log_probs,
        _t(target).long(),
        _t(output_length).long(),
        _t(target_length).long(),
        blank=mask_index,
        reduction="none",
    )


# Families kept in their own files, re-exported here so that ops see one ``nn`` module.
from cornu.backend.torch.nn_conv import *  # noqa: E402,F401,F403
from cornu.backend.torch.nn_norm import *  # noqa: E402,F401,F403
from cornu.backend.torch.rnn import *  # noqa: E402,F401,F403
